package ociface

import (
	"errors"
	"net/netip"
	"strconv"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// This file: the wire conversions, the face's own (the client's are in
// oci/ociclient): the library's values to the oci-go-sdk core models the
// face answers, and the request bodies back to the library's values.

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return common.String(s)
}

func vcnToSDK(v oci.VCN) core.Vcn {
	out := core.Vcn{Id: strp(v.ID), CompartmentId: strp(v.CompartmentID), DisplayName: strp(v.DisplayName),
		DefaultRouteTableId: strp(v.DefaultRouteTableID), LifecycleState: core.VcnLifecycleStateEnum(v.State),
		CidrBlocks: []string{}}
	for _, p := range v.CIDRs {
		out.CidrBlocks = append(out.CidrBlocks, p.String())
	}
	if len(out.CidrBlocks) > 0 {
		out.CidrBlock = common.String(out.CidrBlocks[0])
	}
	return out
}

func drgToSDK(d oci.DRG) core.Drg {
	out := core.Drg{Id: strp(d.ID), CompartmentId: strp(d.CompartmentID), DisplayName: strp(d.DisplayName),
		FreeformTags: d.FreeformTags, LifecycleState: core.DrgLifecycleStateEnum(d.State)}
	if d.DefaultVCNRouteTableID != "" {
		out.DefaultDrgRouteTables = &core.DefaultDrgRouteTables{Vcn: strp(d.DefaultVCNRouteTableID)}
	}
	return out
}

func attachmentToSDK(a oci.DRGAttachment) core.DrgAttachment {
	return core.DrgAttachment{Id: strp(a.ID), CompartmentId: strp(a.CompartmentID), DisplayName: strp(a.DisplayName),
		DrgId: strp(a.DRGID), VcnId: strp(a.VCNID), FreeformTags: a.FreeformTags, DrgRouteTableId: strp(a.DRGRouteTableID),
		LifecycleState: core.DrgAttachmentLifecycleStateEnum(a.State),
		NetworkDetails: core.VcnDrgAttachmentNetworkDetails{Id: strp(a.VCNID)}}
}

func providerServiceToSDK(p oci.ProviderService) core.FastConnectProviderService {
	out := core.FastConnectProviderService{Id: strp(p.ID), ProviderName: strp(p.ProviderName),
		ProviderServiceName: strp(p.ProviderServiceName), Type: core.FastConnectProviderServiceTypeEnum(p.Type),
		RequiredTotalCrossConnects:  common.Int(1),
		PrivatePeeringBgpManagement: core.FastConnectProviderServicePrivatePeeringBgpManagementCustomerManaged,
		PublicPeeringBgpManagement:  core.FastConnectProviderServicePublicPeeringBgpManagementOracleManaged,
		CustomerAsnManagement:       core.FastConnectProviderServiceCustomerAsnManagementCustomerManaged,
		// A LAYER3 provider (Azure) is ordered with its own key.
		ProviderServiceKeyManagement: core.FastConnectProviderServiceProviderServiceKeyManagementProviderManaged,
		BandwithShapeManagement:      core.FastConnectProviderServiceBandwithShapeManagementCustomerManaged}
	if p.Type == "LAYER3" {
		out.PrivatePeeringBgpManagement = core.FastConnectProviderServicePrivatePeeringBgpManagementProviderManaged
		out.CustomerAsnManagement = core.FastConnectProviderServiceCustomerAsnManagementProviderManaged
	}
	for _, t := range p.CircuitTypes {
		out.SupportedVirtualCircuitTypes = append(out.SupportedVirtualCircuitTypes,
			core.FastConnectProviderServiceSupportedVirtualCircuitTypesEnum(t))
	}
	return out
}

func shapeToSDK(b oci.BandwidthShape) core.VirtualCircuitBandwidthShape {
	return core.VirtualCircuitBandwidthShape{Name: strp(b.Name), BandwidthInMbps: common.Int(b.Mbps)}
}

func prefix(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return common.String(p.String())
}

func vcToSDK(v oci.VirtualCircuit) core.VirtualCircuit {
	out := core.VirtualCircuit{Id: strp(v.ID), CompartmentId: strp(v.CompartmentID), DisplayName: strp(v.DisplayName),
		Type: core.VirtualCircuitTypeEnum(v.Type), BandwidthShapeName: strp(v.BandwidthShapeName),
		GatewayId: strp(v.GatewayID), ProviderServiceId: strp(v.ProviderServiceID),
		ProviderServiceKeyName: strp(v.ProviderServiceKeyName.Reveal()), FreeformTags: v.FreeformTags,
		LifecycleState:  vcStateToSDK(v.State),
		ProviderState:   vcProviderStateToSDK(v.ProviderState),
		BgpSessionState: bgpStateToSDK(v.BGPSessionState),
		OracleBgpAsn:    common.Int(v.OracleBGPASN), CrossConnectMappings: []core.CrossConnectMapping{}}
	for _, m := range v.CrossConnectMappings {
		out.CrossConnectMappings = append(out.CrossConnectMappings, core.CrossConnectMapping{
			OracleBgpPeeringIp: prefix(m.OracleBGPPeeringIP), CustomerBgpPeeringIp: prefix(m.CustomerBGPPeeringIP),
			BgpMd5AuthKey: strp(m.BGPMD5AuthKey.Reveal())})
	}
	return out
}

// vcStateToSDK spells a virtual circuit's lifecycle state as oci-go-sdk's
// core.VirtualCircuitLifecycleStateEnum does: PENDING_PROVIDER, VERIFYING,
// PROVISIONING, PROVISIONED, FAILED, INACTIVE, TERMINATING, TERMINATED. A
// state the SDK does not know goes out unchanged, so that a client sees the
// simulator's mistake instead of an empty field.
func vcStateToSDK(s oci.LifecycleState) core.VirtualCircuitLifecycleStateEnum {
	if e, ok := core.GetMappingVirtualCircuitLifecycleStateEnum(string(s)); ok {
		return e
	}
	return core.VirtualCircuitLifecycleStateEnum(s)
}

// vcProviderStateToSDK spells a virtual circuit's provider state as
// core.VirtualCircuitProviderStateEnum does (ACTIVE, INACTIVE).
func vcProviderStateToSDK(s string) core.VirtualCircuitProviderStateEnum {
	if e, ok := core.GetMappingVirtualCircuitProviderStateEnum(s); ok {
		return e
	}
	return core.VirtualCircuitProviderStateEnum(s)
}

// bgpStateToSDK spells a BGP session state as
// core.VirtualCircuitBgpSessionStateEnum does (UP, DOWN).
func bgpStateToSDK(s string) core.VirtualCircuitBgpSessionStateEnum {
	if e, ok := core.GetMappingVirtualCircuitBgpSessionStateEnum(s); ok {
		return e
	}
	return core.VirtualCircuitBgpSessionStateEnum(s)
}

func routeTableToSDK(rt oci.RouteTable) core.RouteTable {
	out := core.RouteTable{Id: strp(rt.ID), CompartmentId: strp(rt.CompartmentID), VcnId: strp(rt.VCNID),
		DisplayName: strp(rt.DisplayName), LifecycleState: core.RouteTableLifecycleStateEnum(rt.State),
		RouteRules: []core.RouteRule{}}
	for _, r := range rt.Rules {
		out.RouteRules = append(out.RouteRules, core.RouteRule{Destination: common.String(r.Destination.String()),
			CidrBlock: common.String(r.Destination.String()), DestinationType: core.RouteRuleDestinationTypeCidrBlock,
			NetworkEntityId: strp(r.NetworkEntityID), Description: strp(r.Description), RouteType: core.RouteRuleRouteTypeStatic})
	}
	return out
}

// bgpAddr reads a BGP peering address of a request. One the world could not
// accept either (not a prefix) becomes the zero Prefix, which the world
// rejects with its own message.
func bgpAddr(s *string) netip.Prefix {
	if s == nil {
		return netip.Prefix{}
	}
	p, _ := netip.ParsePrefix(*s)
	return p
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func vcFromSDK(d core.CreateVirtualCircuitDetails) oci.VirtualCircuit {
	out := oci.VirtualCircuit{CompartmentID: str(d.CompartmentId), DisplayName: str(d.DisplayName), Type: string(d.Type),
		BandwidthShapeName: str(d.BandwidthShapeName), GatewayID: str(d.GatewayId), ProviderServiceID: str(d.ProviderServiceId),
		ProviderServiceKeyName: secret.Value(str(d.ProviderServiceKeyName)), FreeformTags: d.FreeformTags}
	for _, m := range d.CrossConnectMappings {
		out.CrossConnectMappings = append(out.CrossConnectMappings, oci.CrossConnectMapping{
			OracleBGPPeeringIP: bgpAddr(m.OracleBgpPeeringIp), CustomerBGPPeeringIP: bgpAddr(m.CustomerBgpPeeringIp),
			BGPMD5AuthKey: secret.Value(str(m.BgpMd5AuthKey))})
	}
	return out
}

// rulesFromSDK reads the rules of an UpdateRouteTable; the simulator holds
// CIDR_BLOCK rules only.
func rulesFromSDK(rules []core.RouteRule) ([]oci.RouteRule, error) {
	out := make([]oci.RouteRule, 0, len(rules))
	for i, r := range rules {
		if r.DestinationType != "" && r.DestinationType != core.RouteRuleDestinationTypeCidrBlock {
			return nil, errors.New("route rule " + strconv.Itoa(i) + ": destination type " + string(r.DestinationType) +
				" is not supported by the simulator (CIDR_BLOCK only)")
		}
		d := str(r.Destination)
		if d == "" {
			d = str(r.CidrBlock)
		}
		p, err := netip.ParsePrefix(d)
		if err != nil {
			return nil, errors.New("route rule " + strconv.Itoa(i) + ": destination " + strconv.Quote(d) + " is not a valid CIDR block")
		}
		out = append(out, oci.RouteRule{Destination: p, NetworkEntityID: str(r.NetworkEntityId), Description: str(r.Description)})
	}
	return out, nil
}
