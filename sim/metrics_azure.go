package sim

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: Azure Monitor's platform metrics of ExpressRoute circuits
// (World.AzureMetrics), computed from the link health and traffic history
// that health.go records. Nothing here changes the world.
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
//     half a minute scores 50); and one sample of each traffic metric: the
//     mean of the bits per second flowing in that minute, which is what
//     World.SetTraffic offered while BGP was up on a path, else 0. A minute
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
//   - A traffic series is the circuit's whole traffic: the simulator does
//     not model which device (DeviceRole) carries it, and refuses to split
//     by DeviceRole rather than invent the split.
//   - The answer always holds one series per combination of the split
//     dimensions' values (both peers for Peer, PrivatePeering for
//     PeeringType), even when it has no point. Dimension names match
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
	// perPath: one sample per path each minute (dimension Peer);
	// otherwise one per circuit.
	perPath bool
	// timeline is the metric's value over time on path i (perPath), or on
	// the circuit (i is 0) (mu held).
	timeline func(w *World, circuitKey string, i int) timeline
}

// dimensionDeviceRole is the traffic metrics' dimension the simulator does
// not model.
const dimensionDeviceRole = "DeviceRole"

// circuitMetrics are the metrics the simulator serves, in Microsoft's
// order. They are the ones the interconnect watches; the table also has
// QoS drops, bandwidth utilization, FastPath routes and Global Reach
// traffic, which the simulator does not serve.
var circuitMetricDefs = []circuitMetric{
	{name: azure.MetricARPAvailability, unit: "Percent", dimensions: []string{azure.DimensionPeeringType, azure.DimensionPeer}, perPath: true,
		timeline: func(w *World, k string, i int) timeline {
			return w.healthTimeline(k, func(h healthPoint) bool { return h.ARP[i] })
		}},
	{name: azure.MetricBGPAvailability, unit: "Percent", dimensions: []string{azure.DimensionPeeringType, azure.DimensionPeer}, perPath: true,
		timeline: func(w *World, k string, i int) timeline {
			return w.healthTimeline(k, func(h healthPoint) bool { return h.BGP[i] })
		}},
	{name: azure.MetricBitsInPerSecond, unit: "BitsPerSecond", dimensions: []string{azure.DimensionPeeringType, dimensionDeviceRole},
		timeline: func(w *World, k string, _ int) timeline { return w.trafficTimeline(k, false) }},
	{name: azure.MetricBitsOutPerSecond, unit: "BitsPerSecond", dimensions: []string{azure.DimensionPeeringType, dimensionDeviceRole},
		timeline: func(w *World, k string, _ int) timeline { return w.trafficTimeline(k, true) }},
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

// metricPlan is a checked query.
type metricPlan struct {
	circuitID   string
	metrics     []circuitMetric
	aggregation string
	grain       time.Duration
	split       []string          // canonical dimension names
	spelt       map[string]string // canonical name → as the query spells it
}

// circuitMetrics checks q and computes its series (mu held).
func (w *World) circuitMetrics(q azure.MetricQuery) ([]azure.MetricSeries, error) {
	p, err := w.planMetrics(q)
	if err != nil {
		return nil, err
	}
	c := w.st.Circuits[key(p.circuitID)]
	if c == nil {
		return nil, w.azErr(http.StatusNotFound, "NotFound", q.ResourceID, "Resource: %s is not found", q.ResourceID)
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

// planMetrics checks a query as Azure Monitor does (mu held).
func (w *World) planMetrics(q azure.MetricQuery) (metricPlan, error) {
	var p metricPlan
	id, err := w.metricsResource(q.ResourceID)
	if err != nil {
		return p, err
	}
	p.circuitID = id
	if len(q.Names) == 0 {
		return p, w.azBadRequest("BadRequest", "No metric names: name at least one of %s (metricnames).", metricNames())
	}
	if len(q.Names) > maxMetricNames {
		return p, w.azBadRequest("BadRequest", "%d metric names: at most %d can be asked for at once; split the query.", len(q.Names), maxMetricNames)
	}
	for _, n := range q.Names {
		i := slices.IndexFunc(circuitMetricDefs, func(m circuitMetric) bool { return strings.EqualFold(m.name, n) })
		if i < 0 {
			return p, w.azBadRequest("BadRequest",
				"Failed to find metric configuration for provider: Microsoft.Network, resource Type: expressRouteCircuits, metric: %s, Valid metrics: %s", n, metricNames())
		}
		p.metrics = append(p.metrics, circuitMetricDefs[i])
	}
	p.grain = q.Interval
	if p.grain == 0 {
		p.grain = time.Minute
	}
	if !slices.Contains(azure.TimeGrains, p.grain) {
		return p, w.azBadRequest("BadRequest",
			"Invalid time grain duration: %s, supported ones are: 00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00",
			azure.FormatTimeGrain(p.grain))
	}
	p.aggregation = azure.AggregationAverage
	if q.Aggregation != "" {
		i := slices.IndexFunc(metricAggregations, func(a string) bool { return strings.EqualFold(a, q.Aggregation) })
		if i < 0 {
			return p, w.azBadRequest("BadRequest", "Aggregation %q is not valid: use one of %s.", q.Aggregation, strings.Join(metricAggregations, ", "))
		}
		p.aggregation = metricAggregations[i]
	}
	if q.Start.IsZero() || q.End.IsZero() || !q.Start.Before(q.End) {
		return p, w.azBadRequest("BadRequest", "Invalid timespan %s/%s: give a start before the end (timespan=start/end, ISO 8601).",
			q.Start.UTC().Format(time.RFC3339), q.End.UTC().Format(time.RFC3339))
	}
	for _, d := range q.SplitBy {
		var canonical string
		for _, m := range p.metrics {
			i := slices.IndexFunc(m.dimensions, func(x string) bool { return strings.EqualFold(x, d) })
			if i < 0 {
				return p, w.azBadRequest("BadRequest", "Dimension %q is not a dimension of metric %s: its dimensions are %s.",
					d, m.name, strings.Join(m.dimensions, ", "))
			}
			canonical = m.dimensions[i]
		}
		if canonical == dimensionDeviceRole {
			return p, w.azBadRequest("BadRequest",
				"The simulator does not split traffic by %s (it does not model which device carries it): split by %s only, or not at all.",
				dimensionDeviceRole, azure.DimensionPeeringType)
		}
		if !slices.Contains(p.split, canonical) {
			p.split = append(p.split, canonical)
			if p.spelt == nil {
				p.spelt = map[string]string{}
			}
			p.spelt[canonical] = d
		}
	}
	return p, nil
}

// metricsResource checks that id is the ARM ID of an ExpressRoute circuit
// and returns it in canonical form (leading slash, no trailing one). The
// circuit need not exist.
func (w *World) metricsResource(id string) (string, error) {
	id = "/" + strings.Trim(id, "/")
	segs := strings.Split(id[1:], "/")
	if len(segs) < 8 || len(segs)%2 != 0 || !strings.EqualFold(segs[0], "subscriptions") || !strings.EqualFold(segs[2], "resourceGroups") ||
		!strings.EqualFold(segs[4], "providers") || slices.Contains(segs, "") {
		return "", w.azBadRequest("BadRequest", "%q is not the ARM ID of a resource (/subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}).", id)
	}
	if len(segs) != 8 || !strings.EqualFold(segs[5], "Microsoft.Network") || !strings.EqualFold(segs[6], typeCircuits) {
		return "", w.azBadRequest("BadRequest",
			"Failed to find metric configuration for provider: %s, resource Type: %s: the simulator serves the metrics of Microsoft.Network/expressRouteCircuits only.",
			segs[5], strings.Join(slices.Collect(func(yield func(string) bool) {
				for i := 6; i < len(segs); i += 2 {
					if !yield(segs[i]) {
						return
					}
				}
			}), "/"))
	}
	return id, nil
}

// metricNames lists the metrics served, comma-separated as Azure Monitor
// lists them.
func metricNames() string {
	names := make([]string, len(circuitMetricDefs))
	for i, m := range circuitMetricDefs {
		names[i] = m.name
	}
	return strings.Join(names, ",")
}

// seriesShape is one series of a metric: its dimension values and the
// paths whose samples it holds (0 for a circuit-wide metric).
type seriesShape struct {
	dims  map[string]string
	paths []int
}

// seriesOf lists the series of metric m split by dims (canonical names of
// m's dimensions, not DeviceRole), their values keyed as spelt says.
func seriesOf(m circuitMetric, dims []string, spelt map[string]string) []seriesShape {
	base := func() map[string]string {
		if len(dims) == 0 {
			return nil
		}
		d := map[string]string{}
		if slices.Contains(dims, azure.DimensionPeeringType) {
			d[spelt[azure.DimensionPeeringType]] = azure.PeeringTypePrivate
		}
		return d
	}
	if !m.perPath {
		return []seriesShape{{dims: base(), paths: []int{0}}}
	}
	if !slices.Contains(dims, azure.DimensionPeer) {
		return []seriesShape{{dims: base(), paths: []int{0, 1}}}
	}
	var out []seriesShape
	for i, peer := range []string{azure.PeerPrimary, azure.PeerSecondary} {
		d := base()
		d[spelt[azure.DimensionPeer]] = peer
		out = append(out, seriesShape{dims: d, paths: []int{i}})
	}
	return out
}

// points aggregates, per interval of length grain from start while before
// limit, the one-minute samples of the timelines tls: the minutes of
// [from, now) that start before limit, each sampled over its part of
// [from, now).
func points(tls []timeline, start, limit, from, now time.Time, grain time.Duration, aggregation string) []azure.MetricPoint {
	var out []azure.MetricPoint
	t := start
	// Skip the intervals wholly before from (a step at a time, as Sub
	// saturates at 292 years).
	for gap := from.Sub(t); gap > grain; gap = from.Sub(t) {
		t = t.Add(gap / grain * grain)
	}
	for ; t.Before(limit); t = t.Add(grain) {
		var a samples
		first := t
		if f := from.Truncate(metricSampleTick); first.Before(f) {
			first = f
		}
		for m := first; m.Before(t.Add(grain)) && m.Before(limit); m = m.Add(metricSampleTick) {
			lo, hi := maxTime(m, from), minTime(m.Add(metricSampleTick), now)
			if !lo.Before(hi) {
				continue
			}
			for _, tl := range tls {
				a.add(tl.mean(lo, hi))
			}
		}
		if a.n > 0 {
			out = append(out, azure.MetricPoint{Time: t, Value: a.value(aggregation)})
		}
	}
	return out
}

// samples accumulates the values an aggregation is computed from (shared
// by both clouds' metrics).
type samples struct {
	n             int
	sum, min, max float64
}

func (a *samples) add(v float64) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	a.sum += v
}

// value is the aggregation (one of metricAggregations) of the samples.
func (a samples) value(aggregation string) float64 {
	switch aggregation {
	case azure.AggregationMinimum:
		return a.min
	case azure.AggregationMaximum:
		return a.max
	case azure.AggregationTotal:
		return a.sum
	case "Count":
		return float64(a.n)
	}
	return a.sum / float64(a.n)
}

// timeline is a value that changes at instants: each step's value holds
// from its time until the next step's; before the first step the value is
// 0. Steps are in time order; of steps at the same instant the last holds.
type timeline []step

type step struct {
	at time.Time
	v  float64
}

// mean is the time-weighted mean of tl over [a, b), a before b.
func (tl timeline) mean(a, b time.Time) float64 {
	i := sort.Search(len(tl), func(i int) bool { return tl[i].at.After(a) }) // first step after a
	v, cur := 0.0, a
	if i > 0 {
		v = tl[i-1].v
	}
	var sum float64
	for ; i < len(tl) && tl[i].at.Before(b); i++ {
		sum += v * float64(tl[i].at.Sub(cur))
		v, cur = tl[i].v, tl[i].at
	}
	sum += v * float64(b.Sub(cur))
	return sum / float64(b.Sub(a))
}

// healthTimeline is 100 while up holds of the circuit's health, else 0
// (mu held).
func (w *World) healthTimeline(circuitKey string, up func(healthPoint) bool) timeline {
	hist := w.st.Health[circuitKey]
	tl := make(timeline, 0, len(hist))
	for _, h := range hist {
		v := 0.0
		if up(h) {
			v = 100
		}
		tl = append(tl, step{at: h.At, v: v})
	}
	return tl
}

// trafficTimeline is the traffic flowing on the circuit, out of Azure (out)
// or into it (mu held): it changes when the offer or the health does.
func (w *World) trafficTimeline(circuitKey string, out bool) timeline {
	var at []time.Time
	for _, h := range w.st.Health[circuitKey] {
		at = append(at, h.At)
	}
	for _, p := range w.st.Traffic[circuitKey] {
		at = append(at, p.At)
	}
	slices.SortFunc(at, time.Time.Compare)
	at = slices.CompactFunc(at, time.Time.Equal)
	tl := make(timeline, 0, len(at))
	for _, t := range at {
		in, o := w.trafficAt(circuitKey, t)
		if out {
			in = o
		}
		tl = append(tl, step{at: t, v: in})
	}
	return tl
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
