package sim

import (
	"fmt"
	"time"
)

// This file: the history of each circuit's link health and traffic, which
// the simulated metrics (Azure Monitor, OCI Monitoring) are computed from. The
// world records a change whenever one happens (a transition, a call, a broken
// path), at the simulated time it happened, so a metric over a past window is
// as the clouds would have measured it.

// healthPoint is a circuit's link health from At on: per path (primary,
// secondary), whether Oracle answers ARP and whether BGP is up, and the share
// of the packets the path carries that Oracle's end counts in error or
// discards (World.DegradePath; 0 unless degraded).
type healthPoint struct {
	At       time.Time
	ARP, BGP [2]bool
	Loss     [2]pathLoss `json:",omitzero"`
}

// pathLoss is the share, 0 to 1, of a path's packets that Oracle's end
// counts in PacketsError (Errors) and in PacketsDiscarded (Discards).
type pathLoss struct {
	Errors, Discards float64 `json:",omitzero"`
}

// trafficPoint is the traffic offered on a circuit from At on, in bits per
// second, into Azure (In) and out of it (Out). It flows only while BGP is up
// on a path.
type trafficPoint struct {
	At      time.Time
	In, Out float64
}

// noteHealth records, for every circuit whose link health changed since its
// last record, its health now (mu held). Every entry point that can change
// health calls it.
func (w *World) noteHealth() {
	for _, k := range sortedKeys(w.st.Circuits) {
		c := w.st.Circuits[k]
		var h healthPoint
		for i := range 2 {
			h.ARP[i], h.BGP[i] = w.arpUp(c, i), w.pathUp(c, i)
		}
		hist := w.st.Health[k]
		if n := len(hist); n > 0 {
			if hist[n-1].ARP == h.ARP && hist[n-1].BGP == h.BGP {
				continue
			}
			h.Loss = hist[n-1].Loss // a degraded path stays so until DegradePath mends it
		}
		if len(hist) == 0 && h == (healthPoint{}) {
			continue // a new circuit starts down: nothing to record yet
		}
		h.At = w.now
		w.st.Health[k] = append(hist, h)
	}
}

// healthAt returns a circuit's link health at t (mu held): down before the
// first record.
func (w *World) healthAt(circuitKey string, t time.Time) healthPoint {
	var h healthPoint
	for _, p := range w.st.Health[circuitKey] {
		if p.At.After(t) {
			break
		}
		h = p
	}
	return h
}

// trafficAt returns the traffic flowing on a circuit at t (mu held): what
// SetTraffic offered, while BGP is up on a path.
func (w *World) trafficAt(circuitKey string, t time.Time) (in, out float64) {
	if h := w.healthAt(circuitKey, t); !h.BGP[0] && !h.BGP[1] {
		return 0, 0
	}
	for _, p := range w.st.Traffic[circuitKey] {
		if p.At.After(t) {
			break
		}
		in, out = p.In, p.Out
	}
	return in, out
}

// pathTrafficAt returns the traffic flowing on path i of a circuit at t (mu
// held): the circuit's traffic split evenly between the paths whose BGP is
// up, since Microsoft runs the two connections of a circuit active-active
// and load balances flows across them (azure-docs
// articles/expressroute/designing-for-high-availability-with-expressroute.md,
// "Active-active connections"). Flows are many and alike here, so the even
// split is their mean.
func (w *World) pathTrafficAt(circuitKey string, t time.Time, i int) (in, out float64) {
	h := w.healthAt(circuitKey, t)
	if !h.BGP[i] {
		return 0, 0
	}
	in, out = w.trafficAt(circuitKey, t)
	if h.BGP[0] && h.BGP[1] {
		return in / 2, out / 2
	}
	return in, out
}

// SetTraffic offers traffic on an ExpressRoute circuit from now on, in bits
// per second into Azure (in) and out of it (out), until the next SetTraffic.
// It flows, and shows in both clouds' metrics, only while BGP is up on a
// path of the circuit. circuit is the circuit's ARM ID or service key.
func (w *World) SetTraffic(circuit string, in, out float64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	c := w.circuitByIDOrKey(circuit)
	if c == nil {
		return fmt.Errorf("sim: SetTraffic: no ExpressRoute circuit with ID or service key %q", circuit)
	}
	if in < 0 || out < 0 {
		return fmt.Errorf("sim: SetTraffic: negative traffic %v/%v", in, out)
	}
	k := key(c.ID)
	w.st.Traffic[k] = append(w.st.Traffic[k], trafficPoint{At: w.now, In: in, Out: out})
	return nil
}

// circuitByIDOrKey finds a circuit by ARM ID or service key (mu held).
func (w *World) circuitByIDOrKey(s string) *circuitRec {
	if c := w.st.Circuits[key(s)]; c != nil {
		return c
	}
	for _, k := range sortedKeys(w.st.Circuits) {
		if s != "" && w.st.Circuits[k].ServiceKey == s {
			return w.st.Circuits[k]
		}
	}
	return nil
}
