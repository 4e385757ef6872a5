package armface

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/secret"
)

// This file: the server side of the wire. Responses are built as armnetwork
// models in the shapes of Microsoft's examples; requests are read from
// armnetwork models into the world's azure.* values. It is written
// independently of package azure's client-side conversions on purpose: the
// same mistake on both sides of a round trip would hide itself.

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return to.Ptr(s)
}

func tags(m map[string]string) map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		out[k] = to.Ptr(v)
	}
	return out
}

func tagsIn(m map[string]*string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = deref(v)
	}
	return out
}

func strs(ss []string) []*string {
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = to.Ptr(s)
	}
	return out
}

func strsIn(ps []*string) []string {
	var out []string
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func state(s azure.ProvisioningState) *armnetwork.ProvisioningState {
	if s == "" {
		return nil
	}
	return to.Ptr(armnetwork.ProvisioningState(s))
}

func sub(id string) *armnetwork.SubResource {
	if id == "" {
		return nil
	}
	return &armnetwork.SubResource{ID: to.Ptr(id)}
}

func subIn(r *armnetwork.SubResource) string {
	if r == nil {
		return ""
	}
	return deref(r.ID)
}

// prefixIn parses a prefix; what does not parse is the zero Prefix, which
// the world refuses with its own error.
func prefixIn(s *string) netip.Prefix {
	p, _ := netip.ParsePrefix(deref(s))
	return p
}

func prefixOut(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return to.Ptr(p.String())
}

func badRequest(id, code, format string, args ...any) error {
	return &azure.Error{Op: "decode", Resource: id, StatusCode: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// ---------------------------------------------------------------------------
// Virtual networks and subnets

// vnetToARM is a virtual network's body with its subnets and its peerings
// inline, as ARM lists them.
func (s *Server) vnetToARM(v azure.VirtualNetwork) armnetwork.VirtualNetwork {
	subnets := make([]*armnetwork.Subnet, 0, len(v.Subnets))
	for _, s := range v.Subnets {
		subnets = append(subnets, to.Ptr(subnetToARM(s)))
	}
	prefixes := make([]*string, 0, len(v.AddressSpace))
	for _, p := range v.AddressSpace {
		prefixes = append(prefixes, to.Ptr(p.String()))
	}
	return armnetwork.VirtualNetwork{
		ID: strOrNil(v.ID), Name: strOrNil(v.Name), Type: to.Ptr("Microsoft.Network/virtualNetworks"),
		Location: strOrNil(v.Location), Tags: tags(v.Tags),
		Properties: &armnetwork.VirtualNetworkPropertiesFormat{
			ProvisioningState:      to.Ptr(armnetwork.ProvisioningStateSucceeded),
			AddressSpace:           &armnetwork.AddressSpace{AddressPrefixes: prefixes},
			Subnets:                subnets,
			VirtualNetworkPeerings: s.vnetPeeringsToARM(v.Peerings),
		},
	}
}

func subnetToARM(s azure.Subnet) armnetwork.Subnet {
	props := &armnetwork.SubnetPropertiesFormat{AddressPrefix: prefixOut(s.Prefix), ProvisioningState: state(s.State)}
	for _, id := range s.IPConfigurationIDs {
		props.IPConfigurations = append(props.IPConfigurations, &armnetwork.IPConfiguration{ID: to.Ptr(id)})
	}
	return armnetwork.Subnet{ID: strOrNil(s.ID), Name: strOrNil(s.Name), Properties: props}
}

func subnetFromARM(name string, in armnetwork.Subnet) azure.Subnet {
	out := azure.Subnet{Name: name}
	if p := in.Properties; p != nil {
		out.Prefix = prefixIn(p.AddressPrefix)
		if p.AddressPrefix == nil && len(p.AddressPrefixes) > 0 {
			out.Prefix = prefixIn(p.AddressPrefixes[0])
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Public IP addresses

func publicIPToARM(p azure.PublicIP) armnetwork.PublicIPAddress {
	method := armnetwork.IPAllocationMethodDynamic
	if p.Static {
		method = armnetwork.IPAllocationMethodStatic
	}
	props := &armnetwork.PublicIPAddressPropertiesFormat{
		ProvisioningState:        state(p.State),
		PublicIPAddressVersion:   to.Ptr(armnetwork.IPVersionIPv4),
		PublicIPAllocationMethod: &method,
		IdleTimeoutInMinutes:     to.Ptr[int32](4),
	}
	if p.Address.IsValid() {
		props.IPAddress = to.Ptr(p.Address.String())
	}
	out := armnetwork.PublicIPAddress{
		ID: strOrNil(p.ID), Name: strOrNil(p.Name), Type: to.Ptr("Microsoft.Network/publicIPAddresses"),
		Location: strOrNil(p.Location), Tags: tags(p.Tags), Properties: props,
	}
	if p.SKU != "" {
		out.SKU = &armnetwork.PublicIPAddressSKU{Name: to.Ptr(armnetwork.PublicIPAddressSKUName(p.SKU))}
	}
	if len(p.Zones) > 0 {
		out.Zones = strs(p.Zones)
	}
	return out
}

// publicIPFromARM reads a public IP PUT. As in ARM, no SKU means Basic and
// no allocation method means Dynamic.
func publicIPFromARM(name string, in armnetwork.PublicIPAddress) azure.PublicIP {
	out := azure.PublicIP{Name: name, Location: deref(in.Location), SKU: "Basic", Zones: strsIn(in.Zones), Tags: tagsIn(in.Tags)}
	if in.SKU != nil && in.SKU.Name != nil {
		out.SKU = string(*in.SKU.Name)
	}
	if p := in.Properties; p != nil {
		out.Static = deref(p.PublicIPAllocationMethod) == armnetwork.IPAllocationMethodStatic
	}
	return out
}

// ---------------------------------------------------------------------------
// Virtual network gateways

func gatewayToARM(g azure.Gateway) armnetwork.VirtualNetworkGateway {
	props := &armnetwork.VirtualNetworkGatewayPropertiesFormat{
		ProvisioningState: state(g.State),
		GatewayType:       to.Ptr(armnetwork.VirtualNetworkGatewayType(g.GatewayType)),
		SKU: &armnetwork.VirtualNetworkGatewaySKU{
			Name: to.Ptr(armnetwork.VirtualNetworkGatewaySKUName(g.SKU)),
			Tier: to.Ptr(armnetwork.VirtualNetworkGatewaySKUTier(g.SKU)),
		},
		EnableBgp: to.Ptr(false),
		Active:    to.Ptr(false),
	}
	if g.ScaleUnits > 0 {
		n := int32(g.ScaleUnits)
		props.AutoScaleConfiguration = &armnetwork.VirtualNetworkGatewayAutoScaleConfiguration{
			Bounds: &armnetwork.VirtualNetworkGatewayAutoScaleBounds{Min: to.Ptr(n), Max: to.Ptr(n)},
		}
	}
	if g.ID != "" {
		props.IPConfigurations = []*armnetwork.VirtualNetworkGatewayIPConfiguration{{
			ID: to.Ptr(g.ID + "/ipConfigurations/default"), Name: to.Ptr("default"),
			Properties: &armnetwork.VirtualNetworkGatewayIPConfigurationPropertiesFormat{
				ProvisioningState:         state(g.State),
				PrivateIPAllocationMethod: to.Ptr(armnetwork.IPAllocationMethodDynamic),
				Subnet:                    sub(g.SubnetID),
				PublicIPAddress:           sub(g.PublicIPID),
			},
		}}
	}
	return armnetwork.VirtualNetworkGateway{
		ID: strOrNil(g.ID), Name: strOrNil(g.Name), Type: to.Ptr("Microsoft.Network/virtualNetworkGateways"),
		Location: strOrNil(g.Location), Tags: tags(g.Tags), Properties: props,
	}
}

// gatewayFromARM reads a gateway PUT: the scale units are the autoscale
// minimum, the subnet and public IP those of the first IP configuration.
func gatewayFromARM(name string, in armnetwork.VirtualNetworkGateway) azure.Gateway {
	out := azure.Gateway{Name: name, Location: deref(in.Location), Tags: tagsIn(in.Tags)}
	p := in.Properties
	if p == nil {
		return out
	}
	out.GatewayType = string(deref(p.GatewayType))
	if p.SKU != nil {
		out.SKU = string(deref(p.SKU.Name))
	}
	if a := p.AutoScaleConfiguration; a != nil && a.Bounds != nil {
		out.ScaleUnits = int(deref(a.Bounds.Min))
	}
	if len(p.IPConfigurations) > 0 && p.IPConfigurations[0] != nil && p.IPConfigurations[0].Properties != nil {
		c := p.IPConfigurations[0].Properties
		out.SubnetID, out.PublicIPID = subIn(c.Subnet), subIn(c.PublicIPAddress)
	}
	return out
}

// ---------------------------------------------------------------------------
// Connections

func connectionToARM(c azure.Connection) armnetwork.VirtualNetworkGatewayConnection {
	props := &armnetwork.VirtualNetworkGatewayConnectionPropertiesFormat{
		ProvisioningState:         state(c.State),
		ConnectionType:            to.Ptr(armnetwork.VirtualNetworkGatewayConnectionTypeExpressRoute),
		Peer:                      sub(c.CircuitID),
		ExpressRouteGatewayBypass: to.Ptr(c.FastPath),
		RoutingWeight:             to.Ptr[int32](0),
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

// gatewayRoutesToARM lists a gateway's routes as getLearnedRoutes answers
// them; what a route lacks (the next hop and AS path of the gateway's own
// networks) is left out.
func gatewayRoutesToARM(rows []azure.GatewayRoute) armnetwork.GatewayRouteListResult {
	out := armnetwork.GatewayRouteListResult{Value: []*armnetwork.GatewayRoute{}}
	for _, r := range rows {
		out.Value = append(out.Value, &armnetwork.GatewayRoute{
			Network: prefixOut(r.Network), NextHop: addrOut(r.NextHop), SourcePeer: addrOut(r.SourcePeer),
			LocalAddress: addrOut(r.LocalAddress), Origin: strOrNil(r.Origin), AsPath: strOrNil(r.ASPath),
			Weight: to.Ptr(int32(r.Weight)),
		})
	}
	return out
}

func addrOut(a netip.Addr) *string {
	if !a.IsValid() {
		return nil
	}
	return to.Ptr(a.String())
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
