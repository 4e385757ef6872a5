package interconnect

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

var (
	stormAzureOps = []string{"", "GetVirtualNetwork", "GetSubnet", "PutSubnet", "GetPublicIP", "PutPublicIP", "GetGateway", "PutGateway",
		"GetCircuit", "PutCircuit", "GetPrivatePeering", "GetConnection", "PutConnection", "ListServiceProviders", "ListARPTable", "ListRouteTable"}
	stormOCIOps = []string{"", "GetVCN", "CreateDRG", "GetDRG", "ListDRGs", "CreateDRGAttachment", "GetDRGAttachment", "ListDRGAttachments",
		"ListProviderServices", "ListBandwidthShapes", "CreateVirtualCircuit", "GetVirtualCircuit", "FindVirtualCircuits", "GetRouteTable", "UpdateRouteTable"}
	stormKinds = []sim.FaultKind{sim.Throttle, sim.ServerError, sim.Conflict, sim.AsyncFailure}
)

// storm draws random faults from a seeded generator; it is safe for the
// concurrent call hook.
type storm struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func (s *storm) fault() sim.Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := sim.Fault{Count: 1 + s.rng.IntN(3), Kind: stormKinds[s.rng.IntN(len(stormKinds))]}
	if s.rng.IntN(2) == 0 {
		f.Cloud, f.Operation = sim.CloudAzure, stormAzureOps[s.rng.IntN(len(stormAzureOps))]
	} else {
		f.Cloud, f.Operation = sim.CloudOCI, stormOCIOps[s.rng.IntN(len(stormOCIOps))]
	}
	if f.Kind == sim.Throttle {
		f.RetryAfter = time.Duration(s.rng.IntN(31)) * time.Second
	}
	return f
}

func (s *storm) chance(n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.IntN(n) == 0
}

// TestFaultStorms runs 200 greenfield jobs, each under a different seeded
// storm of injected faults (ARM 429 with Retry-After, OCI 429, 500/503, 409
// AnotherOperationInProgress / IncorrectState, ARM operations that end
// Failed), some injected up front and more while Apply runs. Every run must
// converge (an Apply that gives up must say which resource failed; a re-run
// then finishes the job), leave exactly one of each resource, and never call
// again sooner than a Retry-After asked.
func TestFaultStorms(t *testing.T) {
	const runs = 200
	var mu sync.Mutex
	faultsHit, throttles := 0, 0
	var giveUps []string
	for i := range runs {
		t.Run(fmt.Sprintf("seed-%d", i), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				st := &storm{rng: rand.New(rand.NewPCG(uint64(i), 42))}
				w := seedWorld()
				c := newSimClient(w)
				s := simSpec(t, "")
				for range 1 + st.rng.IntN(6) {
					w.InjectFault(st.fault())
				}
				w.SetCallHook(func(sim.Call) {
					if st.chance(10) {
						w.InjectFault(st.fault())
					}
				})
				ctx := context.Background()
				ok := false
				for attempt := 0; attempt < 4 && !ok; attempt++ {
					p, err := c.Plan(ctx, s)
					if err == nil {
						_, err = c.Apply(ctx, p)
					}
					if err == nil {
						ok = true
						break
					}
					if !namesAResource(err) {
						t.Errorf("attempt %d failed with an error that names no resource: %v", attempt, err)
					}
					mu.Lock()
					giveUps = append(giveUps, firstLine(err))
					mu.Unlock()
					w.SetCallHook(nil) // the storm passes; the user runs apply again
				}
				if !ok {
					t.Fatal("did not converge in 4 attempts")
				}
				w.SetCallHook(nil)
				converge(t, c, s)
				if inv := takeInventory(t, w, s); inv != complete {
					t.Errorf("world holds %+v, want exactly one of each", inv)
				}
				hits, thr := checkRetryAfter(t, w.Calls())
				mu.Lock()
				faultsHit += hits
				throttles += thr
				mu.Unlock()
			})
		})
		if t.Failed() {
			break
		}
	}
	t.Logf("fault storms: %d runs, %d injected faults hit (%d throttles with Retry-After), %d Apply runs gave up and were re-run", runs, faultsHit, throttles, len(giveUps))
	for _, g := range giveUps {
		t.Logf("  gave up: %s", g)
	}
}

// namesAResource reports whether an error says which resource failed: a cloud
// error names it, and Apply prefixes each failure with its step ID.
func namesAResource(err error) bool {
	var ae *azure.Error
	var oe *oci.Error
	return errors.As(err, &ae) && ae.Resource != "" || errors.As(err, &oe) && oe.Resource != "" ||
		strings.Contains(err.Error(), "azure/") || strings.Contains(err.Error(), "oci/")
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// checkRetryAfter asserts that after a call answered with Retry-After d, the
// same operation on the same resource is not called again sooner than d. It
// returns how many calls failed and how many of those asked for a delay.
func checkRetryAfter(t *testing.T, calls []sim.Call) (failed, throttled int) {
	t.Helper()
	for i, c := range calls {
		if c.Err == nil {
			continue
		}
		failed++
		var d time.Duration
		var ae *azure.Error
		var oe *oci.Error
		switch {
		case errors.As(c.Err, &ae):
			d = ae.RetryAfter
		case errors.As(c.Err, &oe):
			d = oe.RetryAfter
		}
		if d == 0 {
			continue
		}
		throttled++
		for _, next := range calls[i+1:] {
			if next.Operation == c.Operation && next.Resource == c.Resource {
				if gap := next.Time.Sub(c.Time); gap < d {
					t.Errorf("%s %s retried after %s; Retry-After asked for %s", c.Operation, c.Resource, gap, d)
				}
				break
			}
		}
	}
	return failed, throttled
}
