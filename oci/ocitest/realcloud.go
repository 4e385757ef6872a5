package ocitest

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: simulator tests of what the real cloud does beyond the first
// model (see sim/realcloud_test.go): provider services in the tenancy only,
// invalidated retry tokens, provider faults on virtual circuits, and a hub
// DRG in another compartment.

// testProviderServicesOnlyInTheTenancy lists the FastConnect provider
// services in the tenancy the client reports, and in a compartment, where
// the simulator refuses (oci-go-sdk's ListFastConnectProviderServices asks
// for the tenancy).
func testProviderServicesOnlyInTheTenancy(t *testing.T, h Harness) {
	const tenancy = "ocid1.tenancy.oc1..aaaaaaaaconformancetenancy"
	w := NewWorld(instant) // tenancy sim.DefaultTenancy
	n := over(t, h, w)
	ctx := t.Context()
	if got := n.TenancyID(); got != w.TenancyID() {
		t.Fatalf("TenancyID = %q, want the world's %q", got, w.TenancyID())
	}
	ps := must[[]oci.ProviderService](t)(n.ListProviderServices(ctx, n.TenancyID()))
	if !slices.Contains(ids(ps, serviceName), oci.AzureProviderName) {
		t.Errorf("the tenancy lists %v, want %q among them", ids(ps, serviceName), oci.AzureProviderName)
	}
	_, err := n.ListProviderServices(ctx, Compartment)
	wantErr(t, err, "ListProviderServices", http.StatusNotFound, "NotAuthorizedOrNotFound")
	_, err = n.ListProviderServices(ctx, tenancy) // another tenancy
	wantErr(t, err, "ListProviderServices", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

// testInvalidatedRetryTokens reuses the retry token of a create after its
// resource was deleted: OCI answers 409 InvalidatedRetryToken (OCI's API
// Errors page: "an entity created with the same token has since been
// deleted"), before the purge and after it, and a new token creates again.
// For a DRG, an attachment and a virtual circuit.
func testInvalidatedRetryTokens(t *testing.T, h Harness) {
	type made struct {
		id    string
		state oci.LifecycleState
	}
	tests := []struct {
		name, op string
		// create creates with token in w; del deletes id.
		create func(t *testing.T, n oci.Network, w *sim.World, token string) (made, error)
		del    func(t *testing.T, n oci.Network, id string) error
	}{
		{"DRG", "CreateDRG", func(t *testing.T, n oci.Network, _ *sim.World, token string) (made, error) {
			d, err := n.CreateDRG(t.Context(), oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, token)
			return made{d.ID, d.State}, err
		}, func(t *testing.T, n oci.Network, id string) error { return n.DeleteDRG(t.Context(), id) }},
		{"attachment", "CreateDRGAttachment", func(t *testing.T, n oci.Network, w *sim.World, token string) (made, error) {
			a, err := n.CreateDRGAttachment(t.Context(), oci.DRGAttachment{DRGID: w.AddDRG(sim.DRG{CompartmentID: Compartment}).ID,
				VCNID: VCN}, token)
			return made{a.ID, a.State}, err
		}, func(t *testing.T, n oci.Network, id string) error { return n.DeleteDRGAttachment(t.Context(), id) }},
		{"virtual circuit", "CreateVirtualCircuit", func(t *testing.T, n oci.Network, w *sim.World, token string) (made, error) {
			key := erCircuit(t, w, "er-"+token).ServiceKey
			v, err := n.CreateVirtualCircuit(t.Context(), vcSpec("vc", key, w.AddDRG(sim.DRG{CompartmentID: Compartment}).ID), token)
			return made{v.ID, v.State}, err
		}, func(t *testing.T, n oci.Network, id string) error { return n.DeleteVirtualCircuit(t.Context(), id) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWorld(instant)
			n := over(t, h, w)
			first := must[made](t)(tt.create(t, n, w, "tok"))
			noErr(t, tt.del(t, n, first.id)) // the world is instant: deleted at once
			for _, purged := range []bool{false, true} {
				if purged {
					w.PurgeDeleted()
				}
				_, err := tt.create(t, n, w, "tok")
				e := wantErr(t, err, tt.op, http.StatusConflict, oci.CodeInvalidatedRetryToken)
				if !oci.IsInvalidatedRetryToken(err) || e.Retryable() {
					t.Errorf("purged %v: err = %v: want IsInvalidatedRetryToken and not Retryable", purged, err)
				}
			}
			if fresh := must[made](t)(tt.create(t, n, w, "tok-2")); fresh.id == first.id || fresh.id == "" {
				t.Errorf("a new token made %+v, want a new resource", fresh)
			}
		})
	}
}

// testProviderFaults makes the provider reject, deactivate or take its time
// verifying a virtual circuit (sim.ProviderRejects, ProviderDeactivates,
// ProviderVerifies) and watches its states: FAILED and INACTIVE for good,
// with the ExpressRoute circuit left NotProvisioned and no peering; or
// VERIFYING, then PROVISIONING and PROVISIONED with the circuit Provisioned
// and the private peering configured.
func testProviderFaults(t *testing.T, h Harness) {
	lat := small
	lat.VirtualCircuit = 600 * time.Millisecond // every state lasts long enough to be seen between two polls
	tests := []struct {
		kind     sim.FaultKind
		states   []oci.LifecycleState // every state seen, in order, up to the last
		provider azure.ProviderState  // the ExpressRoute circuit's at the end
	}{
		{sim.ProviderRejects, []oci.LifecycleState{oci.PendingProvider, oci.Failed}, azure.NotProvisioned},
		{sim.ProviderDeactivates, []oci.LifecycleState{oci.PendingProvider, oci.Inactive}, azure.NotProvisioned},
		{sim.ProviderVerifies, []oci.LifecycleState{oci.PendingProvider, oci.Verifying, oci.Provisioning, oci.Provisioned},
			azure.Provisioned},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			t.Parallel()
			w := NewWorld(lat)
			n := over(t, h, w)
			ctx := t.Context()
			er := erCircuit(t, w, "er")
			d := availableDRG(t, simEnv, n, "drg")
			w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "CreateVirtualCircuit", Count: 1, Kind: tt.kind})
			vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", er.ServiceKey, d.ID), ""))

			last := tt.states[len(tt.states)-1]
			seen := []oci.LifecycleState{vc.State}
			waitFor(t, SimPace, string(last), func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) },
				func(v oci.VirtualCircuit) bool {
					if v.State != seen[len(seen)-1] {
						seen = append(seen, v.State)
					}
					if v.State == oci.Verifying {
						if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioning {
							t.Errorf("ExpressRoute circuit %s while the provider verifies, want Provisioning", c.ProviderState)
						}
					}
					return v.State == last
				})
			if !slices.Equal(seen, tt.states) {
				t.Errorf("states seen %v, want %v", seen, tt.states)
			}
			if last != oci.Provisioned {
				time.Sleep(lat.VirtualCircuit) // FAILED and INACTIVE do not fix themselves
				if v := must[oci.VirtualCircuit](t)(n.GetVirtualCircuit(ctx, vc.ID)); v.State != last || v.ProviderState != oci.ProviderInactive {
					t.Errorf("a while later the virtual circuit is %s (provider %s), want %s (INACTIVE)", v.State, v.ProviderState, last)
				}
			}
			if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != tt.provider {
				t.Errorf("ExpressRoute circuit provider state %s, want %s", c.ProviderState, tt.provider)
			}
			p, err := w.Azure().GetPrivatePeering(ctx, resourceGroup, "er")
			switch {
			case tt.provider == azure.Provisioned && (err != nil || p.PeerASN != oci.OracleASN):
				t.Errorf("the peering Oracle configures: %+v, %v", p, err)
			case tt.provider != azure.Provisioned && !errors.Is(err, azure.ErrNotFound):
				t.Errorf("a peering without a provisioned circuit: %+v, %v", p, err)
			}
			// A faulted circuit is deleted like any other.
			noErr(t, n.DeleteVirtualCircuit(ctx, vc.ID))
		})
	}
}

// testAttachmentInAnotherCompartment seeds a hub DRG in a network
// compartment with the VCN attached: the attachment lives in the DRG's
// compartment, is listed there with the drgId filter and not in the VCN's
// compartment, and the VCN, attached already, cannot attach to a second DRG.
func testAttachmentInAnotherCompartment(t *testing.T, h Harness) {
	const network = "ocid1.compartment.oc1..aaaaaaaaconformancenetwork"
	w := NewWorld(instant)
	n := over(t, h, w)
	ctx := t.Context()
	hub := w.AddDRG(sim.DRG{CompartmentID: network, DisplayName: "hub"})
	a := w.AddDRGAttachment(sim.DRGAttachment{DRGID: hub.ID, VCNID: VCN, DisplayName: "spoke"})

	got := must[oci.DRGAttachment](t)(n.GetDRGAttachment(ctx, a.ID))
	if got.CompartmentID != network || got.DRGID != hub.ID || got.VCNID != VCN || got.State != oci.Attached {
		t.Errorf("GetDRGAttachment = %+v, want ATTACHED in %s", got, network)
	}
	for _, tc := range []struct {
		compartment, vcn, drg string
		want                  []string
	}{
		{network, "", hub.ID, []string{a.ID}},
		{network, VCN, hub.ID, []string{a.ID}},
		{network, VCN, "", []string{a.ID}},
		{Compartment, VCN, "", []string{}},
		{Compartment, "", hub.ID, []string{}},
	} {
		l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, tc.compartment, tc.vcn, tc.drg))
		if got := ids(l, attachmentID); !slices.Equal(got, tc.want) {
			t.Errorf("ListDRGAttachments(%s, %q, %q) = %v, want %v", tc.compartment, tc.vcn, tc.drg, got, tc.want)
		}
	}

	other := availableDRG(t, simEnv, n, "other")
	_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: other.ID, VCNID: VCN}, "")
	wantErr(t, err, "CreateDRGAttachment", http.StatusConflict, "Conflict")
}
