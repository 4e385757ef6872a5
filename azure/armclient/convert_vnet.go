package armclient

import (
	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file: the conversions of virtual networks and subnets (see convert.go
// for the rules every conversion follows).

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
