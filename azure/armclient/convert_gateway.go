package armclient

import (
	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file: the conversions of public IP addresses, virtual network
// gateways and a gateway's learned routes (see convert.go for the rules
// every conversion follows).

// gatewayIPConfigName is the name of the one IP configuration of a gateway
// the adapter creates.
const gatewayIPConfigName = "default"

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
