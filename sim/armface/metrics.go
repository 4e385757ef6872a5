package armface

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"

	"github.com/azoci/interconnect/azure"
)

// This file: Azure Monitor's metrics API on a resource,
// GET {resourceId}/providers/Microsoft.Insights/metrics, answered from the
// world's AzureMetrics. The wire format is armmonitor's (api-version
// 2024-02-01): the query parameters of MetricsClient.List and its Response
// model, in the shape of Microsoft's GetMetric example
// (azure/monitorclient/testdata/azure-rest-examples/GetMetric.json):
// dimension names in metadatavalues are lower-cased as the example shows
// ("tier" for a filter on Tier), and every interval of the timespan has a
// data entry, with only its timeStamp when it has no value (up to
// maxPaddedEntries).

// monitorNamespace is the metric namespace of ExpressRoute circuits.
const monitorNamespace = "Microsoft.Network/expressRouteCircuits"

// maxPaddedEntries bounds the entries without a value the face writes per
// series: a query of more intervals than this (a year at PT1M) gets the
// entries with a value only. A simulator limit, to keep absurd timespans
// cheap; Azure Monitor documents none.
const maxPaddedEntries = 100_000

// metricInfo is what Microsoft's table "Supported metrics for
// Microsoft.Network/expressRouteCircuits" says of a metric: its display name
// and description.
var metricInfo = map[string]struct{ display, description string }{
	azure.MetricARPAvailability:  {"Arp Availability", "ARP Availability from MSEE towards all peers."},
	azure.MetricBGPAvailability:  {"Bgp Availability", "BGP Availability from MSEE towards all peers."},
	azure.MetricBitsInPerSecond:  {"BitsInPerSecond", "Bits ingressing Azure per second"},
	azure.MetricBitsOutPerSecond: {"BitsOutPerSecond", "Bits egressing Azure per second"},
}

// serveMetrics answers a metrics query: 200 with armmonitor's Response, or
// the world's error.
func (s *Server) serveMetrics(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route) {
	q, f, err := metricsQuery(rt.resource, r.URL.Query())
	if err != nil {
		writeMonitorError(rw, &azure.Error{Op: "ListMetrics", Resource: rt.resource, StatusCode: http.StatusBadRequest, Code: "BadRequest", Message: err.Error()})
		return
	}
	series, err := s.w.AzureMetrics().ListMetrics(ctx, q)
	if err != nil {
		writeMonitorError(rw, err)
		return
	}
	writeJSON(rw, http.StatusOK, metricsToARM(rt.resource, q, f, series))
}

// metricsQuery reads the query parameters of MetricsClient.List into a
// MetricQuery. The world checks what it can (names, interval, aggregation,
// timespan, dimensions); the errors here are about the form of the
// parameters, and what the simulator does not serve: the interval FULL,
// several aggregations at once, metric metadata (resultType=Metadata),
// another metric namespace. top, orderby, rollupby, AutoAdjustTimegrain
// and ValidateDimensions are ignored: the world always validates, and
// answers at most two series per metric.
func metricsQuery(resource string, v url.Values) (azure.MetricQuery, metricFilter, error) {
	q := azure.MetricQuery{ResourceID: resource}
	var f metricFilter
	if names := v.Get("metricnames"); names != "" {
		for _, n := range strings.Split(names, ",") {
			// A comma inside a metric name is sent as %2 (the swagger's
			// metricnames parameter).
			q.Names = append(q.Names, strings.ReplaceAll(n, "%2", ","))
		}
	}
	if ts := v.Get("timespan"); ts != "" {
		from, to, ok := strings.Cut(ts, "/")
		start, err1 := time.Parse(time.RFC3339Nano, from)
		end, err2 := time.Parse(time.RFC3339Nano, to)
		if !ok || err1 != nil || err2 != nil {
			return q, f, errors.New("Invalid timespan " + ts + ": write it start/end in ISO 8601, e.g. 2021-04-20T09:00:00Z/2021-04-20T14:00:00Z (the simulator does not read durations).")
		}
		q.Start, q.End = start, end
	}
	if iv := v.Get("interval"); iv != "" {
		if strings.EqualFold(iv, "FULL") {
			return q, f, errors.New("The simulator does not serve interval FULL: ask for one of PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D.")
		}
		d, err := azure.ParseTimeGrain(iv)
		if err != nil {
			return q, f, errors.New("Invalid time grain duration: " + iv + ": write it in ISO 8601, e.g. PT5M.")
		}
		q.Interval = d
	}
	if agg := v.Get("aggregation"); agg != "" {
		if strings.Contains(agg, ",") {
			return q, f, errors.New("The simulator answers one aggregation per query, not " + agg + ": query once per aggregation.")
		}
		q.Aggregation = agg
	}
	if rt := v.Get("resultType"); rt != "" && !strings.EqualFold(rt, string(armmonitor.ResultTypeData)) {
		return q, f, errors.New("The simulator serves metric data only (resultType=Data), not " + rt + ".")
	}
	if ns := v.Get("metricnamespace"); ns != "" && !strings.EqualFold(ns, monitorNamespace) {
		return q, f, errors.New("Metric namespace " + ns + " is not served: the simulator serves " + monitorNamespace + ".")
	}
	f, err := parseMetricFilter(v.Get("$filter"))
	if err != nil {
		return q, f, err
	}
	q.SplitBy = f.dims
	return q, f, nil
}

// metricsToARM is Azure Monitor's Response: one Metric per metric of the
// answer (series of one metric are consecutive), each with the series the
// filter keeps, padded with an entry for every interval without a value.
func metricsToARM(resource string, q azure.MetricQuery, f metricFilter, series []azure.MetricSeries) armmonitor.Response {
	grain := q.Interval
	if grain == 0 {
		grain = time.Minute // the interval parameter's default
	}
	agg := aggregationField(q.Aggregation)
	out := armmonitor.Response{
		Timespan:  to.Ptr(q.Start.UTC().Format(time.RFC3339) + "/" + q.End.UTC().Format(time.RFC3339)),
		Interval:  to.Ptr(azure.FormatTimeGrain(grain)),
		Namespace: to.Ptr(monitorNamespace),
		Value:     []*armmonitor.Metric{},
	}
	for i, s := range series {
		if i == 0 || s.Name != series[i-1].Name {
			info := metricInfo[s.Name]
			out.Value = append(out.Value, &armmonitor.Metric{
				ID:   to.Ptr(resource + "/providers/Microsoft.Insights/metrics/" + s.Name),
				Type: to.Ptr("Microsoft.Insights/metrics"),
				Name: &armmonitor.LocalizableString{Value: to.Ptr(s.Name), LocalizedValue: to.Ptr(info.display)},
				Unit: to.Ptr(armmonitor.MetricUnit(s.Unit)), DisplayDescription: to.Ptr(info.description),
				ErrorCode: to.Ptr("Success"), Timeseries: []*armmonitor.TimeSeriesElement{},
			})
		}
		if !f.keeps(s.Dimensions) {
			continue
		}
		m := out.Value[len(out.Value)-1]
		el := &armmonitor.TimeSeriesElement{Metadatavalues: []*armmonitor.MetadataValue{}, Data: []*armmonitor.MetricValue{}}
		for _, d := range f.dims {
			for k, v := range s.Dimensions {
				if strings.EqualFold(k, d) {
					name := strings.ToLower(k)
					el.Metadatavalues = append(el.Metadatavalues, &armmonitor.MetadataValue{
						Name: &armmonitor.LocalizableString{Value: to.Ptr(name), LocalizedValue: to.Ptr(name)}, Value: to.Ptr(v)})
				}
			}
		}
		values := map[time.Time]float64{}
		for _, p := range s.Points {
			values[p.Time.UTC()] = p.Value
		}
		start := q.Start.UTC().Truncate(time.Minute)
		if q.End.Sub(start)/grain > maxPaddedEntries {
			for _, p := range s.Points {
				mv := &armmonitor.MetricValue{TimeStamp: to.Ptr(p.Time.UTC())}
				agg(mv, p.Value)
				el.Data = append(el.Data, mv)
			}
		} else {
			for t := start; t.Before(q.End); t = t.Add(grain) {
				mv := &armmonitor.MetricValue{TimeStamp: to.Ptr(t)}
				if v, ok := values[t]; ok {
					agg(mv, v)
				}
				el.Data = append(el.Data, mv)
			}
		}
		m.Timeseries = append(m.Timeseries, el)
	}
	return out
}

// aggregationField returns the setter of the MetricValue field an
// aggregation fills (average when none is named).
func aggregationField(aggregation string) func(*armmonitor.MetricValue, float64) {
	switch strings.ToLower(aggregation) {
	case "minimum":
		return func(m *armmonitor.MetricValue, v float64) { m.Minimum = to.Ptr(v) }
	case "maximum":
		return func(m *armmonitor.MetricValue, v float64) { m.Maximum = to.Ptr(v) }
	case "total":
		return func(m *armmonitor.MetricValue, v float64) { m.Total = to.Ptr(v) }
	case "count":
		return func(m *armmonitor.MetricValue, v float64) { m.Count = to.Ptr(v) }
	}
	return func(m *armmonitor.MetricValue, v float64) { m.Average = to.Ptr(v) }
}

// writeMonitorError answers an error of a metrics query. Azure Monitor's
// own refusals (400, 404) carry its body, {"code","message"} at the top
// level, as Azure Monitor answers (Azure/azure-sdk-for-net#29584: 400
// BadRequest "Failed to find metric configuration ..."; Azure/
// azure-sdk-for-go#21228: 404 NotFound "Resource: ... is not found"),
// not ARM's {"error":{...}} that the swagger names; throttling and server
// errors, which come from ARM's front door, carry ARM's body (writeError).
func writeMonitorError(rw http.ResponseWriter, err error) {
	var e *azure.Error
	if !errors.As(err, &e) || (e.StatusCode != http.StatusBadRequest && e.StatusCode != http.StatusNotFound) {
		writeError(rw, err)
		return
	}
	b, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{e.Code, e.Message})
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(e.StatusCode)
	_, _ = rw.Write(b)
}
