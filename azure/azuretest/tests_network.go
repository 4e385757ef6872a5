package azuretest

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/azure"
)

// This file: the subscription, the virtual network and its subnets, public
// IPs and ExpressRoute gateways.

func testSubscriptionID(f *fixture) {
	if got := f.n.SubscriptionID(); got != f.env.Subscription {
		f.t.Errorf("SubscriptionID() = %q, want %q", got, f.env.Subscription)
	}
}

// testVirtualNetwork reads the environment's virtual network: exactly as the
// harness made it when it says (Env.AddressSpace, Env.Subnets), and in any
// case well formed: masked prefixes, subnets inside the address space, IDs
// under the network's.
func testVirtualNetwork(f *fixture) {
	e := f.env
	v := must[azure.VirtualNetwork](f.t)(f.n.GetVirtualNetwork(f.ctx, e.ResourceGroup, e.VirtualNetwork))
	if !sameID(v.ID, f.vnetID()) || v.Name != e.VirtualNetwork || v.Location != e.Region {
		f.t.Errorf("vnet = %+v", v)
	}
	if e.AddressSpace != nil && !slices.Equal(v.AddressSpace, e.AddressSpace) {
		f.t.Errorf("address space %v, want %v", v.AddressSpace, e.AddressSpace)
	}
	if len(v.AddressSpace) == 0 {
		f.t.Errorf("no address space")
	}
	for _, p := range v.AddressSpace {
		if !p.IsValid() || p != p.Masked() {
			f.t.Errorf("address space %v holds %v, not a masked prefix", v.AddressSpace, p)
		}
	}
	if e.Subnets != nil && len(v.Subnets) != len(e.Subnets) {
		f.t.Errorf("subnets %+v, want only %v", v.Subnets, e.Subnets)
	}
	for _, s := range v.Subnets {
		if want, ok := e.Subnets[s.Name]; e.Subnets != nil && (!ok || s.Prefix != want) {
			f.t.Errorf("subnet %s %s, want those of %v", s.Name, s.Prefix, e.Subnets)
		}
		if !sameID(s.ID, f.vnetID()+"/subnets/"+s.Name) || !s.Prefix.IsValid() ||
			!slices.ContainsFunc(v.AddressSpace, func(p netip.Prefix) bool { return p.Bits() <= s.Prefix.Bits() && p.Contains(s.Prefix.Addr()) }) {
			f.t.Errorf("subnet %+v: not a subnet of %s inside %v", s, f.vnetID(), v.AddressSpace)
		}
	}
}

// testNotFound: reads of missing resources are 404 with ARM's code and
// match azure.ErrNotFound. The two rows about a circuit without a peering
// need one of their own (Env.Writes).
func testNotFound(f *fixture) {
	rg, vnet, nope, bare := f.env.ResourceGroup, f.env.VirtualNetwork, f.name("nope"), f.name("bare")
	if f.env.Writes {
		f.circuit("bare") // a circuit without a peering
	}
	tests := []struct {
		name   string
		call   func() error
		code   string
		writes bool // needs the circuit "bare"
	}{
		{"vnet", func() error { _, err := f.n.GetVirtualNetwork(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"resource group", func() error { _, err := f.n.GetVirtualNetwork(f.ctx, f.name("rg-nope"), vnet); return err }, "ResourceGroupNotFound", false},
		{"subnet", func() error { _, err := f.n.GetSubnet(f.ctx, rg, vnet, nope); return err }, "NotFound", false},
		{"public IP", func() error { _, err := f.n.GetPublicIP(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"gateway", func() error { _, err := f.n.GetGateway(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"circuit", func() error { _, err := f.n.GetCircuit(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"peering of a missing circuit", func() error { _, err := f.n.GetPrivatePeering(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"peering not configured", func() error { _, err := f.n.GetPrivatePeering(f.ctx, rg, bare); return err }, "NotFound", true},
		{"connection", func() error { _, err := f.n.GetConnection(f.ctx, rg, nope); return err }, "ResourceNotFound", false},
		{"ARP table without a peering", func() error {
			_, err := f.n.ListARPTable(f.ctx, rg, bare, azure.Primary)
			return err
		}, "NotFound", true},
		{"route table of a missing circuit", func() error {
			_, err := f.n.ListRouteTable(f.ctx, rg, nope, azure.Secondary)
			return err
		}, "ResourceNotFound", false},
		{"learned routes of a missing gateway", func() error {
			_, err := f.n.ListLearnedRoutes(f.ctx, rg, nope)
			return err
		}, "ResourceNotFound", false},
		{"connections of a missing gateway", func() error {
			_, err := f.n.ListGatewayConnections(f.ctx, rg, nope)
			return err
		}, "ResourceNotFound", false},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			if tc.writes && !f.env.Writes {
				t.Skip("needs a circuit of its own: the harness allows reads only (Env.Writes)")
			}
			err := tc.call()
			if !errors.Is(err, azure.ErrNotFound) {
				t.Fatalf("err = %v, want one matching azure.ErrNotFound", err)
			}
			wantErr(t, err, http.StatusNotFound, tc.code)
		})
	}
}

func testDeleteMissing(f *fixture) {
	rg, vnet, nope := f.env.ResourceGroup, f.env.VirtualNetwork, f.name("nope")
	tests := []struct {
		name string
		del  func() error
	}{
		{"subnet", func() error { return f.n.DeleteSubnet(f.ctx, rg, vnet, nope) }},
		{"public IP", func() error { return f.n.DeletePublicIP(f.ctx, rg, nope) }},
		{"gateway", func() error { return f.n.DeleteGateway(f.ctx, rg, nope) }},
		{"circuit", func() error { return f.n.DeleteCircuit(f.ctx, rg, nope) }},
		{"connection", func() error { return f.n.DeleteConnection(f.ctx, rg, nope) }},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			if err := tc.del(); err != nil {
				t.Fatalf("deleting a missing %s: %v, want nil (ARM answers 204)", tc.name, err)
			}
		})
	}
}

func testSubnetRoundTrip(f *fixture) {
	t := f.t
	rg, vnet, prefix, wider := f.env.ResourceGroup, f.env.VirtualNetwork, f.env.GatewaySubnet, f.env.WiderGatewaySubnet
	s := f.gatewaySubnet()
	if s.Name != azure.GatewaySubnetName || s.Prefix != prefix || s.State != azure.Succeeded || !sameID(s.ID, f.gatewaySubnetID()) {
		t.Fatalf("PutSubnet = %+v", s)
	}
	got := must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName))
	if got.Prefix != prefix || !sameID(got.ID, s.ID) || len(got.IPConfigurationIDs) != 0 {
		t.Errorf("GetSubnet = %+v", got)
	}
	v := must[azure.VirtualNetwork](t)(f.n.GetVirtualNetwork(f.ctx, rg, vnet))
	if !slices.ContainsFunc(v.Subnets, func(sn azure.Subnet) bool { return sn.Name == azure.GatewaySubnetName && sn.Prefix == prefix }) {
		t.Errorf("the vnet does not list the new subnet: %+v", v.Subnets)
	}
	up := must[azure.Subnet](t)(f.n.PutSubnet(f.ctx, rg, vnet, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: wider}))
	if up.Prefix != wider {
		t.Errorf("updated prefix %s, want %s", up.Prefix, wider)
	}
	noErr(t, f.n.DeleteSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName))
	if _, err := f.n.GetSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteSubnet, GetSubnet: %v, want ErrNotFound", err)
	}
}

func testSubnetRules(f *fixture) {
	tests := []struct {
		name, prefix, code string
	}{
		{"overlaps another subnet", "10.10.0.128/25", "NetcfgSubnetRangesOverlap"},
		{"outside the address space", "10.11.0.0/24", "NetcfgInvalidSubnet"},
		{"not masked", "10.10.1.1/24", "NetcfgInvalidSubnet"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			_, err := f.n.PutSubnet(f.ctx, f.env.ResourceGroup, f.env.VirtualNetwork, azure.Subnet{Name: f.name("s"), Prefix: netip.MustParsePrefix(tc.prefix)})
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

func testPublicIPRoundTrip(f *fixture) {
	t := f.t
	rg, name := f.env.ResourceGroup, f.name("pip")
	p := f.publicIP("pip")
	if !sameID(p.ID, f.id("publicIPAddresses", name)) || p.Name != name || p.Location != f.env.Region || p.SKU != "Standard" || !p.Static ||
		!p.Address.IsValid() || p.State != azure.Succeeded {
		t.Fatalf("PutPublicIP = %+v", p)
	}
	if !maps.Equal(p.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", p.Tags, ownerTags())
	}
	got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, rg, name))
	if got.Address != p.Address || !maps.Equal(got.Tags, ownerTags()) || got.SKU != "Standard" || !got.Static {
		t.Errorf("GetPublicIP = %+v, want %+v", got, p)
	}
	noErr(t, f.n.DeletePublicIP(f.ctx, rg, name))
	if _, err := f.n.GetPublicIP(f.ctx, rg, name); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeletePublicIP, GetPublicIP: %v, want ErrNotFound", err)
	}
}

func testPublicIPRules(f *fixture) {
	rg, name := f.env.ResourceGroup, f.name("p")
	// Refused Puts create nothing; should one be accepted, it goes.
	f.cleanup(f.id("publicIPAddresses", name), func(ctx context.Context) error { return f.n.DeletePublicIP(ctx, rg, name) })
	tests := []struct {
		name string
		ip   azure.PublicIP
		code string
	}{
		{"standard must be static", azure.PublicIP{Name: name, Location: f.env.Region, SKU: "Standard"}, "StandardSkuPublicIPAddressesMustBeStatic"},
		{"location required", azure.PublicIP{Name: name, SKU: "Standard", Static: true}, "LocationRequired"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			_, err := f.n.PutPublicIP(f.ctx, rg, tc.ip)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

// testGatewayRoundTrip creates an ErGw1AZ gateway, checks that it knows its
// virtual network's own routes only (no connection yet), resizes it in place
// to ErGw3AZ, checks that a downgrade and a change between the AZ and
// non-AZ families are refused (Microsoft, "About ExpressRoute virtual
// network gateways": those need a new gateway), and deletes it.
func testGatewayRoundTrip(f *fixture) {
	t := f.t
	rg, vnet, name := f.env.ResourceGroup, f.env.VirtualNetwork, f.name("ergw")
	g := f.gateway(azure.SKUErGw1AZ, 0)
	pipID := f.id("publicIPAddresses", f.name("ergw-pip"))
	if !sameID(g.ID, f.id("virtualNetworkGateways", name)) || g.GatewayType != azure.GatewayTypeExpressRoute || g.SKU != azure.SKUErGw1AZ ||
		!sameID(g.SubnetID, f.gatewaySubnetID()) || !sameID(g.PublicIPID, pipID) || g.State != azure.Succeeded || g.Location != f.env.Region {
		t.Fatalf("PutGateway = %+v", g)
	}
	if !maps.Equal(g.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", g.Tags, ownerTags())
	}
	sn := must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName))
	if len(sn.IPConfigurationIDs) != 1 || !strings.HasPrefix(strings.ToLower(sn.IPConfigurationIDs[0]), strings.ToLower(g.ID)+"/ipconfigurations/") {
		t.Errorf("GatewaySubnet IP configurations %v, want the gateway's", sn.IPConfigurationIDs)
	}
	t.Run("learned routes without a connection", func(t *testing.T) {
		v := must[azure.VirtualNetwork](t)(f.n.GetVirtualNetwork(f.ctx, rg, vnet))
		routes := must[[]azure.GatewayRoute](t)(f.n.ListLearnedRoutes(f.ctx, rg, name))
		var own []netip.Prefix
		for _, r := range routes {
			if r.Origin != azure.OriginNetwork {
				t.Errorf("route %+v: a gateway without a connection learns nothing", r)
			}
			own = append(own, r.Network)
		}
		for _, p := range v.AddressSpace {
			if !slices.Contains(own, p) {
				t.Errorf("routes %+v: the VNet's %s is missing", routes, p)
			}
		}
	})
	// A SKU change names neither the subnet nor the public IP: both are kept.
	up := must[azure.Gateway](t)(f.n.PutGateway(f.ctx, rg, azure.Gateway{Name: name, Location: f.env.Region,
		GatewayType: azure.GatewayTypeExpressRoute, SKU: azure.SKUErGw3AZ, Tags: ownerTags()}))
	if up.SKU != azure.SKUErGw3AZ || !sameID(up.SubnetID, f.gatewaySubnetID()) || !sameID(up.PublicIPID, pipID) || up.State != azure.Succeeded {
		t.Errorf("after the resize: %+v", up)
	}
	got := must[azure.Gateway](t)(f.n.GetGateway(f.ctx, rg, name))
	if got.SKU != azure.SKUErGw3AZ || !sameID(got.SubnetID, g.SubnetID) {
		t.Errorf("GetGateway = %+v", got)
	}
	for _, tc := range []struct{ name, sku string }{
		{"downgrade refused", azure.SKUErGw1AZ},
		{"AZ to non-AZ refused", azure.SKUUltraPerformance},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.n.PutGateway(f.ctx, rg, azure.Gateway{Name: name, Location: f.env.Region,
				GatewayType: azure.GatewayTypeExpressRoute, SKU: tc.sku, Tags: ownerTags()})
			wantErr(t, err, http.StatusBadRequest, "InvalidGatewaySkuResize")
			if got := must[azure.Gateway](t)(f.n.GetGateway(f.ctx, rg, name)); got.SKU != azure.SKUErGw3AZ || got.State != azure.Succeeded {
				t.Errorf("after the refused resize to %s: %+v, want ErGw3AZ Succeeded", tc.sku, got)
			}
		})
	}
	noErr(t, f.n.DeleteGateway(f.ctx, rg, name))
	if _, err := f.n.GetGateway(f.ctx, rg, name); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteGateway, GetGateway: %v, want ErrNotFound", err)
	}
	sn = must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName))
	if len(sn.IPConfigurationIDs) != 0 {
		t.Errorf("after DeleteGateway the subnet still lists %v", sn.IPConfigurationIDs)
	}
}

func testScalableGateway(f *fixture) {
	t := f.t
	g := f.gateway(azure.SKUErGwScale, 10)
	if g.SKU != azure.SKUErGwScale || g.ScaleUnits != 10 {
		t.Fatalf("PutGateway = %+v, want ErGwScale with 10 units", g)
	}
	g.ScaleUnits = 12
	up := must[azure.Gateway](t)(f.n.PutGateway(f.ctx, f.env.ResourceGroup, g))
	got := must[azure.Gateway](t)(f.n.GetGateway(f.ctx, f.env.ResourceGroup, g.Name))
	if up.ScaleUnits != 12 || got.ScaleUnits != 12 {
		t.Errorf("scale units after the update: Put %d, Get %d, want 12", up.ScaleUnits, got.ScaleUnits)
	}
}

func testGatewayRules(f *fixture) {
	rg, vnet := f.env.ResourceGroup, f.env.VirtualNetwork
	f.gatewaySubnet()
	pip := f.publicIP("pip")
	tests := []struct {
		name string
		edit func(g *azure.Gateway)
		code string
	}{
		{"outside the GatewaySubnet", func(g *azure.Gateway) { g.SubnetID = f.vnetID() + "/subnets/default" }, "InvalidGatewaySubnet"},
		{"scale units on ErGw1AZ", func(g *azure.Gateway) { g.ScaleUnits = 2 }, "InvalidScaleUnits"},
		{"Vpn type", func(g *azure.Gateway) { g.GatewayType = "Vpn" }, "InvalidGatewayType"},
		{"unknown SKU", func(g *azure.Gateway) { g.SKU = "VpnGw1" }, "InvalidGatewaySku"},
		{"missing public IP", func(g *azure.Gateway) { g.PublicIPID = f.id("publicIPAddresses", f.name("nope")) }, "InvalidResourceReference"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			g := f.gatewaySpec(azure.SKUErGw1AZ, 0, pip.ID)
			tc.edit(&g)
			_, err := f.n.PutGateway(f.ctx, rg, g)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
	// The /27 rule: a /28 GatewaySubnet is too small.
	noErr(f.t, f.n.DeleteSubnet(f.ctx, rg, vnet, azure.GatewaySubnetName))
	must[azure.Subnet](f.t)(f.n.PutSubnet(f.ctx, rg, vnet,
		azure.Subnet{Name: azure.GatewaySubnetName, Prefix: netip.MustParsePrefix("10.10.255.0/28")}))
	_, err := f.n.PutGateway(f.ctx, rg, f.gatewaySpec(azure.SKUErGw1AZ, 0, pip.ID))
	wantErr(f.t, err, http.StatusBadRequest, "GatewaySubnetTooSmall")
}
