package ocitest

import (
	"net/http"
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: DRG route tables and ECMP, what a maximum-resiliency
// interconnect changes on the DRG.

// testDRGRouteTableECMP (lifecycle): a new DRG names its default route table
// for VCN attachments (which AttachRouteDetach checks its attachment gets:
// the lifecycle tests run in parallel, and only one may attach the VCN);
// ECMP is off on it, and UpdateDRGRouteTable turns it on and off again,
// changing nothing else.
func testDRGRouteTableECMP(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	d := availableDRG(t, env, n, runID(t))
	if d.DefaultVCNRouteTableID == "" {
		t.Fatalf("DRG %+v names no default route table for VCN attachments", d)
	}
	rt := must[oci.DRGRouteTable](t)(n.GetDRGRouteTable(ctx, d.DefaultVCNRouteTableID))
	if rt.ID != d.DefaultVCNRouteTableID || rt.DRGID != d.ID || rt.CompartmentID != d.CompartmentID || rt.ECMPEnabled ||
		rt.State != oci.Available {
		t.Errorf("the DRG's default VCN table = %+v, want ECMP off on an AVAILABLE table of %s", rt, d.ID)
	}
	for _, ecmp := range []bool{true, false} {
		up := must[oci.DRGRouteTable](t)(n.UpdateDRGRouteTable(ctx, rt.ID, ecmp))
		if up.ECMPEnabled != ecmp || up.ID != rt.ID || up.DisplayName != rt.DisplayName || up.DRGID != rt.DRGID {
			t.Errorf("UpdateDRGRouteTable(%v) = %+v, from %+v", ecmp, up, rt)
		}
		if got := must[oci.DRGRouteTable](t)(n.GetDRGRouteTable(ctx, rt.ID)); got.ECMPEnabled != ecmp || got.DisplayName != rt.DisplayName {
			t.Errorf("after UpdateDRGRouteTable(%v): %+v", ecmp, got)
		}
	}
	wantErr(t, func() error { _, err := n.GetDRGRouteTable(ctx, missingID(env, "drgroutetable")); return err }(),
		"GetDRGRouteTable", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

// testDRGRouteTableChoice (simulated): an attachment made with another route
// table of its DRG routes with it; a table of another DRG is refused; a
// table cannot change while its DRG is PROVISIONING.
func testDRGRouteTableChoice(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	other := availableDRG(t, simEnv, n, "other")
	own := w.AddDRGRouteTable(sim.DRGRouteTable{DRGID: d.ID, DisplayName: "spokes"})
	foreign := w.AddDRGRouteTable(sim.DRGRouteTable{DRGID: other.ID, DisplayName: "not d's"})

	_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: VCN, DRGRouteTableID: foreign.ID}, "")
	wantErr(t, err, "CreateDRGAttachment", http.StatusBadRequest, "InvalidParameter")
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: VCN, DRGRouteTableID: own.ID}, ""))
	if a.DRGRouteTableID != own.ID {
		t.Errorf("CreateDRGAttachment = %+v, want it on %s", a, own.ID)
	}
	if got := must[oci.DRGAttachment](t)(n.GetDRGAttachment(ctx, a.ID)); got.DRGRouteTableID != own.ID {
		t.Errorf("GetDRGAttachment = %+v, want it on %s", got, own.ID)
	}
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, VCN, "")); len(l) != 1 || l[0].DRGRouteTableID != own.ID {
		t.Errorf("ListDRGAttachments = %+v", l)
	}

	stuckWorld := NewWorld(stuck)
	sn := over(t, h, stuckWorld)
	p := must[oci.DRG](t)(sn.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "provisioning"}, ""))
	if p.DefaultVCNRouteTableID == "" {
		t.Fatalf("a PROVISIONING DRG names no default VCN table: %+v", p)
	}
	_, err = sn.UpdateDRGRouteTable(ctx, p.DefaultVCNRouteTableID, true)
	wantErr(t, err, "UpdateDRGRouteTable", http.StatusConflict, "IncorrectState")
}

// testECMPSharesTraffic (simulated): two virtual circuits on one DRG, to
// ExpressRoute circuits at the two peering locations of Washington, both
// connected to one gateway: the VCN's traffic to Azure leaves over one of
// them until ECMP is on the VCN attachment's table, then over both.
func testECMPSharesTraffic(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	gw := seededGateway(w)
	d := availableDRG(t, simEnv, n, "drg")
	a := attached(t, simEnv, n, d.ID, VCN)
	var vcs []string
	for i, loc := range []string{"Washington DC", "Washington DC2"} {
		name := []string{"er-dc", "er-dc2"}[i]
		er := must[azure.Circuit](t)(w.Azure().PutCircuit(ctx, resourceGroup, azure.Circuit{Name: name, Location: "eastus",
			SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
			PeeringLocation: loc, BandwidthMbps: 1000}))
		spec := vcSpec("vc-"+name, er.ServiceKey, d.ID)
		p, s := blocks(i)
		spec.CrossConnectMappings = []oci.CrossConnectMapping{mapping(p, md5Key), mapping(s, md5Key)}
		vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, ""))
		waitFor(t, SimPace, "PROVISIONED with BGP up", func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) },
			func(v oci.VirtualCircuit) bool { return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp })
		must[azure.Connection](t)(w.Azure().PutConnection(ctx, resourceGroup, azure.Connection{Name: "conn-" + name, Location: "eastus",
			GatewayID: gw.ID, CircuitID: er.ID}))
		vcs = append(vcs, vc.ID)
	}
	if got := w.TrafficVirtualCircuits(VCN); len(got) != 1 || !slices.Contains(vcs, got[0]) {
		t.Errorf("without ECMP the VCN's traffic leaves over %v, want one of %v", got, vcs)
	}
	must[oci.DRGRouteTable](t)(n.UpdateDRGRouteTable(ctx, a.DRGRouteTableID, true))
	if got := w.TrafficVirtualCircuits(VCN); !slices.Equal(got, vcs) {
		t.Errorf("with ECMP the VCN's traffic leaves over %v, want both %v", got, vcs)
	}
}

// blocks are the BGP /30s of the n-th virtual circuit of a test.
func blocks(n int) (netip.Prefix, netip.Prefix) {
	a := primary.Addr().As4()
	a[3] = byte(8 * n)
	p := netip.PrefixFrom(netip.AddrFrom4(a), 30)
	a[3] += 4
	return p, netip.PrefixFrom(netip.AddrFrom4(a), 30)
}

// seededGateway seeds an ExpressRoute gateway (ErGw3AZ) in a virtual
// network of its own in resourceGroup.
func seededGateway(w *sim.World) azure.Gateway {
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: resourceGroup,
		Name: "vnet-hub", Region: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.40.0.0/16")},
		Subnets: map[string]netip.Prefix{azure.GatewaySubnetName: netip.MustParsePrefix("10.40.255.0/27")}})
	return w.AddGateway(sim.Gateway{ResourceGroup: resourceGroup, Name: "ergw", VirtualNetwork: "vnet-hub", SKU: azure.SKUErGw3AZ})
}
