package interconnect

import (
	"fmt"
	"github.com/azoci/interconnect/azure"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/azoci/interconnect/ipam"
)

// Limits that Validate enforces.
const (
	MaxNameLength = 40
	MaxMD5KeyLen  = 32
	MinVLAN       = 1
	MaxVLAN       = 4094
	// MaxUserTags is how many tags a spec may set: OCI allows 10 free-form
	// tags per resource (Azure 50) and the library adds OwnershipTagKey.
	MaxUserTags = 9
	// MaxTagKeyLength is OCI's free-form tag key limit (Azure allows 512).
	MaxTagKeyLength = 100
	// MaxTagValueLength is the tag value limit of both clouds.
	MaxTagValueLength = 256
	// MinPoolBits and MaxPoolBits bound the length of peering.pool: any
	// prefix from a /8 (10.0.0.0/8) to a /29.
	MinPoolBits = 8
	MaxPoolBits = 29
	// MaxGatewaySubnetBits is the smallest GatewaySubnet an ExpressRoute
	// gateway accepts: a /27.
	MaxGatewaySubnetBits = 27
)

// reservedRanges may not hold the BGP blocks or the pool.
var reservedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

// Validate checks s offline, as it will be used: with the defaults of
// [Spec.WithDefaults] applied and against [DefaultCatalog]. It is
// s.ValidateWith(nil).
func (s Spec) Validate() error {
	return s.ValidateWith(nil)
}

// ValidateWith checks s offline against the region pairs of c (nil means
// [DefaultCatalog]) and returns nil or a *[ValidationError] holding every
// problem, each naming its field path (such as "azure.gateway.subnetPrefix"),
// the value as the user wrote it, and what to do about it.
//
// s is checked as it will be used, that is after [Spec.WithDefaults], but a
// missing required field is reported by its own key path, and values are
// shown as the user wrote them. The value of peering.md5AuthKey never appears
// in an error. Checks that need the clouds (that the VNet and VCN exist, that
// the BGP blocks miss their address spaces, what the provider offers) are not
// made here.
func (s Spec) ValidateWith(c *Catalog) error {
	if c == nil {
		c = DefaultCatalog()
	}
	v := &validator{s: s, d: s.WithDefaults(c), c: c, errs: &ValidationError{}}
	v.name()
	v.bandwidth()
	v.azure()
	v.oci()
	v.peering()
	v.tags()
	return v.errs.Err()
}

type validator struct {
	s    Spec // as written
	d    Spec // with defaults
	c    *Catalog
	errs *ValidationError
}

func (v *validator) add(field, value, problem string) { v.errs.Add(field, value, problem) }

func (v *validator) required(field, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(field, "", "is missing; set it to "+what)
		return false
	}
	return true
}

var nameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

func (v *validator) name() {
	n := v.s.Name
	if !v.required("name", n, "a short lowercase name for the interconnect, such as ora-link; the library names what it creates after it") {
		return
	}
	switch l := utf8.RuneCountInString(n); {
	case l > MaxNameLength:
		v.add("name", n, fmt.Sprintf("is %d characters long; use at most %d (lowercase letters, digits and hyphens)", l, MaxNameLength))
	case !nameRE.MatchString(n):
		v.add("name", n, "may hold only lowercase letters, digits and hyphens, and must start and end with a letter or digit; for example ora-link")
	}
}

func (v *validator) bandwidth() {
	b := v.s.Bandwidth
	switch {
	case b == 0:
		v.add("bandwidth", "", "is missing; set it to "+supportedList())
	case !b.IsSupported():
		v.add("bandwidth", b.String(), fmt.Sprintf("is not offered for Azure–OCI interconnects (FastConnect to Azure comes in 1, 2, 5 and 10 Gbps); use %s", supportedList()))
	}
}

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (v *validator) azure() {
	a, d := v.s.Azure, v.d.Azure
	if v.required("azure.subscriptionId", a.SubscriptionID, "the ID of the Azure subscription that holds the VNet (a GUID; az account show --query id prints it)") &&
		!guidRE.MatchString(a.SubscriptionID) {
		v.add("azure.subscriptionId", a.SubscriptionID, "is not a subscription ID; it is a GUID such as 0b1f6471-1bf0-4dda-aec3-111122223333 (az account show --query id prints yours)")
	}
	if v.required("azure.resourceGroup", a.ResourceGroup, "the name of the resource group that holds the VNet") {
		if p := resourceGroupProblem(a.ResourceGroup); p != "" {
			v.add("azure.resourceGroup", a.ResourceGroup, p)
		}
	}
	if v.required("azure.virtualNetwork", a.VirtualNetwork, "the name of the existing VNet to connect") {
		if p := networkNameProblem(a.VirtualNetwork, 2, 64, "a virtual network"); p != "" {
			v.add("azure.virtualNetwork", a.VirtualNetwork, p)
		}
	}
	if a.Gateway.Name != "" {
		if p := networkNameProblem(a.Gateway.Name, 1, 80, "a virtual network gateway"); p != "" {
			v.add("azure.gateway.name", a.Gateway.Name, p)
		}
	}
	v.regionPair()

	if !slices.Contains(circuitTiers, d.CircuitSKU.Tier) {
		v.add("azure.circuitSku.tier", a.CircuitSKU.Tier, "is not an ExpressRoute circuit tier; use Standard, Premium or Local")
	}
	switch {
	case !slices.Contains(circuitFamilies, d.CircuitSKU.Family):
		v.add("azure.circuitSku.family", a.CircuitSKU.Family, "is not an ExpressRoute circuit family; use MeteredData or UnlimitedData")
	case d.CircuitSKU.Tier == CircuitTierLocal && d.CircuitSKU.Family != "UnlimitedData":
		v.add("azure.circuitSku.family", a.CircuitSKU.Family, "cannot go with tier Local: ExpressRoute Local comes only with UnlimitedData; set family: UnlimitedData, or remove it")
	}
	v.gateway()
}

// regionPair checks azure.region, oci.region and azure.peeringLocation
// against the catalog.
func (v *validator) regionPair() {
	a, d := v.s.Azure, v.d.Azure
	known := strings.Join(v.c.azureRegions(), ", ")
	hasAzure := v.required("azure.region", a.Region, "the Azure region of the VNet, one of: "+known)
	hasOCI := v.required("oci.region", v.s.OCI.Region, "the OCI region of the VCN (the one paired with azure.region, such as us-ashburn-1 for eastus)")
	ociPair, ociKnown := v.c.ByOCIRegion(v.d.OCI.Region)
	pair, ok := v.c.ByAzureRegion(d.Region)
	if !ok && hasOCI && !ociKnown {
		v.add("oci.region", v.s.OCI.Region, "is not an OCI region in the region-pair catalog; use the identifier of the OCI region paired with azure.region, such as us-ashburn-1")
	}
	if !hasAzure {
		return
	}
	if !ok {
		p := fmt.Sprintf("is not an Azure region with a known OCI interconnect; use one of: %s (or add the pair to the Catalog if Microsoft and Oracle have published one)", known)
		if ociKnown {
			p += fmt.Sprintf("; oci.region %s pairs with %s", ociPair.OCIRegion, ociPair.AzureRegion)
		}
		v.add("azure.region", a.Region, p)
		return
	}
	if hasOCI && v.d.OCI.Region != pair.OCIRegion {
		v.add("oci.region", v.s.OCI.Region, fmt.Sprintf("is not the OCI region paired with Azure region %s; use %s (or change azure.region)", pair.AzureRegion, pair.OCIRegion))
	}
	if a.PeeringLocation != "" && !pair.HasPeeringLocation(a.PeeringLocation) {
		v.add("azure.peeringLocation", a.PeeringLocation, fmt.Sprintf("is not a peering location of the %s ↔ %s pair; use %s, or leave it unset for %s", pair.AzureRegion, pair.OCIRegion, quoteList(pair.PeeringLocations), pair.DefaultPeeringLocation()))
	}
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "one of " + strings.Join(q, ", ")
}

func (v *validator) gateway() {
	g, dg := v.s.Azure.Gateway, v.d.Azure.Gateway
	fastPath := v.d.Azure.FastPathEnabled()
	skuOK := slices.Contains(azure.GatewaySKUs, dg.SKU)
	if !skuOK {
		v.add("azure.gateway.sku", g.SKU, "is not an ExpressRoute gateway SKU; use one of "+strings.Join(azure.GatewaySKUs, ", "))
	}
	why := "FastPath is on by default"
	if v.s.Azure.FastPath != nil {
		why = "azure.fastPath is true"
	}
	switch {
	case dg.SKU != "ErGwScale" && g.ScaleUnits != 0:
		if skuOK {
			v.add("azure.gateway.scaleUnits", itoa(g.ScaleUnits), fmt.Sprintf("applies only to sku ErGwScale, and sku is %s; remove scaleUnits or set sku: ErGwScale", dg.SKU))
		}
	case dg.SKU == "ErGwScale" && (dg.ScaleUnits < MinScaleUnits || dg.ScaleUnits > MaxScaleUnits):
		v.add("azure.gateway.scaleUnits", itoa(g.ScaleUnits), fmt.Sprintf("is outside the %d–%d scale units an ErGwScale gateway allows; choose a number in that range (FastPath needs at least %d)", MinScaleUnits, MaxScaleUnits, FastPathMinScaleUnits))
	case dg.SKU == "ErGwScale" && fastPath && dg.ScaleUnits < FastPathMinScaleUnits:
		v.add("azure.gateway.scaleUnits", itoa(g.ScaleUnits), fmt.Sprintf("is too few for FastPath (%s), which needs an ErGwScale gateway with at least %d scale units; set scaleUnits: %d or more, or azure.fastPath: false", why, FastPathMinScaleUnits, FastPathMinScaleUnits))
	case skuOK && fastPath && !GatewaySupportsFastPath(dg.SKU, dg.ScaleUnits):
		v.add("azure.gateway.sku", g.SKU, fmt.Sprintf("cannot carry FastPath (%s), which needs ErGw3AZ, UltraPerformance, or ErGwScale with at least %d scale units; set sku: ErGw3AZ, or azure.fastPath: false", why, FastPathMinScaleUnits))
	}
	if p := g.SubnetPrefix; p.IsValid() {
		switch {
		case !p.Addr().Is4():
			v.add("azure.gateway.subnetPrefix", p.String(), "is not IPv4; the GatewaySubnet needs an IPv4 prefix of /27 or larger, such as 10.0.255.0/27")
		case p.Masked() != p:
			v.add("azure.gateway.subnetPrefix", p.String(), fmt.Sprintf("has host bits set; did you mean %v?", p.Masked()))
		case p.Bits() > MaxGatewaySubnetBits:
			v.add("azure.gateway.subnetPrefix", p.String(), fmt.Sprintf("is smaller than the /%d an ExpressRoute gateway subnet needs; use a /%d or larger", MaxGatewaySubnetBits, MaxGatewaySubnetBits))
		}
	}
}

// resourceGroupProblem checks Azure's rules for resource group names: 1–90
// characters, letters, digits, underscores, hyphens, periods and parentheses,
// not ending in a period.
func resourceGroupProblem(name string) string {
	if l := utf8.RuneCountInString(name); l > 90 {
		return fmt.Sprintf("is %d characters long; Azure allows at most 90 in a resource group name", l)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-.()", r) {
			return fmt.Sprintf("contains %q; a resource group name may hold only letters, digits, underscores, hyphens, periods and parentheses", r)
		}
	}
	if strings.HasSuffix(name, ".") {
		return "ends with a period, which Azure does not allow in a resource group name; remove it"
	}
	return ""
}

// networkNameProblem checks Azure's rules for virtual network and gateway
// names: minLen–maxLen characters, ASCII letters, digits, underscores,
// periods and hyphens, starting with a letter or digit and ending with a
// letter, digit or underscore.
func networkNameProblem(name string, minLen, maxLen int, what string) string {
	isAlnum := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' }
	l := utf8.RuneCountInString(name)
	if l < minLen || l > maxLen {
		return fmt.Sprintf("is %d characters long; Azure allows %d–%d in the name of %s", l, minLen, maxLen, what)
	}
	for _, r := range name {
		if r >= utf8.RuneSelf || !(isAlnum(byte(r)) || r == '_' || r == '.' || r == '-') {
			return fmt.Sprintf("contains %q; the name of %s may hold only ASCII letters, digits, underscores, periods and hyphens", r, what)
		}
	}
	if !isAlnum(name[0]) {
		return fmt.Sprintf("must start with a letter or digit (Azure's rule for the name of %s)", what)
	}
	if last := name[len(name)-1]; !isAlnum(last) && last != '_' {
		return fmt.Sprintf("must end with a letter, digit or underscore (Azure's rule for the name of %s)", what)
	}
	return ""
}

func (v *validator) oci() {
	o := v.s.OCI
	if v.required("oci.compartmentId", o.CompartmentID, "the OCID of the compartment to create OCI resources in (ocid1.compartment.… or, for the root compartment, the tenancy's ocid1.tenancy.…)") {
		v.ocid("oci.compartmentId", o.CompartmentID, "compartment", "tenancy")
	}
	if v.required("oci.vcnId", o.VCNID, "the OCID of the existing VCN to connect (ocid1.vcn.…)") {
		v.ocid("oci.vcnId", o.VCNID, "vcn")
	}
	if o.DRGID != "" {
		v.ocid("oci.drgId", o.DRGID, "drg")
	}
	first := map[string]int{}
	for i, id := range o.RouteTableIDs {
		field := fmt.Sprintf("oci.routeTableIds[%d]", i)
		if j, dup := first[id]; dup {
			v.add(field, id, fmt.Sprintf("repeats oci.routeTableIds[%d]; list each route table once", j))
			continue
		}
		first[id] = i
		if strings.TrimSpace(id) == "" {
			v.add(field, "", "is empty; give the OCID of a route table of the VCN (ocid1.routetable.…), or remove the entry")
			continue
		}
		v.ocid(field, id, "routetable")
	}
}

var (
	ocidRealmRE  = regexp.MustCompile(`^oc[0-9]+$`)
	ocidRegionRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	ocidUniqueRE = regexp.MustCompile(`^[a-z0-9]+$`)
)

// ocidNoun names a resource type in messages.
var ocidNoun = map[string]string{
	"compartment": "a compartment",
	"tenancy":     "a tenancy",
	"vcn":         "a VCN",
	"drg":         "a DRG",
	"routetable":  "a route table",
}

// regionalOCIDs are the OCID types whose region segment must match
// oci.region; compartments and tenancies are not regional.
var regionalOCIDs = map[string]bool{"vcn": true, "drg": true, "routetable": true}

// ocid checks that id is an OCID of one of the kinds, with the syntax
// ocid1.<type>.<realm>.[region][.future].<unique ID>, and for regional kinds
// that its region segment is oci.region (its identifier or its key).
func (v *validator) ocid(field, id string, kinds ...string) {
	want := ocidNoun[kinds[0]]
	example := "ocid1." + kinds[0] + ".oc1.…"
	if !strings.HasPrefix(id, "ocid1.") {
		v.add(field, id, fmt.Sprintf("is not an OCID; give the OCID of %s (%s), as the OCI console or CLI shows it", want, example))
		return
	}
	parts := strings.Split(id, ".")
	if len(parts) < 5 || len(parts) > 6 || !ocidRealmRE.MatchString(parts[2]) ||
		(parts[3] != "" && !ocidRegionRE.MatchString(parts[3])) || !ocidUniqueRE.MatchString(parts[len(parts)-1]) {
		v.add(field, id, fmt.Sprintf("is not a well-formed OCID (ocid1.<type>.<realm>.[region][.future use].<unique ID>); copy the OCID of %s from the OCI console or CLI", want))
		return
	}
	if kind := parts[1]; !slices.Contains(kinds, kind) {
		noun := ocidNoun[kind]
		if noun == "" {
			noun = "a " + kind
		}
		v.add(field, id, fmt.Sprintf("is the OCID of %s, not of %s; give the OCID of %s (%s)", noun, want, want, example))
		return
	}
	if !regionalOCIDs[parts[1]] {
		return
	}
	pair, ok := v.ociPair()
	if !ok {
		return // the region problem is reported on azure.region or oci.region
	}
	region := parts[3]
	if region == "" {
		v.add(field, id, fmt.Sprintf("has no region segment, but %s is a regional resource; copy its full OCID", want))
		return
	}
	if r := strings.ToLower(region); r != pair.OCIRegion && r != pair.OCIRegionKey {
		v.add(field, id, fmt.Sprintf("is in region %s, but the OCI side of this interconnect is in %s (key %s); use %s in %s", region, pair.OCIRegion, pair.OCIRegionKey, want, pair.OCIRegion))
	}
}

// ociPair returns the region pair that fixes the OCI region of the
// interconnect: the Azure region's pair, or else the pair of oci.region.
func (v *validator) ociPair() (RegionPair, bool) {
	if p, ok := v.c.ByAzureRegion(v.d.Azure.Region); ok {
		return p, true
	}
	return v.c.ByOCIRegion(v.d.OCI.Region)
}

func (v *validator) peering() {
	p, d := v.s.Peering, v.d.Peering
	gw := v.s.Azure.Gateway.SubnetPrefix
	gwUsable := gw.IsValid() && gw.Addr().Is4()

	explicit := p.Primary.IsValid() || p.Secondary.IsValid()
	if !p.Primary.IsValid() && p.Secondary.IsValid() {
		v.add("peering.primary", "", "is missing while peering.secondary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}
	if p.Primary.IsValid() && !p.Secondary.IsValid() {
		v.add("peering.secondary", "", "is missing while peering.primary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}

	// The pool: its form when the user set it. It may overlap the networks:
	// the /30s come from its free part. Offline, only the gateway subnet is
	// known; the VNet and VCN are avoided when Plan allocates.
	poolOK := !p.Pool.IsValid() || v.pool(p.Pool)
	if pool := d.Pool; poolOK && gwUsable && !explicit {
		if _, _, err := ipam.AllocatePair(pool, []netip.Prefix{gw}); err != nil {
			value, note := pool.String(), ""
			if !p.Pool.IsValid() {
				value, note = "", fmt.Sprintf(" (the default pool %s)", pool)
			}
			v.add("peering.pool", value, fmt.Sprintf("has fewer than two free /30s outside azure.gateway.subnetPrefix %s%s; choose a larger pool, or one that overlaps the gateway subnet less", gw, note))
		}
	}

	// Explicit /30s.
	ok := true
	for _, b := range []struct {
		field string
		p     netip.Prefix
	}{{"peering.primary", p.Primary}, {"peering.secondary", p.Secondary}} {
		if !b.p.IsValid() {
			continue
		}
		if _, err := ipam.NewSubnet(b.p); err != nil {
			ok = false
			value, problem := b.p.String(), strings.TrimPrefix(err.Error(), "ipam: ")
			problem = strings.TrimPrefix(problem, value+" ")
			v.add(b.field, value, problem)
			continue
		}
		if r, bad := reservedRange(b.p); bad {
			ok = false
			v.add(b.field, b.p.String(), fmt.Sprintf("is inside %s (%s), which cannot carry BGP peering; use a /30 from a private range such as 192.168.240.0/30", r.prefix, r.what))
			continue
		}
		if gwUsable && b.p.Overlaps(gw) {
			ok = false
			v.add(b.field, b.p.String(), fmt.Sprintf("overlaps azure.gateway.subnetPrefix %s; choose a /30 outside the gateway subnet", gw))
		}
	}
	if ok && p.Primary.IsValid() && p.Secondary.IsValid() {
		if p.Primary == p.Secondary {
			v.add("peering.secondary", p.Secondary.String(), "is the same block as peering.primary; the two BGP sessions need two different /30s")
		} else {
			// ipam has the last word on a user-given pair.
			var avoid []netip.Prefix
			if gwUsable {
				avoid = append(avoid, gw)
			}
			for _, r := range reservedRanges {
				avoid = append(avoid, r.prefix)
			}
			if _, _, err := ipam.ValidatePair(p.Primary, p.Secondary, avoid); err != nil {
				v.add("peering", "", strings.ReplaceAll(err.Error(), "\n", "; "))
			}
		}
	}

	switch vlan := p.VLAN; {
	case vlan == 0:
	case vlan < MinVLAN || vlan > MaxVLAN:
		v.add("peering.vlan", itoa(vlan), fmt.Sprintf("is outside %d–%d; choose a VLAN ID in that range, or leave vlan unset for the default, 100", MinVLAN, MaxVLAN))
	}

	key := p.MD5AuthKey.Reveal()
	if utf8.RuneCountInString(key) > MaxMD5KeyLen {
		v.add("peering.md5AuthKey", "", fmt.Sprintf("is longer than the %d characters a BGP MD5 key may have; use a shorter key", MaxMD5KeyLen))
	}
	if strings.IndexFunc(key, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
		v.add("peering.md5AuthKey", "", "contains a character that is not printable ASCII; use only letters, digits, punctuation and spaces")
	}
}

// pool checks the form of a user-given peering.pool and reports whether it
// is fine.
func (v *validator) pool(pool netip.Prefix) bool {
	n := len(v.errs.Problems)
	value := pool.String()
	switch {
	case !pool.Addr().Is4():
		v.add("peering.pool", value, "is not IPv4; BGP peering over ExpressRoute and FastConnect uses IPv4 /30s, so give an IPv4 prefix such as 192.168.240.0/24")
	case pool.Masked() != pool:
		v.add("peering.pool", value, fmt.Sprintf("has host bits set; did you mean %v?", pool.Masked()))
	case pool.Bits() < MinPoolBits:
		v.add("peering.pool", value, fmt.Sprintf("is larger than a /%d; give a private range from /%d to /%d, such as 192.168.240.0/24 or 10.0.0.0/8", MinPoolBits, MinPoolBits, MaxPoolBits))
	case pool.Bits() > MaxPoolBits:
		v.add("peering.pool", value, fmt.Sprintf("is smaller than a /%d and cannot hold the two BGP /30s; use a /%d or larger", MaxPoolBits, MaxPoolBits))
	default:
		if r, bad := reservedRange(pool); bad {
			v.add("peering.pool", value, fmt.Sprintf("overlaps %s (%s), which cannot carry BGP peering; use a private range such as 192.168.240.0/24", r.prefix, r.what))
		}
	}
	return len(v.errs.Problems) == n
}

func reservedRange(p netip.Prefix) (r struct {
	prefix netip.Prefix
	what   string
}, found bool) {
	for _, r := range reservedRanges {
		if r.prefix.Overlaps(p) {
			return r, true
		}
	}
	return r, false
}

// forbiddenTagKeyChars are the characters Azure does not allow in tag names.
const forbiddenTagKeyChars = `<>%&\?/`

func (v *validator) tags() {
	tags := v.s.Tags
	if n := len(tags); n > MaxUserTags {
		v.add("tags", "", fmt.Sprintf("has %d entries; OCI allows 10 free-form tags per resource and the library adds its own %s tag, so set at most %d", n, OwnershipTagKey, MaxUserTags))
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	folded := map[string]string{}
	for _, k := range keys {
		field := tagPath(k)
		if prev, dup := folded[strings.ToLower(k)]; dup {
			v.add(field, "", fmt.Sprintf("differs from %s only in case; Azure tag names ignore case, so keep one of them", tagPath(prev)))
		} else {
			folded[strings.ToLower(k)] = k
		}
		switch l := utf8.RuneCountInString(k); {
		case k == "":
			v.add(field, "", "has an empty key; give every tag a key")
		case strings.EqualFold(k, OwnershipTagKey):
			v.add(field, "", "is reserved: the library tags what it creates with "+OwnershipTagKey+" to mark ownership; choose another key")
		case l > MaxTagKeyLength:
			v.add(field, "", fmt.Sprintf("is a %d-character key; OCI allows at most %d (Azure 512), so shorten it", l, MaxTagKeyLength))
		case strings.ContainsAny(k, forbiddenTagKeyChars):
			v.add(field, "", fmt.Sprintf("has a key with %q in it; Azure does not allow any of < > %% & \\ ? / in tag names, so use - or _ instead", k[strings.IndexAny(k, forbiddenTagKeyChars)]))
		case strings.ContainsFunc(k, func(r rune) bool { return r == '.' || unicode.IsSpace(r) }):
			v.add(field, "", "has a key with a period or space in it; OCI does not allow either in free-form tag keys, so use - or _ instead")
		case strings.ContainsFunc(k, func(r rune) bool { return !unicode.IsPrint(r) }):
			v.add(field, "", "has a key with a control character in it; use printable characters only")
		}
		if l := utf8.RuneCountInString(tags[k]); l > MaxTagValueLength {
			v.add(field, tags[k], fmt.Sprintf("is %d characters long; Azure and OCI allow at most %d in a tag value", l, MaxTagValueLength))
		}
	}
}

func itoa(i int) string { return fmt.Sprint(i) }
