package ociface

import (
	"net/http"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/monitoring"

	"github.com/azoci/interconnect/oci"
)

// This file: the Monitoring API (/20180401) call the face serves,
// SummarizeMetricsData, backed by sim.World.OCIMetrics. The wire format is
// oci-go-sdk's monitoring.SummarizeMetricsDataDetails (request body) and
// []monitoring.MetricData (answer).

// monitoringRoutes lists the Monitoring API operations the face serves.
var monitoringRoutes = []route{
	{"POST /metrics/actions/summarizeMetricsData", (*Server).summarizeMetricsData},
}

// summarizeMetricsData answers POST
// /20180401/metrics/actions/summarizeMetricsData?compartmentId=...: the
// query parameter and the body become an oci.MetricQuery for the world
// (which answers its own errors: 404 for the compartment, 400 for the
// query). The face itself answers 400 MissingParameter without
// compartmentId, and 400 InvalidParameter for a body it cannot read, a
// resolution that is not an MQL interval, and compartmentIdInSubtree=true
// (which the simulator does not serve: OCI allows it in the tenancy only).
func (s *Server) summarizeMetricsData() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		compartment, ok := s.required(w, r, "compartmentId")
		if !ok {
			return
		}
		if r.URL.Query().Get("compartmentIdInSubtree") == "true" {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "compartmentIdInSubtree is not served by the simulator: query each compartment.")
			return
		}
		var d monitoring.SummarizeMetricsDataDetails
		if !s.decode(w, body, &d) {
			return
		}
		q := oci.MetricQuery{CompartmentID: compartment, Namespace: str(d.Namespace), Query: str(d.Query),
			Start: sdkTime(d.StartTime), End: sdkTime(d.EndTime)}
		if d.Resolution != nil {
			res, err := oci.ParseInterval(*d.Resolution)
			if err != nil {
				s.fail(w, http.StatusBadRequest, "InvalidParameter", "Invalid resolution: "+err.Error()+".")
				return
			}
			q.Resolution = res
		}
		series, err := s.w.OCIMetrics().SummarizeMetrics(r.Context(), q)
		if err != nil {
			s.failErr(w, err)
			return
		}
		out := make([]monitoring.MetricData, 0, len(series))
		for _, m := range series {
			out = append(out, metricDataToSDK(compartment, m))
		}
		reply(w, http.StatusOK, out, "")
	}
}

// sdkTime reads an optional time of a request; nil is the zero time (the
// world's default).
func sdkTime(t *common.SDKTime) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.Time
}

// metricDataToSDK writes one series as OCI answers it: every mandatory
// field set, dimensions and datapoints as lists even when empty.
func metricDataToSDK(compartment string, m oci.MetricSeries) monitoring.MetricData {
	out := monitoring.MetricData{Namespace: common.String(m.Namespace), CompartmentId: common.String(compartment),
		Name: common.String(m.Name), Dimensions: map[string]string{}, AggregatedDatapoints: []monitoring.AggregatedDatapoint{}}
	for k, v := range m.Dimensions {
		out.Dimensions[k] = v
	}
	for _, p := range m.Points {
		out.AggregatedDatapoints = append(out.AggregatedDatapoints, monitoring.AggregatedDatapoint{
			Timestamp: &common.SDKTime{Time: p.Time}, Value: common.Float64(p.Value)})
	}
	return out
}
