package sim

import (
	"net/netip"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// state is everything a World knows, as plain data: Save writes it as JSON and
// Load reads it back. Maps are keyed by the lower-cased resource ID (ARM IDs
// are case-insensitive; OCIDs are lower-case anyway). Secrets are kept as
// plain strings here, on purpose: this is the test double's own state.
type state struct {
	Version      int
	Subscription string `json:",omitempty"`
	OCIRegion    string `json:",omitempty"`
	// Tenancy is the OCI tenancy, the root compartment.
	Tenancy string `json:",omitempty"`

	Seq       uint64 // operations and transitions
	Unique    uint64 // OCIDs, ETags, service keys
	Addresses uint64 // public IP addresses handed out
	VLANs     uint64 // VLANs Oracle picked
	FaultHits uint64 // faults answered, to alternate their codes

	ResourceGroups  map[string]*resourceGroup
	VirtualNetworks map[string]*vnetRec
	Subnets         map[string]*subnetRec
	PublicIPs       map[string]*publicIPRec
	Gateways        map[string]*gatewayRec
	Circuits        map[string]*circuitRec
	Peerings        map[string]*peeringRec
	Connections     map[string]*connectionRec
	// VNetPeerings are the virtual network peerings, each held by its local
	// virtual network.
	VNetPeerings map[string]*vnetPeeringRec `json:",omitempty"`
	// FailoverTests are the gateways' site failover tests, oldest first
	// (azure_failover.go).
	FailoverTests []*failoverRec `json:",omitempty"`

	Compartments    map[string]bool
	VCNs            map[string]*vcnRec
	RouteTables     map[string]*routeTableRec
	DRGs            map[string]*drgRec
	DRGAttachments  map[string]*attachmentRec
	VirtualCircuits map[string]*vcRec
	RetryTokens     map[string]retryToken
	// DRGRouteTables are the DRG route tables read or changed so far (a
	// DRG's default tables exist without a record until then;
	// oci_drg_routetable.go).
	DRGRouteTables map[string]*drgRouteTableRec `json:",omitempty"`

	ServiceProviders []azure.ServiceProvider
	ProviderServices []ProviderService
	// PeeringLocations maps an OCI region to the ExpressRoute peering
	// locations Oracle serves from it.
	PeeringLocations map[string][]string

	Faults []Fault
	Queue  queue

	// Health and Traffic are each circuit's history, for the metrics.
	Health  map[string][]healthPoint  `json:",omitempty"`
	Traffic map[string][]trafficPoint `json:",omitempty"`
}

const stateVersion = 1

func newState() *state {
	s := &state{
		Version:          stateVersion,
		ServiceProviders: defaultServiceProviders(),
		ProviderServices: defaultProviderServices(),
		PeeringLocations: defaultPeeringLocations(),
	}
	s.init()
	return s
}

// init makes the nil maps of a new or loaded state.
func (s *state) init() {
	initMap(&s.ResourceGroups)
	initMap(&s.VirtualNetworks)
	initMap(&s.Subnets)
	initMap(&s.PublicIPs)
	initMap(&s.Gateways)
	initMap(&s.Circuits)
	initMap(&s.Peerings)
	initMap(&s.Connections)
	initMap(&s.VNetPeerings)
	initMap(&s.DRGRouteTables)
	initMap(&s.Compartments)
	initMap(&s.VCNs)
	initMap(&s.RouteTables)
	initMap(&s.DRGs)
	initMap(&s.DRGAttachments)
	initMap(&s.VirtualCircuits)
	initMap(&s.RetryTokens)
	initMap(&s.PeeringLocations)
	initMap(&s.Health)
	initMap(&s.Traffic)
	if s.Tenancy == "" {
		s.Tenancy = DefaultTenancy
	}
	s.Compartments[s.Tenancy] = true
}

// DefaultTenancy is the tenancy of a world made without WithTenancy.
const DefaultTenancy = "ocid1.tenancy.oc1..aaaaaaaasimtenancy"

func initMap[V any](m *map[string]V) {
	if *m == nil {
		*m = map[string]V{}
	}
}

// ---------------------------------------------------------------------------
// Azure records

// armState is what every Azure resource shares: its provisioning state and
// the long-running operation it is in (or last was in).
type armState struct {
	State   azure.ProvisioningState
	Op      uint64     // sequence number of the current or last operation
	OpKind  string     `json:",omitempty"` // opPut or opDelete
	OpEnd   time.Time  // when the current or last operation ends
	OpFail  *opFailure `json:",omitempty"` // the current operation will fail with this
	Failure *opFailure `json:",omitempty"` // why the last operation failed (State Failed)
}

func (a *armState) arm() *armState { return a }

// busy reports whether an operation is in progress.
func (a *armState) busy() bool { return a.State == azure.Updating || a.State == azure.Deleting }

// armResource is any Azure record.
type armResource interface{ arm() *armState }

const (
	opPut    = "put"
	opDelete = "delete"
)

// opFailure is the error a failed ARM operation reports.
type opFailure struct {
	Op      string // the method that started the operation
	Status  int
	Code    string
	Message string
}

type resourceGroup struct {
	Sub, Name, Region string
}

type vnetRec struct {
	ID, Sub, RG, Name, Region string
	AddressSpace              []netip.Prefix
	Tags                      map[string]string `json:",omitempty"`
}

type subnetRec struct {
	armState
	ID, VNet, Name string // VNet is the VNet's key
	Prefix         netip.Prefix
	IPConfigs      []string `json:",omitempty"`
}

type publicIPRec struct {
	armState
	ID, Name, Location, SKU string
	Static                  bool
	Zones                   []string `json:",omitempty"`
	Address                 netip.Addr
	Tags                    map[string]string `json:",omitempty"`
	IPConfigs               []string          `json:",omitempty"`
}

type gatewayRec struct {
	armState
	ID, Name, Location, Type, SKU string
	ScaleUnits                    int
	Subnet, PublicIP              string            // canonical IDs
	Tags                          map[string]string `json:",omitempty"`
}

func (g *gatewayRec) ipConfigID() string { return g.ID + "/ipConfigurations/default" }

type circuitRec struct {
	armState
	ID, Name, Location        string
	SKU                       azure.CircuitSKU
	Provider, PeeringLocation string
	BandwidthMbps             int
	ServiceKey                string // plaintext, see state
	ProviderState             azure.ProviderState
	Tags                      map[string]string `json:",omitempty"`
	// VC is the key of the virtual circuit that provisioned (or is
	// provisioning) the circuit, "" when none.
	VC string `json:",omitempty"`
	// Broken marks paths made to fail with BreakPath: [primary, secondary].
	Broken [2]bool
	// Created is when the circuit was first put (zero in a world saved
	// before it was recorded); the metrics have points only from then on.
	Created time.Time `json:",omitzero"`
}

func (c *circuitRec) peeringID() string { return c.ID + "/peerings/AzurePrivatePeering" }

type peeringRec struct {
	armState
	ID, Circuit        string // Circuit is the circuit's key
	PeerASN, AzureASN  int64
	Primary, Secondary netip.Prefix
	VLAN               int
	SharedKey          string // plaintext, see state
	LastModifiedBy     string
}

// vnetPeeringRec is one side of a virtual network peering.
type vnetPeeringRec struct {
	armState
	ID, VNet, Name string // VNet is the local virtual network's key
	// Remote is the remote virtual network's ID as the peering was given it.
	Remote                                           string
	AllowVirtualNetworkAccess, AllowForwardedTraffic bool
	AllowGatewayTransit, UseRemoteGateways           bool
	PeeringState                                     azure.PeeringState
}

type connectionRec struct {
	armState
	ID, Name, Location string
	Gateway, Circuit   string // canonical IDs
	FastPath           bool
	RoutingWeight      int               `json:",omitempty"`
	Tags               map[string]string `json:",omitempty"`
}

// ---------------------------------------------------------------------------
// OCI records

type ociState struct {
	State oci.LifecycleState
	Op    uint64 // the operation whose transitions may still apply
}

type vcnRec struct {
	ID, CompartmentID, Region, DisplayName string
	CIDRs                                  []netip.Prefix
	DefaultRouteTableID                    string
}

type routeTableRec struct {
	ID, CompartmentID, VCN, Region, DisplayName string
	Rules                                       []oci.RouteRule
	ETag                                        string
}

type drgRec struct {
	ociState
	ID, CompartmentID, Region, DisplayName string
	Tags                                   map[string]string `json:",omitempty"`
}

type attachmentRec struct {
	ociState
	ID, CompartmentID, Region, DisplayName string
	DRG, VCN                               string            // keys
	Tags                                   map[string]string `json:",omitempty"`
	// RouteTable is the key of the DRG route table the attachment was
	// given, "" for the DRG's default table for VCN attachments.
	RouteTable string `json:",omitempty"`
}

type mappingRec struct {
	Oracle, Customer netip.Prefix
	MD5              string // plaintext, see state
}

type vcRec struct {
	ociState
	ID, CompartmentID, Region, DisplayName string
	Type, Shape, DRG, ProviderService      string
	ServiceKey                             string // plaintext, see state
	Mappings                               []mappingRec
	Tags                                   map[string]string `json:",omitempty"`

	// Circuit is the key of the ExpressRoute circuit this virtual circuit
	// provisions, "" when the provider refused it.
	Circuit string `json:",omitempty"`
	// FailReason says why the provider refused the virtual circuit.
	FailReason string `json:",omitempty"`
	// Established is true once BGP came up; BGPOp is the pending BGP
	// transition, 0 when none.
	Established bool
	BGPOp       uint64

	// Created and Terminated bound the virtual circuit's life, for its
	// metrics (metrics_oci.go): OCI emits them from its creation until it is
	// gone. Terminated is zero until it is TERMINATED.
	Created    time.Time
	Terminated time.Time `json:",omitzero"`
}

type retryToken struct {
	ID   string // the resource's key
	Kind string
	At   time.Time
}

// ociLookup finds the OCI record with a lifecycle of a transition kind.
func (w *World) ociLookup(kind, id string) *ociState {
	switch kind {
	case kindDRG:
		if r := w.st.DRGs[id]; r != nil {
			return &r.ociState
		}
	case kindAttachment:
		if r := w.st.DRGAttachments[id]; r != nil {
			return &r.ociState
		}
	case kindVC:
		if r := w.st.VirtualCircuits[id]; r != nil {
			return &r.ociState
		}
	}
	return nil
}

// armLookup finds the Azure record of a transition kind.
func (w *World) armLookup(kind, id string) armResource {
	switch kind {
	case kindSubnet:
		if r := w.st.Subnets[id]; r != nil {
			return r
		}
	case kindPublicIP:
		if r := w.st.PublicIPs[id]; r != nil {
			return r
		}
	case kindGateway:
		if r := w.st.Gateways[id]; r != nil {
			return r
		}
	case kindCircuit:
		if r := w.st.Circuits[id]; r != nil {
			return r
		}
	case kindPeering:
		if r := w.st.Peerings[id]; r != nil {
			return r
		}
	case kindConnection:
		if r := w.st.Connections[id]; r != nil {
			return r
		}
	case kindVNetPeering:
		if r := w.st.VNetPeerings[id]; r != nil {
			return r
		}
	}
	return nil
}
