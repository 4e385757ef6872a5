package interconnect

// This file: what observe records of an estate's networks — the VCNs of
// oci.vcnId and oci.vcns, the spokes and their peerings with the hub — and
// what the other phases ask of it.

import (
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// vcnState is what the clouds hold for one VCN of the estate.
type vcnState struct {
	ref vcnRef
	vcn *oci.VCN // nil: not found
	// attachment is the VCN's attachment, to any DRG, found in the spec's
	// compartment, the VCN's or the DRG's (a hub DRG in a network
	// compartment keeps its attachments there).
	attachment  *oci.DRGAttachment
	routeTables []oci.RouteTable
	atts        *attachmentLister
}

// spokeState is what the clouds hold for one spoke VNet.
type spokeState struct {
	index int
	spec  SpokeSpec
	id    string                // the spoke VNet's ARM ID
	vnet  *azure.VirtualNetwork // nil: not found
	// hubSide is the hub's peering to the spoke, spokeSide the spoke's to
	// the hub, whatever their names; nil when absent.
	hubSide, spokeSide *azure.VirtualNetworkPeering
}

// linkSpokes finds the two sides of each spoke's peering with the hub.
func (o *observed) linkSpokes() {
	if o.vnet == nil {
		return
	}
	for _, sp := range o.spokes {
		// By the spoke's ID as the spec names it: a hub's side outlives a
		// deleted spoke (Disconnected), and teardown removes it even so.
		sp.hubSide = peeringTo(o.vnet.Peerings, sp.id)
		if sp.vnet != nil {
			sp.spokeSide = peeringTo(sp.vnet.Peerings, o.vnet.ID)
		}
	}
}

// peeringTo is the peering among ps whose remote VNet is remoteID, or nil
// (a VNet holds at most one per remote VNet).
func peeringTo(ps []azure.VirtualNetworkPeering, remoteID string) *azure.VirtualNetworkPeering {
	for i := range ps {
		if strings.EqualFold(ps[i].RemoteVirtualNetworkID, remoteID) {
			return &ps[i]
		}
	}
	return nil
}

// azurePrefixes are the address spaces of the hub and every spoke found.
func (o *observed) azurePrefixes() []netip.Prefix {
	var out []netip.Prefix
	if o.vnet != nil {
		out = append(out, o.vnet.AddressSpace...)
	}
	for _, sp := range o.spokes {
		if sp.vnet != nil {
			out = append(out, sp.vnet.AddressSpace...)
		}
	}
	return out
}

// vcnCIDRs are the CIDRs of every VCN of the estate that was found.
func (o *observed) vcnCIDRs() []netip.Prefix {
	var out []netip.Prefix
	for _, v := range o.vcns {
		if v.vcn != nil {
			out = append(out, v.vcn.CIDRs...)
		}
	}
	return out
}
