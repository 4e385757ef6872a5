package sim

import (
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: what Azure does with the delete of an ExpressRoute circuit that
// its provider has not deprovisioned.
//
// Azure accepts it and leaves a circuit that is neither deleted nor usable.
// The interconnect's own how-to (azure-docs
// articles/virtual-machines/workloads/oracle/configure-azure-oci-networking.md,
// "Delete the interconnect link": the connection, then the Oracle
// FastConnect, then the circuit) warns: "Failure to do so will result in a
// 'failed state' ExpressRoute circuit." Microsoft's circuit how-to
// (articles/expressroute/expressroute-howto-circuit-portal-resource-manager.md,
// "Deleting and deprovisioning an ExpressRoute circuit") adds that "the
// status moves to Disabling" and "We will continue to reserve resources and
// bill you until the service provider completes deprovisioning the circuit".
//
// The simulator: the delete's operation runs Latency.Circuit like any other
// and ends Failed (code CircuitNotDeprovisionedByProvider, the simulator's
// own name: Microsoft publishes none), the circuit stays with its provider
// state, Failed, and is billed; the world records it (StrandedCircuits). Once
// the provider has deprovisioned it (its virtual circuit deleted), a new
// delete goes through.

// StrandedCircuit is an ExpressRoute circuit whose delete Azure accepted
// while its provider had not deprovisioned it.
type StrandedCircuit struct {
	// ID is the circuit's ARM ID.
	ID string
	// ProviderState is the circuit's serviceProviderProvisioningState when
	// the delete was accepted: Provisioning, Provisioned or Deprovisioning.
	ProviderState azure.ProviderState
	// At is when the delete was accepted.
	At time.Time
	// Billed is true while the failed circuit still exists, which Microsoft
	// bills; false once it was deleted after all. (Worked out when
	// StrandedCircuits is called; not saved.)
	Billed bool `json:"-"`
}

// StrandedCircuits returns every delete of an ExpressRoute circuit that Azure
// accepted while the provider had not deprovisioned the circuit, oldest
// first. The library must never send one: a test that tears an interconnect
// down wants this empty.
func (w *World) StrandedCircuits() []StrandedCircuit {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	out := make([]StrandedCircuit, len(w.st.Stranded))
	for i, sc := range w.st.Stranded {
		sc.Billed = w.st.Circuits[key(sc.ID)] != nil
		out[i] = sc
	}
	return out
}

// strandCircuit accepts the delete of circuit c, which its provider has not
// deprovisioned (mu held): the operation runs as a delete does and ends
// Failed, leaving the circuit in place; the world records it.
func (w *World) strandCircuit(c *circuitRec) {
	w.st.Stranded = append(w.st.Stranded, StrandedCircuit{ID: c.ID, ProviderState: c.ProviderState, At: w.now})
	w.cur.fail = &opFailure{Status: httpstatus.BadRequest, Code: "CircuitNotDeprovisionedByProvider",
		Message: "The circuit " + c.Name + " was deleted while its service provider provisioning state was " + string(c.ProviderState) +
			": it is left in a failed state and billing continues. Ask the provider to deprovision it (delete the Oracle FastConnect virtual circuit), then delete it again."}
	w.startOp(&c.armState, opDelete, kindCircuit, c.ID, w.lat.Circuit)
}
