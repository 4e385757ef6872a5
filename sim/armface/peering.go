package armface

import (
	"context"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
)

// This file: virtual network peerings,
// .../virtualNetworks/{vnet}/virtualNetworkPeerings/{name}, in the shape of
// Microsoft's VirtualNetworkPeeringCreate, VirtualNetworkPeeringGet and
// VirtualNetworkPeeringDelete examples (api-version 2025-05-01). The PUT's
// syncRemoteAddressSpace query parameter is accepted and ignored: the
// simulator's address spaces never change.

// vnetPeeringResource binds one peering to the world. azure.Network has no
// read of a single peering: GET reads the virtual network
// (GetVirtualNetwork, logged as such) and picks the peering out, as ARM
// lists it inline.
func (s *Server) vnetPeeringResource(rg, vnet, name string) *resource {
	az := s.az
	id := armID(s.w.SubscriptionID(), rg, "virtualNetworks", vnet) + "/virtualNetworkPeerings/" + name
	return &resource{id: id,
		get: func(ctx context.Context) (any, error) {
			v, err := az.GetVirtualNetwork(ctx, rg, vnet)
			if err != nil {
				return nil, err
			}
			for _, p := range v.Peerings {
				if eq(p.Name, name) {
					return s.vnetPeeringToARM(p), nil
				}
			}
			return nil, &azure.Error{Op: "GetVirtualNetworkPeering", Resource: id, StatusCode: http.StatusNotFound, Code: "NotFound",
				Message: fmt.Sprintf("Resource %s not found.", id)}
		},
		put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
			in, err := decode[armnetwork.VirtualNetworkPeering](body, id)
			if err != nil {
				return nil, "", "", err
			}
			v, err := az.PutVirtualNetworkPeering(ctx, rg, vnet, vnetPeeringFromARM(name, in))
			return s.vnetPeeringToARM(v), v.State, "", err
		},
		del: func(ctx context.Context) error { return az.DeleteVirtualNetworkPeering(ctx, rg, vnet, name) },
	}
}

// vnetPeeringsToARM lists a virtual network's peerings as its body does.
func (s *Server) vnetPeeringsToARM(ps []azure.VirtualNetworkPeering) []*armnetwork.VirtualNetworkPeering {
	out := make([]*armnetwork.VirtualNetworkPeering, 0, len(ps))
	for _, p := range ps {
		out = append(out, to.Ptr(s.vnetPeeringToARM(p)))
	}
	return out
}

// vnetPeeringToARM is a peering's body: its flags, the remote virtual
// network and, as ARM adds them, the remote address space (at peering time
// and now: the same in the simulator; simworld's
// AzureVirtualNetworkAddressSpace, not an API call) and peeringSyncLevel
// FullyInSync.
func (s *Server) vnetPeeringToARM(p azure.VirtualNetworkPeering) armnetwork.VirtualNetworkPeering {
	props := &armnetwork.VirtualNetworkPeeringPropertiesFormat{
		ProvisioningState:         state(p.State),
		AllowVirtualNetworkAccess: to.Ptr(p.AllowVirtualNetworkAccess),
		AllowForwardedTraffic:     to.Ptr(p.AllowForwardedTraffic),
		AllowGatewayTransit:       to.Ptr(p.AllowGatewayTransit),
		UseRemoteGateways:         to.Ptr(p.UseRemoteGateways),
		RemoteVirtualNetwork:      sub(p.RemoteVirtualNetworkID),
	}
	if p.PeeringState != "" {
		props.PeeringState = to.Ptr(armnetwork.VirtualNetworkPeeringState(p.PeeringState))
		props.PeeringSyncLevel = to.Ptr(armnetwork.VirtualNetworkPeeringLevelFullyInSync)
	}
	if space, ok := simworld.Of(s.w).AzureVirtualNetworkAddressSpace(p.RemoteVirtualNetworkID); ok {
		prefixes := make([]*string, 0, len(space))
		for _, pre := range space {
			prefixes = append(prefixes, to.Ptr(pre.String()))
		}
		props.RemoteAddressSpace = &armnetwork.AddressSpace{AddressPrefixes: prefixes}
		props.RemoteVirtualNetworkAddressSpace = &armnetwork.AddressSpace{AddressPrefixes: prefixes}
	}
	return armnetwork.VirtualNetworkPeering{ID: strOrNil(p.ID), Name: strOrNil(p.Name), Properties: props}
}

// vnetPeeringFromARM reads a peering PUT: the remote virtual network and
// the four flags (a flag left out is false).
func vnetPeeringFromARM(name string, in armnetwork.VirtualNetworkPeering) azure.VirtualNetworkPeering {
	out := azure.VirtualNetworkPeering{Name: name}
	if p := in.Properties; p != nil {
		out.RemoteVirtualNetworkID = subIn(p.RemoteVirtualNetwork)
		out.AllowVirtualNetworkAccess = deref(p.AllowVirtualNetworkAccess)
		out.AllowForwardedTraffic = deref(p.AllowForwardedTraffic)
		out.AllowGatewayTransit = deref(p.AllowGatewayTransit)
		out.UseRemoteGateways = deref(p.UseRemoteGateways)
	}
	return out
}
