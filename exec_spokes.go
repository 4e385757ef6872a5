package interconnect

// This file: the executor of a spoke's peering sides (either VNet's), which
// reads the peering through its VNet: ARM lists a VNet's peerings inline.

import (
	"context"
	"fmt"
	"strings"

	"github.com/azoci/interconnect/azure"
)

func (r *runner) vnetPeeringOps(sc *stepCtx) azureOps[azure.VirtualNetworkPeering] {
	id, az := armRef(sc), r.c.az
	rg, vnet, name := id.ResourceGroup, id.Name("virtualNetworks"), id.Name("virtualNetworkPeerings")
	return azureOps[azure.VirtualNetworkPeering]{
		what: "peering " + vnet + "/" + name,
		get: func(ctx context.Context) (azure.VirtualNetworkPeering, error) {
			v, err := az.GetVirtualNetwork(ctx, rg, vnet)
			if err != nil {
				return azure.VirtualNetworkPeering{}, err
			}
			for _, p := range v.Peerings {
				if strings.EqualFold(p.Name, name) {
					return p, nil
				}
			}
			return azure.VirtualNetworkPeering{}, fmt.Errorf("peering %s of VNet %s: %w", name, vnet, azure.ErrNotFound)
		},
		state: func(p azure.VirtualNetworkPeering) azure.ProvisioningState { return p.State },
		ok: func(p azure.VirtualNetworkPeering) bool {
			return p.PeeringState != azure.PeeringDisconnected && strings.EqualFold(p.RemoteVirtualNetworkID, sc.value("remoteVirtualNetwork")) &&
				p.AllowVirtualNetworkAccess == sc.boolean("allowVirtualNetworkAccess") && p.AllowForwardedTraffic == sc.boolean("allowForwardedTraffic") &&
				p.AllowGatewayTransit == sc.boolean("allowGatewayTransit") && p.UseRemoteGateways == sc.boolean("useRemoteGateways")
		},
		put: func(ctx context.Context, _ *azure.VirtualNetworkPeering) (azure.VirtualNetworkPeering, error) {
			return az.PutVirtualNetworkPeering(ctx, rg, vnet, azure.VirtualNetworkPeering{Name: name,
				RemoteVirtualNetworkID: sc.value("remoteVirtualNetwork"), AllowVirtualNetworkAccess: sc.boolean("allowVirtualNetworkAccess"),
				AllowForwardedTraffic: sc.boolean("allowForwardedTraffic"), AllowGatewayTransit: sc.boolean("allowGatewayTransit"),
				UseRemoteGateways: sc.boolean("useRemoteGateways")})
		},
		del: func(ctx context.Context) error { return az.DeleteVirtualNetworkPeering(ctx, rg, vnet, name) },
		id:  func(p azure.VirtualNetworkPeering) string { return p.ID },
	}
}

func (r *runner) ensureVNetPeering(ctx context.Context, sc *stepCtx) (string, error) {
	if len(sc.step.Changes) == 0 {
		// An adopted peering being updated: wait for it, change nothing.
		return "done by its owner", waitAzure(ctx, sc, r.vnetPeeringOps(sc))
	}
	return ensureWith(r, r.vnetPeeringOps)(ctx, sc)
}
