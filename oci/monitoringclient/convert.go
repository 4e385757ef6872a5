package monitoringclient

import (
	"errors"
	"maps"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/monitoring"

	"github.com/azoci/interconnect/oci"
)

// This file: every conversion between the library's values and the SDK's.

// summarizeRequest is the SDK request of a query: the compartment as the
// compartmentId query parameter, the rest in the body. A zero Start, End or
// Resolution is left out, so that OCI applies its defaults (3 hours ago,
// now, the query's interval). The resolution is written as MQL writes an
// interval (oci.FormatInterval); one OCI cannot take goes as written and OCI
// answers 400.
func summarizeRequest(q oci.MetricQuery) monitoring.SummarizeMetricsDataRequest {
	d := monitoring.SummarizeMetricsDataDetails{Namespace: common.String(q.Namespace), Query: common.String(q.Query)}
	if !q.Start.IsZero() {
		d.StartTime = &common.SDKTime{Time: q.Start}
	}
	if !q.End.IsZero() {
		d.EndTime = &common.SDKTime{Time: q.End}
	}
	if q.Resolution != 0 {
		d.Resolution = common.String(oci.FormatInterval(q.Resolution))
	}
	return monitoring.SummarizeMetricsDataRequest{CompartmentId: common.String(q.CompartmentID), SummarizeMetricsDataDetails: d}
}

// seriesFromSDK converts an answer. It is never nil; every series has a
// non-nil Dimensions map, copied from the answer.
func seriesFromSDK(items []monitoring.MetricData) ([]oci.MetricSeries, error) {
	out := make([]oci.MetricSeries, 0, len(items))
	for _, m := range items {
		s := oci.MetricSeries{Namespace: str(m.Namespace), Name: str(m.Name), Dimensions: maps.Clone(m.Dimensions)}
		if s.Dimensions == nil {
			s.Dimensions = map[string]string{}
		}
		for _, p := range m.AggregatedDatapoints {
			if p.Timestamp == nil || p.Value == nil {
				return nil, errors.New("metric " + s.Name + ": OCI answered a data point without a timestamp or a value")
			}
			s.Points = append(s.Points, oci.MetricPoint{Time: p.Timestamp.Time, Value: *p.Value})
		}
		out = append(out, s)
	}
	return out, nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
