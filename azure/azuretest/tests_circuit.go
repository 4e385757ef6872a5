package azuretest

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: ExpressRoute circuits, the private peering, connections, the
// handoff and the service provider catalog.

// testCircuitRoundTrip creates a circuit, reads it, raises it to the next
// bandwidth the provider offers and to UnlimitedData, and deletes it.
func testCircuitRoundTrip(f *fixture) {
	t := f.t
	rg, name, mbps := f.env.ResourceGroup, f.name("er"), f.env.CircuitBandwidthMbps
	ps := must[[]azure.ServiceProvider](t)(f.n.ListServiceProviders(f.ctx))
	i := slices.IndexFunc(ps, func(p azure.ServiceProvider) bool { return p.Name == azure.OracleServiceProvider })
	if i < 0 {
		t.Fatalf("no %s among %+v", azure.OracleServiceProvider, ps)
	}
	j := slices.IndexFunc(ps[i].BandwidthsMbps, func(b int) bool { return b > mbps })
	if j < 0 {
		t.Fatalf("%s offers nothing above %d Mbps: %v", azure.OracleServiceProvider, mbps, ps[i].BandwidthsMbps)
	}
	raised := ps[i].BandwidthsMbps[j]

	c := f.circuit("er")
	want := f.circuitSpec("er")
	if !sameID(c.ID, f.id("expressRouteCircuits", name)) || c.Location != f.env.Region || c.SKU != want.SKU || c.ServiceProvider != azure.OracleServiceProvider ||
		c.PeeringLocation != f.env.PeeringLocation || c.BandwidthMbps != mbps || c.State != azure.Succeeded || c.ProviderState != azure.NotProvisioned {
		t.Fatalf("PutCircuit = %+v", c)
	}
	if c.ServiceKey.IsZero() {
		t.Fatal("PutCircuit: no service key")
	}
	if !maps.Equal(c.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", c.Tags, ownerTags())
	}
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, rg, name))
	if got.ServiceKey.Reveal() != c.ServiceKey.Reveal() || got.BandwidthMbps != mbps || got.SKU != want.SKU {
		t.Errorf("GetCircuit = %+v, want %+v", got, c)
	}
	got.BandwidthMbps, got.SKU.Family = raised, "UnlimitedData"
	up := must[azure.Circuit](t)(f.n.PutCircuit(f.ctx, rg, got))
	if up.BandwidthMbps != raised || up.SKU.Family != "UnlimitedData" || up.ServiceKey.Reveal() != c.ServiceKey.Reveal() {
		t.Errorf("after the update to %d Mbps: %+v (the service key must not change)", raised, up)
	}
	noErr(t, f.n.DeleteCircuit(f.ctx, rg, name))
	if _, err := f.n.GetCircuit(f.ctx, rg, name); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteCircuit, GetCircuit: %v, want ErrNotFound", err)
	}
}

func testCircuitRules(f *fixture) {
	f.circuit("er")
	tests := []struct {
		name string
		edit func(c *azure.Circuit)
		code string
	}{
		{"unknown peering location", func(c *azure.Circuit) { c.Name, c.PeeringLocation = f.name("new"), "Atlantis" }, "InvalidPeeringLocation"},
		{"bandwidth not offered", func(c *azure.Circuit) { c.Name, c.BandwidthMbps = f.name("new"), 1234 }, "InvalidBandwidth"},
		{"unknown provider", func(c *azure.Circuit) { c.Name, c.ServiceProvider = f.name("new"), "Nobody" }, "InvalidServiceProviderName"},
		{"unknown tier", func(c *azure.Circuit) { c.Name, c.SKU.Tier = f.name("new"), "Gold" }, "InvalidSkuTier"},
		{"bandwidth decrease", func(c *azure.Circuit) { c.BandwidthMbps = 500 }, "CircuitBandwidthDecreaseNotAllowed"},
		{"location change", func(c *azure.Circuit) { c.PeeringLocation = "Washington DC2" }, "CircuitServiceProviderOrPeeringLocationCannotBeChanged"},
		// ExpressRoute Local is UnlimitedData only (Microsoft, "ExpressRoute
		// FAQ: ExpressRoute Local"). It is refused only at a peering
		// location with no local Azure region, whatever the circuit
		// resource's location, and every location Oracle serves has one, so
		// the suite has no case of it (package sim tests it).
		{"Local metered", func(c *azure.Circuit) {
			c.Name, c.SKU = f.name("local"), azure.CircuitSKU{Tier: "Local", Family: "MeteredData"}
		}, "InvalidSkuFamily"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			c := f.circuitSpec("er")
			tc.edit(&c)
			_, err := f.n.PutCircuit(f.ctx, f.env.ResourceGroup, c)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

func testConnectionBeforeProvisioning(f *fixture) {
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	_, err := f.n.PutConnection(f.ctx, f.env.ResourceGroup, azure.Connection{Name: f.name("conn"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID, FastPath: true})
	wantErr(f.t, err, http.StatusBadRequest, "ExpressRouteCircuitNotProvisioned")
}

func testPeeringBeforeProvisioning(f *fixture) {
	f.circuit("er")
	_, err := f.n.PutPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er"), azure.PrivatePeering{PeerASN: oci.OracleASN,
		PrimaryPrefix: primary, SecondaryPrefix: secondary, VLAN: 100})
	wantErr(f.t, err, http.StatusBadRequest, "ExpressRouteCircuitNotProvisioned")
}

// testHandoff: Oracle provisions the circuit and configures its private
// peering. (The suite never deletes a circuit the provider still has
// provisioned: Azure accepts that delete and leaves a failed circuit that it
// keeps billing; see package sim, StrandedCircuits.)
func testHandoff(f *fixture) {
	t := f.t
	c := f.circuit("er")
	f.handoff(c)
	p := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er")))
	if !sameID(p.ID, c.ID+"/peerings/AzurePrivatePeering") || p.PeerASN != oci.OracleASN || p.AzureASN != sim.AzureASN ||
		p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary || p.VLAN < 1 || p.VLAN > 4094 ||
		p.LastModifiedBy != sim.ModifiedByProvider || p.State != azure.Succeeded {
		t.Errorf("the provider's peering: %+v", p)
	}
	if p.SharedKey.Reveal() != MD5Key {
		t.Errorf("the peering's shared key is not the virtual circuit's MD5 key")
	}
	// An update of the circuit keeps its peering.
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, f.env.ResourceGroup, f.name("er")))
	got.Tags = map[string]string{"managed-by": "azoci-interconnect", "stage": "updated"}
	up := must[azure.Circuit](t)(f.n.PutCircuit(f.ctx, f.env.ResourceGroup, got))
	if !maps.Equal(up.Tags, got.Tags) || up.ProviderState != azure.Provisioned {
		t.Errorf("after the update: %+v", up)
	}
	if after := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er"))); after != p {
		t.Errorf("the peering changed with the circuit update: %+v, was %+v", after, p)
	}
}

func testPeeringRules(f *fixture) {
	c := f.circuit("er")
	f.handoff(c)
	tests := []struct {
		name string
		edit func(p *azure.PrivatePeering)
		code string
	}{
		{"not a /30", func(p *azure.PrivatePeering) { p.PrimaryPrefix = netip.MustParsePrefix("192.168.240.0/29") }, "InvalidPeeringAddressPrefix"},
		{"prefixes overlap", func(p *azure.PrivatePeering) { p.SecondaryPrefix = primary }, "PeeringAddressPrefixesOverlap"},
		{"VLAN out of range", func(p *azure.PrivatePeering) { p.VLAN = 5000 }, "InvalidVlanId"},
		{"no peer ASN", func(p *azure.PrivatePeering) { p.PeerASN = 0 }, "InvalidPeerAsn"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			p := azure.PrivatePeering{PeerASN: oci.OracleASN, PrimaryPrefix: primary, SecondaryPrefix: secondary, VLAN: 200}
			tc.edit(&p)
			_, err := f.n.PutPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er"), p)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
	// A peering made by hand is the customer's.
	in := azure.PrivatePeering{PeerASN: oci.OracleASN, PrimaryPrefix: primary, SecondaryPrefix: secondary, VLAN: 200, SharedKey: "hand-made-key"}
	p := must[azure.PrivatePeering](f.t)(f.n.PutPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er"), in))
	got := must[azure.PrivatePeering](f.t)(f.n.GetPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er")))
	for _, x := range []azure.PrivatePeering{p, got} {
		if x.LastModifiedBy != sim.ModifiedByCustomer || x.VLAN != 200 || x.SharedKey.Reveal() != "hand-made-key" || x.State != azure.Succeeded {
			f.t.Errorf("hand-made peering: %+v", x)
		}
	}
}

func testARPAndRoutes(f *fixture) {
	t := f.t
	c := f.circuit("er")
	f.handoff(c)
	for _, tc := range []struct {
		path           azure.DevicePath
		oracle, msee   netip.Addr
		routeNextHop   netip.Addr
		wantRouteCount int
	}{
		{azure.Primary, netip.MustParseAddr("192.168.240.1"), netip.MustParseAddr("192.168.240.2"), netip.MustParseAddr("192.168.240.1"), 1},
		{azure.Secondary, netip.MustParseAddr("192.168.240.5"), netip.MustParseAddr("192.168.240.6"), netip.MustParseAddr("192.168.240.5"), 1},
	} {
		t.Run(string(tc.path), func(t *testing.T) {
			arp := must[[]azure.ARPEntry](t)(f.n.ListARPTable(f.ctx, f.env.ResourceGroup, f.name("er"), tc.path))
			if len(arp) != 2 {
				t.Fatalf("ARP table %+v, want 2 rows", arp)
			}
			byIP := map[netip.Addr]azure.ARPEntry{arp[0].IPAddress: arp[0], arp[1].IPAddress: arp[1]}
			o, m := byIP[tc.oracle], byIP[tc.msee]
			if o.Interface != "On-Prem" || o.MACAddress == "" || o.MACAddress == "Incomplete" {
				t.Errorf("Oracle's row %+v, want a MAC on On-Prem", o)
			}
			if m.Interface != "Microsoft" || m.MACAddress == "" {
				t.Errorf("Microsoft's row %+v", m)
			}
			routes := must[[]azure.Route](t)(f.n.ListRouteTable(f.ctx, f.env.ResourceGroup, f.name("er"), tc.path))
			want := azure.Route{Network: vcnCIDR, NextHop: tc.routeNextHop, Path: fmt.Sprint(oci.OracleASN)}
			if len(routes) != tc.wantRouteCount || routes[0] != want {
				t.Errorf("routes %+v, want [%+v]", routes, want)
			}
		})
	}
	_, err := f.n.ListARPTable(f.ctx, f.env.ResourceGroup, f.name("er"), "tertiary")
	wantErr(t, err, http.StatusBadRequest, "InvalidDevicePath")
}

func testConnection(f *fixture) {
	t := f.t
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	f.handoff(c)
	conn := must[azure.Connection](t)(f.n.PutConnection(f.ctx, f.env.ResourceGroup,
		azure.Connection{Name: f.name("conn"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID, FastPath: true, Tags: ownerTags()}))
	// A connection just made reads connectionStatus Unknown or Connected
	// (the swagger's enum also has Connecting and NotConnected; the
	// simulator answers Unknown for Latency.ConnectionStatus).
	knownOrNot := func(status string) bool { return status == azure.ConnectionUnknown || status == azure.Connected }
	if !sameID(conn.ID, f.id("connections", f.name("conn"))) || !sameID(conn.GatewayID, g.ID) || !sameID(conn.CircuitID, c.ID) || !conn.FastPath ||
		conn.State != azure.Succeeded || !knownOrNot(conn.Status) || conn.Location != f.env.Region {
		t.Fatalf("PutConnection = %+v", conn)
	}
	if !maps.Equal(conn.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", conn.Tags, ownerTags())
	}
	// Switching FastPath off names neither end: both are kept.
	up := must[azure.Connection](t)(f.n.PutConnection(f.ctx, f.env.ResourceGroup, azure.Connection{Name: f.name("conn"), Location: f.env.Region, Tags: ownerTags()}))
	if up.FastPath || !sameID(up.GatewayID, g.ID) || !sameID(up.CircuitID, c.ID) {
		t.Errorf("after switching FastPath off: %+v", up)
	}
	got := must[azure.Connection](t)(f.n.GetConnection(f.ctx, f.env.ResourceGroup, f.name("conn")))
	if got.FastPath || !knownOrNot(got.Status) {
		t.Errorf("GetConnection = %+v", got)
	}
	_, err := f.n.PutConnection(f.ctx, f.env.ResourceGroup, azure.Connection{Name: f.name("conn2"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID})
	wantErr(t, err, http.StatusBadRequest, "DuplicateConnection")
	wantErr(t, f.n.DeleteGateway(f.ctx, f.env.ResourceGroup, f.name("ergw")), http.StatusBadRequest, "GatewayInUse")
	noErr(t, f.n.DeleteConnection(f.ctx, f.env.ResourceGroup, f.name("conn")))
	if _, err := f.n.GetConnection(f.ctx, f.env.ResourceGroup, f.name("conn")); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteConnection, GetConnection: %v, want ErrNotFound", err)
	}
}

// testTeardown: once the virtual circuit is gone the circuit returns to
// NotProvisioned; the provider's peering stays, and Azure deletes the
// circuit only once the peering is deleted (Microsoft, troubleshooting
// "cannot delete ExpressRoute circuit").
func testTeardown(f *fixture) {
	t := f.t
	c := f.circuit("er")
	vc := f.handoff(c)
	noErr(t, f.w.OCI().DeleteVirtualCircuit(f.ctx, vc.ID))
	eventually(t, "circuit NotProvisioned", func() (bool, error) {
		got, err := f.n.GetCircuit(f.ctx, f.env.ResourceGroup, f.name("er"))
		return got.ProviderState == azure.NotProvisioned, err
	})
	wantErr(t, f.n.DeleteCircuit(f.ctx, f.env.ResourceGroup, f.name("er")), http.StatusBadRequest, "CircuitHasPeerings")
	noErr(t, f.n.DeletePrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er")))
	noErr(t, f.n.DeleteCircuit(f.ctx, f.env.ResourceGroup, f.name("er")))
	if _, err := f.n.GetCircuit(f.ctx, f.env.ResourceGroup, f.name("er")); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteCircuit, GetCircuit: %v, want ErrNotFound", err)
	}
	if _, err := f.n.GetPrivatePeering(f.ctx, f.env.ResourceGroup, f.name("er")); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteCircuit, GetPrivatePeering: %v, want ErrNotFound", err)
	}
}

func testServiceProviders(f *fixture) {
	ps := must[[]azure.ServiceProvider](f.t)(f.n.ListServiceProviders(f.ctx))
	i := slices.IndexFunc(ps, func(p azure.ServiceProvider) bool { return p.Name == azure.OracleServiceProvider })
	if i < 0 {
		f.t.Fatalf("no %s among %+v", azure.OracleServiceProvider, ps)
	}
	o := ps[i]
	if !slices.Contains(o.PeeringLocations, "Washington DC") || !slices.Contains(o.BandwidthsMbps, 1000) || !slices.Contains(o.BandwidthsMbps, 10000) {
		f.t.Errorf("Oracle's offer: %+v", o)
	}
	if !slices.ContainsFunc(ps, func(p azure.ServiceProvider) bool { return p.Name == "Equinix" }) {
		f.t.Errorf("providers %+v: Equinix missing", ps)
	}
}
