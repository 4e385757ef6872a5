// Package simworld reaches the parts of a sim.World that its HTTP faces
// (sim/armface, sim/ociface) and the module's own tests need, and that a
// user of the simulator does not: the Azure face that does not wait for
// long-running operations, the state and outcome of those operations, the
// peering a circuit holds, a virtual network's address space, route-rule edits that bypass the API, and the
// unfiltered virtual circuit list. Keeping them here keeps sim.World's
// exported API to what a simulator user calls.
//
// Package sim fills Of in when it is initialised; the world is passed as
// any because this package cannot import sim (sim imports it).
package simworld

import (
	"context"
	"net/netip"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// Access is what the faces reach in one world.
type Access struct {
	// AzureNoWait is the world's Azure, except that Put and Delete return
	// as soon as ARM would accept them (the resource shows Updating or
	// Deleting until the operation ends), as an HTTP face answers 201/202.
	AzureNoWait func() azure.Network
	// AzureOperationError is why the last operation on an Azure resource
	// failed, nil when it did not; ErrNotFound when there is no resource.
	AzureOperationError func(resourceID string) error
	// AzureResourceState is an Azure resource's provisioning state, not as
	// an API call (no latency, no fault, no call record).
	AzureResourceState func(resourceID string) (azure.ProvisioningState, error)
	// AzureCircuitPeering is the AzurePrivatePeering of a circuit, if it
	// has one, not as an API call.
	AzureCircuitPeering func(circuitID string) (azure.PrivatePeering, bool)
	// AzureVirtualNetworkAddressSpace is the address space of a virtual
	// network, false when there is none, not as an API call (a peering's
	// remoteAddressSpace).
	AzureVirtualNetworkAddressSpace func(vnetID string) ([]netip.Prefix, bool)
	// ReplaceRouteRules replaces a route table's rules as another user of
	// the tenancy would (with If-Match when ifMatch is set).
	ReplaceRouteRules func(id, ifMatch string, rules []oci.RouteRule) (oci.RouteTable, error)
	// ListVirtualCircuits lists a compartment's virtual circuits, as
	// OCI's ListVirtualCircuits without a display-name filter.
	ListVirtualCircuits func(ctx context.Context, compartmentID string) ([]oci.VirtualCircuit, error)
	// AzureFailoverTestState reports how the start (stop false) or the stop
	// of a gateway's failover test stands, not as an API call: done once it
	// ended, with its *azure.Error when it failed; ErrNotFound for no such
	// test.
	AzureFailoverTestState func(gatewayID, testID string, stop bool) (done bool, err error)
	// AzureLatestFailoverTest is the ID of a gateway's latest failover test
	// at a peering location, "" when none, not as an API call.
	AzureLatestFailoverTest func(gatewayID, peeringLocation string) string
}

// Of returns the access to world, a *sim.World. It panics for any other
// value.
var Of func(world any) Access
