package azuretest

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// This file: what a maximum-resiliency interconnect needs of Azure: the
// routing weight of a connection, ARM's one connection write at a time per
// gateway, and the gateway's site failover simulation (resiliency
// validation).

// sites makes the suite's gateway (ErGw3AZ), a circuit at each of the
// world's two peering locations ("er" at Env.PeeringLocation, "er2" at
// SecondPeeringLocation) provisioned by Oracle on one DRG, and connects the
// gateway to both ("conn", "conn2"), one after the other.
func (f *fixture) sites() (azure.Gateway, [2]azure.Circuit, [2]azure.Connection) {
	f.t.Helper()
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c1 := f.circuit("er")
	spec := f.circuitSpec("er2")
	spec.PeeringLocation = SecondPeeringLocation
	c2 := must[azure.Circuit](f.t)(f.n.PutCircuit(f.ctx, f.env.ResourceGroup, spec))
	HandoffSites(f.t, f.w, c1, c2)
	var conns [2]azure.Connection
	for i, c := range []azure.Circuit{c1, c2} {
		name := []string{"conn", "conn2"}[i]
		conns[i] = must[azure.Connection](f.t)(f.n.PutConnection(f.ctx, f.env.ResourceGroup, azure.Connection{Name: f.name(name),
			Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID, FastPath: true, Tags: ownerTags()}))
	}
	return g, [2]azure.Circuit{c1, c2}, conns
}

// ebgpNextHops are the next hops of the EBGP routes the gateway learned.
func (f *fixture) ebgpNextHops(t *testing.T) []netip.Addr {
	t.Helper()
	var out []netip.Addr
	for _, r := range must[[]azure.GatewayRoute](t)(f.n.ListLearnedRoutes(f.ctx, f.env.ResourceGroup, f.name("ergw"))) {
		if r.Origin == azure.OriginEBGP {
			out = append(out, r.NextHop)
		}
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

// testRoutingWeight: a connection keeps the routing weight it is given,
// through an update too; a weight beyond 32000 is refused.
func testRoutingWeight(f *fixture) {
	t := f.t
	rg := f.env.ResourceGroup
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	f.handoff(c)
	spec := azure.Connection{Name: f.name("conn"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID, RoutingWeight: 10, Tags: ownerTags()}
	if got := must[azure.Connection](t)(f.n.PutConnection(f.ctx, rg, spec)); got.RoutingWeight != 10 {
		t.Errorf("PutConnection answered RoutingWeight %d, want 10", got.RoutingWeight)
	}
	spec.RoutingWeight = 20
	must[azure.Connection](t)(f.n.PutConnection(f.ctx, rg, spec))
	got := must[azure.Connection](t)(f.n.GetConnection(f.ctx, rg, spec.Name))
	if world := must[azure.Connection](t)(f.w.Azure().GetConnection(f.ctx, rg, spec.Name)); got.RoutingWeight != 20 || world.RoutingWeight != 20 {
		t.Errorf("after the update RoutingWeight reads %d (the world holds %d), want 20", got.RoutingWeight, world.RoutingWeight)
	}
	spec.RoutingWeight = 32001
	_, err := f.n.PutConnection(f.ctx, rg, spec)
	wantErr(t, err, http.StatusBadRequest, "InvalidRoutingWeight")
}

// testConnectionWritesSerialised: while one connection of the gateway is
// being created, ARM refuses another at once with 409
// AnotherOperationInProgress, which is worth retrying
// (terraform-provider-azurerm#10582).
func testConnectionWritesSerialised(f *fixture) {
	t := f.t
	rg := f.env.ResourceGroup
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c1 := f.circuit("er")
	spec := f.circuitSpec("er2")
	spec.PeeringLocation = SecondPeeringLocation
	c2 := must[azure.Circuit](t)(f.n.PutCircuit(f.ctx, rg, spec))
	HandoffSites(t, f.w, c1, c2)

	ctx, cancel := context.WithCancel(f.ctx)
	first := make(chan error, 1)
	go func() {
		_, err := f.n.PutConnection(ctx, rg, azure.Connection{Name: f.name("conn"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c1.ID})
		first <- err
	}()
	eventually(t, "the first connection accepted", func() (bool, error) {
		c, err := f.w.Azure().GetConnection(f.ctx, rg, f.name("conn"))
		if errors.Is(err, azure.ErrNotFound) {
			return false, nil
		}
		return c.State == azure.Updating, err
	})
	_, err := f.n.PutConnection(f.ctx, rg, azure.Connection{Name: f.name("conn2"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c2.ID})
	if e := wantErr(t, err, http.StatusConflict, "AnotherOperationInProgress"); !e.Retryable() || e.OperationFailed {
		t.Errorf("%v: want a retryable refusal of the request", e)
	}
	if _, err := f.w.Azure().GetConnection(f.ctx, rg, f.name("conn2")); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("the refused connection exists: %v", err)
	}
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("the first PutConnection, its context canceled: %v", err)
	}
}

// testGatewayConnections: a gateway without connections lists none (an
// empty list); with one to each location's circuit it lists both, with
// their circuits, the gateway and the tags, as the world holds them.
func testGatewayConnections(f *fixture) {
	t := f.t
	rg, gw := f.env.ResourceGroup, f.name("ergw")
	f.gateway(azure.SKUErGw3AZ, 0)
	if got := must[[]azure.Connection](t)(f.n.ListGatewayConnections(f.ctx, rg, gw)); got == nil || len(got) != 0 {
		t.Errorf("a gateway without connections lists %#v, want an empty list", got)
	}
	g, circuits, conns := f.sites()
	got := must[[]azure.Connection](t)(f.n.ListGatewayConnections(f.ctx, rg, gw))
	byID := func(a, b azure.Connection) int { return strings.Compare(strings.ToLower(a.ID), strings.ToLower(b.ID)) }
	slices.SortFunc(got, byID)
	world := must[[]azure.Connection](t)(f.w.Azure().ListGatewayConnections(f.ctx, rg, gw))
	slices.SortFunc(world, byID)
	if !sameJSON(got, world) {
		t.Errorf("ListGatewayConnections =\n%+v\nthe world holds\n%+v", got, world)
	}
	if len(got) != 2 {
		t.Fatalf("%d connections listed, want 2: %+v", len(got), got)
	}
	for i, c := range got {
		j := slices.IndexFunc(conns[:], func(x azure.Connection) bool { return sameID(x.ID, c.ID) })
		if j < 0 || !sameID(c.CircuitID, circuits[j].ID) || !sameID(c.GatewayID, g.ID) || c.Name != conns[j].Name ||
			!c.FastPath || c.State != azure.Succeeded || !maps.Equal(c.Tags, ownerTags()) {
			t.Errorf("connection %d listed as %+v; made %+v", i, c, conns)
		}
	}
}

// testSiteFailover: a test of the first location takes the gateway off its
// circuit (its routes, its connection) and leaves the second; the test's
// details list the routes both locations carried; the stop records the
// outcome and gives the location back. The Network under test reads what
// the world holds.
func testSiteFailover(f *fixture) {
	t := f.t
	rg, gw := f.env.ResourceGroup, f.name("ergw")
	_, circuits, conns := f.sites()
	loc, other := circuits[0].PeeringLocation, circuits[1].PeeringLocation
	all := f.ebgpNextHops(t)
	if len(all) != 4 {
		t.Fatalf("before the test the gateway learns over %v, want four paths", all)
	}

	noErr(t, f.n.StartSiteFailoverSimulation(f.ctx, rg, gw, loc))
	tests := must[[]azure.FailoverTest](t)(f.n.ListFailoverTests(f.ctx, rg, gw, azure.SingleSiteFailover, true))
	if world := must[[]azure.FailoverTest](t)(f.w.Azure().ListFailoverTests(f.ctx, rg, gw, azure.SingleSiteFailover, true)); !sameJSON(tests, world) {
		t.Errorf("ListFailoverTests =\n%+v\nthe world holds\n%+v", tests, world)
	}
	if len(tests) != 1 || tests[0].Status != azure.FailoverRunning || tests[0].PeeringLocation != loc || tests[0].ID == "" ||
		len(tests[0].Connections) != 1 || !sameID(tests[0].Connections[0].ID, conns[0].ID) || tests[0].Connections[0].Status != azure.FailoverDisconnected {
		t.Fatalf("once the start returned: %+v", tests)
	}
	test := tests[0]
	// A gateway does not tell its circuits apart by next hop (its BGP peers
	// sit in the GatewaySubnet), so the rows count: one per path of the
	// second circuit.
	if got := f.ebgpNextHops(t); len(got) != 2 || !slices.Contains(all, got[0]) || !slices.Contains(all, got[1]) {
		t.Errorf("while the test runs the gateway learns over %v, want the second circuit's two paths of %v", got, all)
	}
	if c := must[azure.Connection](t)(f.n.GetConnection(f.ctx, rg, conns[0].Name)); c.Status != azure.NotConnected {
		t.Errorf("the first location's connection is %s, want NotConnected", c.Status)
	}
	if c := must[azure.Connection](t)(f.n.GetConnection(f.ctx, rg, conns[1].Name)); c.Status != azure.Connected && c.Status != azure.ConnectionUnknown {
		t.Errorf("the second location's connection is %s, want Connected (or the Unknown ExpressRoute connections often read)", c.Status)
	}
	details := must[[]azure.FailoverTestDetails](t)(f.n.GetFailoverTestDetails(f.ctx, rg, gw, loc, test.ID))
	if len(details) != 1 || len(details[0].RedundantRoutes) != 1 || !slices.Equal(details[0].RedundantRoutes[0].Routes, []netip.Prefix{vcnCIDR}) ||
		len(details[0].NonRedundantRoutes) != 0 {
		t.Errorf("details: %+v, want %s redundant", details, vcnCIDR)
	}
	err := f.n.StartSiteFailoverSimulation(f.ctx, rg, gw, other)
	wantErr(t, err, http.StatusConflict, "FailoverTestAlreadyInProgress")

	checks := []azure.FailoverConnectionCheck{{ConnectionName: conns[1].Name, Location: other, Verified: true}}
	noErr(t, f.n.StopSiteFailoverSimulation(f.ctx, rg, gw, azure.FailoverStop{PeeringLocation: loc, WasSimulationSuccessful: true, Details: checks}))
	tests = must[[]azure.FailoverTest](t)(f.n.ListFailoverTests(f.ctx, rg, gw, azure.FailoverTestsAll, false))
	if len(tests) != 1 || tests[0].Status != azure.FailoverCompleted || tests[0].EndTime.IsZero() {
		t.Errorf("once the stop returned: %+v", tests)
	}
	details = must[[]azure.FailoverTestDetails](t)(f.n.GetFailoverTestDetails(f.ctx, rg, gw, loc, test.ID))
	if world := must[[]azure.FailoverTestDetails](t)(f.w.Azure().GetFailoverTestDetails(f.ctx, rg, gw, loc, test.ID)); !sameJSON(details, world) {
		t.Errorf("GetFailoverTestDetails =\n%+v\nthe world holds\n%+v", details, world)
	}
	if !details[0].WasSimulationSuccessful || !slices.Equal(details[0].FailoverConnections, checks) {
		t.Errorf("the stop's record: %+v", details[0])
	}
	if got := f.ebgpNextHops(t); !slices.Equal(got, all) {
		t.Errorf("after the test the gateway learns over %v, want %v", got, all)
	}
}

// testSiteFailoverRefusals: a gateway that reaches one location cannot be
// tested; a location it does not reach cannot either; nothing to stop, no
// such test, no such type.
func testSiteFailoverRefusals(f *fixture) {
	t := f.t
	rg, gw := f.env.ResourceGroup, f.name("ergw")
	g := f.gateway(azure.SKUErGw3AZ, 0)
	c := f.circuit("er")
	f.handoff(c)
	must[azure.Connection](t)(f.n.PutConnection(f.ctx, rg, azure.Connection{Name: f.name("conn"), Location: f.env.Region, GatewayID: g.ID, CircuitID: c.ID}))

	wantErr(t, f.n.StartSiteFailoverSimulation(f.ctx, rg, gw, c.PeeringLocation), http.StatusBadRequest, "FailoverTestNeedsTwoPeeringLocations")
	wantErr(t, f.n.StartSiteFailoverSimulation(f.ctx, rg, gw, "Frankfurt"), http.StatusBadRequest, "FailoverTestPeeringLocationNotConnected")
	wantErr(t, f.n.StopSiteFailoverSimulation(f.ctx, rg, gw, azure.FailoverStop{PeeringLocation: c.PeeringLocation}),
		http.StatusBadRequest, "FailoverTestNotRunning")
	_, err := f.n.GetFailoverTestDetails(f.ctx, rg, gw, c.PeeringLocation, "00000000-0000-4000-8000-000000000000")
	wantErr(t, err, http.StatusNotFound, "FailoverTestNotFound")
	_, err = f.n.ListFailoverTests(f.ctx, rg, gw, "Sometimes", false)
	wantErr(t, err, http.StatusBadRequest, "InvalidFailoverTestType")
	if l := must[[]azure.FailoverTest](t)(f.n.ListFailoverTests(f.ctx, rg, gw, azure.FailoverTestsAll, false)); l == nil || len(l) != 0 {
		t.Errorf("tests of a gateway never tested: %#v, want an empty list", l)
	}
	err = f.n.StartSiteFailoverSimulation(f.ctx, rg, f.name("nope"), c.PeeringLocation)
	if !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("a test of a missing gateway: %v, want ErrNotFound", err)
	}
}

// testSiteFailoverFaults: a start whose operation fails is an
// OperationFailed error with the operation's code, and the test reads
// StartFailed with the gateway still on both locations.
func testSiteFailoverFaults(f *fixture) {
	t := f.t
	rg, gw := f.env.ResourceGroup, f.name("ergw")
	_, circuits, _ := f.sites()
	f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "StartSiteFailoverSimulation", Count: 1, Kind: sim.AsyncFailure,
		Code: "CircuitUnderMaintenance"})
	err := f.n.StartSiteFailoverSimulation(f.ctx, rg, gw, circuits[0].PeeringLocation)
	var e *azure.Error
	if !errors.As(err, &e) || !e.OperationFailed || e.Code != "CircuitUnderMaintenance" || e.Retryable() {
		t.Fatalf("start: %v, want the operation failed with a final code", err)
	}
	tests := must[[]azure.FailoverTest](t)(f.n.ListFailoverTests(f.ctx, rg, gw, azure.FailoverTestsAll, true))
	if len(tests) != 1 || tests[0].Status != azure.FailoverStartFailed {
		t.Errorf("after the failed start: %+v", tests)
	}
	if got := f.ebgpNextHops(t); len(got) != 4 {
		t.Errorf("after the failed start the gateway learns over %v, want four paths", got)
	}
}

// sameJSON reports whether a and b marshal to the same JSON.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
