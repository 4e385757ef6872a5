package interconnect

// This file: the offline checks of an estate's spokes (azure.spokes) and
// extra VCNs (oci.vcns). What only the clouds can tell (address spaces,
// existing peerings and gateways) is checked by Plan.

import (
	"fmt"
	"strings"
)

// spokes checks azure.spokes: each names a VNet, in a valid resource group,
// once, and not the hub.
func (v *validator) spokes() {
	hub := strings.ToLower(v.d.Azure.ResourceGroup + "/" + v.d.Azure.VirtualNetwork)
	seen := map[string]string{hub: "azure.virtualNetwork (the hub)"}
	for i, sp := range v.s.Azure.Spokes {
		field := spokeField(i, "virtualNetwork")
		if !v.required(field, sp.VirtualNetwork, "the name of an existing VNet to reach OCI through the hub") {
			continue
		}
		if p := networkNameProblem(sp.VirtualNetwork, 2, 64, "a virtual network"); p != "" {
			v.add(field, sp.VirtualNetwork, p)
			continue
		}
		if sp.ResourceGroup != "" {
			if p := resourceGroupProblem(sp.ResourceGroup); p != "" {
				v.add(spokeField(i, "resourceGroup"), sp.ResourceGroup, p)
				continue
			}
		}
		key := strings.ToLower(v.d.Azure.Spokes[i].ResourceGroup + "/" + sp.VirtualNetwork)
		if other, dup := seen[key]; dup {
			v.add(field, sp.VirtualNetwork, fmt.Sprintf("is the same VNet as %s; list each spoke once, and not the hub", other))
			continue
		}
		seen[key] = fmt.Sprintf("azure.spokes[%d]", i)
	}
}

// vcns checks oci.vcns: each names a VCN in the region, once, and not
// oci.vcnId, with its own route tables and compartment.
func (v *validator) vcns() {
	seen := map[string]string{v.s.OCI.VCNID: "oci.vcnId"}
	for i, vc := range v.s.OCI.VCNs {
		field := fmt.Sprintf("oci.vcns[%d].vcnId", i)
		if v.required(field, vc.VCNID, "the OCID of an existing VCN to attach to the DRG (ocid1.vcn.…)") {
			if other, dup := seen[vc.VCNID]; dup {
				v.add(field, vc.VCNID, fmt.Sprintf("is the same VCN as %s; list each VCN once", other))
			} else {
				seen[vc.VCNID] = field
				v.ocid(field, vc.VCNID, "vcn")
			}
		}
		v.routeTables(fmt.Sprintf("oci.vcns[%d].routeTableIds", i), vc.RouteTableIDs)
		if vc.CompartmentID != "" {
			v.ocid(fmt.Sprintf("oci.vcns[%d].compartmentId", i), vc.CompartmentID, "compartment", "tenancy")
		}
	}
}
