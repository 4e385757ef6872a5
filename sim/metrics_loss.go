package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: DegradePath, the one way packets get lost in the simulator, and
// the packet counts of OCI's FastConnect metrics (metrics_oci_streams.go)
// derived from the traffic history.

// meanPacketBytes is the mean size of the packets the simulator counts: a
// modelling choice of the simulator, not a vendor figure (the link's MTU is
// 1500 bytes; real traffic mixes small and full-size packets). OCI's packet
// metrics are the simulated traffic's bytes divided by it, rounded to whole
// packets.
const meanPacketBytes = 1000

// DegradePath makes path of an ExpressRoute circuit lose packets from now
// on: of the packets the path carries (both ways), the share errors (0 to 1)
// arrive in error at Oracle's end and the share discards (0 to 1) are
// discarded there. They show in OCI's PacketsError and PacketsDiscarded of
// the virtual circuit (Oracle: errors "indicate a misconfiguration in some
// part of the overall system"); the traffic itself, ARP and BGP are
// unchanged. DegradePath(circuit, path, 0, 0) mends the path; BreakPath and
// RepairPath leave the shares as they are. circuit is the circuit's ARM ID
// or service key.
func (w *World) DegradePath(circuit string, path azure.DevicePath, errors, discards float64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	i := pathIndex(path)
	if i < 0 {
		return fmt.Errorf("sim: DegradePath: unknown device path %q", path)
	}
	if !(errors >= 0 && errors <= 1 && discards >= 0 && discards <= 1) {
		return fmt.Errorf("sim: DegradePath: shares %v and %v: give shares of the packets, from 0 to 1", errors, discards)
	}
	c := w.circuitByIDOrKey(circuit)
	if c == nil {
		return fmt.Errorf("sim: DegradePath: no ExpressRoute circuit with that ID or service key: %w", azure.ErrNotFound)
	}
	w.noteHealth()
	k := key(c.ID)
	h := w.healthAt(k, w.now)
	if h.Loss[i] == (pathLoss{Errors: errors, Discards: discards}) {
		return nil
	}
	h.At, h.Loss[i] = w.now, pathLoss{Errors: errors, Discards: discards}
	w.st.Health[k] = append(w.st.Health[k], h)
	return nil
}

// packetCounts counts, over [from, to), the packets a circuit carried (mu
// held): into Azure (in) and out of it (out), and of them the ones Oracle's
// end counted in error and discarded, at the loss of each path (see
// DegradePath). Traffic and loss are piecewise constant, changing only at
// the circuit's health and traffic records, so the sums are exact before
// rounding to whole packets.
func (w *World) packetCounts(circuitKey string, from, to time.Time) (in, out, errored, discarded float64) {
	for _, span := range w.trafficSpans(circuitKey, from, to) {
		h := w.healthAt(circuitKey, span.from)
		for i := range 2 {
			bpsIn, bpsOut := w.pathTrafficAt(circuitKey, span.from, i)
			pIn := bpsIn * span.seconds / 8 / meanPacketBytes
			pOut := bpsOut * span.seconds / 8 / meanPacketBytes
			in += pIn
			out += pOut
			errored += (pIn + pOut) * h.Loss[i].Errors
			discarded += (pIn + pOut) * h.Loss[i].Discards
		}
	}
	return math.Round(in), math.Round(out), math.Round(errored), math.Round(discarded)
}
