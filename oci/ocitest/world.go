package ocitest

import (
	"net/netip"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: the world the suite seeds for the simulator.

// The world NewWorld seeds.
const (
	Region      = "us-ashburn-1"
	Compartment = "ocid1.compartment.oc1..aaaaaaaaconformancecompartment"
	VCN         = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaaconformancevcn"
	RouteTable  = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaaconformancert"
	// OtherVCN is a second VCN of Compartment, with its default route table.
	OtherVCN = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaaconformancevcn2"
	// RulesTable is an extra route table of VCN that holds ForeignRule.
	RulesTable = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaaconformancerules"

	resourceGroup = "rg-conformance"
	md5Key        = "conf0rmance-md5"
	missingDRG    = "ocid1.drg.oc1.us-ashburn-1.aaaaaaaanosuchdrg"
)

// ForeignRule is a rule somebody else keeps in RulesTable: every update must
// keep it.
var ForeignRule = oci.RouteRule{Destination: netip.MustParsePrefix("0.0.0.0/0"),
	NetworkEntityID: "ocid1.internetgateway.oc1.us-ashburn-1.aaaaaaaaconformanceigw", Description: "internet"}

var (
	vcnCIDR   = netip.MustParsePrefix("10.20.0.0/16")
	vnetSpace = netip.MustParsePrefix("10.10.0.0/16")
	primary   = netip.MustParsePrefix("192.168.240.0/30")
	secondary = netip.MustParsePrefix("192.168.240.4/30")
)

// seededVCN is VCN as NewWorld seeds it.
var seededVCN = oci.VCN{ID: VCN, CompartmentID: Compartment, DisplayName: "vcn-conformance", CIDRs: []netip.Prefix{vcnCIDR},
	DefaultRouteTableID: RouteTable, State: oci.Available}

// simEnv describes a world NewWorld made, for the simulator-only tests.
var simEnv = Env{Compartment: Compartment, VCN: seededVCN, AzureProviderServiceID: sim.AzureProviderServiceID,
	Owned: true, Mutable: true, Pace: SimPace}

// Latencies the simulator-only tests use: instant, small enough to watch
// transitions in real time, and stuck (transitional states that last the
// whole test).
var (
	instant = sim.Latency{}
	small   = HarnessLatency
	stuck   = sim.Latency{DRG: time.Hour, DRGAttachment: time.Hour, VirtualCircuit: time.Hour, BGP: time.Hour}
)

// NewWorld returns a world seeded as the suite expects: the VCNs and route
// tables above in Region, an Azure virtual network in eastus (for
// ExpressRoute circuits) and the simulator's default FastConnect catalog,
// in the tenancy sim.DefaultTenancy.
func NewWorld(lat sim.Latency) *sim.World {
	w := sim.New(sim.WithLatency(lat), sim.WithOCIRegion(Region))
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: resourceGroup,
		Name: "vnet-conformance", Region: "eastus", AddressSpace: []netip.Prefix{vnetSpace}})
	w.AddVCN(sim.VCN{ID: VCN, CompartmentID: Compartment, CIDRs: []netip.Prefix{vcnCIDR}, DefaultRouteTableID: RouteTable,
		DisplayName: seededVCN.DisplayName})
	w.AddVCN(sim.VCN{ID: OtherVCN, CompartmentID: Compartment, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")}})
	w.AddRouteTable(sim.RouteTable{ID: RulesTable, VCNID: VCN, DisplayName: "rules", Rules: []oci.RouteRule{ForeignRule}})
	return w
}
