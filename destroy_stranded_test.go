package interconnect

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file try every way a teardown could delete the
// ExpressRoute circuit while Oracle still has it provisioned: Azure accepts
// that delete and leaves a failed circuit that Microsoft keeps billing
// (sim.World.StrandedCircuits records each one). None may ever happen.

// noStranded fails the test if the world recorded a stranded circuit.
func noStranded(t *testing.T, w *sim.World) {
	t.Helper()
	if s := w.StrandedCircuits(); len(s) != 0 {
		t.Errorf("circuits deleted before Oracle deprovisioned them: %+v", s)
	}
}

// destroyConverge plans and applies the teardown until nothing is left to do.
func destroyConverge(t *testing.T, c *Client, s Spec) {
	t.Helper()
	ctx := context.Background()
	for round := 0; round < 3; round++ {
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatalf("PlanDestroy (round %d): %v", round, err)
		}
		if pd.Mutations() == 0 && pd.Summarize().Wait == 0 {
			return
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatalf("destroy Apply (round %d): %v", round, err)
		}
	}
	t.Fatal("teardown did not converge in 3 rounds")
}

// destroyBaseline tears a built interconnect down without a crash and
// returns how many calls that made and how long it took.
func destroyBaseline(t *testing.T) (calls int, took time.Duration) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s := applied(t)
		pd, err := c.PlanDestroy(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		mark, start := len(w.Calls()), time.Now()
		if _, err := c.Apply(context.Background(), pd); err != nil {
			t.Fatal(err)
		}
		calls, took = len(w.Calls())-mark, time.Since(start)
		noStranded(t, w)
	})
	return calls, took
}

// crashDestroyAndResume tears a built interconnect down, cancels the
// teardown at the moment crash picks, then runs PlanDestroy and Apply until
// nothing is left: no circuit is ever stranded and nothing remains.
func crashDestroyAndResume(t *testing.T, crash func(w *sim.World, cancel context.CancelFunc)) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s := applied(t)
		pd, err := c.PlanDestroy(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		crash(w, cancel)
		_, err = c.Apply(ctx, pd)
		if ctx.Err() != nil && err == nil {
			t.Error("the teardown was cancelled but reported success")
		}
		cancel()
		w.SetCallHook(nil)
		destroyConverge(t, c, s)
		noStranded(t, w)
		if inv := takeInventory(t, w, s); inv != (inventory{}) {
			t.Errorf("after the resumed teardown the world holds %+v", inv)
		}
	})
}

// TestDestroyCrashAtEveryCall cancels the teardown right after each of its
// cloud calls in turn, then resumes it.
func TestDestroyCrashAtEveryCall(t *testing.T) {
	calls, _ := destroyBaseline(t)
	for k := 1; k <= calls; k++ {
		t.Run(fmt.Sprintf("after-call-%d", k), func(t *testing.T) {
			crashDestroyAndResume(t, func(w *sim.World, cancel context.CancelFunc) {
				var n atomic.Int64
				w.SetCallHook(func(sim.Call) {
					if n.Add(1) == int64(k) {
						cancel()
					}
				})
			})
		})
	}
	t.Logf("teardown crash points after each call: %d", calls)
}

// TestDestroyCrashInTheMiddleOfWaits cancels the teardown every 20 simulated
// seconds of its run (inside the virtual circuit's TERMINATING, the wait for
// NotProvisioned, the gateway's deletion), then resumes it.
func TestDestroyCrashInTheMiddleOfWaits(t *testing.T) {
	_, took := destroyBaseline(t)
	const every = 20 * time.Second
	points := 0
	for at := every; at < took; at += every {
		points++
		t.Run(fmt.Sprintf("at-%s", at), func(t *testing.T) {
			crashDestroyAndResume(t, func(_ *sim.World, cancel context.CancelFunc) {
				time.AfterFunc(at, cancel)
			})
		})
	}
	t.Logf("teardown crash points in time: %d (every %s of a %s teardown)", points, every, took)
}

// TestDestroyWithAVirtualCircuitStuckTerminating: Oracle never finishes
// deprovisioning (the virtual circuit stays TERMINATING, the ExpressRoute
// circuit Deprovisioning). The teardown gives up waiting and says so; the
// circuit is never deleted, however often destroy runs.
func TestDestroyWithAVirtualCircuitStuckTerminating(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s := applied(t)
		w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "DeleteVirtualCircuit", Count: 1, Kind: sim.ProviderStallsTermination})
		for round := range 3 {
			pd, err := c.PlanDestroy(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if round > 0 {
				if st, _ := pd.Step(StepVirtualCircuit); st.Action != plan.Wait {
					t.Errorf("round %d: the virtual circuit's step is %s, want a wait", round, st.Action)
				}
			}
			_, err = c.Apply(ctx, pd)
			if err == nil || !strings.Contains(err.Error(), "TERMINATING") {
				t.Errorf("round %d: Apply = %v, want it to give up waiting for the TERMINATING virtual circuit", round, err)
			}
		}
		ckt, err := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
		if err != nil || ckt.State != azure.Succeeded || ckt.ProviderState != azure.Deprovisioning {
			t.Errorf("the circuit: %+v, %v; want it left Succeeded, Deprovisioning", ckt, err)
		}
		for _, call := range w.Calls() {
			if call.Operation == "DeleteCircuit" {
				t.Errorf("DeleteCircuit was sent at %s", call.Time)
			}
		}
		noStranded(t, w)
	})
}

// TestDestroyTwice: destroy run twice in a row, and two destroys at once,
// delete everything once and strand nothing.
func TestDestroyTwice(t *testing.T) {
	t.Run("in a row", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			w, c, s := applied(t)
			destroyConverge(t, c, s)
			destroyConverge(t, c, s)
			noStranded(t, w)
			if inv := takeInventory(t, w, s); inv != (inventory{}) {
				t.Errorf("the world holds %+v", inv)
			}
		})
	})
	t.Run("at once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			w, c, s := applied(t)
			c2 := newSimClient(w)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, cl := range []*Client{c, c2} {
				wg.Go(func() {
					pd, err := cl.PlanDestroy(context.Background(), s)
					if err == nil {
						_, err = cl.Apply(context.Background(), pd)
					}
					errs[i] = err
				})
			}
			wg.Wait()
			t.Logf("the two teardowns: %v; %v", errs[0], errs[1])
			destroyConverge(t, c, s)
			noStranded(t, w)
			if inv := takeInventory(t, w, s); inv != (inventory{}) {
				t.Errorf("the world holds %+v", inv)
			}
		})
	})
}

// reprovisionOnPeeringDelete makes another Apply re-create the virtual
// circuit, with the circuit's service key, the moment the teardown deletes
// the private peering: the circuit turns Provisioning after the teardown saw
// it NotProvisioned and before it deletes it.
func reprovisionOnPeeringDelete(t *testing.T, w *sim.World, s Spec) {
	t.Helper()
	ctx := context.Background()
	ckt, err := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
	if err != nil {
		t.Fatal(err)
	}
	drgs, err := w.OCI().ListDRGs(ctx, simComp)
	if err != nil || len(drgs) == 0 {
		t.Fatalf("DRGs: %v %v", drgs, err)
	}
	var once sync.Once
	w.SetCallHook(func(c sim.Call) {
		if c.Operation != "DeletePrivatePeering" {
			return
		}
		once.Do(func() {
			vc := oci.VirtualCircuit{CompartmentID: simComp, DisplayName: "ora-link-vc", Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps",
				GatewayID: drgs[0].ID, ProviderServiceID: sim.AzureProviderServiceID, ProviderServiceKeyName: ckt.ServiceKey,
				CrossConnectMappings: []oci.CrossConnectMapping{
					{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.1/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.2/30")},
					{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.5/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.6/30")}}}
			if _, err := w.OCI().CreateVirtualCircuit(context.Background(), vc, ""); err != nil {
				t.Errorf("the other Apply's CreateVirtualCircuit: %v", err)
			}
		})
	})
}

// TestLateDestroyPlanNeverStrands: a destroy plan made once Oracle had
// deprovisioned the circuit (its virtual circuit gone, the circuit
// NotProvisioned, the provider's peering still there) is applied late, while
// another Apply provisions the circuit again: in memory, and saved and read
// back. The circuit is not deleted: the teardown reads its provider state
// again right before the delete, finds it provisioning, and stops with an
// error that says what to do. A plan applied after the circuit was
// provisioned again waits for NotProvisioned and gives up.
func TestLateDestroyPlanNeverStrands(t *testing.T) {
	deprovisioned := func(t *testing.T) (*sim.World, *Client, Spec, *plan.Plan) {
		t.Helper()
		ctx := context.Background()
		w, c, s := applied(t)
		if err := w.Azure().DeleteConnection(ctx, s.Azure.ResourceGroup, "ora-link-conn"); err != nil {
			t.Fatal(err)
		}
		vcs, err := w.OCI().FindVirtualCircuits(ctx, simComp, "ora-link-vc")
		if err != nil || len(vcs) != 1 {
			t.Fatalf("virtual circuits: %v %v", vcs, err)
		}
		if err := w.OCI().DeleteVirtualCircuit(ctx, vcs[0].ID); err != nil {
			t.Fatal(err)
		}
		time.Sleep(w.Latency().VirtualCircuit)
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pd.Step(StepVirtualCircuit); ok {
			t.Fatal("the plan still deletes a virtual circuit")
		}
		if st, ok := pd.Step(StepPeering); !ok || st.Action != plan.Delete {
			t.Fatalf("the plan does not delete the provider's peering: %+v", st)
		}
		return w, c, s, pd
	}
	for _, saved := range []bool{false, true} {
		t.Run(fmt.Sprintf("saved %v, provisioned again during the teardown", saved), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, s, pd := deprovisioned(t)
				if saved {
					pd = saveAndLoad(t, pd)
				}
				reprovisionOnPeeringDelete(t, w, s)
				res, err := c.Apply(context.Background(), pd)
				w.SetCallHook(nil)
				noStranded(t, w)
				r, _ := res.Step(StepCircuit)
				if err == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "Provisioning") || !strings.Contains(r.Err.Error(), "virtual circuit") {
					t.Errorf("Apply = %v; the circuit step: %v; want it to refuse to delete the Provisioning circuit, saying what to do", err, r.Err)
				}
				if ckt, err := w.Azure().GetCircuit(context.Background(), s.Azure.ResourceGroup, "ora-link-er"); err != nil || ckt.State != azure.Succeeded {
					t.Errorf("the circuit: %+v, %v; want it left in place", ckt, err)
				}
			})
		})
	}
	t.Run("in memory, applied after the circuit was provisioned again", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			w, c, s, pd := deprovisioned(t)
			converge(t, c, s) // another Apply builds the interconnect again
			_, err := c.Apply(context.Background(), pd)
			if err == nil || !strings.Contains(err.Error(), "gave up") {
				t.Errorf("Apply of the late plan = %v, want it to give up waiting for NotProvisioned", err)
			}
			noStranded(t, w)
		})
	})
}
