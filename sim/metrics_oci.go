package sim

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the simulated OCI Monitoring (oci.Metrics), computed from the
// link health and traffic history that health.go records. Queries are MQL
// of the subset mql.go parses.
//
// Sources: Oracle, "FastConnect Metrics" and "DRG Metrics" (the metrics,
// their units and dimensions); "Monitoring Query Language (MQL) Reference",
// "Selecting the Statistic for a Query" and "Selecting a Nondefault
// Resolution for a Query" (intervals, statistics, aggregation windows);
// oci-go-sdk monitoring.SummarizeMetricsDataDetails and MetricData (time
// range, defaults, limits).
//
// # Raw points
//
// OCI emits these metrics every minute ("Most metrics are emitted every
// minute", MQL Reference). The simulator emits one raw point per metric
// stream at every whole minute T (UTC) of the resource's life, T <= now:
//   - state metrics (ConnectionState, Ipv4BgpSessionState) are sampled at
//     T: 1 or 0, "Binary (1 or 0)" as Oracle documents them;
//   - counted metrics (BitsReceived, BitsSent, packets) count what happened
//     in the minute (T-1m, T]: Oracle's unit is "Bits", a count, not a rate.
//
// # Aggregated points
//
// A query's points are at the multiples of its resolution (counted from the
// Unix epoch, so 5m points fall on :00, :05, ...; 1d points at 00:00 UTC)
// from Start (included) to End (excluded), never after now. The point at W
// aggregates, with the query's statistic, the raw points emitted in
// (W-interval, W]: Oracle's resolution page describes the windows as "data
// points emitted from 0:n to 5:00, 5:n to 10:00". A window without raw
// points gives no point, and a stream without points is left out of the
// answer.
//
// Statistics: mean (sum/count), max, min, sum, count (of raw points), and
// rate, which Oracle defines as "the per-interval average rate of change",
// per second: the simulator reads it as the sum of the window's raw points
// divided by the interval in seconds, so that BitsReceived[1m].rate() is the
// average bits per second of the minute (a reading of the simulator; prefer
// sum()/60, whose meaning Oracle's units make certain).
//
// # What is simulated
//
// oci_fastconnect, one stream per virtual circuit of the compartment (not
// of its subcompartments) and metric, with dimensions resourceId (the OCID),
// resourceName (the display name) and component "virtualcircuit", from the
// virtual circuit's creation until it is TERMINATED:
//   - ConnectionState: 1 while Oracle answers ARP on a path of the
//     ExpressRoute circuit the virtual circuit provisions ("the operational
//     state of the virtual circuit's interface"): the link is up;
//   - Ipv4BgpSessionState: 1 while BGP is up on a path (what
//     GetVirtualCircuit reports as BGPSessionState UP);
//   - BitsReceived: what flows into OCI, the circuit's traffic out of
//     Azure (World.SetTraffic's out); BitsSent: out of OCI, into Azure
//     (SetTraffic's in). Traffic flows only while BGP is up on a path;
//   - PacketsError, PacketsDiscarded: 0 (the simulator drops nothing).
//
// A virtual circuit the provider refused (FAILED) has all of them 0.
// BreakPath on both paths makes ConnectionState and Ipv4BgpSessionState 0,
// and traffic stop, from that instant on.
//
// oci_dynamic_routing_gateway: PacketDropsToDrgAttachment and
// PacketDropsFromDrgAttachment, one stream per DRG attachment of the
// compartment that is not DETACHED and dropType (throughput, noRoute,
// others), with dimensions resourceId (the attachment's OCID), drgOcid and
// attachmentType (VCN, the only kind the simulator makes). They are always
// 0, over the whole time range asked (the simulator keeps no attachment
// history), and drgRouteTableId is not given.
//
// Any other namespace or metric selects nothing: the answer is empty.
//
// # Errors
//
// 404 NotAuthorizedOrNotFound for a compartment the world does not know; 400
// InvalidParameter for a missing namespace or query, a query outside the
// subset (naming the problem and its offset), a resolution that is not a
// valid interval or is longer than the query's interval, a Start not before
// End, or an answer of more than 100,000 points (MetricData's limit).
// Monitoring data is never expired: OCI keeps 90 days, the simulator all of
// it.

// maxMetricPoints is OCI's limit of data points in one answer (MetricData).
const maxMetricPoints = 100_000

// defaultMetricsWindow is how far back a query without Start reaches
// (SummarizeMetricsDataDetails.StartTime: "3 hours before the call").
const defaultMetricsWindow = 3 * time.Hour

// emissionPeriod is how often OCI emits a raw point of these metrics.
const emissionPeriod = time.Minute

// OCIMetrics returns the world's OCI Monitoring, serving the region that
// OCI() serves. Its SummarizeMetrics is an API call like those of OCI(): it
// takes Latency.Read, is logged in Calls as "SummarizeMetrics" on the
// compartment, and injected faults for that operation apply (Throttle
// answers 429 TooManyRequests with the fault's RetryAfter).
func (w *World) OCIMetrics() oci.Metrics { return &ociMetrics{w: w} }

// ociMetrics is the oci.Metrics a World hands out.
type ociMetrics struct{ w *World }

var _ oci.Metrics = (*ociMetrics)(nil)

// SummarizeMetrics answers an MQL query; see the file's documentation.
func (m *ociMetrics) SummarizeMetrics(ctx context.Context, q oci.MetricQuery) ([]oci.MetricSeries, error) {
	w := m.w
	return ociCall(&ociFace{w: w}, ctx, "SummarizeMetrics", q.CompartmentID, 0, func() ([]oci.MetricSeries, error) {
		return w.summarizeMetrics(q)
	})
}

// metricStream is one stream of raw points: its dimensions, and its raw
// point at a whole minute T (false when the resource emitted none then).
type metricStream struct {
	dims map[string]string
	raw  func(t time.Time) (float64, bool)
}

// summarizeMetrics runs a query (mu held).
func (w *World) summarizeMetrics(q oci.MetricQuery) ([]oci.MetricSeries, error) {
	if err := w.needCompartment(q.CompartmentID); err != nil {
		return nil, err
	}
	if q.Namespace == "" {
		return nil, w.ociInvalid("The namespace is required (e.g. %s).", oci.NamespaceFastConnect)
	}
	if strings.TrimSpace(q.Query) == "" {
		return nil, w.ociInvalid("The query is required: an MQL expression such as Ipv4BgpSessionState[1m].mean().")
	}
	mq, err := parseMQL(q.Query)
	if err != nil {
		return nil, w.ociInvalid("Invalid query %q: %v.", q.Query, err)
	}
	res := q.Resolution
	if res == 0 {
		res = mq.interval
	}
	if !oci.ValidInterval(res) {
		return nil, w.ociInvalid("Invalid resolution %s: it must be one of 1m-60m, 1h-24h, 1d.", oci.FormatInterval(res))
	}
	if res > mq.interval {
		return nil, w.ociInvalid("The resolution %s must be equal to or less than the query's interval %s.",
			oci.FormatInterval(res), oci.FormatInterval(mq.interval))
	}
	end := q.End
	if end.IsZero() {
		end = w.now
	}
	start := q.Start
	if start.IsZero() {
		start = w.now.Add(-defaultMetricsWindow)
	}
	if !start.Before(end) {
		return nil, w.ociInvalid("The start time %s must be before the end time %s.", start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	}

	groups := groupStreams(filterStreams(w.metricStreams(q.Namespace, mq.metric, q.CompartmentID), mq.filters), mq)
	first, last := ceilTime(start, res), end.Add(-time.Nanosecond)
	if last.After(w.now) {
		last = w.now
	}
	if len(groups) == 0 || first.After(last) {
		return []oci.MetricSeries{}, nil
	}
	if n := (int64(last.Sub(first)/res) + 1) * int64(len(groups)); n > maxMetricPoints {
		return nil, w.ociInvalid("The query would return %d data points, more than the limit of %d: shorten the time range, "+
			"lengthen the resolution or select fewer streams.", n, maxMetricPoints)
	}
	var points []time.Time // the aggregation windows' ends W
	for at := first; !at.After(last); at = at.Add(res) {
		points = append(points, at)
	}
	out := []oci.MetricSeries{}
	for _, g := range groups {
		s := oci.MetricSeries{Namespace: q.Namespace, Name: mq.metric, Dimensions: maps.Clone(g.dims)}
		for _, at := range points {
			if v, ok := aggregate(g.streams, at, mq); ok {
				s.Points = append(s.Points, oci.MetricPoint{Time: at.UTC(), Value: v})
			}
		}
		if len(s.Points) > 0 {
			out = append(out, s)
		}
	}
	return out, nil
}

// ceilTime is the first multiple of d, counted from the Unix epoch, at or
// after t, in UTC.
func ceilTime(t time.Time, d time.Duration) time.Time {
	ns := t.UnixNano()
	r := ns % int64(d)
	if r < 0 {
		r += int64(d)
	}
	f := time.Unix(0, ns-r).UTC()
	if f.Before(t) {
		f = f.Add(d)
	}
	return f
}

// aggregate computes the query's statistic over the raw points that the
// streams emitted in the window (at-interval, at]; false when there are
// none.
func aggregate(streams []metricStream, at time.Time, q mqlQuery) (float64, bool) {
	var a samples
	for _, s := range streams {
		for t := at.Add(-q.interval + emissionPeriod); !t.After(at); t = t.Add(emissionPeriod) {
			if v, ok := s.raw(t); ok {
				a.add(v)
			}
		}
	}
	if a.n == 0 {
		return 0, false
	}
	switch q.statistic {
	case oci.StatisticMean:
		return a.sum / float64(a.n), true
	case oci.StatisticMax:
		return a.max, true
	case oci.StatisticMin:
		return a.min, true
	case oci.StatisticCount:
		return float64(a.n), true
	case oci.StatisticRate:
		return a.sum / q.interval.Seconds(), true
	}
	return a.sum, true // oci.StatisticSum
}

// filterStreams keeps the streams whose dimensions match every filter.
func filterStreams(streams []metricStream, filters []mqlFilter) []metricStream {
	return slices.DeleteFunc(streams, func(s metricStream) bool {
		return slices.ContainsFunc(filters, func(f mqlFilter) bool {
			v, ok := s.dims[f.dimension]
			return !ok || v != f.value
		})
	})
}

// streamGroup is the streams that one series of the answer aggregates.
type streamGroup struct {
	dims    map[string]string
	streams []metricStream
}

// groupStreams makes one group per stream, or, with grouping(), one of all
// of them without dimensions, or, with groupBy(...), one per combination of
// the values of those dimensions (a stream without one of them is grouped
// with those that lack it too), in the order streams were listed.
func groupStreams(streams []metricStream, q mqlQuery) []streamGroup {
	switch {
	case q.grouping:
		if len(streams) == 0 {
			return nil
		}
		return []streamGroup{{dims: map[string]string{}, streams: streams}}
	case len(q.groupBy) > 0:
		var out []streamGroup
		index := map[string]int{}
		for _, s := range streams {
			dims := map[string]string{}
			var k strings.Builder
			for _, d := range q.groupBy {
				v, ok := s.dims[d]
				if ok {
					dims[d] = v
				}
				fmt.Fprintf(&k, "%t%q,", ok, v)
			}
			i, seen := index[k.String()]
			if !seen {
				i = len(out)
				index[k.String()] = i
				out = append(out, streamGroup{dims: dims})
			}
			out[i].streams = append(out[i].streams, s)
		}
		return out
	}
	out := make([]streamGroup, len(streams))
	for i, s := range streams {
		out[i] = streamGroup{dims: s.dims, streams: []metricStream{s}}
	}
	return out
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
// compartment (mu held); see the file's documentation.
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
// (mu held); see the file's documentation.
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
