package armface

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: the wire form of virtual networks and subnets (see convert.go).

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
