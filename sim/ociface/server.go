// Package ociface serves a sim.World's OCI over HTTPS, as the subset of the
// OCI Networking REST API (/20160918/...) that ociclient.Client uses and the
// Monitoring REST API call (/20180401/...) that monitoringclient.Client
// uses, so the real oci-go-sdk clients can be tested against the simulator.
//
// One server serves both APIs. OCI serves them from different hosts
// (iaas.{region}.oraclecloud.com and telemetry.{region}.oraclecloud.com),
// but their paths never overlap (each begins with its API version), and a
// client pointed at the face with WithEndpoint does not care which host
// answers: give both clients the same Server.URL.
//
// The face is backed by the same world as World.OCI(): a resource made
// through one is seen through the other, and the world's latencies, faults
// and call log apply to HTTP requests too. The oci-go-sdk model structs'
// JSON tags are the wire format.
//
// Like OCI, the face authenticates every request: the Authorization header
// must be an HTTP signature (rsa-sha256, draft-cavage) by a trusted key over
// date, (request-target) and host, plus content-length, content-type and
// x-content-sha256 for requests with a body, and the body must match its
// hash. Anything else is answered 401 NotAuthenticated.
//
// NewServer (and Start) serve the face over HTTPS on a loopback port; New
// makes one that its HTTPClient serves in process, with no socket, so that a
// real SDK client can talk to it inside a testing/synctest bubble.
//
// A Server stands for the world's tenancy (sim.World.TenancyID): it trusts
// TestKey as user TestUser of that tenancy, and Server.ConfigProvider signs
// as that user, so a client made with it reports the world's tenancy as its
// TenancyID and finds the FastConnect provider services there (the world
// lists them in the tenancy only). A key of another tenancy is refused like
// an unknown key, as OCI refuses a keyId whose tenancy does not hold the
// key. The package-level ConfigProvider signs as TestTenancy: use it with a
// world made with sim.WithTenancy(TestTenancy), or use Server.ConfigProvider.
//
// What it serves, with OCI's paths, headers and error shapes:
//
//	GET    /20160918/vcns/{vcnId}
//	POST   /20160918/drgs                        (opc-retry-token)
//	GET    /20160918/drgs?compartmentId=         (paged)
//	GET    /20160918/drgs/{drgId}
//	DELETE /20160918/drgs/{drgId}
//	POST   /20160918/drgAttachments              (opc-retry-token)
//	GET    /20160918/drgAttachments?compartmentId=&vcnId=&drgId=  (paged)
//	GET    /20160918/drgAttachments/{drgAttachmentId}
//	DELETE /20160918/drgAttachments/{drgAttachmentId}
//	GET    /20160918/drgRouteTables/{drgRouteTableId}
//	PUT    /20160918/drgRouteTables/{drgRouteTableId}  (isEcmpEnabled; other fields are refused)
//	GET    /20160918/fastConnectProviderServices?compartmentId=   (paged)
//	GET    /20160918/fastConnectProviderServices/{providerServiceId}/virtualCircuitBandwidthShapes (paged)
//	POST   /20160918/virtualCircuits             (opc-retry-token)
//	GET    /20160918/virtualCircuits?compartmentId=&displayName=&lifecycleState=  (paged)
//	GET    /20160918/virtualCircuits/{virtualCircuitId}
//	PUT    /20160918/virtualCircuits/{virtualCircuitId}  (bandwidthShapeName only)
//	DELETE /20160918/virtualCircuits/{virtualCircuitId}
//	GET    /20160918/routeTables/{rtId}          (etag)
//	PUT    /20160918/routeTables/{rtId}          (If-Match; a stale etag answers 412 NoEtagMatch)
//	POST   /20180401/metrics/actions/summarizeMetricsData?compartmentId=
//	                                             (sim.World.OCIMetrics; the MQL subset of package sim)
//
// Every answer carries an opc-request-id. Lists answer at most the page size
// (WithPageSize, 2 by default so that clients must follow pages) or the
// request's limit, whichever is smaller, with opc-next-page when more
// remain. Errors come as {"code": ..., "message": ...}: those of the world
// (404 NotAuthorizedOrNotFound, also for provider services listed outside
// the tenancy; 409 IncorrectState, Conflict and InvalidatedRetryToken, the
// last for a retry token whose resource has been deleted; 400
// InvalidParameter; 412 NoEtagMatch; and injected faults such as 429
// TooManyRequests with Retry-After), 400 InvalidParameter for a request the
// face cannot read, and 404 NotAuthorizedOrNotFound for a path it does not
// serve. Lifecycle states go out as oci-go-sdk's enums spell them (for
// virtual circuits PENDING_PROVIDER, VERIFYING, PROVISIONING, PROVISIONED,
// FAILED, INACTIVE, TERMINATING, TERMINATED).
package ociface

import (
	"bytes"
	"crypto/rsa"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/internal/inprocess"
	"github.com/azoci/interconnect/sim"
)

// APIVersion is the path prefix of the Networking API.
const APIVersion = "/20160918"

// MonitoringAPIVersion is the path prefix of the Monitoring API, which the
// face serves on the same host (see the package documentation).
const MonitoringAPIVersion = "/20180401"

// DefaultPageSize is how many items a list answers per page unless
// WithPageSize says otherwise.
const DefaultPageSize = 2

// Server is a running HTTPS face of a world. Close it when done (Start does
// so at the end of the test).
type Server struct {
	w        *sim.World
	tenancy  string // the world's, read once: a world's tenancy never changes
	ts       *httptest.Server
	handler  http.Handler // what ts serves; ts is nil for a face made with New
	pageSize int
	maxSkew  time.Duration

	mu    sync.Mutex
	keys  map[string]*rsa.PublicKey
	log   []Request
	reqID uint64
}

// Request is one request the face answered.
type Request struct {
	Method string
	Path   string // the URL path, e.g. /20160918/drgs/ocid1.drg...
	// Kind is the method and the served path pattern without the API
	// version, e.g. "GET /drgs/{drgId}"; "GET (unserved)" for other paths.
	Kind   string
	Status int
	// Code is the OCI error code answered ("" on success).
	Code         string
	OpcRequestID string
}

// Option configures a Server.
type Option func(*Server)

// WithPageSize sets how many items a list answers per page (at least 1).
func WithPageSize(n int) Option { return func(s *Server) { s.pageSize = max(n, 1) } }

// WithTrustedKey trusts a public key under keyId (see KeyID) besides
// TestKey. The keyId names the tenancy it is trusted for.
func WithTrustedKey(keyID string, pub *rsa.PublicKey) Option {
	return func(s *Server) { s.keys[keyID] = pub }
}

// WithMaxClockSkew sets how far a request's Date may be from the server's
// clock (5 minutes by default, as OCI).
func WithMaxClockSkew(d time.Duration) Option { return func(s *Server) { s.maxSkew = d } }

// NewServer starts an HTTPS face of w on a loopback port. It trusts TestKey
// as user TestUser of w's tenancy (see the package documentation).
func NewServer(w *sim.World, opts ...Option) *Server {
	s := New(w, opts...)
	s.ts = httptest.NewTLSServer(s.handler)
	return s
}

// InProcessURL is the base URL of a face made with New. No request to it
// leaves the process: the face's HTTPClient serves it.
const InProcessURL = "https://ociface.invalid"

// New makes a face of w that no server serves: its HTTPClient serves each
// request in process (see InProcessURL), so that it runs inside a
// testing/synctest bubble. It trusts what NewServer's face trusts.
func New(w *sim.World, opts ...Option) *Server {
	tenancy := w.TenancyID()
	s := &Server{w: w, tenancy: tenancy, pageSize: DefaultPageSize, maxSkew: 5 * time.Minute,
		keys: map[string]*rsa.PublicKey{KeyID(tenancy, TestUser, &TestKey().PublicKey): &TestKey().PublicKey}}
	for _, o := range opts {
		o(s)
	}
	s.handler = s.routes()
	return s
}

// Start starts a face of w for a test and closes it when the test ends.
func Start(tb testing.TB, w *sim.World, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(w, opts...)
	tb.Cleanup(s.Close)
	return s
}

// Close shuts the server down (nothing, for a face made with New).
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// URL is the server's base URL ("https://127.0.0.1:port"; InProcessURL for
// a face made with New), the endpoint to give ociclient.WithEndpoint.
func (s *Server) URL() string {
	if s.ts == nil {
		return InProcessURL
	}
	return s.ts.URL
}

// HTTPClient returns an HTTP client that trusts the server's certificate,
// or for a face made with New one that serves requests in process.
func (s *Server) HTTPClient() *http.Client {
	if s.ts == nil {
		return &http.Client{Transport: inprocess.Transport{Handler: s.handler}}
	}
	return s.ts.Client()
}

// TenancyID returns the tenancy the face serves: the world's.
func (s *Server) TenancyID() string { return s.tenancy }

// ConfigProvider returns a configuration provider that signs with TestKey as
// user TestUser of the world's tenancy (its TenancyOCID is TenancyID), in
// the world's OCI region ("us-ashburn-1" while it has none).
func (s *Server) ConfigProvider() common.ConfigurationProvider {
	region := s.w.OCIRegion()
	if region == "" {
		region = "us-ashburn-1"
	}
	return tenancyConfigProvider(s.tenancy, TestKey(), region)
}

// Requests returns every request answered so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Counts returns how many requests of each Kind were answered.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.log {
		out[r.Kind]++
	}
	return out
}

// CountsSince returns Counts for the requests after the first n (n is a
// len(Requests()) taken earlier).
func (s *Server) CountsSince(n int) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.log[min(n, len(s.log)):] {
		out[r.Kind]++
	}
	return out
}

// key returns the public key trusted under keyID, or an error that says
// why none is: a keyId of another tenancy gets a hint, since signing with
// the package-level ConfigProvider for a world of another tenancy is the
// usual mistake.
func (s *Server) key(keyID string) (*rsa.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keys[keyID]; k != nil {
		return k, nil
	}
	if tenancy, _, _ := strings.Cut(keyID, "/"); tenancy != s.tenancy {
		return nil, fmt.Errorf("unknown keyId %q: its tenancy is not %s, the tenancy this face serves "+
			"(sign with Server.ConfigProvider, or make the world with sim.WithTenancy)", keyID, s.tenancy)
	}
	return nil, fmt.Errorf("unknown keyId %q", keyID)
}

func (s *Server) nextRequestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqID++
	return fmt.Sprintf("ociface-%08d", s.reqID)
}

// recorder logs the request when its status is written, before any byte of
// the answer leaves, so a client never sees an answer the log lacks.
type recorder struct {
	http.ResponseWriter
	status int
	code   string          // the OCI error code, set before the status
	logged func(*recorder) // called once, with the status known
}

// WriteHeader logs the request and writes the status (the first one only).
func (r *recorder) WriteHeader(status int) {
	if r.status != 0 {
		return
	}
	r.status = status
	r.logged(r)
	r.ResponseWriter.WriteHeader(status)
}

// Write writes the status 200 if none was, then b.
func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.ResponseWriter.Write(b)
}

// handlerFunc is a face handler: it answers the request whose (verified)
// body is body.
type handlerFunc func(w *recorder, r *http.Request, body []byte)

// serve wraps a handler: it reads the body, sets opc-request-id,
// authenticates, runs the handler and logs the request.
func (s *Server) serve(h handlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id := s.nextRequestID()
		kind := r.Method + " (unserved)"
		if p := r.Pattern; p != "" && !strings.HasSuffix(p, " /") && p != "/" {
			_, path, _ := strings.Cut(p, " ")
			kind = r.Method + " " + strings.TrimPrefix(strings.TrimPrefix(path, APIVersion), MonitoringAPIVersion)
		}
		rec := &recorder{ResponseWriter: rw, logged: func(rec *recorder) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.log = append(s.log, Request{Method: r.Method, Path: r.URL.Path, Kind: kind, Status: rec.status, Code: rec.code, OpcRequestID: id})
		}}
		rec.Header().Set("opc-request-id", id)
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		switch {
		case err != nil:
			s.fail(rec, http.StatusBadRequest, "InvalidParameter", "The request body could not be read.")
		case len(body) > maxBody:
			s.fail(rec, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body is too large.")
		default:
			if err := verify(r, body, s.key, s.maxSkew); err != nil {
				s.fail(rec, http.StatusUnauthorized, "NotAuthenticated",
					"The required information to complete authentication was not provided or was incorrect: "+err.Error())
			} else {
				r.Body = io.NopCloser(bytes.NewReader(body))
				h(rec, r, body)
			}
		}
		rec.WriteHeader(http.StatusOK) // a handler that wrote nothing answered 200
	}
}
