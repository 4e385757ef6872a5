package interconnect

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// badBase is a valid spec for seedWorld, in block style so rows can edit it.
const badBase = `name: ora-link
bandwidth: 1Gbps
azure:
  subscriptionId: ` + simSub + `
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  gateway:
    subnetPrefix: 10.10.255.0/27
oci:
  region: us-ashburn-1
  compartmentId: ` + simComp + `
  vcnId: ` + simVCN + `
peering:
  pool: 192.168.240.0/24
`

// edit returns badBase with old replaced by new (old must be present).
func edit(old, new string) string {
	if !strings.Contains(badBase, old) {
		panic("badinput: " + old + " not in the base spec")
	}
	return strings.Replace(badBase, old, new, 1)
}

type badInput struct {
	name  string
	spec  string
	world func(w *sim.World) // changes to the seeded world, if any
	// offline means the error needs no cloud: not a single call may be made.
	// Otherwise reads are allowed, but no write.
	offline bool
	want    string // the error must contain this
}

func badInputs() []badInput {
	// A billion laughs: the anchors expand to 10^9 values where they are used.
	aliasBomb := "defs: [&a [x,x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], " +
		"&d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]]\n" +
		strings.Replace(badBase, "  vcnId:", "  routeTableIds: [*f, *f, *f]\n  vcnId:", 1)
	off := func(name, spec, want string) badInput {
		return badInput{name: name, spec: spec, offline: true, want: want}
	}
	return append([]badInput{
		// Syntax, keys, types, size.
		off("unknown top-level key", badBase+"colour: blue\n", "colour: is not a known key"),
		off("unknown nested key", edit("  region: eastus\n", "  region: eastus\n  regoin: eastus\n"), "azure.regoin: is not a known key"),
		off("key in the wrong case", edit("  vcnId:", "  vcnID:"), "oci.vcnID: is not a known key"),
		off("duplicate key", badBase+"name: other\n", "name: is set twice"),
		off("duplicate nested key", edit("  region: eastus\n", "  region: eastus\n  region: westus\n"), "azure.region: is set twice"),
		off("YAML alias bomb", aliasBomb, "aliases"),
		off("10 MB file", badBase+"# "+strings.Repeat("x", 10<<20)+"\n", "more than the 1048576-byte"),
		off("two YAML documents", badBase+"---\n"+badBase, "a second YAML document"),
		off("empty file", "", "the spec is empty"),
		off("only a comment", "# nothing here\n", "the spec is empty"),
		off("not YAML at all", "\x00\x01\x02binary", "not valid YAML"),
		off("unclosed bracket", edit("  region: eastus", "  region: [eastus"), "not valid YAML"),
		off("JSON with only a name and a trailing comma", `{"name": "ora-link",}`, "oci.vcnId: is missing"),
		off("bandwidth as a list", edit("bandwidth: 1Gbps", "bandwidth: [1Gbps]"), "bandwidth:"),
		off("bandwidth is a word", edit("bandwidth: 1Gbps", "bandwidth: fast"), "bandwidth: fast is not a bandwidth"),
		off("vlan in quotes", badBase+"  vlan: \"100\"\n", "peering.vlan: 100 is in quotes"),
		off("fastPath yes", edit("  virtualNetwork: vnet-app\n", "  virtualNetwork: vnet-app\n  fastPath: yes\n"), "azure.fastPath: yes"),
		off("routeTableIds as a string", badBase[:strings.Index(badBase, "peering:")]+"  routeTableIds: ocid1.routetable.oc1.iad.aaaa\n", "oci.routeTableIds"),
		off("tags as a list", badBase+"tags: [a, b]\n", "tags:"),
		off("pool not a prefix", edit("  pool: 192.168.240.0/24", "  pool: 192.168.240.0/33"), "peering.pool: 192.168.240.0/33 is not a prefix"),
		// Bandwidth.
		off("3Gbps", edit("bandwidth: 1Gbps", "bandwidth: 3Gbps"), "bandwidth: 3Gbps is not offered"),
		off("500 Mbps", edit("bandwidth: 1Gbps", "bandwidth: 500"), "bandwidth: 500Mbps is not offered"),
		off("negative bandwidth", edit("bandwidth: 1Gbps", "bandwidth: -1Gbps"), "bandwidth:"),
		off("bandwidth missing", edit("bandwidth: 1Gbps\n", ""), "bandwidth: is missing"),
		// VLAN.
		off("VLAN 0", badBase+"  vlan: 0\n", "peering.vlan: 0 is not a valid value"),
		off("VLAN 4095", badBase+"  vlan: 4095\n", "peering.vlan: 4095 is outside 1–4094"),
		off("VLAN negative", badBase+"  vlan: -7\n", "peering.vlan: -7 is outside 1–4094"),
		// Pool and explicit /30s.
		off("IPv6 pool", edit("  pool: 192.168.240.0/24", "  pool: fd00::/64"), "peering.pool"),
		off("pool 0.0.0.0/0", edit("  pool: 192.168.240.0/24", "  pool: 0.0.0.0/0"), "peering.pool: 0.0.0.0/0 is larger than a /8"),
		off("pool /31", edit("  pool: 192.168.240.0/24", "  pool: 192.168.240.0/31"), "peering.pool: 192.168.240.0/31"),
		off("pool /30", edit("  pool: 192.168.240.0/24", "  pool: 192.168.240.0/30"), "peering.pool: 192.168.240.0/30"),
		off("pool unmasked", edit("  pool: 192.168.240.0/24", "  pool: 192.168.240.7/24"), "peering.pool: 192.168.240.7/24"),
		off("pool in loopback", edit("  pool: 192.168.240.0/24", "  pool: 127.0.0.0/24"), "loopback"),
		off("pool in multicast", edit("  pool: 192.168.240.0/24", "  pool: 224.0.0.0/24"), "multicast"),
		off("primary without secondary", badBase+"  primary: 192.168.240.0/30\n", "peering.secondary: is missing"),
		off("primary is a /31", badBase+"  primary: 192.168.240.0/31\n  secondary: 192.168.240.4/30\n", "peering.primary: 192.168.240.0/31"),
		off("primary equals secondary", badBase+"  primary: 192.168.240.0/30\n  secondary: 192.168.240.0/30\n", "peering"),
		off("primary is IPv6", badBase+"  primary: fd00::/126\n  secondary: 192.168.240.4/30\n", "peering.primary"),
		off("primary unmasked", badBase+"  primary: 192.168.240.1/30\n  secondary: 192.168.240.4/30\n", "did you mean 192.168.240.0/30"),
		// Regions and locations.
		off("unknown Azure region", edit("  region: eastus", "  region: moon-1"), "azure.region: moon-1 is not an Azure region"),
		off("mismatched region pair", edit("  region: us-ashburn-1", "  region: us-phoenix-1"), "oci.region: us-phoenix-1 is not the OCI region paired with"),
		off("unknown OCI region", edit("  region: us-ashburn-1", "  region: mars-central-1"), "oci.region"),
		off("peering location of another pair", edit("  region: eastus\n", "  region: eastus\n  peeringLocation: Phoenix\n"), "azure.peeringLocation: Phoenix is not a peering location"),
		// Gateway.
		off("FastPath on ErGw1AZ", edit("    subnetPrefix:", "    sku: ErGw1AZ\n    subnetPrefix:"), "azure.gateway.sku: ErGw1AZ cannot carry FastPath"),
		off("gateway subnet /28", edit("    subnetPrefix: 10.10.255.0/27", "    subnetPrefix: 10.10.255.0/28"), "is smaller than the /27"),
		off("gateway subnet IPv6", edit("    subnetPrefix: 10.10.255.0/27", "    subnetPrefix: fd00::/64"), "azure.gateway.subnetPrefix"),
		off("unknown gateway SKU", edit("    subnetPrefix:", "    sku: ErGw9AZ\n    subnetPrefix:"), "is not an ExpressRoute gateway SKU"),
		off("scaleUnits without ErGwScale", edit("    subnetPrefix:", "    scaleUnits: 10\n    subnetPrefix:"), "applies only to sku ErGwScale"),
		off("scaleUnits 41", edit("    subnetPrefix:", "    sku: ErGwScale\n    scaleUnits: 41\n    subnetPrefix:"), "azure.gateway.scaleUnits"),
		off("scaleUnits 4 with FastPath", edit("    subnetPrefix:", "    sku: ErGwScale\n    scaleUnits: 4\n    subnetPrefix:"), "too few for FastPath"),
		off("circuit tier Gold", edit("  virtualNetwork: vnet-app\n", "  virtualNetwork: vnet-app\n  circuitSku: {tier: Gold}\n"), "azure.circuitSku.tier: Gold"),
		// Names and IDs.
		off("subscription not a GUID", edit(simSub, "my-subscription"), "azure.subscriptionId: my-subscription is not a subscription ID"),
		off("resource group with a slash", edit("rg-network", "rg/network"), "azure.resourceGroup"),
		off("resource group of 91 characters", edit("rg-network", strings.Repeat("r", 91)), "azure.resourceGroup"),
		off("VNet name with a space", edit("vnet-app", "\"vnet app\""), "azure.virtualNetwork"),
		off("compartment OCID of a VCN", edit(simComp, "ocid1.vcn.oc1.iad.aaaaaaaaxyz"), "is the OCID of a VCN, not of a compartment"),
		off("VCN OCID of a DRG", edit(simVCN, "ocid1.drg.oc1.iad.aaaaaaaaxyz"), "oci.vcnId"),
		off("VCN OCID in another region", edit(simVCN, "ocid1.vcn.oc1.phx.aaaaaaaaxyz"), "is in region phx"),
		off("VCN id not an OCID", edit(simVCN, "vcn-prod"), "oci.vcnId: vcn-prod is not an OCID"),
		off("DRG OCID of a VCN", edit("  vcnId:", "  drgId: ocid1.vcn.oc1.iad.aaaaaaaaxyz\n  vcnId:"), "oci.drgId"),
		off("route table OCID of a subnet", edit("  vcnId: "+simVCN+"\n", "  vcnId: "+simVCN+"\n  routeTableIds: [ocid1.subnet.oc1.iad.aaaaaaaaxyz]\n"), "oci.routeTableIds[0]"),
		off("name in capitals", edit("name: ora-link", "name: Ora-Link"), "name: Ora-Link may hold only lowercase"),
		off("name with Cyrillic letters", edit("name: ora-link", "name: оra-link"), "name:"),
		off("name with an emoji", edit("name: ora-link", "name: \"ora-🔗\""), "name:"),
		off("name of 41 characters", edit("name: ora-link", "name: "+strings.Repeat("a", 41)), "is 41 characters long"),
		off("name missing", edit("name: ora-link\n", ""), "name: is missing"),
		off("name with a NUL", edit("name: ora-link", "name: \"ora\\0link\""), "name:"),
		// Secrets and tags.
		off("MD5 key of 33 characters", badBase+"  md5AuthKey: "+strings.Repeat("k", 33)+"\n", "peering.md5AuthKey: is longer than the 32 characters"),
		off("MD5 key not ASCII", badBase+"  md5AuthKey: \"clé-secrète\"\n", "peering.md5AuthKey"),
		off("reserved tag key", badBase+"tags: {azoci-interconnect: mine}\n", "tags.azoci-interconnect: is reserved"),
		off("tag key with <", badBase+"tags: {\"a<b\": x}\n", "tags"),
		off("tag key with a period", badBase+"tags: {cost.center: x}\n", "period or space"),
		off("ten tags", badBase+"tags: {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n", "tags: has 10 entries"),
		off("tag value of 257 characters", badBase+"tags: {a: "+strings.Repeat("v", 257)+"}\n", "tags"),
		off("oci section missing", badBase[:strings.Index(badBase, "oci:")], "oci.vcnId: is missing"),
		off("subscription of another client", edit(simSub, "11111111-2222-3333-4444-555555555555"), "the Azure client is for subscription"),
		// Maximum resiliency.
		off("resiliency unknown", "resiliency: high\n"+badBase, "resiliency: high is not a resiliency; use standard (one circuit at one peering location, the default) or maximum (a circuit at each of two peering locations)"),
		off("maximum in a one-location pair", "resiliency: maximum\n"+strings.NewReplacer("region: eastus", "region: westus3", "region: us-ashburn-1", "region: us-phoenix-1", ".iad.", ".phx.").Replace(badBase),
			"resiliency: maximum needs two peering locations, and Azure region westus3 (paired with us-phoenix-1) has one, Phoenix; the region pairs with two are canadacentral ↔ ca-toronto-1 (Toronto, Toronto2), eastus ↔ us-ashburn-1 (Washington DC, Washington DC2) and germanywestcentral ↔ eu-frankfurt-1 (Frankfurt, Frankfurt2): use one of those, or resiliency: standard"),
		off("both location keys", "resiliency: maximum\n"+edit("  region: eastus\n", "  region: eastus\n  peeringLocation: Washington DC\n  peeringLocations: [Washington DC, Washington DC2]\n"),
			"azure.peeringLocations: is set together with azure.peeringLocation; keep one: remove azure.peeringLocation (the first of peeringLocations is the first location), or remove peeringLocations to pair azure.peeringLocation with the region pair's other location"),
		off("two locations with standard", edit("  region: eastus\n", "  region: eastus\n  peeringLocations: [Washington DC, Washington DC2]\n"),
			"azure.peeringLocations: lists the two peering locations of maximum resiliency, and resiliency is standard; set resiliency: maximum, or give the one location in azure.peeringLocation"),
		off("one location listed", "resiliency: maximum\n"+edit("  region: eastus\n", "  region: eastus\n  peeringLocations: [Washington DC]\n"),
			`azure.peeringLocations: has 1 entries; list exactly two distinct peering locations of the eastus ↔ us-ashburn-1 pair, from one of "Washington DC", "Washington DC2"`),
		off("the same location twice", "resiliency: maximum\n"+edit("  region: eastus\n", "  region: eastus\n  peeringLocations: [Washington DC2, washington dc2]\n"),
			`azure.peeringLocations[1]: "Washington DC2" is the same location as azure.peeringLocations[0]; maximum resiliency needs two distinct locations`),
		off("a location of another pair", "resiliency: maximum\n"+edit("  region: eastus\n", "  region: eastus\n  peeringLocations: [Washington DC, Frankfurt2]\n"),
			`azure.peeringLocations[1]: Frankfurt2 is not a peering location of the eastus ↔ us-ashburn-1 pair; use one of "Washington DC", "Washington DC2"`),
		off("preferred location not one of the two", "resiliency: maximum\n"+edit("  region: eastus\n", "  region: eastus\n  preferredPeeringLocation: Toronto\n"),
			`azure.preferredPeeringLocation: Toronto is not one of the interconnect's peering locations, one of "Washington DC", "Washington DC2"; name one of them, or remove it for equal weights`),
		off("preferred location with standard", edit("  region: eastus\n", "  region: eastus\n  preferredPeeringLocation: Washington DC\n"),
			`azure.preferredPeeringLocation: "Washington DC" weighs the connections of maximum resiliency, and resiliency is standard (one connection); remove it, or set resiliency: maximum`),
		off("second location's /30s with standard", badBase+"  secondLocation: {primary: 192.168.241.0/30, secondary: 192.168.241.4/30}\n",
			"peering.secondLocation: holds the BGP blocks of the second peering location, and resiliency is standard (one location); remove it, or set resiliency: maximum"),
		off("second location's /30s overlapping the first's", "resiliency: maximum\n"+badBase+"  primary: 192.168.240.0/30\n  secondary: 192.168.240.4/30\n  secondLocation: {primary: 192.168.240.8/30, secondary: 192.168.240.4/30}\n",
			"peering.secondLocation.secondary: 192.168.240.4/30 overlaps peering.secondary 192.168.240.4/30; the four BGP /30s of the two locations must all differ"),
		off("second location's primary alone", "resiliency: maximum\n"+badBase+"  secondLocation: {primary: 192.168.241.0/30}\n",
			"peering.secondLocation.secondary: is missing while peering.secondLocation.primary is set"),
		off("pool too small for four /30s", "resiliency: maximum\n"+edit("  pool: 192.168.240.0/24", "  pool: 192.168.240.0/29"),
			"peering.pool: 192.168.240.0/29 has fewer than the 4 free /30s maximum resiliency takes from it (two per location without explicit blocks) outside azure.gateway.subnetPrefix and the explicit blocks; choose a larger pool, or give the blocks explicitly"),
		off("nine tags with maximum", "resiliency: maximum\n"+badBase+"tags: {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}\n",
			"tags: has 9 entries; OCI allows 10 free-form tags per resource, and with resiliency maximum the second virtual circuit carries two of the library's (azoci-interconnect and azoci-interconnect-location), so set at most 8"),

		// Problems only the clouds can show: reads, but no write.
		{name: "VNet does not exist", spec: edit("vnet-app", "vnet-missing"), want: "azure.virtualNetwork: vnet-missing not found"},
		{name: "VCN does not exist", spec: edit(simVCN, "ocid1.vcn.oc1.iad.aaaaaaaamissing"), want: "oci.vcnId: ocid1.vcn.oc1.iad.aaaaaaaamissing VCN not found"},
		{name: "pool inside the VNet", spec: edit("  pool: 192.168.240.0/24", "  pool: 10.10.200.0/24"), want: "peering.pool: 10.10.200.0/24 has 0 free /30 left after avoiding VNet vnet-app [10.10.0.0/16] and VCN vcn (" + simVCN + ") [10.20.0.0/16]"},
		{name: "pool inside the VCN", spec: edit("  pool: 192.168.240.0/24", "  pool: 10.20.5.0/24"), want: "peering.pool: 10.20.5.0/24 has 0 free /30 left after avoiding"},
		{name: "explicit /30s inside the VNet", spec: badBase + "  primary: 10.10.2.0/30\n  secondary: 10.10.2.4/30\n", want: "" +
			"peering.primary: 10.10.2.0/30 overlaps address space 10.10.0.0/16 of VNet vnet-app; choose a /30 outside VNet vnet-app [10.10.0.0/16] and VCN vcn (" + simVCN + ") [10.20.0.0/16], or leave peering.primary and peering.secondary unset to have them allocated from peering.pool (192.168.240.0/24)\n" +
			"peering.secondary: 10.10.2.4/30 overlaps address space 10.10.0.0/16 of VNet vnet-app; choose a /30 outside VNet vnet-app [10.10.0.0/16] and VCN vcn (" + simVCN + ") [10.20.0.0/16], or leave peering.primary and peering.secondary unset to have them allocated from peering.pool (192.168.240.0/24)"},
		{name: "explicit primary inside the VCN", spec: badBase + "  primary: 10.20.7.0/30\n  secondary: 192.168.240.4/30\n", want: "" +
			"peering.primary: 10.20.7.0/30 overlaps CIDR 10.20.0.0/16 of VCN vcn (" + simVCN + "); choose a /30 outside VNet vnet-app [10.10.0.0/16] and VCN vcn (" + simVCN + ") [10.20.0.0/16], or leave peering.primary and peering.secondary unset to have them allocated from peering.pool (192.168.240.0/24)"},
		{name: "VNet in another region", spec: edit("vnet-app", "vnet-west"), world: func(w *sim.World) {
			w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-west", Region: "westus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")}})
		}, want: "azure.region: eastus does not match the VNet vnet-west, which is in westus"},
		{name: "VCN overlapping the VNet", spec: edit(simVCN, "ocid1.vcn.oc1.iad.aaaaaaaaoverlap"), world: func(w *sim.World) {
			w.AddVCN(sim.VCN{ID: "ocid1.vcn.oc1.iad.aaaaaaaaoverlap", CompartmentID: simComp, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.10.128.0/17")}})
		}, want: "CIDR 10.10.128.0/17 of VCN vcn (ocid1.vcn.oc1.iad.aaaaaaaaoverlap) overlaps address space 10.10.0.0/16 of VNet vnet-app"},
		{name: "gateway subnet overlapping a subnet", spec: edit("10.10.255.0/27", "10.10.1.0/27"), want: "overlaps subnet apps (10.10.1.0/24)"},
		{name: "gateway subnet outside the VNet", spec: edit("10.10.255.0/27", "10.99.0.0/27"), want: "is outside the VNet's address space"},
		{name: "no GatewaySubnet and no prefix", spec: edit("  gateway:\n    subnetPrefix: 10.10.255.0/27\n", ""), want: "azure.gateway.subnetPrefix: is required: VNet vnet-app has no GatewaySubnet"},
		{name: "existing GatewaySubnet too small", spec: edit("vnet-app", "vnet-small"), world: func(w *sim.World) {
			w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-small", Region: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.40.0.0/16")},
				Subnets: map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.40.255.0/28")}})
		}, want: "has a GatewaySubnet 10.40.255.0/28, smaller than the /27"},
		{name: "route table that does not exist", spec: edit("  vcnId: "+simVCN+"\n", "  vcnId: "+simVCN+"\n  routeTableIds: [ocid1.routetable.oc1.iad.aaaaaaaamissing]\n"), want: "route table not found"},
		{name: "DRG that does not exist", spec: edit("  vcnId:", "  drgId: ocid1.drg.oc1.iad.aaaaaaaamissing\n  vcnId:"), want: "oci.drgId: ocid1.drg.oc1.iad.aaaaaaaamissing DRG not found"},
		{name: "bandwidth FastConnect does not offer here", spec: edit("bandwidth: 1Gbps", "bandwidth: 2Gbps"), world: func(w *sim.World) {
			w.SetProviderServices([]sim.ProviderService{{ProviderService: oci.ProviderService{ID: sim.AzureProviderServiceID, ProviderName: oci.AzureProviderName, Type: "LAYER3", CircuitTypes: []string{"PRIVATE"}},
				Shapes: []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}}}})
		}, want: `has no 2Gbps shape (it offers 1Gbps)`},
		{name: "peering location the provider does not offer", spec: badBase, world: func(w *sim.World) {
			w.SetServiceProviders([]azure.ServiceProvider{{Name: azure.OracleServiceProvider, PeeringLocations: []string{"Phoenix"}, BandwidthsMbps: []int{1000}}})
		}, want: "azure.peeringLocation: \"Washington DC\" is not offered by Oracle Cloud FastConnect"},
		{name: "no FastConnect to Azure in the region", spec: badBase, world: func(w *sim.World) { w.SetProviderServices(nil) }, want: "no FastConnect provider service \"Microsoft Azure\""},
		{name: "circuit name taken by someone else", spec: badBase, world: func(w *sim.World) {
			_, err := w.Azure().PutCircuit(context.Background(), "rg-network", azure.Circuit{Name: "ora-link-er", Location: "eastus", SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
				ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000})
			if err != nil {
				panic(err)
			}
		}, want: "ExpressRoute circuit ora-link-er exists and is not managed by this interconnect"},
		// Maximum resiliency, against the clouds.
		{name: "second location the provider does not offer", spec: "resiliency: maximum\n" + badBase, world: func(w *sim.World) {
			w.SetServiceProviders([]azure.ServiceProvider{{Name: azure.OracleServiceProvider, PeeringLocations: []string{"Washington DC"}, BandwidthsMbps: []int{1000}}})
		}, want: `azure.peeringLocations[1]: "Washington DC2" is not offered by Oracle Cloud FastConnect; it offers Washington DC`},
		{name: "second circuit name taken by someone else", spec: "resiliency: maximum\n" + badBase, world: func(w *sim.World) {
			_, err := w.Azure().PutCircuit(context.Background(), "rg-network", azure.Circuit{Name: "ora-link-er-2", Location: "eastus", SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
				ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC2", BandwidthMbps: 1000})
			if err != nil {
				panic(err)
			}
		}, want: "name: ora-link ExpressRoute circuit ora-link-er-2 exists and is not managed by this interconnect (no azoci-interconnect=ora-link tag); choose another name"},
		{name: "second circuit at another location", spec: "resiliency: maximum\n" + badBase, world: func(w *sim.World) {
			_, err := w.Azure().PutCircuit(context.Background(), "rg-network", azure.Circuit{Name: "ora-link-er-2", Location: "eastus", SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
				ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000, Tags: map[string]string{OwnershipTagKey: "ora-link"}})
			if err != nil {
				panic(err)
			}
		}, want: `azure.peeringLocations[1]: "Washington DC2" circuit ora-link-er-2 exists at Washington DC with Oracle Cloud FastConnect; the provider and location of a circuit cannot change: run destroy first, or set the spec back`},
		{name: "pool without room for the second location", spec: "resiliency: maximum\n" + strings.Replace(edit("  pool: 192.168.240.0/24", "  pool: 10.10.254.0/28"), "peering:\n", "peering:\n  primary: 192.168.241.0/30\n  secondary: 192.168.241.4/30\n", 1),
			want: "peering.pool: 10.10.254.0/28 has 0 free /30 left after avoiding VNet vnet-app [10.10.0.0/16], VCN vcn (" + simVCN + ") [10.20.0.0/16] and the first location's /30s 192.168.241.0/30 and 192.168.241.4/30; the second location's two BGP /30s need 2: choose a larger pool, or one that overlaps these networks less"},
	}, gatewayLimitInputs()...) // the limits of the VNet's existing gateway (limits_test.go)
}

// TestBadInputs runs every malformed spec and hostile value through ParseSpec
// and Plan against the simulator. Each gives a clear error and no write;
// problems that can be found offline make no call at all.
func TestBadInputs(t *testing.T) {
	rows := badInputs()
	if len(rows) < 60 {
		t.Fatalf("only %d bad inputs", len(rows))
	}
	offline := 0
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := seedWorld()
				if tt.world != nil {
					tt.world(w)
				}
				mark := len(w.Calls())
				s, err := ParseSpec([]byte(tt.spec))
				if err == nil {
					_, err = newSimClient(w).Plan(context.Background(), s)
				}
				if err == nil {
					t.Fatal("accepted")
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error does not contain %q:\n%v", tt.want, err)
				}
				if strings.Contains(err.Error(), "ipam:") {
					t.Errorf("a package's prefix in the user's error:\n%v", err)
				}
				calls := w.Calls()[mark:]
				if tt.offline && len(calls) > 0 {
					t.Errorf("an offline problem made %d calls, the first %s", len(calls), calls[0].Operation)
				}
				for _, c := range calls {
					if c.Mutating {
						t.Errorf("made a write: %s %s", c.Operation, c.Resource)
					}
				}
				if testing.Verbose() {
					t.Logf("error: %s", strings.ReplaceAll(err.Error(), "\n", " | "))
				}
			})
		})
		if tt.offline {
			offline++
		}
	}
	t.Logf("bad inputs: %d (%d found offline with no call, %d found against the clouds with reads only)", len(rows), offline, len(rows)-offline)
}
