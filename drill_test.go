package interconnect

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// drillWorld applies a maximum interconnect on a fresh simulator.
func drillWorld(t *testing.T) (*sim.World, *Client, Spec) {
	t.Helper()
	w := seedWorld()
	c := newSimClient(w)
	s := maxSpec(t, "")
	applyOK(t, c, s)
	return w, c, s
}

// failoverCalls lists the failover simulation's starts and stops in w's call
// log, in order.
func failoverCalls(w *sim.World) []string {
	var out []string
	for _, c := range w.Calls() {
		if strings.Contains(c.Operation, "SiteFailoverSimulation") {
			out = append(out, c.Operation)
		}
	}
	return out
}

// activeTests are the gateway's failover tests still holding it.
func activeTests(t *testing.T, w *sim.World) []azure.FailoverTest {
	t.Helper()
	tests, err := w.Azure().ListFailoverTests(context.Background(), "rg-network", "ora-link-ergw", azure.FailoverTestsAll, true)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(tests, func(x azure.FailoverTest) bool { return !x.Status.Active() })
}

// TestDrill: failing Washington DC over, Washington DC2 carries the routes;
// the stop records the success and the location comes back.
func TestDrill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s := drillWorld(t)
		start := time.Now()
		rep, err := c.Drill(context.Background(), s, "washington dc", DrillOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("drill took %s (simulated)", time.Since(start))
		if !rep.OK() || !rep.Carried || rep.Location != "Washington DC" || rep.Other != "Washington DC2" || rep.Stopped.IsZero() {
			t.Fatalf("report: %+v", rep)
		}
		if res, _ := checkOf(rep.During, resiliencyCheck); res.Status != Warn || !strings.Contains(res.Detail, "Washington DC does not carry the routes; Washington DC2 carries them alone") {
			t.Errorf("during the drill, %s: %+v", resiliencyCheck, res)
		}
		for key, want := range map[string]Status{"azure.connection Washington DC": Fail, "azure.connection Washington DC2": Pass, "azure.gateway.learned-routes": Pass} {
			if ch, _ := checkOf(rep.During, key); ch.Status != want {
				t.Errorf("during the drill, %s: %+v, want %s", key, ch, want)
			}
		}
		if res, _ := checkOf(rep.After, resiliencyCheck); res.Status != Pass || !rep.After.OK() {
			t.Errorf("after the drill: %+v %+v", res, rep.After.Failed())
		}
		if rep.Test == nil || !rep.Test.WasSimulationSuccessful || rep.Test.Status != azure.FailoverCompleted {
			t.Errorf("Azure's record of the test: %+v", rep.Test)
		}
		if got := failoverCalls(w); !slices.Equal(got, []string{"StartSiteFailoverSimulation", "StopSiteFailoverSimulation"}) {
			t.Errorf("failover calls %v", got)
		}
		if a := activeTests(t, w); len(a) != 0 {
			t.Errorf("tests still active: %+v", a)
		}
	})
}

// TestDrillRefusals: what Drill refuses before it starts a failover.
func TestDrillRefusals(t *testing.T) {
	tests := []struct {
		name     string
		spec     func(t *testing.T) Spec
		world    func(w *sim.World)
		location string
		want     string
	}{
		{"standard", func(t *testing.T) Spec { return simSpec(t, "") }, nil, "Washington DC",
			"resiliency: standard a drill fails one of two peering locations over to the other, and this interconnect has one; set resiliency: maximum and apply, then drill"},
		{"unknown location", func(t *testing.T) Spec { return maxSpec(t, "") }, nil, "Toronto",
			`location: Toronto is not a peering location of interconnect ora-link; drill one of "Washington DC", "Washington DC2"`},
		{"the other location down", func(t *testing.T) Spec { return maxSpec(t, "") }, func(w *sim.World) {
			ckt, _ := w.Azure().GetCircuit(context.Background(), "rg-network", "ora-link-er-2")
			w.BreakPath(ckt.ID, azure.Primary)
			w.BreakPath(ckt.ID, azure.Secondary)
		}, "Washington DC", "drill refused: Washington DC2 does not carry the routes now, so failing Washington DC over would cut the interconnect"},
		{"a test already running", func(t *testing.T) Spec { return maxSpec(t, "") }, func(w *sim.World) {
			if err := w.Azure().StartSiteFailoverSimulation(context.Background(), "rg-network", "ora-link-ergw", "Washington DC2"); err != nil {
				panic(err)
			}
		}, "Washington DC", "drill refused: gateway ora-link-ergw already runs a failover test of Washington DC2 (Running); stop it first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, _ := drillWorld(t)
				if tt.world != nil {
					tt.world(w)
				}
				starts := len(failoverCalls(w))
				_, err := c.Drill(context.Background(), tt.spec(t), tt.location, DrillOptions{})
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if got := failoverCalls(w); len(got) != starts {
					t.Errorf("the refused drill called %v", got[starts:])
				}
			})
		})
	}
}

// TestDrillAlwaysStops: the stop runs, on a context of its own, when ctx
// ends (Ctrl-C) or the drill times out while the failover holds, and when
// the verification while it holds finds the other location down too.
func TestDrillAlwaysStops(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, w *sim.World, c *Client, s Spec) (*DrillReport, error)
		want string // the error; "" for none
	}{
		{"ctx ends", func(t *testing.T, w *sim.World, c *Client, s Spec) (*DrillReport, error) {
			ctx, cancel := context.WithCancel(context.Background())
			w.SetCallHook(func(call sim.Call) {
				if call.Operation == "StartSiteFailoverSimulation" {
					cancel() // Ctrl-C once the failover started
				}
			})
			return c.Drill(ctx, s, "Washington DC", DrillOptions{})
		}, "drill interrupted (context canceled); the failover simulation was stopped"},
		{"timeout", func(t *testing.T, w *sim.World, c *Client, s Spec) (*DrillReport, error) {
			return c.Drill(context.Background(), s, "Washington DC", DrillOptions{Hold: time.Hour, Timeout: 5 * time.Minute})
		}, "drill: timed out after 5m0s before the verification while the failover held (DrillOptions.Timeout); the failover simulation was stopped"},
		{"the other location fails meanwhile", func(t *testing.T, w *sim.World, c *Client, s Spec) (*DrillReport, error) {
			w.SetCallHook(func(call sim.Call) {
				if call.Operation == "StartSiteFailoverSimulation" {
					ckt, _ := w.Azure().GetCircuit(context.Background(), "rg-network", "ora-link-er-2")
					w.BreakPath(ckt.ID, azure.Primary)
					w.BreakPath(ckt.ID, azure.Secondary)
				}
			})
			rep, err := c.Drill(context.Background(), s, "Washington DC", DrillOptions{})
			if rep != nil && (rep.Carried || rep.OK() || rep.Test == nil || rep.Test.WasSimulationSuccessful) {
				t.Errorf("a drill whose other location failed: %+v (test %+v)", rep, rep.Test)
			}
			return rep, err
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, s := drillWorld(t)
				rep, err := tt.run(t, w, c, s)
				w.SetCallHook(nil)
				switch {
				case tt.want == "" && err != nil:
					t.Fatal(err)
				case tt.want != "" && (err == nil || err.Error() != tt.want):
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if rep == nil || rep.OK() || rep.Stopped.IsZero() {
					t.Errorf("report %+v", rep)
				}
				// A stop while the start is still settling gets 409
				// AnotherOperationInProgress, and is retried.
				if got := failoverCalls(w); len(got) < 2 || got[0] != "StartSiteFailoverSimulation" || slices.Contains(got[1:], "StartSiteFailoverSimulation") {
					t.Errorf("failover calls %v", got)
				}
				if a := activeTests(t, w); len(a) != 0 {
					t.Errorf("tests still active: %+v", a)
				}
				if errors.Is(err, context.Canceled) != (tt.name == "ctx ends") {
					t.Errorf("errors.Is(%v, context.Canceled) is %v", err, errors.Is(err, context.Canceled))
				}
			})
		})
	}
}
