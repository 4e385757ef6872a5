package sim

import (
	"context"
	"maps"
	"net/netip"
	"slices"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: what a gateway's site failover tests show (azure_failover.go
// runs them): the tests and their details, the state of a start or stop for
// the HTTP face, and the connections that carry the gateway's traffic.

// routeRedundancy splits the prefixes the gateway learned through its
// connections at location by whether it also learned them at another
// location (mu held).
func (w *World) routeRedundancy(g *gatewayRec, location string) ([]redundantRoutes, []netip.Prefix) {
	at := map[netip.Prefix][]string{} // prefix → locations, in connection order
	for _, k := range sortedKeys(w.st.Connections) {
		c := w.st.Connections[k]
		cir := w.st.Circuits[key(c.Circuit)]
		if !equalFold(c.Gateway, g.ID) || c.State != azure.Succeeded || cir == nil || !(w.pathUp(cir, 0) || w.pathUp(cir, 1)) {
			continue
		}
		for _, p := range w.vcnCIDRsBehind(w.linkedVC(cir)) {
			if !slices.ContainsFunc(at[p], func(l string) bool { return equalFold(l, cir.PeeringLocation) }) {
				at[p] = append(at[p], cir.PeeringLocation)
			}
		}
	}
	var red []redundantRoutes
	var non []netip.Prefix
	for _, p := range sortPrefixes(slices.Collect(maps.Keys(at))) {
		locs := at[p]
		switch {
		case !slices.ContainsFunc(locs, func(l string) bool { return equalFold(l, location) }):
		case len(locs) == 1:
			non = append(non, p)
		default:
			slices.Sort(locs)
			j := slices.IndexFunc(red, func(r redundantRoutes) bool { return slices.Equal(r.Locations, locs) })
			if j < 0 {
				red = append(red, redundantRoutes{Locations: locs})
				j = len(red) - 1
			}
			red[j].Routes = append(red[j].Routes, p)
		}
	}
	return red, non
}

// findTests lists the gateway's tests of a type, oldest first; latest keeps
// the latest of each location.
func (w *World) findTests(g *gatewayRec, typ azure.FailoverTestType, latest bool) ([]*failoverRec, error) {
	switch typ {
	case azure.SingleSiteFailover, azure.MultiSiteFailover, azure.FailoverTestsAll:
	default:
		return nil, w.azBadRequest("InvalidFailoverTestType", "The failover test type '%s' is not valid: use %s, %s or %s.",
			typ, azure.SingleSiteFailover, azure.MultiSiteFailover, azure.FailoverTestsAll)
	}
	var out []*failoverRec
	for _, t := range w.st.FailoverTests {
		if t.Gateway != key(g.ID) || typ == azure.MultiSiteFailover { // the simulator runs single-site tests only
			continue
		}
		if latest {
			out = slices.DeleteFunc(out, func(o *failoverRec) bool { return equalFold(o.Location, t.Location) })
		}
		out = append(out, t)
	}
	return out, nil
}

func (w *World) testView(t *failoverRec) azure.FailoverTest {
	out := azure.FailoverTest{ID: t.ID, PeeringLocation: t.Location, Type: azure.SingleSiteFailover, Status: t.Status,
		StartTime: t.Start, EndTime: t.End, Circuits: []azure.FailoverCircuit{}, Connections: []azure.FailoverConnection{}, Issues: []string{}}
	if t.Failure != nil && (t.Status == azure.FailoverStartFailed || t.Status == azure.FailoverStopFailed) {
		out.Issues = append(out.Issues, t.Failure.Message)
	}
	for _, k := range sortedKeys(w.st.Connections) {
		c := w.st.Connections[k]
		cir := w.st.Circuits[key(c.Circuit)]
		if key(c.Gateway) != t.Gateway || cir == nil || !equalFold(cir.PeeringLocation, t.Location) {
			continue
		}
		status := azure.FailoverConnected
		if t.holding() {
			status = azure.FailoverDisconnected
		}
		out.Circuits = append(out.Circuits, azure.FailoverCircuit{Name: cir.Name, ID: cir.ID, ConnectionName: c.Name})
		out.Connections = append(out.Connections, azure.FailoverConnection{Name: c.Name, ID: c.ID, Status: status, LastUpdated: t.Updated})
	}
	return out
}

func (t *failoverRec) details() azure.FailoverTestDetails {
	out := azure.FailoverTestDetails{PeeringLocation: t.Location, Status: t.Status, StartTime: t.Start, EndTime: t.End,
		RedundantRoutes: []azure.FailoverRedundantRoutes{}, NonRedundantRoutes: slices.Clone(t.NonRedundant),
		WasSimulationSuccessful: t.Successful, FailoverConnections: slices.Clone(t.Checks)}
	for _, r := range t.Redundant {
		out.RedundantRoutes = append(out.RedundantRoutes,
			azure.FailoverRedundantRoutes{PeeringLocations: slices.Clone(r.Locations), Routes: slices.Clone(r.Routes)})
	}
	if out.NonRedundantRoutes == nil {
		out.NonRedundantRoutes = []netip.Prefix{}
	}
	if out.FailoverConnections == nil {
		out.FailoverConnections = []azure.FailoverConnectionCheck{}
	}
	return out
}

// ListFailoverTests lists the gateway's failover tests.
func (f *azureFace) ListFailoverTests(ctx context.Context, rg, gateway string, typ azure.FailoverTestType, latest bool) ([]azure.FailoverTest, error) {
	w := f.w
	return azureRead(f, ctx, "ListFailoverTests", func() string { return w.id(rg, typeGateways, gateway) },
		func() ([]azure.FailoverTest, error) {
			g, err := w.findGateway(rg, gateway)
			if err != nil {
				return nil, err
			}
			tests, err := w.findTests(g, typ, latest)
			if err != nil {
				return nil, err
			}
			out := []azure.FailoverTest{}
			for _, t := range tests {
				out = append(out, w.testView(t))
			}
			return out, nil
		})
}

// GetFailoverTestDetails reads what a test found at its location.
func (f *azureFace) GetFailoverTestDetails(ctx context.Context, rg, gateway, location, testID string) ([]azure.FailoverTestDetails, error) {
	w := f.w
	return azureRead(f, ctx, "GetFailoverTestDetails", func() string { return w.id(rg, typeGateways, gateway) },
		func() ([]azure.FailoverTestDetails, error) {
			g, err := w.findGateway(rg, gateway)
			if err != nil {
				return nil, err
			}
			for _, t := range w.st.FailoverTests {
				if t.Gateway == key(g.ID) && equalFold(t.ID, testID) && equalFold(t.Location, location) {
					return []azure.FailoverTestDetails{t.details()}, nil
				}
			}
			return nil, w.azErr(httpstatus.NotFound, "FailoverTestNotFound", "",
				"Gateway %s has no failover test '%s' at peering location '%s'.", g.Name, testID, location)
		})
}

// failoverTestState reports, not as an API call, how the start (stop false)
// or stop of a gateway's test stands: done once it ended, with its error if
// it failed. For the HTTP face's operation polls.
func (w *World) failoverTestState(gatewayID, testID string, stop bool) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	for _, t := range w.st.FailoverTests {
		if t.Gateway != key(gatewayID) || !equalFold(t.ID, testID) {
			continue
		}
		op := "StartSiteFailoverSimulation"
		if stop {
			op = "StopSiteFailoverSimulation"
		}
		switch t.Status {
		case azure.FailoverStarting:
			return stop, nil // a stop never leaves a test Starting
		case azure.FailoverStopping:
			return !stop, nil
		case azure.FailoverStartFailed:
			return true, t.opError(op, gatewayID, t.Op)
		case azure.FailoverStopFailed:
			if stop {
				return true, t.opError(op, gatewayID, t.Op)
			}
		}
		return true, nil
	}
	return false, &azure.Error{Op: "FailoverTestState", Resource: gatewayID, StatusCode: httpstatus.NotFound,
		Code: "FailoverTestNotFound", Message: "The failover test was not found."}
}

// latestFailoverTest is the ID of the gateway's latest test at a location, ""
// when it has none; not an API call.
func (w *World) latestFailoverTest(gatewayID, location string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := ""
	for _, t := range w.st.FailoverTests {
		if t.Gateway == key(gatewayID) && equalFold(t.Location, location) {
			id = t.ID
		}
	}
	return id
}

// TrafficConnections returns the IDs of the connections over which the
// gateway sends traffic to the VCNs behind its circuits, sorted: of its
// Succeeded connections that a failover test does not hold off and whose
// circuit has BGP up on a path with VCN routes behind it, those of the
// highest RoutingWeight. A gateway prefers the routes of the connection with
// the highest weight and spreads traffic over equal ones (Microsoft,
// "Optimize ExpressRoute routing", azure-docs
// articles/expressroute/expressroute-optimize-routing.md). nil when the
// gateway is unknown or none qualifies.
func (w *World) TrafficConnections(gatewayID string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	best, out := -1, []string(nil)
	for _, k := range sortedKeys(w.st.Connections) {
		c := w.st.Connections[k]
		cir := w.st.Circuits[key(c.Circuit)]
		if !equalFold(c.Gateway, gatewayID) || c.State != azure.Succeeded || cir == nil || w.heldOff(c) ||
			!(w.pathUp(cir, 0) || w.pathUp(cir, 1)) || len(w.vcnCIDRsBehind(w.linkedVC(cir))) == 0 {
			continue
		}
		switch {
		case c.RoutingWeight > best:
			best, out = c.RoutingWeight, []string{c.ID}
		case c.RoutingWeight == best:
			out = append(out, c.ID)
		}
	}
	return out
}
