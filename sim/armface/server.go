// Package armface serves a sim.World over HTTP as the subset of the Azure
// Resource Manager REST API (Microsoft.Network) that package azure's Client
// calls, and Azure Monitor's metrics API (Microsoft.Insights/metrics) that
// package monitorclient calls, so that the real armnetwork and armmonitor
// SDKs can be tested against the simulator.
//
// The face is backed by the same world as World.Azure(): what a client
// writes over HTTP, w.Azure() reads, and the other way round. Writes go
// through the world's no-wait Azure (internal/simworld), so a PUT answers as soon as ARM would accept
// the request and the client polls the operation as it would in Azure.
//
// # Wire format
//
// Bodies are the SDK's own: responses are armnetwork model values marshalled
// with their MarshalJSON, requests are unmarshalled into them, and error
// bodies are armnetwork.ErrorResponse ({"error":{"code","message"}}). The
// shapes follow Microsoft's published examples (azure/armclient/testdata).
//
// # Behaviour
//
//   - Every request needs an Authorization: Bearer header (else 401
//     AuthenticationFailed) and an api-version query parameter (else 400
//     MissingApiVersionParameter); a subscription other than the world's is
//     404 SubscriptionNotFound.
//   - GET of a resource answers 200 with its body, or the world's error
//     (404 ResourceNotFound / NotFound / ResourceGroupNotFound, ...).
//   - PUT answers 201 (200 when the resource existed) with the resource as
//     it is once accepted (provisioningState Updating, or Succeeded already
//     when the world's latency is zero) and an Azure-AsyncOperation header.
//     Polling that URL answers {"status":"InProgress"|"Succeeded"|"Failed"}
//     from the resource's provisioning state, with the failed operation's
//     error (simworld.Access.AzureOperationError).
//   - DELETE answers 204 when there was nothing to delete, 200 when the
//     resource went at once, else 202 with a Location header (and, as
//     Microsoft.Network does, an Azure-AsyncOperation header). Polling the
//     Location answers 202 while the resource is Deleting, 204 once it is
//     gone, and the failure's status with an ARM error body if it failed.
//   - DELETE of the circuit's AzurePrivatePeering is a long-running delete
//     like the others (Microsoft's ExpressRouteCircuitPeeringDelete example:
//     200, 202 with a Location, 204).
//   - Virtual network peerings (.../virtualNetworks/{vnet}/virtualNetworkPeerings/{name})
//     are served with GET, PUT and DELETE like the other resources, and
//     listed inline in their virtual network's GET
//     (properties.virtualNetworkPeerings), in the shape of Microsoft's
//     VirtualNetworkPeering* examples. A PUT's syncRemoteAddressSpace query
//     parameter is accepted and ignored.
//   - The ARP and route table POSTs answer 202 with a Location; polling it
//     answers 200 with {"value":[...]}. A gateway's getLearnedRoutes POST
//     answers 202 with a Location and an Azure-AsyncOperation (which polls
//     Succeeded); the Location answers 200 with {"value":[GatewayRoute...]}.
//     With WithLearnedRoutesAsyncOnly it answers as Microsoft's example
//     does: the Azure-AsyncOperation alone, whose status holds no routes.
//   - A gateway's site failover simulation (resiliency validation) is four
//     POSTs on the gateway (failover.go): startSiteFailoverTest,
//     stopSiteFailoverTest, getFailoverAllTestsDetails and
//     getFailoverSingleTestDetails, each answered 202 with an
//     Azure-AsyncOperation (as Microsoft's examples) and a Location (as the
//     swagger); a start or stop polls InProgress until the world's test is
//     Running or Completed, and its Location then answers the example's
//     body ({} for a start, "" for a stop); the two reads answer their list
//     of ExpressRouteFailoverTestDetails or ...SingleTestDetails.
//   - GET of a gateway's connections (.../virtualNetworkGateways/{gateway}/connections)
//     answers 200 with {"value":[...]} in the shape of Microsoft's
//     VirtualNetworkGatewaysListConnections example (connections.go): each
//     connection as the world holds it, its gateway a reference by ID; with
//     WithPageSize, a page at a time with a nextLink, as the service
//     provider list.
//   - A connection's routingWeight is read and answered as the world holds
//     it. A connection write while another connection of the same gateway
//     is being written is the world's 409 AnotherOperationInProgress,
//     answered at once.
//   - An operation that ends Failed polls {"status":"Failed","error":{"code",
//     "message"}} with the world's code (simworld.Access.AzureOperationError): a final
//     code such as QuotaExceeded as well as a transient InternalServerError.
//   - Errors of the world, injected faults included (sim.InjectFault), are
//     answered with their HTTP status and an ARM error body: 429 with
//     Retry-After (whole seconds, rounded up), 409 AnotherOperationInProgress,
//     500/503, and so on.
//   - GET {resourceId}/providers/Microsoft.Insights/metrics answers
//     World.AzureMetrics in armmonitor's Response shape (metrics.go): the
//     parameters metricnames, timespan (start/end), interval, aggregation
//     (one) and $filter ("Peer eq '*' and PeeringType eq 'private'",
//     filter.go). Azure Monitor's own refusals (400 BadRequest, 404
//     NotFound) carry its top-level {"code","message"} body.
//   - Every answer carries an x-ms-request-id and an
//     x-ms-correlation-request-id (the request's own, when it sent one), as
//     ARM's do: the IDs Microsoft support asks for, which azure.Error
//     carries.
//
// Server counts the requests it serves by kind (Stats), so tests can report
// what a job costs in HTTP requests.
package armface

import (
	"fmt"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/sim"
)

// Kind classifies the requests a Server serves, for Stats.
type Kind string

// The kinds of request.
const (
	KindGet    Kind = "GET"    // a GET of a resource, a list or metrics
	KindPut    Kind = "PUT"    // a PUT of a resource
	KindDelete Kind = "DELETE" // a DELETE of a resource
	KindPost   Kind = "POST"   // an ARP, route table or learned routes request
	KindPoll   Kind = "poll"   // a GET of an Azure-AsyncOperation or Location URL
	KindOther  Kind = "other"  // a request for no route the face serves
)

// Kinds lists the kinds in the order Stats prints them.
var Kinds = []Kind{KindGet, KindPut, KindDelete, KindPost, KindPoll, KindOther}

// Stats counts requests by kind and responses by HTTP status.
type Stats struct {
	ByKind   map[Kind]int
	ByStatus map[int]int
}

// Total is the number of requests.
func (s Stats) Total() int {
	n := 0
	for _, v := range s.ByKind {
		n += v
	}
	return n
}

// Sub returns the requests counted in s but not in prev (s minus prev), to
// measure one stretch of a test.
func (s Stats) Sub(prev Stats) Stats {
	out := Stats{ByKind: map[Kind]int{}, ByStatus: map[int]int{}}
	for k, v := range s.ByKind {
		if d := v - prev.ByKind[k]; d != 0 {
			out.ByKind[k] = d
		}
	}
	for k, v := range s.ByStatus {
		if d := v - prev.ByStatus[k]; d != 0 {
			out.ByStatus[k] = d
		}
	}
	return out
}

// String prints the counts, e.g. "18 requests: GET 9, PUT 6, poll 3; 200×9 201×6 ...".
func (s Stats) String() string {
	if s.Total() == 0 {
		return "0 requests"
	}
	var kinds []string
	for _, k := range Kinds {
		if n := s.ByKind[k]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
	}
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(s.ByStatus)) {
		codes = append(codes, fmt.Sprintf("%d×%d", c, s.ByStatus[c]))
	}
	return fmt.Sprintf("%d requests: %s; responses %s", s.Total(), strings.Join(kinds, ", "), strings.Join(codes, " "))
}

// Option configures a Server.
type Option func(*config)

type config struct {
	pollRetryAfter time.Duration
	pageSize       int
	hook           func(*http.Request, []byte)
	// learnedRoutesAsyncOnly: see WithLearnedRoutesAsyncOnly.
	learnedRoutesAsyncOnly bool
}

// WithPollRetryAfter makes every answer that says an operation is still in
// progress (PUT and DELETE answers, operation status and Location polls)
// carry Retry-After: d, in whole seconds rounded up; ARM does so, and azcore's
// poller then waits that long instead of its poll frequency. Without it the
// face sends no Retry-After on operations, so a client polls at its own
// frequency.
func WithPollRetryAfter(d time.Duration) Option { return func(c *config) { c.pollRetryAfter = d } }

// WithPageSize makes the lists (the service providers, a gateway's
// connections) answer n items per page, with a nextLink to the next page
// (n ≤ 0: one page).
func WithPageSize(n int) Option { return func(c *config) { c.pageSize = n } }

// WithLearnedRoutesAsyncOnly makes the face answer a gateway's
// getLearnedRoutes POST as Microsoft's VirtualNetworkGatewayLearnedRoutes
// example does (azure-rest-api-specs, Microsoft.Network examples): 202 with
// an Azure-AsyncOperation header and no Location. The operation's status
// then reads {"status":"Succeeded"}, ARM's usual body, which holds no routes:
// a client that follows the swagger's final-state-via location has nowhere
// to read them from. Without it the face sends both headers.
func WithLearnedRoutesAsyncOnly() Option { return func(c *config) { c.learnedRoutesAsyncOnly = true } }

// WithRequestHook calls f with every request the face serves and its body
// (nil for none), before the face acts on it. Tests use it to inspect what a
// client sends. f must not keep the request.
func WithRequestHook(f func(r *http.Request, body []byte)) Option {
	return func(c *config) { c.hook = f }
}

// Server is the ARM face of a world: an http.Handler. It is safe for
// concurrent use. It keeps every operation it hands out a URL for (a few
// hundred bytes each), as befits a test server.
type Server struct {
	w   *sim.World
	az  azure.Network // the world's AzureNoWait face
	cfg config

	mu     sync.Mutex
	ops    map[string]*operation
	seq    uint64
	counts Stats

	ts *httptest.Server
}

// New makes the face of w. Serve it with any HTTP server; NewTLSServer
// starts one.
func New(w *sim.World, opts ...Option) *Server {
	s := &Server{w: w, az: simworld.Of(w).AzureNoWait(), ops: map[string]*operation{},
		counts: Stats{ByKind: map[Kind]int{}, ByStatus: map[int]int{}}}
	for _, o := range opts {
		o(&s.cfg)
	}
	return s
}

// NewTLSServer makes the face of w and serves it with
// httptest.NewTLSServer (azcore sends bearer tokens over HTTPS only). Close
// it when done.
func NewTLSServer(w *sim.World, opts ...Option) *Server {
	s := New(w, opts...)
	s.ts = httptest.NewUnstartedServer(s)
	// A client's transport may dial a spare connection it never uses; when
	// the server closes, net/http logs its unfinished handshake. That is
	// noise, not a fault of the face or the client: drop those lines.
	s.ts.Config.ErrorLog = log.New(dropHandshakeNoise{}, "", log.LstdFlags)
	s.ts.StartTLS()
	return s
}

// dropHandshakeNoise writes net/http's server log to the standard logger,
// except TLS handshake errors.
type dropHandshakeNoise struct{}

// Write logs p unless it is a TLS handshake error.
func (dropHandshakeNoise) Write(p []byte) (int, error) {
	if !strings.Contains(string(p), "TLS handshake error") {
		log.Print(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

// URL is the base URL of the server NewTLSServer started ("" for a Server
// made with New).
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close shuts down the server NewTLSServer started.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Audience is the token audience ClientOptions configures (Azure public
// cloud's Resource Manager).
const Audience = "https://management.azure.com"

// ClientOptions returns options that point an ARM client (armclient.NewClient,
// any armnetwork client) at the server NewTLSServer started: a cloud whose
// Resource Manager endpoint is the server (with the Audience azcore needs),
// the server's TLS-trusting transport, and a retry policy for tests (3
// retries from 1ms on, honouring a Retry-After up to 5s; a longer one comes
// back to the caller as the 429). Each call returns a new value the caller
// may change. It panics on a Server made with New.
func (s *Server) ClientOptions() *arm.ClientOptions {
	if s.ts == nil {
		panic("armface: ClientOptions needs a server started with NewTLSServer")
	}
	return &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud: cloud.Configuration{
				ActiveDirectoryAuthorityHost: s.ts.URL + "/",
				Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
					cloud.ResourceManager: {Endpoint: s.ts.URL, Audience: Audience},
				},
			},
			Transport: s.ts.Client(),
			Retry:     policy.RetryOptions{MaxRetries: 3, RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Second},
		},
		DisableRPRegistration: true,
	}
}

// Stats returns the requests served so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{ByKind: maps.Clone(s.counts.ByKind), ByStatus: maps.Clone(s.counts.ByStatus)}
}

func (s *Server) count(k Kind, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.ByKind[k]++
	s.counts.ByStatus[status]++
}
