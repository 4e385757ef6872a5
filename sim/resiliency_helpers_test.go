package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// site is one peering location of a maximum-resiliency interconnect: its
// circuit, its virtual circuit and its connection.
type site struct {
	circuit azure.Circuit
	vc      oci.VirtualCircuit
	conn    azure.Connection
}

// twoSites is a gateway connected to circuits at two peering locations
// (Washington DC and Washington DC2, both served from us-ashburn-1), each
// provisioned by its own virtual circuit on one DRG attached to the VCN.
type twoSites struct {
	gw    azure.Gateway
	drg   oci.DRG
	att   oci.DRGAttachment
	sites [2]site
}

// siteBlocks are the BGP /30s of the n-th virtual circuit: two per circuit,
// none shared.
func siteBlocks(n int) (netip.Prefix, netip.Prefix) {
	base := netip.MustParseAddr("192.168.240.0").As4()
	base[3] = byte(8 * n)
	p := netip.PrefixFrom(netip.AddrFrom4(base), 30)
	base[3] += 4
	return p, netip.PrefixFrom(netip.AddrFrom4(base), 30)
}

// provisionCircuit makes circuit name at location and a virtual circuit on
// drg ordered with its key (the n-th, for its /30s), and waits for BGP.
func (f *fx) provisionCircuit(name, location, drgID string, n int) (azure.Circuit, oci.VirtualCircuit) {
	f.t.Helper()
	c := f.circuit(name, func(c *azure.Circuit) { c.PeeringLocation = location })
	spec := vcSpec(c.ServiceKey, drgID)
	p, s := siteBlocks(n)
	spec.DisplayName = "vc-" + name
	spec.CrossConnectMappings = []oci.CrossConnectMapping{mapping(p, testMD5), mapping(s, testMD5)}
	vc := must[oci.VirtualCircuit](f.t)(f.oc.CreateVirtualCircuit(f.ctx, spec, ""))
	time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
	vc = must[oci.VirtualCircuit](f.t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID))
	if vc.State != oci.Provisioned || vc.BGPSessionState != oci.BGPUp {
		f.t.Fatalf("virtual circuit of %s: %s, BGP %s", name, vc.State, vc.BGPSessionState)
	}
	return must[azure.Circuit](f.t)(f.az.GetCircuit(f.ctx, testRG, name)), vc
}

func (f *fx) connect(name string, gw azure.Gateway, c azure.Circuit) azure.Connection {
	f.t.Helper()
	return must[azure.Connection](f.t)(f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: name, Location: "eastus",
		GatewayID: gw.ID, CircuitID: c.ID, FastPath: true}))
}

// twoSites builds the maximum-resiliency interconnect, one location after
// the other.
func (f *fx) twoSites() twoSites {
	f.t.Helper()
	var ts twoSites
	ts.gw = f.gateway(azure.SKUErGw3AZ, 0)
	ts.drg = f.drg()
	ts.att = f.attach(ts.drg.ID)
	for i, loc := range []string{"Washington DC", "Washington DC2"} {
		name := fmt.Sprintf("er-%d", i+1)
		ts.sites[i].circuit, ts.sites[i].vc = f.provisionCircuit(name, loc, ts.drg.ID, i)
		ts.sites[i].conn = f.connect("conn-"+name, ts.gw, ts.sites[i].circuit)
	}
	return ts
}

// ebgpHops are the next hops of the gateway's learned routes to prefix.
func (f *fx) ebgpHops(prefix netip.Prefix) []netip.Addr {
	f.t.Helper()
	var out []netip.Addr
	for _, r := range must[[]azure.GatewayRoute](f.t)(f.az.ListLearnedRoutes(f.ctx, testRG, "gw")) {
		if r.Origin == azure.OriginEBGP && r.Network == prefix {
			out = append(out, r.NextHop)
		}
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

// msees are the Microsoft ends of the n-th virtual circuit's two /30s.
func msees(n int) []netip.Addr {
	p, s := siteBlocks(n)
	_, a := hostAddrs(p)
	_, b := hostAddrs(s)
	return []netip.Addr{a, b}
}
