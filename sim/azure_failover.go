package sim

import (
	"context"
	"net/netip"
	"slices"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
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
	return w.azErr(httpstatus.Conflict, "FailoverTestAlreadyInProgress", "",
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
