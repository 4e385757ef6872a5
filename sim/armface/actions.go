package armface

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/azoci/interconnect/azure"
)

// This file: the POST actions ARM runs as long-running operations whose
// result is a list: a circuit's ARP and route tables and a gateway's learned
// routes. The world answers at once; the face keeps the answer (an opList
// operation) and hands out the URL the client polls for it.

// serveTable runs an ARP or route table POST as Microsoft's
// ExpressRouteCircuitARPTableList and ExpressRouteCircuitRouteTableList
// examples show it: 202 with a Location, whose poll answers 200 with
// {"value":[...]}.
func (s *Server) serveTable(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route) {
	circuit, peering, path := rt.names[0], rt.names[1], azure.DevicePath(rt.names[2])
	if !eq(peering, azure.PrivatePeeringName) {
		writeError(rw, notFoundPeering(s.w.SubscriptionID(), rt.rg, circuit, peering))
		return
	}
	var (
		out any
		err error
	)
	if rt.kind == rARP {
		var rows []azure.ARPEntry
		rows, err = s.az.ListARPTable(ctx, rt.rg, circuit, path)
		out = arpToARM(rows)
	} else {
		var rows []azure.Route
		rows, err = s.az.ListRouteTable(ctx, rt.rg, circuit, path)
		out = routesToARM(rows)
	}
	if err != nil {
		writeError(rw, err)
		return
	}
	s.acceptList(rw, r, rt, out, locationOnly)
}

// serveLearnedRoutes runs a gateway's getLearnedRoutes POST. Microsoft's
// VirtualNetworkGatewayLearnedRoutes example (2025-05-01) answers 202 with an
// Azure-AsyncOperation header, and the swagger makes the result final-state-via
// location (so armnetwork reads it from the Location URL): the face sends
// both headers, the operation status polls Succeeded and the Location answers
// 200 with {"value":[GatewayRoute...]}. With WithLearnedRoutesAsyncOnly it
// answers as the example does, the Azure-AsyncOperation header alone, and the
// status it polls carries no routes. A missing gateway is the world's 404,
// answered at once.
func (s *Server) serveLearnedRoutes(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route) {
	rows, err := s.az.ListLearnedRoutes(ctx, rt.rg, rt.names[0])
	if err != nil {
		writeError(rw, err)
		return
	}
	headers := locationAndAsyncOp
	if s.cfg.learnedRoutesAsyncOnly {
		headers = asyncOpOnly
	}
	s.acceptList(rw, r, rt, gatewayRoutesToARM(rows), headers)
}

// listHeaders says which URLs a list action's 202 names.
type listHeaders int

const (
	locationOnly       listHeaders = iota // the ARP and route tables
	locationAndAsyncOp                    // getLearnedRoutes, by default
	asyncOpOnly                           // getLearnedRoutes as Microsoft's example answers it
)

// acceptList keeps out, the result of a list action, for the Location poll
// and answers 202 with the headers h names: the Location, the
// Azure-AsyncOperation URL of the same operation, or both.
func (s *Server) acceptList(rw http.ResponseWriter, r *http.Request, rt route, out any, h listHeaders) {
	b, err := json.Marshal(out)
	if err != nil {
		writeError(rw, err)
		return
	}
	op := s.newOp(opList, "", b)
	if h != asyncOpOnly {
		rw.Header().Set("Location", s.opURL(r, rt, "", "operationResults", op.id))
	}
	if h != locationOnly {
		rw.Header().Set("Azure-AsyncOperation", s.opURL(r, rt, "", "operations", op.id))
	}
	rw.WriteHeader(http.StatusAccepted)
}
