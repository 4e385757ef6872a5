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
	// counted is a metric counted over the minute before t, from the
	// virtual circuit's creation on.
	counted := func(count func(from, to time.Time) float64) func(time.Time) (float64, bool) {
		return func(t time.Time) (float64, bool) {
			if !alive(t) {
				return 0, false
			}
			if circuit == "" {
				return 0, true
			}
			return count(maxTime(t.Add(-emissionPeriod), vc.Created), t), true
		}
	}
	bits := func(intoOCI bool, per float64) func(time.Time) (float64, bool) {
		return counted(func(from, to time.Time) float64 {
			toAzure, fromAzure := w.ociTrafficBits(circuit, from, to)
			if intoOCI {
				return fromAzure / per
			}
			return toAzure / per
		})
	}
	packets := func(pick func(in, out, errored, discarded float64) float64) func(time.Time) (float64, bool) {
		return counted(func(from, to time.Time) float64 { return pick(w.packetCounts(circuit, from, to)) })
	}
	switch metric {
	case oci.MetricConnectionState:
		return state(func(h healthPoint) bool { return h.ARP[0] || h.ARP[1] })
	case oci.MetricIPv4BGPSessionState:
		return state(func(h healthPoint) bool { return h.BGP[0] || h.BGP[1] })
	case oci.MetricBitsReceived:
		return bits(true, 1)
	case oci.MetricBitsSent:
		return bits(false, 1)
	case oci.MetricBytesReceived:
		return bits(true, 8)
	case oci.MetricBytesSent:
		return bits(false, 8)
	case oci.MetricPacketsReceived:
		return packets(func(_, out, _, _ float64) float64 { return out })
	case oci.MetricPacketsSent:
		return packets(func(in, _, _, _ float64) float64 { return in })
	case oci.MetricPacketsError:
		return packets(func(_, _, errored, _ float64) float64 { return errored })
	case oci.MetricPacketsDiscarded:
		return packets(func(_, _, _, discarded float64) float64 { return discarded })
	}
	return nil
}

// ociTrafficBits integrates a circuit's traffic over [from, to) (mu held):
// the bits that flowed into Azure (in) and out of it (out). The integral is
// exact (see trafficSpans).
func (w *World) ociTrafficBits(circuitKey string, from, to time.Time) (in, out float64) {
	for _, span := range w.trafficSpans(circuitKey, from, to) {
		bpsIn, bpsOut := w.trafficAt(circuitKey, span.from)
		in += bpsIn * span.seconds
		out += bpsOut * span.seconds
	}
	return in, out
}

// trafficSpan is a stretch of time over which a circuit's health and
// traffic are constant: from its start, for seconds.
type trafficSpan struct {
	from    time.Time
	seconds float64
}

// trafficSpans cuts [from, to) at the circuit's health and traffic records
// (mu held): traffic is piecewise constant, changing only there.
func (w *World) trafficSpans(circuitKey string, from, to time.Time) []trafficSpan {
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
	out := make([]trafficSpan, 0, len(cuts)-1)
	for i := 0; i+1 < len(cuts); i++ {
		out = append(out, trafficSpan{from: cuts[i], seconds: cuts[i+1].Sub(cuts[i]).Seconds()})
	}
	return out
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
