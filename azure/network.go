// Package azure is the Azure side of the interconnect: the Network interface
// that lists exactly the Azure Resource Manager operations the library performs,
// and the library's own value types for them (no SDK type leaks through the
// interface). It imports no SDK, so the engine, the simulator and your own
// implementations compile without armnetwork.
//
// Implementations: armclient.Client in azure/armclient (the real cloud, on
// armnetwork), sim.World.Azure() (the in-memory simulator) and
// mock_azure.MockNetwork (gomock). Every implementation passes the
// conformance suite in package azure/azuretest.
package azure

import (
	"context"
	"errors"
)

//go:generate go tool mockgen -typed -destination=mock_azure/mock_network.go -package=mock_azure . Network

// Network is the set of Azure operations the interconnect needs, scoped to one
// subscription.
//
// Conventions shared by every method:
//   - Resources are addressed by resource group and name; a Put takes the name
//     (and location) from the value it is given.
//   - A missing resource is reported by an error that matches ErrNotFound with
//     errors.Is; other failures answered by Azure are *Error.
//   - Put and Delete are ARM long-running operations: they return when the
//     operation has finished (Put returns the resource as it then is, with
//     ProvisioningState Succeeded). If ctx ends first the method returns ctx's
//     error while the operation goes on in the cloud; a later Get then shows
//     the resource Updating or Deleting.
//   - Put replaces the fields this package models and leaves the others as they
//     were (the adapter reads the resource first where ARM needs a full body).
//   - Values returned never alias memory the implementation keeps.
type Network interface {
	// SubscriptionID returns the subscription every call is made in.
	SubscriptionID() string

	// GetVirtualNetwork reads a virtual network with its subnets and its
	// peerings.
	GetVirtualNetwork(ctx context.Context, resourceGroup, name string) (VirtualNetwork, error)
	// GetSubnet reads one subnet of a virtual network.
	GetSubnet(ctx context.Context, resourceGroup, vnet, name string) (Subnet, error)
	// PutSubnet creates or updates a subnet (the interconnect only ever puts the GatewaySubnet).
	PutSubnet(ctx context.Context, resourceGroup, vnet string, s Subnet) (Subnet, error)
	// DeleteSubnet deletes a subnet.
	DeleteSubnet(ctx context.Context, resourceGroup, vnet, name string) error

	// PutVirtualNetworkPeering creates or updates the peering named p.Name on
	// virtual network vnet, towards p.RemoteVirtualNetworkID (which cannot
	// change once the peering exists). The peering is Initiated until the
	// remote VNet holds a peering back to vnet; both sides are then
	// Connected. Azure refuses (400) a remote VNet that does not exist
	// (InvalidGlobalResourceReference), address spaces that overlap
	// (VnetAddressSpacesOverlap), a second peering to the same remote VNet
	// (AnotherPeeringAlreadyReferencesRemoteVnet), a remote peering that is
	// Disconnected (RemotePeeringIsDisconnected: update or re-create that one
	// first), a remote VNet, or vnet itself, with an operation in progress
	// on a subnet or another peering (ReferencedResourceNotProvisioned, a
	// 400 worth retrying later), and,
	// with UseRemoteGateways: a remote VNet without a Succeeded gateway
	// (RemoteVnetHasNoGateways: one still being created does not count), a
	// local VNet with a gateway of its own, a peering that also sets
	// AllowGatewayTransit, another peering of vnet that already uses remote
	// gateways, and a remote peering whose AllowGatewayTransit is off. So a
	// hub-and-spoke is built hub first: the gateway, the hub's side with
	// AllowGatewayTransit, then the spoke's with UseRemoteGateways.
	PutVirtualNetworkPeering(ctx context.Context, resourceGroup, vnet string, p VirtualNetworkPeering) (VirtualNetworkPeering, error)
	// DeleteVirtualNetworkPeering deletes one side of a peering; the other
	// side, if any, turns Disconnected. A missing peering is not an error
	// (ARM answers 204); a missing virtual network is ErrNotFound.
	DeleteVirtualNetworkPeering(ctx context.Context, resourceGroup, vnet, name string) error

	// GetPublicIP reads a public IP address.
	GetPublicIP(ctx context.Context, resourceGroup, name string) (PublicIP, error)
	// PutPublicIP creates or updates a public IP address.
	PutPublicIP(ctx context.Context, resourceGroup string, ip PublicIP) (PublicIP, error)
	// DeletePublicIP deletes a public IP address.
	DeletePublicIP(ctx context.Context, resourceGroup, name string) error

	// GetGateway reads a virtual network gateway.
	GetGateway(ctx context.Context, resourceGroup, name string) (Gateway, error)
	// PutGateway creates or updates a virtual network gateway. Creating an
	// ExpressRoute gateway takes up to 45 minutes.
	PutGateway(ctx context.Context, resourceGroup string, gw Gateway) (Gateway, error)
	// DeleteGateway deletes a virtual network gateway. Azure refuses while a
	// connection uses it. What Azure does while a peering of another virtual
	// network uses it as its remote gateway (UseRemoteGateways) is not
	// documented; teardown deletes the spokes' sides first, which works
	// either way (sim.WithGatewayInUseByPeering makes the simulator refuse,
	// to test that order).
	DeleteGateway(ctx context.Context, resourceGroup, name string) error

	// GetCircuit reads an ExpressRoute circuit, including its service key.
	GetCircuit(ctx context.Context, resourceGroup, name string) (Circuit, error)
	// PutCircuit creates or updates an ExpressRoute circuit. Azure fills in
	// ServiceKey and ProviderState.
	PutCircuit(ctx context.Context, resourceGroup string, c Circuit) (Circuit, error)
	// DeleteCircuit deletes an ExpressRoute circuit. Azure refuses while a
	// connection uses it, and while a deprovisioned circuit still has a
	// peering. It does NOT refuse while the provider still has the circuit
	// Provisioning or Provisioned: it accepts the delete and leaves a circuit
	// in a failed state that Microsoft keeps billing until the provider
	// deprovisions it (Microsoft, "Set up a direct interconnection between
	// Azure and Oracle Cloud Infrastructure", "Delete the interconnect link";
	// "Create and modify an ExpressRoute circuit", "Deleting and
	// deprovisioning"). So call it only on a circuit whose ProviderState is
	// NotProvisioned, read just before.
	DeleteCircuit(ctx context.Context, resourceGroup, name string) error

	// GetPrivatePeering reads the circuit's AzurePrivatePeering.
	GetPrivatePeering(ctx context.Context, resourceGroup, circuit string) (PrivatePeering, error)
	// PutPrivatePeering creates or updates the circuit's AzurePrivatePeering.
	PutPrivatePeering(ctx context.Context, resourceGroup, circuit string, p PrivatePeering) (PrivatePeering, error)
	// DeletePrivatePeering deletes the circuit's AzurePrivatePeering, whoever
	// configured it. Azure refuses to delete a circuit that still has a
	// peering, so teardown deletes the peering first.
	DeletePrivatePeering(ctx context.Context, resourceGroup, circuit string) error

	// GetConnection reads a virtual network gateway connection.
	GetConnection(ctx context.Context, resourceGroup, name string) (Connection, error)
	// PutConnection creates or updates an ExpressRoute connection between a
	// gateway and a circuit. Azure refuses it until the circuit is Provisioned
	// and has a private peering.
	PutConnection(ctx context.Context, resourceGroup string, c Connection) (Connection, error)
	// DeleteConnection deletes a virtual network gateway connection.
	DeleteConnection(ctx context.Context, resourceGroup, name string) error

	// ListARPTable lists the ARP table of the circuit's private peering on one path.
	ListARPTable(ctx context.Context, resourceGroup, circuit string, path DevicePath) ([]ARPEntry, error)
	// ListRouteTable lists the routes the circuit's private peering learned on one path.
	ListRouteTable(ctx context.Context, resourceGroup, circuit string, path DevicePath) ([]Route, error)

	// ListGatewayConnections lists every connection of a virtual network
	// gateway, whoever made it and in whatever resource group it lives
	// (ARM's VirtualNetworkGateways_ListConnections, all pages), in no
	// particular order. Each holds what ARM lists of it: its ID, name,
	// location, tags, state, status, FastPath, routing weight, GatewayID and,
	// for an ExpressRoute connection, the circuit in CircuitID (another
	// kind of connection has none). A missing gateway is ErrNotFound; a
	// gateway without connections gives an empty list.
	ListGatewayConnections(ctx context.Context, resourceGroup, gateway string) ([]Connection, error)
	// ListLearnedRoutes lists the routes a virtual network gateway knows: its
	// own networks (OriginNetwork) and those learned from BGP peers, such as
	// the VCN's CIDRs learned over ExpressRoute (OriginEBGP, AS path ending
	// in Oracle's ASN). ARM runs it as a long-running POST. When ARM accepts
	// it but its answer holds no result to read, it returns an error
	// matching ErrLearnedRoutesUnavailable, never an empty list that would
	// read as "no routes".
	ListLearnedRoutes(ctx context.Context, resourceGroup, gateway string) ([]GatewayRoute, error)
	// ListServiceProviders lists the ExpressRoute service providers with their
	// peering locations and offered bandwidths.
	ListServiceProviders(ctx context.Context) ([]ServiceProvider, error)

	// StartSiteFailoverSimulation starts a resiliency validation test on an
	// ExpressRoute gateway: the gateway disconnects from its circuits at
	// peeringLocation (see FailoverTest) until StopSiteFailoverSimulation.
	// ARM runs it as a long-running POST, which ends once the test is
	// Running in the simulator (find the test's ID with ListFailoverTests;
	// Microsoft says failover completes within about 15 seconds of the
	// start). Azure supports it only
	// for a gateway connected to circuits at two or more peering locations,
	// and refuses it while another test of the gateway is active.
	StartSiteFailoverSimulation(ctx context.Context, resourceGroup, gateway, peeringLocation string) error
	// StopSiteFailoverSimulation stops the test of stop.PeeringLocation and
	// records its outcome. A long-running POST, which ends once the gateway
	// uses the location's circuits again (the test Completed) in the
	// simulator.
	StopSiteFailoverSimulation(ctx context.Context, resourceGroup, gateway string, stop FailoverStop) error
	// ListFailoverTests lists the gateway's failover tests of a type
	// (FailoverTestsAll for every kind), oldest first; with latestOnly, only
	// the latest of each peering location. A long-running POST.
	ListFailoverTests(ctx context.Context, resourceGroup, gateway string, testType FailoverTestType, latestOnly bool) ([]FailoverTest, error)
	// GetFailoverTestDetails reads what test testID found at
	// peeringLocation: the routes the location carried, redundant or not,
	// and the outcome its stop recorded. A long-running POST.
	GetFailoverTestDetails(ctx context.Context, resourceGroup, gateway, peeringLocation, testID string) ([]FailoverTestDetails, error)
}

// ErrLearnedRoutesUnavailable is what ListLearnedRoutes returns (wrapped,
// match it with errors.Is) when ARM accepted getLearnedRoutes with a 202 that
// names no result to read: Microsoft's VirtualNetworkGatewayLearnedRoutes
// example answers with an Azure-AsyncOperation header only, whose status
// carries no routes, while the swagger says the result is at the Location
// (final-state-via location). The gateway's routes are then unknown, not
// empty; Verify judges the link on the circuit's route tables instead.
var ErrLearnedRoutesUnavailable = errors.New("azure: ARM accepted getLearnedRoutes without a Location to read the routes from (202 with Azure-AsyncOperation only), so the gateway's routes are unknown")
