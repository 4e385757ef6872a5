package sim

import (
	"fmt"

	"github.com/azoci/interconnect/azure"
)

// This file: seeding a circuit that is already connected to a seeded
// gateway, such as a company's circuit to its own premises on the gateway an
// interconnect adopts.

// CircuitConnection seeds a pre-existing ExpressRoute circuit, provisioned
// by its provider, and its Succeeded connection to a seeded gateway, both in
// ResourceGroup (created if needed). SubscriptionID "" means the world's
// subscription; ServiceProvider "" means "Equinix"; BandwidthMbps 0 means
// 1000; Region "" means the gateway's. The provider must offer the peering
// location and the bandwidth (the world's catalog). The circuit has no
// private peering and carries no routes: the simulator models the
// provider's side of Oracle's circuits only.
type CircuitConnection struct {
	SubscriptionID, ResourceGroup string
	// GatewayID is the ARM ID of the seeded gateway the connection joins.
	GatewayID string
	// Circuit and Connection are the names of the two resources.
	Circuit, Connection              string
	ServiceProvider, PeeringLocation string
	BandwidthMbps                    int
	Region                           string
	Tags                             map[string]string // on both
}

// AddCircuitConnection seeds a circuit and its connection to a gateway (see
// CircuitConnection) and returns them. It panics on what Azure would refuse:
// a gateway that is not seeded, a provider that does not offer the location
// or the bandwidth, a name in use, a second connection to the circuit, or
// more connections than the gateway takes (connectionLimits).
func (w *World) AddCircuitConnection(c CircuitConnection) (azure.Circuit, azure.Connection) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if c.SubscriptionID == "" {
		c.SubscriptionID = w.subscription()
	}
	if c.ServiceProvider == "" {
		c.ServiceProvider = "Equinix"
	}
	if c.BandwidthMbps == 0 {
		c.BandwidthMbps = 1000
	}
	g := w.st.Gateways[key(c.GatewayID)]
	if g == nil || c.ResourceGroup == "" || c.Circuit == "" || c.Connection == "" {
		panic(fmt.Sprintf("sim: AddCircuitConnection needs a seeded gateway, a resource group and two names: %+v", c))
	}
	if c.Region == "" {
		c.Region = g.Location
	}
	in := azure.Circuit{Name: c.Circuit, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: c.ServiceProvider, PeeringLocation: c.PeeringLocation, BandwidthMbps: c.BandwidthMbps}
	sp, loc, err := w.checkCircuit(in, nil)
	if err != nil {
		panic("sim: AddCircuitConnection: " + err.Error())
	}
	cid := armID(c.SubscriptionID, c.ResourceGroup, typeCircuits, c.Circuit)
	nid := armID(c.SubscriptionID, c.ResourceGroup, typeConnections, c.Connection)
	if w.st.Circuits[key(cid)] != nil || w.st.Connections[key(nid)] != nil {
		panic("sim: AddCircuitConnection: " + cid + " or " + nid + " exists already")
	}
	ckt := &circuitRec{armState: armState{State: azure.Succeeded}, ID: cid, Name: c.Circuit, Location: c.Region, SKU: in.SKU,
		Provider: sp.Name, PeeringLocation: loc, BandwidthMbps: c.BandwidthMbps, ServiceKey: w.serviceKey(),
		ProviderState: azure.Provisioned, Tags: cloneTags(c.Tags), Created: w.now}
	if err := w.connectionLimits(g, ckt); err != nil {
		panic("sim: AddCircuitConnection: " + err.Error())
	}
	w.addRG(c.SubscriptionID, c.ResourceGroup, c.Region)
	conn := &connectionRec{armState: armState{State: azure.Succeeded}, ID: nid, Name: c.Connection, Location: c.Region,
		Gateway: g.ID, Circuit: cid, Tags: cloneTags(c.Tags), StatusKnown: w.now}
	w.st.Circuits[key(cid)] = ckt
	w.st.Connections[key(nid)] = conn
	return ckt.view(), w.connView(conn)
}
