package interconnect

import (
	"net/netip"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/ipam"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// Step IDs. They are stable across runs and releases: users and tools key on
// them (plan JSON, events, Result).
const (
	StepGatewaySubnet  = "azure/gateway-subnet"
	StepPublicIP       = "azure/public-ip"
	StepGateway        = "azure/gateway"
	StepCircuit        = "azure/circuit"
	StepPeering        = "azure/private-peering"
	StepConnection     = "azure/connection"
	StepDRG            = "oci/drg"
	StepDRGAttachment  = "oci/drg-attachment"
	StepRouteRules     = "oci/route-rules"
	StepVirtualCircuit = "oci/virtual-circuit"
	StepBGP            = "oci/bgp-session"
	// StepCircuitDeprovisioned waits, during teardown, for the ExpressRoute
	// circuit to show NotProvisioned once the virtual circuit is gone.
	StepCircuitDeprovisioned = "azure/circuit-deprovisioned"
)

// target is the resolved desired state a plan carries to Apply (Plan.Target):
// the defaulted spec and every decision Plan made, so Apply needs no spec.
type target struct {
	spec Spec
	n    names
	tags map[string]string // user tags plus the ownership tag

	primary, secondary ipam.Subnet
	vlan               int // for a hand-made private peering only

	vnetCIDRs []netip.Prefix // routed to the DRG in the VCN route tables
	vcnCIDRs  []netip.Prefix

	subnetPrefix  netip.Prefix // the GatewaySubnet, when the library creates it
	gatewayRG     string       // the gateway's resource group and name (adopted or ours)
	gatewayName   string
	gatewaySKU    string
	scaleUnits    int
	gatewayOwned  bool
	subnetCreated bool // the library creates (or created) the GatewaySubnet

	providerServiceID string
	shape             string // OCI bandwidth shape name

	routeTableIDs []string

	// Known IDs of resources that already exist; Apply fills in the others
	// as its steps create them.
	known ids
}

// ids are the cloud identifiers steps hand to later steps.
type ids struct {
	subnetID, publicIPID, gatewayID, circuitID string
	serviceKey                                 secret.Value
	drgID, attachmentID, vcID                  string
}

// mappings are the two cross-connect mappings the virtual circuit is ordered
// with: primary path first.
func (t *target) mappings() []oci.CrossConnectMapping {
	return []oci.CrossConnectMapping{
		{OracleBGPPeeringIP: t.primary.OracleCIDR(), CustomerBGPPeeringIP: t.primary.CustomerCIDR(), BGPMD5AuthKey: t.spec.Peering.MD5AuthKey},
		{OracleBGPPeeringIP: t.secondary.OracleCIDR(), CustomerBGPPeeringIP: t.secondary.CustomerCIDR(), BGPMD5AuthKey: t.spec.Peering.MD5AuthKey},
	}
}

// azSKU reports whether sku is a zone-redundant gateway SKU, which can be
// resized in place to another AZ SKU.
func azSKU(sku string) bool {
	switch sku {
	case azure.SKUErGw1AZ, azure.SKUErGw2AZ, azure.SKUErGw3AZ, azure.SKUErGwScale:
		return true
	}
	return false
}
