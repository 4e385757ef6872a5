package oci

import (
	"net/netip"

	"github.com/azoci/interconnect/secret"
)

// LifecycleState is the lifecycleState of an OCI resource. Each resource kind
// uses a subset of these values.
type LifecycleState string

// Lifecycle states of the resources the interconnect uses.
const (
	Provisioning    LifecycleState = "PROVISIONING"
	Available       LifecycleState = "AVAILABLE"
	Terminating     LifecycleState = "TERMINATING"
	Terminated      LifecycleState = "TERMINATED"
	Attaching       LifecycleState = "ATTACHING"
	Attached        LifecycleState = "ATTACHED"
	Detaching       LifecycleState = "DETACHING"
	Detached        LifecycleState = "DETACHED"
	PendingProvider LifecycleState = "PENDING_PROVIDER"
	Verifying       LifecycleState = "VERIFYING"
	Provisioned     LifecycleState = "PROVISIONED"
	Failed          LifecycleState = "FAILED"
	Inactive        LifecycleState = "INACTIVE"
)

// AzureProviderName is the FastConnect provider name of Microsoft Azure. Match
// provider services on it (never on "Azure" alone).
const AzureProviderName = "Microsoft Azure"

// Virtual circuit constants.
const (
	CircuitTypePrivate = "PRIVATE"
	ProviderActive     = "ACTIVE"
	ProviderInactive   = "INACTIVE"
	BGPUp              = "UP"
	BGPDown            = "DOWN"
	OracleASN          = 31898
	// OracleASNSerbiaCentral is Oracle's ASN in Serbia Central (Oracle,
	// "FastConnect requirements").
	OracleASNSerbiaCentral = 14544
)

// VCN is a virtual cloud network.
type VCN struct {
	ID                  string
	CompartmentID       string
	DisplayName         string
	CIDRs               []netip.Prefix
	DefaultRouteTableID string
	State               LifecycleState
}

// DRG is a dynamic routing gateway.
type DRG struct {
	ID            string
	CompartmentID string
	DisplayName   string
	FreeformTags  map[string]string
	State         LifecycleState // PROVISIONING, AVAILABLE, TERMINATING, TERMINATED
	// DefaultVCNRouteTableID is the DRG route table OCI gives a VCN
	// attachment made without one (Drg.DefaultDrgRouteTables.Vcn); "" when
	// OCI does not say. A new DRG gets one of its own.
	DefaultVCNRouteTableID string
}

// DRGAttachment attaches a DRG to a VCN.
type DRGAttachment struct {
	ID            string
	CompartmentID string
	DisplayName   string
	DRGID         string
	VCNID         string
	FreeformTags  map[string]string
	State         LifecycleState // ATTACHING, ATTACHED, DETACHING, DETACHED
	// DRGRouteTableID is the DRG route table that routes the traffic
	// entering the DRG through this attachment (DrgAttachment.DrgRouteTableId):
	// for a VCN attachment, the table that sends the VCN's traffic on to
	// the virtual circuits. CreateDRGAttachment takes it; "" there means
	// the DRG's DefaultVCNRouteTableID.
	DRGRouteTableID string
}

// ProviderService is a FastConnect provider service.
type ProviderService struct {
	ID                  string
	ProviderName        string // "Microsoft Azure" for the interconnect
	ProviderServiceName string
	Type                string   // "LAYER2" or "LAYER3"
	CircuitTypes        []string // supported virtual circuit types, e.g. PRIVATE
}

// BandwidthShape is a virtual circuit bandwidth a provider service offers.
type BandwidthShape struct {
	Name string // e.g. "1 Gbps"
	Mbps int
}

// CrossConnectMapping holds the BGP addressing of one path of a virtual
// circuit. Both addresses are written with the /30 of their block, as OCI
// expects ("192.168.240.1/30").
type CrossConnectMapping struct {
	OracleBGPPeeringIP   netip.Prefix
	CustomerBGPPeeringIP netip.Prefix
	BGPMD5AuthKey        secret.Value
}

// VirtualCircuit is a FastConnect virtual circuit.
type VirtualCircuit struct {
	ID                 string
	CompartmentID      string
	DisplayName        string
	Type               string // CircuitTypePrivate
	BandwidthShapeName string
	GatewayID          string // the DRG
	ProviderServiceID  string
	// ProviderServiceKeyName is the ExpressRoute circuit's service key: a secret.
	ProviderServiceKeyName secret.Value
	CrossConnectMappings   []CrossConnectMapping
	FreeformTags           map[string]string

	State           LifecycleState // PENDING_PROVIDER, PROVISIONING, PROVISIONED, FAILED, TERMINATING, ...
	ProviderState   string         // ACTIVE or INACTIVE
	BGPSessionState string         // UP or DOWN
	OracleBGPASN    int
}

// RouteRule is one rule of a VCN route table.
type RouteRule struct {
	Destination     netip.Prefix // a CIDR block
	NetworkEntityID string       // the target, e.g. a DRG OCID
	Description     string
}

// RouteTable is a VCN route table.
type RouteTable struct {
	ID            string
	CompartmentID string
	VCNID         string
	DisplayName   string
	Rules         []RouteRule
	ETag          string
	State         LifecycleState
}
