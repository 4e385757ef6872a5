package interconnect

import (
	"bytes"
	"github.com/azoci/interconnect/azure"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Defaults that WithDefaults fills in.
const (
	defaultCircuitTier   = "Standard"
	defaultCircuitFamily = "MeteredData"
	// circuitTierLocal is ExpressRoute Local: a circuit at a peering location
	// in or near its Azure region, reaching only the regions local to that
	// location, that comes only with UnlimitedData (its outbound data is in
	// the port price).
	circuitTierLocal = "Local"
	// defaultGatewaySKU is the gateway SKU with FastPath on (the default);
	// defaultGatewaySKUNoFastPath is the one with FastPath off.
	defaultGatewaySKU           = "ErGw3AZ"
	defaultGatewaySKUNoFastPath = "ErGw1AZ"
	// defaultPoolText is where the BGP /30 blocks come from.
	defaultPoolText = "192.168.240.0/24"
	// gatewayNameSuffix makes the default gateway name: "<name>-ergw".
	gatewayNameSuffix = "-ergw"
)

// ErGwScale scale units: the range Azure allows for the minimum, and the
// defaults with and without FastPath (FastPath needs at least 10).
const (
	minScaleUnits               = 1
	maxScaleUnits               = 40
	fastPathMinScaleUnits       = azure.FastPathMinScaleUnits
	defaultScaleUnits           = fastPathMinScaleUnits
	defaultScaleUnitsNoFastPath = 2
)

var (
	resiliencies    = []string{ResiliencyStandard, ResiliencyMaximum}
	circuitTiers    = []string{"Standard", "Premium", circuitTierLocal}
	circuitFamilies = []string{"MeteredData", "UnlimitedData"}
	defaultPool     = netip.MustParsePrefix(defaultPoolText)
)

// canonicalName returns the spelling in names that matches s ignoring case,
// or s unchanged.
func canonicalName(s string, names []string) string {
	for _, n := range names {
		if strings.EqualFold(n, s) {
			return n
		}
	}
	return s
}

// GatewaySupportsFastPath reports whether an ExpressRoute gateway of the
// given SKU can carry FastPath: ErGw3AZ, UltraPerformance, or ErGwScale with
// at least 10 scale units (scaleUnits is ignored for other SKUs). SKU names
// are compared ignoring case.
func GatewaySupportsFastPath(sku string, scaleUnits int) bool {
	return azure.GatewaySupportsFastPath(canonicalName(sku, azure.GatewaySKUs), scaleUnits)
}

// WithDefaults returns s with every unset field that has a default filled in,
// and a few values put in canonical form. It is the spec as the library will
// use it; print it with [Spec.Marshal]. c supplies the region pairs; nil means
// [DefaultCatalog]. s itself is not modified: the result shares no map, slice
// or pointer with it.
//
// Defaults: resiliency standard; circuit SKU Standard/MeteredData; FastPath
// on; gateway SKU ErGw3AZ (ErGw1AZ when FastPath is explicitly off);
// ErGwScale scale units 10 with FastPath and 2 without; gateway name
// "<name>-ergw"; pool 192.168.240.0/24; peering location the region pair's
// first. With maximum resiliency, peeringLocations are PeeringLocation (or
// the pair's first) and the pair's next location, and PeeringLocation is
// cleared: the effective spec names its locations in one key.
//
// Canonical forms: resiliency lowercase; the Azure region lowercase without
// spaces ("East US" → "eastus"); the OCI region lowercase, and given by its
// key ("IAD") → its identifier ("us-ashburn-1") when the catalog knows it; a
// peering location (each of them, the preferred one included),
// SKU tier, family and gateway SKU spelled as the catalog or Azure spells them
// when they match ignoring case (and spaces, for peering locations).
//
// WithDefaults never fails: values it cannot make sense of are left as they
// are for [Spec.Validate] to report.
func (s Spec) WithDefaults(c *Catalog) Spec {
	if c == nil {
		c = DefaultCatalog()
	}
	d := s.clone()

	d.Azure.Region = CanonicalAzureRegion(s.Azure.Region)
	if r := strings.ToLower(strings.TrimSpace(s.OCI.Region)); r != "" {
		d.OCI.Region = r
		if p, ok := c.ByOCIRegion(r); ok {
			d.OCI.Region = p.OCIRegion
		}
	}
	if r := strings.TrimSpace(s.Resiliency); r == "" {
		d.Resiliency = ResiliencyStandard
	} else {
		d.Resiliency = canonicalName(r, resiliencies)
	}
	if pair, ok := c.ByAzureRegion(d.Azure.Region); ok {
		d.defaultLocations(pair)
	}

	if d.Azure.CircuitSKU.Tier == "" {
		d.Azure.CircuitSKU.Tier = defaultCircuitTier
	}
	d.Azure.CircuitSKU.Tier = canonicalName(d.Azure.CircuitSKU.Tier, circuitTiers)
	if d.Azure.CircuitSKU.Family == "" {
		d.Azure.CircuitSKU.Family = defaultCircuitFamily
		if d.Azure.CircuitSKU.Tier == circuitTierLocal {
			d.Azure.CircuitSKU.Family = "UnlimitedData" // the only family of Local
		}
	}
	d.Azure.CircuitSKU.Family = canonicalName(d.Azure.CircuitSKU.Family, circuitFamilies)

	fastPath := s.Azure.FastPathEnabled()
	d.Azure.FastPath = &fastPath

	g := &d.Azure.Gateway
	switch {
	case g.SKU != "":
		g.SKU = canonicalName(g.SKU, azure.GatewaySKUs)
	case fastPath:
		g.SKU = defaultGatewaySKU
	default:
		g.SKU = defaultGatewaySKUNoFastPath
	}
	if g.SKU == "ErGwScale" && g.ScaleUnits == 0 {
		g.ScaleUnits = defaultScaleUnitsNoFastPath
		if fastPath {
			g.ScaleUnits = defaultScaleUnits
		}
	}
	if g.Name == "" && s.Name != "" {
		g.Name = s.Name + gatewayNameSuffix
	}

	if !d.Peering.Pool.IsValid() {
		d.Peering.Pool = defaultPool
	}
	d.defaultEstate()
	return d
}

// clone returns a copy of s that shares no map, slice or pointer with it.
func (s Spec) clone() Spec {
	d := s
	d.Tags = maps.Clone(s.Tags)
	d.Azure.PeeringLocations = slices.Clone(s.Azure.PeeringLocations)
	if len(d.Azure.PeeringLocations) == 0 {
		d.Azure.PeeringLocations = nil // an empty list is no list
	}
	d.OCI.RouteTableIDs = slices.Clone(s.OCI.RouteTableIDs)
	d.Azure.Spokes = slices.Clone(s.Azure.Spokes)
	d.OCI.VCNs = slices.Clone(s.OCI.VCNs)
	for i := range d.OCI.VCNs {
		d.OCI.VCNs[i].RouteTableIDs = slices.Clone(s.OCI.VCNs[i].RouteTableIDs)
	}
	if s.Azure.FastPath != nil {
		v := *s.Azure.FastPath
		d.Azure.FastPath = &v
	}
	return d
}

// Marshal returns s as YAML in the key order of README.md, leaving out keys
// whose value is unset. It is meant for printing a spec, typically the result
// of [Spec.WithDefaults]. The MD5 key prints as "(sensitive)", so the output
// parses back with [ParseSpec] to the same spec except for that key. For
// JSON, use encoding/json: the field tags give the same keys and secrets are
// redacted there too.
func (s Spec) Marshal() ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(parent *yaml.Node, key string, value *yaml.Node) {
		if value == nil {
			return
		}
		parent.Content = append(parent.Content, scalarNode(key, "!!str"), value)
	}
	str := func(v string) *yaml.Node {
		if v == "" {
			return nil
		}
		return scalarNode(v, "!!str")
	}
	prefix := func(p netip.Prefix) *yaml.Node {
		if !p.IsValid() {
			return nil
		}
		return scalarNode(p.String(), "!!str")
	}
	integer := func(i int) *yaml.Node {
		if i == 0 {
			return nil
		}
		return scalarNode(strconv.Itoa(i), "!!int")
	}
	mapping := func(pairs ...any) *yaml.Node {
		n := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i+1 < len(pairs); i += 2 {
			if v, _ := pairs[i+1].(*yaml.Node); v != nil {
				add(n, pairs[i].(string), v)
			}
		}
		if len(n.Content) == 0 {
			return nil
		}
		return n
	}

	add(m, "name", str(s.Name))
	if s.Bandwidth != 0 {
		add(m, "bandwidth", scalarNode(s.Bandwidth.String(), "!!str"))
	}
	add(m, "resiliency", str(s.Resiliency))
	var fastPath *yaml.Node
	if s.Azure.FastPath != nil {
		fastPath = scalarNode(boolText(*s.Azure.FastPath), "!!bool")
	}
	add(m, "azure", mapping(
		"subscriptionId", str(s.Azure.SubscriptionID),
		"resourceGroup", str(s.Azure.ResourceGroup),
		"region", str(s.Azure.Region),
		"virtualNetwork", str(s.Azure.VirtualNetwork),
		"peeringLocation", str(s.Azure.PeeringLocation),
		"peeringLocations", sequence(len(s.Azure.PeeringLocations), func(i int) *yaml.Node { return scalarNode(s.Azure.PeeringLocations[i], "!!str") }),
		"preferredPeeringLocation", str(s.Azure.PreferredPeeringLocation),
		"circuitSku", mapping("tier", str(s.Azure.CircuitSKU.Tier), "family", str(s.Azure.CircuitSKU.Family)),
		"gateway", mapping(
			"name", str(s.Azure.Gateway.Name),
			"sku", str(s.Azure.Gateway.SKU),
			"subnetPrefix", prefix(s.Azure.Gateway.SubnetPrefix),
			"scaleUnits", integer(s.Azure.Gateway.ScaleUnits),
		),
		"fastPath", fastPath,
		"spokes", sequence(len(s.Azure.Spokes), func(i int) *yaml.Node {
			sp := s.Azure.Spokes[i]
			return mapping("virtualNetwork", str(sp.VirtualNetwork), "resourceGroup", str(sp.ResourceGroup))
		}),
	))
	routeTables := func(ids []string) *yaml.Node {
		return sequence(len(ids), func(i int) *yaml.Node { return scalarNode(ids[i], "!!str") })
	}
	add(m, "oci", mapping(
		"region", str(s.OCI.Region),
		"compartmentId", str(s.OCI.CompartmentID),
		"vcnId", str(s.OCI.VCNID),
		"drgId", str(s.OCI.DRGID),
		"routeTableIds", routeTables(s.OCI.RouteTableIDs),
		"vcns", sequence(len(s.OCI.VCNs), func(i int) *yaml.Node {
			v := s.OCI.VCNs[i]
			return mapping("vcnId", str(v.VCNID), "routeTableIds", routeTables(v.RouteTableIDs), "compartmentId", str(v.CompartmentID))
		}),
	))
	add(m, "peering", mapping(
		"pool", prefix(s.Peering.Pool),
		"primary", prefix(s.Peering.Primary),
		"secondary", prefix(s.Peering.Secondary),
		"secondLocation", mapping("primary", prefix(s.Peering.SecondLocation.Primary), "secondary", prefix(s.Peering.SecondLocation.Secondary)),
		"vlan", integer(s.Peering.VLAN),
		"md5AuthKey", str(s.Peering.MD5AuthKey.String()),
	))
	if len(s.Tags) > 0 {
		tags := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range slices.Sorted(maps.Keys(s.Tags)) {
			add(tags, k, scalarNode(s.Tags[k], "!!str"))
		}
		add(m, "tags", tags)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sequence is a YAML sequence of n items, nil when n is 0; a nil item is
// written as an empty mapping.
func sequence(n int, item func(i int) *yaml.Node) *yaml.Node {
	if n == 0 {
		return nil
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range n {
		v := item(i)
		if v == nil {
			v = &yaml.Node{Kind: yaml.MappingNode}
		}
		seq.Content = append(seq.Content, v)
	}
	return seq
}

func scalarNode(value, tag string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// defaultLocations fills in and spells the peering locations (d is a clone
// with its resiliency defaulted). A standard spec gets the pair's first
// location unless it names one or wrongly lists several; a maximum one gets
// two, unless its pair has one location or it lists them itself.
func (d *Spec) defaultLocations(pair RegionPair) {
	a := &d.Azure
	spell := func(loc string) string {
		if l, ok := pair.peeringLocation(loc); ok {
			return l
		}
		return loc
	}
	if a.PeeringLocation != "" {
		a.PeeringLocation = spell(a.PeeringLocation)
	}
	for i, l := range a.PeeringLocations {
		a.PeeringLocations[i] = spell(l)
	}
	if a.PreferredPeeringLocation != "" {
		a.PreferredPeeringLocation = spell(a.PreferredPeeringLocation)
	}
	switch {
	case len(a.PeeringLocations) > 0:
		// Listed: Validate checks them.
	case d.Resiliency == ResiliencyMaximum:
		first := cmpOr(a.PeeringLocation, pair.DefaultPeeringLocation())
		if i := slices.IndexFunc(pair.PeeringLocations, func(l string) bool { return l != first }); i >= 0 && pair.HasPeeringLocation(first) {
			a.PeeringLocations, a.PeeringLocation = []string{first, pair.PeeringLocations[i]}, ""
		} else {
			a.PeeringLocation = first // one location only: Validate says so
		}
	case a.PeeringLocation == "":
		a.PeeringLocation = pair.DefaultPeeringLocation()
	}
}
