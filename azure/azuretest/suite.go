// Package azuretest is the conformance suite of azure.Network, in the style
// of gocloud.dev's drivertest: one set of behaviour tests that every
// implementation must pass, run against the in-memory simulator
// (sim.World.Azure) and against the armnetwork adapter (armclient.Client) talking
// HTTP to the simulator's ARM face (sim/armface).
//
// The suite seeds each test's world itself: a subscription, resource group
// "rg-conformance" with virtual network "vnet-conformance" (eastus,
// 10.10.0.0/16, subnet "default" 10.10.0.0/24) and a us-ashburn-1 VCN
// (10.20.0.0/16) on the OCI side, which drives the FastConnect handoff
// through World.OCI(). Latencies are the simulator's defaults divided by
// 10,000 (a gateway takes 240ms), so the suite runs in seconds of real time.
package azuretest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// The world every test starts from (see NewWorld).
const (
	Subscription   = "5e0a1c2b-3d4e-4f50-8a6b-7c8d9e0f1a2b"
	ResourceGroup  = "rg-conformance"
	VirtualNetwork = "vnet-conformance"
	Region         = "eastus"

	compartment = "ocid1.compartment.oc1..aaaaaaaaconformance"
	vcnID       = "ocid1.vcn.oc1.iad.aaaaaaaaconformancevcn"
	// MD5Key is the BGP MD5 key Handoff gives the virtual circuit.
	MD5Key = "conformance-md5-key"
)

var (
	vnetSpace     = netip.MustParsePrefix("10.10.0.0/16")
	defaultSubnet = netip.MustParsePrefix("10.10.0.0/24")
	gwPrefix      = netip.MustParsePrefix("10.10.255.0/27")
	vcnCIDR       = netip.MustParsePrefix("10.20.0.0/16")
	primary       = netip.MustParsePrefix("192.168.240.0/30")
	secondary     = netip.MustParsePrefix("192.168.240.4/30")
)

// Latency is the latency of the worlds the suite makes:
// sim.DefaultLatency() divided by 10,000.
func Latency() sim.Latency { return sim.DefaultLatency().Scaled(1.0 / 10000) }

// NewWorld makes a world seeded as the suite expects, with latency lat.
func NewWorld(lat sim.Latency) *sim.World {
	w := sim.New(sim.WithLatency(lat), sim.WithSubscription(Subscription))
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: ResourceGroup, Name: VirtualNetwork, Region: Region,
		AddressSpace: []netip.Prefix{vnetSpace}, Subnets: map[string]netip.Prefix{"default": defaultSubnet}})
	w.AddVCN(sim.VCN{ID: vcnID, CompartmentID: compartment, Region: "us-ashburn-1", CIDRs: []netip.Prefix{vcnCIDR}})
	return w
}

// fixture is one test's world and the Network under test.
type fixture struct {
	t   *testing.T
	w   *sim.World
	n   azure.Network
	ctx context.Context
}

// RunConformance runs the suite. newNetwork returns the implementation under
// test serving world w (already seeded, see the package documentation); it
// is called once per test, and may register cleanups with t. Every test runs
// in parallel with the others, each on its own world.
func RunConformance(t *testing.T, newNetwork func(t *testing.T, w *sim.World) azure.Network) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lat := Latency()
			if tc.slow {
				// Operations long enough to be caught in progress, yet
				// never waited for.
				lat.PublicIP, lat.Circuit, lat.Gateway = time.Hour, time.Hour, time.Hour
			}
			w := NewWorld(lat)
			tc.run(&fixture{t: t, w: w, n: newNetwork(t, w), ctx: t.Context()})
		})
	}
}

var tests = []struct {
	name string
	slow bool
	run  func(f *fixture)
}{
	{"SubscriptionID", false, testSubscriptionID},
	{"VirtualNetwork", false, testVirtualNetwork},
	{"NotFound", false, testNotFound},
	{"DeleteMissing", false, testDeleteMissing},
	{"SubnetRoundTrip", false, testSubnetRoundTrip},
	{"SubnetRules", false, testSubnetRules},
	{"PublicIPRoundTrip", false, testPublicIPRoundTrip},
	{"PublicIPRules", false, testPublicIPRules},
	{"GatewayRoundTrip", false, testGatewayRoundTrip},
	{"ScalableGateway", false, testScalableGateway},
	{"GatewayRules", false, testGatewayRules},
	{"CircuitRoundTrip", false, testCircuitRoundTrip},
	{"CircuitRules", false, testCircuitRules},
	{"ConflictWhileUpdating", true, testConflictWhileUpdating},
	{"ContextEndsFirst", true, testContextEndsFirst},
	{"ConnectionBeforeProvisioning", false, testConnectionBeforeProvisioning},
	{"PeeringBeforeProvisioning", false, testPeeringBeforeProvisioning},
	{"Handoff", false, testHandoff},
	{"PeeringRules", false, testPeeringRules},
	{"ARPAndRoutes", false, testARPAndRoutes},
	{"Connection", false, testConnection},
	{"Teardown", false, testTeardown},
	{"ServiceProviders", false, testServiceProviders},
	{"AsyncFailure", false, testAsyncFailure},
	{"ConflictFault", false, testConflictFault},
	{"ValuesDoNotAlias", false, testValuesDoNotAlias},
}

// ---------------------------------------------------------------------------
// Helpers

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr asserts err is an *azure.Error (found with errors.As) with the
// status and ARM code, naming its operation and resource.
func wantErr(t *testing.T, err error, status int, code string) *azure.Error {
	t.Helper()
	var e *azure.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *azure.Error %d %s", err, status, code)
	}
	if e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Op == "" || e.Resource == "" || e.Message == "" {
		t.Errorf("error lacks its operation, resource or message: %#v", e)
	}
	if !strings.Contains(err.Error(), e.Resource) || !strings.Contains(err.Error(), code) {
		t.Errorf("error text %q does not name the resource and the code", err)
	}
	return e
}

// eventually polls cond until it holds, failing the test after 20s.
func eventually(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func vnetID() string {
	return "/subscriptions/" + Subscription + "/resourceGroups/" + ResourceGroup + "/providers/Microsoft.Network/virtualNetworks/" + VirtualNetwork
}

func id(typ, name string) string {
	return "/subscriptions/" + Subscription + "/resourceGroups/" + ResourceGroup + "/providers/Microsoft.Network/" + typ + "/" + name
}

func gatewaySubnetID() string { return vnetID() + "/subnets/" + azure.GatewaySubnetName }

func sameID(a, b string) bool { return strings.EqualFold(a, b) }

// ownerTags returns the tags the suite puts on what it creates (a fresh map each
// time, so an implementation that aliased one could not spoil another test).
func ownerTags() map[string]string {
	return map[string]string{"managed-by": "azoci-interconnect", "interconnect": "conformance"}
}

func (f *fixture) gatewaySubnet() azure.Subnet {
	f.t.Helper()
	return must[azure.Subnet](f.t)(f.n.PutSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: gwPrefix}))
}

func (f *fixture) publicIP(name string) azure.PublicIP {
	f.t.Helper()
	return must[azure.PublicIP](f.t)(f.n.PutPublicIP(f.ctx, ResourceGroup, azure.PublicIP{Name: name, Location: Region, SKU: "Standard", Static: true, Tags: ownerTags()}))
}

func gatewaySpec(sku string, units int, pipID string) azure.Gateway {
	return azure.Gateway{Name: "ergw", Location: Region, GatewayType: azure.GatewayTypeExpressRoute, SKU: sku, ScaleUnits: units,
		SubnetID: gatewaySubnetID(), PublicIPID: pipID, Tags: ownerTags()}
}

// gateway makes the GatewaySubnet, a public IP and a gateway.
func (f *fixture) gateway(sku string, units int) azure.Gateway {
	f.t.Helper()
	f.gatewaySubnet()
	p := f.publicIP("ergw-pip")
	return must[azure.Gateway](f.t)(f.n.PutGateway(f.ctx, ResourceGroup, gatewaySpec(sku, units, p.ID)))
}

func circuitSpec(name string) azure.Circuit {
	return azure.Circuit{Name: name, Location: Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000, Tags: ownerTags()}
}

func (f *fixture) circuit(name string) azure.Circuit {
	f.t.Helper()
	return must[azure.Circuit](f.t)(f.n.PutCircuit(f.ctx, ResourceGroup, circuitSpec(name)))
}

func mapping(p netip.Prefix) oci.CrossConnectMapping {
	oracle := p.Addr().Next()
	return oci.CrossConnectMapping{OracleBGPPeeringIP: netip.PrefixFrom(oracle, 30), CustomerBGPPeeringIP: netip.PrefixFrom(oracle.Next(), 30),
		BGPMD5AuthKey: secret.Value(MD5Key)}
}

// Handoff does Oracle's part for circuit c of a world made by NewWorld,
// through the world's OCI: a DRG attached to the seeded VCN and a
// FastConnect virtual circuit ordered with c's service key (1 Gbps, the
// suite's /30s 192.168.240.0/30 and .4/30, MD5 key MD5Key). It waits until
// the virtual circuit is PROVISIONED with BGP up, which leaves c Provisioned
// with a private peering configured by the provider, and returns the
// virtual circuit.
func Handoff(t *testing.T, w *sim.World, c azure.Circuit) oci.VirtualCircuit {
	t.Helper()
	ctx, oc := t.Context(), w.OCI()
	drg := must[oci.DRG](t)(oc.CreateDRG(ctx, oci.DRG{CompartmentID: compartment, DisplayName: "drg"}, ""))
	eventually(t, "DRG available", func() (bool, error) {
		d, err := oc.GetDRG(ctx, drg.ID)
		return d.State == oci.Available, err
	})
	att := must[oci.DRGAttachment](t)(oc.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: drg.ID, VCNID: vcnID}, ""))
	eventually(t, "DRG attached", func() (bool, error) {
		a, err := oc.GetDRGAttachment(ctx, att.ID)
		return a.State == oci.Attached, err
	})
	vc := must[oci.VirtualCircuit](t)(oc.CreateVirtualCircuit(ctx, oci.VirtualCircuit{
		CompartmentID: compartment, DisplayName: "vc", Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps",
		GatewayID: drg.ID, ProviderServiceID: sim.AzureProviderServiceID, ProviderServiceKeyName: c.ServiceKey,
		CrossConnectMappings: []oci.CrossConnectMapping{mapping(primary), mapping(secondary)},
	}, ""))
	eventually(t, "virtual circuit provisioned with BGP up", func() (bool, error) {
		v, err := oc.GetVirtualCircuit(ctx, vc.ID)
		if v.State == oci.Failed {
			return false, fmt.Errorf("virtual circuit FAILED")
		}
		vc = v
		return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp, err
	})
	return vc
}

// handoff is Handoff, then checks through the Network under test that the
// circuit is Provisioned.
func (f *fixture) handoff(c azure.Circuit) oci.VirtualCircuit {
	f.t.Helper()
	vc := Handoff(f.t, f.w, c)
	got := must[azure.Circuit](f.t)(f.n.GetCircuit(f.ctx, ResourceGroup, c.Name))
	if got.ProviderState != azure.Provisioned {
		f.t.Fatalf("after the handoff the circuit is %s, want Provisioned", got.ProviderState)
	}
	return vc
}

// ---------------------------------------------------------------------------
// Tests

func testSubscriptionID(f *fixture) {
	if got := f.n.SubscriptionID(); got != Subscription {
		f.t.Errorf("SubscriptionID() = %q, want %q", got, Subscription)
	}
}

func testVirtualNetwork(f *fixture) {
	v := must[azure.VirtualNetwork](f.t)(f.n.GetVirtualNetwork(f.ctx, ResourceGroup, VirtualNetwork))
	if !sameID(v.ID, vnetID()) || v.Name != VirtualNetwork || v.Location != Region {
		f.t.Errorf("vnet = %+v", v)
	}
	if !slices.Equal(v.AddressSpace, []netip.Prefix{vnetSpace}) {
		f.t.Errorf("address space %v, want [%s]", v.AddressSpace, vnetSpace)
	}
	if len(v.Subnets) != 1 || v.Subnets[0].Name != "default" || v.Subnets[0].Prefix != defaultSubnet ||
		!sameID(v.Subnets[0].ID, vnetID()+"/subnets/default") {
		f.t.Errorf("subnets %+v, want only default %s", v.Subnets, defaultSubnet)
	}
}

func testNotFound(f *fixture) {
	f.circuit("bare") // a circuit without a peering
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"vnet", func() error { _, err := f.n.GetVirtualNetwork(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"resource group", func() error { _, err := f.n.GetVirtualNetwork(f.ctx, "rg-nope", VirtualNetwork); return err }, "ResourceGroupNotFound"},
		{"subnet", func() error { _, err := f.n.GetSubnet(f.ctx, ResourceGroup, VirtualNetwork, "nope"); return err }, "NotFound"},
		{"public IP", func() error { _, err := f.n.GetPublicIP(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"gateway", func() error { _, err := f.n.GetGateway(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"circuit", func() error { _, err := f.n.GetCircuit(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"peering of a missing circuit", func() error { _, err := f.n.GetPrivatePeering(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"peering not configured", func() error { _, err := f.n.GetPrivatePeering(f.ctx, ResourceGroup, "bare"); return err }, "NotFound"},
		{"connection", func() error { _, err := f.n.GetConnection(f.ctx, ResourceGroup, "nope"); return err }, "ResourceNotFound"},
		{"ARP table without a peering", func() error {
			_, err := f.n.ListARPTable(f.ctx, ResourceGroup, "bare", azure.Primary)
			return err
		}, "NotFound"},
		{"route table of a missing circuit", func() error {
			_, err := f.n.ListRouteTable(f.ctx, ResourceGroup, "nope", azure.Secondary)
			return err
		}, "ResourceNotFound"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, azure.ErrNotFound) {
				t.Fatalf("err = %v, want one matching azure.ErrNotFound", err)
			}
			wantErr(t, err, http.StatusNotFound, tc.code)
		})
	}
}

func testDeleteMissing(f *fixture) {
	tests := []struct {
		name string
		del  func() error
	}{
		{"subnet", func() error { return f.n.DeleteSubnet(f.ctx, ResourceGroup, VirtualNetwork, "nope") }},
		{"public IP", func() error { return f.n.DeletePublicIP(f.ctx, ResourceGroup, "nope") }},
		{"gateway", func() error { return f.n.DeleteGateway(f.ctx, ResourceGroup, "nope") }},
		{"circuit", func() error { return f.n.DeleteCircuit(f.ctx, ResourceGroup, "nope") }},
		{"connection", func() error { return f.n.DeleteConnection(f.ctx, ResourceGroup, "nope") }},
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
	s := f.gatewaySubnet()
	if s.Name != azure.GatewaySubnetName || s.Prefix != gwPrefix || s.State != azure.Succeeded || !sameID(s.ID, gatewaySubnetID()) {
		t.Fatalf("PutSubnet = %+v", s)
	}
	got := must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName))
	if got.Prefix != gwPrefix || !sameID(got.ID, s.ID) || len(got.IPConfigurationIDs) != 0 {
		t.Errorf("GetSubnet = %+v", got)
	}
	v := must[azure.VirtualNetwork](t)(f.n.GetVirtualNetwork(f.ctx, ResourceGroup, VirtualNetwork))
	if !slices.ContainsFunc(v.Subnets, func(sn azure.Subnet) bool { return sn.Name == azure.GatewaySubnetName && sn.Prefix == gwPrefix }) {
		t.Errorf("the vnet does not list the new subnet: %+v", v.Subnets)
	}
	wider := netip.MustParsePrefix("10.10.254.0/23")
	up := must[azure.Subnet](t)(f.n.PutSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: wider}))
	if up.Prefix != wider {
		t.Errorf("updated prefix %s, want %s", up.Prefix, wider)
	}
	noErr(t, f.n.DeleteSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName))
	if _, err := f.n.GetSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName); !errors.Is(err, azure.ErrNotFound) {
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
			_, err := f.n.PutSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.Subnet{Name: "s", Prefix: netip.MustParsePrefix(tc.prefix)})
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

func testPublicIPRoundTrip(f *fixture) {
	t := f.t
	p := f.publicIP("pip")
	if !sameID(p.ID, id("publicIPAddresses", "pip")) || p.Name != "pip" || p.Location != Region || p.SKU != "Standard" || !p.Static ||
		!p.Address.IsValid() || p.State != azure.Succeeded {
		t.Fatalf("PutPublicIP = %+v", p)
	}
	if !maps.Equal(p.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", p.Tags, ownerTags())
	}
	got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, ResourceGroup, "pip"))
	if got.Address != p.Address || !maps.Equal(got.Tags, ownerTags()) || got.SKU != "Standard" || !got.Static {
		t.Errorf("GetPublicIP = %+v, want %+v", got, p)
	}
	noErr(t, f.n.DeletePublicIP(f.ctx, ResourceGroup, "pip"))
	if _, err := f.n.GetPublicIP(f.ctx, ResourceGroup, "pip"); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeletePublicIP, GetPublicIP: %v, want ErrNotFound", err)
	}
}

func testPublicIPRules(f *fixture) {
	tests := []struct {
		name string
		ip   azure.PublicIP
		code string
	}{
		{"standard must be static", azure.PublicIP{Name: "p", Location: Region, SKU: "Standard"}, "StandardSkuPublicIPAddressesMustBeStatic"},
		{"location required", azure.PublicIP{Name: "p", SKU: "Standard", Static: true}, "LocationRequired"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			_, err := f.n.PutPublicIP(f.ctx, ResourceGroup, tc.ip)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

func testGatewayRoundTrip(f *fixture) {
	t := f.t
	g := f.gateway(azure.SKUErGw1AZ, 0)
	pipID := id("publicIPAddresses", "ergw-pip")
	if !sameID(g.ID, id("virtualNetworkGateways", "ergw")) || g.GatewayType != azure.GatewayTypeExpressRoute || g.SKU != azure.SKUErGw1AZ ||
		!sameID(g.SubnetID, gatewaySubnetID()) || !sameID(g.PublicIPID, pipID) || g.State != azure.Succeeded || g.Location != Region {
		t.Fatalf("PutGateway = %+v", g)
	}
	if !maps.Equal(g.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", g.Tags, ownerTags())
	}
	sn := must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName))
	if len(sn.IPConfigurationIDs) != 1 || !strings.HasPrefix(strings.ToLower(sn.IPConfigurationIDs[0]), strings.ToLower(g.ID)+"/ipconfigurations/") {
		t.Errorf("GatewaySubnet IP configurations %v, want the gateway's", sn.IPConfigurationIDs)
	}
	// A SKU change names neither the subnet nor the public IP: both are kept.
	up := must[azure.Gateway](t)(f.n.PutGateway(f.ctx, ResourceGroup, azure.Gateway{Name: "ergw", Location: Region,
		GatewayType: azure.GatewayTypeExpressRoute, SKU: azure.SKUErGw3AZ, Tags: ownerTags()}))
	if up.SKU != azure.SKUErGw3AZ || !sameID(up.SubnetID, gatewaySubnetID()) || !sameID(up.PublicIPID, pipID) || up.State != azure.Succeeded {
		t.Errorf("after the resize: %+v", up)
	}
	got := must[azure.Gateway](t)(f.n.GetGateway(f.ctx, ResourceGroup, "ergw"))
	if got.SKU != azure.SKUErGw3AZ || !sameID(got.SubnetID, g.SubnetID) {
		t.Errorf("GetGateway = %+v", got)
	}
	noErr(t, f.n.DeleteGateway(f.ctx, ResourceGroup, "ergw"))
	if _, err := f.n.GetGateway(f.ctx, ResourceGroup, "ergw"); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteGateway, GetGateway: %v, want ErrNotFound", err)
	}
	sn = must[azure.Subnet](t)(f.n.GetSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName))
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
	up := must[azure.Gateway](t)(f.n.PutGateway(f.ctx, ResourceGroup, g))
	got := must[azure.Gateway](t)(f.n.GetGateway(f.ctx, ResourceGroup, "ergw"))
	if up.ScaleUnits != 12 || got.ScaleUnits != 12 {
		t.Errorf("scale units after the update: Put %d, Get %d, want 12", up.ScaleUnits, got.ScaleUnits)
	}
}

func testGatewayRules(f *fixture) {
	f.gatewaySubnet()
	pip := f.publicIP("pip")
	tests := []struct {
		name string
		edit func(g *azure.Gateway)
		code string
	}{
		{"outside the GatewaySubnet", func(g *azure.Gateway) { g.SubnetID = vnetID() + "/subnets/default" }, "InvalidGatewaySubnet"},
		{"scale units on ErGw1AZ", func(g *azure.Gateway) { g.ScaleUnits = 2 }, "InvalidScaleUnits"},
		{"Vpn type", func(g *azure.Gateway) { g.GatewayType = "Vpn" }, "InvalidGatewayType"},
		{"unknown SKU", func(g *azure.Gateway) { g.SKU = "VpnGw1" }, "InvalidGatewaySku"},
		{"missing public IP", func(g *azure.Gateway) { g.PublicIPID = id("publicIPAddresses", "nope") }, "InvalidResourceReference"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			g := gatewaySpec(azure.SKUErGw1AZ, 0, pip.ID)
			tc.edit(&g)
			_, err := f.n.PutGateway(f.ctx, ResourceGroup, g)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
	// The /27 rule: a /28 GatewaySubnet is too small.
	noErr(f.t, f.n.DeleteSubnet(f.ctx, ResourceGroup, VirtualNetwork, azure.GatewaySubnetName))
	must[azure.Subnet](f.t)(f.n.PutSubnet(f.ctx, ResourceGroup, VirtualNetwork,
		azure.Subnet{Name: azure.GatewaySubnetName, Prefix: netip.MustParsePrefix("10.10.255.0/28")}))
	_, err := f.n.PutGateway(f.ctx, ResourceGroup, gatewaySpec(azure.SKUErGw1AZ, 0, pip.ID))
	wantErr(f.t, err, http.StatusBadRequest, "GatewaySubnetTooSmall")
}

func testCircuitRoundTrip(f *fixture) {
	t := f.t
	c := f.circuit("er")
	want := circuitSpec("er")
	if !sameID(c.ID, id("expressRouteCircuits", "er")) || c.Location != Region || c.SKU != want.SKU || c.ServiceProvider != azure.OracleServiceProvider ||
		c.PeeringLocation != "Washington DC" || c.BandwidthMbps != 1000 || c.State != azure.Succeeded || c.ProviderState != azure.NotProvisioned {
		t.Fatalf("PutCircuit = %+v", c)
	}
	if c.ServiceKey.IsZero() {
		t.Fatal("PutCircuit: no service key")
	}
	if !maps.Equal(c.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", c.Tags, ownerTags())
	}
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, ResourceGroup, "er"))
	if got.ServiceKey.Reveal() != c.ServiceKey.Reveal() || got.BandwidthMbps != 1000 || got.SKU != want.SKU {
		t.Errorf("GetCircuit = %+v, want %+v", got, c)
	}
	got.BandwidthMbps, got.SKU.Family = 2000, "UnlimitedData"
	up := must[azure.Circuit](t)(f.n.PutCircuit(f.ctx, ResourceGroup, got))
	if up.BandwidthMbps != 2000 || up.SKU.Family != "UnlimitedData" || up.ServiceKey.Reveal() != c.ServiceKey.Reveal() {
		t.Errorf("after the update: %+v (the service key must not change)", up)
	}
	noErr(t, f.n.DeleteCircuit(f.ctx, ResourceGroup, "er"))
	if _, err := f.n.GetCircuit(f.ctx, ResourceGroup, "er"); !errors.Is(err, azure.ErrNotFound) {
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
		{"unknown peering location", func(c *azure.Circuit) { c.Name, c.PeeringLocation = "new", "Atlantis" }, "InvalidPeeringLocation"},
		{"bandwidth not offered", func(c *azure.Circuit) { c.Name, c.BandwidthMbps = "new", 1234 }, "InvalidBandwidth"},
		{"unknown provider", func(c *azure.Circuit) { c.Name, c.ServiceProvider = "new", "Nobody" }, "InvalidServiceProviderName"},
		{"unknown tier", func(c *azure.Circuit) { c.Name, c.SKU.Tier = "new", "Gold" }, "InvalidSkuTier"},
		{"bandwidth decrease", func(c *azure.Circuit) { c.BandwidthMbps = 500 }, "CircuitBandwidthDecreaseNotAllowed"},
		{"location change", func(c *azure.Circuit) { c.PeeringLocation = "Washington DC2" }, "CircuitServiceProviderOrPeeringLocationCannotBeChanged"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			c := circuitSpec("er")
			tc.edit(&c)
			_, err := f.n.PutCircuit(f.ctx, ResourceGroup, c)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
}

// testConflictWhileUpdating: a Put or Delete on a resource whose operation
// is still running is ARM's 409 AnotherOperationInProgress, retryable.
func testConflictWhileUpdating(f *fixture) {
	t := f.t
	started := must[azure.Circuit](t)(f.w.AzureNoWait().PutCircuit(f.ctx, ResourceGroup, circuitSpec("er")))
	if started.State != azure.Updating {
		t.Fatalf("the slow world's circuit is %s, want Updating", started.State)
	}
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, ResourceGroup, "er"))
	if got.State != azure.Updating {
		t.Errorf("GetCircuit during the operation: %s, want Updating", got.State)
	}
	_, err := f.n.PutCircuit(f.ctx, ResourceGroup, circuitSpec("er"))
	if e := wantErr(t, err, http.StatusConflict, "AnotherOperationInProgress"); !e.Retryable() {
		t.Errorf("%v is not Retryable", err)
	}
	wantErr(t, f.n.DeleteCircuit(f.ctx, ResourceGroup, "er"), http.StatusConflict, "AnotherOperationInProgress")
}

// testContextEndsFirst: a Put whose context ends while the operation runs
// returns the context's error; the operation goes on.
func testContextEndsFirst(f *fixture) {
	t := f.t
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	go func() { // end the context once ARM has accepted the operation
		defer cancel()
		for ctx.Err() == nil {
			if st, _ := f.w.AzureResourceState(id("publicIPAddresses", "pip")); st == azure.Updating {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := f.n.PutPublicIP(ctx, ResourceGroup, azure.PublicIP{Name: "pip", Location: Region, SKU: "Standard", Static: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PutPublicIP whose context ends during the operation: %v, want context.Canceled", err)
	}
	got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, ResourceGroup, "pip"))
	if got.State != azure.Updating {
		t.Errorf("after the context ended the public IP is %s, want Updating (the operation goes on)", got.State)
	}
}

func testConnectionBeforeProvisioning(f *fixture) {
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	_, err := f.n.PutConnection(f.ctx, ResourceGroup, azure.Connection{Name: "conn", Location: Region, GatewayID: g.ID, CircuitID: c.ID, FastPath: true})
	wantErr(f.t, err, http.StatusBadRequest, "ExpressRouteCircuitNotProvisioned")
}

func testPeeringBeforeProvisioning(f *fixture) {
	f.circuit("er")
	_, err := f.n.PutPrivatePeering(f.ctx, ResourceGroup, "er", azure.PrivatePeering{PeerASN: oci.OracleASN,
		PrimaryPrefix: primary, SecondaryPrefix: secondary, VLAN: 100})
	wantErr(f.t, err, http.StatusBadRequest, "ExpressRouteCircuitNotProvisioned")
}

// testHandoff: Oracle provisions the circuit and configures its private
// peering; Azure then refuses to delete the circuit.
func testHandoff(f *fixture) {
	t := f.t
	c := f.circuit("er")
	f.handoff(c)
	p := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, ResourceGroup, "er"))
	if !sameID(p.ID, c.ID+"/peerings/AzurePrivatePeering") || p.PeerASN != oci.OracleASN || p.AzureASN != sim.AzureASN ||
		p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary || p.VLAN < 1 || p.VLAN > 4094 ||
		p.LastModifiedBy != sim.ModifiedByProvider || p.State != azure.Succeeded {
		t.Errorf("the provider's peering: %+v", p)
	}
	if p.SharedKey.Reveal() != MD5Key {
		t.Errorf("the peering's shared key is not the virtual circuit's MD5 key")
	}
	wantErr(t, f.n.DeleteCircuit(f.ctx, ResourceGroup, "er"), http.StatusBadRequest, "CircuitCannotBeDeletedWhenProvisioned")
	// An update of the circuit keeps its peering.
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, ResourceGroup, "er"))
	got.Tags = map[string]string{"managed-by": "azoci-interconnect", "stage": "updated"}
	up := must[azure.Circuit](t)(f.n.PutCircuit(f.ctx, ResourceGroup, got))
	if !maps.Equal(up.Tags, got.Tags) || up.ProviderState != azure.Provisioned {
		t.Errorf("after the update: %+v", up)
	}
	if after := must[azure.PrivatePeering](t)(f.n.GetPrivatePeering(f.ctx, ResourceGroup, "er")); after != p {
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
			_, err := f.n.PutPrivatePeering(f.ctx, ResourceGroup, "er", p)
			wantErr(t, err, http.StatusBadRequest, tc.code)
		})
	}
	// A peering made by hand is the customer's.
	in := azure.PrivatePeering{PeerASN: oci.OracleASN, PrimaryPrefix: primary, SecondaryPrefix: secondary, VLAN: 200, SharedKey: "hand-made-key"}
	p := must[azure.PrivatePeering](f.t)(f.n.PutPrivatePeering(f.ctx, ResourceGroup, "er", in))
	got := must[azure.PrivatePeering](f.t)(f.n.GetPrivatePeering(f.ctx, ResourceGroup, "er"))
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
			arp := must[[]azure.ARPEntry](t)(f.n.ListARPTable(f.ctx, ResourceGroup, "er", tc.path))
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
			routes := must[[]azure.Route](t)(f.n.ListRouteTable(f.ctx, ResourceGroup, "er", tc.path))
			want := azure.Route{Network: vcnCIDR, NextHop: tc.routeNextHop, Path: fmt.Sprint(oci.OracleASN)}
			if len(routes) != tc.wantRouteCount || routes[0] != want {
				t.Errorf("routes %+v, want [%+v]", routes, want)
			}
		})
	}
	_, err := f.n.ListARPTable(f.ctx, ResourceGroup, "er", "tertiary")
	wantErr(t, err, http.StatusBadRequest, "InvalidDevicePath")
}

func testConnection(f *fixture) {
	t := f.t
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	f.handoff(c)
	conn := must[azure.Connection](t)(f.n.PutConnection(f.ctx, ResourceGroup,
		azure.Connection{Name: "conn", Location: Region, GatewayID: g.ID, CircuitID: c.ID, FastPath: true, Tags: ownerTags()}))
	if !sameID(conn.ID, id("connections", "conn")) || !sameID(conn.GatewayID, g.ID) || !sameID(conn.CircuitID, c.ID) || !conn.FastPath ||
		conn.State != azure.Succeeded || conn.Status != azure.Connected || conn.Location != Region {
		t.Fatalf("PutConnection = %+v", conn)
	}
	if !maps.Equal(conn.Tags, ownerTags()) {
		t.Errorf("tags %v, want exactly %v", conn.Tags, ownerTags())
	}
	// Switching FastPath off names neither end: both are kept.
	up := must[azure.Connection](t)(f.n.PutConnection(f.ctx, ResourceGroup, azure.Connection{Name: "conn", Location: Region, Tags: ownerTags()}))
	if up.FastPath || !sameID(up.GatewayID, g.ID) || !sameID(up.CircuitID, c.ID) {
		t.Errorf("after switching FastPath off: %+v", up)
	}
	got := must[azure.Connection](t)(f.n.GetConnection(f.ctx, ResourceGroup, "conn"))
	if got.FastPath || got.Status != azure.Connected {
		t.Errorf("GetConnection = %+v", got)
	}
	_, err := f.n.PutConnection(f.ctx, ResourceGroup, azure.Connection{Name: "conn2", Location: Region, GatewayID: g.ID, CircuitID: c.ID})
	wantErr(t, err, http.StatusBadRequest, "DuplicateConnection")
	wantErr(t, f.n.DeleteGateway(f.ctx, ResourceGroup, "ergw"), http.StatusBadRequest, "GatewayInUse")
	noErr(t, f.n.DeleteConnection(f.ctx, ResourceGroup, "conn"))
	if _, err := f.n.GetConnection(f.ctx, ResourceGroup, "conn"); !errors.Is(err, azure.ErrNotFound) {
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
		got, err := f.n.GetCircuit(f.ctx, ResourceGroup, "er")
		return got.ProviderState == azure.NotProvisioned, err
	})
	wantErr(t, f.n.DeleteCircuit(f.ctx, ResourceGroup, "er"), http.StatusBadRequest, "CircuitHasPeerings")
	noErr(t, f.n.DeletePrivatePeering(f.ctx, ResourceGroup, "er"))
	noErr(t, f.n.DeleteCircuit(f.ctx, ResourceGroup, "er"))
	if _, err := f.n.GetCircuit(f.ctx, ResourceGroup, "er"); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("after DeleteCircuit, GetCircuit: %v, want ErrNotFound", err)
	}
	if _, err := f.n.GetPrivatePeering(f.ctx, ResourceGroup, "er"); !errors.Is(err, azure.ErrNotFound) {
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

// testAsyncFailure: an operation ARM accepted that ends Failed is an error
// with ARM's code, and leaves the resource Failed; putting it again repairs
// it.
func testAsyncFailure(f *fixture) {
	t := f.t
	spec := azure.PublicIP{Name: "pip", Location: Region, SKU: "Standard", Static: true}
	for _, op := range []string{"PutPublicIP", "DeletePublicIP"} {
		f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: op, Count: 1, Kind: sim.AsyncFailure})
	}
	_, err := f.n.PutPublicIP(f.ctx, ResourceGroup, spec)
	wantErr(t, err, http.StatusInternalServerError, "InternalServerError")
	if got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, ResourceGroup, "pip")); got.State != azure.Failed {
		t.Errorf("after the failed operation the public IP is %s, want Failed", got.State)
	}
	if p := must[azure.PublicIP](t)(f.n.PutPublicIP(f.ctx, ResourceGroup, spec)); p.State != azure.Succeeded {
		t.Errorf("putting it again: %s, want Succeeded", p.State)
	}
	wantErr(t, f.n.DeletePublicIP(f.ctx, ResourceGroup, "pip"), http.StatusInternalServerError, "InternalServerError")
	if got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, ResourceGroup, "pip")); got.State != azure.Failed {
		t.Errorf("after the failed delete the public IP is %s, want Failed", got.State)
	}
	noErr(t, f.n.DeletePublicIP(f.ctx, ResourceGroup, "pip"))
}

// testConflictFault: an injected conflict is 409 AnotherOperationInProgress,
// with no effect; the next call succeeds.
func testConflictFault(f *fixture) {
	t := f.t
	f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutCircuit", Count: 1, Kind: sim.Conflict})
	_, err := f.n.PutCircuit(f.ctx, ResourceGroup, circuitSpec("er"))
	if e := wantErr(t, err, http.StatusConflict, "AnotherOperationInProgress"); !e.Retryable() {
		t.Errorf("%v is not Retryable", err)
	}
	if _, err := f.n.GetCircuit(f.ctx, ResourceGroup, "er"); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("the refused Put made a circuit: %v", err)
	}
	f.circuit("er")
}

func testValuesDoNotAlias(f *fixture) {
	p := f.publicIP("pip")
	p.Tags["managed-by"] = "someone else"
	got := must[azure.PublicIP](f.t)(f.n.GetPublicIP(f.ctx, ResourceGroup, "pip"))
	if !maps.Equal(got.Tags, ownerTags()) {
		f.t.Errorf("changing a returned value changed the resource: %v", got.Tags)
	}
}
