package azuretest

import (
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: deleting the private peering, and the routes a gateway learns.

// testDeletePrivatePeering: the peering Oracle configured outlives the
// virtual circuit; Azure refuses to delete the circuit while it has a
// peering (Microsoft, troubleshooting "cannot delete ExpressRoute circuit");
// the peering is deleted, then the circuit; deleting a peering that is
// already gone succeeds.
func testDeletePrivatePeering(f *fixture) {
	t := f.t
	rg, name := f.env.ResourceGroup, f.name("er")
	c := f.circuit("er")
	vc := f.handoff(c)
	before := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, rg, name))
	noErr(t, f.w.OCI().DeleteVirtualCircuit(f.ctx, vc.ID))
	eventually(t, "circuit NotProvisioned", func() (bool, error) {
		got, err := f.n.GetCircuit(f.ctx, rg, name)
		return got.ProviderState == azure.NotProvisioned, err
	})
	p := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, rg, name))
	if p.LastModifiedBy != sim.ModifiedByProvider || p.State != azure.Succeeded || p.PrimaryPrefix != before.PrimaryPrefix ||
		p.SecondaryPrefix != before.SecondaryPrefix || p.VLAN != before.VLAN {
		t.Errorf("after deprovisioning the peering is %+v, want the provider's %+v unchanged", p, before)
	}
	if e := wantErr(t, f.n.DeleteCircuit(f.ctx, rg, name), http.StatusBadRequest, "CircuitHasPeerings"); e.Retryable() {
		t.Errorf("%v is Retryable: the circuit keeps its peering until it is deleted", e)
	}

	noErr(t, f.n.DeletePrivatePeering(f.ctx, rg, name))
	_, err := f.n.GetPrivatePeering(f.ctx, rg, name)
	if !errors.Is(err, azure.ErrNotFound) {
		t.Fatalf("after DeletePrivatePeering, GetPrivatePeering: %v, want ErrNotFound", err)
	}
	wantErr(t, err, http.StatusNotFound, "NotFound")
	if got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, rg, name)); got.State != azure.Succeeded || got.ProviderState != azure.NotProvisioned {
		t.Errorf("the circuit after its peering went: %+v", got)
	}
	noErr(t, f.n.DeletePrivatePeering(f.ctx, rg, name)) // already gone
	noErr(t, f.n.DeleteCircuit(f.ctx, rg, name))
	if _, err := f.n.GetCircuit(f.ctx, rg, name); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteCircuit, GetCircuit: %v, want ErrNotFound", err)
	}
}

// testDeleteMissingPeering: deleting the peering of a circuit that has none
// succeeds (ARM answers 204) and leaves the circuit alone.
func testDeleteMissingPeering(f *fixture) {
	t := f.t
	rg, name := f.env.ResourceGroup, f.name("bare")
	c := f.circuit("bare")
	noErr(t, f.n.DeletePrivatePeering(f.ctx, rg, name))
	_, err := f.n.GetPrivatePeering(f.ctx, rg, name)
	wantErr(t, err, http.StatusNotFound, "NotFound")
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, rg, name))
	if got.State != azure.Succeeded || got.ServiceKey.Reveal() != c.ServiceKey.Reveal() {
		t.Errorf("the circuit after deleting its missing peering: %+v", got)
	}
}

// testLearnedRoutes: a gateway knows its virtual network's address space
// (origin Network); once connected to a circuit Oracle has provisioned it
// learns the VCN's CIDR over EBGP on each path, with AS path 12076-31898
// (Microsoft's edge, then Oracle), from a BGP peer inside its GatewaySubnet
// (next hop and source peer; the simulator's are .4 and .5, see package
// sim), never from the Microsoft end of a /30; a broken path takes its
// route away. The Network under test answers exactly what the world knows,
// field for field.
func testLearnedRoutes(f *fixture) {
	t := f.t
	rg, name := f.env.ResourceGroup, f.name("ergw")
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	f.handoff(c)
	check := func(t *testing.T) []azure.GatewayRoute {
		t.Helper()
		got := must[[]azure.GatewayRoute](t)(f.n.ListLearnedRoutes(f.ctx, rg, name))
		want := must[[]azure.GatewayRoute](t)(f.w.Azure().ListLearnedRoutes(f.ctx, rg, name))
		if !slices.Equal(got, want) {
			t.Errorf("ListLearnedRoutes = %+v\nthe world knows %+v", got, want)
		}
		for _, r := range got {
			if !r.Network.IsValid() || !r.LocalAddress.IsValid() || !r.SourcePeer.IsValid() {
				t.Errorf("route %+v lacks its network, local address or source peer", r)
			}
		}
		return got
	}
	ebgp := func(routes []azure.GatewayRoute) []azure.GatewayRoute {
		var out []azure.GatewayRoute
		for _, r := range routes {
			if r.Origin == azure.OriginEBGP {
				out = append(out, r)
			}
		}
		return out
	}

	t.Run("before the connection", func(t *testing.T) {
		routes := check(t)
		if len(routes) != 1 || routes[0].Network != vnetSpace || routes[0].Origin != azure.OriginNetwork ||
			routes[0].ASPath != "" || routes[0].NextHop.IsValid() {
			t.Errorf("routes %+v, want only the VNet's own %s", routes, vnetSpace)
		}
	})
	must[azure.Connection](t)(f.n.PutConnection(f.ctx, rg, azure.Connection{Name: f.name("conn"), Location: f.env.Region,
		GatewayID: g.ID, CircuitID: c.ID, FastPath: true, Tags: ownerTags()}))
	gwNet := f.env.GatewaySubnet.Masked().Addr().As4()
	msee := []netip.Addr{netip.AddrFrom4([4]byte{gwNet[0], gwNet[1], gwNet[2], gwNet[3] + 4}),
		netip.AddrFrom4([4]byte{gwNet[0], gwNet[1], gwNet[2], gwNet[3] + 5})}
	t.Run("after the connection", func(t *testing.T) {
		routes := check(t)
		if !slices.ContainsFunc(routes, func(r azure.GatewayRoute) bool { return r.Network == vnetSpace && r.Origin == azure.OriginNetwork }) {
			t.Errorf("routes %+v: the VNet's own network is gone", routes)
		}
		learned := ebgp(routes)
		if len(learned) != 2 {
			t.Fatalf("learned %+v, want the VCN's %s from both paths", learned, vcnCIDR)
		}
		for i, r := range learned {
			if asns := r.ASNs(); r.Network != vcnCIDR || !slices.Equal(asns, []int64{sim.AzureASN, oci.OracleASN}) ||
				r.NextHop != msee[i] || r.SourcePeer != msee[i] || !f.env.GatewaySubnet.Contains(r.LocalAddress) {
				t.Errorf("route %+v (ASNs %v), want %s via %s with AS path 12076-31898", r, asns, vcnCIDR, msee[i])
			}
		}
	})
	noErr(t, f.w.BreakPath(c.ID, azure.Primary))
	t.Run("with the primary path broken", func(t *testing.T) {
		learned := ebgp(check(t))
		if len(learned) != 1 || learned[0].NextHop != msee[1] {
			t.Errorf("learned %+v, want the VCN from the secondary path only", learned)
		}
	})
}
