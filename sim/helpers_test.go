package sim

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

const (
	testSub    = "11111111-2222-3333-4444-555555555555"
	testRG     = "rg-interconnect"
	testVNet   = "vnet-app"
	testComp   = "ocid1.compartment.oc1..aaaaaaaatestcompartment"
	testVCN    = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaatestvcn"
	testRT     = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaatestrt"
	testRegion = "us-ashburn-1"
	testMD5    = "s3cr3t-md5-key"
)

var (
	vnetSpace = netip.MustParsePrefix("10.10.0.0/16")
	gwSubnet  = netip.MustParsePrefix("10.10.255.0/27")
	vcnCIDR   = netip.MustParsePrefix("10.20.0.0/16")
	primary   = netip.MustParsePrefix("192.168.240.0/30")
	secondary = netip.MustParsePrefix("192.168.240.4/30")
)

// fx is a seeded world with its faces. Create it inside a synctest bubble.
type fx struct {
	t   *testing.T
	w   *World
	az  azure.Network // blocking
	nw  azure.Network // no-wait
	oc  oci.Network
	ctx context.Context
	lat Latency
}

// instantReads is DefaultLatency with Read 0, so that a test can observe the
// world at exact instants; tests of Read itself use DefaultLatency.
func instantReads() Option {
	l := DefaultLatency()
	l.Read = 0
	return WithLatency(l)
}

// newFx makes a seeded world; without options it has instantReads.
func newFx(t *testing.T, opts ...Option) *fx {
	t.Helper()
	return newFxWithGatewaySubnet(t, gwSubnet, opts...)
}

// newFxWithGatewaySubnet is newFx with another GatewaySubnet.
func newFxWithGatewaySubnet(t *testing.T, gatewaySubnet netip.Prefix, opts ...Option) *fx {
	t.Helper()
	if len(opts) == 0 {
		opts = []Option{instantReads()}
	}
	w := New(opts...)
	w.AddVirtualNetwork(VirtualNetwork{SubscriptionID: testSub, ResourceGroup: testRG, Name: testVNet, Region: "eastus",
		AddressSpace: []netip.Prefix{vnetSpace},
		Subnets:      map[string]netip.Prefix{"default": netip.MustParsePrefix("10.10.0.0/24"), "GatewaySubnet": gatewaySubnet}})
	w.AddVCN(VCN{ID: testVCN, CompartmentID: testComp, Region: testRegion, CIDRs: []netip.Prefix{vcnCIDR}, DefaultRouteTableID: testRT})
	return &fx{t: t, w: w, az: w.Azure(), nw: w.azureNoWait(), oc: w.OCI(), ctx: context.Background(), lat: w.Latency()}
}

// at sleeps so that the next call acts exactly at t (calls take Read).
func (f *fx) at(t time.Time) {
	f.t.Helper()
	d := time.Until(t.Add(-f.lat.Read))
	if d < 0 {
		f.t.Fatalf("at: %v is already past", t)
	}
	time.Sleep(d)
}

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

func circuitSpec(name string) azure.Circuit {
	return azure.Circuit{Name: name, Location: "eastus", SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000}
}

func (f *fx) circuit(name string, mod ...func(*azure.Circuit)) azure.Circuit {
	f.t.Helper()
	c := circuitSpec(name)
	for _, m := range mod {
		m(&c)
	}
	return must[azure.Circuit](f.t)(f.az.PutCircuit(f.ctx, testRG, c))
}

func (f *fx) vnetID() string { return armID(testSub, testRG, typeVirtualNetworks, testVNet) }

func (f *fx) gatewaySubnetID() string { return subnetID(f.vnetID(), "GatewaySubnet") }

func (f *fx) pip(name string) azure.PublicIP {
	f.t.Helper()
	return must[azure.PublicIP](f.t)(f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: name, Location: "eastus", SKU: "Standard", Static: true}))
}

func (f *fx) gatewaySpec(name, sku string, units int, pipID string) azure.Gateway {
	return azure.Gateway{Name: name, Location: "eastus", GatewayType: azure.GatewayTypeExpressRoute, SKU: sku, ScaleUnits: units,
		SubnetID: f.gatewaySubnetID(), PublicIPID: pipID}
}

func (f *fx) gateway(sku string, units int) azure.Gateway {
	f.t.Helper()
	p := f.pip("gw-pip")
	return must[azure.Gateway](f.t)(f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", sku, units, p.ID)))
}

func (f *fx) drg() oci.DRG {
	f.t.Helper()
	d := must[oci.DRG](f.t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, ""))
	time.Sleep(f.lat.DRG)
	return must[oci.DRG](f.t)(f.oc.GetDRG(f.ctx, d.ID))
}

func (f *fx) attach(drgID string) oci.DRGAttachment {
	f.t.Helper()
	a := must[oci.DRGAttachment](f.t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: drgID, VCNID: testVCN}, ""))
	time.Sleep(f.lat.DRGAttachment)
	return must[oci.DRGAttachment](f.t)(f.oc.GetDRGAttachment(f.ctx, a.ID))
}

func mapping(p netip.Prefix, key string) oci.CrossConnectMapping {
	o, c := hostAddrs(p)
	return oci.CrossConnectMapping{OracleBGPPeeringIP: netip.PrefixFrom(o, 30), CustomerBGPPeeringIP: netip.PrefixFrom(c, 30),
		BGPMD5AuthKey: secret.Value(key)}
}

func vcSpec(key secret.Value, drgID string) oci.VirtualCircuit {
	return oci.VirtualCircuit{CompartmentID: testComp, DisplayName: "vc", Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps",
		GatewayID: drgID, ProviderServiceID: AzureProviderServiceID, ProviderServiceKeyName: key,
		CrossConnectMappings: []oci.CrossConnectMapping{mapping(primary, testMD5), mapping(secondary, testMD5)}}
}

// provisioned builds circuit, DRG, attachment and virtual circuit, and waits
// until BGP is up.
func (f *fx) provisioned() (azure.Circuit, oci.DRG, oci.VirtualCircuit) {
	f.t.Helper()
	c := f.circuit("er")
	d := f.drg()
	f.attach(d.ID)
	vc := must[oci.VirtualCircuit](f.t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
	time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
	vc = must[oci.VirtualCircuit](f.t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID))
	if vc.BGPSessionState != oci.BGPUp {
		f.t.Fatalf("provisioned: BGP %s, state %s", vc.BGPSessionState, vc.State)
	}
	return must[azure.Circuit](f.t)(f.az.GetCircuit(f.ctx, testRG, c.Name)), d, vc
}

func wantAzureErr(t *testing.T, err error, status int, code string) {
	t.Helper()
	var e *azure.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *azure.Error %d %s", err, status, code)
	}
	if e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Message == "" || e.Resource == "" || e.Op == "" {
		t.Errorf("error lacks op, resource or message: %#v", e)
	}
}

func wantOCIErr(t *testing.T, err error, status int, code string) {
	t.Helper()
	var e *oci.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *oci.Error %d %s", err, status, code)
	}
	if e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Message == "" || e.Resource == "" || e.Op == "" {
		t.Errorf("error lacks op, resource or message: %#v", e)
	}
}
