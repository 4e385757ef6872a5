// Package oci is the Oracle Cloud side of the interconnect: the Network
// interface that lists exactly the OCI Networking operations the library
// performs, and the library's own value types for them (no SDK type leaks
// through the interface). It imports no SDK, so the engine, the simulator and
// your own implementations compile without oci-go-sdk.
//
// Implementations: ociclient.Client in oci/ociclient (the real cloud, on
// oci-go-sdk's core.VirtualNetworkClient), sim.World.OCI() (the in-memory
// simulator) and mock_oci.MockNetwork (gomock). Every implementation passes
// the conformance suite in package oci/ocitest.
package oci

import "context"

//go:generate go tool mockgen -typed -destination=mock_oci/mock_network.go -package=mock_oci . Network

// Network is the set of OCI operations the interconnect needs, in one region.
//
// Conventions shared by every method:
//   - A missing resource is reported by an error that matches ErrNotFound with
//     errors.Is (OCI answers 404 NotAuthorizedOrNotFound); other failures
//     answered by OCI are *Error.
//   - Create and Delete return as soon as OCI has accepted the request, with
//     the resource in its transitional state (PROVISIONING, TERMINATING, ...):
//     OCI has no long-running operations to wait on, so callers poll Get.
//   - Create takes a retry token: a second Create with the same token returns
//     the resource the first one made instead of making another (OCI keeps
//     tokens for 24 hours). Once that resource has been deleted, the token
//     is invalidated: OCI answers 409 InvalidatedRetryToken (see
//     IsInvalidatedRetryToken) and a new token must be used. Pass "" for
//     none.
//   - Values returned never alias memory the implementation keeps.
type Network interface {
	// TenancyID returns the OCID of the tenancy the client works in (its
	// root compartment), where FastConnect provider services are listed.
	TenancyID() string
	// GetVCN reads a VCN.
	GetVCN(ctx context.Context, id string) (VCN, error)

	// CreateDRG creates a dynamic routing gateway.
	CreateDRG(ctx context.Context, d DRG, retryToken string) (DRG, error)
	// GetDRG reads a DRG.
	GetDRG(ctx context.Context, id string) (DRG, error)
	// ListDRGs lists the DRGs of a compartment that are not TERMINATED.
	ListDRGs(ctx context.Context, compartmentID string) ([]DRG, error)
	// DeleteDRG deletes a DRG; OCI refuses while it has attachments.
	DeleteDRG(ctx context.Context, id string) error

	// CreateDRGAttachment attaches a DRG to a VCN.
	CreateDRGAttachment(ctx context.Context, a DRGAttachment, retryToken string) (DRGAttachment, error)
	// GetDRGAttachment reads a DRG attachment.
	GetDRGAttachment(ctx context.Context, id string) (DRGAttachment, error)
	// ListDRGAttachments lists the attachments of a compartment that are not
	// DETACHED, narrowed to one VCN and/or one DRG when those are not "".
	ListDRGAttachments(ctx context.Context, compartmentID, vcnID, drgID string) ([]DRGAttachment, error)
	// DeleteDRGAttachment detaches a DRG from a VCN.
	DeleteDRGAttachment(ctx context.Context, id string) error

	// GetDRGRouteTable reads a DRG route table (see DRGRouteTable).
	GetDRGRouteTable(ctx context.Context, id string) (DRGRouteTable, error)
	// UpdateDRGRouteTable turns ECMP on or off on a DRG route table and
	// changes nothing else of it (it sends isEcmpEnabled alone). It returns
	// the table as updated.
	UpdateDRGRouteTable(ctx context.Context, id string, ecmp bool) (DRGRouteTable, error)

	// ListProviderServices lists the FastConnect provider services. Pass the
	// tenancy (TenancyID): oci-go-sdk's ListFastConnectProviderServices asks
	// for the OCID of the tenancy, the root compartment.
	ListProviderServices(ctx context.Context, compartmentID string) ([]ProviderService, error)
	// ListBandwidthShapes lists the virtual circuit bandwidth shapes a provider
	// service offers.
	ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]BandwidthShape, error)

	// CreateVirtualCircuit orders a FastConnect virtual circuit.
	CreateVirtualCircuit(ctx context.Context, vc VirtualCircuit, retryToken string) (VirtualCircuit, error)
	// GetVirtualCircuit reads a virtual circuit.
	GetVirtualCircuit(ctx context.Context, id string) (VirtualCircuit, error)
	// FindVirtualCircuits lists the virtual circuits of a compartment with the
	// given display name that are not TERMINATED, across every result page.
	FindVirtualCircuits(ctx context.Context, compartmentID, displayName string) ([]VirtualCircuit, error)
	// UpdateVirtualCircuit changes the bandwidth shape of a PROVISIONED
	// virtual circuit. For a provider circuit the provider's side must match
	// first: for Azure, raise the ExpressRoute circuit's bandwidth before.
	UpdateVirtualCircuit(ctx context.Context, id, bandwidthShapeName string) (VirtualCircuit, error)
	// DeleteVirtualCircuit deletes a virtual circuit.
	DeleteVirtualCircuit(ctx context.Context, id string) error

	// GetRouteTable reads a VCN route table.
	GetRouteTable(ctx context.Context, id string) (RouteTable, error)
	// UpdateRouteTable changes a route table's rules by read-modify-write:
	// it reads the table, calls edit with its rules, and when edit reports a
	// change writes the returned rules with If-Match on the etag it read. When
	// the table changed in between (412) it starts again from a fresh read, so
	// concurrent editors never lose each other's rules. It returns the table
	// as written (or as read, when edit changed nothing). edit must be pure:
	// it may run more than once.
	UpdateRouteTable(ctx context.Context, id string, edit func(rules []RouteRule) ([]RouteRule, bool)) (RouteTable, error)
}
