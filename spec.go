package interconnect

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/secret"
)

// Spec describes one Azure ExpressRoute ↔ OCI FastConnect interconnect: what
// to build, where, and how the two sides peer.
//
// Read a Spec from YAML or JSON with [ParseSpec], fill in the defaults with
// [Spec.WithDefaults] and check it with [Spec.Validate]. The field tags give
// the YAML/JSON keys; README.md documents each key, its default and its rules.
// The zero value of a field means "not set" (for netip.Prefix fields, the zero
// Prefix).
type Spec struct {
	// Name names the interconnect. The library derives the names of what it
	// creates from it. Lowercase letters, digits and hyphens, 1–40
	// characters, starting and ending with a letter or digit.
	Name string `json:"name" yaml:"name"`
	// Bandwidth is ordered on both sides: 1, 2, 5 or 10 Gbps. With maximum
	// resiliency both circuits run at it.
	Bandwidth Bandwidth `json:"bandwidth" yaml:"bandwidth"`
	// Resiliency is ResiliencyStandard (the default: one ExpressRoute circuit
	// and one virtual circuit, at one peering location) or ResiliencyMaximum
	// (a circuit and a virtual circuit at each of two peering locations of the
	// region pair, on the one gateway and the one DRG). See
	// README.md, "Maximum resiliency".
	Resiliency string            `json:"resiliency,omitempty" yaml:"resiliency,omitempty"`
	Azure      AzureSpec         `json:"azure" yaml:"azure"`
	OCI        OCISpec           `json:"oci" yaml:"oci"`
	Peering    PeeringSpec       `json:"peering" yaml:"peering"`
	Tags       map[string]string `json:"tags,omitempty" yaml:"tags,omitempty"`
}

// AzureSpec is the Azure side: where the ExpressRoute circuit, gateway and
// connection go, and the VNet they connect.
type AzureSpec struct {
	SubscriptionID string `json:"subscriptionId" yaml:"subscriptionId"`
	ResourceGroup  string `json:"resourceGroup" yaml:"resourceGroup"`
	// Region is the Azure region of the VNet, circuit and gateway. Any case and
	// spacing is accepted ("East US"); WithDefaults canonicalises it ("eastus").
	Region string `json:"region" yaml:"region"`
	// VirtualNetwork is the name of an existing VNet in ResourceGroup.
	VirtualNetwork string `json:"virtualNetwork" yaml:"virtualNetwork"`
	// PeeringLocation is the ExpressRoute peering location of the circuit;
	// by default the first of the region pair's. With maximum resiliency it
	// may name the first location (the pair's other one is the second);
	// it is not set together with PeeringLocations.
	PeeringLocation string `json:"peeringLocation,omitempty" yaml:"peeringLocation,omitempty"`
	// PeeringLocations are the two distinct peering locations of maximum
	// resiliency, first location first: the first keeps the names and step
	// IDs of a standard interconnect. Only with ResiliencyMaximum; by
	// default the region pair's two (or PeeringLocation and the pair's
	// other one).
	PeeringLocations []string `json:"peeringLocations,omitempty" yaml:"peeringLocations,omitempty"`
	// PreferredPeeringLocation, one of the two locations of maximum
	// resiliency, gives its connection the higher routing weight, so that
	// Azure sends its traffic to OCI there while both are up. Unset, the
	// two connections weigh the same (active-active).
	PreferredPeeringLocation string      `json:"preferredPeeringLocation,omitempty" yaml:"preferredPeeringLocation,omitempty"`
	CircuitSKU               CircuitSKU  `json:"circuitSku" yaml:"circuitSku"`
	Gateway                  GatewaySpec `json:"gateway" yaml:"gateway"`
	// FastPath turns on ExpressRoute FastPath on the connection. nil means on;
	// see [AzureSpec.FastPathEnabled]. On a provider circuit it covers the
	// hub VNet only: spokes' traffic goes through the gateway.
	FastPath *bool `json:"fastPath,omitempty" yaml:"fastPath,omitempty"`
	// Spokes are VNets that reach OCI through VirtualNetwork (the hub) and
	// its gateway: VNet peering with gateway transit. None by default.
	Spokes []SpokeSpec `json:"spokes,omitempty" yaml:"spokes,omitempty"`
}

// FastPathEnabled reports whether FastPath is on: true unless FastPath is
// explicitly false.
func (a AzureSpec) FastPathEnabled() bool {
	return a.FastPath == nil || *a.FastPath
}

// CircuitSKU is the ExpressRoute circuit SKU: tier Standard, Premium or
// Local, family MeteredData or UnlimitedData (Local comes only with
// UnlimitedData). The default is Standard/MeteredData.
type CircuitSKU struct {
	Tier   string `json:"tier,omitempty" yaml:"tier,omitempty"`
	Family string `json:"family,omitempty" yaml:"family,omitempty"`
}

// GatewaySpec is the ExpressRoute virtual network gateway. A VNet holds at
// most one; if it already has one, the library adopts it whatever its name.
type GatewaySpec struct {
	// Name of the gateway the library creates; "<spec name>-ergw" by default.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// SKU is ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale, Standard, HighPerformance
	// or UltraPerformance. Default ErGw3AZ, or ErGw1AZ when FastPath is off.
	SKU string `json:"sku,omitempty" yaml:"sku,omitempty"`
	// SubnetPrefix is the prefix of the VNet's GatewaySubnet, used when the
	// library has to create that subnet: a masked IPv4 /27 or larger.
	SubnetPrefix netip.Prefix `json:"subnetPrefix,omitzero" yaml:"subnetPrefix"`
	// ScaleUnits is the minimum number of scale units of an ErGwScale gateway
	// (1–40); only valid with SKU ErGwScale. Default 10 with FastPath, else 2.
	ScaleUnits int `json:"scaleUnits,omitempty" yaml:"scaleUnits,omitempty"`
}

// OCISpec is the OCI side: the VCN to connect and where the DRG and virtual
// circuit go.
type OCISpec struct {
	// Region is the OCI region identifier, such as us-ashburn-1. It must be
	// the OCI region paired with the Azure region.
	Region string `json:"region" yaml:"region"`
	// CompartmentID is the OCID of the compartment (or, for the root
	// compartment, the tenancy) that the library creates resources in.
	CompartmentID string `json:"compartmentId" yaml:"compartmentId"`
	// VCNID is the OCID of the existing VCN to connect.
	VCNID string `json:"vcnId" yaml:"vcnId"`
	// DRGID is the OCID of an existing DRG to use; empty means the library
	// creates (and owns) one.
	DRGID string `json:"drgId,omitempty" yaml:"drgId,omitempty"`
	// RouteTableIDs are the OCIDs of the VCN route tables that get a rule per
	// Azure VNet prefix; empty means the VCN's default route table.
	RouteTableIDs []string `json:"routeTableIds,omitempty" yaml:"routeTableIds,omitempty"`
	// VCNs are more VCNs attached to the same DRG, each routing every Azure
	// prefix (hub and spokes) through it. None by default.
	VCNs []VCNSpec `json:"vcns,omitempty" yaml:"vcns,omitempty"`
}

// PeeringSpec is the private peering between the two clouds: the BGP /30
// blocks, the VLAN and the optional BGP MD5 key.
type PeeringSpec struct {
	// Pool is where the two BGP /30 blocks are allocated from when Primary and
	// Secondary are not given: a masked IPv4 prefix from /8 to /29, which may
	// overlap the networks (the /30s come from its free part). Default
	// 192.168.240.0/24.
	Pool netip.Prefix `json:"pool,omitzero" yaml:"pool"`
	// Primary and Secondary are explicit BGP blocks (masked IPv4 /30s): both
	// or neither. The Oracle side takes the first usable address of each and
	// the Azure side the second.
	Primary   netip.Prefix `json:"primary,omitzero" yaml:"primary"`
	Secondary netip.Prefix `json:"secondary,omitzero" yaml:"secondary"`
	// SecondLocation holds explicit BGP blocks for the second location of
	// maximum resiliency (Primary and Secondary above are the first
	// location's): both or neither. Unset, the second location takes the
	// next two free /30s of Pool. The four blocks must not overlap.
	SecondLocation BGPBlocks `json:"secondLocation,omitzero" yaml:"secondLocation,omitempty"`
	// VLAN for the private peering if the library has to create it (when
	// Oracle has not configured it after the grace period). WithDefaults
	// leaves it unset; Plan then uses 100 (the circuit carries no other
	// peering that could be using it). A peering Oracle configures has the
	// VLAN Oracle chooses.
	VLAN int `json:"vlan,omitempty" yaml:"vlan,omitempty"`
	// MD5AuthKey is the optional BGP MD5 key: at most 32 printable ASCII
	// characters. It never appears in errors, logs or marshalled output.
	MD5AuthKey secret.Value `json:"md5AuthKey,omitempty" yaml:"md5AuthKey,omitempty"`
}

// BGPBlocks are the two BGP /30 blocks of one circuit's private peering:
// masked IPv4 /30s, both or neither, the Oracle side taking the first usable
// address of each and the Azure side the second.
type BGPBlocks struct {
	Primary   netip.Prefix `json:"primary,omitzero" yaml:"primary"`
	Secondary netip.Prefix `json:"secondary,omitzero" yaml:"secondary"`
}

// IsZero reports whether neither block is set.
func (b BGPBlocks) IsZero() bool { return !b.Primary.IsValid() && !b.Secondary.IsValid() }

// The values of Spec.Resiliency.
const (
	// ResiliencyStandard is one ExpressRoute circuit at one peering
	// location: two paths (primary, secondary) at one site. The default.
	ResiliencyStandard = "standard"
	// ResiliencyMaximum is a circuit at each of two peering locations of the
	// region pair (Microsoft's "maximum resiliency").
	ResiliencyMaximum = "maximum"
)

// Maximum reports whether s asks for maximum resiliency (the value as
// written, ignoring case and surrounding spaces).
func (s Spec) Maximum() bool {
	return strings.EqualFold(strings.TrimSpace(s.Resiliency), ResiliencyMaximum)
}

// Locations returns the peering locations of s, first location first: the
// two of PeeringLocations with maximum resiliency, else PeeringLocation
// alone. Call it on the result of [Spec.WithDefaults], which fills them in.
func (s Spec) Locations() []string {
	if s.Maximum() {
		return slices.Clone(s.Azure.PeeringLocations)
	}
	if s.Azure.PeeringLocation == "" {
		return nil
	}
	return []string{s.Azure.PeeringLocation}
}
