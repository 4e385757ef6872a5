package ocitest

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the read-only tests of the oci.Metrics suite (see
// metrics_conformance.go). They run against every harness, a production
// tenancy included, and read the last hour.

// lastHour is a query of the last hour.
func lastHour(compartment, namespace, query string) oci.MetricQuery {
	end := time.Now()
	return oci.MetricQuery{CompartmentID: compartment, Namespace: namespace, Query: query, Start: end.Add(-time.Hour), End: end}
}

// testMetricsSelectsNothing asks for the metrics of a virtual circuit that
// does not exist, and of a metric no namespace has: no series, no error.
func testMetricsSelectsNothing(t *testing.T, h MetricsHarness) {
	env := h.MetricsEnv()
	m := metricsClient(t, h)
	for _, q := range []oci.MetricQuery{
		lastHour(env.Compartment, oci.NamespaceFastConnect,
			vcQuery(oci.MetricIPv4BGPSessionState, time.Minute, oci.StatisticMean, "ocid1.virtualcircuit.oc1.iad.aaaaaaaanosuchvirtualcircuit")),
		lastHour(env.Compartment, oci.NamespaceFastConnect, `AzociNoSuchMetric[1m].mean()`),
	} {
		if got := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q)); len(got) != 0 {
			t.Errorf("%s: %+v, want no series", q.Query, got)
		}
	}
}

// testMetricsMalformedQuery sends queries no MQL parser accepts: 400 (with
// InvalidParameter on the simulator; OCI documents no code for it).
func testMetricsMalformedQuery(t *testing.T, h MetricsHarness) {
	env := h.MetricsEnv()
	m := metricsClient(t, h)
	_, sim := h.(MetricsSimulator)
	for _, query := range []string{
		`Ipv4BgpSessionState.mean()`,                         // no interval
		`Ipv4BgpSessionState[1x].mean()`,                     // not an interval
		`Ipv4BgpSessionState[1m]`,                            // no statistic
		`Ipv4BgpSessionState[1m].mean(`,                      // unclosed
		`Ipv4BgpSessionState[1m]{resourceId = "abc}.mean()`,  // unterminated value
		`Ipv4BgpSessionState[1m]{resourceId = }.mean()`,      // no value
		`Ipv4BgpSessionState[1m].mean() Ipv4BgpSessionState`, // trailing garbage
	} {
		_, err := m.SummarizeMetrics(t.Context(), lastHour(env.Compartment, oci.NamespaceFastConnect, query))
		code := ""
		if sim {
			code = "InvalidParameter"
		}
		if e := wantMetricsErr(t, query, err, env.Compartment, http.StatusBadRequest, code); e != nil && e.Retryable() {
			t.Errorf("%s: a 400 is Retryable", query)
		}
	}
}

// testMetricsMissingCompartment reads metrics in a compartment that does not
// exist: 404, matching oci.ErrNotFound.
func testMetricsMissingCompartment(t *testing.T, h MetricsHarness) {
	env := h.MetricsEnv()
	m := metricsClient(t, h)
	missing := missingCompartment(env.Compartment)
	_, err := m.SummarizeMetrics(t.Context(), lastHour(missing, oci.NamespaceFastConnect, `Ipv4BgpSessionState[1m].mean()`))
	wantMetricsErr(t, "missing compartment", err, missing, http.StatusNotFound, "NotAuthorizedOrNotFound")
}

// missingCompartment returns a compartment OCID like c (same realm, so that
// OCI does not reject it as malformed) that names nothing: the end of its
// unique part changed.
func missingCompartment(c string) string {
	parts := strings.Split(c, ".")
	if len(parts) < 5 {
		return "ocid1.compartment.oc1..aaaaaaaanosuchcompartment"
	}
	unique := []byte(parts[len(parts)-1])
	for i := max(len(unique)-12, 0); i < len(unique); i++ {
		if unique[i] == 'a' {
			unique[i] = 'b'
		} else {
			unique[i] = 'a'
		}
	}
	parts[len(parts)-1] = string(unique)
	return strings.Join(parts, ".")
}

// testMetricsVirtualCircuit reads the last hour of the harness's virtual
// circuit: one series per metric, of that circuit, with points on whole
// minutes in the time range, in order, the states in [0, 1], the counts not
// negative; and values that do not alias the implementation's memory.
func testMetricsVirtualCircuit(t *testing.T, h MetricsHarness) {
	env := h.MetricsEnv()
	if env.VirtualCircuit == "" {
		t.Skip("MetricsEnv.VirtualCircuit is not set: no virtual circuit to read")
	}
	m := metricsClient(t, h)
	for _, tc := range []struct {
		metric, statistic string
		max               float64
	}{
		{oci.MetricConnectionState, oci.StatisticMean, 1},
		{oci.MetricIPv4BGPSessionState, oci.StatisticMin, 1},
		{oci.MetricBitsReceived, oci.StatisticSum, math.Inf(1)},
		{oci.MetricBitsSent, oci.StatisticRate, math.Inf(1)},
		{oci.MetricBytesReceived, oci.StatisticSum, math.Inf(1)},
		{oci.MetricBytesSent, oci.StatisticSum, math.Inf(1)},
		{oci.MetricPacketsReceived, oci.StatisticSum, math.Inf(1)},
		{oci.MetricPacketsSent, oci.StatisticSum, math.Inf(1)},
		{oci.MetricPacketsError, oci.StatisticSum, math.Inf(1)},
		{oci.MetricPacketsDiscarded, oci.StatisticSum, math.Inf(1)},
	} {
		q := lastHour(env.Compartment, oci.NamespaceFastConnect, vcQuery(tc.metric, time.Minute, tc.statistic, env.VirtualCircuit))
		got := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q))
		if len(got) != 1 {
			t.Errorf("%s: %d series, want 1 (is the virtual circuit in compartment %s?): %+v", q.Query, len(got), env.Compartment, got)
			continue
		}
		s := got[0]
		if s.Namespace != oci.NamespaceFastConnect || s.Name != tc.metric || s.Dimensions[oci.DimensionResourceID] != env.VirtualCircuit {
			t.Errorf("%s: series %s %s %v", q.Query, s.Namespace, s.Name, s.Dimensions)
		}
		if len(s.Points) == 0 {
			t.Errorf("%s: no points in the last hour", q.Query)
		}
		for i, p := range s.Points {
			if p.Time.Before(q.Start) || !p.Time.Before(q.End) || p.Time.Truncate(time.Minute) != p.Time ||
				(i > 0 && !p.Time.After(s.Points[i-1].Time)) || p.Value < 0 || p.Value > tc.max || math.IsNaN(p.Value) {
				t.Errorf("%s: point %d %+v: want increasing whole minutes in [%v, %v), values in [0, %v]", q.Query, i, p, q.Start, q.End, tc.max)
			}
		}
		if tc.metric != oci.MetricConnectionState {
			continue
		}
		want := slices.Clone(s.Points)
		s.Dimensions[oci.DimensionResourceID], s.Points[0].Value = "changed", 42
		again := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q))
		if len(again) != 1 || again[0].Dimensions[oci.DimensionResourceID] != env.VirtualCircuit ||
			(len(again[0].Points) > 0 && again[0].Points[0].Value == 42 && want[0].Value != 42) {
			t.Errorf("a returned series aliases the implementation's memory: %+v", again)
		}
	}
}
