package armclient

import (
	"context"
	"net/http"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file: the operations on public IP addresses and virtual network
// gateways, a gateway's learned routes included.

// ---------------------------------------------------------------------------
// Public IP addresses

// GetPublicIP reads a public IP address.
func (c *Client) GetPublicIP(ctx context.Context, rg, name string) (azure.PublicIP, error) {
	r, err := c.publicIPs.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.PublicIP{}, fail(ctx, "GetPublicIP", c.id(rg, typePublicIPs, name), err)
	}
	return publicIPFromARM(&r.PublicIPAddress), nil
}

// PutPublicIP creates or updates a public IP address (SKU "" means
// Standard).
func (c *Client) PutPublicIP(ctx context.Context, rg string, ip azure.PublicIP) (azure.PublicIP, error) {
	op, id := "PutPublicIP", c.id(rg, typePublicIPs, ip.Name)
	cur, err := current(c.publicIPs.Get(ctx, rg, ip.Name, nil))
	if err != nil {
		return azure.PublicIP{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.PublicIPAddress
	if cur != nil {
		before = &cur.PublicIPAddress
	}
	p, err := c.publicIPs.BeginCreateOrUpdate(ctx, rg, ip.Name, publicIPToARM(before, ip), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.PublicIP{}, fail(ctx, op, id, err)
	}
	return publicIPFromARM(&r.PublicIPAddress), nil
}

// DeletePublicIP deletes a public IP address.
func (c *Client) DeletePublicIP(ctx context.Context, rg, name string) error {
	p, err := c.publicIPs.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeletePublicIP", c.id(rg, typePublicIPs, name), err)
}

// ---------------------------------------------------------------------------
// Virtual network gateways

// GetGateway reads a virtual network gateway.
func (c *Client) GetGateway(ctx context.Context, rg, name string) (azure.Gateway, error) {
	r, err := c.gateways.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Gateway{}, fail(ctx, "GetGateway", c.id(rg, typeGateways, name), err)
	}
	return gatewayFromARM(&r.VirtualNetworkGateway), nil
}

// PutGateway creates or updates a virtual network gateway. An update (a SKU
// change) keeps the gateway's IP configuration and its other settings.
func (c *Client) PutGateway(ctx context.Context, rg string, gw azure.Gateway) (azure.Gateway, error) {
	op, id := "PutGateway", c.id(rg, typeGateways, gw.Name)
	cur, err := current(c.gateways.Get(ctx, rg, gw.Name, nil))
	if err != nil {
		return azure.Gateway{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.VirtualNetworkGateway
	if cur != nil {
		before = &cur.VirtualNetworkGateway
	}
	p, err := c.gateways.BeginCreateOrUpdate(ctx, rg, gw.Name, gatewayToARM(before, gw), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Gateway{}, fail(ctx, op, id, err)
	}
	return gatewayFromARM(&r.VirtualNetworkGateway), nil
}

// DeleteGateway deletes a virtual network gateway.
func (c *Client) DeleteGateway(ctx context.Context, rg, name string) error {
	p, err := c.gateways.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteGateway", c.id(rg, typeGateways, name), err)
}

// ListGatewayConnections lists every connection of a virtual network
// gateway, following every result page (armnetwork's NewListConnectionsPager,
// ARM's VirtualNetworkGateways_ListConnections: a GET of the gateway's
// "connections", answered with VirtualNetworkGatewayConnectionListEntity
// values, whose gateway and peer are references by ID).
func (c *Client) ListGatewayConnections(ctx context.Context, rg, gateway string) ([]azure.Connection, error) {
	out := []azure.Connection{}
	pager := c.gateways.NewListConnectionsPager(rg, gateway, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fail(ctx, "ListGatewayConnections", c.id(rg, typeGateways, gateway), err)
		}
		for _, e := range page.Value {
			if e != nil {
				out = append(out, connectionListEntityFromARM(e))
			}
		}
	}
	return out, nil
}

// ListLearnedRoutes lists the routes a virtual network gateway knows (a POST
// that ARM runs as a long-running operation).
//
// armnetwork polls it with final-state-via Location, as the swagger says: the
// routes are read from the Location URL of ARM's 202. azcore's poller
// (internal/pollers/async) falls back, when the 202 has no Location, to the
// last Azure-AsyncOperation status it read, and returns whatever routes that
// body holds. Microsoft's VirtualNetworkGatewayLearnedRoutes example answers
// that way (202 with an Azure-AsyncOperation header only), and ARM's status
// body ({"status":"Succeeded"}) holds none: an empty list from such an answer
// means "not told", so ListLearnedRoutes returns ErrLearnedRoutesUnavailable
// then. It sees the 202's headers through runtime.WithCaptureResponse.
func (c *Client) ListLearnedRoutes(ctx context.Context, rg, gateway string) ([]azure.GatewayRoute, error) {
	id := c.id(rg, typeGateways, gateway)
	var accepted *http.Response
	p, err := c.gateways.BeginGetLearnedRoutes(runtime.WithCaptureResponse(ctx, &accepted), rg, gateway, nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListLearnedRoutes", id, err)
	}
	if len(r.Value) == 0 && resultNowhere(accepted) {
		return nil, fail(ctx, "ListLearnedRoutes", id, azure.ErrLearnedRoutesUnavailable)
	}
	return gatewayRoutesFromARM(r.Value), nil
}

// resultNowhere reports whether ARM accepted a long-running POST (202)
// without a Location, the only place its result is published.
func resultNowhere(accepted *http.Response) bool {
	return accepted != nil && accepted.StatusCode == http.StatusAccepted && accepted.Header.Get("Location") == ""
}
