package monitoringclient_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/monitoringclient"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// fastRetries keeps retried requests quick in tests.
var fastRetries = monitoringclient.WithRetryPolicy(ociclient.NewRetryPolicy(4, time.Millisecond, 20*time.Millisecond))

// overHTTP serves w with the simulator's signed OCI face and returns a
// Client talking to it, with the face for inspection.
func overHTTP(t *testing.T, w *sim.World, opts ...monitoringclient.Option) (*monitoringclient.Client, *ociface.Server) {
	t.Helper()
	srv := ociface.Start(t, w)
	opts = append([]monitoringclient.Option{monitoringclient.WithEndpoint(srv.URL()), monitoringclient.WithHTTPClient(srv.HTTPClient()),
		fastRetries}, opts...)
	c, err := monitoringclient.NewClient(srv.ConfigProvider(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// TestConformanceHTTP runs the metrics conformance suite against Client
// talking to the simulator's signed OCI face: a face of its own for every
// client the suite asks for.
func TestConformanceHTTP(t *testing.T) {
	ocitest.RunMetricsConformanceTests(t, ocitest.SimMetricsHarness(func(_ context.Context, t *testing.T, w *sim.World) (oci.Metrics, error) {
		c, _ := overHTTP(t, w)
		return c, nil
	}))
}

// recorded is one HTTP request the client sent, as a recorder saw it.
type recorded struct {
	Method, Path, Query string
	Body                map[string]any
}

// recorder is an HTTP client's transport that records every request.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := recorded{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		if err := json.Unmarshal(b, &rec.Body); err != nil {
			return nil, fmt.Errorf("the request body is not JSON: %s", b)
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// recordingClient returns a Client of the history's world that records its
// requests.
func recordingClient(t *testing.T, h *ocitest.History) (*monitoringclient.Client, *ociface.Server, *recorder) {
	t.Helper()
	srv := ociface.Start(t, h.World)
	hc := srv.HTTPClient()
	rec := &recorder{next: hc.Transport}
	hc.Transport = rec
	c, err := monitoringclient.NewClient(srv.ConfigProvider(), monitoringclient.WithEndpoint(srv.URL()),
		monitoringclient.WithHTTPClient(hc), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, rec
}

// TestOneRequestPerCall checks the wire of one SummarizeMetrics: a single
// signed POST to /20180401/metrics/actions/summarizeMetricsData with the
// compartment as a query parameter and the query, time range and resolution
// in the body, answered with the series the world has.
func TestOneRequestPerCall(t *testing.T) {
	h := ocitest.RecordHistory(t)
	c, srv, rec := recordingClient(t, h)
	q := oci.MetricQuery{CompartmentID: ocitest.Compartment, Namespace: oci.NamespaceFastConnect,
		Query: oci.MQL(oci.MetricIPv4BGPSessionState, 5*time.Minute, oci.StatisticMean, map[string]string{oci.DimensionResourceID: h.VC.ID}),
		Start: h.Start.Add(10 * time.Minute), End: h.Start.Add(15 * time.Minute), Resolution: time.Minute}
	s, err := c.SummarizeMetrics(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1: %+v", len(reqs), reqs)
	}
	r := reqs[0]
	want := map[string]any{"namespace": q.Namespace, "query": q.Query, "startTime": "2000-01-01T00:10:00Z",
		"endTime": "2000-01-01T00:15:00Z", "resolution": "1m"}
	if r.Method != http.MethodPost || r.Path != "/20180401/metrics/actions/summarizeMetricsData" ||
		r.Query != "compartmentId="+ocitest.Compartment || fmt.Sprint(r.Body) != fmt.Sprint(want) {
		t.Errorf("request %+v\nwant POST /20180401/metrics/actions/summarizeMetricsData?compartmentId=%s with body %v", r, ocitest.Compartment, want)
	}
	if k := srv.Requests(); len(k) != 1 || k[0].Kind != "POST /metrics/actions/summarizeMetricsData" || k[0].Status != http.StatusOK {
		t.Errorf("the face answered %+v", k)
	}
	if len(s) != 1 || len(s[0].Points) != 5 || s[0].Points[3].Value != 0.8 || !s[0].Points[0].Time.Equal(q.Start) {
		t.Errorf("answer %+v", s)
	}

	// Without a time range or a resolution, the body leaves them out and OCI
	// applies its defaults.
	if _, err := c.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: ocitest.Compartment, Namespace: oci.NamespaceFastConnect,
		Query: `ConnectionState[1m].mean()`}); err != nil {
		t.Fatal(err)
	}
	if r := rec.requests()[1]; len(r.Body) != 2 || r.Body["namespace"] == nil || r.Body["query"] == nil {
		t.Errorf("a query without time range sent %v, want only namespace and query", r.Body)
	}
}

// TestRetries checks what the client retries (throttling, server errors)
// and what it does not (client errors), counting the requests the face
// answered, and the error a caller gets when retries run out.
func TestRetries(t *testing.T) {
	q := func(h *ocitest.History) oci.MetricQuery {
		return oci.MetricQuery{CompartmentID: ocitest.Compartment, Namespace: oci.NamespaceFastConnect, Query: `ConnectionState[1m].mean()`,
			Start: h.Start, End: h.Start.Add(time.Minute)}
	}
	tests := []struct {
		name     string
		fault    sim.Fault
		mod      func(*oci.MetricQuery)
		requests int
		status   int // 0: the call succeeds
		code     string
	}{
		{"429 then 200", sim.Fault{Count: 1, Kind: sim.Throttle}, nil, 2, 0, ""},
		{"429 with Retry-After, twice, then 200", sim.Fault{Count: 2, Kind: sim.Throttle, RetryAfter: time.Second}, nil, 3, 0, ""},
		{"500 twice then 200", sim.Fault{Count: 2, Kind: sim.ServerError}, nil, 3, 0, ""},
		{"429 until the retries run out", sim.Fault{Count: 10, Kind: sim.Throttle, RetryAfter: 5 * time.Second}, nil, 4,
			http.StatusTooManyRequests, "TooManyRequests"},
		{"400 is not retried", sim.Fault{}, func(q *oci.MetricQuery) { q.Query = "nope" }, 1, http.StatusBadRequest, "InvalidParameter"},
		{"404 is not retried", sim.Fault{}, func(q *oci.MetricQuery) { q.CompartmentID = "ocid1.compartment.oc1..nosuch" }, 1,
			http.StatusNotFound, "NotAuthorizedOrNotFound"},
		{"409 is not retried", sim.Fault{Count: 1, Kind: sim.Conflict}, nil, 1, http.StatusConflict, "IncorrectState"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := ocitest.RecordHistory(t)
			if tt.fault.Count > 0 {
				tt.fault.Cloud, tt.fault.Operation = sim.CloudOCI, "SummarizeMetrics"
				h.World.InjectFault(tt.fault)
			}
			c, srv := overHTTP(t, h.World)
			query := q(h)
			if tt.mod != nil {
				tt.mod(&query)
			}
			_, err := c.SummarizeMetrics(t.Context(), query)
			if n := len(srv.Requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if tt.status == 0 {
				if err != nil {
					t.Errorf("err = %v, want success", err)
				}
				return
			}
			var e *oci.Error
			if !errors.As(err, &e) || e.StatusCode != tt.status || e.Code != tt.code || e.Op != "SummarizeMetrics" ||
				e.Resource != query.CompartmentID || e.OpcRequestID == "" {
				t.Fatalf("err = %v, want *oci.Error %d %s on %s", err, tt.status, tt.code, query.CompartmentID)
			}
			if errors.Is(err, oci.ErrNotFound) != (tt.status == http.StatusNotFound) {
				t.Errorf("errors.Is(%v, ErrNotFound) wrong", err)
			}
			if tt.status == http.StatusTooManyRequests && e.RetryAfter != 5*time.Second {
				t.Errorf("RetryAfter = %v, want the 5s OCI sent", e.RetryAfter)
			}
		})
	}
}

// TestResolutionOnTheWire sends resolutions as MQL intervals; one that is
// not a whole number of minutes goes as written and OCI refuses it.
func TestResolutionOnTheWire(t *testing.T) {
	h := ocitest.RecordHistory(t)
	c, _, rec := recordingClient(t, h)
	for _, tt := range []struct {
		res  time.Duration
		wire string
		ok   bool
	}{{time.Minute, "1m", true}, {time.Hour, "1h", true}, {90 * time.Second, "1m30s", false}} {
		_, err := c.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: ocitest.Compartment, Namespace: oci.NamespaceFastConnect,
			Query: `ConnectionState[1h].mean()`, Start: h.Start, End: h.Start.Add(time.Hour), Resolution: tt.res})
		reqs := rec.requests()
		if got := reqs[len(reqs)-1].Body["resolution"]; got != tt.wire {
			t.Errorf("resolution %v went as %v, want %q", tt.res, got, tt.wire)
		}
		var e *oci.Error
		if tt.ok != (err == nil) || (!tt.ok && (!errors.As(err, &e) || e.StatusCode != http.StatusBadRequest)) {
			t.Errorf("resolution %v: err = %v", tt.res, err)
		}
	}
}

// TestContext checks that a context that has ended sends nothing, and one
// that ends while the request is in flight stops it.
func TestContext(t *testing.T) {
	w := ocitest.NewWorld(sim.Latency{Read: 10 * time.Second})
	c, srv := overHTTP(t, w)
	q := oci.MetricQuery{CompartmentID: ocitest.Compartment, Namespace: oci.NamespaceFastConnect, Query: `ConnectionState[1m].mean()`}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.SummarizeMetrics(ctx, q); !errors.Is(err, context.Canceled) || len(srv.Requests()) != 0 {
		t.Errorf("canceled: err = %v, %d requests; want context.Canceled and none", err, len(srv.Requests()))
	}
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.SummarizeMetrics(ctx, q); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("deadline: err = %v after %v; want context.DeadlineExceeded at once", err, time.Since(start))
	}
}

// TestNewClient checks the client's construction: its default endpoint (the
// region's telemetry host), WithEndpoint, and what it refuses.
func TestNewClient(t *testing.T) {
	srv := ociface.Start(t, ocitest.NewWorld(sim.Latency{}))
	cp := srv.ConfigProvider() // region us-ashburn-1
	c, err := monitoringclient.NewClient(cp)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Endpoint(), "https://telemetry.us-ashburn-1.oraclecloud.com"; got != want {
		t.Errorf("Endpoint = %s, want %s", got, want)
	}
	c, err = monitoringclient.NewClient(cp, monitoringclient.WithEndpoint(srv.URL()))
	if err != nil || c.Endpoint() != srv.URL() {
		t.Errorf("WithEndpoint: %v, %v", c, err)
	}
	if _, err := monitoringclient.NewClient(nil); err == nil {
		t.Errorf("a nil configuration provider was accepted")
	}
	for _, e := range []string{"telemetry.example.com", "ftp://h", "https://h/path", "https://h?x=1", "https://u:p@h", "https://"} {
		if _, err := monitoringclient.NewClient(cp, monitoringclient.WithEndpoint(e)); err == nil || !strings.Contains(err.Error(), e) {
			t.Errorf("endpoint %q: err = %v, want one naming it", e, err)
		}
	}
}

// TestMalformedAnswer checks that a data point without a value, which OCI
// never sends, is an error rather than a zero.
func TestMalformedAnswer(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"namespace":"oci_fastconnect","name":"ConnectionState","compartmentId":"c","dimensions":null,`+
			`"aggregatedDatapoints":[{"timestamp":"2000-01-01T00:00:00Z"}]}]`)
	}))
	defer ts.Close()
	c, err := monitoringclient.NewClient(ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1"), monitoringclient.WithEndpoint(ts.URL),
		monitoringclient.WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: "c", Namespace: "n", Query: "q"})
	if err == nil || !strings.Contains(err.Error(), "without a timestamp or a value") {
		t.Errorf("err = %v", err)
	}
}
