package interconnect

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file run estates — a hub with spokes, more VCNs on the
// DRG — on the simulator, in synctest bubbles.

// extraVCN is the OCID of the i-th VCN of oci.vcns in seedEstate's world.
func extraVCN(i int) string { return fmt.Sprintf("ocid1.vcn.oc1.iad.aaaaaaaaextra%d", i) }

// seedEstate seeds the world of seedWorld plus vcns more VCNs, 10.(30+i).0.0/16,
// and returns the spec naming them.
func seedEstate(t *testing.T, vcns int) (*sim.World, Spec) {
	t.Helper()
	w := seedWorld()
	var extra strings.Builder
	if vcns > 0 {
		extra.WriteString("oci:\n  vcns:\n")
	}
	for i := range vcns {
		w.AddVCN(sim.VCN{ID: extraVCN(i), CompartmentID: simComp, Region: "us-ashburn-1",
			CIDRs: []netip.Prefix{netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", 30+i))}})
		fmt.Fprintf(&extra, "    - vcnId: %s\n", extraVCN(i))
	}
	s := simSpec(t, "")
	if vcns > 0 {
		es, err := ParseSpec([]byte(extra.String()))
		if err != nil {
			t.Fatal(err)
		}
		s.OCI.VCNs = es.OCI.VCNs
	}
	return w, s
}

// TestEstateVCNs builds, verifies and tears down interconnects with 1, 2
// and 5 more VCNs, and reports the critical-path ratio and the calls.
func TestEstateVCNs(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5} {
		t.Run(fmt.Sprintf("%d more VCNs", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, s := seedEstate(t, n)
				c := newSimClient(w)
				planStart := time.Now()
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				planReads, planTime := len(w.Calls()), time.Since(planStart)
				// Reads run concurrently: Plan takes a few reads' time,
				// whatever the number of networks.
				if depth := planTime / w.Latency().Read; depth > 4 {
					t.Errorf("Plan took %s, %d reads deep", planTime, depth)
				}
				for i := range n {
					for _, id := range []string{fmt.Sprintf("oci/vcns[%d]/drg-attachment", i), fmt.Sprintf("oci/vcns[%d]/route-rules", i)} {
						if st, ok := p.Step(id); !ok || st.Action == plan.NoOp {
							t.Errorf("plan lacks %s (or it does nothing): %+v", id, st)
						}
					}
				}
				mark := len(w.Calls())
				start := time.Now()
				res, err := c.Apply(ctx, p)
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				wall := time.Since(start)
				reads, writes := callCounts(w.Calls()[mark:])
				path, critical := p.CriticalPath(func(st plan.Step) time.Duration { r, _ := res.Step(st.ID); return r.Duration() })
				t.Logf("%d+1 VCNs: Plan %d reads in %s; Apply %s, critical path %s (%s), ratio %.4f; %d reads, %d writes",
					n, planReads, planTime, wall, critical, strings.Join(path, " → "), float64(wall)/float64(critical), reads, writes)
				if float64(wall) > 1.02*float64(critical) {
					t.Errorf("Apply took %s, more than 1.02 × its critical path %s", wall, critical)
				}
				if writes != p.Mutations() {
					t.Errorf("%d writes for %d mutations", writes, p.Mutations())
				}

				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if !rep.OK() || len(rep.Checks) != 15+4*n {
					t.Fatalf("Verify: ok %v, %d checks (want %d): %+v", rep.OK(), len(rep.Checks), 15+4*n, rep.Failed())
				}
				keys := map[string]bool{}
				for _, ch := range rep.Checks {
					if keys[ch.Key()] {
						t.Errorf("two checks with key %q", ch.Key())
					}
					keys[ch.Key()] = true
				}
				for i := range n {
					att, err := w.OCI().ListDRGAttachments(ctx, simComp, extraVCN(i), "")
					if err != nil || len(att) != 1 || att[0].State != oci.Attached {
						t.Errorf("VCN %d attachments: %+v %v", i, att, err)
					}
					if !keys["azure.routes.primary "+extraVCN(i)] || !keys["oci.drg-attachment "+extraVCN(i)] {
						t.Errorf("Verify has no checks of VCN %d", i)
					}
				}
				if p2, err := c.Plan(ctx, s); err != nil || p2.Mutations() != 0 {
					t.Fatalf("re-plan: %v, %d mutations", err, p2.Mutations())
				}

				pd, err := c.PlanDestroy(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				mark = len(w.Calls())
				if _, err := c.Apply(ctx, pd); err != nil {
					t.Fatalf("destroy: %v", err)
				}
				calls := w.Calls()[mark:]
				lastDetach := slices.IndexFunc(calls, func(c sim.Call) bool { return c.Operation == "DeleteDRG" })
				for i, c := range calls {
					if c.Operation == "DeleteDRGAttachment" && i > lastDetach {
						t.Errorf("a DRG attachment was deleted after the DRG")
					}
				}
				for i := range n {
					att, _ := w.OCI().ListDRGAttachments(ctx, simComp, extraVCN(i), "")
					if slices.ContainsFunc(att, liveAttachment) {
						t.Errorf("VCN %d still attached after destroy: %+v", i, att)
					}
				}
				if pd2, err := c.PlanDestroy(ctx, s); err != nil || pd2.Mutations() != 0 {
					t.Fatalf("after teardown: %v, %d mutations", err, pd2.Mutations())
				}
			})
		})
	}
}
