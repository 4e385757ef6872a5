package sim

import (
	"context"
	"maps"
	"strings"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the simulated OCI Monitoring (oci.Metrics), computed from the
// link health and traffic history that health.go records. Queries are MQL
// of the subset mql.go parses. The aggregation is in
// metrics_oci_aggregate.go, the raw streams in metrics_oci_streams.go.
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
// oci_fastconnect: the ten metrics of Oracle's "FastConnect Metrics" page
// (https://docs.oracle.com/iaas/Content/Network/Reference/fastconnectmetrics.htm),
// one stream per virtual circuit of the compartment (not of its
// subcompartments) and metric, with the dimensions the page gives a
// virtual circuit of a partner connection: resourceId (the OCID),
// resourceName (the display name) and component "virtualcircuit"; from the
// virtual circuit's creation until it is TERMINATED:
//   - ConnectionState: 1 while Oracle answers ARP on a path of the
//     ExpressRoute circuit the virtual circuit provisions ("the operational
//     state of the virtual circuit's interface"): the link is up;
//   - Ipv4BgpSessionState: 1 while BGP is up on a path (what
//     GetVirtualCircuit reports as BGPSessionState UP);
//   - BitsReceived: what flows into OCI, the circuit's traffic out of
//     Azure (World.SetTraffic's out); BitsSent: out of OCI, into Azure
//     (SetTraffic's in). Traffic flows only while BGP is up on a path;
//   - BytesReceived, BytesSent: the same traffic in bytes;
//   - PacketsReceived, PacketsSent: the same traffic in packets of 1000
//     bytes (meanPacketBytes, a choice of the simulator), rounded to whole
//     packets;
//   - PacketsError, PacketsDiscarded: the packets, both ways, of each path
//     times the share that World.DegradePath set for it (each path carries
//     its share of the traffic, as Azure's DeviceRole split shows it); 0
//     unless a path is degraded.
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
