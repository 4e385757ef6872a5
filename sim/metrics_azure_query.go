package sim

import (
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: the checks Azure Monitor makes of a metrics query (see
// metrics_azure.go), which turn it into a metricPlan or a 400 BadRequest.

// metricPlan is a checked query.
type metricPlan struct {
	circuitID   string
	metrics     []circuitMetric
	aggregation string
	grain       time.Duration
	split       []string          // canonical dimension names
	spelt       map[string]string // canonical name → as the query spells it
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
