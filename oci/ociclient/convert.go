package ociclient

import (
	"fmt"
	"maps"
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/secret"
)

// This file: every conversion between the library's types and oci-go-sdk's
// core types, in one place. Client calls these and nothing else touches SDK
// models.

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// optString returns nil for "" so the field is left out of the request.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return common.String(s)
}

func vcnFromSDK(v core.Vcn) (oci.VCN, error) {
	out := oci.VCN{ID: str(v.Id), CompartmentID: str(v.CompartmentId), DisplayName: str(v.DisplayName),
		DefaultRouteTableID: str(v.DefaultRouteTableId), State: oci.LifecycleState(v.LifecycleState)}
	blocks := v.CidrBlocks
	if len(blocks) == 0 && v.CidrBlock != nil {
		blocks = []string{*v.CidrBlock}
	}
	for _, b := range blocks {
		p, err := netip.ParsePrefix(b)
		if err != nil {
			return oci.VCN{}, fmt.Errorf("VCN %s has an unreadable CIDR block %q: %w", out.ID, b, err)
		}
		out.CIDRs = append(out.CIDRs, p)
	}
	return out, nil
}

func drgFromSDK(d core.Drg) oci.DRG {
	out := oci.DRG{ID: str(d.Id), CompartmentID: str(d.CompartmentId), DisplayName: str(d.DisplayName),
		FreeformTags: maps.Clone(d.FreeformTags), State: oci.LifecycleState(d.LifecycleState)}
	if t := d.DefaultDrgRouteTables; t != nil {
		out.DefaultVCNRouteTableID = str(t.Vcn)
	}
	return out
}

func createDRGDetails(d oci.DRG) core.CreateDrgDetails {
	return core.CreateDrgDetails{CompartmentId: common.String(d.CompartmentID), DisplayName: optString(d.DisplayName),
		FreeformTags: maps.Clone(d.FreeformTags)}
}

func attachmentFromSDK(a core.DrgAttachment) oci.DRGAttachment {
	out := oci.DRGAttachment{ID: str(a.Id), CompartmentID: str(a.CompartmentId), DisplayName: str(a.DisplayName),
		DRGID: str(a.DrgId), VCNID: str(a.VcnId), FreeformTags: maps.Clone(a.FreeformTags),
		State: oci.LifecycleState(a.LifecycleState), DRGRouteTableID: str(a.DrgRouteTableId)}
	switch n := a.NetworkDetails.(type) {
	case core.VcnDrgAttachmentNetworkDetails:
		if n.Id != nil {
			out.VCNID = *n.Id
		}
	case *core.VcnDrgAttachmentNetworkDetails:
		if n != nil && n.Id != nil {
			out.VCNID = *n.Id
		}
	}
	return out
}

func createAttachmentDetails(a oci.DRGAttachment) core.CreateDrgAttachmentDetails {
	return core.CreateDrgAttachmentDetails{DrgId: common.String(a.DRGID), DisplayName: optString(a.DisplayName),
		FreeformTags: maps.Clone(a.FreeformTags), DrgRouteTableId: optString(a.DRGRouteTableID),
		NetworkDetails: core.VcnDrgAttachmentNetworkCreateDetails{Id: common.String(a.VCNID)}}
}

func providerServiceFromSDK(p core.FastConnectProviderService) oci.ProviderService {
	out := oci.ProviderService{ID: str(p.Id), ProviderName: str(p.ProviderName), ProviderServiceName: str(p.ProviderServiceName),
		Type: string(p.Type)}
	for _, t := range p.SupportedVirtualCircuitTypes {
		out.CircuitTypes = append(out.CircuitTypes, string(t))
	}
	return out
}

func shapeFromSDK(s core.VirtualCircuitBandwidthShape) oci.BandwidthShape {
	out := oci.BandwidthShape{Name: str(s.Name)}
	if s.BandwidthInMbps != nil {
		out.Mbps = *s.BandwidthInMbps
	}
	return out
}

// bgpAddr reads a BGP peering address. OCI writes them with the prefix
// length of their block ("10.0.0.1/30"); a bare address is taken as a host
// prefix, and "" as the zero Prefix.
func bgpAddr(s *string) (netip.Prefix, error) {
	if s == nil || *s == "" {
		return netip.Prefix{}, nil
	}
	if p, err := netip.ParsePrefix(*s); err == nil {
		return p, nil
	}
	a, err := netip.ParseAddr(*s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("unreadable BGP peering address %q", *s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// prefixString writes a BGP address as OCI wants it ("10.0.0.1/30"), nil for
// the zero Prefix.
func prefixString(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return common.String(p.String())
}

func vcFromSDK(v core.VirtualCircuit) (oci.VirtualCircuit, error) {
	out := oci.VirtualCircuit{ID: str(v.Id), CompartmentID: str(v.CompartmentId), DisplayName: str(v.DisplayName),
		Type: string(v.Type), BandwidthShapeName: str(v.BandwidthShapeName), GatewayID: str(v.GatewayId),
		ProviderServiceID: str(v.ProviderServiceId), ProviderServiceKeyName: secret.Value(str(v.ProviderServiceKeyName)),
		FreeformTags: maps.Clone(v.FreeformTags), State: oci.LifecycleState(v.LifecycleState),
		ProviderState: string(v.ProviderState), BGPSessionState: string(v.BgpSessionState)}
	if v.OracleBgpAsn != nil {
		out.OracleBGPASN = *v.OracleBgpAsn
	}
	for i, m := range v.CrossConnectMappings {
		o, err := bgpAddr(m.OracleBgpPeeringIp)
		if err != nil {
			return oci.VirtualCircuit{}, fmt.Errorf("virtual circuit %s, cross-connect mapping %d: %w", out.ID, i, err)
		}
		c, err := bgpAddr(m.CustomerBgpPeeringIp)
		if err != nil {
			return oci.VirtualCircuit{}, fmt.Errorf("virtual circuit %s, cross-connect mapping %d: %w", out.ID, i, err)
		}
		out.CrossConnectMappings = append(out.CrossConnectMappings, oci.CrossConnectMapping{OracleBGPPeeringIP: o,
			CustomerBGPPeeringIP: c, BGPMD5AuthKey: secret.Value(str(m.BgpMd5AuthKey))})
	}
	return out, nil
}

func createVCDetails(v oci.VirtualCircuit) core.CreateVirtualCircuitDetails {
	d := core.CreateVirtualCircuitDetails{CompartmentId: common.String(v.CompartmentID),
		Type: core.CreateVirtualCircuitDetailsTypeEnum(v.Type), BandwidthShapeName: optString(v.BandwidthShapeName),
		DisplayName: optString(v.DisplayName), GatewayId: optString(v.GatewayID), ProviderServiceId: optString(v.ProviderServiceID),
		ProviderServiceKeyName: optString(v.ProviderServiceKeyName.Reveal()), FreeformTags: maps.Clone(v.FreeformTags)}
	for _, m := range v.CrossConnectMappings {
		d.CrossConnectMappings = append(d.CrossConnectMappings, core.CrossConnectMapping{
			OracleBgpPeeringIp: prefixString(m.OracleBGPPeeringIP), CustomerBgpPeeringIp: prefixString(m.CustomerBGPPeeringIP),
			BgpMd5AuthKey: optString(m.BGPMD5AuthKey.Reveal())})
	}
	return d
}

// vcSecrets lists the plaintexts of a virtual circuit's secrets, so errors
// can be scrubbed of them.
func vcSecrets(v oci.VirtualCircuit) []string {
	out := []string{v.ProviderServiceKeyName.Reveal()}
	for _, m := range v.CrossConnectMappings {
		out = append(out, m.BGPMD5AuthKey.Reveal())
	}
	return out
}

// ruleDestination returns a rule's CIDR destination, false when the rule
// targets something else (a service CIDR label such as
// "all-iad-services-in-oracle-services-network") that RouteRule cannot hold.
func ruleDestination(r core.RouteRule) (netip.Prefix, bool) {
	if r.DestinationType != "" && r.DestinationType != core.RouteRuleDestinationTypeCidrBlock {
		return netip.Prefix{}, false
	}
	d := str(r.Destination)
	if d == "" {
		d = str(r.CidrBlock)
	}
	p, err := netip.ParsePrefix(d)
	return p, err == nil
}

// routeTableFromSDK converts a route table. Rules whose destination is not a
// CIDR block are left out of Rules; routeRulesToSDK puts them back when the
// table is written, so they are never lost.
func routeTableFromSDK(rt core.RouteTable, etag *string) oci.RouteTable {
	out := oci.RouteTable{ID: str(rt.Id), CompartmentID: str(rt.CompartmentId), VCNID: str(rt.VcnId),
		DisplayName: str(rt.DisplayName), ETag: str(etag), State: oci.LifecycleState(rt.LifecycleState), Rules: []oci.RouteRule{}}
	for _, r := range rt.RouteRules {
		if p, ok := ruleDestination(r); ok {
			out.Rules = append(out.Rules, oci.RouteRule{Destination: p, NetworkEntityID: str(r.NetworkEntityId),
				Description: str(r.Description)})
		}
	}
	return out
}

// routeRulesToSDK writes rules for an UpdateRouteTable that replaces the
// rules of a table read as current. A rule that was already there is written
// back exactly as OCI sent it (route type and all); a new one becomes a
// CIDR_BLOCK rule; the current rules RouteRule cannot hold are kept, after
// the others.
func routeRulesToSDK(rules []oci.RouteRule, current []core.RouteRule) []core.RouteRule {
	out := make([]core.RouteRule, 0, len(rules)) // never nil: [] removes every rule
	used := make([]bool, len(current))
	for _, r := range rules {
		sdk := core.RouteRule{Destination: common.String(r.Destination.String()),
			DestinationType: core.RouteRuleDestinationTypeCidrBlock, NetworkEntityId: common.String(r.NetworkEntityID),
			Description: optString(r.Description)}
		for i, c := range current {
			if p, ok := ruleDestination(c); ok && !used[i] && p == r.Destination &&
				strings.EqualFold(str(c.NetworkEntityId), r.NetworkEntityID) && str(c.Description) == r.Description {
				sdk, used[i] = c, true
				break
			}
		}
		out = append(out, sdk)
	}
	for _, c := range current {
		if _, ok := ruleDestination(c); !ok {
			out = append(out, c)
		}
	}
	return out
}
