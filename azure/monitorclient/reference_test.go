package monitorclient_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/monitorclient"
)

// These tests feed Microsoft's published Metrics - List example
// (testdata/azure-rest-examples/GetMetric.json) and answers in its shape to
// the adapter, through a TLS server that answers what each test scripts.

// scripted is a TLS server that answers every request with one status,
// headers and body, and records the requests.
type scripted struct {
	ts     *httptest.Server
	status int
	header map[string]string
	body   []byte

	mu   sync.Mutex
	reqs []*url.URL
}

func newScripted(t *testing.T, status int, header map[string]string, body []byte) (*scripted, *monitorclient.Client) {
	t.Helper()
	s := &scripted{status: status, header: header, body: body}
	s.ts = httptest.NewTLSServer(s)
	t.Cleanup(s.ts.Close)
	opts := &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: s.ts.URL + "/", Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
				cloud.ResourceManager: {Endpoint: s.ts.URL, Audience: "https://management.azure.com"}}},
			Transport: s.ts.Client(),
			Retry:     policy.RetryOptions{MaxRetries: -1},
		},
		DisableRPRegistration: true,
	}
	c, err := monitorclient.NewClient(&fake.TokenCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	u := *r.URL
	s.reqs = append(s.reqs, &u)
	s.mu.Unlock()
	for k, v := range s.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(s.status)
	_, _ = w.Write(s.body)
}

// getMetric is Microsoft's example: its parameters and its 200 body.
type getMetric struct {
	Parameters map[string]json.RawMessage
	Responses  map[string]struct{ Body json.RawMessage }
}

func loadGetMetric(t *testing.T) getMetric {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "azure-rest-examples", "GetMetric.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e getMetric
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e getMetric) param(t *testing.T, name string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(e.Parameters[name], &s); err != nil {
		t.Fatalf("parameter %s: %v", name, err)
	}
	return s
}

// TestReferenceGetMetric: the adapter asks the example's question in the
// example's parameters, and reads every series and point of its answer,
// keyed by the dimension as the query spells it ("Tier") although the
// answer lower-cases it ("tier").
func TestReferenceGetMetric(t *testing.T) {
	ex := loadGetMetric(t)
	s, c := newScripted(t, http.StatusOK, nil, ex.Responses["200"].Body)
	resource := "/" + ex.param(t, "resourceUri")
	start, _ := time.Parse(time.RFC3339, "2021-04-20T09:00:00Z")
	q := azure.MetricQuery{ResourceID: resource, Names: strings.Split(ex.param(t, "metricnames"), ","),
		Start: start, End: start.Add(5 * time.Hour), Interval: 6 * time.Hour, Aggregation: azure.AggregationAverage, SplitBy: []string{"Tier"}}
	ss, err := c.ListMetrics(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}

	// The request.
	if len(s.reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(s.reqs))
	}
	r, v := s.reqs[0], s.reqs[0].Query()
	if r.Path != resource+"/providers/Microsoft.Insights/metrics" {
		t.Errorf("path %s", r.Path)
	}
	for k := range v {
		if _, ok := ex.Parameters[k]; !ok {
			t.Errorf("parameter %s is not in Microsoft's example", k)
		}
	}
	for _, k := range []string{"api-version", "metricnames", "$filter", "interval"} {
		if v.Get(k) != ex.param(t, k) {
			t.Errorf("%s = %q, the example sends %q", k, v.Get(k), ex.param(t, k))
		}
	}
	from, to, _ := strings.Cut(v.Get("timespan"), "/")
	exFrom, exTo, _ := strings.Cut(ex.param(t, "timespan"), "/")
	for _, p := range [][2]string{{from, exFrom}, {to, exTo}} {
		a, err1 := time.Parse(time.RFC3339Nano, p[0])
		b, err2 := time.Parse(time.RFC3339Nano, p[1])
		if err1 != nil || err2 != nil || !a.Equal(b) {
			t.Errorf("timespan %s, the example's %s", v.Get("timespan"), ex.param(t, "timespan"))
		}
	}
	if !strings.EqualFold(v.Get("aggregation"), "average") {
		t.Errorf("aggregation %q", v.Get("aggregation"))
	}

	// The answer: 5 tiers of BlobCount, 5 of BlobCapacity, 5 hourly points each.
	if len(ss) != 10 {
		t.Fatalf("%d series, want 10: %+v", len(ss), ss)
	}
	first, sixth := ss[0], ss[5]
	if first.Name != "BlobCount" || first.Unit != "Count" || len(first.Dimensions) != 1 || first.Dimensions["Tier"] != "Hot" ||
		sixth.Name != "BlobCapacity" || sixth.Unit != "Bytes" || sixth.Dimensions["Tier"] != "Standard" {
		t.Errorf("series 0 and 5: %+v, %+v", first, sixth)
	}
	for _, s := range ss {
		if len(s.Points) != 5 {
			t.Errorf("%s %v: %d points, want 5", s.Name, s.Dimensions, len(s.Points))
			continue
		}
		for i, p := range s.Points {
			if want := start.Add(time.Duration(i) * time.Hour); !p.Time.Equal(want) || p.Time.Location() != time.UTC {
				t.Errorf("%s %v: point %d at %v, want %v (UTC)", s.Name, s.Dimensions, i, p.Time, want)
			}
		}
	}
	if first.Points[0].Value != 7 || sixth.Points[4].Value != 621492 {
		t.Errorf("values %v, %v; want 7 and 621492", first.Points[0].Value, sixth.Points[4].Value)
	}

	// The same answer read for an aggregation it does not hold: no points.
	q.Aggregation = azure.AggregationTotal
	ss, err = c.ListMetrics(t.Context(), q)
	if err != nil || len(ss) != 10 || len(ss[0].Points) != 0 {
		t.Errorf("Total, which the example does not answer: %+v, %v; want 10 series without points", ss, err)
	}
	q.Aggregation = "minimum"
	if ss, err = c.ListMetrics(t.Context(), q); err != nil || len(ss[0].Points) != 5 || ss[0].Points[1].Value != 7 {
		t.Errorf("minimum: %+v, %v", ss, err)
	}
}

// TestReferenceMetricError: a metric that Azure Monitor could not read comes
// back inside a 200 with its own errorCode (Microsoft's GetMetricError
// example, as armmonitor's ExampleMetricsClient_List_getMetricWithError
// shows it): the call fails with that code.
func TestReferenceMetricError(t *testing.T) {
	const id = "/subscriptions/ac41e21f-afd6-4a79-8070-f01eba278f97/resourceGroups/todking/providers/Microsoft.DocumentDb/databaseAccounts/tk-cosmos-mongo"
	body := `{"cost":239,"timespan":"2021-06-07T21:51:00Z/2021-06-08T01:51:00Z","interval":"PT4H",
	"value":[{"id":"` + id + `/providers/Microsoft.Insights/metrics/MongoRequestsCount","type":"Microsoft.Insights/metrics",
	"name":{"value":"MongoRequestsCount","localizedValue":"(deprecated) Mongo Request Rate"},"unit":"CountPerSecond","timeseries":[],
	"errorCode":"InvalidSamplingType","errorMessage":"Sampling type is not found. Metric:CosmosDBCustomer,AzureMonitor,MongoRequests, SamplingType:NullableAverage."}],
	"namespace":"microsoft.documentdb/databaseaccounts","resourceregion":"westus2"}`
	_, c := newScripted(t, http.StatusOK, nil, []byte(body))
	_, err := c.ListMetrics(t.Context(), azure.MetricQuery{ResourceID: id, Names: []string{"MongoRequestsCount"}})
	var e *azure.Error
	if !errors.As(err, &e) || e.Code != "InvalidSamplingType" || e.StatusCode != http.StatusOK || e.Resource != id ||
		!strings.Contains(e.Message, "MongoRequestsCount") || !strings.Contains(e.Message, "Sampling type is not found") {
		t.Errorf("err = %v, want InvalidSamplingType naming the metric", err)
	}
}

// TestReferenceErrorBodies: errors are read from Azure Monitor's
// top-level {"code","message"} and from ARM's {"error":{...}}, with
// Retry-After in any of the forms azcore reads; entries without the
// aggregation's value are skipped.
func TestReferenceErrorBodies(t *testing.T) {
	const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er"
	q := azure.MetricQuery{ResourceID: id, Names: []string{azure.MetricBGPAvailability}}
	tests := []struct {
		name   string
		status int
		header map[string]string
		body   string
		code   string
		retry  time.Duration
	}{
		{"Azure Monitor's body", 400, nil, `{"code":"BadRequest","message":"Failed to find metric configuration for provider: Microsoft.Network"}`, "BadRequest", 0},
		{"ARM's body", 404, nil, `{"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg' could not be found."}}`, "ResourceGroupNotFound", 0},
		{"Retry-After in seconds", 429, map[string]string{"Retry-After": "7"}, `{"error":{"code":"TooManyRequests","message":"throttled"}}`, "TooManyRequests", 7 * time.Second},
		{"retry-after-ms", 429, map[string]string{"Retry-After-Ms": "1500"}, `{"code":"TooManyRequests","message":"throttled"}`, "TooManyRequests", 1500 * time.Millisecond},
		{"no body", 503, nil, ``, "", 0},
	}
	for _, tc := range tests {
		_, c := newScripted(t, tc.status, tc.header, []byte(tc.body))
		_, err := c.ListMetrics(t.Context(), q)
		var e *azure.Error
		if !errors.As(err, &e) || e.StatusCode != tc.status || e.Code != tc.code || e.RetryAfter != tc.retry || e.Resource != id ||
			(tc.body != "" && e.Message == "") {
			t.Errorf("%s: %#v (%v)", tc.name, e, err)
		}
	}

	_, c := newScripted(t, http.StatusOK, nil, []byte(`{"timespan":"2021-04-20T09:00:00Z/2021-04-20T10:00:00Z","interval":"PT1M","value":[
		{"id":"x","type":"Microsoft.Insights/metrics","name":{"value":"BgpAvailability"},"unit":"Percent","errorCode":"Success",
		 "timeseries":[{"metadatavalues":[],"data":[{"timeStamp":"2021-04-20T09:00:00Z"},{"timeStamp":"2021-04-20T09:01:00Z","average":100}]}]}]}`))
	ss, err := c.ListMetrics(t.Context(), q)
	if err != nil || len(ss) != 1 || len(ss[0].Points) != 1 || ss[0].Points[0].Value != 100 || ss[0].Dimensions != nil {
		t.Errorf("an entry without a value: %+v, %v; want one point", ss, err)
	}
}
