package interconnect

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// inventory counts what exists of the interconnect in the world. Azure
// resources have deterministic names, so there can be at most one of each;
// OCI resources are counted by listing (not TERMINATED / DETACHED), which is
// where a duplicate would show.
type inventory struct {
	drgs, attachments, virtualCircuits int
	circuit, gateway, connection       bool
}

func takeInventory(t *testing.T, w *sim.World, s Spec) inventory {
	t.Helper()
	ctx := context.Background()
	n := namesFor(s.WithDefaults(nil))
	var inv inventory
	drgs, err := w.OCI().ListDRGs(ctx, s.OCI.CompartmentID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drgs {
		if d.DisplayName == n.drg && d.State != oci.Terminated {
			inv.drgs++
		}
	}
	atts, err := w.OCI().ListDRGAttachments(ctx, s.OCI.CompartmentID, s.OCI.VCNID, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range atts {
		if a.State != oci.Detached {
			inv.attachments++
		}
	}
	vcs, err := w.OCI().FindVirtualCircuits(ctx, s.OCI.CompartmentID, n.virtualCircuit)
	if err != nil {
		t.Fatal(err)
	}
	inv.virtualCircuits = len(vcs)
	_, err = w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, n.circuit)
	inv.circuit = err == nil
	_, err = w.Azure().GetGateway(ctx, s.Azure.ResourceGroup, n.gateway)
	inv.gateway = err == nil
	_, err = w.Azure().GetConnection(ctx, s.Azure.ResourceGroup, n.connection)
	inv.connection = err == nil
	return inv
}

var complete = inventory{drgs: 1, attachments: 1, virtualCircuits: 1, circuit: true, gateway: true, connection: true}

func mutatingCalls(calls []sim.Call) int {
	n := 0
	for _, c := range calls {
		if c.Mutating && c.Err == nil {
			n++
		}
	}
	return n
}

// converge plans and applies until a plan has nothing to do, at most a few
// rounds (a resumed run may have to wait for work a crashed run started).
func converge(t *testing.T, c *Client, s Spec) {
	t.Helper()
	ctx := context.Background()
	for round := 0; round < 3; round++ {
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatalf("re-plan (round %d): %v", round, err)
		}
		if p.Mutations() == 0 && p.Summarize().Wait == 0 {
			return
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatalf("re-apply (round %d): %v", round, err)
		}
	}
	t.Fatal("did not converge in 3 rounds")
}

// baseline runs a greenfield Apply without a crash and returns how many calls
// it made, how many of them wrote, and how long it took.
func baseline(t *testing.T) (calls, writes int, took time.Duration) {
	synctest.Test(t, func(t *testing.T) {
		w, c, _, p := planned(t)
		mark := len(w.Calls())
		start := time.Now()
		if _, err := c.Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		took = time.Since(start)
		calls = len(w.Calls()) - mark
		writes = mutatingCalls(w.Calls()[mark:])
	})
	return calls, writes, took
}

// crashAndResume runs a greenfield Apply, cancels it at the moment crash
// picks, then plans and applies again until converged. It checks exactly one
// of each resource exists, Verify is OK, and the writes of both runs together
// are at most the no-crash run's plus the one interrupted.
func crashAndResume(t *testing.T, baseWrites int, crash func(w *sim.World, cancel context.CancelFunc)) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, p := planned(t)
		mark := len(w.Calls())
		ctx, cancel := context.WithCancel(context.Background())
		crash(w, cancel)
		_, err := c.Apply(ctx, p)
		if ctx.Err() != nil && err == nil {
			t.Error("Apply was cancelled but reported success")
		}
		cancel()
		w.SetCallHook(nil)
		converge(t, c, s)
		writes := mutatingCalls(w.Calls()[mark:])
		if writes > baseWrites+1 {
			t.Errorf("crash and resume made %d writes; the run without a crash made %d", writes, baseWrites)
		}
		rep, err := c.Verify(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Errorf("Verify after resume: %+v", rep.Failed())
		}
		if inv := takeInventory(t, w, s); inv != complete {
			t.Errorf("after resume the world holds %+v, want exactly one of each", inv)
		}
	})
}

// TestCrashAtEveryCall cancels Apply right after each of its cloud calls in
// turn (every step boundary falls between two calls, and every poll of a wait
// is a call), then resumes.
func TestCrashAtEveryCall(t *testing.T) {
	calls, writes, _ := baseline(t)
	for k := 1; k <= calls; k++ {
		t.Run(fmt.Sprintf("after-call-%d", k), func(t *testing.T) {
			crashAndResume(t, writes, func(w *sim.World, cancel context.CancelFunc) {
				var n atomic.Int64 // the hook runs on the callers' goroutines
				w.SetCallHook(func(sim.Call) {
					if n.Add(1) == int64(k) {
						cancel()
					}
				})
			})
		})
	}
	t.Logf("crash points after each call: %d (the no-crash Apply makes %d calls, %d writes)", calls, calls, writes)
}

// TestCrashInTheMiddleOfWaits cancels Apply at every 20 simulated seconds of
// its run, which lands inside every wait (the 40-minute gateway, the virtual
// circuit, the DRG, BGP, ...), then resumes.
func TestCrashInTheMiddleOfWaits(t *testing.T) {
	_, writes, took := baseline(t)
	const every = 20 * time.Second
	points := 0
	for at := every; at < took; at += every {
		points++
		t.Run(fmt.Sprintf("at-%s", at), func(t *testing.T) {
			crashAndResume(t, writes, func(_ *sim.World, cancel context.CancelFunc) {
				time.AfterFunc(at, cancel)
			})
		})
	}
	t.Logf("crash points in time: %d (every %s of a %s Apply)", points, every, took)
}

// TestResumeWaitsForResourcesInFlight cancels Apply 20 minutes in, while the
// gateway is half-built and the virtual circuit is provisioned: the re-plan
// turns the gateway into a Wait step, and the resumed Apply puts no second
// gateway or circuit.
func TestResumeWaitsForResourcesInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, p := planned(t)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		if _, err := c.Apply(ctx, p); err == nil {
			t.Fatal("Apply finished in 20 minutes; the gateway alone takes 40")
		}
		p2, err := c.Plan(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		got := actions(p2)
		if got[StepGateway].String() != "wait" || got[StepCircuit].String() != "no-op" || got[StepVirtualCircuit].String() != "no-op" || got[StepConnection].String() != "create" {
			t.Fatalf("re-plan actions = %v", got)
		}
		mark := len(w.Calls())
		if _, err := c.Apply(context.Background(), p2); err != nil {
			t.Fatal(err)
		}
		for _, call := range w.Calls()[mark:] {
			if call.Operation == "PutGateway" || call.Operation == "PutCircuit" || call.Operation == "CreateVirtualCircuit" {
				t.Errorf("resumed Apply called %s again", call.Operation)
			}
		}
	})
}
