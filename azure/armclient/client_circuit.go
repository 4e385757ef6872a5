package armclient

import (
	"context"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file: the operations on ExpressRoute circuits, their private peering
// and its ARP and route tables, the connections that join a gateway to a
// circuit, and the service provider catalog.

// ---------------------------------------------------------------------------
// ExpressRoute circuits

// GetCircuit reads an ExpressRoute circuit, including its service key.
func (c *Client) GetCircuit(ctx context.Context, rg, name string) (azure.Circuit, error) {
	r, err := c.circuits.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Circuit{}, fail(ctx, "GetCircuit", c.id(rg, typeCircuits, name), err)
	}
	return circuitFromARM(&r.ExpressRouteCircuit), nil
}

// PutCircuit creates or updates an ExpressRoute circuit. An update keeps the
// circuit's peerings and authorizations.
func (c *Client) PutCircuit(ctx context.Context, rg string, in azure.Circuit) (azure.Circuit, error) {
	op, id := "PutCircuit", c.id(rg, typeCircuits, in.Name)
	keys := []string{in.ServiceKey.Reveal()}
	cur, err := current(c.circuits.Get(ctx, rg, in.Name, nil))
	if err != nil {
		return azure.Circuit{}, fail(ctx, op, id, err, keys...)
	}
	var before *armnetwork.ExpressRouteCircuit
	if cur != nil {
		before = &cur.ExpressRouteCircuit
		keys = append(keys, circuitSecrets(before)...)
	}
	p, err := c.circuits.BeginCreateOrUpdate(ctx, rg, in.Name, circuitToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Circuit{}, fail(ctx, op, id, err, keys...)
	}
	return circuitFromARM(&r.ExpressRouteCircuit), nil
}

// circuitSecrets lists the keys a circuit body carries: its service key and
// its peerings' shared keys.
func circuitSecrets(c *armnetwork.ExpressRouteCircuit) []string {
	if c.Properties == nil {
		return nil
	}
	out := []string{deref(c.Properties.ServiceKey)}
	for _, p := range c.Properties.Peerings {
		if p != nil && p.Properties != nil {
			out = append(out, deref(p.Properties.SharedKey))
		}
	}
	return out
}

// DeleteCircuit deletes an ExpressRoute circuit.
func (c *Client) DeleteCircuit(ctx context.Context, rg, name string) error {
	p, err := c.circuits.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteCircuit", c.id(rg, typeCircuits, name), err)
}

// ---------------------------------------------------------------------------
// Private peering

// GetPrivatePeering reads the circuit's AzurePrivatePeering.
func (c *Client) GetPrivatePeering(ctx context.Context, rg, circuit string) (azure.PrivatePeering, error) {
	r, err := c.peerings.Get(ctx, rg, circuit, azure.PrivatePeeringName, nil)
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, "GetPrivatePeering", c.peeringID(rg, circuit), err)
	}
	return peeringFromARM(&r.ExpressRouteCircuitPeering), nil
}

// PutPrivatePeering creates or updates the circuit's AzurePrivatePeering.
func (c *Client) PutPrivatePeering(ctx context.Context, rg, circuit string, in azure.PrivatePeering) (azure.PrivatePeering, error) {
	op, id := "PutPrivatePeering", c.peeringID(rg, circuit)
	keys := []string{in.SharedKey.Reveal()}
	cur, err := current(c.peerings.Get(ctx, rg, circuit, azure.PrivatePeeringName, nil))
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, op, id, err, keys...)
	}
	var before *armnetwork.ExpressRouteCircuitPeering
	if cur != nil {
		before = &cur.ExpressRouteCircuitPeering
		if before.Properties != nil {
			keys = append(keys, deref(before.Properties.SharedKey))
		}
	}
	p, err := c.peerings.BeginCreateOrUpdate(ctx, rg, circuit, azure.PrivatePeeringName, peeringToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, op, id, err, keys...)
	}
	return peeringFromARM(&r.ExpressRouteCircuitPeering), nil
}

// DeletePrivatePeering deletes the circuit's AzurePrivatePeering. A missing
// peering is not an error (ARM answers 204).
func (c *Client) DeletePrivatePeering(ctx context.Context, rg, circuit string) error {
	p, err := c.peerings.BeginDelete(ctx, rg, circuit, azure.PrivatePeeringName, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeletePrivatePeering", c.peeringID(rg, circuit), err)
}

// ---------------------------------------------------------------------------
// Connections

// GetConnection reads a virtual network gateway connection.
func (c *Client) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	r, err := c.connections.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Connection{}, fail(ctx, "GetConnection", c.id(rg, typeConnections, name), err)
	}
	return connectionFromARM(&r.VirtualNetworkGatewayConnection), nil
}

// PutConnection creates or updates an ExpressRoute connection. An update
// keeps the connection's other settings.
func (c *Client) PutConnection(ctx context.Context, rg string, in azure.Connection) (azure.Connection, error) {
	op, id := "PutConnection", c.id(rg, typeConnections, in.Name)
	cur, err := current(c.connections.Get(ctx, rg, in.Name, nil))
	if err != nil {
		return azure.Connection{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.VirtualNetworkGatewayConnection
	if cur != nil {
		before = &cur.VirtualNetworkGatewayConnection
	}
	p, err := c.connections.BeginCreateOrUpdate(ctx, rg, in.Name, connectionToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Connection{}, fail(ctx, op, id, err)
	}
	return connectionFromARM(&r.VirtualNetworkGatewayConnection), nil
}

// DeleteConnection deletes a virtual network gateway connection.
func (c *Client) DeleteConnection(ctx context.Context, rg, name string) error {
	p, err := c.connections.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteConnection", c.id(rg, typeConnections, name), err)
}

// ---------------------------------------------------------------------------
// ARP and route tables, service providers

// ListARPTable lists the ARP table of the circuit's private peering on one
// path (a POST that ARM runs as a long-running operation).
func (c *Client) ListARPTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.ARPEntry, error) {
	p, err := c.circuits.BeginListArpTable(ctx, rg, circuit, azure.PrivatePeeringName, string(path), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListARPTable", c.peeringID(rg, circuit), err)
	}
	return arpFromARM(r.Value), nil
}

// ListRouteTable lists the routes the circuit's private peering learned on
// one path (a POST that ARM runs as a long-running operation).
func (c *Client) ListRouteTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.Route, error) {
	p, err := c.circuits.BeginListRoutesTable(ctx, rg, circuit, azure.PrivatePeeringName, string(path), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListRouteTable", c.peeringID(rg, circuit), err)
	}
	return routesFromARM(r.Value), nil
}

// ListServiceProviders lists the ExpressRoute service providers, following
// every result page.
func (c *Client) ListServiceProviders(ctx context.Context) ([]azure.ServiceProvider, error) {
	var out []azure.ServiceProvider
	pager := c.providers.NewListPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fail(ctx, "ListServiceProviders",
				"/subscriptions/"+c.subscription+"/providers/Microsoft.Network/expressRouteServiceProviders", err)
		}
		for _, p := range page.Value {
			if p != nil {
				out = append(out, serviceProviderFromARM(p))
			}
		}
	}
	return out, nil
}
