package armclient

import (
	"context"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file: the operations on virtual networks and subnets. Virtual
// network peerings are in peering.go.

// ---------------------------------------------------------------------------
// Virtual networks and subnets

// GetVirtualNetwork reads a virtual network with its subnets and its
// peerings, which ARM lists inline (properties.virtualNetworkPeerings).
func (c *Client) GetVirtualNetwork(ctx context.Context, rg, name string) (azure.VirtualNetwork, error) {
	r, err := c.vnets.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.VirtualNetwork{}, fail(ctx, "GetVirtualNetwork", c.id(rg, typeVirtualNetworks, name), err)
	}
	return vnetFromARM(&r.VirtualNetwork), nil
}

// GetSubnet reads one subnet of a virtual network.
func (c *Client) GetSubnet(ctx context.Context, rg, vnet, name string) (azure.Subnet, error) {
	r, err := c.subnets.Get(ctx, rg, vnet, name, nil)
	if err != nil {
		return azure.Subnet{}, fail(ctx, "GetSubnet", c.subnetID(rg, vnet, name), err)
	}
	return subnetFromARM(&r.Subnet), nil
}

// PutSubnet creates or updates a subnet: it reads the subnet, sets its
// address prefix and writes it back, keeping everything else.
func (c *Client) PutSubnet(ctx context.Context, rg, vnet string, s azure.Subnet) (azure.Subnet, error) {
	op, id := "PutSubnet", c.subnetID(rg, vnet, s.Name)
	cur, err := current(c.subnets.Get(ctx, rg, vnet, s.Name, nil))
	if err != nil {
		return azure.Subnet{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.Subnet
	if cur != nil {
		before = &cur.Subnet
	}
	p, err := c.subnets.BeginCreateOrUpdate(ctx, rg, vnet, s.Name, subnetToARM(before, s), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Subnet{}, fail(ctx, op, id, err)
	}
	return subnetFromARM(&r.Subnet), nil
}

// DeleteSubnet deletes a subnet.
func (c *Client) DeleteSubnet(ctx context.Context, rg, vnet, name string) error {
	p, err := c.subnets.BeginDelete(ctx, rg, vnet, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteSubnet", c.subnetID(rg, vnet, name), err)
}
