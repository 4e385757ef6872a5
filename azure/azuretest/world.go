package azuretest

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// This file: the simulated world of SimHarness, and Oracle's side of the
// handoff in it.

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

// The seed of NewWorld: the VNet's address space, its subnet and where the
// suite makes the GatewaySubnet; the VCN's CIDR; the BGP /30s of Handoff.
var (
	vnetSpace     = netip.MustParsePrefix("10.10.0.0/16")
	defaultSubnet = netip.MustParsePrefix("10.10.0.0/24")
	gwPrefix      = netip.MustParsePrefix("10.10.255.0/27")
	widerGWPrefix = netip.MustParsePrefix("10.10.254.0/23")
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
	return HandoffSites(t, w, c)[0]
}

// SecondPeeringLocation is the other peering location of the world's region
// pair (eastus / us-ashburn-1), for a circuit beside one at
// Env.PeeringLocation.
const SecondPeeringLocation = "Washington DC2"

// HandoffSites is Handoff for several circuits (at the peering locations of
// a maximum-resiliency interconnect) on one DRG: the n-th virtual circuit
// (from 0) takes the n-th pair of /30s from 192.168.240.0 on (Handoff's for
// the first), and is named "vc", "vc-2", and so on. It returns the virtual
// circuits in the order of the circuits.
func HandoffSites(t *testing.T, w *sim.World, circuits ...azure.Circuit) []oci.VirtualCircuit {
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
	var out []oci.VirtualCircuit
	for i, c := range circuits {
		name := "vc"
		if i > 0 {
			name = fmt.Sprintf("vc-%d", i+1)
		}
		p, s := siteBlocks(i)
		vc := must[oci.VirtualCircuit](t)(oc.CreateVirtualCircuit(ctx, oci.VirtualCircuit{
			CompartmentID: compartment, DisplayName: name, Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps",
			GatewayID: drg.ID, ProviderServiceID: sim.AzureProviderServiceID, ProviderServiceKeyName: c.ServiceKey,
			CrossConnectMappings: []oci.CrossConnectMapping{mapping(p), mapping(s)},
		}, ""))
		eventually(t, "virtual circuit provisioned with BGP up", func() (bool, error) {
			v, err := oc.GetVirtualCircuit(ctx, vc.ID)
			if v.State == oci.Failed {
				return false, fmt.Errorf("virtual circuit FAILED")
			}
			vc = v
			return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp, err
		})
		out = append(out, vc)
	}
	return out
}

// siteBlocks are the BGP /30s of the n-th virtual circuit of HandoffSites:
// the suite's primary and secondary for the first, then the next two /30s
// for each further one.
func siteBlocks(n int) (netip.Prefix, netip.Prefix) {
	a := primary.Addr().As4()
	a[3] += byte(8 * n)
	p := netip.PrefixFrom(netip.AddrFrom4(a), 30)
	a[3] += 4
	return p, netip.PrefixFrom(netip.AddrFrom4(a), 30)
}

// handoff is Handoff, then checks through the Network under test that the
