package azure

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/secret"
)

// ProvisioningState is ARM's provisioningState of a resource.
type ProvisioningState string

// The provisioning states a resource passes through.
const (
	Succeeded ProvisioningState = "Succeeded"
	Updating  ProvisioningState = "Updating"
	Deleting  ProvisioningState = "Deleting"
	Failed    ProvisioningState = "Failed"
)

// ProviderState is an ExpressRoute circuit's serviceProviderProvisioningState:
// how far the connectivity provider (here Oracle) has provisioned the circuit.
type ProviderState string

// The provider states, in the order a circuit normally passes through them.
const (
	NotProvisioned ProviderState = "NotProvisioned"
	Provisioning   ProviderState = "Provisioning"
	Provisioned    ProviderState = "Provisioned"
	Deprovisioning ProviderState = "Deprovisioning"
)

// OracleServiceProvider is the ExpressRoute service provider name for Oracle
// Cloud FastConnect.
const OracleServiceProvider = "Oracle Cloud FastConnect"

// Gateway types and SKUs the interconnect uses.
const (
	GatewayTypeExpressRoute = "ExpressRoute"

	SKUErGw1AZ          = "ErGw1AZ"
	SKUErGw2AZ          = "ErGw2AZ"
	SKUErGw3AZ          = "ErGw3AZ"
	SKUErGwScale        = "ErGwScale"
	SKUStandard         = "Standard"
	SKUHighPerformance  = "HighPerformance"
	SKUUltraPerformance = "UltraPerformance"
)

// PrivatePeeringName is the name (and peering type) of the circuit peering
// the interconnect uses.
const PrivatePeeringName = "AzurePrivatePeering"

// GatewaySubnetName is the name Azure requires for the subnet that holds a
// virtual network gateway.
const GatewaySubnetName = "GatewaySubnet"

// VirtualNetwork is an Azure virtual network.
type VirtualNetwork struct {
	ID           string
	Name         string
	Location     string
	AddressSpace []netip.Prefix
	Subnets      []Subnet
	// Peerings are the virtual network's side of its peerings with other
	// virtual networks, as ARM lists them inline in the virtual network
	// (properties.virtualNetworkPeerings).
	Peerings []VirtualNetworkPeering
	Tags     map[string]string
}

// PeeringState is the state of a virtual network peering: Initiated while only
// one side exists, Connected once both sides do, Disconnected when the other
// side was deleted.
type PeeringState string

// The states of a virtual network peering.
const (
	PeeringInitiated    PeeringState = "Initiated"
	PeeringConnected    PeeringState = "Connected"
	PeeringDisconnected PeeringState = "Disconnected"
)

// VirtualNetworkPeering is one side of a peering between two virtual networks,
// held by the local VNet. ARM gives peerings no tags.
//
// A peering connects two virtual networks only once each holds a peering to
// the other: both sides are then Connected. For hub-and-spoke through an
// ExpressRoute gateway, the hub's side (the VNet with the gateway) sets
// AllowGatewayTransit and the spoke's side sets UseRemoteGateways.
type VirtualNetworkPeering struct {
	ID   string
	Name string
	// RemoteVirtualNetworkID is the full resource ID of the other VNet.
	RemoteVirtualNetworkID    string
	AllowVirtualNetworkAccess bool
	AllowForwardedTraffic     bool
	AllowGatewayTransit       bool
	UseRemoteGateways         bool
	PeeringState              PeeringState
	State                     ProvisioningState
}

// Subnet is a subnet of a virtual network.
type Subnet struct {
	ID     string
	Name   string
	Prefix netip.Prefix
	// IPConfigurationIDs are the IDs of the IP configurations placed in the
	// subnet. A virtual network gateway's reads
	// ".../virtualNetworkGateways/<gateway>/ipConfigurations/<config>", which is
	// how the gateway in a GatewaySubnet is found whatever its name.
	IPConfigurationIDs []string
	State              ProvisioningState
}

// PublicIP is a public IP address resource.
type PublicIP struct {
	ID       string
	Name     string
	Location string
	SKU      string // "Standard" or "Basic"
	Static   bool   // allocation method Static (else Dynamic)
	Zones    []string
	Address  netip.Addr // zero until Azure assigns one
	Tags     map[string]string
	State    ProvisioningState
}

// Gateway is a virtual network gateway.
type Gateway struct {
	ID          string
	Name        string
	Location    string
	GatewayType string // GatewayTypeExpressRoute for the interconnect
	SKU         string
	// ScaleUnits is the minimum number of scale units of an ErGwScale gateway
	// (its autoscale lower bound); 0 for the other SKUs.
	ScaleUnits int
	SubnetID   string // the GatewaySubnet
	PublicIPID string
	Tags       map[string]string
	State      ProvisioningState
}

// CircuitSKU is an ExpressRoute circuit's SKU.
type CircuitSKU struct {
	Tier   string // "Standard", "Premium"
	Family string // "MeteredData", "UnlimitedData"
}

// Name is the SKU name ARM expects: "<Tier>_<Family>".
func (s CircuitSKU) Name() string { return s.Tier + "_" + s.Family }

// Circuit is an ExpressRoute circuit ordered through a connectivity provider.
type Circuit struct {
	ID              string
	Name            string
	Location        string
	SKU             CircuitSKU
	ServiceProvider string
	PeeringLocation string
	BandwidthMbps   int
	// ServiceKey identifies the circuit to the provider. Azure assigns it; it
	// is a secret.
	ServiceKey    secret.Value
	ProviderState ProviderState
	Tags          map[string]string
	State         ProvisioningState
}

// PrivatePeering is a circuit's AzurePrivatePeering.
type PrivatePeering struct {
	ID              string
	PeerASN         int64
	AzureASN        int64 // read-only: 12076
	PrimaryPrefix   netip.Prefix
	SecondaryPrefix netip.Prefix
	VLAN            int
	SharedKey       secret.Value // the BGP MD5 key, if any
	// LastModifiedBy is "Customer" when the peering was made through ARM by
	// the circuit's owner and "ServiceProvider" when the provider configured it.
	LastModifiedBy string
	State          ProvisioningState
}

// Connection is a virtual network gateway connection of type ExpressRoute.
type Connection struct {
	ID        string
	Name      string
	Location  string
	GatewayID string
	// CircuitID is the ExpressRoute circuit the connection joins (ARM's
	// peer); "" for a connection of another type, which only
	// ListGatewayConnections can come across.
	CircuitID string
	// FastPath is ExpressRouteGatewayBypass: traffic skips the gateway.
	FastPath bool
	// RoutingWeight is ARM's routingWeight, 0 to 32000 (0 when not set):
	// when the gateway learns a prefix over several connections it prefers
	// the connection with the highest weight, before the AS path length, and
	// spreads traffic over connections of equal weight (Microsoft, "Optimize
	// routing for Azure ExpressRoute", azure-docs
	// articles/expressroute/expressroute-optimize-routing.md).
	RoutingWeight int
	// Status is the connection status: "Connected", "Connecting",
	// "NotConnected" or "Unknown".
	Status string
	Tags   map[string]string
	State  ProvisioningState
}

// Connection statuses: the swagger's VirtualNetworkGatewayConnectionStatus
// enum (Unknown, Connecting, Connected, NotConnected). ExpressRoute
// connections often read Unknown.
const (
	Connected         = "Connected"
	Connecting        = "Connecting"
	NotConnected      = "NotConnected"
	ConnectionUnknown = "Unknown"
)

// DevicePath selects one of a circuit's two redundant paths.
type DevicePath string

// The two paths of a circuit.
const (
	Primary   DevicePath = "primary"
	Secondary DevicePath = "secondary"
)

// ARPEntry is one row of a peering's ARP table. A MAC of "Incomplete" means the
// peer on that address does not answer: a provider-side fault.
type ARPEntry struct {
	IPAddress  netip.Addr
	MACAddress string
	Interface  string
	AgeSeconds int
}

// Route is one route a circuit's private peering learned over BGP.
type Route struct {
	Network netip.Prefix
	NextHop netip.Addr
	Path    string // the AS path, e.g. "31898"
}

// GatewayRoute is one route a virtual network gateway knows, as ARM's
// getLearnedRoutes reports it.
type GatewayRoute struct {
	// Network is the destination prefix.
	Network netip.Prefix
	// NextHop is where the gateway sends the traffic; the zero Addr for the
	// gateway's own networks.
	NextHop netip.Addr
	// SourcePeer is the BGP peer the route was learned from (the gateway's
	// own address for its networks).
	SourcePeer netip.Addr
	// LocalAddress is the gateway's address the route was learned on.
	LocalAddress netip.Addr
	// Origin is OriginEBGP, OriginIBGP or OriginNetwork.
	Origin string
	// ASPath is the route's AS path, ASNs joined by "-" (e.g. "12076-31898"
	// for a VCN's CIDR learned over ExpressRoute from Oracle); "" for the
	// gateway's own networks.
	ASPath string
	Weight int
}

// Origins of a GatewayRoute.
const (
	OriginEBGP    = "EBgp"    // learned from an external BGP peer (the circuit's MSEEs)
	OriginIBGP    = "IBgp"    // learned from an internal BGP peer
	OriginNetwork = "Network" // one of the gateway's own networks
)

// ASNs returns the AS numbers of the route's AS path, in order; AS path
// segments that are not numbers are skipped.
func (r GatewayRoute) ASNs() []int64 {
	var out []int64
	for _, f := range strings.FieldsFunc(r.ASPath, func(c rune) bool { return c == '-' || c == ' ' || c == ',' }) {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// ServiceProvider is an ExpressRoute connectivity provider.
type ServiceProvider struct {
	Name             string
	PeeringLocations []string
	BandwidthsMbps   []int
}
