package azure

import "strings"

// ResourceID builds the ARM ID of a Microsoft.Network resource:
// "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/{typ}/{name}",
// followed by child segments given in type, name pairs (e.g. "subnets",
// "GatewaySubnet").
func ResourceID(subscription, resourceGroup, typ, name string, children ...string) string {
	id := "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Network/" + typ + "/" + name
	for i := 0; i+1 < len(children); i += 2 {
		id += "/" + children[i] + "/" + children[i+1]
	}
	return id
}

// ParsedID is an ARM resource ID taken apart.
type ParsedID struct {
	Subscription  string
	ResourceGroup string
	// Names maps each lower-cased segment type of the ID to the name after
	// it, e.g. "virtualnetworkgateways" → "ergw", "subnets" → "GatewaySubnet".
	Names map[string]string
}

// ParseID takes an ARM ID apart. ARM IDs are case-insensitive in their
// segment types; names keep their case. Malformed input gives empty fields.
func ParseID(id string) ParsedID {
	p := ParsedID{Names: map[string]string{}}
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i += 2 {
		typ, name := strings.ToLower(parts[i]), parts[i+1]
		switch typ {
		case "subscriptions":
			p.Subscription = name
		case "resourcegroups":
			p.ResourceGroup = name
		case "providers":
			// the namespace (Microsoft.Network) is not a resource name
		default:
			p.Names[typ] = name
		}
	}
	return p
}

// Name returns the name after the segment type typ (case-insensitive), or "".
func (p ParsedID) Name(typ string) string { return p.Names[strings.ToLower(typ)] }
