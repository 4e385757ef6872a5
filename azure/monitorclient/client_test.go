package monitorclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// These tests run the adapter against the simulator's ARM face over HTTPS
// (httptest.NewTLSServer), in real time: the wiring, the requests, the
// errors. The exact values over time are the conformance suite's
// (conformance_test.go).

// requestLog records the requests a face serves.
type requestLog struct {
	mu   sync.Mutex
	reqs []*url.URL
}

func (l *requestLog) hook(r *http.Request, _ []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := *r.URL
	l.reqs = append(l.reqs, &u)
}

// since returns the requests after the first n.
func (l *requestLog) since(n int) []*url.URL {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*url.URL(nil), l.reqs[n:]...)
}

func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

// newHTTPS serves a world made by azuretest.NewWorld over HTTPS and returns
// an adapter pointed at it, the world, the face's request log and circuit
// "er", provisioned with BGP up.
func newHTTPS(t *testing.T) (*monitorclient.Client, *sim.World, *requestLog, azure.Circuit) {
	t.Helper()
	w := azuretest.NewWorld(azuretest.Latency())
	log := &requestLog{}
	face := armface.NewTLSServer(w, armface.WithRequestHook(log.hook))
	t.Cleanup(face.Close)
	c, err := monitorclient.NewClient(&fake.TokenCredential{}, face.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	ckt, err := w.Azure().PutCircuit(t.Context(), azuretest.ResourceGroup, azure.Circuit{Name: "er", Location: azuretest.Region,
		SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
		PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	return c, w, log, ckt
}

// TestListMetricsHTTPS: over HTTPS the adapter answers exactly what the
// simulator answers directly, for queries of every kind, with one GET of
// {resourceId}/providers/Microsoft.Insights/metrics each, whose parameters
// are armmonitor's.
func TestListMetricsHTTPS(t *testing.T) {
	c, w, log, ckt := newHTTPS(t)
	if err := w.SetTraffic(ckt.ID, 3e8, 2e8); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := w.BreakPath(ckt.ID, azure.Secondary); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	end := time.Now() // in the past for both calls: the answers cannot differ
	start := end.Add(-10 * time.Minute)
	all := []string{azure.MetricARPAvailability, azure.MetricBGPAvailability, azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond}
	queries := []azure.MetricQuery{
		{Names: all},
		{Names: all, Interval: 5 * time.Minute, Aggregation: azure.AggregationMinimum},
		{Names: []string{azure.MetricBGPAvailability, azure.MetricARPAvailability}, Aggregation: azure.AggregationMaximum,
			SplitBy: []string{azure.DimensionPeer, azure.DimensionPeeringType}},
		{Names: []string{azure.MetricBitsInPerSecond}, Interval: time.Hour, Aggregation: azure.AggregationTotal,
			SplitBy: []string{azure.DimensionPeeringType}},
		{Names: []string{"bgpavailability"}, Aggregation: "count", SplitBy: []string{"peer"}},
	}
	for i, q := range queries {
		q.ResourceID, q.Start, q.End = ckt.ID, start, end
		want, err := w.AzureMetrics().ListMetrics(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		n := log.len()
		got, err := c.ListMetrics(t.Context(), q)
		if err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		sameSeries(t, i, got, want, end, q.Interval)
		reqs := log.since(n)
		if len(reqs) != 1 {
			t.Fatalf("query %d: %d requests, want 1: %v", i, len(reqs), reqs)
		}
		r, v := reqs[0], reqs[0].Query()
		t.Logf("query %d: GET %s?%s", i, r.Path, r.RawQuery)
		wantV := url.Values{"api-version": {"2024-02-01"}, "metricnames": {strings.Join(q.Names, ",")},
			"timespan": {start.UTC().Format(time.RFC3339Nano) + "/" + end.UTC().Format(time.RFC3339Nano)}}
		if q.Interval > 0 {
			wantV.Set("interval", azure.FormatTimeGrain(q.Interval))
		}
		if q.Aggregation != "" {
			wantV.Set("aggregation", q.Aggregation)
		}
		if len(q.SplitBy) > 0 {
			wantV.Set("$filter", q.SplitBy[0]+" eq '*'")
			if len(q.SplitBy) == 2 {
				wantV.Set("$filter", q.SplitBy[0]+" eq '*' and "+q.SplitBy[1]+" eq '*'")
			}
		}
		if r.Path != ckt.ID+"/providers/Microsoft.Insights/metrics" || !reflect.DeepEqual(v, wantV) {
			t.Errorf("query %d: GET %s with %v,\nwant %s/providers/Microsoft.Insights/metrics with %v", i, r.Path, v, ckt.ID, wantV)
		}
	}
	if got := must(c.ListMetrics(t.Context(), azure.MetricQuery{ResourceID: ckt.ID, Names: []string{azure.MetricBitsInPerSecond},
		Start: start, End: end})); len(got) != 1 || len(got[0].Points) == 0 || got[0].Points[len(got[0].Points)-1].Value <= 0 {
		t.Errorf("the traffic offered does not show: %+v", got)
	}
}

// sameSeries asserts that got and want are equal, except the values of
// the points whose interval (grain, a minute when 0) holds end's minute:
// the current minute is sampled until now, so its value moves between two
// calls.
func sameSeries(t *testing.T, query int, got, want []azure.MetricSeries, end time.Time, grain time.Duration) {
	t.Helper()
	if grain == 0 {
		grain = time.Minute
	}
	moving := end.UTC().Truncate(time.Minute)
	blank := func(ss []azure.MetricSeries) []azure.MetricSeries {
		out := make([]azure.MetricSeries, len(ss))
		for i, s := range ss {
			s.Points = slices.Clone(s.Points)
			for j := range s.Points {
				if at := s.Points[j].Time; !moving.Before(at) && moving.Before(at.Add(grain)) {
					s.Points[j].Value = -1
				}
			}
			out[i] = s
		}
		return out
	}
	if !reflect.DeepEqual(blank(got), blank(want)) {
		t.Errorf("query %d:\nover HTTPS %+v\ndirectly   %+v", query, got, want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestListMetricsErrorsHTTPS: Azure Monitor's answers become *azure.Error
// naming ListMetrics and the resource: 404 (matching azure.ErrNotFound),
// 400, 429 with Retry-After (azcore retries a short one itself; a long one
// comes back to the caller); a context that ends, a server that is gone and
// a query without a resource are errors too.
func TestListMetricsErrorsHTTPS(t *testing.T) {
	c, w, log, ckt := newHTTPS(t)
	ctx := t.Context()
	now := time.Now()
	q := azure.MetricQuery{ResourceID: ckt.ID, Names: []string{azure.MetricBGPAvailability}, Start: now.Add(-time.Hour), End: now}
	wantErr := func(what string, err error, status int, code, in string) *azure.Error {
		t.Helper()
		var e *azure.Error
		if !errors.As(err, &e) || e.StatusCode != status || e.Code != code || e.Op != "ListMetrics" || !strings.Contains(e.Message, in) ||
			!strings.Contains(err.Error(), e.Resource) {
			t.Fatalf("%s: %v, want %d %s naming ListMetrics, the resource and %q", what, err, status, code, in)
		}
		return e
	}

	missing := q
	missing.ResourceID = strings.Replace(ckt.ID, "/er", "/nope", 1)
	_, err := c.ListMetrics(ctx, missing)
	if e := wantErr("missing circuit", err, 404, "NotFound", "is not found"); !errors.Is(err, azure.ErrNotFound) || e.Resource != missing.ResourceID {
		t.Errorf("missing circuit: %v does not match ErrNotFound or name %s", err, missing.ResourceID)
	}

	unknown := q
	unknown.Names = []string{"Latency"}
	_, err = c.ListMetrics(ctx, unknown)
	wantErr("unknown metric", err, 400, "BadRequest", "Valid metrics: ArpAvailability,BgpAvailability,BitsInPerSecond,BitsOutPerSecond")

	w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "ListMetrics", Count: 1, Kind: sim.Throttle, RetryAfter: time.Minute})
	n := log.len()
	_, err = c.ListMetrics(ctx, q)
	if e := wantErr("throttled for a minute", err, 429, "TooManyRequests", "throttled"); e.RetryDelay() != time.Minute || !e.Retryable() {
		t.Errorf("throttled: retry after %v, retryable %v; want a minute, true", e.RetryDelay(), e.Retryable())
	}
	if k := len(log.since(n)); k != 1 {
		t.Errorf("a Retry-After beyond the retry policy's limit was retried: %d requests", k)
	}

	w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "ListMetrics", Count: 1, Kind: sim.Throttle, RetryAfter: time.Second})
	n = log.len()
	start := time.Now()
	if _, err := c.ListMetrics(ctx, q); err != nil {
		t.Errorf("throttled for a second: %v, want azcore to wait and retry", err)
	}
	if k, d := len(log.since(n)), time.Since(start); k != 2 || d < time.Second {
		t.Errorf("throttled for a second: %d requests in %v, want 2 a second apart", k, d)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.ListMetrics(canceled, q); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: %v", err)
	}
	if _, err := c.ListMetrics(ctx, azure.MetricQuery{Names: q.Names}); err == nil || !strings.Contains(err.Error(), "ResourceID") {
		t.Errorf("no resource: %v", err)
	}
	if _, err := monitorclient.NewClient(nil, nil); err == nil {
		t.Error("NewClient(nil credential) succeeded")
	}
}

// TestListMetricsServerGone: a transport failure is an error naming the
// operation and the resource, not an *azure.Error.
func TestListMetricsServerGone(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	face := armface.NewTLSServer(w)
	opts := face.ClientOptions()
	opts.Retry.MaxRetries = -1
	c, err := monitorclient.NewClient(&fake.TokenCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	face.Close()
	id := "/subscriptions/" + azuretest.Subscription + "/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er"
	_, err = c.ListMetrics(t.Context(), azure.MetricQuery{ResourceID: id, Names: []string{azure.MetricBGPAvailability}})
	var e *azure.Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "ListMetrics "+id) {
		t.Errorf("server gone: %v", err)
	}
}
