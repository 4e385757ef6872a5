package interconnect

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// applied builds the interconnect on a fresh world and returns it.
func applied(t *testing.T) (*sim.World, *Client, Spec) {
	t.Helper()
	w, c, s, p := planned(t)
	if _, err := c.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return w, c, s
}

func removeOurRules(t *testing.T, w *sim.World, c *Client, s Spec) {
	t.Helper()
	ctx := context.Background()
	vcn, _ := w.OCI().GetVCN(ctx, s.OCI.VCNID)
	if _, err := w.OCI().UpdateRouteTable(ctx, vcn.DefaultRouteTableID, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
		kept := rules[:0:0]
		for _, r := range rules {
			if !strings.HasPrefix(r.Description, OwnershipTagKey) {
				kept = append(kept, r)
			}
		}
		return kept, len(kept) != len(rules)
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDrift changes the interconnect behind the library's back, one way at a
// time, and checks that Verify fails the right check with a hint and that
// Plan proposes the repair, which Apply then makes.
func TestDrift(t *testing.T) {
	tests := []struct {
		name    string
		drift   func(t *testing.T, w *sim.World, c *Client, s Spec)
		checks  []string               // Verify checks that must fail
		repair  map[string]plan.Action // steps Plan must propose
		planErr string                 // or: Plan must refuse, naming this field
	}{
		{
			name: "FastPath turned off",
			drift: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				ctx := context.Background()
				cn, err := w.Azure().GetConnection(ctx, s.Azure.ResourceGroup, "ora-link-conn")
				if err != nil {
					t.Fatal(err)
				}
				cn.FastPath = false
				if _, err := w.Azure().PutConnection(ctx, s.Azure.ResourceGroup, cn); err != nil {
					t.Fatal(err)
				}
			},
			checks: []string{"azure.connection.fastpath"},
			repair: map[string]plan.Action{StepConnection: plan.Update},
		},
		{
			name:   "route rule removed",
			drift:  removeOurRules,
			checks: []string{"oci.route-rules"},
			repair: map[string]plan.Action{StepRouteRules: plan.Update},
		},
		{
			name: "DRG attachment deleted",
			drift: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				// OCI refuses to detach while route rules target the DRG, so
				// whoever deleted it removed those first.
				removeOurRules(t, w, c, s)
				atts, err := w.OCI().ListDRGAttachments(context.Background(), s.OCI.CompartmentID, s.OCI.VCNID, "")
				if err != nil || len(atts) != 1 {
					t.Fatal(atts, err)
				}
				if err := w.OCI().DeleteDRGAttachment(context.Background(), atts[0].ID); err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Minute) // until DETACHED

			},
			// The connection, made minutes ago, still reads Unknown (as
			// ExpressRoute connections do; sim.Latency.ConnectionStatus),
			// and with the VCN detached the gateway has no learned routes
			// to vouch for it.
			checks: []string{"oci.drg-attachment", "oci.route-rules", "azure.routes.primary", "azure.routes.secondary", "azure.gateway.learned-routes", "azure.connection"},
			repair: map[string]plan.Action{StepDRGAttachment: plan.Create, StepRouteRules: plan.Update},
		},
		{
			name: "circuit bandwidth raised",
			drift: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				ctx := context.Background()
				ckt, err := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
				if err != nil {
					t.Fatal(err)
				}
				ckt.BandwidthMbps = 2000
				if _, err := w.Azure().PutCircuit(ctx, s.Azure.ResourceGroup, ckt); err != nil {
					t.Fatal(err)
				}
			},
			checks:  []string{"azure.circuit.bandwidth"},
			planErr: "bandwidth: 1Gbps circuit ora-link-er is at 2Gbps and Azure cannot lower a circuit's bandwidth",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, s := applied(t)
				tt.drift(t, w, c, s)
				ctx := context.Background()
				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				failed := map[string]Check{}
				for _, ch := range rep.Failed() {
					failed[ch.Name] = ch
				}
				for _, name := range tt.checks {
					ch, ok := failed[name]
					if !ok {
						t.Errorf("Verify did not fail %s; failed: %v", name, rep.Failed())
						continue
					}
					if ch.Hint == "" {
						t.Errorf("check %s failed without a hint", name)
					}
				}
				if len(failed) != len(tt.checks) {
					t.Errorf("Verify failed %d checks, want %d: %+v", len(failed), len(tt.checks), rep.Failed())
				}
				p, err := c.Plan(ctx, s)
				if tt.planErr != "" {
					var v *ValidationError
					if !errors.As(err, &v) || !strings.Contains(err.Error(), tt.planErr) {
						t.Fatalf("Plan error = %v, want a ValidationError containing %q", err, tt.planErr)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := actions(p)
				for id, a := range tt.repair {
					if got[id] != a {
						t.Errorf("Plan proposes %s for %s, want %s", got[id], id, a)
					}
				}
				if p.Mutations() != len(tt.repair) {
					t.Errorf("Plan has %d mutations, want %d: %v", p.Mutations(), len(tt.repair), got)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("after the repair Verify: %v %+v", err, rep.Failed())
				}
			})
		})
	}
}

// TestVerifyReportsABrokenPath breaks one path at the provider: ARP shows the
// Oracle address Incomplete, and the hint says it is a provider-side fault.
func TestVerifyReportsABrokenPath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s := applied(t)
		ckt, err := w.Azure().GetCircuit(context.Background(), s.Azure.ResourceGroup, "ora-link-er")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.BreakPath(ckt.ID, azure.Secondary); err != nil {
			t.Fatal(err)
		}
		rep, err := c.Verify(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		var arp *Check
		for _, ch := range rep.Failed() {
			if ch.Name == "azure.arp.secondary" {
				arp = &ch
			}
		}
		if arp == nil || !strings.Contains(arp.Detail, "Incomplete") || !strings.Contains(arp.Hint, "provider-side") {
			t.Fatalf("secondary ARP check = %+v; failed: %+v", arp, rep.Failed())
		}
		for _, ch := range rep.Checks {
			if ch.Name == "azure.arp.primary" && ch.Status != Pass {
				t.Errorf("primary path should still pass: %+v", ch)
			}
		}
	})
}

// TestReapplyAfterDestroy builds, tears down and builds again on the same
// world within OCI's 24-hour retry-token window: the new circuit's service
// key makes the tokens new, so nothing dead is handed back.
func TestReapplyAfterDestroy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s := applied(t)
		ctx := context.Background()
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatal(err)
		}
		converge(t, c, s)
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify after rebuild: %v %+v", err, rep.Failed())
		}
		if inv := takeInventory(t, w, s); inv != complete {
			t.Fatalf("after rebuild: %+v", inv)
		}
	})
}

// TestChangeBandwidth raises a running interconnect from 1 to 2 Gbps: Plan
// updates the ExpressRoute circuit first and then the virtual circuit (the
// provider refuses the other order), and Verify passes at the new rate. When
// the circuit was raised behind the library's back, Plan says to set the spec
// to the circuit's rate, and then updates only the virtual circuit.
func TestChangeBandwidth(t *testing.T) {
	for _, outOfBand := range []bool{false, true} {
		t.Run(map[bool]string{false: "spec raised", true: "circuit raised out of band"}[outOfBand], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, s := applied(t)
				ctx := context.Background()
				want := map[string]plan.Action{StepCircuit: plan.Update, StepVirtualCircuit: plan.Update}
				if outOfBand {
					ckt, err := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
					if err != nil {
						t.Fatal(err)
					}
					ckt.BandwidthMbps = 2000
					if _, err := w.Azure().PutCircuit(ctx, s.Azure.ResourceGroup, ckt); err != nil {
						t.Fatal(err)
					}
					if _, err := c.Plan(ctx, s); err == nil || !strings.Contains(err.Error(), "set bandwidth to 2Gbps") {
						t.Fatalf("Plan with the spec at 1Gbps: %v", err)
					}
					want = map[string]plan.Action{StepVirtualCircuit: plan.Update}
				}
				s.Bandwidth = 2000
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				got := actions(p)
				for id, a := range want {
					if got[id] != a {
						t.Errorf("%s: %s, want %s", id, got[id], a)
					}
				}
				if p.Mutations() != len(want) {
					t.Errorf("Mutations = %d, want %d: %v", p.Mutations(), len(want), got)
				}
				if vc, _ := p.Step(StepVirtualCircuit); !hasChange(vc, "bandwidthShapeName", "2 Gbps") || !p.Requires(StepVirtualCircuit, StepCircuit) {
					t.Errorf("virtual circuit step = %+v", vc)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("Verify at 2Gbps: %v %+v", err, rep.Failed())
				}
			})
		})
	}
}
