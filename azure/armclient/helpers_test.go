package armclient_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azoci/interconnect/azure/armclient"
)

// example is one of Microsoft's published ARM examples
// (testdata/azure-rest-examples).
type example struct {
	Parameters map[string]json.RawMessage `json:"parameters"`
	Responses  map[string]struct {
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"responses"`
}

func loadExample(t *testing.T, name string) example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "azure-rest-examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var e example
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

// request is the example's request body (the parameter that is one).
func (e example) request(t *testing.T) json.RawMessage {
	t.Helper()
	for _, k := range []string{"parameters", "peeringParameters", "subnetParameters", "putExpressRouteConnectionParameters",
		"VirtualNetworkPeeringParameters"} {
		if b, ok := e.Parameters[k]; ok {
			return b
		}
	}
	t.Fatal("example has no request body")
	return nil
}

// body is the example's response body for a status.
func (e example) body(t *testing.T, status string) json.RawMessage {
	t.Helper()
	r, ok := e.Responses[status]
	if !ok {
		t.Fatalf("example has no %s response", status)
	}
	return r.Body
}

// exchange is one request a scripted server expects and its answer.
type exchange struct {
	method, path string // path: a suffix of the request path
	status       int
	header       map[string]string // "https://management.azure.com" is replaced by the server's URL
	body         json.RawMessage
}

// recorded is a request a scripted server received.
type recorded struct {
	method, path string
	query        url.Values
	body         []byte
}

// script is a TLS server that answers a fixed sequence of exchanges and
// records the requests.
type script struct {
	t     *testing.T
	ts    *httptest.Server
	mu    sync.Mutex
	steps []exchange
	got   []recorded
}

func newScript(t *testing.T, steps ...exchange) *script {
	s := &script{t: t, steps: steps}
	s.ts = httptest.NewTLSServer(s)
	t.Cleanup(s.ts.Close)
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.steps) > 0 {
			t.Errorf("the client never made %d expected requests, first %s %s", len(s.steps), s.steps[0].method, s.steps[0].path)
		}
	})
	return s
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, recorded{method: r.Method, path: r.URL.Path, query: r.URL.Query(), body: body})
	if len(s.steps) == 0 {
		s.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	if r.Method != step.method || !strings.HasSuffix(strings.ToLower(r.URL.Path), strings.ToLower(step.path)) {
		s.t.Errorf("request %s %s, want %s …%s", r.Method, r.URL.Path, step.method, step.path)
	}
	if r.URL.Query().Get("api-version") == "" || !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		s.t.Errorf("request %s %s lacks api-version or a bearer token", r.Method, r.URL)
	}
	for k, v := range step.header {
		w.Header().Set(k, strings.ReplaceAll(v, "https://management.azure.com", s.ts.URL))
	}
	if len(step.body) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(step.status)
	_, _ = w.Write(step.body)
}

// requests returns the requests with a method.
func (s *script) requests(method string) []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []recorded
	for _, r := range s.got {
		if r.method == method {
			out = append(out, r)
		}
	}
	return out
}

// testClientOptions points an ARM client at a test server, with a fast
// retry policy.
func testClientOptions(ts *httptest.Server) *arm.ClientOptions {
	return &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud: cloud.Configuration{
				ActiveDirectoryAuthorityHost: ts.URL + "/",
				Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
					cloud.ResourceManager: {Endpoint: ts.URL, Audience: "https://management.azure.com"},
				},
			},
			Transport: ts.Client(),
			Retry:     policy.RetryOptions{MaxRetries: 3, RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Second},
		},
		DisableRPRegistration: true,
	}
}

func newScriptClient(t *testing.T, sub string, s *script) *armclient.Client {
	t.Helper()
	c, err := armclient.NewClient(sub, &fake.TokenCredential{}, testClientOptions(s.ts), armclient.WithPollFrequency(testPoll))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keyPaths lists the object key paths of a JSON value ("properties.sku.name";
// array elements add "[]").
func keyPaths(t *testing.T, raw []byte) map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	out := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				out[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	return out
}

// checkKeysWithin asserts every key path of got appears in one of the
// reference bodies (or in extra): the client sends no field Microsoft's
// examples do not know.
func checkKeysWithin(t *testing.T, got []byte, extra []string, refs ...json.RawMessage) {
	t.Helper()
	known := map[string]bool{}
	for _, r := range refs {
		for k := range keyPaths(t, r) {
			known[k] = true
		}
	}
	for _, k := range extra {
		known[k] = true
	}
	var unknown []string
	for k := range keyPaths(t, got) {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	if len(unknown) > 0 {
		t.Errorf("request fields not in Microsoft's examples: %v\nrequest: %s", unknown, got)
	}
}

// at reads a value at a dotted path of a JSON document ("a.b[0].c" is written
// "a.b.0.c").
func at(t *testing.T, raw []byte, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i := 0
			for _, ch := range seg {
				i = i*10 + int(ch-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// sameJSON reports whether two JSON values are equal.
func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatalf("marshal: %v %v", err1, err2)
	}
	return string(ja) == string(jb)
}

// armNotFound is ARM's 404 body.
var armNotFound = json.RawMessage(`{"error":{"code":"ResourceNotFound","message":"The Resource was not found."}}`)
