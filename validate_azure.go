package interconnect

// This file: the offline checks of the spec's azure section: names, the
// region pair and the gateway.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/azoci/interconnect/azure"
)

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
	case d.CircuitSKU.Tier == circuitTierLocal && d.CircuitSKU.Family != "UnlimitedData":
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
	case dg.SKU == "ErGwScale" && (dg.ScaleUnits < minScaleUnits || dg.ScaleUnits > maxScaleUnits):
		v.add("azure.gateway.scaleUnits", itoa(g.ScaleUnits), fmt.Sprintf("is outside the %d–%d scale units an ErGwScale gateway allows; choose a number in that range (FastPath needs at least %d)", minScaleUnits, maxScaleUnits, fastPathMinScaleUnits))
	case dg.SKU == "ErGwScale" && fastPath && dg.ScaleUnits < fastPathMinScaleUnits:
		v.add("azure.gateway.scaleUnits", itoa(g.ScaleUnits), fmt.Sprintf("is too few for FastPath (%s), which needs an ErGwScale gateway with at least %d scale units; set scaleUnits: %d or more, or azure.fastPath: false", why, fastPathMinScaleUnits, fastPathMinScaleUnits))
	case skuOK && fastPath && !GatewaySupportsFastPath(dg.SKU, dg.ScaleUnits):
		v.add("azure.gateway.sku", g.SKU, fmt.Sprintf("cannot carry FastPath (%s), which needs ErGw3AZ, UltraPerformance, or ErGwScale with at least %d scale units; set sku: ErGw3AZ, or azure.fastPath: false", why, fastPathMinScaleUnits))
	}
	if p := g.SubnetPrefix; p.IsValid() {
		switch {
		case !p.Addr().Is4():
			v.add("azure.gateway.subnetPrefix", p.String(), "is not IPv4; the GatewaySubnet needs an IPv4 prefix of /27 or larger, such as 10.0.255.0/27")
		case p.Masked() != p:
			v.add("azure.gateway.subnetPrefix", p.String(), fmt.Sprintf("has host bits set; did you mean %v?", p.Masked()))
		case p.Bits() > maxGatewaySubnetBits:
			v.add("azure.gateway.subnetPrefix", p.String(), fmt.Sprintf("is smaller than the /%d an ExpressRoute gateway subnet needs; use a /%d or larger", maxGatewaySubnetBits, maxGatewaySubnetBits))
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
