package interconnect

import (
	"context"
	"fmt"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestConcurrentApplies runs two Applies of the same spec at once, as two
// processes would, with the second starting at different offsets into the
// first. No resource may be duplicated. What makes it safe: Azure resources
// have deterministic names (a second PUT of the same name is the same
// resource, and a PUT that meets an operation in progress waits for it);
// OCI creates carry a retry token derived from the spec and the circuit's
// service key, so both processes' creates return the same resource; every
// step re-reads before it writes; route tables change by read-modify-write
// with If-Match.
func TestConcurrentApplies(t *testing.T) {
	offsets := []time.Duration{0, 150 * time.Millisecond, 30 * time.Second, 61 * time.Second, 2*time.Minute + 12*time.Second, 5 * time.Minute, 20 * time.Minute}
	for _, off := range offsets {
		t.Run(fmt.Sprintf("second-starts-at-%s", off), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := seedWorld()
				s := simSpec(t, "")
				ctx := context.Background()
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i := range 2 {
					wg.Go(func() {
						time.Sleep(time.Duration(i) * off)
						c := newSimClient(w)
						p, err := c.Plan(ctx, s)
						if err == nil {
							_, err = c.Apply(ctx, p)
						}
						errs[i] = err
					})
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Errorf("Apply %d: %v", i+1, err)
					}
				}
				if inv := takeInventory(t, w, s); inv != complete {
					t.Fatalf("two concurrent Applies left %+v, want exactly one of each", inv)
				}
				creates := map[string]int{}
				for _, c := range w.Calls() {
					if c.Mutating && c.Err == nil {
						creates[c.Operation]++
					}
				}
				t.Logf("writes by both: %v", creates)
				rep, err := newSimClient(w).Verify(ctx, s)
				if err != nil || !rep.OK() {
					t.Fatalf("Verify: %v %+v", err, rep.Failed())
				}
			})
		})
	}
}

// noTokens drops the retry token of every OCI create, to show what the token
// protects against.
type noTokens struct{ oci.Network }

func (n noTokens) CreateDRG(ctx context.Context, d oci.DRG, _ string) (oci.DRG, error) {
	return n.Network.CreateDRG(ctx, d, "")
}

func (n noTokens) CreateVirtualCircuit(ctx context.Context, vc oci.VirtualCircuit, _ string) (oci.VirtualCircuit, error) {
	return n.Network.CreateVirtualCircuit(ctx, vc, "")
}

// racePair pre-creates the ExpressRoute circuit (as a crashed earlier run
// would have), so that two Applies started together reach the OCI creates at
// the same instant, then runs them.
func racePair(t *testing.T, wrap func(oci.Network) oci.Network) inventory {
	w := seedWorld()
	s := simSpec(t, "")
	pre := newSimClient(w)
	p, err := pre.Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.SetCallHook(func(c sim.Call) {
		if c.Operation == "PutCircuit" {
			cancel()
		}
	})
	_, _ = pre.Apply(ctx, p)
	w.SetCallHook(nil)
	time.Sleep(2 * time.Minute) // the circuit finishes; nothing else was started
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			c := New(w.Azure(), wrap(w.OCI()), WithPollInterval(simPoll))
			p, err := c.Plan(context.Background(), s)
			if err == nil {
				_, _ = c.Apply(context.Background(), p)
			}
		})
	}
	wg.Wait()
	return takeInventory(t, w, s)
}

// TestConcurrentAppliesRaceToTheSameCreate starts both Applies at the same
// instant with the circuit already there: both list, find no DRG and no
// virtual circuit, and create them at once. The retry tokens make the two
// creates one. The control below strips the tokens and gets duplicates, so
// this test can fail and the tokens are what prevents it.
func TestConcurrentAppliesRaceToTheSameCreate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if inv := racePair(t, func(n oci.Network) oci.Network { return n }); inv != complete {
			t.Fatalf("two racing Applies left %+v, want exactly one of each", inv)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		inv := racePair(t, func(n oci.Network) oci.Network { return noTokens{n} })
		if inv.drgs < 2 && inv.virtualCircuits < 2 {
			t.Fatalf("control: without retry tokens the race left %+v; expected duplicates", inv)
		}
		t.Logf("control without retry tokens: %d DRGs, %d virtual circuits", inv.drgs, inv.virtualCircuits)
	})
}
