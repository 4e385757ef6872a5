package interconnect

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/secret"
)

// baseSpec is a valid spec with only the required fields set.
func baseSpec(t testing.TB) Spec {
	t.Helper()
	s, err := ParseSpec(mustRead(t, "testdata/minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// problemFields returns the field of each problem in err, which must be nil
// or a *ValidationError.
func problemFields(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate returned %T %v, want *ValidationError", err, err)
	}
	if err != error(ve) {
		t.Fatalf("Validate wrapped its *ValidationError: %T", err)
	}
	fields := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		fields[i] = p.Field
		if p.Problem == "" {
			t.Errorf("problem for %s has no text", p.Field)
		}
		if p.Line != 0 {
			t.Errorf("validation problem for %s has a line", p.Field)
		}
	}
	if !slices.IsSorted(fields) {
		t.Errorf("problems are not sorted by field: %v", fields)
	}
	return fields
}

func TestValidateValidSpecs(t *testing.T) {
	for _, file := range []string{"testdata/full.yaml", "testdata/minimal.yaml", "testdata/full.json", "testdata/hub-and-spoke.yaml", "testdata/maximum.yaml"} {
		s, err := ParseSpec(mustRead(t, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		if err := s.WithDefaults(nil).Validate(); err != nil {
			t.Errorf("%s with defaults: %v", file, err)
		}
	}
}

func TestValidateEachCheck(t *testing.T) {
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	p := netip.MustParsePrefix
	tests := []struct {
		name   string
		edit   func(*Spec)
		fields []string // exact field paths of every problem, sorted
		text   string   // a substring of the error text
	}{
		// Required fields.
		{"name missing", func(s *Spec) { s.Name = "" }, []string{"name"}, "name: is missing; set it to a short lowercase name"},
		{"bandwidth missing", func(s *Spec) { s.Bandwidth = 0 }, []string{"bandwidth"}, "bandwidth: is missing; set it to 1Gbps, 2Gbps, 5Gbps or 10Gbps"},
		{"subscription missing", func(s *Spec) { s.Azure.SubscriptionID = "" }, []string{"azure.subscriptionId"}, "is missing"},
		{"resource group missing", func(s *Spec) { s.Azure.ResourceGroup = " " }, []string{"azure.resourceGroup"}, "is missing"},
		{"region missing", func(s *Spec) { s.Azure.Region = "" }, []string{"azure.region"}, "azure.region: is missing; set it to the Azure region of the VNet, one of: brazilsouth, canadacentral, eastus"},
		{"vnet missing", func(s *Spec) { s.Azure.VirtualNetwork = "" }, []string{"azure.virtualNetwork"}, "is missing"},
		{"oci region missing", func(s *Spec) { s.OCI.Region = "" }, []string{"oci.region"}, "is missing"},
		{"compartment missing", func(s *Spec) { s.OCI.CompartmentID = "" }, []string{"oci.compartmentId"}, "is missing"},
		{"vcn missing", func(s *Spec) { s.OCI.VCNID = "" }, []string{"oci.vcnId"}, "is missing"},
		{"everything missing", func(s *Spec) { *s = Spec{} }, []string{"azure.region", "azure.resourceGroup", "azure.subscriptionId", "azure.virtualNetwork", "bandwidth", "name", "oci.compartmentId", "oci.region", "oci.vcnId"}, ""},

		// name
		{"name uppercase", func(s *Spec) { s.Name = "Ora-Link" }, []string{"name"}, "name: Ora-Link may hold only lowercase letters, digits and hyphens"},
		{"name underscore", func(s *Spec) { s.Name = "ora_link" }, []string{"name"}, "may hold only"},
		{"name leading hyphen", func(s *Spec) { s.Name = "-ora" }, []string{"name"}, "start and end with a letter or digit"},
		{"name trailing hyphen", func(s *Spec) { s.Name = "ora-" }, []string{"name"}, "start and end"},
		{"name too long", func(s *Spec) { s.Name = long(41, "a") }, []string{"name"}, "is 41 characters long; use at most 40"},
		{"name 40 ok", func(s *Spec) { s.Name = long(40, "a") }, nil, ""},
		{"name 1 ok", func(s *Spec) { s.Name = "a" }, nil, ""},

		// bandwidth
		{"bandwidth 3Gbps", func(s *Spec) { s.Bandwidth = 3 * Gbps }, []string{"bandwidth"}, "bandwidth: 3Gbps is not offered for Azure–OCI interconnects"},
		{"bandwidth 500Mbps", func(s *Spec) { s.Bandwidth = 500 }, []string{"bandwidth"}, "500Mbps is not offered"},
		{"bandwidth negative", func(s *Spec) { s.Bandwidth = -1000 }, []string{"bandwidth"}, "not offered"},
		{"bandwidth 10Gbps ok", func(s *Spec) { s.Bandwidth = 10 * Gbps }, nil, ""},

		// subscription
		{"subscription not a GUID", func(s *Spec) { s.Azure.SubscriptionID = "my-subscription" }, []string{"azure.subscriptionId"}, "my-subscription is not a subscription ID; it is a GUID"},
		{"subscription short GUID", func(s *Spec) { s.Azure.SubscriptionID = "0b1f6471-1bf0-4dda-aec3-11112222333" }, []string{"azure.subscriptionId"}, "not a subscription ID"},
		{"subscription braces", func(s *Spec) { s.Azure.SubscriptionID = "{0b1f6471-1bf0-4dda-aec3-111122223333}" }, []string{"azure.subscriptionId"}, "not a subscription ID"},
		{"subscription uppercase ok", func(s *Spec) { s.Azure.SubscriptionID = "0B1F6471-1BF0-4DDA-AEC3-111122223333" }, nil, ""},

		// Azure names
		{"resource group too long", func(s *Spec) { s.Azure.ResourceGroup = long(91, "r") }, []string{"azure.resourceGroup"}, "is 91 characters long; Azure allows at most 90"},
		{"resource group 90 ok", func(s *Spec) { s.Azure.ResourceGroup = long(90, "r") }, nil, ""},
		{"resource group bad char", func(s *Spec) { s.Azure.ResourceGroup = "rg/net" }, []string{"azure.resourceGroup"}, "contains '/'"},
		{"resource group trailing period", func(s *Spec) { s.Azure.ResourceGroup = "rg.net." }, []string{"azure.resourceGroup"}, "ends with a period"},
		{"resource group unicode and parens ok", func(s *Spec) { s.Azure.ResourceGroup = "réseau_(prod).1-a" }, nil, ""},
		{"vnet too short", func(s *Spec) { s.Azure.VirtualNetwork = "v" }, []string{"azure.virtualNetwork"}, "is 1 characters long; Azure allows 2–64"},
		{"vnet too long", func(s *Spec) { s.Azure.VirtualNetwork = long(65, "v") }, []string{"azure.virtualNetwork"}, "2–64"},
		{"vnet bad char", func(s *Spec) { s.Azure.VirtualNetwork = "vnet app" }, []string{"azure.virtualNetwork"}, `azure.virtualNetwork: "vnet app" contains ' '`},
		{"vnet bad start", func(s *Spec) { s.Azure.VirtualNetwork = "_vnet" }, []string{"azure.virtualNetwork"}, "must start with a letter or digit"},
		{"vnet bad end", func(s *Spec) { s.Azure.VirtualNetwork = "vnet." }, []string{"azure.virtualNetwork"}, "must end with a letter, digit or underscore"},
		{"vnet underscore end ok", func(s *Spec) { s.Azure.VirtualNetwork = "vnet.app-1_" }, nil, ""},
		{"gateway name too long", func(s *Spec) { s.Azure.Gateway.Name = long(81, "g") }, []string{"azure.gateway.name"}, "1–80"},
		{"gateway name bad char", func(s *Spec) { s.Azure.Gateway.Name = "gw#1" }, []string{"azure.gateway.name"}, "contains '#'"},

		// Region pair.
		{"unknown azure region", func(s *Spec) { s.Azure.Region = "East US 9" }, []string{"azure.region"}, `azure.region: "East US 9" is not an Azure region with a known OCI interconnect; use one of: brazilsouth, canadacentral, eastus, germanywestcentral, japaneast, koreacentral, southafricanorth, southeastasia, uksouth, westeurope, westus, westus3`},
		{"unknown azure region hints oci pair", func(s *Spec) { s.Azure.Region = "eastus2" }, []string{"azure.region"}, "oci.region us-ashburn-1 pairs with eastus"},
		{"both regions unknown", func(s *Spec) { s.Azure.Region = "eastus2"; s.OCI.Region = "us-chicago-1" }, []string{"azure.region", "oci.region"}, "oci.region: us-chicago-1 is not an OCI region in the region-pair catalog"},
		{"oci region unknown, azure region missing", func(s *Spec) { s.Azure.Region = ""; s.OCI.Region = "mars-1" }, []string{"azure.region", "oci.region"}, "oci.region: mars-1 is not an OCI region in the region-pair catalog"},
		{"azure region any case ok", func(s *Spec) { s.Azure.Region = "East US" }, nil, ""},
		{"oci region mismatch", func(s *Spec) { s.OCI.Region = "us-phoenix-1" }, []string{"oci.region"}, "oci.region: us-phoenix-1 is not the OCI region paired with Azure region eastus; use us-ashburn-1"},
		{"oci region and vcn mismatch", func(s *Spec) { s.OCI.Region = "us-phoenix-1"; s.OCI.VCNID = "ocid1.vcn.oc1.phx.aaaa" }, []string{"oci.region", "oci.vcnId"}, "but the OCI side of this interconnect is in us-ashburn-1"},
		{"vcn region checked against oci.region when azure region is unknown", func(s *Spec) { s.Azure.Region = "mars"; s.OCI.VCNID = "ocid1.vcn.oc1.phx.aaaa" }, []string{"azure.region", "oci.vcnId"}, "is in region phx"},
		{"oci region by key ok", func(s *Spec) { s.OCI.Region = "IAD" }, nil, ""},
		{"peering location of another pair", func(s *Spec) { s.Azure.PeeringLocation = "Silicon Valley" }, []string{"azure.peeringLocation"}, `azure.peeringLocation: "Silicon Valley" is not a peering location of the eastus ↔ us-ashburn-1 pair; use one of "Washington DC", "Washington DC2", or leave it unset for Washington DC`},
		{"peering location single option", func(s *Spec) {
			s.Azure.Region = "westus3"
			s.OCI.Region = "us-phoenix-1"
			s.OCI.VCNID = "ocid1.vcn.oc1.phx.aaaa"
			s.Azure.PeeringLocation = "Dallas"
		}, []string{"azure.peeringLocation"}, `use "Phoenix", or leave it unset`},
		{"peering location any case ok", func(s *Spec) { s.Azure.PeeringLocation = "washington dc2" }, nil, ""},

		// Circuit SKU.
		{"sku tier", func(s *Spec) { s.Azure.CircuitSKU.Tier = "Basic" }, []string{"azure.circuitSku.tier"}, "azure.circuitSku.tier: Basic is not an ExpressRoute circuit tier; use Standard, Premium or Local"},
		{"tier Local ok", func(s *Spec) { s.Azure.CircuitSKU.Tier = "Local"; s.Azure.CircuitSKU.Family = "UnlimitedData" }, nil, ""},
		{"tier Local takes UnlimitedData by default", func(s *Spec) { s.Azure.CircuitSKU.Tier = "local" }, nil, ""},
		{"tier Local with MeteredData", func(s *Spec) { s.Azure.CircuitSKU.Tier = "Local"; s.Azure.CircuitSKU.Family = "MeteredData" },
			[]string{"azure.circuitSku.family"}, "azure.circuitSku.family: MeteredData cannot go with tier Local: ExpressRoute Local comes only with UnlimitedData"},
		{"sku family", func(s *Spec) { s.Azure.CircuitSKU.Family = "Unlimited" }, []string{"azure.circuitSku.family"}, "use MeteredData or UnlimitedData"},
		{"sku any case ok", func(s *Spec) { s.Azure.CircuitSKU = CircuitSKU{"premium", "UNLIMITEDDATA"} }, nil, ""},

		// Gateway SKU and FastPath.
		{"gateway sku unknown", func(s *Spec) { s.Azure.Gateway.SKU = "ErGw4AZ" }, []string{"azure.gateway.sku"}, "ErGw4AZ is not an ExpressRoute gateway SKU; use one of ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale, Standard, HighPerformance, UltraPerformance"},
		{"fastPath default needs capable sku", func(s *Spec) { s.Azure.Gateway.SKU = "ErGw1AZ" }, []string{"azure.gateway.sku"}, "azure.gateway.sku: ErGw1AZ cannot carry FastPath (FastPath is on by default), which needs ErGw3AZ, UltraPerformance, or ErGwScale with at least 10 scale units; set sku: ErGw3AZ, or azure.fastPath: false"},
		{"fastPath explicit needs capable sku", func(s *Spec) { s.Azure.Gateway.SKU = "Standard"; s.Azure.FastPath = ptr(true) }, []string{"azure.gateway.sku"}, "(azure.fastPath is true)"},
		{"fastPath off with ErGw1AZ ok", func(s *Spec) { s.Azure.Gateway.SKU = "ErGw1AZ"; s.Azure.FastPath = ptr(false) }, nil, ""},
		{"UltraPerformance ok", func(s *Spec) { s.Azure.Gateway.SKU = "UltraPerformance" }, nil, ""},
		{"ErGwScale few units with fastPath", func(s *Spec) { s.Azure.Gateway.SKU = "ErGwScale"; s.Azure.Gateway.ScaleUnits = 4 }, []string{"azure.gateway.scaleUnits"}, "azure.gateway.scaleUnits: 4 is too few for FastPath (FastPath is on by default), which needs an ErGwScale gateway with at least 10 scale units; set scaleUnits: 10 or more, or azure.fastPath: false"},
		{"ErGwScale few units without fastPath ok", func(s *Spec) {
			s.Azure.Gateway.SKU = "ErGwScale"
			s.Azure.Gateway.ScaleUnits = 1
			s.Azure.FastPath = ptr(false)
		}, nil, ""},
		{"ErGwScale default units ok", func(s *Spec) { s.Azure.Gateway.SKU = "ErGwScale" }, nil, ""},
		{"scale units too many", func(s *Spec) { s.Azure.Gateway.SKU = "ErGwScale"; s.Azure.Gateway.ScaleUnits = 41 }, []string{"azure.gateway.scaleUnits"}, "41 is outside the 1–40 scale units an ErGwScale gateway allows"},
		{"scale units negative", func(s *Spec) { s.Azure.Gateway.SKU = "ErGwScale"; s.Azure.Gateway.ScaleUnits = -1 }, []string{"azure.gateway.scaleUnits"}, "outside the 1–40"},
		{"scale units without ErGwScale", func(s *Spec) { s.Azure.Gateway.ScaleUnits = 10 }, []string{"azure.gateway.scaleUnits"}, "azure.gateway.scaleUnits: 10 applies only to sku ErGwScale, and sku is ErGw3AZ; remove scaleUnits or set sku: ErGwScale"},

		// Gateway subnet.
		{"gateway subnet too small", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("10.1.0.0/28") }, []string{"azure.gateway.subnetPrefix"}, "azure.gateway.subnetPrefix: 10.1.0.0/28 is smaller than the /27 an ExpressRoute gateway subnet needs; use a /27 or larger"},
		{"gateway subnet unmasked", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("10.1.0.5/27") }, []string{"azure.gateway.subnetPrefix"}, "has host bits set; did you mean 10.1.0.0/27?"},
		{"gateway subnet IPv6", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("fd00::/64") }, []string{"azure.gateway.subnetPrefix"}, "is not IPv4"},
		{"gateway subnet /24 ok", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("10.1.0.0/24") }, nil, ""},

		// OCIDs.
		{"compartment not an OCID", func(s *Spec) { s.OCI.CompartmentID = "my-compartment" }, []string{"oci.compartmentId"}, "my-compartment is not an OCID; give the OCID of a compartment (ocid1.compartment.oc1.…)"},
		{"compartment is a vcn", func(s *Spec) { s.OCI.CompartmentID = "ocid1.vcn.oc1.iad.aaaa" }, []string{"oci.compartmentId"}, "is the OCID of a VCN, not of a compartment"},
		{"tenancy as compartment ok", func(s *Spec) { s.OCI.CompartmentID = "ocid1.tenancy.oc1..aaaa" }, nil, ""},
		{"vcn is a subnet", func(s *Spec) { s.OCI.VCNID = "ocid1.subnet.oc1.iad.aaaa" }, []string{"oci.vcnId"}, "oci.vcnId: ocid1.subnet.oc1.iad.aaaa is the OCID of a subnet, not of a VCN; give the OCID of a VCN (ocid1.vcn.oc1.…)"},
		{"vcn malformed", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1.iad" }, []string{"oci.vcnId"}, "is not a well-formed OCID"},
		{"vcn bad realm", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.xx1.iad.aaaa" }, []string{"oci.vcnId"}, "is not a well-formed OCID"},
		{"vcn uppercase unique part", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1.iad.AAAA" }, []string{"oci.vcnId"}, "is not a well-formed OCID"},
		{"vcn in another region", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1.phx.aaaa" }, []string{"oci.vcnId"}, "oci.vcnId: ocid1.vcn.oc1.phx.aaaa is in region phx, but the OCI side of this interconnect is in us-ashburn-1 (key iad); use a VCN in us-ashburn-1"},
		{"vcn region by name ok", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1.us-ashburn-1.aaaa" }, nil, ""},
		{"vcn with future segment ok", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1.iad.abc.aaaa" }, nil, ""},
		{"vcn without region", func(s *Spec) { s.OCI.VCNID = "ocid1.vcn.oc1..aaaa" }, []string{"oci.vcnId"}, "has no region segment"},
		{"drg is a vcn", func(s *Spec) { s.OCI.DRGID = "ocid1.vcn.oc1.iad.aaaa" }, []string{"oci.drgId"}, "not of a DRG"},
		{"drg in another region", func(s *Spec) { s.OCI.DRGID = "ocid1.drg.oc1.eu-frankfurt-1.aaaa" }, []string{"oci.drgId"}, "is in region eu-frankfurt-1"},
		{"route table wrong kind", func(s *Spec) {
			s.OCI.RouteTableIDs = []string{"ocid1.routetable.oc1.iad.aaaa", "ocid1.securitylist.oc1.iad.bbbb"}
		}, []string{"oci.routeTableIds[1]"}, "is the OCID of a securitylist, not of a route table"},
		{"route table duplicate", func(s *Spec) {
			s.OCI.RouteTableIDs = []string{"ocid1.routetable.oc1.iad.aaaa", "ocid1.routetable.oc1.iad.bbbb", "ocid1.routetable.oc1.iad.aaaa"}
		}, []string{"oci.routeTableIds[2]"}, "repeats oci.routeTableIds[0]; list each route table once"},
		{"route table empty", func(s *Spec) { s.OCI.RouteTableIDs = []string{""} }, []string{"oci.routeTableIds[0]"}, "is empty"},
		{"route table other region", func(s *Spec) { s.OCI.RouteTableIDs = []string{"ocid1.routetable.oc1.phx.aaaa"} }, []string{"oci.routeTableIds[0]"}, "is in region phx"},

		// The estate: spokes and more VCNs.
		{"spoke ok", func(s *Spec) {
			s.Azure.Spokes = []SpokeSpec{{VirtualNetwork: "vnet-app1"}, {VirtualNetwork: "vnet-app1", ResourceGroup: "rg-apps"}}
		}, nil, ""},
		{"spoke missing name", func(s *Spec) { s.Azure.Spokes = []SpokeSpec{{ResourceGroup: "rg-apps"}} }, []string{"azure.spokes[0].virtualNetwork"}, "azure.spokes[0].virtualNetwork: is missing; set it to the name of an existing VNet"},
		{"spoke bad name", func(s *Spec) { s.Azure.Spokes = []SpokeSpec{{VirtualNetwork: "vnet app"}} }, []string{"azure.spokes[0].virtualNetwork"}, "a virtual network"},
		{"spoke bad resource group", func(s *Spec) { s.Azure.Spokes = []SpokeSpec{{VirtualNetwork: "vnet-app1", ResourceGroup: "rg."}} }, []string{"azure.spokes[0].resourceGroup"}, "azure.spokes[0].resourceGroup: rg."},
		{"spoke is the hub", func(s *Spec) { s.Azure.Spokes = []SpokeSpec{{VirtualNetwork: s.Azure.VirtualNetwork}} }, []string{"azure.spokes[0].virtualNetwork"}, "is the same VNet as azure.virtualNetwork (the hub); list each spoke once, and not the hub"},
		{"spoke twice", func(s *Spec) {
			s.Azure.Spokes = []SpokeSpec{{VirtualNetwork: "vnet-app1"}, {VirtualNetwork: "VNET-APP1", ResourceGroup: s.Azure.ResourceGroup}}
		}, []string{"azure.spokes[1].virtualNetwork"}, "is the same VNet as azure.spokes[0]"},
		{"vcn ok", func(s *Spec) {
			s.OCI.VCNs = []VCNSpec{{VCNID: "ocid1.vcn.oc1.iad.bbbb", RouteTableIDs: []string{"ocid1.routetable.oc1.iad.cccc"}, CompartmentID: "ocid1.compartment.oc1..dddd"}}
		}, nil, ""},
		{"vcn missing id", func(s *Spec) { s.OCI.VCNs = []VCNSpec{{}} }, []string{"oci.vcns[0].vcnId"}, "oci.vcns[0].vcnId: is missing"},
		{"vcn twice", func(s *Spec) { s.OCI.VCNs = []VCNSpec{{VCNID: s.OCI.VCNID}} }, []string{"oci.vcns[0].vcnId"}, "is the same VCN as oci.vcnId; list each VCN once"},
		{"vcn in another region", func(s *Spec) { s.OCI.VCNs = []VCNSpec{{VCNID: "ocid1.vcn.oc1.phx.bbbb"}} }, []string{"oci.vcns[0].vcnId"}, "is in region phx"},
		{"vcn route table of another vcn", func(s *Spec) {
			s.OCI.RouteTableIDs = []string{"ocid1.routetable.oc1.iad.cccc"}
			s.OCI.VCNs = []VCNSpec{{VCNID: "ocid1.vcn.oc1.iad.bbbb", RouteTableIDs: []string{"ocid1.routetable.oc1.iad.cccc"}}}
		}, []string{"oci.vcns[0].routeTableIds[0]"}, "is listed for another VCN too, at oci.routeTableIds[0]"},
		{"vcn bad compartment", func(s *Spec) {
			s.OCI.VCNs = []VCNSpec{{VCNID: "ocid1.vcn.oc1.iad.bbbb", CompartmentID: "ocid1.vcn.oc1.iad.eeee"}}
		}, []string{"oci.vcns[0].compartmentId"}, "not of a compartment"},

		// Explicit /30s.
		{"only primary", func(s *Spec) { s.Peering.Primary = p("192.168.240.0/30") }, []string{"peering.secondary"}, "peering.secondary: is missing while peering.primary is set"},
		{"only secondary", func(s *Spec) { s.Peering.Secondary = p("192.168.240.4/30") }, []string{"peering.primary"}, "is missing while peering.secondary is set"},
		{"primary not a /30", func(s *Spec) { s.Peering.Primary = p("192.168.240.0/29"); s.Peering.Secondary = p("192.168.240.8/30") }, []string{"peering.primary"}, "peering.primary: 192.168.240.0/29 is a /29, want a /30"},
		{"secondary unmasked", func(s *Spec) { s.Peering.Primary = p("192.168.240.0/30"); s.Peering.Secondary = p("192.168.240.5/30") }, []string{"peering.secondary"}, "did you mean 192.168.240.4/30?"},
		{"primary IPv6", func(s *Spec) { s.Peering.Primary = p("fd00::/126"); s.Peering.Secondary = p("192.168.240.4/30") }, []string{"peering.primary"}, "is IPv6"},
		{"same /30 twice", func(s *Spec) { s.Peering.Primary = p("192.168.240.0/30"); s.Peering.Secondary = p("192.168.240.0/30") }, []string{"peering.secondary"}, "is the same block as peering.primary"},
		{"/30 in loopback", func(s *Spec) { s.Peering.Primary = p("127.0.0.0/30"); s.Peering.Secondary = p("192.168.240.4/30") }, []string{"peering.primary"}, "is inside 127.0.0.0/8 (loopback)"},
		{"/30 in link-local", func(s *Spec) { s.Peering.Primary = p("192.168.240.0/30"); s.Peering.Secondary = p("169.254.0.4/30") }, []string{"peering.secondary"}, "link-local"},
		{"/30 in gateway subnet", func(s *Spec) {
			s.Azure.Gateway.SubnetPrefix = p("10.0.255.0/27")
			s.Peering.Primary = p("10.0.255.8/30")
			s.Peering.Secondary = p("192.168.240.4/30")
		}, []string{"peering.primary"}, "peering.primary: 10.0.255.8/30 overlaps azure.gateway.subnetPrefix 10.0.255.0/27"},
		{"/30s outside the pool ok", func(s *Spec) { s.Peering.Primary = p("172.16.0.0/30"); s.Peering.Secondary = p("10.99.0.4/30") }, nil, ""},

		// Pool.
		{"pool /8 ok", func(s *Spec) { s.Peering.Pool = p("10.0.0.0/8") }, nil, ""},
		{"pool /12 ok", func(s *Spec) { s.Peering.Pool = p("172.16.0.0/12") }, nil, ""},
		{"pool too big", func(s *Spec) { s.Peering.Pool = p("64.0.0.0/7") }, []string{"peering.pool"}, "peering.pool: 64.0.0.0/7 is larger than a /8"},
		{"pool everything", func(s *Spec) { s.Peering.Pool = p("0.0.0.0/0") }, []string{"peering.pool"}, "is larger than a /8"},
		{"pool too small", func(s *Spec) { s.Peering.Pool = p("192.168.240.0/30") }, []string{"peering.pool"}, "is smaller than a /29"},
		{"pool /29 ok", func(s *Spec) { s.Peering.Pool = p("192.168.240.0/29") }, nil, ""},
		{"pool /16 ok", func(s *Spec) { s.Peering.Pool = p("172.16.0.0/16") }, nil, ""},
		{"pool unmasked", func(s *Spec) { s.Peering.Pool = p("192.168.240.7/24") }, []string{"peering.pool"}, "did you mean 192.168.240.0/24?"},
		{"pool IPv6", func(s *Spec) { s.Peering.Pool = p("fd00::/120") }, []string{"peering.pool"}, "is not IPv4"},
		{"pool multicast", func(s *Spec) { s.Peering.Pool = p("224.0.0.0/24") }, []string{"peering.pool"}, "overlaps 224.0.0.0/4 (multicast)"},
		{"pool zero network", func(s *Spec) { s.Peering.Pool = p("0.0.0.0/24") }, []string{"peering.pool"}, "0.0.0.0/8"},
		{"pool reserved", func(s *Spec) { s.Peering.Pool = p("250.0.0.0/24") }, []string{"peering.pool"}, "240.0.0.0/4 (reserved)"},
		{"pool inside the gateway subnet", func(s *Spec) {
			s.Azure.Gateway.SubnetPrefix = p("10.0.0.0/24")
			s.Peering.Pool = p("10.0.0.0/26")
		}, []string{"peering.pool"}, "peering.pool: 10.0.0.0/26 has fewer than two free /30s outside azure.gateway.subnetPrefix 10.0.0.0/24"},
		{"pool overlapping the gateway subnet ok", func(s *Spec) {
			s.Azure.Gateway.SubnetPrefix = p("10.0.0.0/27")
			s.Peering.Pool = p("10.0.0.0/24")
		}, nil, ""},
		{"default pool overlapping the gateway subnet ok", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("192.168.240.0/27") }, nil, ""},
		{"default pool inside the gateway subnet", func(s *Spec) { s.Azure.Gateway.SubnetPrefix = p("192.168.240.0/23") }, []string{"peering.pool"}, "peering.pool: has fewer than two free /30s outside azure.gateway.subnetPrefix 192.168.240.0/23 (the default pool 192.168.240.0/24)"},
		{"default pool unused with explicit /30s", func(s *Spec) {
			s.Azure.Gateway.SubnetPrefix = p("192.168.240.0/27")
			s.Peering.Primary = p("192.168.241.0/30")
			s.Peering.Secondary = p("192.168.241.4/30")
		}, nil, ""},

		// VLAN.
		{"vlan too big", func(s *Spec) { s.Peering.VLAN = 4095 }, []string{"peering.vlan"}, "peering.vlan: 4095 is outside 1–4094"},
		{"vlan negative", func(s *Spec) { s.Peering.VLAN = -1 }, []string{"peering.vlan"}, "outside 1–4094"},
		{"vlan 1 ok", func(s *Spec) { s.Peering.VLAN = 1 }, nil, ""},
		{"vlan 4094 ok", func(s *Spec) { s.Peering.VLAN = 4094 }, nil, ""},

		// MD5 key.
		{"md5 too long", func(s *Spec) { s.Peering.MD5AuthKey = secret.Value(long(33, "k")) }, []string{"peering.md5AuthKey"}, "peering.md5AuthKey: is longer than the 32 characters a BGP MD5 key may have"},
		{"md5 32 ok", func(s *Spec) { s.Peering.MD5AuthKey = secret.Value(long(32, "k")) }, nil, ""},
		{"md5 not ASCII", func(s *Spec) { s.Peering.MD5AuthKey = "clé" }, []string{"peering.md5AuthKey"}, "is not printable ASCII"},
		{"md5 control char", func(s *Spec) { s.Peering.MD5AuthKey = "a\tb" }, []string{"peering.md5AuthKey"}, "is not printable ASCII"},
		{"md5 too long and not ASCII", func(s *Spec) { s.Peering.MD5AuthKey = secret.Value(long(33, "é")) }, []string{"peering.md5AuthKey", "peering.md5AuthKey"}, ""},

		// Tags.
		{"reserved tag", func(s *Spec) { s.Tags = map[string]string{"azoci-interconnect": "mine"} }, []string{"tags.azoci-interconnect"}, "tags.azoci-interconnect: is reserved"},
		{"reserved tag any case", func(s *Spec) { s.Tags = map[string]string{"AZOCI-Interconnect": "mine"} }, []string{"tags.AZOCI-Interconnect"}, "is reserved"},
		{"too many tags", func(s *Spec) {
			s.Tags = map[string]string{}
			for i := range 10 {
				s.Tags[fmt.Sprintf("t%d", i)] = "v"
			}
		}, []string{"tags"}, "tags: has 10 entries; OCI allows 10 free-form tags per resource and the library adds its own azoci-interconnect tag, so set at most 9"},
		{"nine tags ok", func(s *Spec) {
			s.Tags = map[string]string{}
			for i := range 9 {
				s.Tags[fmt.Sprintf("t%d", i)] = "v"
			}
		}, nil, ""},
		{"tag key too long", func(s *Spec) { s.Tags = map[string]string{long(101, "k"): "v"} }, []string{"tags." + long(101, "k")}, "is a 101-character key; OCI allows at most 100"},
		{"tag key with slash", func(s *Spec) { s.Tags = map[string]string{"team/owner": "v"} }, []string{`tags["team/owner"]`}, `has a key with '/' in it; Azure does not allow any of < > % & \ ? / in tag names`},
		{"tag key with period", func(s *Spec) { s.Tags = map[string]string{"cost.center": "v"} }, []string{`tags["cost.center"]`}, "OCI does not allow either in free-form tag keys"},
		{"tag key with space", func(s *Spec) { s.Tags = map[string]string{"cost center": "v"} }, []string{`tags["cost center"]`}, "period or space"},
		{"tag key empty", func(s *Spec) { s.Tags = map[string]string{"": "v"} }, []string{`tags[""]`}, "has an empty key"},
		{"tag key control char", func(s *Spec) { s.Tags = map[string]string{"a\x01": "v"} }, []string{`tags["a\x01"]`}, "control character"},
		{"tag value too long", func(s *Spec) { s.Tags = map[string]string{"env": long(257, "v")} }, []string{"tags.env"}, "is 257 characters long; Azure and OCI allow at most 256"},
		{"tag value 256 ok", func(s *Spec) { s.Tags = map[string]string{"env": long(256, "v")} }, nil, ""},
		{"tag keys differing in case", func(s *Spec) { s.Tags = map[string]string{"Env": "a", "env": "b"} }, []string{"tags.env"}, "tags.env: differs from tags.Env only in case"},
		{"tag unicode ok", func(s *Spec) { s.Tags = map[string]string{"équipe": "réseau", "k": ""} }, nil, ""},

		// Maximum resiliency.
		{"maximum ok", func(s *Spec) { s.Resiliency = "maximum" }, nil, ""},
		{"maximum in any case ok", func(s *Spec) { s.Resiliency = " Maximum" }, nil, ""},
		{"standard ok", func(s *Spec) { s.Resiliency = "standard" }, nil, ""},
		{"resiliency unknown", func(s *Spec) { s.Resiliency = "high" }, []string{"resiliency"},
			"resiliency: high is not a resiliency; use standard (one circuit at one peering location, the default) or maximum (a circuit at each of two peering locations)"},
		{"maximum in a one-location pair", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.Region = "westus3"
			s.OCI.Region = "us-phoenix-1"
			s.OCI.VCNID = "ocid1.vcn.oc1.phx.aaaa"
		}, []string{"resiliency"},
			"resiliency: maximum needs two peering locations, and Azure region westus3 (paired with us-phoenix-1) has one, Phoenix; the region pairs with two are canadacentral ↔ ca-toronto-1 (Toronto, Toronto2), eastus ↔ us-ashburn-1 (Washington DC, Washington DC2) and germanywestcentral ↔ eu-frankfurt-1 (Frankfurt, Frankfurt2): use one of those, or resiliency: standard"},
		{"maximum with two locations ok", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.PeeringLocations = []string{"washington dc2", "Washington DC"}
		}, nil, ""},
		{"maximum with the first location ok", func(s *Spec) { s.Resiliency = "maximum"; s.Azure.PeeringLocation = "Washington DC2" }, nil, ""},
		{"both location keys", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.PeeringLocation = "Washington DC"
			s.Azure.PeeringLocations = []string{"Washington DC", "Washington DC2"}
		}, []string{"azure.peeringLocations"}, "azure.peeringLocations: is set together with azure.peeringLocation; keep one: remove azure.peeringLocation (the first of peeringLocations is the first location), or remove peeringLocations to pair azure.peeringLocation with the region pair's other location"},
		{"locations with standard", func(s *Spec) { s.Azure.PeeringLocations = []string{"Washington DC", "Washington DC2"} }, []string{"azure.peeringLocations"},
			"azure.peeringLocations: lists the two peering locations of maximum resiliency, and resiliency is standard; set resiliency: maximum, or give the one location in azure.peeringLocation"},
		{"one location listed", func(s *Spec) { s.Resiliency = "maximum"; s.Azure.PeeringLocations = []string{"Washington DC"} }, []string{"azure.peeringLocations"},
			`azure.peeringLocations: has 1 entries; list exactly two distinct peering locations of the eastus ↔ us-ashburn-1 pair, from one of "Washington DC", "Washington DC2"`},
		{"three locations listed", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.PeeringLocations = []string{"Washington DC", "Washington DC2", "Washington DC"}
		}, []string{"azure.peeringLocations", "azure.peeringLocations[2]"}, "azure.peeringLocations[2]: \"Washington DC\" is the same location as azure.peeringLocations[0]; maximum resiliency needs two distinct locations"},
		{"same location twice", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.PeeringLocations = []string{"Washington DC2", "washingtondc2"}
		}, []string{"azure.peeringLocations[1]"},
			"is the same location as azure.peeringLocations[0]"},
		{"location of another pair", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Azure.PeeringLocations = []string{"Washington DC", "Toronto2"}
		}, []string{"azure.peeringLocations[1]"},
			`azure.peeringLocations[1]: Toronto2 is not a peering location of the eastus ↔ us-ashburn-1 pair; use one of "Washington DC", "Washington DC2"`},
		{"preferred location ok", func(s *Spec) { s.Resiliency = "maximum"; s.Azure.PreferredPeeringLocation = "washington dc2" }, nil, ""},
		{"preferred location elsewhere", func(s *Spec) { s.Resiliency = "maximum"; s.Azure.PreferredPeeringLocation = "Toronto" }, []string{"azure.preferredPeeringLocation"},
			`azure.preferredPeeringLocation: Toronto is not one of the interconnect's peering locations, one of "Washington DC", "Washington DC2"; name one of them, or remove it for equal weights`},
		{"preferred location with standard", func(s *Spec) { s.Azure.PreferredPeeringLocation = "Washington DC" }, []string{"azure.preferredPeeringLocation"},
			`azure.preferredPeeringLocation: "Washington DC" weighs the connections of maximum resiliency, and resiliency is standard (one connection); remove it, or set resiliency: maximum`},
		{"second location blocks ok", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.Primary, s.Peering.Secondary = p("192.168.240.0/30"), p("192.168.240.4/30")
			s.Peering.SecondLocation = BGPBlocks{p("192.168.240.8/30"), p("192.168.240.12/30")}
		}, nil, ""},
		{"second location blocks alone ok", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.SecondLocation = BGPBlocks{p("192.168.240.0/30"), p("192.168.240.4/30")}
		}, nil, ""},
		{"second location blocks with standard", func(s *Spec) { s.Peering.SecondLocation = BGPBlocks{p("192.168.240.8/30"), p("192.168.240.12/30")} }, []string{"peering.secondLocation"},
			"peering.secondLocation: holds the BGP blocks of the second peering location, and resiliency is standard (one location); remove it, or set resiliency: maximum"},
		{"second location half given", func(s *Spec) { s.Resiliency = "maximum"; s.Peering.SecondLocation.Primary = p("192.168.240.8/30") }, []string{"peering.secondLocation.secondary"},
			"peering.secondLocation.secondary: is missing while peering.secondLocation.primary is set"},
		{"second location overlaps the first", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.Primary, s.Peering.Secondary = p("192.168.240.0/30"), p("192.168.240.4/30")
			s.Peering.SecondLocation = BGPBlocks{p("192.168.240.4/30"), p("192.168.240.12/30")}
		}, []string{"peering.secondLocation.primary"}, "peering.secondLocation.primary: 192.168.240.4/30 overlaps peering.secondary 192.168.240.4/30; the four BGP /30s of the two locations must all differ"},
		{"second location not a /30", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.SecondLocation = BGPBlocks{p("192.168.240.8/29"), p("192.168.240.16/30")}
		}, []string{"peering.secondLocation.primary"},
			"peering.secondLocation.primary: 192.168.240.8/29 is a /29, want a /30"},
		{"second location the same /30 twice", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.SecondLocation = BGPBlocks{p("192.168.240.8/30"), p("192.168.240.8/30")}
		}, []string{"peering.secondLocation.secondary"},
			"is the same block as peering.secondLocation.primary"},
		{"maximum pool /29", func(s *Spec) { s.Resiliency = "maximum"; s.Peering.Pool = p("192.168.240.0/29") }, []string{"peering.pool"},
			"peering.pool: 192.168.240.0/29 has fewer than the 4 free /30s maximum resiliency takes from it (two per location without explicit blocks) outside azure.gateway.subnetPrefix and the explicit blocks; choose a larger pool, or give the blocks explicitly"},
		{"maximum pool /29 with the second explicit ok", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Peering.Pool = p("192.168.240.0/29")
			s.Peering.SecondLocation = BGPBlocks{p("192.168.241.0/30"), p("192.168.241.4/30")}
		}, nil, ""},
		{"maximum with nine tags", func(s *Spec) {
			s.Resiliency = "maximum"
			s.Tags = map[string]string{}
			for i := range 9 {
				s.Tags[fmt.Sprintf("t%d", i)] = "v"
			}
		}, []string{"tags"}, "tags: has 9 entries; OCI allows 10 free-form tags per resource, and with resiliency maximum the second virtual circuit carries two of the library's (azoci-interconnect and azoci-interconnect-location), so set at most 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSpec(t)
			tt.edit(&s)
			err := s.Validate()
			got := problemFields(t, err)
			if !slices.Equal(got, tt.fields) {
				t.Fatalf("Validate() problems at %q, want %q; error:\n%v", got, tt.fields, err)
			}
			if tt.text != "" && !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("Validate() error:\n%v\nwant it to contain:\n%s", err, tt.text)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	in := `name: Bad_Name
bandwidth: 3Gbps
azure:
  subscriptionId: not-a-guid
  resourceGroup: "rg."
  region: westus2
  virtualNetwork: v
  circuitSku:
    tier: Gold
    family: Metered
  gateway:
    sku: ErGw1AZ
    subnetPrefix: 10.0.0.0/28
    scaleUnits: 5
oci:
  region: us-ashburn-1
  compartmentId: ocid1.user.oc1..aaaa
  vcnId: vcn-1
  drgId: ocid1.drg.oc1.phx.aaaa
  routeTableIds: [ocid1.routetable.oc1.iad.aaaa, ocid1.routetable.oc1.iad.aaaa]
peering:
  pool: 10.0.0.0/7
  primary: 192.168.1.1/30
  vlan: 5000
  md5AuthKey: "this-key-is-much-too-long-for-bgp-md5"
tags:
  azoci-interconnect: mine
  "cost center": x
`
	s, err := ParseSpec([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Validate()
	got := problemFields(t, err)
	want := []string{
		"azure.circuitSku.family",
		"azure.circuitSku.tier",
		"azure.gateway.scaleUnits",
		"azure.gateway.subnetPrefix",
		"azure.region",
		"azure.resourceGroup",
		"azure.subscriptionId",
		"azure.virtualNetwork",
		"bandwidth",
		"name",
		"oci.compartmentId",
		"oci.drgId",
		"oci.routeTableIds[1]",
		"oci.vcnId",
		"peering.md5AuthKey",
		"peering.pool",
		"peering.primary",
		"peering.secondary",
		"peering.vlan",
		"tags.azoci-interconnect",
		`tags["cost center"]`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("problems at\n%q\nwant\n%q\nerror:\n%v", got, want, err)
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != len(want) {
		t.Fatalf("error has %d lines for %d problems:\n%v", len(lines), len(want), err)
	}
}

func TestValidateNeverShowsTheMD5Key(t *testing.T) {
	const key = "Zq7-unmistakable-key"
	keys := []string{
		key,                           // valid
		key + strings.Repeat("x", 20), // too long
		key + "\x00é",                 // not printable ASCII
	}
	for _, k := range keys {
		s := baseSpec(t)
		s.Peering.MD5AuthKey = secret.Value(k)
		// Make every other field wrong too, so every message path runs.
		s.Name, s.Bandwidth, s.Azure.Region, s.OCI.VCNID = "X", 7, "nowhere", "ocid1.x"
		s.Tags = map[string]string{"md5": "fine", "azoci-interconnect": "x"}
		err := s.Validate()
		if err == nil {
			t.Fatal("no error")
		}
		var ve *ValidationError
		errors.As(err, &ve)
		texts := []string{err.Error(), fmt.Sprintf("%v %+v %#v %s %q", err, err, err, err, err)}
		for _, p := range ve.Problems {
			texts = append(texts, p.Error(), p.Value, p.Problem, fmt.Sprintf("%#v", p))
			if p.Field == "peering.md5AuthKey" && p.Value != "" {
				t.Errorf("md5AuthKey problem has Value %q", p.Value)
			}
		}
		out, _ := s.Marshal()
		texts = append(texts, string(out), fmt.Sprintf("%v %+v %#v", s, s, s))
		for _, text := range texts {
			if strings.Contains(text, key) {
				t.Fatalf("the MD5 key leaked into: %s", text)
			}
		}
	}
	// Nor in parse errors.
	for _, in := range []string{
		"peering:\n  md5AuthKey: [" + key + "]\n",
		"peering:\n  md5AuthKey: {" + key + ": 1}\n",
		"peering:\n  md5AuthKey: " + key + "\n  md5AuthKey: " + key + "\n",
	} {
		_, err := ParseSpec([]byte(in))
		if err == nil || strings.Contains(err.Error(), key) {
			t.Fatalf("ParseSpec(%q) = %v", in, err)
		}
	}
}

func TestValidateDoesNotMutate(t *testing.T) {
	s, err := ParseSpec(mustRead(t, "testdata/full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ParseSpec(mustRead(t, "testdata/full.yaml"))
	_ = s.Validate()
	if !reflect.DeepEqual(s, before) {
		t.Fatal("Validate changed the spec")
	}
}

func TestValidateWithCatalog(t *testing.T) {
	s := baseSpec(t)
	s.Azure.Region = "North Central US"
	s.OCI.Region = "us-chicago-1"
	s.OCI.VCNID = "ocid1.vcn.oc1.ord.aaaa"
	s.Azure.PeeringLocation = "Chicago"
	if err := s.Validate(); err == nil {
		t.Fatal("an unknown pair validated against the default catalog")
	}
	c := DefaultCatalog()
	if err := c.Add(RegionPair{AzureRegion: "northcentralus", OCIRegion: "us-chicago-1", OCIRegionKey: "ord", PeeringLocations: []string{"Chicago"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ValidateWith(c); err != nil {
		t.Fatalf("ValidateWith(catalog with the pair): %v", err)
	}
	s.OCI.VCNID = "ocid1.vcn.oc1.us-chicago-1.aaaa"
	if err := s.ValidateWith(c); err != nil {
		t.Fatalf("region given by name: %v", err)
	}
	s.OCI.VCNID = "ocid1.vcn.oc1.iad.aaaa"
	if fields := problemFields(t, s.ValidateWith(c)); !slices.Equal(fields, []string{"oci.vcnId"}) {
		t.Fatalf("fields = %v", fields)
	}
}

func TestValidationErrorAPI(t *testing.T) {
	var v ValidationError
	if v.Err() != nil {
		t.Fatal("empty ValidationError.Err() != nil")
	}
	var nilV *ValidationError
	if nilV.Err() != nil {
		t.Fatal("nil ValidationError.Err() != nil")
	}
	v.Add("oci.vcnId", "", "is not reachable")
	v.Add("azure.region", "westus2", "has no gateway capacity; try later")
	other := &ValidationError{}
	other.Add("bandwidth", "1Gbps", "is not offered at this peering location; use 2Gbps")
	v.Merge(other)
	v.Merge(nil)
	err := v.Err()
	want := "azure.region: westus2 has no gateway capacity; try later\nbandwidth: 1Gbps is not offered at this peering location; use 2Gbps\noci.vcnId: is not reachable"
	if err == nil || err.Error() != want {
		t.Fatalf("Error() =\n%v\nwant\n%s", err, want)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "azure.region" {
		t.Fatalf("errors.As(*FieldError) = %+v", fe)
	}
	if n := len(v.Unwrap()); n != 3 {
		t.Fatalf("Unwrap has %d errors", n)
	}
}

func TestFieldErrorFormat(t *testing.T) {
	tests := []struct {
		e    FieldError
		want string
	}{
		{FieldError{Field: "azure.gateway.subnetPrefix", Value: "10.1.0.0/28", Problem: "is too small"}, "azure.gateway.subnetPrefix: 10.1.0.0/28 is too small"},
		{FieldError{Field: "name", Problem: "is missing"}, "name: is missing"},
		{FieldError{Field: "azure.region", Value: "East US 9", Problem: "is unknown"}, `azure.region: "East US 9" is unknown`},
		{FieldError{Field: "tags.x", Value: "a\nb", Problem: "is odd"}, `tags.x: "a\nb" is odd`},
		{FieldError{Field: "x", Value: "a:b", Problem: "is odd"}, `x: "a:b" is odd`},
		{FieldError{Line: 7, Field: "azure.gatway", Problem: "is not a known key"}, "line 7: azure.gatway: is not a known key"},
		{FieldError{Line: 3, Problem: "syntax"}, "line 3: syntax"},
		{FieldError{Field: "tags.x", Value: strings.Repeat("v", 100), Problem: "is long"}, "tags.x: " + strings.Repeat("v", 80) + "… is long"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
