package interconnect

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/azure"
)

// This file: the limits of the VNet's ExpressRoute gateway, checked before
// anything is created. Microsoft's gateway table ("About ExpressRoute
// virtual network gateways", azure-docs
// articles/expressroute/expressroute-about-virtual-network-gateways.md,
// "Feature support by gateway SKU"; the numbers are azure/sku.go's): a
// gateway takes azure.GatewayMaxConnections circuit connections of its SKU,
// and at most azure.MaxCircuitsPerPeeringLocation circuits of one peering
// location connect to a virtual network. A gateway the library creates
// carries only the interconnect's one or two connections, within every SKU's
// limit; an existing one (adopted, or ours) may carry other circuits too.
// Azure would refuse the connection at Apply, after the circuits were
// created and billed; Plan refuses first.

// gatewayLimits refuses the plan when, once applied, the VNet's existing
// gateway would carry more circuit connections than its SKU as it will be
// (after a planned resize) takes, or the VNet more than
// azure.MaxCircuitsPerPeeringLocation circuits of a location where the plan
// connects one. It counts the gateway's connections to circuits other than
// the interconnect's (its own connections, found by name, carry its tag or
// are refused in circuitSteps) plus the interconnect's, each circuit once.
// A plan that connects nothing new and keeps the SKU adds nothing Azure has
// not already taken, and is let through.
func (d *decision) gatewayLimits(o *observed, v *ValidationError, cat *Catalog) {
	gw := o.gateway()
	if gw == nil || d.gatewayName == "" {
		return
	}
	others, read, located := o.load.others(d.spec, gw)
	if !read {
		return
	}
	var adding []*siteDecision
	for _, sd := range d.sites {
		if sd.connection == nil {
			adding = append(adding, sd)
		}
	}
	resized := gw.SKU != d.gatewaySKU || gw.ScaleUnits != d.scaleUnits
	if len(adding) == 0 && !resized {
		return
	}
	limit := azure.GatewayMaxConnections(d.gatewaySKU, d.scaleUnits)
	if len(others) > 0 && limit > 0 {
		d.limitNotes = append(d.limitNotes, fmt.Sprintf("Gateway %s has %d connections to other circuits; with this interconnect's %d it carries %d of the %d circuit connections %s takes.",
			gw.Name, len(others), len(d.sites), len(others)+len(d.sites), limit, skuText(d.gatewaySKU, d.scaleUnits)))
	}
	d.connectionLimit(gw, others, resized, limit, v)
	if !located {
		return // fewer other circuits than fill a peering location
	}
	for _, sd := range adding {
		d.locationLimit(gw, sd, others, o, v, cat)
	}
	var unread []string
	own := ownSitesOf(d.spec)
	for _, c := range others {
		if o.load.circuit(c.CircuitID) == nil && !has(own.circuits, c.CircuitID) && !slices.Contains(unread, c.CircuitID) {
			unread = append(unread, c.CircuitID)
		}
	}
	if len(adding) > 0 && len(unread) > 0 {
		d.limitNotes = append(d.limitNotes, fmt.Sprintf("Could not read the peering location of %s (another subscription's, or gone), joined to gateway %s: it is not counted against the %d circuits of one peering location a virtual network connects.",
			strings.Join(unread, ", "), gw.Name, azure.MaxCircuitsPerPeeringLocation))
	}
}

// connectionLimit refuses more circuit connections on gateway gw than
// limit, the most its SKU as it will be takes.
func (d *decision) connectionLimit(gw *azure.Gateway, others []azure.Connection, resized bool, limit int, v *ValidationError) {
	s, need := d.spec, len(d.sites)
	total := len(others) + need
	if limit == 0 || total <= limit {
		return
	}
	planned := ""
	if resized {
		planned = " after the planned resize"
	}
	problem := fmt.Sprintf("the VNet's gateway %s is %s%s, which takes at most %d circuit connections (Microsoft's ExpressRoute gateway limits); it has %d to other circuits (%s), and this interconnect needs %d",
		gw.Name, skuText(d.gatewaySKU, d.scaleUnits), planned, limit, len(others), connectionNames(others), need)
	field, value := "azure.virtualNetwork", s.Azure.VirtualNetwork
	var fixes []string
	standardFits := s.Maximum() && len(others)+1 <= limit
	bigSKU, bigUnits := roomyGateway(gw.SKU, total, s.Azure.FastPathEnabled())
	switch {
	case d.gatewayOwned && bigSKU == azure.SKUErGwScale && d.gatewaySKU == azure.SKUErGwScale:
		field, value = "azure.gateway.scaleUnits", strconv.Itoa(s.Azure.Gateway.ScaleUnits)
		fixes = append(fixes, fmt.Sprintf("set azure.gateway.scaleUnits: %d (%d circuit connections)", bigUnits, azure.GatewayMaxConnections(bigSKU, bigUnits)))
	case d.gatewayOwned:
		field, value = "azure.gateway.sku", s.Azure.Gateway.SKU
		if bigSKU != "" {
			fixes = append(fixes, fmt.Sprintf("set azure.gateway.sku: %s (%d circuit connections, a resize in place)", skuSetting(bigSKU, bigUnits), azure.GatewayMaxConnections(bigSKU, bigUnits)))
		}
	default:
		if standardFits {
			field, value = "resiliency", s.Resiliency
		}
		if bigSKU != "" {
			fixes = append(fixes, fmt.Sprintf("resize %s to %s yourself (%d circuit connections, in place; the library resizes an adopted gateway only for FastPath)",
				gw.Name, skuText(bigSKU, bigUnits), azure.GatewayMaxConnections(bigSKU, bigUnits)))
		}
	}
	if standardFits {
		fixes = append(fixes, "set resiliency: standard (one connection)")
	}
	fixes = append(fixes, fmt.Sprintf("remove %d of the gateway's connections to other circuits", total-limit))
	v.Add(field, value, problem+": "+orList(fixes))
}

// locationLimit refuses connecting site sd's circuit when the VNet's gateway
// already connects azure.MaxCircuitsPerPeeringLocation other circuits from
// its peering location.
func (d *decision) locationLimit(gw *azure.Gateway, sd *siteDecision, others []azure.Connection, o *observed, v *ValidationError, cat *Catalog) {
	var at, seen []string
	for _, c := range others {
		id := strings.ToLower(c.CircuitID)
		if slices.Contains(seen, id) {
			continue
		}
		seen = append(seen, id)
		if ckt := o.load.circuit(id); ckt != nil && squash(ckt.PeeringLocation) == squash(sd.location) {
			at = append(at, ckt.Name)
		}
	}
	limit := azure.MaxCircuitsPerPeeringLocation
	if len(at)+1 <= limit {
		return
	}
	s := d.spec
	var fixes []string
	if pair, ok := cat.ByAzureRegion(s.Azure.Region); ok && !s.Maximum() {
		for _, l := range pair.PeeringLocations {
			if squash(l) != squash(sd.location) {
				fixes = append(fixes, "set azure.peeringLocation: "+l)
			}
		}
	}
	if s.Maximum() {
		other := d.sites[1-sd.index].location
		fixes = append(fixes, "set resiliency: standard with azure.peeringLocation: "+other)
	}
	if n := len(at) + 1 - limit; n == 1 {
		fixes = append(fixes, "remove the gateway's connection to one of those circuits")
	} else {
		fixes = append(fixes, fmt.Sprintf("remove the gateway's connections to %d of those circuits", n))
	}
	v.Add(d.locationField(sd.site), sd.location, fmt.Sprintf("the VNet's gateway %s already connects %d ExpressRoute circuits from %s (%s), and at most %d circuits from one peering location connect to a virtual network (Microsoft's ExpressRoute gateway limits): %s",
		gw.Name, len(at), sd.location, strings.Join(at, ", "), limit, orList(fixes)))
}

// roomyGateway is the smallest gateway SKU that a gateway of SKU from can be
// resized to in place (azure.GatewayResizeProblem) and that takes n circuit
// connections, and FastPath when fastPath is set, with its minimum scale
// units for ErGwScale; "" when none does (no SKU takes more than 16).
func roomyGateway(from string, n int, fastPath bool) (string, int) {
	for _, sku := range azure.GatewaySKUs {
		if azure.GatewayResizeProblem(from, sku) != "" {
			continue
		}
		units := 0
		if sku == azure.SKUErGwScale {
			units = 1
			for azure.GatewayMaxConnections(sku, units) < n && units < fastPathMinScaleUnits {
				units++
			}
			if fastPath {
				units = max(units, fastPathMinScaleUnits)
			}
		}
		if azure.GatewayMaxConnections(sku, units) >= n && (!fastPath || GatewaySupportsFastPath(sku, units)) {
			return sku, units
		}
	}
	return "", 0
}

// skuText names a gateway SKU with its scale units, for messages.
func skuText(sku string, units int) string {
	if sku == azure.SKUErGwScale {
		return fmt.Sprintf("%s with %d scale units", sku, units)
	}
	return sku
}

// skuSetting is the spec setting of a gateway SKU with its scale units.
func skuSetting(sku string, units int) string {
	if sku == azure.SKUErGwScale {
		return fmt.Sprintf("%s and azure.gateway.scaleUnits: %d", sku, units)
	}
	return sku
}

// connectionNames names up to four connections, then how many more.
func connectionNames(cs []azure.Connection) string {
	var names []string
	for i, c := range cs {
		if i == 4 {
			names = append(names, fmt.Sprintf("%d more", len(cs)-i))
			break
		}
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// orList joins alternatives: "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
