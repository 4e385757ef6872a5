package ociface

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/oci"
)

// This file: the Networking API's route table, the answers every handler
// shares (OCI's error shape, JSON, paging) and FormatCounts. The handlers
// are in handlers_vcn.go, handlers_drg.go and handlers_vc.go, the wire
// conversions in convert.go, the Monitoring API in monitoring.go.

// route is one served operation: pattern is its Kind ("GET /drgs/{drgId}").
type route struct {
	pattern string
	handler func(s *Server) handlerFunc
}

// routeTable lists what the face serves; see the package documentation.
var routeTable = []route{
	{"GET /vcns/{vcnId}", (*Server).getVCN},
	{"POST /drgs", (*Server).createDRG},
	{"GET /drgs", (*Server).listDRGs},
	{"GET /drgs/{drgId}", (*Server).getDRG},
	{"DELETE /drgs/{drgId}", (*Server).deleteDRG},
	{"POST /drgAttachments", (*Server).createAttachment},
	{"GET /drgAttachments", (*Server).listAttachments},
	{"GET /drgAttachments/{drgAttachmentId}", (*Server).getAttachment},
	{"DELETE /drgAttachments/{drgAttachmentId}", (*Server).deleteAttachment},
	{"GET /drgRouteTables/{drgRouteTableId}", (*Server).getDRGRouteTable},
	{"PUT /drgRouteTables/{drgRouteTableId}", (*Server).putDRGRouteTable},
	{"GET /fastConnectProviderServices", (*Server).listProviderServices},
	{"GET /fastConnectProviderServices/{providerServiceId}/virtualCircuitBandwidthShapes", (*Server).listShapes},
	{"POST /virtualCircuits", (*Server).createVC},
	{"GET /virtualCircuits", (*Server).listVCs},
	{"GET /virtualCircuits/{virtualCircuitId}", (*Server).getVC},
	{"PUT /virtualCircuits/{virtualCircuitId}", (*Server).updateVC},
	{"DELETE /virtualCircuits/{virtualCircuitId}", (*Server).deleteVC},
	{"GET /routeTables/{rtId}", (*Server).getRouteTable},
	{"PUT /routeTables/{rtId}", (*Server).putRouteTable},
}

// Kinds lists the Kind of every request the face serves: the Networking
// API's, then the Monitoring API's.
func Kinds() []string {
	var out []string
	for _, r := range slices.Concat(routeTable, monitoringRoutes) {
		out = append(out, r.pattern)
	}
	return out
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for version, table := range map[string][]route{APIVersion: routeTable, MonitoringAPIVersion: monitoringRoutes} {
		for _, r := range table {
			method, path, _ := strings.Cut(r.pattern, " ")
			mux.HandleFunc(method+" "+version+path, s.serve(r.handler(s)))
		}
	}
	mux.HandleFunc("/", s.serve(func(w *recorder, r *http.Request, _ []byte) {
		s.fail(w, http.StatusNotFound, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.")
	}))
	return mux
}

// ---------------------------------------------------------------------------
// Answers

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fail answers an error in OCI's shape.
func (s *Server) fail(w *recorder, status int, code, msg string) {
	w.code = code
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{Code: code, Message: msg})
}

// failErr answers the world's error: an *oci.Error as itself (with
// Retry-After when it has one), anything else (a context ending) as 500.
func (s *Server) failErr(w *recorder, err error) {
	var e *oci.Error
	if !errors.As(err, &e) {
		s.fail(w, http.StatusInternalServerError, "InternalServerError", "Internal error: "+err.Error())
		return
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	s.fail(w, e.StatusCode, e.Code, e.Message)
}

// reply answers v as JSON, with etag when it is not "".
func reply(w *recorder, status int, v any, etag string) {
	if etag != "" {
		w.Header().Set("etag", etag)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decode reads a request body into v, answering 400 when it cannot.
func (s *Server) decode(w *recorder, body []byte, v any) bool {
	if err := json.Unmarshal(body, v); err != nil {
		s.fail(w, http.StatusBadRequest, "InvalidParameter", "The request body is not valid JSON for this operation: "+err.Error())
		return false
	}
	return true
}

// required reads a mandatory query parameter, answering 400 when absent.
func (s *Server) required(w *recorder, r *http.Request, name string) (string, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		s.fail(w, http.StatusBadRequest, "MissingParameter", "Missing the required query parameter "+name+".")
		return "", false
	}
	return v, true
}

// page answers one page of items: at most the page size or the limit
// parameter, from the offset the page parameter carries (the opc-next-page
// token of the previous page), with opc-next-page when more remain.
func page[T any](s *Server, w *recorder, r *http.Request, items []T) {
	q := r.URL.Query()
	start, size := 0, s.pageSize
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p, "page-"))
		if err != nil || n < 0 || !strings.HasPrefix(p, "page-") {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "The page token is not valid.")
			return
		}
		start = min(n, len(items))
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "limit must be an integer from 1 to 1000.")
			return
		}
		size = min(size, n)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		w.Header().Set("opc-next-page", "page-"+strconv.Itoa(end))
	}
	reply(w, http.StatusOK, items[start:end], "")
}

// FormatCounts renders request counts (Counts, CountsSince) on one line,
// sorted by kind, e.g. "GET /drgs/{drgId}=3 POST /drgs=1".
func FormatCounts(m map[string]int) string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k + "=" + strconv.Itoa(m[k])
	}
	return strings.Join(parts, " ")
}
