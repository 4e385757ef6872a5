package sim

import (
	"context"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: ExpressRoute resiliency validation, a gateway's site failover
// simulation (Microsoft, "Azure ExpressRoute Gateway Resiliency
// Validation", azure-docs articles/expressroute/resiliency-validation.md;
// ARM's VirtualNetworkGateways_StartExpressRouteSiteFailoverSimulation and
// its siblings, azure-rest-api-specs
// specification/network/resource-manager/Microsoft.Network/Network/stable/2025-05-01).
//
// A start makes a test Starting; Latency.Failover later it is Running and
// the gateway holds off its connections to circuits at the tested location
// ("connections are temporarily disconnected from the gateway to the
// selected ExpressRoute circuit"): it no longer learns routes through them,
// reports them NotConnected and Disconnected, and sends no traffic over
// them. The circuits are untouched ("the targeted ExpressRoute circuit
// remains connected to other ExpressRoute virtual network gateways"): their
// ARP and route tables, BGP and Oracle's side stay as they were, except that
// Oracle no longer learns the virtual network through them. A stop makes the
// test Stopping, then Completed Latency.Failover later, when the gateway uses
// the circuits again. A test that is not stopped runs on ("the test
// continues to run indefinitely").
//
// Refusals. Microsoft documents the conditions, not the codes; the codes are
// the simulator's own: 400 FailoverTestPeeringLocationNotConnected (the
// gateway has no Succeeded connection to a circuit at the location), 400
// FailoverTestNeedsTwoPeeringLocations ("supported only for ExpressRoute
// gateways connected to ExpressRoute circuits in at least two distinct
// peering locations"), 409 FailoverTestAlreadyInProgress (a test of the
// gateway is Running or StopFailed: "You can't run the Resiliency
// Validation test if there are any ongoing tests"), 400
// FailoverTestNotRunning (a stop with no test to stop), 404
// FailoverTestNotFound (details of an unknown test), 400
// InvalidFailoverTestType. A start or stop while a test is Starting or
// Stopping is 409 AnotherOperationInProgress, which is worth retrying. An
// AsyncFailure fault on a start or stop ends it StartFailed or StopFailed.

// failoverRec is one site failover test of a gateway.
type failoverRec struct {
	ID       string // the test's GUID
	Gateway  string // the gateway's key
	Location string // the peering location, as the start named it
	Status   azure.FailoverTestStatus
	// Start and End bound the test (End zero until it completed or failed
	// to start); Updated is when its status last changed.
	Start, End, Updated time.Time
	// Op is the pending start or stop (its transition applies only while
	// Op is unchanged); OpEnd is when it ends; Fail is the injected failure
	// it will end with; Failure why the last one failed.
	Op      uint64
	OpEnd   time.Time
	Fail    *opFailure `json:",omitempty"`
	Failure *opFailure `json:",omitempty"`
	// Redundant and NonRedundant are the gateway's learned prefixes at the
	// location when the test started: learned at other locations too, or
	// only there.
	Redundant    []redundantRoutes `json:",omitempty"`
	NonRedundant []netip.Prefix    `json:",omitempty"`
	// Successful and Checks are what the stop recorded.
	Successful bool
	Checks     []azure.FailoverConnectionCheck `json:",omitempty"`
}

type redundantRoutes struct {
	Locations []string
	Routes    []netip.Prefix
}

const kindFailover = "azure.failoverTest"

// failoverOp reports whether op starts or stops a failover test: long-running
// operations that an AsyncFailure fault makes fail.
func failoverOp(op string) bool {
	return op == "StartSiteFailoverSimulation" || op == "StopSiteFailoverSimulation"
}

// holding reports whether the test holds the gateway off its location.
func (t *failoverRec) holding() bool {
	switch t.Status {
	case azure.FailoverRunning, azure.FailoverStopping, azure.FailoverStopFailed:
		return true
	}
	return false
}

// heldOff reports whether a failover test holds the connection's gateway off
// the connection's circuit (mu held).
func (w *World) heldOff(c *connectionRec) bool {
	cir := w.st.Circuits[key(c.Circuit)]
	if cir == nil {
		return false
	}
	for _, t := range w.st.FailoverTests {
		if t.Gateway == key(c.Gateway) && t.holding() && equalFold(t.Location, cir.PeeringLocation) {
			return true
		}
	}
	return false
}

// activeTest is the gateway's test that is Starting, Running, Stopping or
// StopFailed, or nil (there is at most one).
func (w *World) activeTest(g *gatewayRec) *failoverRec {
	for _, t := range w.st.FailoverTests {
		if t.Gateway == key(g.ID) && t.Status.Active() {
			return t
		}
	}
	return nil
}

// gatewayLocations maps the peering locations of the circuits the gateway's
// Succeeded connections reach to those connections (mu held).
func (w *World) gatewayLocations(g *gatewayRec) map[string][]*connectionRec {
	out := map[string][]*connectionRec{}
	for _, k := range sortedKeys(w.st.Connections) {
		c := w.st.Connections[k]
		if !equalFold(c.Gateway, g.ID) || c.State != azure.Succeeded {
			continue
		}
		if cir := w.st.Circuits[key(c.Circuit)]; cir != nil {
			out[key(cir.PeeringLocation)] = append(out[key(cir.PeeringLocation)], c)
		}
	}
	return out
}

// StartSiteFailoverSimulation starts a test of the gateway at a peering
// location (see the file comment for what it does and refuses).
func (f *azureFace) StartSiteFailoverSimulation(ctx context.Context, rg, gateway, location string) error {
	w := f.w
	const op = "StartSiteFailoverSimulation"
	return f.failoverOperation(ctx, op, rg, gateway, func(g *gatewayRec) (*failoverRec, error) {
		if err := w.gatewayReady(g); err != nil {
			return nil, err
		}
		if t := w.activeTest(g); t != nil {
			return nil, w.testBusy(t)
		}
		locs := w.gatewayLocations(g)
		if _, ok := locs[key(location)]; !ok {
			return nil, w.azBadRequest("FailoverTestPeeringLocationNotConnected",
				"Gateway %s has no connection to an ExpressRoute circuit at peering location '%s'.", g.Name, location)
		}
		if len(locs) < 2 {
			return nil, w.azBadRequest("FailoverTestNeedsTwoPeeringLocations",
				"Resiliency validation needs gateway %s connected to ExpressRoute circuits in at least two distinct peering locations; it reaches only '%s'.",
				g.Name, location)
		}
		t := &failoverRec{ID: w.serviceKey(), Gateway: key(g.ID), Location: location, Status: azure.FailoverStarting,
			Start: w.now, Updated: w.now}
		t.Redundant, t.NonRedundant = w.routeRedundancy(g, location)
		w.st.FailoverTests = append(w.st.FailoverTests, t)
		w.startFailoverOp(t)
		return t, nil
	})
}

// StopSiteFailoverSimulation stops the gateway's test at stop.PeeringLocation
// and records its outcome. A stop of a test already Stopping joins it.
func (f *azureFace) StopSiteFailoverSimulation(ctx context.Context, rg, gateway string, stop azure.FailoverStop) error {
	w := f.w
	const op = "StopSiteFailoverSimulation"
	return f.failoverOperation(ctx, op, rg, gateway, func(g *gatewayRec) (*failoverRec, error) {
		t := w.activeTest(g)
		if t == nil || !equalFold(t.Location, stop.PeeringLocation) {
			return nil, w.azBadRequest("FailoverTestNotRunning",
				"Gateway %s has no failover test to stop at peering location '%s'.", g.Name, stop.PeeringLocation)
		}
		switch t.Status {
		case azure.FailoverStopping:
			return t, nil
		case azure.FailoverStarting:
			return nil, w.testBusy(t)
		}
		t.Status, t.Updated = azure.FailoverStopping, w.now
		t.Successful, t.Checks = stop.WasSimulationSuccessful, slices.Clone(stop.Details)
		w.startFailoverOp(t)
		return t, nil
	})
}

// failoverOperation serves a start or a stop: accept validates it and starts
// (or joins) the operation (mu held); the blocking face then waits until the
// operation ends and answers its failure, as ARM's poller would.
func (f *azureFace) failoverOperation(ctx context.Context, op, rg, gateway string, accept func(*gatewayRec) (*failoverRec, error)) error {
	w := f.w
	var (
		t   *failoverRec
		seq uint64
		end time.Time
		id  string
	)
	err := w.do(ctx, CloudAzure, op, func() string { return w.id(rg, typeGateways, gateway) }, 0, func() error {
		g, err := w.findGateway(rg, gateway)
		if err != nil {
			return err
		}
		if t, err = accept(g); err != nil {
			return err
		}
		seq, end, id = t.Op, t.OpEnd, w.cur.resource
		return nil
	})
	if err != nil || f.noWait {
		return err
	}
	if err := sleepUntil(ctx, end); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	return t.opError(op, id, seq)
}

// opError is the error of operation seq of the test, if it failed.
func (t *failoverRec) opError(op, id string, seq uint64) error {
	if t.Op != seq || t.Failure == nil || (t.Status != azure.FailoverStartFailed && t.Status != azure.FailoverStopFailed) {
		return nil
	}
	return &azure.Error{Op: op, Resource: id, StatusCode: t.Failure.Status, Code: t.Failure.Code, Message: t.Failure.Message, OperationFailed: true}
}

// gatewayReady refuses a test of a gateway that is not a Succeeded
// ExpressRoute gateway with no operation in progress.
func (w *World) gatewayReady(g *gatewayRec) error {
	switch {
	case g.busy():
		return w.azConflict(g.ID)
	case g.State != azure.Succeeded:
		return w.azBadRequest("VirtualNetworkGatewayNotReady", "Virtual network gateway %s is %s.", g.ID, g.State)
	}
	return nil
}

// testBusy is the refusal of a start or stop while test t is active.
func (w *World) testBusy(t *failoverRec) error {
	if t.Status == azure.FailoverStarting || t.Status == azure.FailoverStopping {
		return w.azConflict("")
	}
	return w.azErr(http.StatusConflict, "FailoverTestAlreadyInProgress", "",
		"A failover test of peering location '%s' is %s on this gateway; stop it first.", t.Location, t.Status)
}

// startFailoverOp schedules the end of the start or stop the test is in
// (mu held), with the AsyncFailure injected into the current call.
func (w *World) startFailoverOp(t *failoverRec) {
	t.Op = w.nextSeq()
	t.Fail, w.cur.fail = w.cur.fail, nil
	if t.Fail != nil {
		t.Fail.Op = w.cur.op
	}
	t.OpEnd = w.schedule(w.lat.Failover, kindFailover, key(t.ID), t.Op, "")
}

// applyFailover ends a start (Running, or StartFailed) or a stop (Completed,
// or StopFailed).
func (w *World) applyFailover(tr transition) {
	i := slices.IndexFunc(w.st.FailoverTests, func(t *failoverRec) bool { return key(t.ID) == tr.ID })
	if i < 0 {
		return
	}
	t := w.st.FailoverTests[i]
	if t.Op != tr.Op {
		return
	}
	fail := t.Fail
	t.Fail, t.Failure, t.Updated = nil, fail, w.now
	switch t.Status {
	case azure.FailoverStarting:
		t.Status = azure.FailoverRunning
		if fail != nil {
			t.Status, t.End = azure.FailoverStartFailed, w.now
		}
	case azure.FailoverStopping:
		t.Status, t.End = azure.FailoverCompleted, w.now
		if fail != nil {
			t.Status, t.End = azure.FailoverStopFailed, time.Time{}
		}
	}
}

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
			return nil, w.azErr(http.StatusNotFound, "FailoverTestNotFound", "",
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
	return false, &azure.Error{Op: "FailoverTestState", Resource: gatewayID, StatusCode: http.StatusNotFound,
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
