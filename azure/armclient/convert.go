package armclient

import (
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/secret"
)

// This file holds every conversion between the armnetwork model types and
// this package's value types, in both directions, so the client stays thin.
//
// Reads (…FromARM) are lenient: a field ARM leaves out, or sends in a form
// that does not parse (an address that is not an IP), reads as the zero
// value. Writes (…ToARM) start from the resource as ARM returned it (nil
// when it does not exist yet) and replace only the fields this package
// models, so a PUT keeps what the library does not manage (peerings and
// authorizations of a circuit, a gateway's other settings, ...).

// gatewayIPConfigName is the name of the one IP configuration of a gateway
// the adapter creates.
const gatewayIPConfigName = "default"

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func ptrOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func parsePrefix(s *string) netip.Prefix {
	p, err := netip.ParsePrefix(strings.TrimSpace(deref(s)))
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

func parseAddr(s *string) netip.Addr {
	a, err := netip.ParseAddr(strings.TrimSpace(deref(s)))
	if err != nil {
		return netip.Addr{}
	}
	return a
}

func prefixString(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return to.Ptr(p.String())
}

func tagsFromARM(m map[string]*string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = deref(v)
	}
	return out
}

func tagsToARM(m map[string]string) map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		out[k] = to.Ptr(v)
	}
	return out
}

func stringsFromARM(ps []*string) []string {
	if len(ps) == 0 {
		return nil
	}
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func stringsToARM(ss []string) []*string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = to.Ptr(s)
	}
	return out
}

// stateFromARM maps ARM's provisioningState onto the four states this
// package knows: Creating is an operation in progress (Updating), Canceled
// an operation that did not succeed (Failed).
func stateFromARM(p *armnetwork.ProvisioningState) azure.ProvisioningState {
	switch s := deref(p); s {
	case armnetwork.ProvisioningStateCreating:
		return azure.Updating
	case armnetwork.ProvisioningStateCanceled:
		return azure.Failed
	default:
		return azure.ProvisioningState(s)
	}
}

func subResourceID(r *armnetwork.SubResource) string {
	if r == nil {
		return ""
	}
	return deref(r.ID)
}

// ---------------------------------------------------------------------------
// Reads

func vnetFromARM(v *armnetwork.VirtualNetwork) azure.VirtualNetwork {
	out := azure.VirtualNetwork{ID: deref(v.ID), Name: deref(v.Name), Location: deref(v.Location), Tags: tagsFromARM(v.Tags)}
	if p := v.Properties; p != nil {
		if p.AddressSpace != nil {
			for _, s := range p.AddressSpace.AddressPrefixes {
				if pre := parsePrefix(s); pre.IsValid() {
					out.AddressSpace = append(out.AddressSpace, pre)
				}
			}
		}
		for _, s := range p.Subnets {
			if s != nil {
				out.Subnets = append(out.Subnets, subnetFromARM(s))
			}
		}
		for _, pe := range p.VirtualNetworkPeerings {
			if pe != nil {
				out.Peerings = append(out.Peerings, vnetPeeringFromARM(pe))
			}
		}
	}
	return out
}

func subnetFromARM(s *armnetwork.Subnet) azure.Subnet {
	out := azure.Subnet{ID: deref(s.ID), Name: deref(s.Name)}
	if p := s.Properties; p != nil {
		out.Prefix = parsePrefix(p.AddressPrefix)
		if !out.Prefix.IsValid() && len(p.AddressPrefixes) > 0 {
			out.Prefix = parsePrefix(p.AddressPrefixes[0])
		}
		for _, c := range p.IPConfigurations {
			if c != nil && c.ID != nil {
				out.IPConfigurationIDs = append(out.IPConfigurationIDs, *c.ID)
			}
		}
		out.State = stateFromARM(p.ProvisioningState)
	}
	return out
}

func publicIPFromARM(p *armnetwork.PublicIPAddress) azure.PublicIP {
	out := azure.PublicIP{ID: deref(p.ID), Name: deref(p.Name), Location: deref(p.Location), Zones: stringsFromARM(p.Zones),
		Tags: tagsFromARM(p.Tags)}
	if p.SKU != nil {
		out.SKU = string(deref(p.SKU.Name))
	}
	if pr := p.Properties; pr != nil {
		out.Static = deref(pr.PublicIPAllocationMethod) == armnetwork.IPAllocationMethodStatic
		out.Address = parseAddr(pr.IPAddress)
		out.State = stateFromARM(pr.ProvisioningState)
	}
	return out
}

func gatewayFromARM(g *armnetwork.VirtualNetworkGateway) azure.Gateway {
	out := azure.Gateway{ID: deref(g.ID), Name: deref(g.Name), Location: deref(g.Location), Tags: tagsFromARM(g.Tags)}
	p := g.Properties
	if p == nil {
		return out
	}
	out.GatewayType = string(deref(p.GatewayType))
	if p.SKU != nil {
		out.SKU = string(deref(p.SKU.Name))
	}
	if out.SKU == azure.SKUErGwScale && p.AutoScaleConfiguration != nil && p.AutoScaleConfiguration.Bounds != nil {
		out.ScaleUnits = int(deref(p.AutoScaleConfiguration.Bounds.Min))
	}
	for _, c := range p.IPConfigurations {
		if c == nil || c.Properties == nil {
			continue
		}
		out.SubnetID = subResourceID(c.Properties.Subnet)
		out.PublicIPID = subResourceID(c.Properties.PublicIPAddress)
		break
	}
	out.State = stateFromARM(p.ProvisioningState)
	return out
}

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

func gatewayRoutesFromARM(rows []*armnetwork.GatewayRoute) []azure.GatewayRoute {
	out := make([]azure.GatewayRoute, 0, len(rows))
	for _, r := range rows {
		if r == nil {
			continue
		}
		out = append(out, azure.GatewayRoute{Network: parsePrefix(r.Network), NextHop: parseAddr(r.NextHop),
			SourcePeer: parseAddr(r.SourcePeer), LocalAddress: parseAddr(r.LocalAddress), Origin: deref(r.Origin),
			ASPath: deref(r.AsPath), Weight: int(deref(r.Weight))})
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

// ---------------------------------------------------------------------------
// Writes: cur is the resource as ARM returned it, nil for a creation. The
// result shares no memory that the caller will see change: each level of
// properties that is modified is copied first. Names travel in the URL, not
// in the body.

func subnetToARM(cur *armnetwork.Subnet, s azure.Subnet) armnetwork.Subnet {
	var out armnetwork.Subnet
	var props armnetwork.SubnetPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	props.AddressPrefix = prefixString(s.Prefix)
	props.AddressPrefixes = nil
	out.Properties = &props
	return out
}

func publicIPToARM(cur *armnetwork.PublicIPAddress, p azure.PublicIP) armnetwork.PublicIPAddress {
	var out armnetwork.PublicIPAddress
	var props armnetwork.PublicIPAddressPropertiesFormat
	var sku armnetwork.PublicIPAddressSKU
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
		if cur.SKU != nil {
			sku = *cur.SKU
		}
	}
	out.Location = ptrOrNil(p.Location)
	out.Tags, out.Zones = tagsToARM(p.Tags), stringsToARM(p.Zones)
	name := p.SKU
	if name == "" {
		name = azure.SKUStandard
	}
	sku.Name = to.Ptr(armnetwork.PublicIPAddressSKUName(name))
	out.SKU = &sku
	method := armnetwork.IPAllocationMethodDynamic
	if p.Static {
		method = armnetwork.IPAllocationMethodStatic
	}
	props.PublicIPAllocationMethod = &method
	out.Properties = &props
	return out
}

func gatewayToARM(cur *armnetwork.VirtualNetworkGateway, g azure.Gateway) armnetwork.VirtualNetworkGateway {
	var out armnetwork.VirtualNetworkGateway
	var props armnetwork.VirtualNetworkGatewayPropertiesFormat
	if cur != nil {
		out = *cur
		if cur.Properties != nil {
			props = *cur.Properties
		}
	}
	out.Location, out.Tags = ptrOrNil(g.Location), tagsToARM(g.Tags)
	props.GatewayType = to.Ptr(armnetwork.VirtualNetworkGatewayType(g.GatewayType))
	props.SKU = &armnetwork.VirtualNetworkGatewaySKU{
		Name: to.Ptr(armnetwork.VirtualNetworkGatewaySKUName(g.SKU)),
		Tier: to.Ptr(armnetwork.VirtualNetworkGatewaySKUTier(g.SKU)),
	}
	props.AutoScaleConfiguration = scaleToARM(props.AutoScaleConfiguration, g)
	if len(props.IPConfigurations) == 0 {
		props.IPConfigurations = []*armnetwork.VirtualNetworkGatewayIPConfiguration{{
			Name: to.Ptr(gatewayIPConfigName),
			Properties: &armnetwork.VirtualNetworkGatewayIPConfigurationPropertiesFormat{
				PrivateIPAllocationMethod: to.Ptr(armnetwork.IPAllocationMethodDynamic),
				Subnet:                    subResource(g.SubnetID),
				PublicIPAddress:           subResource(g.PublicIPID),
			},
		}}
	} else if g.SubnetID != "" || g.PublicIPID != "" {
		// Name a new subnet or public IP on the first configuration, and let
		// ARM judge the change (it refuses to move a gateway).
		configs := append([]*armnetwork.VirtualNetworkGatewayIPConfiguration(nil), props.IPConfigurations...)
		first := armnetwork.VirtualNetworkGatewayIPConfiguration{}
		if configs[0] != nil {
			first = *configs[0]
		}
		cp := armnetwork.VirtualNetworkGatewayIPConfigurationPropertiesFormat{}
		if first.Properties != nil {
			cp = *first.Properties
		}
		if g.SubnetID != "" {
			cp.Subnet = subResource(g.SubnetID)
		}
		if g.PublicIPID != "" {
			cp.PublicIPAddress = subResource(g.PublicIPID)
		}
		first.Properties = &cp
		configs[0] = &first
		props.IPConfigurations = configs
	}
	out.Properties = &props
	return out
}

// scaleToARM sets the autoscale bounds of an ErGwScale gateway: the minimum
// is ScaleUnits; the maximum is kept when it is at least that, else it
// becomes the minimum (a fixed size, the cheapest choice). Other SKUs have
// none, unless the caller gives scale units anyway: they are sent, for ARM
// to refuse.
func scaleToARM(cur *armnetwork.VirtualNetworkGatewayAutoScaleConfiguration, g azure.Gateway) *armnetwork.VirtualNetworkGatewayAutoScaleConfiguration {
	if g.SKU != azure.SKUErGwScale && g.ScaleUnits == 0 {
		return nil
	}
	lo := int32(g.ScaleUnits)
	hi := lo
	if cur != nil && cur.Bounds != nil && deref(cur.Bounds.Max) >= lo {
		hi = *cur.Bounds.Max
	}
	return &armnetwork.VirtualNetworkGatewayAutoScaleConfiguration{
		Bounds: &armnetwork.VirtualNetworkGatewayAutoScaleBounds{Min: to.Ptr(lo), Max: to.Ptr(hi)},
	}
}

func subResource(id string) *armnetwork.SubResource {
	if id == "" {
		return nil
	}
	return &armnetwork.SubResource{ID: to.Ptr(id)}
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
	out.Properties = &props
	return out
}
