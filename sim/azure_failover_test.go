package sim

import (
	"bytes"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestSiteFailoverSimulation: a test of the first location is Starting,
// Running Latency.Failover later; while it runs the gateway does without the
// location's circuit (its learned routes, its connection, its traffic, and
// Oracle's routes to Azure through it), and the circuit itself is untouched.
// The stop records the outcome; the location is back once it Completed.
func TestSiteFailoverSimulation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		ts := f.twoSites()
		a, b := ts.sites[0], ts.sites[1]
		must[oci.DRGRouteTable](t)(f.oc.UpdateDRGRouteTable(f.ctx, ts.att.DRGRouteTableID, true))
		loc := a.circuit.PeeringLocation
		arpBefore := must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, a.circuit.Name, azure.Primary))
		routesBefore := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, a.circuit.Name, azure.Primary))

		start := time.Now()
		noErr(t, f.nw.StartSiteFailoverSimulation(f.ctx, testRG, "gw", loc))
		tests := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.SingleSiteFailover, true))
		if len(tests) != 1 || tests[0].Status != azure.FailoverStarting || tests[0].PeeringLocation != loc || tests[0].ID == "" ||
			!tests[0].StartTime.Equal(start) || tests[0].Type != azure.SingleSiteFailover {
			t.Fatalf("after the start: %+v", tests)
		}
		if got := f.ebgpHops(vcnCIDR); len(got) != 4 {
			t.Errorf("while Starting the gateway learns %s via %v, want all four paths still", vcnCIDR, got)
		}
		time.Sleep(f.lat.Failover)
		test := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.FailoverTestsAll, false))[0]
		if test.Status != azure.FailoverRunning {
			t.Fatalf("Latency.Failover after the start the test is %s, want Running", test.Status)
		}
		if len(test.Circuits) != 1 || test.Circuits[0].ID != a.circuit.ID || test.Circuits[0].ConnectionName != a.conn.Name ||
			len(test.Connections) != 1 || test.Connections[0].Status != azure.FailoverDisconnected || test.Connections[0].ID != a.conn.ID {
			t.Errorf("the running test: %+v", test)
		}

		// The gateway without the first location.
		if got := f.ebgpHops(vcnCIDR); !slices.Equal(got, msees(1)) {
			t.Errorf("while Running the gateway learns %s via %v, want only the second circuit's edges %v", vcnCIDR, got, msees(1))
		}
		if got := must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, a.conn.Name)); got.Status != azure.NotConnected {
			t.Errorf("the held-off connection is %s, want NotConnected", got.Status)
		}
		if got := must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, b.conn.Name)); got.Status != azure.Connected {
			t.Errorf("the other connection is %s, want Connected", got.Status)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{b.conn.ID}) {
			t.Errorf("TrafficConnections = %v, want the second location's", got)
		}
		if got := f.w.OCILearnedRoutes(a.vc.ID); len(got) != 0 {
			t.Errorf("Oracle still learns %v through the held-off circuit", got)
		}
		if got := f.w.TrafficVirtualCircuits(testVCN); !slices.Equal(got, []string{b.vc.ID}) {
			t.Errorf("TrafficVirtualCircuits = %v, want the second location's", got)
		}
		// The circuit is fine: the gateway just does not use it.
		if got := must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, a.circuit.Name, azure.Primary)); !slices.Equal(got, arpBefore) {
			t.Errorf("the circuit's ARP table changed: %+v, was %+v", got, arpBefore)
		}
		if got := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, a.circuit.Name, azure.Primary)); !slices.Equal(got, routesBefore) {
			t.Errorf("the circuit's route table changed: %+v, was %+v", got, routesBefore)
		}
		if vc := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, a.vc.ID)); vc.BGPSessionState != oci.BGPUp {
			t.Errorf("the held-off circuit's BGP is %s", vc.BGPSessionState)
		}

		details := must[[]azure.FailoverTestDetails](t)(f.az.GetFailoverTestDetails(f.ctx, testRG, "gw", loc, test.ID))
		if len(details) != 1 || details[0].Status != azure.FailoverRunning || len(details[0].NonRedundantRoutes) != 0 ||
			len(details[0].RedundantRoutes) != 1 || !slices.Equal(details[0].RedundantRoutes[0].Routes, []netip.Prefix{vcnCIDR}) ||
			!slices.Equal(details[0].RedundantRoutes[0].PeeringLocations, []string{"Washington DC", "Washington DC2"}) {
			t.Errorf("details: %+v", details)
		}

		// Refusals while it runs.
		err := f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", b.circuit.PeeringLocation)
		wantAzureErr(t, err, http.StatusConflict, "FailoverTestAlreadyInProgress")
		err = f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: b.circuit.PeeringLocation})
		wantAzureErr(t, err, http.StatusBadRequest, "FailoverTestNotRunning")

		checks := []azure.FailoverConnectionCheck{{ConnectionName: b.conn.Name, Location: b.circuit.PeeringLocation, Verified: true}}
		stopAt := time.Now()
		noErr(t, f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: loc,
			WasSimulationSuccessful: true, Details: checks}))
		if waited := time.Since(stopAt); waited != f.lat.Failover {
			t.Errorf("the blocking stop took %v, want Latency.Failover (%v)", waited, f.lat.Failover)
		}
		test = must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.SingleSiteFailover, true))[0]
		if test.Status != azure.FailoverCompleted || !test.EndTime.Equal(time.Now()) || test.Connections[0].Status != azure.FailoverConnected {
			t.Errorf("after the stop: %+v", test)
		}
		details = must[[]azure.FailoverTestDetails](t)(f.az.GetFailoverTestDetails(f.ctx, testRG, "gw", loc, test.ID))
		if !details[0].WasSimulationSuccessful || !slices.Equal(details[0].FailoverConnections, checks) || details[0].Status != azure.FailoverCompleted {
			t.Errorf("details after the stop: %+v", details[0])
		}
		if got := f.ebgpHops(vcnCIDR); len(got) != 4 {
			t.Errorf("after the test the gateway learns %s via %v, want all four paths", vcnCIDR, got)
		}
		if got := f.w.TrafficVirtualCircuits(testVCN); len(got) != 2 {
			t.Errorf("after the test TrafficVirtualCircuits = %v, want both", got)
		}

		// A second test, of the other location; latestOnly keeps one per location.
		noErr(t, f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", b.circuit.PeeringLocation))
		noErr(t, f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: b.circuit.PeeringLocation}))
		noErr(t, f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", loc))
		all := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.FailoverTestsAll, false))
		latest := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.SingleSiteFailover, true))
		if len(all) != 3 || len(latest) != 2 || latest[0].PeeringLocation != b.circuit.PeeringLocation || latest[1].Status != azure.FailoverRunning {
			t.Errorf("all tests %d, latest %+v", len(all), latest)
		}
		if multi := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.MultiSiteFailover, false)); len(multi) != 0 {
			t.Errorf("multi-site tests: %+v", multi)
		}
		_, err = f.az.ListFailoverTests(f.ctx, testRG, "gw", "Sometimes", false)
		wantAzureErr(t, err, http.StatusBadRequest, "InvalidFailoverTestType")
		_, err = f.az.GetFailoverTestDetails(f.ctx, testRG, "gw", b.circuit.PeeringLocation, test.ID)
		wantAzureErr(t, err, http.StatusNotFound, "FailoverTestNotFound")

		// The tests survive Save and Load, the running one still holding.
		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		w2, err := Load(&buf, WithLatency(f.lat))
		noErr(t, err)
		if got := w2.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{b.conn.ID}) {
			t.Errorf("after Load TrafficConnections = %v", got)
		}
	})
}

// TestSiteFailoverRefusals: what Azure refuses to start or stop.
func TestSiteFailoverRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		gw := f.gateway(azure.SKUErGw3AZ, 0)
		d := f.drg()
		f.attach(d.ID)
		c1, _ := f.provisionCircuit("er-1", "Washington DC", d.ID, 0)
		f.connect("conn-1", gw, c1)

		err := f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", "Washington DC")
		wantAzureErr(t, err, http.StatusBadRequest, "FailoverTestNeedsTwoPeeringLocations")
		c2, _ := f.provisionCircuit("er-2", "Washington DC2", d.ID, 1)
		f.connect("conn-2", gw, c2)
		err = f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", "Frankfurt")
		wantAzureErr(t, err, http.StatusBadRequest, "FailoverTestPeeringLocationNotConnected")
		err = f.az.StartSiteFailoverSimulation(f.ctx, testRG, "nope", "Washington DC")
		wantAzureErr(t, err, http.StatusNotFound, "ResourceNotFound")
		err = f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: "Washington DC"})
		wantAzureErr(t, err, http.StatusBadRequest, "FailoverTestNotRunning")

		// A stop (or another start) while the start is still going is a
		// conflict worth retrying.
		noErr(t, f.nw.StartSiteFailoverSimulation(f.ctx, testRG, "gw", "Washington DC"))
		err = f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: "Washington DC"})
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		var e *azure.Error
		if errors.As(err, &e); !e.Retryable() {
			t.Errorf("%v is not Retryable", err)
		}
		time.Sleep(f.lat.Failover)
		noErr(t, f.nw.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: "Washington DC"}))
		err = f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", "Washington DC2")
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		noErr(t, f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: "Washington DC"})) // joins

		// A test that is not stopped runs on.
		noErr(t, f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", "Washington DC2"))
		time.Sleep(30 * 24 * time.Hour)
		latest := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.FailoverTestsAll, true))
		if latest[1].Status != azure.FailoverRunning {
			t.Errorf("a month later the test is %s", latest[1].Status)
		}
	})
}

// TestSiteFailoverFaults: an AsyncFailure fault ends a start StartFailed
// (the gateway keeps the location) and a stop StopFailed (the gateway stays
// off the location until a stop succeeds).
func TestSiteFailoverFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		ts := f.twoSites()
		loc := ts.sites[0].circuit.PeeringLocation
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "StartSiteFailoverSimulation", Count: 1, Kind: AsyncFailure, Code: "CircuitUnderMaintenance"})
		err := f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", loc)
		var e *azure.Error
		if !errors.As(err, &e) || !e.OperationFailed || e.Code != "CircuitUnderMaintenance" {
			t.Fatalf("start: %v, want the operation failed with the injected code", err)
		}
		test := must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.FailoverTestsAll, true))[0]
		if test.Status != azure.FailoverStartFailed || len(test.Issues) != 1 || test.EndTime.IsZero() {
			t.Errorf("after a failed start: %+v", test)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); len(got) != 2 {
			t.Errorf("after a failed start TrafficConnections = %v, want both", got)
		}

		noErr(t, f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", loc))
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "StopSiteFailoverSimulation", Count: 1, Kind: AsyncFailure})
		err = f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: loc})
		if !errors.As(err, &e) || !e.OperationFailed || !e.Retryable() {
			t.Fatalf("stop: %v, want a failed operation with a transient code", err)
		}
		test = must[[]azure.FailoverTest](t)(f.az.ListFailoverTests(f.ctx, testRG, "gw", azure.FailoverTestsAll, true))[0]
		if test.Status != azure.FailoverStopFailed || !test.EndTime.IsZero() {
			t.Errorf("after a failed stop: %+v", test)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); len(got) != 1 {
			t.Errorf("after a failed stop TrafficConnections = %v, want the other location only", got)
		}
		err = f.az.StartSiteFailoverSimulation(f.ctx, testRG, "gw", ts.sites[1].circuit.PeeringLocation)
		wantAzureErr(t, err, http.StatusConflict, "FailoverTestAlreadyInProgress")
		noErr(t, f.az.StopSiteFailoverSimulation(f.ctx, testRG, "gw", azure.FailoverStop{PeeringLocation: loc}))
		if got := f.w.TrafficConnections(ts.gw.ID); len(got) != 2 {
			t.Errorf("after the second stop TrafficConnections = %v, want both", got)
		}
		var mutating int
		for _, c := range f.w.Calls() {
			if failoverOp(c.Operation) && c.Mutating {
				mutating++
			}
		}
		if mutating != 5 {
			t.Errorf("%d mutating failover calls logged, want 5", mutating)
		}
	})
}
