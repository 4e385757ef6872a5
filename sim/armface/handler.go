package armface

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
)

// This file: ServeHTTP and what its answers share: the checks every request
// passes (authorization, api-version, route, subscription, method), the PUT
// and DELETE of a resource, the provider catalog's pages, operation URLs,
// Retry-After, and JSON and error bodies. The routes are in route.go.

// recorder remembers the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and writes it.
func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// ServeHTTP serves one ARM request (see the package documentation).
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 4<<20))
	}
	if s.cfg.hook != nil {
		s.cfg.hook(r, body)
	}
	rt := parseRoute(r.URL.Path)
	rec := &recorder{ResponseWriter: rw, status: http.StatusOK}
	defer func() { s.count(requestKind(rt, r.Method), rec.status) }()
	// ARM names every answer with x-ms-request-id and
	// x-ms-correlation-request-id: the caller's correlation ID when it sent
	// one, else a new one (Azure/azure-resource-manager-rpc
	// v1.0/common-api-details.md: the ARM proxy always adds it; clients such
	// as terraform-provider-azurerm set their own, its PR #3253).
	rec.Header().Set("x-ms-request-id", s.newID())
	corr := r.Header.Get("x-ms-correlation-request-id")
	if corr == "" {
		corr = s.newID()
	}
	rec.Header().Set("x-ms-correlation-request-id", corr)
	s.serve(rec, r, rt, body)
}

func (s *Server) serve(rw http.ResponseWriter, r *http.Request, rt route, body []byte) {
	auth := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(auth, "Bearer "); !ok || strings.TrimSpace(tok) == "" {
		rw.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`)
		writeARMError(rw, http.StatusUnauthorized, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
		return
	}
	if r.URL.Query().Get("api-version") == "" {
		writeARMError(rw, http.StatusBadRequest, "MissingApiVersionParameter",
			"The api-version query parameter (?api-version=) is required for all requests.")
		return
	}
	if rt.kind == rNone {
		writeARMError(rw, http.StatusNotFound, "InvalidResourceType",
			fmt.Sprintf("The resource type of '%s' could not be found in the namespace 'Microsoft.Network'.", r.URL.Path))
		return
	}
	if sub := s.w.SubscriptionID(); !eq(rt.sub, sub) {
		writeARMError(rw, http.StatusNotFound, "SubscriptionNotFound", fmt.Sprintf("The subscription '%s' could not be found.", rt.sub))
		return
	}
	if !slices.Contains(allowed[rt.kind], r.Method) {
		rw.Header().Set("Allow", strings.Join(allowed[rt.kind], ", "))
		writeARMError(rw, http.StatusMethodNotAllowed, "MethodNotAllowed",
			fmt.Sprintf("The requested method %s is not allowed on %s.", r.Method, r.URL.Path))
		return
	}
	ctx := r.Context()
	switch rt.kind {
	case rOpStatus:
		s.serveOpStatus(rw, rt)
	case rOpResult:
		s.serveOpResult(rw, r, rt)
	case rProviders:
		s.serveProviders(ctx, rw, r)
	case rARP, rRoutes:
		s.serveTable(ctx, rw, r, rt)
	case rLearnedRoutes:
		s.serveLearnedRoutes(ctx, rw, r, rt)
	case rGatewayConns:
		s.serveGatewayConnections(ctx, rw, r, rt)
	case rFailover:
		s.serveFailover(ctx, rw, r, rt, body)
	case rMetrics:
		s.serveMetrics(ctx, rw, r, rt)
	default:
		res, err := s.resource(rt)
		if err != nil {
			writeError(rw, err)
			return
		}
		switch r.Method {
		case http.MethodGet:
			m, err := res.get(ctx)
			if err != nil {
				writeError(rw, err)
				return
			}
			writeJSON(rw, http.StatusOK, m)
		case http.MethodPut:
			s.servePut(ctx, rw, r, rt, res, body)
		case http.MethodDelete:
			s.serveDelete(ctx, rw, r, rt, res)
		}
	}
}

// servePut accepts a PUT: 201 (or 200) with the resource as accepted and the
// Azure-AsyncOperation URL of its operation.
func (s *Server) servePut(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route, res *resource, body []byte) {
	_, before := simworld.Of(s.w).AzureResourceState(res.id)
	m, state, loc, err := res.put(ctx, body)
	if err != nil {
		writeError(rw, err)
		return
	}
	op := s.newOp(opPut, res.id, nil)
	rw.Header().Set("Azure-AsyncOperation", s.opURL(r, rt, loc, "operations", op.id))
	if state == azure.Updating {
		s.retryAfter(rw)
	}
	status := http.StatusOK
	if errors.Is(before, azure.ErrNotFound) {
		status = http.StatusCreated
	}
	writeJSON(rw, status, m)
}

// serveDelete accepts a DELETE: 204 when there was nothing to delete, 200
// when the resource went at once, else 202 with Location and
// Azure-AsyncOperation.
func (s *Server) serveDelete(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route, res *resource) {
	_, before := simworld.Of(s.w).AzureResourceState(res.id)
	if err := res.del(ctx); err != nil {
		writeError(rw, err)
		return
	}
	if errors.Is(before, azure.ErrNotFound) {
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	if _, after := simworld.Of(s.w).AzureResourceState(res.id); errors.Is(after, azure.ErrNotFound) {
		writeJSON(rw, http.StatusOK, struct{}{})
		return
	}
	op := s.newOp(opDelete, res.id, nil)
	rw.Header().Set("Location", s.opURL(r, rt, "", "operationResults", op.id))
	rw.Header().Set("Azure-AsyncOperation", s.opURL(r, rt, "", "operations", op.id))
	s.retryAfter(rw)
	rw.WriteHeader(http.StatusAccepted)
}

// serveProviders lists the service providers, pageSize per page.
func (s *Server) serveProviders(ctx context.Context, rw http.ResponseWriter, r *http.Request) {
	ps, err := s.az.ListServiceProviders(ctx)
	if err != nil {
		writeError(rw, err)
		return
	}
	items, next := s.page(r, len(ps))
	writeJSON(rw, http.StatusOK, armnetwork.ExpressRouteServiceProviderListResult{
		Value: providersToARM(s.w.SubscriptionID(), ps[items[0]:items[1]]), NextLink: next})
}

// retryAfter sets Retry-After on an in-progress answer when the face was
// told to (WithPollRetryAfter).
func (s *Server) retryAfter(rw http.ResponseWriter) {
	if d := s.cfg.pollRetryAfter; d > 0 {
		rw.Header().Set("Retry-After", seconds(d))
	}
}

// seconds writes d as whole seconds, rounded up.
func seconds(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

func baseURL(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}

// opURL builds an operation URL in the request's subscription, with its
// api-version.
func (s *Server) opURL(r *http.Request, rt route, loc, kind, id string) string {
	if loc == "" {
		loc = "global"
	}
	loc = strings.ToLower(strings.ReplaceAll(loc, " ", ""))
	return baseURL(r) + "/subscriptions/" + rt.sub + "/providers/Microsoft.Network/locations/" + loc + "/" + kind + "/" + id +
		"?api-version=" + r.URL.Query().Get("api-version")
}

func writeJSON(rw http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeARMError(rw, http.StatusInternalServerError, "InternalServerError", "The face could not encode its answer.")
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = rw.Write(b)
}

// writeARMError writes ARM's error body with armnetwork.ErrorResponse.
func writeARMError(rw http.ResponseWriter, status int, code, message string) {
	b, _ := json.Marshal(armnetwork.ErrorResponse{Error: &armnetwork.ErrorDetails{Code: to.Ptr(code), Message: to.Ptr(message)}})
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = rw.Write(b)
}

// writeError answers an error of the world (*azure.Error, injected faults
// included) with its status, code, message and Retry-After; anything else
// is a 500.
func writeError(rw http.ResponseWriter, err error) {
	var e *azure.Error
	if errors.As(err, &e) {
		if e.RetryAfter > 0 {
			rw.Header().Set("Retry-After", seconds(e.RetryAfter))
		}
		writeARMError(rw, e.StatusCode, e.Code, e.Message)
		return
	}
	writeARMError(rw, http.StatusInternalServerError, "InternalServerError", "An error occurred.")
}
