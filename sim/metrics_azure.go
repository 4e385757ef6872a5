package sim

import (
	"context"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: Azure Monitor's platform metrics of ExpressRoute circuits
// (World.AzureMetrics), computed from the link health and traffic history
// that health.go records. Nothing here changes the world. The checks of a
// query are in metrics_azure_query.go, the series and their points in
// metrics_azure_points.go.
//
// The model, and where each part comes from:
//
//   - The metrics, units and dimensions are those of Microsoft's table
//     "Supported metrics for Microsoft.Network/expressRouteCircuits"
//     (MicrosoftDocs/azure-monitor-docs, articles/azure-monitor/reference/
//     supported-metrics/microsoft-network-expressroutecircuits-metrics.md,
//     2025-04-16): ArpAvailability and BgpAvailability in Percent with
//     dimensions PeeringType and Peer; BitsInPerSecond and BitsOutPerSecond
//     in BitsPerSecond with dimensions PeeringType and DeviceRole; all four
//     sampled every minute (time grain PT1M), default aggregation Average.
//   - Samples. Each minute of the circuit's life gives one sample per path
//     of each availability metric: the share of that minute (in percent)
//     during which the path answered ARP, or had BGP up (a path down for
//     half a minute scores 50); and one sample per path of each traffic
//     metric: the mean of the bits per second the path carried in that
//     minute (see "Traffic per path"; the circuit carries what
//     World.SetTraffic offered while BGP was up on a path, else 0). A minute
//     the circuit lived only part of (it was created, or it is the current
//     minute) is sampled over that part. Samples are timestamped at the
//     start of their minute, so points start on whole minutes.
//   - Points. A point is the query's aggregation of the samples in one
//     interval (time grain): Average is their mean, Minimum and Maximum
//     their extremes, Total their sum and Count their number, which is how
//     Azure Monitor defines its aggregations ("Azure Monitor metrics
//     aggregation and display explained"). An availability series that is
//     not split by Peer holds both paths' samples (so one path down for a
//     whole interval averages 50). Points run from the query's Start,
//     rounded down to the minute, one per interval, while before End; End
//     in the future is clipped to now; an interval with no sample (before
//     the circuit was created, or in the future) has no point. Azure Monitor
//     keeps platform metrics 93 days ("Azure Monitor Metrics overview"):
//     older minutes give no sample.
//   - Traffic per path. Split by DeviceRole, a traffic series is what one
//     path carries: the circuit's traffic split evenly between the paths
//     whose BGP is up (Microsoft runs both connections active-active and
//     load balances flows across them: azure-docs articles/expressroute/
//     designing-for-high-availability-with-expressroute.md), so one path
//     down leaves the other all of it. Not split, it is the circuit's
//     whole traffic, the sum of its paths'.
//   - The answer always holds one series per combination of the split
//     dimensions' values, even when it has no point. The values are those
//     of Microsoft's ExpressRoute Insights workbook (see
//     circuitMetricDefs): Primary-IPv4 and Secondary-IPv4 for Peer,
//     Primary and secondary for DeviceRole, private for PeeringType
//     (the simulator serves the private peering only). Dimension names match
//     without regard to case; a series' Dimensions are keyed as the
//     query's SplitBy spells them (Azure Monitor answers them lower-cased,
//     so an adapter can key them no other way).
//
// The checks are Azure Monitor's, with its code, BadRequest, and its
// wording where it is known: an unknown metric ("Failed to find metric
// configuration for provider: ..., Valid metrics: ...", quoted in
// Azure/azure-sdk-for-net#29584), an interval that is not a time grain
// ("Invalid time grain duration: PT3M, supported ones are: ...",
// Azure/azure-libraries-for-net#495), more than 20 metric names (the
// metricnames limit in the Metrics - List reference), a dimension the
// metric does not have (ValidateDimensions, true by default). A circuit
// that does not exist is 404 NotFound, "Resource: <id> is not found" (as
// Azure Monitor answered in Azure/azure-sdk-for-go#21228). The simulator
// serves ExpressRoute circuits only; other resources are refused with 400.

// AzureMetrics returns the world's Azure Monitor: an azure.Metrics that
// answers ListMetrics for the ExpressRoute circuits of Azure(), from the
// history of their link health and traffic (see World.SetTraffic,
// World.BreakPath). A call takes Latency.Read, is logged in Calls as
// "ListMetrics" (not mutating) and answers injected faults (Operation
// "ListMetrics"; Throttle is 429 TooManyRequests with Retry-After) like
// every other call.
func (w *World) AzureMetrics() azure.Metrics { return &azureMetrics{w: w} }

// azureMetrics is the azure.Metrics a World hands out.
type azureMetrics struct{ w *World }

var _ azure.Metrics = (*azureMetrics)(nil)

// ListMetrics answers a metrics query on an ExpressRoute circuit (see
// World.AzureMetrics and the model above).
func (m *azureMetrics) ListMetrics(ctx context.Context, q azure.MetricQuery) ([]azure.MetricSeries, error) {
	w := m.w
	var out []azure.MetricSeries
	err := w.do(ctx, CloudAzure, "ListMetrics", func() string { return q.ResourceID }, 0, func() error {
		var err error
		out, err = w.circuitMetrics(q)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// circuitMetric is one metric of Microsoft.Network/expressRouteCircuits.
type circuitMetric struct {
	name, unit string
	dimensions []string
	// pathDim is the dimension that splits the metric by path (Peer or
	// DeviceRole), and pathValues its values for the primary and the
	// secondary path.
	pathDim    string
	pathValues [2]string
	// whole lists the timelines a series not split by pathDim samples:
	// both paths' (availability, whose samples are averaged) or the
	// circuit's (traffic, the sum of its paths').
	whole []int
	// timeline is the metric's value over time on path i, or on the whole
	// circuit (i is circuitWide) (mu held).
	timeline func(w *World, circuitKey string, i int) timeline
}

// circuitWide stands for the whole circuit where a path index is expected.
const circuitWide = -1

// circuitMetricDefs are the metrics the simulator serves, in Microsoft's
// order. They are the ones the interconnect watches; the table also has
// QoS drops, bandwidth utilization, FastPath routes and Global Reach
// traffic, which the simulator does not serve. The dimension values are
// those of Microsoft's ExpressRoute Insights workbook
// (microsoft/Application-Insights-Workbooks, Workbooks/Network Insights/
// ExpressRouteCircuits/ExpressRouteCircuitMetrics/
// ExpressRouteCircuitMetrics.workbook): Peer Primary-IPv4 and
// Secondary-IPv4, DeviceRole Primary and secondary, PeeringType private.
var circuitMetricDefs = []circuitMetric{
	{name: azure.MetricARPAvailability, unit: "Percent", dimensions: []string{azure.DimensionPeeringType, azure.DimensionPeer},
		pathDim: azure.DimensionPeer, pathValues: [2]string{azure.PeerPrimary, azure.PeerSecondary}, whole: []int{0, 1},
		timeline: func(w *World, k string, i int) timeline {
			return w.healthTimeline(k, func(h healthPoint) bool { return h.ARP[i] })
		}},
	{name: azure.MetricBGPAvailability, unit: "Percent", dimensions: []string{azure.DimensionPeeringType, azure.DimensionPeer},
		pathDim: azure.DimensionPeer, pathValues: [2]string{azure.PeerPrimary, azure.PeerSecondary}, whole: []int{0, 1},
		timeline: func(w *World, k string, i int) timeline {
			return w.healthTimeline(k, func(h healthPoint) bool { return h.BGP[i] })
		}},
	{name: azure.MetricBitsInPerSecond, unit: "BitsPerSecond", dimensions: []string{azure.DimensionPeeringType, azure.DimensionDeviceRole},
		pathDim: azure.DimensionDeviceRole, pathValues: [2]string{azure.DeviceRolePrimary, azure.DeviceRoleSecondary}, whole: []int{circuitWide},
		timeline: func(w *World, k string, i int) timeline { return w.trafficTimeline(k, false, i) }},
	{name: azure.MetricBitsOutPerSecond, unit: "BitsPerSecond", dimensions: []string{azure.DimensionPeeringType, azure.DimensionDeviceRole},
		pathDim: azure.DimensionDeviceRole, pathValues: [2]string{azure.DeviceRolePrimary, azure.DeviceRoleSecondary}, whole: []int{circuitWide},
		timeline: func(w *World, k string, i int) timeline { return w.trafficTimeline(k, true, i) }},
}

// The limits of a query: at most 20 metric names (Metrics - List,
// metricnames), 93 days of retention, samples of one minute (the metrics'
// time grain PT1M). A query without an interval gets PT1M (the interval
// parameter's default), without an aggregation Average (the metrics'
// default in Microsoft's table).
const (
	maxMetricNames   = 20
	metricRetention  = 93 * 24 * time.Hour
	metricSampleTick = time.Minute
)

// metricAggregations are the aggregations Azure Monitor computes.
var metricAggregations = []string{azure.AggregationAverage, "Count", azure.AggregationMaximum, azure.AggregationMinimum, azure.AggregationTotal}

// circuitMetrics checks q and computes its series (mu held).
func (w *World) circuitMetrics(q azure.MetricQuery) ([]azure.MetricSeries, error) {
	p, err := w.planMetrics(q)
	if err != nil {
		return nil, err
	}
	c := w.st.Circuits[key(p.circuitID)]
	if c == nil {
		return nil, w.azErr(httpstatus.NotFound, "NotFound", q.ResourceID, "Resource: %s is not found", q.ResourceID)
	}
	k := key(c.ID)
	now := w.now
	limit := minTime(q.End, now) // samples are taken of the minutes before it
	from := c.Created            // and from the circuit's creation on
	if oldest := now.Add(-metricRetention); from.Before(oldest) {
		from = oldest
	}
	start := q.Start.UTC().Truncate(metricSampleTick)
	var out []azure.MetricSeries
	for _, m := range p.metrics {
		for _, s := range seriesOf(m, p.split, p.spelt) {
			tls := make([]timeline, len(s.paths))
			for j, i := range s.paths {
				tls[j] = m.timeline(w, k, i)
			}
			out = append(out, azure.MetricSeries{Name: m.name, Unit: m.unit, Dimensions: s.dims,
				Points: points(tls, start, limit, from, now, p.grain, p.aggregation)})
		}
	}
	return out, nil
}
