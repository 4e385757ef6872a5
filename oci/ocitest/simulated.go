package ocitest

import (
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// This file: the tests that need the simulator (see Simulator). Each makes
// its own world with NewWorld, at the latency it needs, and seeds it. Those
// of route tables are in simulated_routing.go, those of virtual circuits in
// simulated_vc.go.

// testTransitionalStates checks the states that last while a change is under
// way, in a world where nothing finishes during the test.
func testTransitionalStates(t *testing.T, h Harness) {
	w := NewWorld(stuck)
	n := over(t, h, w)
	ctx := t.Context()
	seeded := w.AddDRG(sim.DRG{CompartmentID: Compartment, DisplayName: "seeded"})
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "new"}, ""))
	if got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID)); got.State != oci.Provisioning {
		t.Errorf("new DRG is %s, want PROVISIONING", got.State)
	}
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: seeded.ID, VCNID: VCN}, ""))
	if got := must[oci.DRGAttachment](t)(n.GetDRGAttachment(ctx, a.ID)); got.State != oci.Attaching {
		t.Errorf("new attachment is %s, want ATTACHING", got.State)
	}
	wantErr(t, n.DeleteDRGAttachment(ctx, a.ID), "DeleteDRGAttachment", http.StatusConflict, "IncorrectState")
	wantErr(t, n.DeleteDRG(ctx, d.ID), "DeleteDRG", http.StatusConflict, "IncorrectState")
	_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: OtherVCN}, "")
	wantErr(t, err, "CreateDRGAttachment", http.StatusConflict, "IncorrectState")
	_, err = n.CreateVirtualCircuit(ctx, vcSpec("vc", erCircuit(t, w, "er").ServiceKey, d.ID), "")
	wantErr(t, err, "CreateVirtualCircuit", http.StatusConflict, "IncorrectState")

	other := w.AddDRG(sim.DRG{CompartmentID: Compartment, DisplayName: "other"})
	noErr(t, n.DeleteDRG(ctx, other.ID))
	for range 2 { // deleting one TERMINATING again is accepted
		noErr(t, n.DeleteDRG(ctx, other.ID))
		if got := must[oci.DRG](t)(n.GetDRG(ctx, other.ID)); got.State != oci.Terminating {
			t.Errorf("deleted DRG is %s, want TERMINATING", got.State)
		}
	}
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); !slices.Contains(ids(l, drgID), other.ID) {
		t.Errorf("ListDRGs leaves out a TERMINATING DRG")
	}
}

func testAttachments(t *testing.T, h Harness) {
	n := over(t, h, NewWorld(small))
	ctx := t.Context()
	d1, d2 := availableDRG(t, simEnv, n, "drg-1"), availableDRG(t, simEnv, n, "drg-2")
	tags := map[string]string{"owner": "conformance"}
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN,
		DisplayName: "att-1", FreeformTags: tags}, ""))
	if a.ID == "" || a.DRGID != d1.ID || a.VCNID != VCN || a.CompartmentID != Compartment || a.DisplayName != "att-1" ||
		!maps.Equal(a.FreeformTags, tags) || a.State != oci.Attaching {
		t.Errorf("CreateDRGAttachment = %+v, want ATTACHING with the given fields, in the DRG's compartment", a)
	}
	a = waitFor(t, SimPace, "ATTACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Attached })
	b := attached(t, simEnv, n, d2.ID, OtherVCN)

	filters := []struct {
		name     string
		vcn, drg string
		want     []string
	}{
		{"all", "", "", ids([]oci.DRGAttachment{a, b}, attachmentID)},
		{"by VCN", VCN, "", []string{a.ID}},
		{"by other VCN", OtherVCN, "", []string{b.ID}},
		{"by DRG", "", d1.ID, []string{a.ID}},
		{"by VCN and DRG", VCN, d1.ID, []string{a.ID}},
		{"by VCN and another DRG", VCN, d2.ID, []string{}},
	}
	for _, f := range filters {
		t.Run(f.name, func(t *testing.T) {
			l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, f.vcn, f.drg))
			if got := ids(l, attachmentID); !slices.Equal(got, f.want) {
				t.Errorf("ListDRGAttachments(%q, %q) = %v, want %v", f.vcn, f.drg, got, f.want)
			}
		})
	}

	noErr(t, n.DeleteDRGAttachment(ctx, a.ID))
	waitFor(t, SimPace, "DETACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Detached })
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, "", "")); !slices.Equal(ids(l, attachmentID), []string{b.ID}) {
		t.Errorf("after detaching, ListDRGAttachments = %v, want [%s]", ids(l, attachmentID), b.ID)
	}
	wantErr(t, n.DeleteDRGAttachment(ctx, a.ID), "DeleteDRGAttachment", http.StatusNotFound, "NotAuthorizedOrNotFound")
	noErr(t, n.DeleteDRG(ctx, d1.ID)) // no attachment left
}

func testConflicts(t *testing.T, h Harness) {
	w := NewWorld(instant)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	a := attached(t, simEnv, n, d.ID, VCN)
	other := availableDRG(t, simEnv, n, "other")
	tests := []struct {
		name, op string
		call     func() error
		status   int
		code     string
	}{
		{"attach a VCN already attached", "CreateDRGAttachment", func() error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: other.ID, VCNID: VCN}, "")
			return err
		}, http.StatusConflict, "Conflict"},
		{"delete a DRG with an attachment", "DeleteDRG", func() error { return n.DeleteDRG(ctx, d.ID) }, http.StatusConflict, "Conflict"},
		{"detach while a rule targets the DRG", "DeleteDRGAttachment", func() error {
			must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RouteTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
				return append(r, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID}), true
			}))
			return n.DeleteDRGAttachment(ctx, a.ID)
		}, http.StatusConflict, "Conflict"},
		{"delete a DRG a virtual circuit uses", "DeleteDRG", func() error {
			must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", erCircuit(t, w, "er").ServiceKey, other.ID), ""))
			return n.DeleteDRG(ctx, other.ID)
		}, http.StatusConflict, "Conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErr(t, tt.call(), tt.op, tt.status, tt.code) })
	}
}

func testRetryTokens(t *testing.T, h Harness) {
	w := NewWorld(instant)
	first, second := over(t, h, w), over(t, h, w) // two processes, one cloud
	ctx := t.Context()
	d1 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "token-drg"))
	d2 := must[oci.DRG](t)(second.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "token-drg"))
	if d2.ID != d1.ID {
		t.Errorf("CreateDRG with the same retry token made %s and %s", d1.ID, d2.ID)
	}
	d3 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "another-token"))
	d4 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, ""))
	if d3.ID == d1.ID || d4.ID == d1.ID || d4.ID == d3.ID {
		t.Errorf("different or no tokens must make different DRGs: %s %s %s", d1.ID, d3.ID, d4.ID)
	}
	if l := must[[]oci.DRG](t)(second.ListDRGs(ctx, Compartment)); len(l) != 3 {
		t.Errorf("%d DRGs, want 3", len(l))
	}

	a1 := must[oci.DRGAttachment](t)(first.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN}, "token-att"))
	a2 := must[oci.DRGAttachment](t)(second.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN}, "token-att"))
	if a2.ID != a1.ID {
		t.Errorf("CreateDRGAttachment with the same retry token made %s and %s", a1.ID, a2.ID)
	}

	key := erCircuit(t, w, "er").ServiceKey
	v1 := must[oci.VirtualCircuit](t)(first.CreateVirtualCircuit(ctx, vcSpec("vc", key, d1.ID), "token-vc"))
	v2 := must[oci.VirtualCircuit](t)(second.CreateVirtualCircuit(ctx, vcSpec("vc", key, d1.ID), "token-vc"))
	if v2.ID != v1.ID {
		t.Errorf("CreateVirtualCircuit with the same retry token made %s and %s", v1.ID, v2.ID)
	}
	if l := must[[]oci.VirtualCircuit](t)(first.FindVirtualCircuits(ctx, Compartment, "vc")); len(l) != 1 {
		t.Errorf("%d virtual circuits named vc, want 1", len(l))
	}
}

func testPaging(t *testing.T, h Harness) {
	w := NewWorld(instant)
	var services []sim.ProviderService
	for i := range 5 {
		services = append(services, sim.ProviderService{ProviderService: oci.ProviderService{
			ID: fmt.Sprintf("ocid1.providerservice.oc1..aaaaaaaaprovider%d", i), ProviderName: fmt.Sprintf("Provider %d", i),
			ProviderServiceName: "Service", Type: "LAYER2", CircuitTypes: []string{oci.CircuitTypePrivate}},
			Shapes: []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000}, {Name: "5 Gbps", Mbps: 5000}}})
	}
	w.SetProviderServices(services)
	n := over(t, h, w)
	ctx := t.Context()

	var made []oci.DRG
	for i := range 5 {
		made = append(made, must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: fmt.Sprint("drg-", i)}, "")))
	}
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); !slices.Equal(ids(l, drgID), ids(made, drgID)) {
		t.Errorf("ListDRGs = %v, want %v", ids(l, drgID), ids(made, drgID))
	}

	var atts []oci.DRGAttachment
	for i := range 3 {
		vcn := fmt.Sprintf("ocid1.vcn.oc1.us-ashburn-1.aaaaaaaapaging%d", i)
		w.AddVCN(sim.VCN{ID: vcn, CompartmentID: Compartment, CIDRs: []netip.Prefix{netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 100, byte(i), 0}), 24)}})
		atts = append(atts, must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: made[0].ID, VCNID: vcn}, "")))
	}
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, "", made[0].ID)); !slices.Equal(ids(l, attachmentID), ids(atts, attachmentID)) {
		t.Errorf("ListDRGAttachments = %v, want %v", ids(l, attachmentID), ids(atts, attachmentID))
	}

	var vcs []oci.VirtualCircuit
	for i := range 5 {
		spec := vcSpec("vc-many", secret.Value(fmt.Sprintf("key-%d", i)), made[1].ID)
		spec.ProviderServiceID = services[0].ID
		vcs = append(vcs, must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, "")))
	}
	lone := vcSpec("vc-lone", "key-lone", made[1].ID)
	lone.ProviderServiceID = services[1].ID
	must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, lone, ""))
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-many")); !slices.Equal(ids(l, vcID), ids(vcs, vcID)) {
		t.Errorf("FindVirtualCircuits = %v, want %v", ids(l, vcID), ids(vcs, vcID))
	}
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-none")); len(l) != 0 {
		t.Errorf("FindVirtualCircuits of an unused name = %+v", l)
	}

	ps := must[[]oci.ProviderService](t)(n.ListProviderServices(ctx, n.TenancyID()))
	if got := ids(ps, serviceName); len(got) != 5 || got[0] != "Provider 0" || got[4] != "Provider 4" {
		t.Errorf("ListProviderServices = %v", got)
	}
	shapes := must[[]oci.BandwidthShape](t)(n.ListBandwidthShapes(ctx, services[2].ID))
	if !slices.Equal(shapes, services[2].Shapes) {
		t.Errorf("ListBandwidthShapes = %+v, want %+v", shapes, services[2].Shapes)
	}
}

// testInjectedConflict checks that a 409 IncorrectState (which OCI's own
// default retry policy would retry) reaches the caller as a retryable
// *oci.Error: waiting out a resource's state is the caller's job.
func testInjectedConflict(t *testing.T, h Harness) {
	w := NewWorld(instant)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "GetDRG", Count: 1, Kind: sim.Conflict})
	_, err := n.GetDRG(ctx, d.ID)
	if e := wantErr(t, err, "GetDRG", http.StatusConflict, "IncorrectState"); !e.Retryable() {
		t.Errorf("409 IncorrectState is not Retryable")
	}
	must[oci.DRG](t)(n.GetDRG(ctx, d.ID))
}
