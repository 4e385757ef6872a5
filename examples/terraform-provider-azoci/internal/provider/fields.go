// Package provider is the OpenTofu/Terraform provider azoci/azoci: one
// resource, azoci_interconnect, whose arguments are an interconnect.Spec and
// whose life cycle is the library's Plan, Apply, Verify and PlanDestroy, and
// one data source, azoci_interconnect_health, that runs Verify.
//
// The spec's keys are described once, in specFields; the resource's and the
// data source's schemas, the conversion between their values and a Spec, and
// the mapping of the library's field paths to attribute paths all follow it.
package provider

// kind is the type of a spec attribute.
type kind int

const (
	kString     kind = iota
	kInt             // int64
	kBool            //
	kStrings         // a list of strings
	kStringMap       // a map of strings
	kObject          // a single nested object
	kObjectList      // a list of nested objects
)

// field is one attribute of the spec: its name in the schema (snake_case),
// its key in the spec's JSON form, and how it behaves.
type field struct {
	name     string
	key      string
	kind     kind
	required bool
	// sensitive values are never shown in plans or logs.
	sensitive bool
	// replace, when set, says why changing the attribute replaces the
	// interconnect (the library finds an interconnect's resources by it).
	replace string
	doc     string
	// children are an object's attributes (kObject, kObjectList).
	children []field
}

// Why changing an identity attribute replaces the interconnect.
const (
	replaceName = "the library names and tags everything it creates after the interconnect's name, so another name is another interconnect"
	replaceRG   = "the circuit, gateway and connection live in this subscription and resource group, where the library finds them again"
	replaceNet  = "the gateway and its connection belong to this VNet"
	replaceOCI  = "the DRG and virtual circuit live in this OCI region and compartment, where the library finds them again"
	replaceVCN  = "the interconnect's DRG attachment and route rules are those of this VCN"
	replaceDRG  = "the virtual circuit and the VCN attachments hang on the DRG"
)

// specFields are the spec's attributes, in the order of the spec's keys. A
// test walks interconnect.Spec by reflection and fails when a key has no
// field here.
var specFields = []field{
	{name: "name", key: "name", kind: kString, required: true, replace: replaceName,
		doc: "Names the interconnect: 1–40 characters of a-z, 0-9 and -, starting and ending with a letter or digit. The library names what it creates after it."},
	{name: "bandwidth", key: "bandwidth", kind: kString, required: true,
		doc: "Ordered on both sides: 1Gbps, 2Gbps, 5Gbps or 10Gbps. Raising it is an in-place update; Azure cannot lower a circuit's bandwidth, so lowering it replaces the interconnect."},
	{name: "resiliency", key: "resiliency", kind: kString,
		doc: "standard (the default: one ExpressRoute circuit and one virtual circuit, at one peering location) or maximum (a circuit and a virtual circuit at each of two peering locations of the region pair, on the one gateway and DRG: Microsoft's maximum resiliency). Changing it adds or removes the second location in place."},
	{name: "tags", key: "tags", kind: kStringMap,
		doc: "Tags for everything the library creates, on both clouds: at most 9, keys without . or spaces or any of < > % & \\ ? /; the library adds its own ownership tag, azoci-interconnect."},
	{name: "azure", key: "azure", kind: kObject, required: true, doc: "The Azure side: where the ExpressRoute circuit, gateway and connection go, and the VNet they connect.",
		children: []field{
			{name: "subscription_id", key: "subscriptionId", kind: kString, required: true, replace: replaceRG, doc: "The subscription that holds the VNet (a GUID)."},
			{name: "resource_group", key: "resourceGroup", kind: kString, required: true, replace: replaceRG, doc: "The VNet's resource group; the library creates its Azure resources there."},
			{name: "region", key: "region", kind: kString, required: true, replace: replaceRG, doc: "The Azure region of the VNet, one with a published OCI pair (eastus, canadacentral, …); any case and spacing."},
			{name: "virtual_network", key: "virtualNetwork", kind: kString, required: true, replace: replaceNet, doc: "The name of the existing VNet to connect (the hub, when there are spokes)."},
			{name: "peering_location", key: "peeringLocation", kind: kString,
				doc: "The ExpressRoute peering location of the circuit; the region pair's first by default. With maximum resiliency it may name the first location instead of peering_locations. A circuit's location cannot move: changing it replaces the interconnect."},
			{name: "peering_locations", key: "peeringLocations", kind: kStrings,
				doc: "Maximum resiliency only: the two distinct peering locations of the region pair, first location first; the pair's two by default. Not with peering_location."},
			{name: "preferred_peering_location", key: "preferredPeeringLocation", kind: kString,
				doc: "Maximum resiliency only: one of the two locations, whose connection gets the higher routing weight, so that Azure sends its traffic there while both are up; unset, both weigh the same (active-active)."},
			{name: "circuit_sku", key: "circuitSku", kind: kObject, doc: "The ExpressRoute circuit's SKU; Standard/MeteredData by default, an existing circuit's when unset.",
				children: []field{
					{name: "tier", key: "tier", kind: kString, doc: "Standard, Premium or Local (Local only with UnlimitedData)."},
					{name: "family", key: "family", kind: kString, doc: "MeteredData or UnlimitedData. A circuit never goes back to MeteredData: that change replaces the interconnect."},
				}},
			{name: "gateway", key: "gateway", kind: kObject, doc: "The VNet's ExpressRoute gateway. A VNet holds one: an existing one is adopted, whatever its name.",
				children: []field{
					{name: "name", key: "name", kind: kString, doc: "The name of the gateway the library creates; <name>-ergw by default."},
					{name: "sku", key: "sku", kind: kString,
						doc: "ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale, Standard, HighPerformance or UltraPerformance; ErGw3AZ by default (ErGw1AZ without FastPath). Upgrades within a family are in place; a downgrade or a move between the AZ and non-AZ families replaces the interconnect."},
					{name: "subnet_prefix", key: "subnetPrefix", kind: kString, doc: "The GatewaySubnet to create when the VNet has none: a masked IPv4 /27 or larger."},
					{name: "scale_units", key: "scaleUnits", kind: kInt, doc: "The minimum scale units of an ErGwScale gateway, 1–40; 10 with FastPath, 2 without."},
				}},
			{name: "fast_path", key: "fastPath", kind: kBool, doc: "ExpressRoute FastPath on the connection; on by default. It needs ErGw3AZ, UltraPerformance or ErGwScale with 10 or more scale units."},
			{name: "spokes", key: "spokes", kind: kObjectList, doc: "VNets that reach OCI through the hub's gateway, by VNet peering with gateway transit.",
				children: []field{
					{name: "virtual_network", key: "virtualNetwork", kind: kString, required: true, doc: "The name of the existing spoke VNet."},
					{name: "resource_group", key: "resourceGroup", kind: kString, doc: "The spoke's resource group, in the hub's subscription; azure.resource_group by default."},
				}},
		}},
	{name: "oci", key: "oci", kind: kObject, required: true, doc: "The OCI side: the VCN to connect, and where the DRG and virtual circuit go.",
		children: []field{
			{name: "region", key: "region", kind: kString, required: true, replace: replaceOCI, doc: "The OCI region paired with azure.region, such as us-ashburn-1."},
			{name: "compartment_id", key: "compartmentId", kind: kString, required: true, replace: replaceOCI, doc: "The OCID of the compartment (or tenancy) the library creates its OCI resources in."},
			{name: "vcn_id", key: "vcnId", kind: kString, required: true, replace: replaceVCN, doc: "The OCID of the existing VCN to connect."},
			{name: "drg_id", key: "drgId", kind: kString, replace: replaceDRG, doc: "The OCID of an existing DRG to use; unset, the library creates (and owns) one."},
			{name: "route_table_ids", key: "routeTableIds", kind: kStrings, doc: "The VCN route tables that get a rule per Azure prefix; the VCN's default route table by default."},
			{name: "vcns", key: "vcns", kind: kObjectList, doc: "More VCNs attached to the same DRG.",
				children: []field{
					{name: "vcn_id", key: "vcnId", kind: kString, required: true, doc: "The OCID of the existing VCN."},
					{name: "route_table_ids", key: "routeTableIds", kind: kStrings, doc: "Its route tables that get the rules; its default route table by default."},
					{name: "compartment_id", key: "compartmentId", kind: kString, doc: "Its compartment; oci.compartment_id by default."},
				}},
		}},
	{name: "peering", key: "peering", kind: kObject, doc: "The private peering: the BGP /30 blocks, the VLAN and the optional BGP MD5 key.",
		children: []field{
			{name: "pool", key: "pool", kind: kString, doc: "Where the two BGP /30s are allocated from: 192.168.240.0/24 by default."},
			{name: "primary", key: "primary", kind: kString, doc: "An explicit BGP /30 for the primary path (with secondary, or neither). Changing the blocks of an existing virtual circuit replaces the interconnect."},
			{name: "secondary", key: "secondary", kind: kString, doc: "An explicit BGP /30 for the secondary path."},
			{name: "second_location", key: "secondLocation", kind: kObject, doc: "Maximum resiliency only: explicit BGP /30s of the second location's circuit (both or neither); by default the next two free /30s of the pool. The four blocks must not overlap.",
				children: []field{
					{name: "primary", key: "primary", kind: kString, doc: "The second location's primary BGP /30."},
					{name: "secondary", key: "secondary", kind: kString, doc: "The second location's secondary BGP /30."},
				}},
			{name: "vlan", key: "vlan", kind: kInt, doc: "The VLAN of the private peering if the library has to make it (Oracle normally does); 100 by default."},
			{name: "md5_auth_key", key: "md5AuthKey", kind: kString, sensitive: true, doc: "An optional BGP MD5 key, at most 32 printable ASCII characters. Sensitive: never shown in plans or logs."},
		}},
}

// fieldAt returns the field at the path of spec keys, such as
// ["azure", "gateway", "sku"]; list indexes and map keys are not part of it.
func fieldAt(keys []string) (field, bool) {
	fs := specFields
	var f field
	for _, k := range keys {
		found := false
		for _, c := range fs {
			if c.key == k {
				f, fs, found = c, c.children, true
				break
			}
		}
		if !found {
			return field{}, false
		}
	}
	return f, len(keys) > 0
}
