package interconnect

// This file: the keys of a spec for a whole estate — hub-and-spoke VNets on
// Azure, many VCNs on OCI — and what the library derives from them.

import (
	"fmt"
	"slices"
)

// SpokeSpec is a VNet that reaches OCI through the hub's gateway: the
// library peers it with the hub (the hub's side allows gateway transit, the
// spoke's uses the remote gateway), unless a peering between the two
// exists already, which it adopts and checks but never changes.
type SpokeSpec struct {
	// VirtualNetwork is the name of the existing spoke VNet. It must have no
	// gateway of its own and use no other VNet's gateway.
	VirtualNetwork string `json:"virtualNetwork" yaml:"virtualNetwork"`
	// ResourceGroup holds the spoke; azure.resourceGroup by default. It is
	// in the hub's subscription.
	ResourceGroup string `json:"resourceGroup,omitempty" yaml:"resourceGroup,omitempty"`
}

// VCNSpec is one more VCN attached to the interconnect's DRG.
type VCNSpec struct {
	// VCNID is the OCID of the existing VCN, in oci.region.
	VCNID string `json:"vcnId" yaml:"vcnId"`
	// RouteTableIDs are the route tables of this VCN that get a rule per
	// Azure prefix; empty means the VCN's default route table.
	RouteTableIDs []string `json:"routeTableIds,omitempty" yaml:"routeTableIds,omitempty"`
	// CompartmentID is the VCN's compartment, where the library looks for
	// its DRG attachment; oci.compartmentId by default.
	CompartmentID string `json:"compartmentId,omitempty" yaml:"compartmentId,omitempty"`
}

// vcnRef is one VCN of the estate as the engine handles it: the main one
// (oci.vcnId, index -1) or one of oci.vcns.
type vcnRef struct {
	index         int // -1 for oci.vcnId
	id            string
	routeTableIDs []string
	compartmentID string
}

// field is the spec path of the VCN's key named key ("vcnId", ...).
func (r vcnRef) field(key string) string {
	if r.index < 0 {
		return "oci." + key
	}
	return fmt.Sprintf("oci.vcns[%d].%s", r.index, key)
}

// vcnRefs lists the estate's VCNs, the main one first; s has its defaults.
func (s Spec) vcnRefs() []vcnRef {
	refs := []vcnRef{{index: -1, id: s.OCI.VCNID, routeTableIDs: s.OCI.RouteTableIDs, compartmentID: s.OCI.CompartmentID}}
	for i, v := range s.OCI.VCNs {
		refs = append(refs, vcnRef{index: i, id: v.VCNID, routeTableIDs: v.RouteTableIDs, compartmentID: v.CompartmentID})
	}
	return refs
}

// spokeField is the spec path of spoke i's key.
func spokeField(i int, key string) string { return fmt.Sprintf("azure.spokes[%d].%s", i, key) }

// defaultEstate fills in the spokes' resource groups and the VCNs'
// compartments.
func (s *Spec) defaultEstate() {
	s.Azure.Spokes = slices.Clone(s.Azure.Spokes)
	for i := range s.Azure.Spokes {
		if s.Azure.Spokes[i].ResourceGroup == "" {
			s.Azure.Spokes[i].ResourceGroup = s.Azure.ResourceGroup
		}
	}
	s.OCI.VCNs = slices.Clone(s.OCI.VCNs)
	for i := range s.OCI.VCNs {
		s.OCI.VCNs[i].RouteTableIDs = slices.Clone(s.OCI.VCNs[i].RouteTableIDs)
		if s.OCI.VCNs[i].CompartmentID == "" {
			s.OCI.VCNs[i].CompartmentID = s.OCI.CompartmentID
		}
	}
}
