package sim

import (
	"context"
	"fmt"

	"github.com/azoci/interconnect/azure"
)

// This file: ExpressRoute connections, which join a virtual network gateway
// to a circuit, and the checks a PUT must pass.

// ---------------------------------------------------------------------------
// Connections

func (w *World) connView(c *connectionRec) azure.Connection {
	return azure.Connection{ID: c.ID, Name: c.Name, Location: c.Location, GatewayID: c.Gateway, CircuitID: c.Circuit,
		FastPath: c.FastPath, RoutingWeight: c.RoutingWeight, Status: w.connStatus(c), Tags: cloneTags(c.Tags), State: c.State}
}

// connStatus is the connection's connectionStatus, one of the swagger's
// VirtualNetworkGatewayConnectionStatus enum (azure-rest-api-specs,
// specification/network/resource-manager/Microsoft.Network/stable/*/virtualNetworkGateway.json;
// armnetwork/v9 constants.go): Unknown, Connecting, Connected, NotConnected.
// It is "Connecting" while the connection is being made, "Unknown" for
// Latency.ConnectionStatus once it is made (ExpressRoute connections often
// read Unknown, so a client must judge the link on other evidence, such as
// the gateway's learned routes), then "Connected" while BGP is up on one of
// its circuit's paths, else "NotConnected".
func (w *World) connStatus(c *connectionRec) string {
	if w.heldOff(c) {
		return azure.NotConnected // a failover test holds the gateway off the circuit (azure_failover.go)
	}
	switch {
	case c.State == azure.Updating:
		return azure.Connecting
	case c.State == azure.Succeeded && w.now.Before(c.StatusKnown):
		return azure.ConnectionUnknown
	case w.connUp(c):
		return azure.Connected
	}
	return azure.NotConnected
}

// connUp reports whether the connection carries routes: it is made and BGP
// is up on one of its circuit's paths, whatever status it reports.
func (w *World) connUp(c *connectionRec) bool {
	cir := w.st.Circuits[key(c.Circuit)]
	return c.State == azure.Succeeded && cir != nil && (w.pathUp(cir, 0) || w.pathUp(cir, 1))
}

// connectionCreated starts the span in which a connection whose creation has
// just finished reports Unknown (mu held); a later update does not restart it.
func (w *World) connectionCreated(c *connectionRec) {
	if c.StatusKnown.IsZero() {
		c.StatusKnown = w.now.Add(w.lat.ConnectionStatus)
	}
}

func (w *World) findConnection(rg, name string) (*connectionRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typeConnections, name)
	if c := w.st.Connections[key(id)]; c != nil {
		return c, nil
	}
	return nil, w.azNotFound(id, typeConnections, name)
}

// GetConnection reads a connection.
func (f *azureFace) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	w := f.w
	return azureRead(f, ctx, "GetConnection", func() string { return w.id(rg, typeConnections, name) },
		func() (azure.Connection, error) {
			c, err := w.findConnection(rg, name)
			if err != nil {
				return azure.Connection{}, err
			}
			return w.connView(c), nil
		})
}

// ListGatewayConnections lists the connections of a gateway, from every
// resource group, ordered by ID ignoring case (ARM's
// VirtualNetworkGateways_ListConnections, azure-rest-api-specs example
// VirtualNetworkGatewaysListConnections.json; ARM promises no order). A
// missing gateway is 404.
func (f *azureFace) ListGatewayConnections(ctx context.Context, rg, gateway string) ([]azure.Connection, error) {
	w := f.w
	return azureRead(f, ctx, "ListGatewayConnections", func() string { return w.id(rg, typeGateways, gateway) },
		func() ([]azure.Connection, error) {
			g, err := w.findGateway(rg, gateway)
			if err != nil {
				return nil, err
			}
			out := []azure.Connection{}
			for _, k := range sortedKeys(w.st.Connections) {
				if c := w.st.Connections[k]; equalFold(c.Gateway, g.ID) {
					out = append(out, w.connView(c))
				}
			}
			return out, nil
		})
}

// PutConnection creates or updates an ExpressRoute connection. The gateway
// must be a Succeeded ExpressRoute gateway; the circuit must be Provisioned
// with a Succeeded private peering; FastPath needs ErGw3AZ, UltraPerformance
// or ErGwScale with at least 10 scale units. FastPath may be switched later.
func (f *azureFace) PutConnection(ctx context.Context, rg string, in azure.Connection) (azure.Connection, error) {
	w := f.w
	var rec *connectionRec
	return azurePut(f, ctx, "PutConnection", func() string { return w.id(rg, typeConnections, in.Name) },
		func() (armResource, error) {
			if _, err := w.needRG(rg); err != nil {
				return nil, err
			}
			id := w.id(rg, typeConnections, in.Name)
			old := w.st.Connections[key(id)]
			var oldLoc string
			if old != nil {
				oldLoc = old.Location
			}
			if err := w.putChecks(in.Name, in.Location, true, nilIfNone(old), oldLoc); err != nil {
				return nil, err
			}
			g, c, err := w.checkConnection(id, in, old)
			if err != nil {
				return nil, err
			}
			if err := w.connectionWriteInProgress(g.ID, id); err != nil {
				return nil, err
			}
			if old == nil {
				old = &connectionRec{ID: id, Name: in.Name, Gateway: g.ID, Circuit: c.ID}
				w.st.Connections[key(id)] = old
			}
			old.Location, old.FastPath, old.RoutingWeight, old.Tags = in.Location, in.FastPath, in.RoutingWeight, cloneTags(in.Tags)
			rec = old
			w.startOp(&rec.armState, opPut, kindConnection, rec.ID, w.lat.Connection)
			return rec, nil
		},
		func() azure.Connection { return w.connView(rec) })
}

func (w *World) checkConnection(id string, in azure.Connection, old *connectionRec) (*gatewayRec, *circuitRec, error) {
	if old != nil && ((in.GatewayID != "" && !equalFold(in.GatewayID, old.Gateway)) || (in.CircuitID != "" && !equalFold(in.CircuitID, old.Circuit))) {
		return nil, nil, w.azBadRequest("InvalidRequestFormat", "The gateway and circuit of connection %s cannot be changed.", old.Name)
	}
	gid, cid := in.GatewayID, in.CircuitID
	if old != nil {
		gid, cid = old.Gateway, old.Circuit
	}
	g := w.st.Gateways[key(gid)]
	switch {
	case g == nil:
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", gid, id)
	case g.State == azure.Updating:
		return nil, nil, w.azConflict(g.ID)
	case g.State != azure.Succeeded:
		return nil, nil, w.azBadRequest("VirtualNetworkGatewayNotReady", "Virtual network gateway %s is %s.", g.ID, g.State)
	case g.Type != azure.GatewayTypeExpressRoute:
		return nil, nil, w.azBadRequest("InvalidGatewayType", "Gateway %s is of type %s; an ExpressRoute connection needs an ExpressRoute gateway.", g.ID, g.Type)
	case in.FastPath && !g.fastPathCapable():
		return nil, nil, w.azBadRequest("FastPathNotSupportedOnGatewaySku",
			"ExpressRoute FastPath (ExpressRouteGatewayBypass) needs gateway SKU ErGw3AZ, UltraPerformance or ErGwScale with at least 10 scale units; gateway %s is %s.",
			g.Name, skuDesc(g))
	}
	c := w.st.Circuits[key(cid)]
	if c == nil {
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", cid, id)
	}
	if c.ProviderState != azure.Provisioned {
		return nil, nil, w.azBadRequest("ExpressRouteCircuitNotProvisioned",
			"Circuit %s cannot be connected: its service provider provisioning state is %s, not Provisioned.", c.Name, c.ProviderState)
	}
	if p := w.st.Peerings[key(c.peeringID())]; p == nil || p.State != azure.Succeeded {
		return nil, nil, w.azBadRequest("ExpressRouteCircuitPeeringNotConfigured",
			"Circuit %s cannot be connected: its AzurePrivatePeering is not configured.", c.Name)
	}
	if err := w.checkRoutingWeight(in.RoutingWeight); err != nil {
		return nil, nil, err
	}
	if old == nil {
		n := 0
		for _, k := range sortedKeys(w.st.Connections) {
			o := w.st.Connections[k]
			if !equalFold(o.Gateway, g.ID) {
				continue
			}
			if equalFold(o.Circuit, c.ID) {
				return nil, nil, w.azBadRequest("DuplicateConnection", "Gateway %s is already connected to circuit %s by %s.", g.Name, c.Name, o.ID)
			}
			n++
		}
		if err := w.checkSubnetForCircuits(g, n+1); err != nil {
			return nil, nil, err
		}
		if err := w.connectionLimits(g, c); err != nil {
			return nil, nil, err
		}
	}
	return g, c, nil
}

// circuitsNeedingSlash26 is the number of circuits on one gateway for which
// its GatewaySubnet must be a /26 or larger. Microsoft (azure-docs
// articles/expressroute/expressroute-howto-add-gateway-portal-resource-manager.md):
// "If you plan on connecting 16 ExpressRoute circuits to your gateway, you
// must create a gateway subnet of /26 or larger." Maximum resiliency puts two
// circuits on one gateway, far under it.
const circuitsNeedingSlash26 = 16

// checkSubnetForCircuits refuses the connection that would make circuits the
// number of circuits on gateway g while its GatewaySubnet is smaller than the
// /26 that many need (mu held). Code named by the simulator: Microsoft
// publishes none; a refusal is harmless to the engine, which connects at most
// two circuits to a gateway.
func (w *World) checkSubnetForCircuits(g *gatewayRec, circuits int) error {
	s := w.st.Subnets[key(g.Subnet)]
	if circuits < circuitsNeedingSlash26 || s == nil || s.Prefix.Bits() <= 26 {
		return nil
	}
	return w.azBadRequest("GatewaySubnetTooSmallForCircuits",
		"Gateway %s cannot connect %d ExpressRoute circuits: its GatewaySubnet %s is a /%d, and %d circuits on one gateway need a GatewaySubnet of /26 or larger.",
		g.Name, circuits, s.Prefix, s.Prefix.Bits(), circuitsNeedingSlash26)
}

func skuDesc(g *gatewayRec) string {
	if g.SKU == azure.SKUErGwScale {
		return fmt.Sprintf("%s with %d scale units", g.SKU, g.ScaleUnits)
	}
	return g.SKU
}

// DeleteConnection deletes a connection.
func (f *azureFace) DeleteConnection(ctx context.Context, rg, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteConnection", func() string { return w.id(rg, typeConnections, name) },
		func() (*armState, error) {
			c, err := w.findConnection(rg, name)
			if c == nil {
				return nil, ignoreNotFound(err)
			}
			if join, err := w.deleteChecks(&c.armState); join || err != nil {
				return &c.armState, err
			}
			if err := w.connectionWriteInProgress(c.Gateway, c.ID); err != nil {
				return nil, err
			}
			w.startOp(&c.armState, opDelete, kindConnection, c.ID, w.lat.Connection)
			return &c.armState, nil
		})
}
