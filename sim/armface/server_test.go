package armface_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

const (
	apiVersion = "2025-05-01"
	rg         = azuretest.ResourceGroup
)

// path is the ARM path of a resource of the suite's world.
func path(rest string) string {
	return "/subscriptions/" + azuretest.Subscription + "/resourceGroups/" + rg + "/providers/Microsoft.Network/" + rest
}

// client sends raw ARM requests to a face.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func newFace(t *testing.T, lat sim.Latency, opts ...armface.Option) (*sim.World, *armface.Server, *client) {
	t.Helper()
	w := azuretest.NewWorld(lat)
	face := armface.NewTLSServer(w, opts...)
	t.Cleanup(face.Close)
	return w, face, &client{t: t, base: face.URL(), hc: face.ClientOptions().Transport.(*http.Client)}
}

// do sends a request with a bearer token and api-version (unless the path
// is a full URL, which is used as given) and returns the answer and its body.
func (c *client) do(method, target, body string, edit ...func(*http.Request)) (*http.Response, []byte) {
	c.t.Helper()
	url := target
	if !strings.HasPrefix(target, "http") {
		url = c.base + target + "?api-version=" + apiVersion
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	for _, e := range edit {
		e(req)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, b
}

// armError checks an ARM error answer and returns its code.
func armError(t *testing.T, resp *http.Response, body []byte, status int) string {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an ARM error body (%v): %s", err, body)
	}
	return e.Error.Code
}

func field(t *testing.T, body []byte, keys ...string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// pollUntil polls an operation URL until its answer satisfies done.
func (c *client) pollUntil(url string, done func(*http.Response, []byte) bool) (*http.Response, []byte, int) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for polls := 1; ; polls++ {
		resp, body := c.do(http.MethodGet, url, "")
		if done(resp, body) {
			return resp, body, polls
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("operation %s never ended: %d %s", url, resp.StatusCode, body)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

const pipBody = `{"location":"eastus","sku":{"name":"Standard"},"properties":{"publicIPAllocationMethod":"Static"}}`

func TestRequestChecks(t *testing.T) {
	_, face, c := newFace(t, azuretest.Latency())
	tests := []struct {
		name   string
		method string
		url    string
		edit   func(*http.Request)
		status int
		code   string
		kind   armface.Kind
	}{
		{"no bearer token", http.MethodGet, path("expressRouteCircuits/er"), func(r *http.Request) { r.Header.Del("Authorization") },
			http.StatusUnauthorized, "AuthenticationFailed", armface.KindGet},
		{"no api-version", http.MethodGet, face.URL() + path("expressRouteCircuits/er"), nil,
			http.StatusBadRequest, "MissingApiVersionParameter", armface.KindGet},
		{"another subscription", http.MethodGet, strings.Replace(path("expressRouteCircuits/er"), azuretest.Subscription, "other", 1), nil,
			http.StatusNotFound, "SubscriptionNotFound", armface.KindGet},
		{"unknown resource type", http.MethodGet, path("loadBalancers/lb"), nil, http.StatusNotFound, "InvalidResourceType", armface.KindOther},
		{"a child without a name", http.MethodGet, path("virtualNetworks/v/subnets"), nil, http.StatusNotFound, "InvalidResourceType", armface.KindOther},
		{"not under a subscription", http.MethodGet, "/providers/Microsoft.Network/operations", nil, http.StatusNotFound, "InvalidResourceType", armface.KindOther},
		{"method not allowed", http.MethodPatch, path("expressRouteCircuits/er"), nil, http.StatusMethodNotAllowed, "MethodNotAllowed", armface.KindOther},
		{"missing resource", http.MethodGet, path("expressRouteCircuits/er"), nil, http.StatusNotFound, "ResourceNotFound", armface.KindGet},
		{"connections of a missing gateway", http.MethodGet, path("virtualNetworkGateways/gw/connections"), nil,
			http.StatusNotFound, "ResourceNotFound", armface.KindGet},
		{"a PUT of a gateway's connections", http.MethodPut, path("virtualNetworkGateways/gw/connections"), nil,
			http.StatusMethodNotAllowed, "MethodNotAllowed", armface.KindPut},
		{"missing resource group", http.MethodGet, strings.Replace(path("publicIPAddresses/p"), rg, "rg-nope", 1), nil,
			http.StatusNotFound, "ResourceGroupNotFound", armface.KindGet},
		{"a peering other than AzurePrivatePeering", http.MethodGet, path("expressRouteCircuits/er/peerings/MicrosoftPeering"), nil,
			http.StatusNotFound, "NotFound", armface.KindGet},
		{"unknown operation", http.MethodGet, "/subscriptions/" + azuretest.Subscription + "/providers/Microsoft.Network/locations/eastus/operations/nope", nil,
			http.StatusNotFound, "OperationNotFound", armface.KindPoll},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := face.Stats()
			var edits []func(*http.Request)
			if tc.edit != nil {
				edits = append(edits, tc.edit)
			}
			resp, body := c.do(tc.method, tc.url, "", edits...)
			if code := armError(t, resp, body, tc.status); code != tc.code {
				t.Errorf("code %s, want %s", code, tc.code)
			}
			if tc.status == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if d := face.Stats().Sub(before); d.ByKind[tc.kind] != 1 || d.Total() != 1 || d.ByStatus[tc.status] != 1 {
				t.Errorf("counted %s, want one %s answered %d", d, tc.kind, tc.status)
			}
		})
	}
}

// TestPutLifecycle: 201 with Azure-AsyncOperation, the operation polled to
// Succeeded, then 200 for a PUT of a resource that exists, and 409 for one
// whose operation runs.
func TestPutLifecycle(t *testing.T) {
	lat := azuretest.Latency()
	lat.PublicIP = 500 * time.Millisecond
	_, _, c := newFace(t, lat)
	resp, body := c.do(http.MethodPut, path("publicIPAddresses/pip"), pipBody)
	if resp.StatusCode != http.StatusCreated || field(t, body, "properties", "provisioningState") != "Updating" {
		t.Fatalf("PUT: %d %s", resp.StatusCode, body)
	}
	op := resp.Header.Get("Azure-AsyncOperation")
	if !strings.HasPrefix(op, "https://") || !strings.Contains(op, "/operations/") || !strings.Contains(op, "api-version="+apiVersion) {
		t.Fatalf("Azure-AsyncOperation %q", op)
	}
	resp, body = c.do(http.MethodPut, path("publicIPAddresses/pip"), pipBody)
	if code := armError(t, resp, body, http.StatusConflict); code != "AnotherOperationInProgress" {
		t.Errorf("PUT during the operation: %s", code)
	}
	_, body, _ = c.pollUntil(op, func(r *http.Response, b []byte) bool { return field(t, b, "status") != "InProgress" })
	if field(t, body, "status") != "Succeeded" {
		t.Errorf("operation ended %s", body)
	}
	resp, body = c.do(http.MethodPut, path("publicIPAddresses/pip"), pipBody)
	if resp.StatusCode != http.StatusOK || field(t, body, "properties", "ipAddress") == nil {
		t.Errorf("PUT of an existing public IP: %d %s", resp.StatusCode, body)
	}
}

// TestDeleteLifecycle: 202 with Location (polled 202 while Deleting, then
// 204) and Azure-AsyncOperation; 204 when there is nothing to delete; 200
// when the resource goes at once.
func TestDeleteLifecycle(t *testing.T) {
	lat := azuretest.Latency()
	lat.PublicIP, lat.Subnet = 500*time.Millisecond, 0
	w, _, c := newFace(t, lat)
	pip := azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true}
	if _, err := w.Azure().PutPublicIP(t.Context(), rg, pip); err != nil {
		t.Fatal(err)
	}
	resp, body := c.do(http.MethodDelete, path("publicIPAddresses/pip"), "")
	loc, op := resp.Header.Get("Location"), resp.Header.Get("Azure-AsyncOperation")
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(loc, "/operationResults/") || !strings.Contains(op, "/operations/") {
		t.Fatalf("DELETE: %d %s, Location %q, Azure-AsyncOperation %q", resp.StatusCode, body, loc, op)
	}
	resp, _ = c.do(http.MethodGet, loc, "")
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Location") == "" {
		t.Errorf("Location poll while Deleting: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := c.do(http.MethodGet, op, ""); field(t, body, "status") != "InProgress" {
		t.Errorf("operation status while Deleting: %s", body)
	}
	c.pollUntil(loc, func(r *http.Response, _ []byte) bool { return r.StatusCode == http.StatusNoContent })
	if _, body := c.do(http.MethodGet, op, ""); field(t, body, "status") != "Succeeded" {
		t.Errorf("operation status once deleted: %s", body)
	}
	if resp, _ := c.do(http.MethodDelete, path("publicIPAddresses/pip"), ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE of a missing resource: %d, want 204", resp.StatusCode)
	}
	if _, err := w.Azure().PutSubnet(t.Context(), rg, azuretest.VirtualNetwork, azure.Subnet{Name: "s", Prefix: mustPrefix("10.10.9.0/24")}); err != nil {
		t.Fatal(err)
	}
	if resp, _ := c.do(http.MethodDelete, path("virtualNetworks/"+azuretest.VirtualNetwork+"/subnets/s"), ""); resp.StatusCode != http.StatusOK {
		t.Errorf("DELETE of a subnet that goes at once: %d, want 200", resp.StatusCode)
	}
}

// TestTables: the ARP and route table POSTs answer 202 with a Location whose
// poll answers 200 with value[].
func TestTables(t *testing.T) {
	w, _, c := newFace(t, azuretest.Latency())
	ckt, err := w.Azure().PutCircuit(t.Context(), rg, azure.Circuit{Name: "er", Location: azuretest.Region,
		SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
		PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	tests := []struct {
		table, path string
		rows        int
		first       map[string]any
	}{
		{"arpTables", "primary", 2, map[string]any{"ipAddress": "192.168.240.1", "interface": "On-Prem", "age": 0.0}},
		{"routeTables", "secondary", 1, map[string]any{"network": "10.20.0.0/16", "nextHop": "192.168.240.5", "path": "31898"}},
	}
	for _, tc := range tests {
		t.Run(tc.table, func(t *testing.T) {
			resp, body := c.do(http.MethodPost, path("expressRouteCircuits/er/peerings/AzurePrivatePeering/"+tc.table+"/"+tc.path), "")
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusAccepted || loc == "" {
				t.Fatalf("POST: %d %s, Location %q", resp.StatusCode, body, loc)
			}
			resp, body = c.do(http.MethodGet, loc, "")
			rows, _ := field(t, body, "value").([]any)
			if resp.StatusCode != http.StatusOK || len(rows) != tc.rows {
				t.Fatalf("Location: %d %s, want %d rows", resp.StatusCode, body, tc.rows)
			}
			for k, v := range tc.first {
				if got := rows[0].(map[string]any)[k]; got != v {
					t.Errorf("first row %s = %v, want %v", k, got, v)
				}
			}
		})
	}
	resp, body := c.do(http.MethodPost, path("expressRouteCircuits/er/peerings/MicrosoftPeering/arpTables/primary"), "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "NotFound" {
		t.Errorf("another peering: %s", code)
	}
	resp, body = c.do(http.MethodPost, path("expressRouteCircuits/er/peerings/AzurePrivatePeering/arpTables/tertiary"), "")
	if code := armError(t, resp, body, http.StatusBadRequest); code != "InvalidDevicePath" {
		t.Errorf("a bad device path: %s", code)
	}
}

// TestFaults: injected faults answer with their status, ARM code and
// Retry-After; an asynchronous failure shows in the operation's status.
func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      sim.Fault
		method     string
		status     int
		code       string
		retryAfter string
	}{
		{"throttle", sim.Fault{Operation: "GetPublicIP", Kind: sim.Throttle, RetryAfter: 1500 * time.Millisecond},
			http.MethodGet, http.StatusTooManyRequests, "TooManyRequests", "2"},
		{"throttled PUT", sim.Fault{Operation: "PutPublicIP", Kind: sim.Throttle, RetryAfter: time.Second},
			http.MethodPut, http.StatusTooManyRequests, "TooManyRequests", "1"},
		{"conflict", sim.Fault{Operation: "PutPublicIP", Kind: sim.Conflict}, http.MethodPut, http.StatusConflict, "AnotherOperationInProgress", ""},
		{"server error", sim.Fault{Operation: "DeletePublicIP", Kind: sim.ServerError}, http.MethodDelete,
			http.StatusInternalServerError, "InternalServerError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _, c := newFace(t, azuretest.Latency())
			tc.fault.Cloud, tc.fault.Count = sim.CloudAzure, 1
			w.InjectFault(tc.fault)
			body := ""
			if tc.method == http.MethodPut {
				body = pipBody
			}
			resp, b := c.do(tc.method, path("publicIPAddresses/pip"), body)
			if code := armError(t, resp, b, tc.status); code != tc.code {
				t.Errorf("code %s, want %s", code, tc.code)
			}
			if got := resp.Header.Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tc.retryAfter)
			}
		})
	}
	t.Run("failed operations", func(t *testing.T) {
		w, _, c := newFace(t, azuretest.Latency())
		for _, op := range []string{"PutPublicIP", "DeletePublicIP"} {
			w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: op, Count: 1, Kind: sim.AsyncFailure})
		}
		resp, _ := c.do(http.MethodPut, path("publicIPAddresses/pip"), pipBody)
		_, body, _ := c.pollUntil(resp.Header.Get("Azure-AsyncOperation"), func(_ *http.Response, b []byte) bool {
			return field(t, b, "status") != "InProgress"
		})
		if field(t, body, "status") != "Failed" || field(t, body, "error", "code") != "InternalServerError" {
			t.Errorf("failed PUT's status: %s", body)
		}
		resp, _ = c.do(http.MethodDelete, path("publicIPAddresses/pip"), "")
		loc := resp.Header.Get("Location")
		resp, body, _ = c.pollUntil(loc, func(r *http.Response, _ []byte) bool { return r.StatusCode != http.StatusAccepted })
		if code := armError(t, resp, body, http.StatusInternalServerError); code != "InternalServerError" {
			t.Errorf("failed DELETE's Location: %s", code)
		}
	})
}

func TestBadRequests(t *testing.T) {
	_, _, c := newFace(t, azuretest.Latency())
	tests := []struct {
		name, target, body string
		status             int
		code               string
	}{
		{"not JSON", "publicIPAddresses/pip", "{", http.StatusBadRequest, "InvalidRequestContent"},
		{"no body", "expressRouteCircuits/er", "", http.StatusBadRequest, "InvalidRequestContent"},
		{"an IPsec connection", "connections/c", `{"location":"eastus","properties":{"connectionType":"IPsec"}}`,
			http.StatusBadRequest, "InvalidConnectionType"},
		{"a connection without properties", "connections/c", `{"location":"eastus"}`, http.StatusBadRequest, "InvalidConnectionType"},
		{"a Microsoft peering type", "expressRouteCircuits/er/peerings/AzurePrivatePeering",
			`{"properties":{"peeringType":"MicrosoftPeering"}}`, http.StatusBadRequest, "InvalidPeeringType"},
		{"a peering without properties", "expressRouteCircuits/er/peerings/AzurePrivatePeering", `{}`, http.StatusBadRequest, "InvalidRequestFormat"},
		{"a peering of another name", "expressRouteCircuits/er/peerings/MicrosoftPeering", `{"properties":{}}`, http.StatusNotFound, "NotFound"},
		{"a public IP without a location", "publicIPAddresses/pip", `{"properties":{"publicIPAllocationMethod":"Static"}}`,
			http.StatusBadRequest, "LocationRequired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := c.do(http.MethodPut, path(tc.target), tc.body)
			if code := armError(t, resp, body, tc.status); code != tc.code {
				t.Errorf("code %s, want %s", code, tc.code)
			}
		})
	}
}

func TestServiceProviderPages(t *testing.T) {
	_, _, c := newFace(t, azuretest.Latency(), armface.WithPageSize(1))
	target := "/subscriptions/" + azuretest.Subscription + "/providers/Microsoft.Network/expressRouteServiceProviders"
	var names []string
	resp, body := c.do(http.MethodGet, target, "")
	for pages := 1; ; pages++ {
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("page %d: %d %s", pages, resp.StatusCode, body)
		}
		for _, p := range field(t, body, "value").([]any) {
			names = append(names, p.(map[string]any)["name"].(string))
		}
		next, _ := field(t, body, "nextLink").(string)
		if next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("the pages never end")
		}
		resp, body = c.do(http.MethodGet, next, "")
	}
	if strings.Join(names, ",") != "Equinix,"+azure.OracleServiceProvider {
		t.Errorf("providers %v", names)
	}
}

// TestPlainHandler: the face is an http.Handler any server can serve; its
// operation URLs follow the request's scheme and host.
func TestPlainHandler(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	var (
		mu     sync.Mutex
		bodies []string
	)
	face := armface.New(w, armface.WithRequestHook(func(r *http.Request, body []byte) {
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, r.Method+" "+string(body))
	}))
	if face.URL() != "" {
		t.Errorf("URL() of an unstarted face = %q", face.URL())
	}
	face.Close() // nothing to close: must not panic
	ts := httptest.NewServer(face)
	defer ts.Close()
	c := &client{t: t, base: ts.URL, hc: ts.Client()}
	resp, _ := c.do(http.MethodPut, path("publicIPAddresses/pip"), pipBody)
	if op := resp.Header.Get("Azure-AsyncOperation"); resp.StatusCode != http.StatusCreated || !strings.HasPrefix(op, ts.URL+"/") {
		t.Errorf("PUT over plain HTTP: %d, Azure-AsyncOperation %q", resp.StatusCode, op)
	}
	mu.Lock()
	if len(bodies) != 1 || bodies[0] != "PUT "+pipBody {
		t.Errorf("the hook saw %q", bodies)
	}
	mu.Unlock()
	defer func() {
		if recover() == nil {
			t.Error("ClientOptions of an unstarted face did not panic")
		}
	}()
	face.ClientOptions()
}

func TestStats(t *testing.T) {
	s := armface.Stats{
		ByKind:   map[armface.Kind]int{armface.KindGet: 3, armface.KindPut: 2, armface.KindPoll: 4},
		ByStatus: map[int]int{200: 5, 201: 2, 429: 2},
	}
	prev := armface.Stats{ByKind: map[armface.Kind]int{armface.KindGet: 1}, ByStatus: map[int]int{200: 1}}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"total", s.Total(), 9},
		{"string", s.String(), "9 requests: GET 3, PUT 2, poll 4; responses 200×5 201×2 429×2"},
		{"sub", s.Sub(prev).String(), "8 requests: GET 2, PUT 2, poll 4; responses 200×4 201×2 429×2"},
		{"sub of itself", s.Sub(s).String(), "0 requests"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
