package azure

import (
	"net/netip"
	"time"
)

// This file: the value types of ExpressRoute resiliency validation, the
// site failover simulation of a virtual network gateway (Microsoft, "Azure
// ExpressRoute Gateway Resiliency Validation", azure-docs
// articles/expressroute/resiliency-validation.md; ARM operations
// VirtualNetworkGateways_StartExpressRouteSiteFailoverSimulation,
// _StopExpressRouteSiteFailoverSimulation, _GetFailoverAllTestDetails and
// _GetFailoverSingleTestDetails, API version 2025-05-01).
//
// While a test runs for a peering location, the gateway disconnects from
// the circuits at that location: it withdraws the routes it learned through
// them and no longer sends traffic over them, while the circuits themselves
// stay up (their ARP and route tables, their other gateways) and the gateway
// keeps its circuits at the other locations. A test runs until it is
// stopped.

// FailoverTestStatus is the status of a failover test (ARM's
// FailoverTestStatus and FailoverTestStatusForSingleTest, which hold the same
// values).
type FailoverTestStatus string

// The statuses of a failover test. A test Azure accepts is Starting, then
// Running once the gateway has left the location's circuits; a stop makes it
// Stopping, then Completed once the gateway uses them again. StartFailed and
// StopFailed end a start or a stop that failed (after StopFailed the test
// still holds the gateway off the location: stop it again). Azure documents
// no condition for NotStarted, Invalid and Expired; a test does not expire
// ("the test continues to run indefinitely").
const (
	FailoverNotStarted  FailoverTestStatus = "NotStarted"
	FailoverStarting    FailoverTestStatus = "Starting"
	FailoverRunning     FailoverTestStatus = "Running"
	FailoverStartFailed FailoverTestStatus = "StartFailed"
	FailoverStopping    FailoverTestStatus = "Stopping"
	FailoverCompleted   FailoverTestStatus = "Completed"
	FailoverStopFailed  FailoverTestStatus = "StopFailed"
	FailoverInvalid     FailoverTestStatus = "Invalid"
	FailoverExpired     FailoverTestStatus = "Expired"
)

// Active reports whether a test with this status holds (or is about to hold)
// the gateway off its peering location: Starting, Running, Stopping or
// StopFailed. Azure refuses to start another test on the gateway while one
// is active.
func (s FailoverTestStatus) Active() bool {
	switch s {
	case FailoverStarting, FailoverRunning, FailoverStopping, FailoverStopFailed:
		return true
	}
	return false
}

// FailoverTestType is the kind of failover test (ARM's FailoverTestType), as
// ListFailoverTests filters on it.
type FailoverTestType string

// The kinds of failover test. StartSiteFailoverSimulation starts
// single-site tests; FailoverTestsAll lists every kind.
const (
	SingleSiteFailover FailoverTestType = "SingleSiteFailover"
	MultiSiteFailover  FailoverTestType = "MultiSiteFailover"
	FailoverTestsAll   FailoverTestType = "All"
)

// FailoverConnectionStatus is the status of a gateway's connection during a
// failover test (ARM's FailoverConnectionStatus).
type FailoverConnectionStatus string

// The statuses of a connection in a failover test: a connection to a circuit
// at the tested location is Disconnected while the test holds the gateway
// off it; the others stay Connected.
const (
	FailoverConnected    FailoverConnectionStatus = "Connected"
	FailoverDisconnected FailoverConnectionStatus = "Disconnected"
)

// FailoverTest is one failover test of a gateway, as ListFailoverTests
// reports it (ARM's ExpressRouteFailoverTestDetails).
type FailoverTest struct {
	// ID is the test's GUID, which GetFailoverTestDetails takes.
	ID string
	// PeeringLocation is the location the test takes the gateway off.
	PeeringLocation string
	Type            FailoverTestType
	Status          FailoverTestStatus
	// StartTime is when the test started; EndTime when it completed (zero
	// while it has not, and when Azure sends a time this package cannot
	// read).
	StartTime, EndTime time.Time
	// Circuits are the gateway's circuits at the location.
	Circuits []FailoverCircuit
	// Connections are the gateway's connections to those circuits.
	Connections []FailoverConnection
	// Issues are the problems Azure found with the test, in its words.
	Issues []string
}

// FailoverCircuit is a circuit at a tested peering location (ARM's
// ExpressRouteFailoverCircuitResourceDetails).
type FailoverCircuit struct {
	Name string
	// ID is the circuit's resource ID (nrpResourceUri).
	ID string
	// ConnectionName is the gateway's connection to the circuit.
	ConnectionName string
}

// FailoverConnection is a gateway connection in a failover test (ARM's
// ExpressRouteFailoverConnectionResourceDetails).
type FailoverConnection struct {
	Name string
	// ID is the connection's resource ID (nrpResourceUri).
	ID          string
	Status      FailoverConnectionStatus
	LastUpdated time.Time
}

// FailoverTestDetails is what one failover test found for its peering
// location (ARM's ExpressRouteFailoverSingleTestDetails).
type FailoverTestDetails struct {
	PeeringLocation    string
	Status             FailoverTestStatus
	StartTime, EndTime time.Time
	// RedundantRoutes are the routes the gateway learned at the location and
	// also at other locations (which survive the test); NonRedundantRoutes
	// those it learned only there (which the test takes away).
	RedundantRoutes    []FailoverRedundantRoutes
	NonRedundantRoutes []netip.Prefix
	// WasSimulationSuccessful and FailoverConnections are what the stop
	// recorded (see FailoverStop); false and nil before the test stopped.
	WasSimulationSuccessful bool
	FailoverConnections     []FailoverConnectionCheck
}

// FailoverRedundantRoutes are routes learned at several peering locations
// (ARM's ExpressRouteFailoverRedundantRoute).
type FailoverRedundantRoutes struct {
	PeeringLocations []string
	Routes           []netip.Prefix
}

// FailoverConnectionCheck records whether traffic was seen to fail over to
// one connection during a test (ARM's FailoverConnectionDetails).
type FailoverConnectionCheck struct {
	// ConnectionName names the gateway connection traffic failed over to.
	ConnectionName string
	// Location is that connection's peering location.
	Location string
	// Verified is true when connectivity through the connection was
	// established during the test.
	Verified bool
}

// FailoverStop is what StopSiteFailoverSimulation reports to Azure when it
// ends the test of a peering location (ARM's
// ExpressRouteFailoverStopAPIParameters).
type FailoverStop struct {
	// PeeringLocation is the location whose test stops.
	PeeringLocation string
	// WasSimulationSuccessful records whether the workload survived the
	// loss of the location.
	WasSimulationSuccessful bool
	// Details records, per connection traffic failed over to, whether it
	// was verified.
	Details []FailoverConnectionCheck
}
