package armclient

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: virtual network peerings, on armnetwork's
// VirtualNetworkPeeringsClient, with their conversions (client_*.go and
// convert_*.go hold the other resources').

func (c *Client) vnetPeeringID(rg, vnet, name string) string {
	return c.id(rg, typeVirtualNetworks, vnet) + "/virtualNetworkPeerings/" + name
}

// PutVirtualNetworkPeering creates or updates one side of a peering: it
// reads the peering, sets the remote virtual network and the four flags,
// and writes it back, keeping everything else (subnet peering, remote
// address spaces, ...). Like every Put it returns once ARM's operation has
// ended.
func (c *Client) PutVirtualNetworkPeering(ctx context.Context, rg, vnet string, p azure.VirtualNetworkPeering) (azure.VirtualNetworkPeering, error) {
	op, id := "PutVirtualNetworkPeering", c.vnetPeeringID(rg, vnet, p.Name)
	cur, err := current(c.vnetPeerings.Get(ctx, rg, vnet, p.Name, nil))
	if err != nil {
		return azure.VirtualNetworkPeering{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.VirtualNetworkPeering
	if cur != nil {
		before = &cur.VirtualNetworkPeering
	}
	poller, err := c.vnetPeerings.BeginCreateOrUpdate(ctx, rg, vnet, p.Name, vnetPeeringToARM(before, p), nil)
	r, err := wait(ctx, c, poller, err)
	if err != nil {
		return azure.VirtualNetworkPeering{}, fail(ctx, op, id, err)
	}
	return vnetPeeringFromARM(&r.VirtualNetworkPeering), nil
}

// DeleteVirtualNetworkPeering deletes one side of a peering. A missing
// peering is not an error (ARM answers 204).
func (c *Client) DeleteVirtualNetworkPeering(ctx context.Context, rg, vnet, name string) error {
	p, err := c.vnetPeerings.BeginDelete(ctx, rg, vnet, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteVirtualNetworkPeering", c.vnetPeeringID(rg, vnet, name), err)
}

func vnetPeeringFromARM(p *armnetwork.VirtualNetworkPeering) azure.VirtualNetworkPeering {
	out := azure.VirtualNetworkPeering{ID: deref(p.ID), Name: deref(p.Name)}
	if pr := p.Properties; pr != nil {
		out.RemoteVirtualNetworkID = subResourceID(pr.RemoteVirtualNetwork)
		out.AllowVirtualNetworkAccess = deref(pr.AllowVirtualNetworkAccess)
		out.AllowForwardedTraffic = deref(pr.AllowForwardedTraffic)
		out.AllowGatewayTransit = deref(pr.AllowGatewayTransit)
		out.UseRemoteGateways = deref(pr.UseRemoteGateways)
		out.PeeringState = azure.PeeringState(deref(pr.PeeringState))
		out.State = stateFromARM(pr.ProvisioningState)
	}
	return out
}

// vnetPeeringToARM is the body of a peering PUT: cur (nil for a creation)
// with the remote virtual network and the four flags of p.
func vnetPeeringToARM(cur *armnetwork.VirtualNetworkPeering, p azure.VirtualNetworkPeering) armnetwork.VirtualNetworkPeering {
	var out armnetwork.VirtualNetworkPeering
	var props armnetwork.VirtualNetworkPeeringPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	props.RemoteVirtualNetwork = subResource(p.RemoteVirtualNetworkID)
	props.AllowVirtualNetworkAccess = to.Ptr(p.AllowVirtualNetworkAccess)
	props.AllowForwardedTraffic = to.Ptr(p.AllowForwardedTraffic)
	props.AllowGatewayTransit = to.Ptr(p.AllowGatewayTransit)
	props.UseRemoteGateways = to.Ptr(p.UseRemoteGateways)
	out.Properties = &props
	return out
}
