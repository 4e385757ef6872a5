package ocitest

import (
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// This file: the tests that need the simulator (see Simulator). Each makes
// its own world with NewWorld, at the latency it needs, and seeds it.

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

func testRouteTable(t *testing.T, h Harness) {
	n := over(t, h, NewWorld(instant))
	ctx := t.Context()
	before := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if before.ID != RulesTable || before.VCNID != VCN || before.CompartmentID != Compartment || before.DisplayName != "rules" ||
		before.ETag == "" || before.State != oci.Available || !slices.Equal(before.Rules, []oci.RouteRule{ForeignRule}) {
		t.Fatalf("GetRouteTable = %+v", before)
	}
	d := availableDRG(t, simEnv, n, "drg")
	unattached := availableDRG(t, simEnv, n, "unattached")
	attached(t, simEnv, n, d.ID, VCN)
	ours := oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID, Description: "azure"}

	add := func(r oci.RouteRule) func([]oci.RouteRule) ([]oci.RouteRule, bool) {
		return func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
			if slices.Contains(rules, r) {
				return rules, false
			}
			return append(rules, r), true
		}
	}
	after := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, add(ours)))
	if !slices.Equal(after.Rules, []oci.RouteRule{ForeignRule, ours}) || after.ETag == "" || after.ETag == before.ETag {
		t.Errorf("after adding a rule: %+v (etag before %s)", after, before.ETag)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); !slices.Equal(got.Rules, after.Rules) || got.ETag != after.ETag {
		t.Errorf("GetRouteTable after the update = %+v, want %+v", got, after)
	}

	calls := 0
	same := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		calls++
		return add(ours)(r)
	}))
	if calls != 1 || same.ETag != after.ETag || !slices.Equal(same.Rules, after.Rules) {
		t.Errorf("an edit that changes nothing: %d calls, table %+v; want 1 call and the table unchanged", calls, same)
	}

	_, err := n.UpdateRouteTable(ctx, RulesTable, add(oci.RouteRule{Destination: netip.MustParsePrefix("10.99.0.0/16"),
		NetworkEntityID: unattached.ID}))
	wantErr(t, err, "UpdateRouteTable", http.StatusBadRequest, "InvalidParameter")
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); got.ETag != after.ETag {
		t.Errorf("a rejected update changed the table: %+v", got)
	}

	removed := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		return slices.DeleteFunc(r, func(r oci.RouteRule) bool { return r.NetworkEntityID == d.ID }), true
	}))
	if !slices.Equal(removed.Rules, []oci.RouteRule{ForeignRule}) {
		t.Errorf("after removing our rule: %+v", removed.Rules)
	}
	empty := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func([]oci.RouteRule) ([]oci.RouteRule, bool) { return nil, true }))
	if len(empty.Rules) != 0 {
		t.Errorf("after removing every rule: %+v", empty.Rules)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); len(got.Rules) != 0 || got.Rules == nil {
		t.Errorf("GetRouteTable of an empty table: Rules = %#v, want empty and not nil", got.Rules)
	}
}

// testRouteTableConcurrentEditors runs editors side by side: none may lose
// another's rule.
func testRouteTableConcurrent(t *testing.T, h Harness) {
	n := over(t, h, NewWorld(instant))
	ctx := t.Context()
	const editors = 4
	var wg sync.WaitGroup
	errs := make([]error, editors)
	for i := range editors {
		wg.Go(func() {
			r := oci.RouteRule{Destination: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i), 0}), 24),
				NetworkEntityID: fmt.Sprintf("ocid1.localpeeringgateway.oc1.us-ashburn-1.aaaaaaaalpg%d", i)}
			_, errs[i] = n.UpdateRouteTable(ctx, RulesTable, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				if slices.Contains(rules, r) {
					return rules, false
				}
				return append(rules, r), true
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		noErr(t, err)
	}
	got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if len(got.Rules) != editors+1 || !slices.Contains(got.Rules, ForeignRule) {
		t.Errorf("after %d concurrent editors: %v", editors, ids(got.Rules, ruleKey))
	}
}

func testVirtualCircuit(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	er := erCircuit(t, w, "er")
	d := availableDRG(t, simEnv, n, "drg")
	attached(t, simEnv, n, d.ID, VCN)

	spec := vcSpec("vc-azure", er.ServiceKey, d.ID)
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, ""))
	if vc.ID == "" || vc.CompartmentID != Compartment || vc.DisplayName != spec.DisplayName || vc.Type != oci.CircuitTypePrivate ||
		vc.BandwidthShapeName != "1 Gbps" || vc.GatewayID != d.ID || vc.ProviderServiceID != sim.AzureProviderServiceID ||
		vc.ProviderServiceKeyName.Reveal() != er.ServiceKey.Reveal() || !maps.Equal(vc.FreeformTags, spec.FreeformTags) ||
		vc.State != oci.PendingProvider || vc.ProviderState != oci.ProviderInactive || vc.BGPSessionState != oci.BGPDown ||
		vc.OracleBGPASN != oci.OracleASN {
		t.Errorf("CreateVirtualCircuit = %+v", vc)
	}
	if !slices.Equal(vc.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("cross-connect mappings = %+v, want %+v", vc.CrossConnectMappings, spec.CrossConnectMappings)
	}
	for _, s := range []string{fmt.Sprint(vc), fmt.Sprintf("%+v", vc), fmt.Sprintf("%#v", vc)} {
		if strings.Contains(s, er.ServiceKey.Reveal()) || strings.Contains(s, md5Key) {
			t.Errorf("a printed virtual circuit shows a secret: %s", s)
		}
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioning {
		t.Errorf("ExpressRoute circuit right after the order: %s, want Provisioning", c.ProviderState)
	}

	get := func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) }
	up := waitFor(t, SimPace, "PROVISIONED with BGP up", get, func(v oci.VirtualCircuit) bool {
		return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp
	})
	if up.ProviderState != oci.ProviderActive || !slices.Equal(up.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("provisioned virtual circuit = %+v", up)
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioned {
		t.Errorf("ExpressRoute circuit after PROVISIONED: %s", c.ProviderState)
	}
	p := must[azure.PrivatePeering](t)(w.Azure().GetPrivatePeering(ctx, resourceGroup, "er"))
	if p.PeerASN != oci.OracleASN || p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary {
		t.Errorf("the peering Oracle configured = %+v", p)
	}
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); !slices.Equal(ids(l, vcID), []string{vc.ID}) {
		t.Errorf("FindVirtualCircuits = %v", ids(l, vcID))
	}

	// A bandwidth change: refused until the ExpressRoute circuit runs at the
	// new rate, then made.
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "3 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	er.BandwidthMbps = 2000
	must[azure.Circuit](t)(w.Azure().PutCircuit(ctx, resourceGroup, er))
	if v := must[oci.VirtualCircuit](t)(n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps")); v.BandwidthShapeName != "2 Gbps" || v.State != oci.Provisioned {
		t.Errorf("UpdateVirtualCircuit = %+v", v)
	}
	if v := must[oci.VirtualCircuit](t)(get()); v.BandwidthShapeName != "2 Gbps" {
		t.Errorf("after the update the virtual circuit is at %s", v.BandwidthShapeName)
	}

	noErr(t, n.DeleteVirtualCircuit(ctx, vc.ID))
	waitFor(t, SimPace, "TERMINATED", get, func(v oci.VirtualCircuit) bool { return v.State == oci.Terminated })
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "1 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusConflict, "IncorrectState")
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); len(l) != 0 {
		t.Errorf("FindVirtualCircuits shows a TERMINATED circuit")
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.NotProvisioned {
		t.Errorf("ExpressRoute circuit after the virtual circuit is gone: %s", c.ProviderState)
	}
	wantErr(t, n.DeleteVirtualCircuit(ctx, vc.ID), "DeleteVirtualCircuit", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

func testVirtualCircuitUnknownKey(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", "00000000-0000-4000-8000-000000000000", d.ID), ""))
	waitFor(t, SimPace, "FAILED", func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) },
		func(v oci.VirtualCircuit) bool { return v.State == oci.Failed })
}

func testVirtualCircuitValidation(t *testing.T, h Harness) {
	w := NewWorld(instant)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	key := erCircuit(t, w, "er").ServiceKey
	long := strings.Repeat("k", 33)
	tests := []struct {
		name string
		mod  func(*oci.VirtualCircuit)
	}{
		{"PUBLIC type", func(v *oci.VirtualCircuit) { v.Type = "PUBLIC" }},
		{"shape not offered", func(v *oci.VirtualCircuit) { v.BandwidthShapeName = "3 Gbps" }},
		{"unknown provider service", func(v *oci.VirtualCircuit) { v.ProviderServiceID = "ocid1.providerservice.oc1..aaaaaaaanosuch" }},
		{"one mapping", func(v *oci.VirtualCircuit) { v.CrossConnectMappings = v.CrossConnectMappings[:1] }},
		{"address without its /30", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].OracleBGPPeeringIP = netip.MustParsePrefix("192.168.240.1/32")
		}},
		{"addresses in different /30s", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = netip.MustParsePrefix("192.168.240.6/30")
		}},
		{"the same address twice", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = v.CrossConnectMappings[0].OracleBGPPeeringIP
		}},
		{"both mappings in one /30", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1] = v.CrossConnectMappings[0] }},
		{"MD5 key too long", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[0].BGPMD5AuthKey = secret.Value(long) }},
		{"MD5 key with a space", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1].BGPMD5AuthKey = "top secret" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vcSpec("vc-"+tt.name, key, d.ID)
			tt.mod(&v)
			_, err := n.CreateVirtualCircuit(ctx, v, "")
			e := wantErr(t, err, "CreateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
			for _, s := range []string{key.Reveal(), md5Key, long, "top secret"} {
				if strings.Contains(err.Error(), s) || strings.Contains(e.Message, s) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
			if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, v.DisplayName)); len(l) != 0 {
				t.Errorf("a rejected virtual circuit exists: %+v", l)
			}
		})
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
