package ocitest

import (
	"context"
	"errors"
	"maps"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: the conformance suite of oci.Metrics, as RunConformanceTests is
// that of oci.Network. Read-only tests run against every harness, a
// production tenancy included; simulator tests need a MetricsSimulator:
// they read a History (a world with a known past) or inject faults.

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

// ---------------------------------------------------------------------------
// Read-only tests

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
// minutes in the time range, in order, the states in [0, 1], the bits not
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

// ---------------------------------------------------------------------------
// Simulated tests: a History

// testMetricsBGP reads Ipv4BgpSessionState: 1 while BGP is up, 0 from the
// instant both paths broke; over 5 minutes, mean() is the fraction of the
// interval's minutes that it was up.
func testMetricsBGP(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	ctx := t.Context()
	run := func(iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(ctx,
			hist.fastConnect(Compartment, vcQuery(oci.MetricIPv4BGPSessionState, iv, stat, hist.VC.ID))))
	}
	id, name := hist.VC.ID, oci.MetricIPv4BGPSessionState
	hist.wantSeries(t, "[1m].mean()", run(time.Minute, "mean"), name, id, minutes{}.span(0, 3, 0).span(4, 12, 1).span(13, 19, 0))
	hist.wantSeries(t, "[5m].mean()", run(5*time.Minute, "mean"), name, id, minutes{0: 0, 5: 0.4, 10: 1, 15: 0.4})
	hist.wantSeries(t, "[5m].max()", run(5*time.Minute, "max"), name, id, minutes{0: 0, 5: 1, 10: 1, 15: 1})
	hist.wantSeries(t, "[5m].min()", run(5*time.Minute, "min"), name, id, minutes{0: 0, 5: 0, 10: 1, 15: 0})
	hist.wantSeries(t, "[5m].count()", run(5*time.Minute, "count"), name, id, minutes{0: 1, 5: 5, 10: 5, 15: 5})
	other := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(ctx,
		hist.fastConnect(OtherCompartment, vcQuery(name, time.Minute, "mean", hist.OtherVC.ID))))
	hist.wantSeries(t, "the other virtual circuit", other, name, hist.OtherVC.ID, minutes{}.span(0, 3, 0).span(4, 19, 1))
}

// testMetricsConnection reads ConnectionState: 1 from PROVISIONED (the link
// is up) until both paths broke.
func testMetricsConnection(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	run := func(iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
			hist.fastConnect(Compartment, vcQuery(oci.MetricConnectionState, iv, stat, hist.VC.ID))))
	}
	id, name := hist.VC.ID, oci.MetricConnectionState
	hist.wantSeries(t, "[1m].mean()", run(time.Minute, "mean"), name, id, minutes{}.span(0, 2, 0).span(3, 12, 1).span(13, 19, 0))
	hist.wantSeries(t, "[5m].mean()", run(5*time.Minute, "mean"), name, id, minutes{0: 0, 5: 0.6, 10: 1, 15: 0.4})
}

// testMetricsTraffic reads BitsReceived (into OCI: what Azure sends) and
// BitsSent (out of OCI: what Azure receives), counted per minute: they flow
// from BGP up until both paths broke, half of the minute of the break.
func testMetricsTraffic(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	run := func(metric string, iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
			hist.fastConnect(Compartment, vcQuery(metric, iv, stat, hist.VC.ID))))
	}
	id := hist.VC.ID
	perMinute := func(bps float64) minutes {
		w := minutes{}.span(0, 4, 0).span(5, 12, 60*bps).span(14, 19, 0)
		w[13] = 30 * bps
		return w
	}
	hist.wantSeries(t, "BitsReceived[1m].sum()", run(oci.MetricBitsReceived, time.Minute, "sum"), oci.MetricBitsReceived, id, perMinute(historyFromAzure))
	hist.wantSeries(t, "BitsSent[1m].sum()", run(oci.MetricBitsSent, time.Minute, "sum"), oci.MetricBitsSent, id, perMinute(historyToAzure))
	hist.wantSeries(t, "BitsReceived[5m].sum()", run(oci.MetricBitsReceived, 5*time.Minute, "sum"), oci.MetricBitsReceived, id,
		minutes{0: 0, 5: 60 * historyFromAzure, 10: 300 * historyFromAzure, 15: 150 * historyFromAzure})
	for _, metric := range []string{oci.MetricPacketsError, oci.MetricPacketsDiscarded} {
		hist.wantSeries(t, metric, run(metric, 5*time.Minute, "max"), metric, id, minutes{0: 0, 5: 0, 10: 0, 15: 0})
	}
	other := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
		hist.fastConnect(OtherCompartment, vcQuery(oci.MetricBitsSent, time.Minute, "sum", hist.OtherVC.ID))))
	hist.wantSeries(t, "the other virtual circuit", other, oci.MetricBitsSent, hist.OtherVC.ID,
		minutes{}.span(0, 4, 0).span(5, 19, 60*historyOtherToAzure))
}

// testMetricsSelection checks that a query selects the streams of its
// compartment only, narrowed by its dimensions.
func testMetricsSelection(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	ids := func(compartment, query string) []string {
		out := []string{}
		for _, s := range must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), hist.fastConnect(compartment, query))) {
			out = append(out, s.Dimensions[oci.DimensionResourceID])
		}
		return out
	}
	tests := []struct {
		name, compartment, query string
		want                     []string
	}{
		{"every stream of the compartment", Compartment, `ConnectionState[1m].mean()`, []string{hist.VC.ID}},
		{"of the other compartment", OtherCompartment, `ConnectionState[1m].mean()`, []string{hist.OtherVC.ID}},
		{"by resourceId", Compartment, vcQuery(oci.MetricConnectionState, time.Minute, "mean", hist.VC.ID), []string{hist.VC.ID}},
		{"another compartment's virtual circuit", Compartment, vcQuery(oci.MetricConnectionState, time.Minute, "mean", hist.OtherVC.ID), []string{}},
		{"by resourceName", OtherCompartment, `BitsSent[1m]{resourceName = "vc-other"}.sum()`, []string{hist.OtherVC.ID}},
		{"by a resourceName of the other compartment", Compartment, `BitsSent[1m]{resourceName = "vc-other"}.sum()`, []string{}},
	}
	for _, tt := range tests {
		if got := ids(tt.compartment, tt.query); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// testMetricsResolution asks for 5-minute windows every minute (a
// resolution below the interval), the same at the interval's resolution,
// and refuses a resolution above it.
func testMetricsResolution(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	q := hist.fastConnect(Compartment, vcQuery(oci.MetricIPv4BGPSessionState, 5*time.Minute, "mean", hist.VC.ID))
	q.Start, q.End, q.Resolution = hist.at(10), hist.at(15), time.Minute
	hist.wantSeries(t, "[5m] every 1m", must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q)),
		oci.MetricIPv4BGPSessionState, hist.VC.ID, minutes{10: 1, 11: 1, 12: 1, 13: 0.8, 14: 0.6})
	q.Start, q.End, q.Resolution = hist.Start, hist.at(20), 5*time.Minute
	hist.wantSeries(t, "[5m] every 5m", must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q)),
		oci.MetricIPv4BGPSessionState, hist.VC.ID, minutes{0: 0, 5: 0.4, 10: 1, 15: 0.4})
	q.Resolution = 10 * time.Minute
	_, err := m.SummarizeMetrics(t.Context(), q)
	wantMetricsErr(t, "a resolution above the interval", err, Compartment, http.StatusBadRequest, "InvalidParameter")
}

// testMetricsDRG reads the DRG drop metrics of the history's attachment:
// one stream per drop type, with the attachment's dimensions.
func testMetricsDRG(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	for _, metric := range []string{oci.MetricPacketDropsToDRGAttachment, oci.MetricPacketDropsFromDRGAttachment} {
		q := hist.fastConnect(Compartment, oci.MQL(metric, 5*time.Minute, oci.StatisticSum,
			map[string]string{oci.DimensionResourceID: hist.Attachment.ID}))
		q.Namespace = oci.NamespaceDRG
		got := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q))
		var types []string
		for _, s := range got {
			types = append(types, s.Dimensions[oci.DimensionDropType])
			if s.Dimensions[oci.DimensionResourceID] != hist.Attachment.ID || s.Dimensions[oci.DimensionDRGID] != hist.Attachment.DRGID ||
				s.Dimensions[oci.DimensionAttachmentType] != "VCN" || len(s.Points) != 4 ||
				slices.ContainsFunc(s.Points, func(p oci.MetricPoint) bool { return p.Value != 0 }) {
				t.Errorf("%s: series %+v, want the attachment's, 4 points at 0", metric, s)
			}
		}
		slices.Sort(types)
		if want := []string{oci.DropTypeNoRoute, oci.DropTypeOthers, oci.DropTypeThroughput}; !slices.Equal(types, want) {
			t.Errorf("%s: drop types %v, want %v", metric, types, want)
		}
	}
}

// testMetricsThrottled makes Monitoring throttle every request: the caller
// gets a retryable 429 TooManyRequests with the Retry-After OCI sent.
func testMetricsThrottled(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	hist.World.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "SummarizeMetrics", Count: 1000, Kind: sim.Throttle,
		RetryAfter: 2 * time.Second})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := m.SummarizeMetrics(ctx, hist.fastConnect(Compartment, `ConnectionState[1m].mean()`))
	if e := wantMetricsErr(t, "throttled", err, Compartment, http.StatusTooManyRequests, "TooManyRequests"); e != nil &&
		(!e.Retryable() || e.RetryDelay() != 2*time.Second) {
		t.Errorf("throttled: %#v, want Retryable with RetryDelay 2s", e)
	}
}
