package armclient

import (
	"strings"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/secret"
)

// This file: the conversions of ExpressRoute circuits, their private
// peering and its ARP and route tables, connections and service providers
// (see convert.go for the rules every conversion follows).

func circuitFromARM(c *armnetwork.ExpressRouteCircuit) azure.Circuit {
	out := azure.Circuit{ID: deref(c.ID), Name: deref(c.Name), Location: deref(c.Location), Tags: tagsFromARM(c.Tags)}
	if s := c.SKU; s != nil {
		out.SKU = azure.CircuitSKU{Tier: string(deref(s.Tier)), Family: string(deref(s.Family))}
		if tier, family, ok := strings.Cut(deref(s.Name), "_"); ok && out.SKU == (azure.CircuitSKU{}) {
			out.SKU = azure.CircuitSKU{Tier: tier, Family: family}
		}
	}
	if p := c.Properties; p != nil {
		if sp := p.ServiceProviderProperties; sp != nil {
			out.ServiceProvider = deref(sp.ServiceProviderName)
			out.PeeringLocation = deref(sp.PeeringLocation)
			out.BandwidthMbps = int(deref(sp.BandwidthInMbps))
		}
		out.ServiceKey = secret.Value(deref(p.ServiceKey))
		out.ProviderState = azure.ProviderState(deref(p.ServiceProviderProvisioningState))
		out.State = stateFromARM(p.ProvisioningState)
	}
	return out
}

func peeringFromARM(p *armnetwork.ExpressRouteCircuitPeering) azure.PrivatePeering {
	out := azure.PrivatePeering{ID: deref(p.ID)}
	if pr := p.Properties; pr != nil {
		out.PeerASN = deref(pr.PeerASN)
		out.AzureASN = int64(deref(pr.AzureASN))
		out.PrimaryPrefix = parsePrefix(pr.PrimaryPeerAddressPrefix)
		out.SecondaryPrefix = parsePrefix(pr.SecondaryPeerAddressPrefix)
		out.VLAN = int(deref(pr.VlanID))
		out.SharedKey = secret.Value(deref(pr.SharedKey))
		out.LastModifiedBy = deref(pr.LastModifiedBy)
		out.State = stateFromARM(pr.ProvisioningState)
	}
	return out
}

func connectionFromARM(c *armnetwork.VirtualNetworkGatewayConnection) azure.Connection {
	out := azure.Connection{ID: deref(c.ID), Name: deref(c.Name), Location: deref(c.Location), Tags: tagsFromARM(c.Tags)}
	if p := c.Properties; p != nil {
		if p.VirtualNetworkGateway1 != nil {
			out.GatewayID = deref(p.VirtualNetworkGateway1.ID)
		}
		out.CircuitID = subResourceID(p.Peer)
		out.FastPath = deref(p.ExpressRouteGatewayBypass)
		out.RoutingWeight = int(deref(p.RoutingWeight))
		out.Status = string(deref(p.ConnectionStatus))
		out.State = stateFromARM(p.ProvisioningState)
	}
	return out
}

// connectionListEntityFromARM converts a connection as ARM lists it among a
// gateway's: the fields of a connection, the gateway by reference.
func connectionListEntityFromARM(c *armnetwork.VirtualNetworkGatewayConnectionListEntity) azure.Connection {
	out := azure.Connection{ID: deref(c.ID), Name: deref(c.Name), Location: deref(c.Location), Tags: tagsFromARM(c.Tags)}
	if p := c.Properties; p != nil {
		if p.VirtualNetworkGateway1 != nil {
			out.GatewayID = deref(p.VirtualNetworkGateway1.ID)
		}
		out.CircuitID = subResourceID(p.Peer)
		out.FastPath = deref(p.ExpressRouteGatewayBypass)
		out.RoutingWeight = int(deref(p.RoutingWeight))
		out.Status = string(deref(p.ConnectionStatus))
		out.State = stateFromARM(p.ProvisioningState)
	}
	return out
}

// arpFromARM converts ARP rows. ARM reports the age in minutes.
func arpFromARM(rows []*armnetwork.ExpressRouteCircuitArpTable) []azure.ARPEntry {
	out := make([]azure.ARPEntry, 0, len(rows))
	for _, r := range rows {
		if r == nil {
			continue
		}
		out = append(out, azure.ARPEntry{IPAddress: parseAddr(r.IPAddress), MACAddress: deref(r.MacAddress),
			Interface: deref(r.Interface), AgeSeconds: 60 * int(deref(r.Age))})
	}
	return out
}

func routesFromARM(rows []*armnetwork.ExpressRouteCircuitRoutesTable) []azure.Route {
	out := make([]azure.Route, 0, len(rows))
	for _, r := range rows {
		if r == nil {
			continue
		}
		out = append(out, azure.Route{Network: parsePrefix(r.Network), NextHop: parseAddr(r.NextHop), Path: deref(r.Path)})
	}
	return out
}

func serviceProviderFromARM(p *armnetwork.ExpressRouteServiceProvider) azure.ServiceProvider {
	out := azure.ServiceProvider{Name: deref(p.Name)}
	if pr := p.Properties; pr != nil {
		out.PeeringLocations = stringsFromARM(pr.PeeringLocations)
		for _, b := range pr.BandwidthsOffered {
			if b != nil && b.ValueInMbps != nil {
				out.BandwidthsMbps = append(out.BandwidthsMbps, int(*b.ValueInMbps))
			}
		}
	}
	return out
}

func circuitToARM(cur *armnetwork.ExpressRouteCircuit, c azure.Circuit) armnetwork.ExpressRouteCircuit {
	var out armnetwork.ExpressRouteCircuit
	var props armnetwork.ExpressRouteCircuitPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	out.Location, out.Tags = ptrOrNil(c.Location), tagsToARM(c.Tags)
	out.SKU = &armnetwork.ExpressRouteCircuitSKU{
		Name:   to.Ptr(c.SKU.Name()),
		Tier:   to.Ptr(armnetwork.ExpressRouteCircuitSKUTier(c.SKU.Tier)),
		Family: to.Ptr(armnetwork.ExpressRouteCircuitSKUFamily(c.SKU.Family)),
	}
	props.ServiceProviderProperties = &armnetwork.ExpressRouteCircuitServiceProviderProperties{
		ServiceProviderName: to.Ptr(c.ServiceProvider),
		PeeringLocation:     to.Ptr(c.PeeringLocation),
		BandwidthInMbps:     to.Ptr(int32(c.BandwidthMbps)),
	}
	out.Properties = &props
	return out
}

func peeringToARM(cur *armnetwork.ExpressRouteCircuitPeering, p azure.PrivatePeering) armnetwork.ExpressRouteCircuitPeering {
	var out armnetwork.ExpressRouteCircuitPeering
	var props armnetwork.ExpressRouteCircuitPeeringPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	props.PeeringType = to.Ptr(armnetwork.ExpressRoutePeeringTypeAzurePrivatePeering)
	props.PeerASN = to.Ptr(p.PeerASN)
	props.PrimaryPeerAddressPrefix = prefixString(p.PrimaryPrefix)
	props.SecondaryPeerAddressPrefix = prefixString(p.SecondaryPrefix)
	props.VlanID = to.Ptr(int32(p.VLAN))
	props.SharedKey = ptrOrNil(p.SharedKey.Reveal())
	out.Properties = &props
	return out
}

func connectionToARM(cur *armnetwork.VirtualNetworkGatewayConnection, c azure.Connection) armnetwork.VirtualNetworkGatewayConnection {
	var out armnetwork.VirtualNetworkGatewayConnection
	var props armnetwork.VirtualNetworkGatewayConnectionPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	out.Location, out.Tags = ptrOrNil(c.Location), tagsToARM(c.Tags)
	props.ConnectionType = to.Ptr(armnetwork.VirtualNetworkGatewayConnectionTypeExpressRoute)
	if c.GatewayID != "" {
		props.VirtualNetworkGateway1 = &armnetwork.VirtualNetworkGateway{ID: to.Ptr(c.GatewayID)}
	}
	if c.CircuitID != "" {
		props.Peer = subResource(c.CircuitID)
	}
	props.ExpressRouteGatewayBypass = to.Ptr(c.FastPath)
	props.RoutingWeight = to.Ptr(int32(c.RoutingWeight))
	out.Properties = &props
	return out
}
