package sim

import (
	"slices"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the raw streams of the simulated OCI metrics (see
// metrics_oci.go): one per virtual circuit (oci_fastconnect) or per DRG
// attachment and drop type (oci_dynamic_routing_gateway), each a function
// from a whole minute to its raw point.

// metricStream is one stream of raw points: its dimensions, and its raw
// point at a whole minute T (false when the resource emitted none then).
type metricStream struct {
	dims map[string]string
	raw  func(t time.Time) (float64, bool)
}

// metricStreams lists the raw streams of a metric of a namespace in a
// compartment (mu held), sorted by resourceId (then dropType).
func (w *World) metricStreams(namespace, metric, compartment string) []metricStream {
	switch namespace {
	case oci.NamespaceFastConnect:
		return w.fastConnectStreams(metric, compartment)
	case oci.NamespaceDRG:
		return w.drgStreams(metric, compartment)
	}
	return nil
}

// fastConnectStreams lists one stream per virtual circuit of the
// compartment (mu held); see metrics_oci.go's documentation.
func (w *World) fastConnectStreams(metric, compartment string) []metricStream {
	var out []metricStream
	for _, k := range sortedKeys(w.st.VirtualCircuits) {
		vc := w.st.VirtualCircuits[k]
		if vc.CompartmentID != compartment || !w.visible(vc.Region) {
			continue
		}
		raw := w.vcRawPoint(vc, metric)
		if raw == nil {
			return nil // a metric the namespace does not have
		}
		out = append(out, metricStream{
			dims: map[string]string{oci.DimensionResourceID: vc.ID, oci.DimensionResourceName: vc.DisplayName,
				oci.DimensionComponent: oci.ComponentVirtualCircuit},
			raw: raw,
		})
	}
	return out
}

// vcRawPoint returns the raw point function of a virtual circuit's metric,
// nil for a metric oci_fastconnect does not have (mu held).
func (w *World) vcRawPoint(vc *vcRec, metric string) func(time.Time) (float64, bool) {
	alive := func(t time.Time) bool {
		return !t.Before(vc.Created) && (vc.Terminated.IsZero() || t.Before(vc.Terminated)) && !t.After(w.now)
	}
	circuit := vc.Circuit // "" when the provider refused it: no link, ever
	state := func(up func(h healthPoint) bool) func(time.Time) (float64, bool) {
		return func(t time.Time) (float64, bool) {
			if !alive(t) {
				return 0, false
			}
			if circuit != "" && up(w.healthAt(circuit, t)) {
				return 1, true
			}
			return 0, true
		}
	}
	bits := func(intoOCI bool) func(time.Time) (float64, bool) {
		return func(t time.Time) (float64, bool) {
			if !alive(t) {
				return 0, false
			}
			if circuit == "" {
				return 0, true
			}
			from := t.Add(-emissionPeriod)
			if from.Before(vc.Created) {
				from = vc.Created
			}
			toAzure, fromAzure := w.ociTrafficBits(circuit, from, t)
			if intoOCI {
				return fromAzure, true
			}
			return toAzure, true
		}
	}
	zero := func(t time.Time) (float64, bool) { return 0, alive(t) }
	switch metric {
	case oci.MetricConnectionState:
		return state(func(h healthPoint) bool { return h.ARP[0] || h.ARP[1] })
	case oci.MetricIPv4BGPSessionState:
		return state(func(h healthPoint) bool { return h.BGP[0] || h.BGP[1] })
	case oci.MetricBitsReceived:
		return bits(true)
	case oci.MetricBitsSent:
		return bits(false)
	case oci.MetricPacketsError, oci.MetricPacketsDiscarded:
		return zero
	}
	return nil
}

// ociTrafficBits integrates a circuit's traffic over [from, to) (mu held):
// the bits that flowed into Azure (in) and out of it (out). Traffic is
// piecewise constant, changing only at the circuit's health and traffic
// records, so the integral is exact.
func (w *World) ociTrafficBits(circuitKey string, from, to time.Time) (in, out float64) {
	cuts := []time.Time{from, to}
	for _, h := range w.st.Health[circuitKey] {
		if h.At.After(from) && h.At.Before(to) {
			cuts = append(cuts, h.At)
		}
	}
	for _, p := range w.st.Traffic[circuitKey] {
		if p.At.After(from) && p.At.Before(to) {
			cuts = append(cuts, p.At)
		}
	}
	slices.SortFunc(cuts, time.Time.Compare)
	for i := 0; i+1 < len(cuts); i++ {
		d := cuts[i+1].Sub(cuts[i]).Seconds()
		bpsIn, bpsOut := w.trafficAt(circuitKey, cuts[i])
		in += bpsIn * d
		out += bpsOut * d
	}
	return in, out
}

// drgDropTypes are the dropType values of the DRG drop metrics (Oracle,
// "DRG Metrics").
var drgDropTypes = []string{oci.DropTypeNoRoute, oci.DropTypeOthers, oci.DropTypeThroughput}

// drgStreams lists the DRG drop streams of the compartment's attachments
// (mu held); see metrics_oci.go's documentation.
func (w *World) drgStreams(metric, compartment string) []metricStream {
	if metric != oci.MetricPacketDropsToDRGAttachment && metric != oci.MetricPacketDropsFromDRGAttachment {
		return nil
	}
	var out []metricStream
	for _, k := range sortedKeys(w.st.DRGAttachments) {
		a := w.st.DRGAttachments[k]
		if a.CompartmentID != compartment || a.State == oci.Detached || !w.visible(a.Region) {
			continue
		}
		drg := ""
		if d := w.st.DRGs[a.DRG]; d != nil {
			drg = d.ID
		}
		now := w.now
		for _, dt := range drgDropTypes {
			out = append(out, metricStream{
				dims: map[string]string{oci.DimensionResourceID: a.ID, oci.DimensionDRGID: drg,
					oci.DimensionAttachmentType: "VCN", oci.DimensionDropType: dt},
				raw: func(t time.Time) (float64, bool) { return 0, !t.After(now) },
			})
		}
	}
	return out
}
