package armface

import (
	"net/http"
	"strings"
)

// This file: the routes of the face: what a request path names (parseRoute,
// which matches ARM's fixed segments without regard to case), how a request
// counts in Stats, and the methods each route serves. handler.go serves them.

// routeKind is what a request path names.
type routeKind int

const (
	rNone routeKind = iota
	rVNet
	rSubnet
	rVNetPeering
	rPublicIP
	rGateway
	rCircuit
	rPeering
	rConnection
	rARP
	rRoutes
	rLearnedRoutes // a gateway's getLearnedRoutes action
	rProviders
	rOpStatus // Azure-AsyncOperation URL
	rOpResult // Location URL
	rMetrics  // {resourceId}/providers/Microsoft.Insights/metrics (Azure Monitor)
	rFailover // a gateway's site failover action (failover.go)
	// rGatewayConns is the list of a gateway's connections
	// (connections.go).
	rGatewayConns
)

// route is a parsed request path. names holds the resource names from the
// outermost in: [vnet, subnet], [circuit, peering, devicePath], ...;
// resource is the ARM ID whose metrics an rMetrics route asks for.
type route struct {
	kind      routeKind
	sub, rg   string
	names     []string
	loc, opID string
	resource  string
}

func eq(a, b string) bool { return strings.EqualFold(a, b) }

// parseRoute parses an ARM path, matching its fixed segments without regard
// to case, as ARM does.
func parseRoute(path string) route {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 4 || !eq(segs[0], "subscriptions") || segs[1] == "" {
		return route{}
	}
	rt := route{sub: segs[1]}
	rest := segs[2:]
	// Azure Monitor's metrics of any resource: the world checks the ID.
	if n := len(segs); n >= 5 && eq(segs[n-3], "providers") && eq(segs[n-2], "Microsoft.Insights") && eq(segs[n-1], "metrics") {
		rt.kind, rt.resource = rMetrics, "/"+strings.Join(segs[:n-3], "/")
		return rt
	}
	if eq(rest[0], "providers") && eq(rest[1], "Microsoft.Network") {
		switch p := rest[2:]; {
		case len(p) == 1 && eq(p[0], "expressRouteServiceProviders"):
			rt.kind = rProviders
		case len(p) == 4 && eq(p[0], "locations") && eq(p[2], "operations"):
			rt.kind, rt.loc, rt.opID = rOpStatus, p[1], p[3]
		case len(p) == 4 && eq(p[0], "locations") && eq(p[2], "operationResults"):
			rt.kind, rt.loc, rt.opID = rOpResult, p[1], p[3]
		}
		return rt
	}
	if len(rest) < 6 || !eq(rest[0], "resourceGroups") || !eq(rest[2], "providers") || !eq(rest[3], "Microsoft.Network") {
		return route{}
	}
	rt.rg = rest[1]
	typ, tail := rest[4], rest[5:]
	for _, n := range tail {
		if n == "" {
			return route{}
		}
	}
	// A POST action on a resource: its name, then the action's.
	if len(tail) == 2 && eq(typ, "virtualNetworkGateways") && eq(tail[1], "getLearnedRoutes") {
		rt.kind, rt.names = rLearnedRoutes, tail[:1]
		return rt
	}
	if len(tail) == 2 && eq(typ, "virtualNetworkGateways") && eq(tail[1], "connections") {
		rt.kind, rt.names = rGatewayConns, tail[:1]
		return rt
	}
	if len(tail) == 2 && eq(typ, "virtualNetworkGateways") && isFailoverAction(tail[1]) {
		rt.kind, rt.names = rFailover, tail
		return rt
	}
	// Odd positions of tail past the first name are child types.
	var children []string
	rt.names = append(rt.names, tail[0])
	for i := 1; i+1 < len(tail); i += 2 {
		children = append(children, strings.ToLower(tail[i]))
		rt.names = append(rt.names, tail[i+1])
	}
	if len(tail)%2 == 0 {
		return route{}
	}
	shape := strings.ToLower(typ) + "/" + strings.Join(children, "/")
	switch shape {
	case "virtualnetworks/":
		rt.kind = rVNet
	case "virtualnetworks/subnets":
		rt.kind = rSubnet
	case "virtualnetworks/virtualnetworkpeerings":
		rt.kind = rVNetPeering
	case "publicipaddresses/":
		rt.kind = rPublicIP
	case "virtualnetworkgateways/":
		rt.kind = rGateway
	case "connections/":
		rt.kind = rConnection
	case "expressroutecircuits/":
		rt.kind = rCircuit
	case "expressroutecircuits/peerings":
		rt.kind = rPeering
	case "expressroutecircuits/peerings/arptables":
		rt.kind = rARP
	case "expressroutecircuits/peerings/routetables":
		rt.kind = rRoutes
	default:
		return route{}
	}
	return rt
}

// requestKind classifies a request for Stats.
func requestKind(rt route, method string) Kind {
	switch rt.kind {
	case rNone:
		return KindOther
	case rOpStatus, rOpResult:
		return KindPoll
	case rARP, rRoutes, rLearnedRoutes, rFailover:
		return KindPost
	case rMetrics:
		return KindGet
	}
	switch method {
	case http.MethodGet:
		return KindGet
	case http.MethodPut:
		return KindPut
	case http.MethodDelete:
		return KindDelete
	}
	return KindOther
}

// allowed lists the methods each route serves.
var allowed = map[routeKind][]string{
	rVNet:          {http.MethodGet},
	rSubnet:        {http.MethodGet, http.MethodPut, http.MethodDelete},
	rVNetPeering:   {http.MethodGet, http.MethodPut, http.MethodDelete},
	rPublicIP:      {http.MethodGet, http.MethodPut, http.MethodDelete},
	rGateway:       {http.MethodGet, http.MethodPut, http.MethodDelete},
	rConnection:    {http.MethodGet, http.MethodPut, http.MethodDelete},
	rCircuit:       {http.MethodGet, http.MethodPut, http.MethodDelete},
	rPeering:       {http.MethodGet, http.MethodPut, http.MethodDelete},
	rARP:           {http.MethodPost},
	rRoutes:        {http.MethodPost},
	rLearnedRoutes: {http.MethodPost},
	rFailover:      {http.MethodPost},
	rGatewayConns:  {http.MethodGet},
	rProviders:     {http.MethodGet},
	rOpStatus:      {http.MethodGet},
	rOpResult:      {http.MethodGet},
	rMetrics:       {http.MethodGet},
}
