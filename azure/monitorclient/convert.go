package monitorclient

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"

	"github.com/azoci/interconnect/azure"
)

// toSeries reads Azure Monitor's answer to q: one azure.MetricSeries per
// timeseries of each metric, in the answer's order. Dimension names come
// back lower-cased (Microsoft's GetMetric example answers "tier" for a
// filter on "Tier"): each is written as q.SplitBy spells it. Points hold
// the aggregation q asked for (Average when none); an entry without that
// value (an interval without data) has no point.
func toSeries(q azure.MetricQuery, r armmonitor.Response) ([]azure.MetricSeries, error) {
	pick := aggregationOf(q.Aggregation)
	var out []azure.MetricSeries
	for _, m := range r.Value {
		if m == nil {
			continue
		}
		name := ""
		if m.Name != nil {
			name = deref(m.Name.Value)
		}
		if code := deref(m.ErrorCode); code != "" && !strings.EqualFold(code, "Success") {
			return nil, &azure.Error{Op: "ListMetrics", Resource: q.ResourceID, StatusCode: http.StatusOK, Code: code,
				Message: fmt.Sprintf("Azure Monitor could not read metric %s: %s", name, deref(m.ErrorMessage))}
		}
		for _, ts := range m.Timeseries {
			if ts == nil {
				continue
			}
			s := azure.MetricSeries{Name: name, Unit: string(deref(m.Unit))}
			for _, md := range ts.Metadatavalues {
				if md == nil || md.Name == nil || md.Name.Value == nil {
					continue
				}
				if s.Dimensions == nil {
					s.Dimensions = map[string]string{}
				}
				s.Dimensions[dimensionName(*md.Name.Value, q.SplitBy)] = deref(md.Value)
			}
			for _, d := range ts.Data {
				if d == nil || d.TimeStamp == nil {
					continue
				}
				if v := pick(d); v != nil {
					s.Points = append(s.Points, azure.MetricPoint{Time: d.TimeStamp.UTC(), Value: *v})
				}
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// dimensionName is name as split spells it (case-insensitive), or name.
func dimensionName(name string, split []string) string {
	for _, d := range split {
		if strings.EqualFold(d, name) {
			return d
		}
	}
	return name
}

// aggregationOf returns the field of a MetricValue that holds an
// aggregation (Average, Minimum, Maximum, Total, Count; any case; "" is
// Average).
func aggregationOf(aggregation string) func(*armmonitor.MetricValue) *float64 {
	switch strings.ToLower(aggregation) {
	case "minimum":
		return func(v *armmonitor.MetricValue) *float64 { return v.Minimum }
	case "maximum":
		return func(v *armmonitor.MetricValue) *float64 { return v.Maximum }
	case "total":
		return func(v *armmonitor.MetricValue) *float64 { return v.Total }
	case "count":
		return func(v *armmonitor.MetricValue) *float64 { return v.Count }
	}
	return func(v *armmonitor.MetricValue) *float64 { return v.Average }
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
