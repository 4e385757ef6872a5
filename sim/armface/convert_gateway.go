package armface

import (
	"net/netip"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: the wire form of public IP addresses, virtual network gateways
// and a gateway's learned routes (see convert.go).

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
