package interconnect

// This file: what Plan checks across the estate's networks — the hub, its
// spokes and the VCNs — before it decides any step: that each network was
// found, that no two overlap, and that the prefixes fit what the two clouds
// exchange over BGP.

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/plan"
)

// Limits of the prefixes the two sides exchange over the interconnect.
const (
	// maxGatewayAdvertisedRoutes is how many routes an ExpressRoute gateway
	// advertises to the circuit, whatever its SKU (Microsoft, "About
	// ExpressRoute virtual network gateways", performance table): the hub's
	// and the spokes' address prefixes together.
	maxGatewayAdvertisedRoutes = 500
	// maxOCIPrefixesPerVirtualCircuit is how many IPv4 prefixes OCI accepts
	// from the customer side of a private virtual circuit (DESIGN.md §1:
	// OCI accepts 2,000 IPv4 prefixes per private virtual circuit).
	maxOCIPrefixesPerVirtualCircuit = 2000
)

// network is one network of the estate, for the checks across them.
type network struct {
	label    string // "VNet vnet-app", "VCN vcn-app (ocid1.vcn…)", "VCN ocid1.vcn…" when it has no display name
	what     string // what its prefixes are called: "address space", "CIDR"
	field    string // the spec key that names it
	value    string
	prefixes []netip.Prefix
}

// spokesFound reports whether every spoke VNet exists, adding a problem
// for each that does not.
func (d *decision) spokesFound(o *observed, v *ValidationError) bool {
	ok := true
	for _, sp := range o.spokes {
		if sp.vnet == nil {
			v.Add(spokeField(sp.index, "virtualNetwork"), sp.spec.VirtualNetwork, fmt.Sprintf("not found in resource group %s of subscription %s; create the VNet first or fix the name", sp.spec.ResourceGroup, d.spec.Azure.SubscriptionID))
			ok = false
		}
	}
	return ok
}

// networks lists the estate's networks: the hub, the spokes, the VCNs.
func (o *observed) networks(s Spec) []network {
	nets := []network{{label: "VNet " + o.vnet.Name, what: "address space", field: "azure.virtualNetwork", value: s.Azure.VirtualNetwork, prefixes: o.vnet.AddressSpace}}
	for _, sp := range o.spokes {
		nets = append(nets, network{label: "spoke VNet " + sp.vnet.Name, what: "address space", field: spokeField(sp.index, "virtualNetwork"), value: sp.spec.VirtualNetwork, prefixes: sp.vnet.AddressSpace})
	}
	for _, vs := range o.vcns {
		label := "VCN " + vs.ref.id
		if vs.vcn.DisplayName != "" {
			label = "VCN " + vs.vcn.DisplayName + " (" + vs.ref.id + ")"
		}
		nets = append(nets, network{label: label, what: "CIDR", field: vs.ref.field("vcnId"), value: vs.ref.id, prefixes: vs.vcn.CIDRs})
	}
	return nets
}

// disjoint checks that no two networks of the estate overlap: traffic
// between overlapping networks cannot be routed. (The GatewaySubnet lies in
// the hub, and the BGP /30s are chosen or checked outside every network.)
func (d *decision) disjoint(o *observed, v *ValidationError) {
	nets := o.networks(d.spec)
	for j := range nets {
		for i := range j {
			for _, a := range nets[i].prefixes {
				for _, b := range nets[j].prefixes {
					if a.Overlaps(b) {
						v.Add(nets[j].field, nets[j].value, fmt.Sprintf("%s %s of %s overlaps %s %s of %s; traffic between overlapping networks cannot be routed",
							nets[j].what, b, nets[j].label, nets[i].what, a, nets[i].label))
					}
				}
			}
		}
	}
}

// prefixLimits checks that the Azure prefixes fit what the gateway
// advertises and what OCI accepts.
func (d *decision) prefixLimits(v *ValidationError) {
	n := len(d.vnetCIDRs)
	field := "azure.spokes"
	if len(d.spec.Azure.Spokes) == 0 {
		field = "azure.virtualNetwork"
	}
	if n > maxGatewayAdvertisedRoutes {
		v.Add(field, "", fmt.Sprintf("the hub and its spokes have %d address prefixes, but an ExpressRoute gateway advertises at most %d routes (and OCI accepts at most %d per virtual circuit); use fewer spokes or summarise their address spaces",
			n, maxGatewayAdvertisedRoutes, maxOCIPrefixesPerVirtualCircuit))
	}
}

// groupByNetwork sets each step's Group to the network it belongs to, when
// the spec is an estate (spokes or more VCNs): the hub VNet, a spoke, a VCN,
// or the circuits and DRG that join them. A single VNet to a single VCN is
// not grouped.
func groupByNetwork(s Spec, steps []plan.Step) []plan.Step {
	if len(s.Azure.Spokes) == 0 && len(s.OCI.VCNs) == 0 {
		return steps
	}
	hub := "azure: hub VNet " + s.Azure.ResourceGroup + "/" + s.Azure.VirtualNetwork
	for i := range steps {
		id := steps[i].ID
		switch {
		case id == StepGatewaySubnet || id == StepPublicIP || id == StepGateway || id == StepConnection:
			steps[i].Group = hub
		case strings.HasPrefix(id, "azure/spokes["):
			j := spokeIndex(id)
			steps[i].Group = "azure: spoke VNet " + s.Azure.Spokes[j].ResourceGroup + "/" + s.Azure.Spokes[j].VirtualNetwork
		case id == StepDRGAttachment || id == StepRouteRules:
			steps[i].Group = "oci: VCN " + s.OCI.VCNID
		case strings.HasPrefix(id, "oci/vcns["):
			steps[i].Group = "oci: VCN " + s.OCI.VCNs[indexIn(id, "oci/vcns[")].VCNID
		default:
			steps[i].Group = "circuits and DRG"
		}
	}
	return steps
}

// indexIn reads the index of a step ID such as "oci/vcns[3]/route-rules"
// that starts with prefix ("oci/vcns[").
func indexIn(id, prefix string) int {
	var i int
	fmt.Sscanf(strings.TrimPrefix(id, prefix), "%d]", &i)
	return i
}

func spokeIndex(id string) int { return indexIn(id, "azure/spokes[") }
