package armface_test

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// monitorExample is Microsoft's GetMetric example, kept with the metrics
// adapter's tests.
var monitorExample = filepath.Join("..", "..", "azure", "monitorclient", "testdata", "azure-rest-examples", "GetMetric.json")

const monitorAPIVersion = "2024-02-01"

// metricsFace is a face whose world has circuit "er" provisioned with BGP
// up, and the circuit's ARM path.
func metricsFace(t *testing.T) (*sim.World, *armface.Server, *client, string) {
	t.Helper()
	w, face, c := newFace(t, azuretest.Latency())
	ckt, err := w.Azure().PutCircuit(t.Context(), rg, azure.Circuit{Name: "er", Location: azuretest.Region,
		SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
		PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	return w, face, c, path("expressRouteCircuits/er")
}

// metrics sends a metrics query for resource with the parameters.
func (c *client) metrics(resource string, params map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	v := url.Values{"api-version": {monitorAPIVersion}}
	for k, x := range params {
		v.Set(k, x)
	}
	return c.do(http.MethodGet, c.base+resource+"/providers/Microsoft.Insights/metrics?"+v.Encode(), "")
}

// span is a timespan parameter (to the nanosecond, so that an end just
// after the circuit was made is not cut to before it).
func span(from, to time.Time) string {
	return from.UTC().Format(time.RFC3339Nano) + "/" + to.UTC().Format(time.RFC3339Nano)
}

// TestMetricsAnswer: the face answers a metrics query in armmonitor's
// Response shape, with no key Microsoft's GetMetric example lacks: one
// Metric per name asked, one timeseries per value of the dimensions the
// $filter splits by (names lower-cased), a data entry per interval of the
// timespan, valued where the world has a point (from the circuit's
// creation to now).
func TestMetricsAnswer(t *testing.T) {
	created := time.Now()
	w, face, c, er := metricsFace(t)
	if err := w.SetTraffic(er, 4e8, 1e8); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	from, to := now.Truncate(time.Minute).Add(-2*time.Minute), now.Truncate(time.Minute).Add(3*time.Minute)
	before := face.Stats()
	resp, body := c.metrics(er, map[string]string{"metricnames": "BgpAvailability,ArpAvailability", "timespan": span(from, to),
		"interval": "PT1M", "aggregation": "average", "$filter": "Peer eq '*' and PeeringType eq '*'"})
	answered := time.Now()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if d := face.Stats().Sub(before); d.ByKind[armface.KindGet] != 1 || d.ByStatus[http.StatusOK] != 1 {
		t.Errorf("counted %v, want one GET answered 200", d)
	}

	b, err := os.ReadFile(monitorExample)
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Responses map[string]struct{ Body json.RawMessage }
	}
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	known := keyPaths(t, ex.Responses["200"].Body)
	for k := range keyPaths(t, body) {
		if !known[k] {
			t.Errorf("key %s is not in Microsoft's GetMetric example", k)
		}
	}

	var r armmonitor.Response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("the SDK cannot read the answer: %v", err)
	}
	if *r.Timespan != span(from, to) || *r.Interval != "PT1M" || len(r.Value) != 2 {
		t.Fatalf("timespan %s, interval %s, %d metrics", *r.Timespan, *r.Interval, len(r.Value))
	}
	for i, name := range []string{azure.MetricBGPAvailability, azure.MetricARPAvailability} {
		m := r.Value[i]
		if *m.Name.Value != name || *m.Type != "Microsoft.Insights/metrics" || *m.Unit != armmonitor.MetricUnitPercent ||
			*m.ID != er+"/providers/Microsoft.Insights/metrics/"+name || *m.ErrorCode != "Success" || len(m.Timeseries) != 2 {
			t.Fatalf("metric %d: %+v", i, m)
		}
		for j, peer := range []string{azure.PeerPrimary, azure.PeerSecondary} {
			ts := m.Timeseries[j]
			var names, vals []string
			for _, md := range ts.Metadatavalues {
				names, vals = append(names, *md.Name.Value), append(vals, *md.Value)
			}
			if !slices.Equal(names, []string{"peer", "peeringtype"}) || !slices.Equal(vals, []string{peer, azure.PeeringTypePrivate}) {
				t.Errorf("%s series %d: metadata %v = %v", name, j, names, vals)
			}
			if len(ts.Data) != 5 {
				t.Fatalf("%s: %d data entries, want one per minute of the timespan (5)", name, len(ts.Data))
			}
			for k, d := range ts.Data {
				at := from.Add(time.Duration(k) * time.Minute)
				if !d.TimeStamp.Equal(at) || d.Maximum != nil || d.Total != nil {
					t.Errorf("entry %d: %+v at %v", k, d, d.TimeStamp)
				}
				// Valued from the circuit's minute to the present one (a
				// minute that began while the request was served may be
				// either).
				lived := !at.Before(created.Truncate(time.Minute)) && !at.After(now)
				if lived != (d.Average != nil) && !(at.After(now) && !at.After(answered)) {
					t.Errorf("entry %d at %v (circuit made at %v, now %v): average %v", k, at, created, now, d.Average)
				}
			}
		}
	}

	// A timespan of more intervals than the face pads: only the entries
	// with a value.
	_, body = c.metrics(er, map[string]string{"metricnames": "BgpAvailability", "timespan": span(time.Unix(0, 0), now)})
	r = armmonitor.Response{}
	if err := json.Unmarshal(body, &r); err != nil || len(r.Value[0].Timeseries[0].Data) == 0 {
		t.Fatalf("since 1970: %s", body)
	}
	for _, d := range r.Value[0].Timeseries[0].Data {
		if d.Average == nil || d.TimeStamp.Before(created.Truncate(time.Minute)) {
			t.Errorf("since 1970: entry %+v at %v", d, d.TimeStamp)
		}
	}

	// A value filter keeps the series it names.
	_, body = c.metrics(er, map[string]string{"metricnames": "BgpAvailability", "timespan": span(from, to),
		"$filter": "Peer eq 'secondary-ipv4'"})
	r = armmonitor.Response{}
	if err := json.Unmarshal(body, &r); err != nil || len(r.Value) != 1 || len(r.Value[0].Timeseries) != 1 ||
		*r.Value[0].Timeseries[0].Metadatavalues[0].Value != azure.PeerSecondary {
		t.Errorf("Peer eq 'secondary-ipv4': %s", body)
	}

	// Not split: one series without metadata; the aggregation asked fills
	// its own field.
	_, body = c.metrics(er, map[string]string{"metricnames": "BitsInPerSecond", "timespan": span(from, now), "aggregation": "Maximum"})
	r = armmonitor.Response{}
	if err := json.Unmarshal(body, &r); err != nil || len(r.Value) != 1 || len(r.Value[0].Timeseries) != 1 {
		t.Fatalf("BitsInPerSecond: %s", body)
	}
	ts := r.Value[0].Timeseries[0]
	last := ts.Data[len(ts.Data)-1]
	if len(ts.Metadatavalues) != 0 || *r.Value[0].Unit != armmonitor.MetricUnitBitsPerSecond || last.Maximum == nil ||
		*last.Maximum <= 0 || *last.Maximum > 4e8 || last.Average != nil {
		t.Errorf("BitsInPerSecond: %s", body)
	}
}

// TestMetricsWorkbookFilters sends the filters of Microsoft's ExpressRoute
// Insights workbook (microsoft/Application-Insights-Workbooks,
// Workbooks/Network Insights/ExpressRouteCircuits/ExpressRouteCircuitMetrics/
// ExpressRouteCircuitMetrics.workbook) as it writes them: its "Primary
// Connection traffic" and "Secondary Connection traffic" charts (DeviceRole
// eq 'Primary', DeviceRole eq 'secondary') and its "Private Peering
// Traffic" chart (PeeringType eq 'private'). Each keeps its series, and the
// two paths' traffic adds up to the circuit's.
func TestMetricsWorkbookFilters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := azuretest.NewWorld(azuretest.Latency())
		ckt, err := w.Azure().PutCircuit(t.Context(), rg, azure.Circuit{Name: "er", Location: azuretest.Region,
			SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
			PeeringLocation: "Washington DC", BandwidthMbps: 1000})
		if err != nil {
			t.Fatal(err)
		}
		azuretest.Handoff(t, w, ckt)
		// No socket in a bubble: the requests go to the face's handler.
		c := &client{t: t, base: armface.InProcessURL, hc: &http.Client{Transport: handlerTransport{armface.New(w)}}}
		er := path("expressRouteCircuits/er")
		if err := w.SetTraffic(er, 4e8, 1e8); err != nil {
			t.Fatal(err)
		}
		m := time.Now().Truncate(time.Minute).Add(time.Minute)
		time.Sleep(time.Until(m.Add(2 * time.Minute)))
		if err := w.BreakPath(er, azure.Primary); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		// BitsOutPerSecond per minute from m: both paths up for two
		// minutes, then the secondary alone.
		bitsOut := func(filter string) (dims map[string]string, values []float64) {
			t.Helper()
			resp, body := c.metrics(er, map[string]string{"metricnames": "BitsOutPerSecond", "timespan": span(m, m.Add(3*time.Minute)),
				"interval": "PT1M", "aggregation": "Average", "$filter": filter})
			var r armmonitor.Response
			if err := json.Unmarshal(body, &r); resp.StatusCode != http.StatusOK || err != nil || len(r.Value) != 1 || len(r.Value[0].Timeseries) != 1 {
				t.Fatalf("$filter %s: status %d: %s", filter, resp.StatusCode, body)
			}
			ts := r.Value[0].Timeseries[0]
			dims = map[string]string{}
			for _, md := range ts.Metadatavalues {
				dims[*md.Name.Value] = *md.Value
			}
			for _, d := range ts.Data {
				if d.Average == nil {
					t.Fatalf("$filter %s: an entry without a value: %s", filter, body)
				}
				values = append(values, *d.Average)
			}
			return dims, values
		}
		for _, tc := range []struct {
			filter string
			dims   map[string]string
			want   []float64
		}{
			{"DeviceRole eq 'Primary'", map[string]string{"devicerole": azure.DeviceRolePrimary}, []float64{5e7, 5e7, 0}},
			{"DeviceRole eq 'secondary'", map[string]string{"devicerole": azure.DeviceRoleSecondary}, []float64{5e7, 5e7, 1e8}},
			{"PeeringType eq 'private'", map[string]string{"peeringtype": "private"}, []float64{1e8, 1e8, 1e8}},
			{"DeviceRole eq 'secondary' and PeeringType eq 'private'", map[string]string{"devicerole": "secondary", "peeringtype": "private"},
				[]float64{5e7, 5e7, 1e8}},
		} {
			dims, got := bitsOut(tc.filter)
			if !reflect.DeepEqual(dims, tc.dims) || !slices.Equal(got, tc.want) {
				t.Errorf("$filter %s: series %v with %v, want %v with %v", tc.filter, dims, got, tc.dims, tc.want)
			}
		}
	})
}

// handlerTransport serves requests with a handler, as a TLS server would
// receive them.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	in.RequestURI, in.TLS = req.URL.RequestURI(), &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	return rec.Result(), nil
}

// TestMetricsErrors: Azure Monitor's own refusals carry its top-level
// {"code","message"} body; throttling carries ARM's body and Retry-After;
// the face's checks of the parameters are 400 BadRequest too.
func TestMetricsErrors(t *testing.T) {
	w, _, c, er := metricsFace(t)
	now := time.Now()
	ok := map[string]string{"metricnames": "BgpAvailability", "timespan": span(now.Add(-time.Hour), now)}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range ok {
			m[a] = b
		}
		m[k] = v
		return m
	}
	monitorError := func(name string, resp *http.Response, body []byte, status int, code, in string) {
		t.Helper()
		var e struct {
			Code, Message string
			Error         any
		}
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != status || e.Code != code || e.Error != nil || !strings.Contains(e.Message, in) {
			t.Errorf("%s: %d %s, want %d with {\"code\":%q} naming %q", name, resp.StatusCode, body, status, code, in)
		}
	}
	tests := []struct {
		name, resource string
		params         map[string]string
		status         int
		code, in       string
	}{
		{"unknown metric", er, with("metricnames", "Latency"), 400, "BadRequest", "Valid metrics"},
		{"bad interval", er, with("interval", "PT2M"), 400, "BadRequest", "Invalid time grain duration: PT2M"},
		{"interval not ISO 8601", er, with("interval", "5m"), 400, "BadRequest", "ISO 8601"},
		{"interval FULL", er, with("interval", "FULL"), 400, "BadRequest", "FULL"},
		{"two aggregations", er, with("aggregation", "average,maximum"), 400, "BadRequest", "one aggregation"},
		{"timespan as a duration", er, with("timespan", "PT1H"), 400, "BadRequest", "Invalid timespan"},
		{"no timespan", er, with("timespan", ""), 400, "BadRequest", "timespan"},
		{"bad filter", er, with("$filter", "Peer ne 'x'"), 400, "BadRequest", "$filter"},
		{"metadata", er, with("resultType", "Metadata"), 400, "BadRequest", "data only"},
		{"another namespace", er, with("metricnamespace", "Microsoft.Storage/storageAccounts"), 400, "BadRequest", "namespace"},
		{"missing circuit", path("expressRouteCircuits/nope"), ok, 404, "NotFound", "expressRouteCircuits/nope is not found"},
		{"not a circuit", path("virtualNetworks/" + azuretest.VirtualNetwork), ok, 400, "BadRequest", "virtualNetworks"},
	}
	for _, tc := range tests {
		resp, body := c.metrics(tc.resource, tc.params)
		monitorError(tc.name, resp, body, tc.status, tc.code, tc.in)
	}

	w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "ListMetrics", Count: 1, Kind: sim.Throttle, RetryAfter: time.Minute})
	resp, body := c.metrics(er, ok)
	if code := armError(t, resp, body, http.StatusTooManyRequests); code != "TooManyRequests" || resp.Header.Get("Retry-After") != "60" {
		t.Errorf("throttled: %s, Retry-After %q", code, resp.Header.Get("Retry-After"))
	}

	resp, body = c.do(http.MethodPost, c.base+er+"/providers/Microsoft.Insights/metrics?api-version="+monitorAPIVersion, "")
	if armError(t, resp, body, http.StatusMethodNotAllowed); resp.Header.Get("Allow") != http.MethodGet {
		t.Errorf("Allow %q", resp.Header.Get("Allow"))
	}
	other := strings.Replace(er, azuretest.Subscription, "00000000-0000-0000-0000-000000000001", 1)
	resp, body = c.metrics(other, ok)
	if code := armError(t, resp, body, http.StatusNotFound); code != "SubscriptionNotFound" {
		t.Errorf("another subscription: %s", code)
	}
}

// TestInProcessClientOptions: a real SDK client on InProcessClientOptions
// talks to the face inside a synctest bubble, where the world's clock is
// exact: a read takes exactly Latency.Read.
func TestInProcessClientOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := azuretest.NewWorld(sim.DefaultLatency())
		face := armface.New(w)
		vnets, err := armnetwork.NewVirtualNetworksClient(w.SubscriptionID(), &fake.TokenCredential{}, face.InProcessClientOptions())
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		v, err := vnets.Get(t.Context(), rg, azuretest.VirtualNetwork, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != sim.DefaultLatency().Read || *v.Name != azuretest.VirtualNetwork {
			t.Errorf("GET took %v (want exactly %v), answered %s", d, sim.DefaultLatency().Read, *v.Name)
		}
		if _, err := vnets.Get(t.Context(), rg, "nope", nil); err == nil || !strings.Contains(err.Error(), "ResourceNotFound") {
			t.Errorf("a missing VNet: %v", err)
		}
		if s := face.Stats(); s.ByKind[armface.KindGet] != 2 {
			t.Errorf("stats %v", s)
		}
	})
}
