package ocitest

import (
	"errors"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: the conformance suite of oci.Metrics, as RunConformanceTests is
// that of oci.Network. Read-only tests run against every harness, a
// production tenancy included; simulator tests need a MetricsSimulator:
// they read a History (a world with a known past) or inject faults. The
// read-only tests are in metrics_readonly.go, the simulator tests in
// metrics_simulated.go; this file holds the list and what they share.

// metricsTest is one test of the metrics suite.
type metricsTest struct {
	name string
	kind kind // readOnly or simulated
	why  string
	run  func(t *testing.T, h MetricsHarness)
}

// Reasons the simulated metrics tests give.
const (
	whyHistory = "it reads a world with a known past (links that came up, carried traffic and broke at known instants)"
)

// metricsTests lists the suite, by kind.
var metricsTests = []metricsTest{
	{"SelectsNothing", readOnly, "", testMetricsSelectsNothing},
	{"MalformedQuery", readOnly, "", testMetricsMalformedQuery},
	{"MissingCompartment", readOnly, "", testMetricsMissingCompartment},
	{"VirtualCircuitLastHour", readOnly, "", testMetricsVirtualCircuit},

	{"BGPSessionState", simulated, whyHistory, testMetricsBGP},
	{"ConnectionState", simulated, whyHistory, testMetricsConnection},
	{"Traffic", simulated, whyHistory, testMetricsTraffic},
	{"Packets", simulated, whyHistory, testMetricsPackets},
	{"Selection", simulated, whyHistory, testMetricsSelection},
	{"Resolution", simulated, whyHistory, testMetricsResolution},
	{"DRGDrops", simulated, whyHistory, testMetricsDRG},
	{"Throttled", simulated, whyFaults, testMetricsThrottled},
}

// RunMetricsConformanceTests runs the oci.Metrics suite, every test in
// parallel with the others, each with a harness of its own from newHarness
// (closed when the test ends). Tests the harness cannot run are skipped,
// saying why: the simulator tests when the harness is not a
// MetricsSimulator, the virtual circuit test without
// MetricsEnv.VirtualCircuit.
//
// A harness over a client that retries should retry quickly: the throttling
// test makes every attempt answer 429 with Retry-After 2s.
func RunMetricsConformanceTests(t *testing.T, newHarness MetricsHarnessMaker) {
	for _, tc := range metricsTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, err := newHarness(t.Context(), t)
			if err != nil {
				t.Fatalf("making the harness: %v", err)
			}
			t.Cleanup(h.Close)
			if _, ok := h.(MetricsSimulator); tc.kind == simulated && !ok {
				t.Skip("needs the simulator: " + tc.why)
			}
			tc.run(t, h)
		})
	}
}

// metricsClient returns a new client of the harness's cloud.
func metricsClient(t *testing.T, h MetricsHarness) oci.Metrics {
	t.Helper()
	m, err := h.MakeMetrics(t.Context())
	if err != nil {
		t.Fatalf("MakeMetrics: %v", err)
	}
	return m
}

// metricsOver returns a new client of w; simulated tests only.
func metricsOver(t *testing.T, h MetricsHarness, w *sim.World) oci.Metrics {
	t.Helper()
	m, err := h.(MetricsSimulator).MetricsOver(t.Context(), w)
	if err != nil {
		t.Fatalf("MetricsOver: %v", err)
	}
	return m
}

// historyClient records a History and returns a client of it.
func historyClient(t *testing.T, h MetricsHarness) (*History, oci.Metrics) {
	t.Helper()
	hist := RecordHistory(t)
	return hist, metricsOver(t, h, hist.World)
}

// fastConnect is a query of the history's window, [Start, Start+20m), in
// namespace oci_fastconnect.
func (h *History) fastConnect(compartment, query string) oci.MetricQuery {
	return oci.MetricQuery{CompartmentID: compartment, Namespace: oci.NamespaceFastConnect, Query: query, Start: h.Start, End: h.at(20)}
}

// vcQuery writes metric[interval]{resourceId = id}.statistic().
func vcQuery(metric string, interval time.Duration, statistic, id string) string {
	return oci.MQL(metric, interval, statistic, map[string]string{oci.DimensionResourceID: id})
}

// minutes maps minutes from a history's Start to values: a series' points,
// for expectations.
type minutes map[int]float64

// span sets minutes from..to (included) to v.
func (m minutes) span(from, to int, v float64) minutes {
	for i := from; i <= to; i++ {
		m[i] = v
	}
	return m
}

// wantSeries checks that got is exactly one series, of resource id, with
// the points want.
func (h *History) wantSeries(t *testing.T, what string, got []oci.MetricSeries, name, id string, want minutes) {
	t.Helper()
	if len(got) != 1 {
		t.Errorf("%s: %d series, want 1: %+v", what, len(got), got)
		return
	}
	s := got[0]
	if s.Name != name || s.Dimensions[oci.DimensionResourceID] != id {
		t.Errorf("%s: series %s of %v, want %s of %s", what, s.Name, s.Dimensions, name, id)
	}
	have := minutes{}
	for _, p := range s.Points {
		d := p.Time.Sub(h.Start)
		if d%time.Minute != 0 {
			t.Errorf("%s: point at %v is not on a whole minute", what, p.Time)
		}
		have[int(d/time.Minute)] = p.Value
	}
	if !maps.Equal(have, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, have, want)
	}
}

// wantMetricsErr checks err is an *oci.Error of SummarizeMetrics on
// compartment with status, and code unless code is "".
func wantMetricsErr(t *testing.T, what string, err error, compartment string, status int, code string) *oci.Error {
	t.Helper()
	var e *oci.Error
	if !errors.As(err, &e) || e.StatusCode != status || (code != "" && e.Code != code) {
		t.Errorf("%s: err = %v, want *oci.Error %d %s", what, err, status, code)
		return nil
	}
	if e.Op != "SummarizeMetrics" || e.Resource != compartment || e.Message == "" {
		t.Errorf("%s: error %#v: want Op SummarizeMetrics, the compartment and a message", what, e)
	}
	if got := errors.Is(err, oci.ErrNotFound); got != (status == http.StatusNotFound) {
		t.Errorf("%s: errors.Is(%v, oci.ErrNotFound) = %v", what, err, got)
	}
	return e
}
