package azure

import (
	"fmt"
	"slices"
)

// The facts about ExpressRoute gateway SKUs, written once for the engine and
// the simulator (Microsoft, "About ExpressRoute virtual network gateways",
// and "About ExpressRoute FastPath").

// GatewaySKUs lists the ExpressRoute gateway SKUs: the zone-redundant (AZ)
// family from small to large, then the older non-AZ family from small to
// large.
var GatewaySKUs = []string{SKUErGw1AZ, SKUErGw2AZ, SKUErGw3AZ, SKUErGwScale, SKUStandard, SKUHighPerformance, SKUUltraPerformance}

// FastPathMinScaleUnits is the fewest scale units with which an ErGwScale
// gateway carries FastPath.
const FastPathMinScaleUnits = 10

// ZoneRedundantSKU reports whether sku belongs to the AZ family (ErGw1AZ,
// ErGw2AZ, ErGw3AZ, ErGwScale).
func ZoneRedundantSKU(sku string) bool {
	return slices.Contains(GatewaySKUs[:4], sku)
}

// gatewaySKURank orders each family from small (1) to large; 0 for an
// unknown SKU. ErGwScale is the top of the AZ family.
func gatewaySKURank(sku string) int {
	i := slices.Index(GatewaySKUs, sku)
	switch {
	case i < 0:
		return 0
	case i < 4:
		return i + 1
	}
	return i - 3
}

// GatewaySupportsFastPath reports whether a gateway of the SKU can carry
// FastPath: ErGw3AZ, UltraPerformance, or ErGwScale with at least
// FastPathMinScaleUnits scale units.
func GatewaySupportsFastPath(sku string, scaleUnits int) bool {
	switch sku {
	case SKUErGw3AZ, SKUUltraPerformance:
		return true
	case SKUErGwScale:
		return scaleUnits >= FastPathMinScaleUnits
	}
	return false
}

// GatewayResizeProblem says why Azure cannot resize a gateway in place from
// one SKU to another, or "" when it can: resizing works only upwards within
// a family; a downgrade, or a move between the AZ and non-AZ families, needs
// the gateway deleted and created again. An unchanged SKU is no problem.
func GatewayResizeProblem(from, to string) string {
	switch {
	case from == to:
		return ""
	case gatewaySKURank(from) == 0 || gatewaySKURank(to) == 0:
		return fmt.Sprintf("%s → %s: not both ExpressRoute gateway SKUs", from, to)
	case ZoneRedundantSKU(from) != ZoneRedundantSKU(to):
		return fmt.Sprintf("%s → %s moves between the zone-redundant (AZ) and non-AZ families, which Azure does only by deleting and re-creating the gateway", from, to)
	case gatewaySKURank(to) < gatewaySKURank(from):
		return fmt.Sprintf("%s → %s is a downgrade, which Azure does only by deleting and re-creating the gateway", from, to)
	}
	return ""
}

// The limits on connections of an ExpressRoute gateway (Microsoft, "About
// ExpressRoute virtual network gateways", azure-docs
// articles/expressroute/expressroute-about-virtual-network-gateways.md,
// "Feature support by gateway SKU").

// MaxCircuitsPerPeeringLocation is the most ExpressRoute circuits from one
// peering location that can connect to one virtual network, whatever its
// gateway's SKU.
const MaxCircuitsPerPeeringLocation = 4

// GatewayMaxConnections is the most circuit connections a gateway of the SKU
// takes: 4 for Standard and ErGw1AZ, 8 for HighPerformance and ErGw2AZ, 16
// for UltraPerformance and ErGw3AZ; an ErGwScale gateway takes 4 from 1
// scale unit, 8 from 2 and 16 from 10 (scaleUnits is its minimum). 0 for an
// unknown SKU, or an ErGwScale gateway without scale units.
func GatewayMaxConnections(sku string, scaleUnits int) int {
	switch sku {
	case SKUStandard, SKUErGw1AZ:
		return 4
	case SKUHighPerformance, SKUErGw2AZ:
		return 8
	case SKUUltraPerformance, SKUErGw3AZ:
		return 16
	case SKUErGwScale:
		switch {
		case scaleUnits >= 10:
			return 16
		case scaleUnits >= 2:
			return 8
		case scaleUnits >= 1:
			return 4
		}
	}
	return 0
}
