package sim

import (
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: the rules of connection writes that concern the gateway as a
// whole: ARM runs one connection operation at a time per gateway, and a
// gateway takes a bounded number of circuits. The checks of one connection
// are in azure_connection.go.

// connectionWriteInProgress refuses a connection write (create, update or
// delete) while another connection of the same gateway is being written:
// ARM serialises connection operations on a virtual network gateway, and
// answers a concurrent second one 409 AnotherOperationInProgress, which is
// worth retrying once the first ends (hashicorp/terraform-provider-azurerm#10582:
// connections of one gateway created in parallel fail so;
// Azure/Azure-Landing-Zones#4134). self is the connection being written
// (mu held).
func (w *World) connectionWriteInProgress(gatewayID, self string) error {
	for _, k := range sortedKeys(w.st.Connections) {
		c := w.st.Connections[k]
		if equalFold(c.Gateway, gatewayID) && !equalFold(c.ID, self) && c.busy() {
			return w.azErr(httpstatus.Conflict, "AnotherOperationInProgress", "",
				"Another operation on this or dependent resource is in progress: connection %s of gateway %s is %s. Retry once it has finished.",
				c.Name, gatewayID, c.State)
		}
	}
	return nil
}

// connectionLimits refuses a new connection from gateway g to circuit c
// beyond what the gateway takes (mu held): azure.GatewayMaxConnections of
// its SKU, and azure.MaxCircuitsPerPeeringLocation circuits of one peering
// location (Microsoft, "About ExpressRoute virtual network gateways",
// "Feature support by gateway SKU"). Microsoft publishes no error code for
// either; GatewayConnectionLimitReached and
// TooManyCircuitsFromPeeringLocation are the simulator's.
func (w *World) connectionLimits(g *gatewayRec, c *circuitRec) error {
	n, atLocation := 0, 0
	for _, k := range sortedKeys(w.st.Connections) {
		o := w.st.Connections[k]
		if !equalFold(o.Gateway, g.ID) {
			continue
		}
		n++
		if oc := w.st.Circuits[key(o.Circuit)]; oc != nil && equalFold(oc.PeeringLocation, c.PeeringLocation) {
			atLocation++
		}
	}
	if max := azure.GatewayMaxConnections(g.SKU, g.ScaleUnits); n >= max {
		return w.azBadRequest("GatewayConnectionLimitReached",
			"Gateway %s (%s) takes at most %d circuit connections and has %d; resize it to a larger SKU or connect the circuit to another gateway.",
			g.Name, skuDesc(g), max, n)
	}
	if atLocation >= azure.MaxCircuitsPerPeeringLocation {
		return w.azBadRequest("TooManyCircuitsFromPeeringLocation",
			"At most %d ExpressRoute circuits from one peering location (%s) can connect to a virtual network; gateway %s has %d.",
			azure.MaxCircuitsPerPeeringLocation, c.PeeringLocation, g.Name, atLocation)
	}
	return nil
}

// maxRoutingWeight is the largest routingWeight a connection takes
// (hashicorp/terraform-provider-azurerm#5540 raised the provider's bound for
// virtual network gateway connections to Azure's 32000).
const maxRoutingWeight = 32000

// checkRoutingWeight refuses a weight outside 0–32000 with 400
// InvalidRoutingWeight, a code of the simulator's own (Microsoft publishes
// none).
func (w *World) checkRoutingWeight(weight int) error {
	if weight < 0 || weight > maxRoutingWeight {
		return w.azBadRequest("InvalidRoutingWeight", "The routing weight %d is not valid: it must be between 0 and %d.", weight, maxRoutingWeight)
	}
	return nil
}
