package interconnect

import (
	"github.com/azoci/interconnect/azure"
	"net/netip"

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
	set  explicit // which SKU fields the user set
	n    names
	tags map[string]string // user tags plus the ownership tag

	primary, secondary ipam.Subnet
	vlan               int // for a hand-made private peering only

	vnetCIDRs []netip.Prefix // routed to the DRG in the VCN route tables
	vcnCIDRs  []netip.Prefix

	circuitSKU azure.CircuitSKU // the ExpressRoute circuit's SKU, as it will be

	subnetPrefix  netip.Prefix // the GatewaySubnet, when the library creates it
	gatewayRG     string       // the gateway's resource group and name (adopted or ours)
	gatewayName   string
	gatewaySKU    string
	scaleUnits    int
	gatewayOwned  bool
	subnetCreated bool // the library creates (or created) the GatewaySubnet
	smallSubnet   bool // an adopted /28 GatewaySubnet that holds the gateway

	// drgCompartment is where the DRG lives, and with it its attachments:
	// the spec's compartment for a DRG the library creates.
	drgCompartment string

	providerServiceID string
	shape             string // OCI bandwidth shape name

	routeTableIDs []string

	// Known IDs of resources that already exist; Apply fills in the others
	// as its steps create them.
	known ids
}

// explicit records which SKU fields of the spec the user set. An unset one
// takes its default only for a resource the library creates; an existing
// resource keeps what it has.
type explicit struct {
	gatewaySKU, scaleUnits, circuitTier, circuitFamily bool
}

func explicitIn(s Spec) explicit {
	return explicit{
		gatewaySKU:    s.Azure.Gateway.SKU != "",
		scaleUnits:    s.Azure.Gateway.ScaleUnits != 0,
		circuitTier:   s.Azure.CircuitSKU.Tier != "",
		circuitFamily: s.Azure.CircuitSKU.Family != "",
	}
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
