package armface

import (
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/secret"
)

// This file: the wire form of connections, ExpressRoute circuits and their
// private peering, the peering's ARP and route tables, and the service
// provider catalog (see convert.go).

// ---------------------------------------------------------------------------
// Connections

func connectionToARM(c azure.Connection) armnetwork.VirtualNetworkGatewayConnection {
	props := &armnetwork.VirtualNetworkGatewayConnectionPropertiesFormat{
		ProvisioningState:         state(c.State),
		ConnectionType:            to.Ptr(armnetwork.VirtualNetworkGatewayConnectionTypeExpressRoute),
		Peer:                      sub(c.CircuitID),
		ExpressRouteGatewayBypass: to.Ptr(c.FastPath),
		RoutingWeight:             to.Ptr(int32(c.RoutingWeight)),
	}
	if c.GatewayID != "" {
		props.VirtualNetworkGateway1 = &armnetwork.VirtualNetworkGateway{ID: to.Ptr(c.GatewayID)}
	}
	if c.Status != "" {
		props.ConnectionStatus = to.Ptr(armnetwork.VirtualNetworkGatewayConnectionStatus(c.Status))
	}
	return armnetwork.VirtualNetworkGatewayConnection{
		ID: strOrNil(c.ID), Name: strOrNil(c.Name), Type: to.Ptr("Microsoft.Network/connections"),
		Location: strOrNil(c.Location), Tags: tags(c.Tags), Properties: props,
	}
}

// connectionFromARM reads a connection PUT; the simulator serves
// ExpressRoute connections only.
func connectionFromARM(name, id string, in armnetwork.VirtualNetworkGatewayConnection) (azure.Connection, error) {
	out := azure.Connection{Name: name, Location: deref(in.Location), Tags: tagsIn(in.Tags)}
	p := in.Properties
	if p == nil || deref(p.ConnectionType) != armnetwork.VirtualNetworkGatewayConnectionTypeExpressRoute {
		var typ armnetwork.VirtualNetworkGatewayConnectionType
		if p != nil {
			typ = deref(p.ConnectionType)
		}
		return out, badRequest(id, "InvalidConnectionType", "Connection type '%s' is not supported here: only ExpressRoute connections are.", typ)
	}
	if p.VirtualNetworkGateway1 != nil {
		out.GatewayID = deref(p.VirtualNetworkGateway1.ID)
	}
	out.CircuitID = subIn(p.Peer)
	out.FastPath = deref(p.ExpressRouteGatewayBypass)
	out.RoutingWeight = int(deref(p.RoutingWeight))
	return out, nil
}

// ---------------------------------------------------------------------------
// Circuits and the private peering

func circuitToARM(c azure.Circuit, peerings []azure.PrivatePeering) armnetwork.ExpressRouteCircuit {
	ps := make([]*armnetwork.ExpressRouteCircuitPeering, 0, len(peerings))
	for _, p := range peerings {
		ps = append(ps, to.Ptr(peeringToARM(p)))
	}
	return armnetwork.ExpressRouteCircuit{
		ID: strOrNil(c.ID), Name: strOrNil(c.Name), Type: to.Ptr("Microsoft.Network/expressRouteCircuits"),
		Location: strOrNil(c.Location), Tags: tags(c.Tags),
		SKU: &armnetwork.ExpressRouteCircuitSKU{
			Name:   to.Ptr(c.SKU.Name()),
			Tier:   to.Ptr(armnetwork.ExpressRouteCircuitSKUTier(c.SKU.Tier)),
			Family: to.Ptr(armnetwork.ExpressRouteCircuitSKUFamily(c.SKU.Family)),
		},
		Properties: &armnetwork.ExpressRouteCircuitPropertiesFormat{
			ProvisioningState: state(c.State),
			Peerings:          ps,
			Authorizations:    []*armnetwork.ExpressRouteCircuitAuthorization{},
			ServiceProviderProperties: &armnetwork.ExpressRouteCircuitServiceProviderProperties{
				ServiceProviderName: to.Ptr(c.ServiceProvider),
				PeeringLocation:     to.Ptr(c.PeeringLocation),
				BandwidthInMbps:     to.Ptr(int32(c.BandwidthMbps)),
			},
			CircuitProvisioningState:         to.Ptr("Enabled"),
			AllowClassicOperations:           to.Ptr(false),
			ServiceKey:                       strOrNil(c.ServiceKey.Reveal()),
			ServiceProviderProvisioningState: to.Ptr(armnetwork.ServiceProviderProvisioningState(c.ProviderState)),
		},
	}
}

// circuitFromARM reads a circuit PUT; a SKU given only by name
// ("Standard_MeteredData") is split into tier and family.
func circuitFromARM(name string, in armnetwork.ExpressRouteCircuit) azure.Circuit {
	out := azure.Circuit{Name: name, Location: deref(in.Location), Tags: tagsIn(in.Tags)}
	if s := in.SKU; s != nil {
		out.SKU = azure.CircuitSKU{Tier: string(deref(s.Tier)), Family: string(deref(s.Family))}
		if tier, family, ok := strings.Cut(deref(s.Name), "_"); ok && out.SKU.Tier == "" && out.SKU.Family == "" {
			out.SKU = azure.CircuitSKU{Tier: tier, Family: family}
		}
	}
	if p := in.Properties; p != nil && p.ServiceProviderProperties != nil {
		sp := p.ServiceProviderProperties
		out.ServiceProvider = deref(sp.ServiceProviderName)
		out.PeeringLocation = deref(sp.PeeringLocation)
		out.BandwidthMbps = int(deref(sp.BandwidthInMbps))
	}
	return out
}

func peeringToARM(p azure.PrivatePeering) armnetwork.ExpressRouteCircuitPeering {
	return armnetwork.ExpressRouteCircuitPeering{
		ID: strOrNil(p.ID), Name: to.Ptr(azure.PrivatePeeringName), Type: to.Ptr("Microsoft.Network/expressRouteCircuits/peerings"),
		Properties: &armnetwork.ExpressRouteCircuitPeeringPropertiesFormat{
			ProvisioningState:          state(p.State),
			PeeringType:                to.Ptr(armnetwork.ExpressRoutePeeringTypeAzurePrivatePeering),
			AzureASN:                   to.Ptr(int32(p.AzureASN)),
			PeerASN:                    to.Ptr(p.PeerASN),
			PrimaryPeerAddressPrefix:   prefixOut(p.PrimaryPrefix),
			SecondaryPeerAddressPrefix: prefixOut(p.SecondaryPrefix),
			State:                      to.Ptr(armnetwork.ExpressRoutePeeringStateEnabled),
			VlanID:                     to.Ptr(int32(p.VLAN)),
			SharedKey:                  strOrNil(p.SharedKey.Reveal()),
			LastModifiedBy:             strOrNil(p.LastModifiedBy),
		},
	}
}

// peeringFromARM reads a peering PUT; the simulator serves
// AzurePrivatePeering only.
func peeringFromARM(id string, in armnetwork.ExpressRouteCircuitPeering) (azure.PrivatePeering, error) {
	var out azure.PrivatePeering
	p := in.Properties
	if p == nil {
		return out, badRequest(id, "InvalidRequestFormat", "The peering has no properties.")
	}
	if t := deref(p.PeeringType); t != "" && t != armnetwork.ExpressRoutePeeringTypeAzurePrivatePeering {
		return out, badRequest(id, "InvalidPeeringType", "Peering type '%s' is not supported here: only %s is.", t, azure.PrivatePeeringName)
	}
	out.PeerASN = deref(p.PeerASN)
	out.PrimaryPrefix = prefixIn(p.PrimaryPeerAddressPrefix)
	out.SecondaryPrefix = prefixIn(p.SecondaryPeerAddressPrefix)
	out.VLAN = int(deref(p.VlanID))
	out.SharedKey = secret.Value(deref(p.SharedKey))
	return out, nil
}

// ---------------------------------------------------------------------------
// ARP and route tables, service providers

// arpToARM lists ARP rows; ARM gives the age in minutes.
func arpToARM(rows []azure.ARPEntry) armnetwork.ExpressRouteCircuitsArpTableListResult {
	out := armnetwork.ExpressRouteCircuitsArpTableListResult{Value: []*armnetwork.ExpressRouteCircuitArpTable{}}
	for _, r := range rows {
		out.Value = append(out.Value, &armnetwork.ExpressRouteCircuitArpTable{
			Age: to.Ptr(int32(r.AgeSeconds / 60)), Interface: to.Ptr(r.Interface),
			IPAddress: to.Ptr(r.IPAddress.String()), MacAddress: to.Ptr(r.MACAddress),
		})
	}
	return out
}

func routesToARM(rows []azure.Route) armnetwork.ExpressRouteCircuitsRoutesTableListResult {
	out := armnetwork.ExpressRouteCircuitsRoutesTableListResult{Value: []*armnetwork.ExpressRouteCircuitRoutesTable{}}
	for _, r := range rows {
		out.Value = append(out.Value, &armnetwork.ExpressRouteCircuitRoutesTable{
			Network: to.Ptr(r.Network.String()), NextHop: to.Ptr(r.NextHop.String()),
			LocPrf: to.Ptr(""), Weight: to.Ptr[int32](0), Path: to.Ptr(r.Path),
		})
	}
	return out
}

// offerName names a bandwidth as ARM does: "50Mbps", "1Gbps".
func offerName(mbps int) string {
	if mbps >= 1000 && mbps%1000 == 0 {
		return fmt.Sprintf("%dGbps", mbps/1000)
	}
	return fmt.Sprintf("%dMbps", mbps)
}

func providersToARM(subscription string, ps []azure.ServiceProvider) []*armnetwork.ExpressRouteServiceProvider {
	out := make([]*armnetwork.ExpressRouteServiceProvider, 0, len(ps))
	for _, p := range ps {
		offers := make([]*armnetwork.ExpressRouteServiceProviderBandwidthsOffered, 0, len(p.BandwidthsMbps))
		for _, b := range p.BandwidthsMbps {
			offers = append(offers, &armnetwork.ExpressRouteServiceProviderBandwidthsOffered{
				OfferName: to.Ptr(offerName(b)), ValueInMbps: to.Ptr(int32(b))})
		}
		out = append(out, &armnetwork.ExpressRouteServiceProvider{
			ID:   to.Ptr("/subscriptions/" + subscription + "/providers/Microsoft.Network/expressRouteServiceProviders/" + p.Name),
			Name: to.Ptr(p.Name), Type: to.Ptr("Microsoft.Network/expressRouteServiceProviders"),
			Properties: &armnetwork.ExpressRouteServiceProviderPropertiesFormat{
				ProvisioningState: to.Ptr(armnetwork.ProvisioningStateSucceeded),
				PeeringLocations:  strs(p.PeeringLocations),
				BandwidthsOffered: offers,
			},
		})
	}
	return out
}
