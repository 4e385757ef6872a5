package interconnect

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file save plans as JSON, read them back and apply them,
// as `plan -out` and `apply FILE` do.

// saveAndLoad writes p as JSON and reads it back.
func saveAndLoad(t *testing.T, p *plan.Plan) *plan.Plan {
	t.Helper()
	var b bytes.Buffer
	if err := p.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	got, err := plan.ReadJSON(&b)
	if err != nil {
		t.Fatalf("reading a saved plan: %v", err)
	}
	return got
}

// TestSavedPlanApplies: a plan saved, read back and given its secret does
// exactly what the in-memory plan would: the same writes, then Verify passes.
func TestSavedPlanApplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		c := newSimClient(w)
		s := simSpec(t, "peering: {md5AuthKey: saved-plan-md5}\n")
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		loaded := saveAndLoad(t, p)
		if !slices.Equal(loaded.MissingSecrets(), []string{"peering.md5AuthKey"}) {
			t.Fatalf("MissingSecrets = %v", loaded.MissingSecrets())
		}
		mark := len(w.Calls())
		if _, err := c.Apply(ctx, loaded); err == nil || !strings.Contains(err.Error(), "peering.md5AuthKey") {
			t.Fatalf("Apply without the secret: %v", err)
		}
		if len(w.Calls()) != mark {
			t.Fatalf("Apply without the secret made %d calls", len(w.Calls())-mark)
		}

		loaded.SetSecret("peering.md5AuthKey", secret.Value("saved-plan-md5"))
		mark = len(w.Calls())
		if _, err := c.Apply(ctx, loaded); err != nil {
			t.Fatalf("Apply of the saved plan: %v", err)
		}
		var writes []string
		for _, call := range w.Calls()[mark:] {
			if call.Mutating {
				writes = append(writes, call.Operation)
			}
		}
		slices.Sort(writes)
		want := []string{"CreateDRG", "CreateDRGAttachment", "CreateVirtualCircuit", "PutCircuit", "PutConnection", "PutGateway", "PutPublicIP", "PutSubnet", "UpdateRouteTable"}
		if !slices.Equal(writes, want) {
			t.Errorf("writes %v, want %v", writes, want)
		}
		rep, err := c.Verify(ctx, s)
		if err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
		if vc, _ := w.OCI().FindVirtualCircuits(ctx, simComp, "ora-link-vc"); len(vc) != 1 || vc[0].CrossConnectMappings[0].BGPMD5AuthKey.Reveal() != "saved-plan-md5" {
			t.Errorf("the virtual circuit did not get the MD5 key given to the saved plan")
		}
	})
}

// TestStaleSavedPlans: Apply refuses a saved plan whose starting point no
// longer holds, says what changed, and writes nothing.
func TestStaleSavedPlans(t *testing.T) {
	tests := []struct {
		name   string
		spec   string                                              // extra spec YAML for the plan
		before func(t *testing.T, w *sim.World, c *Client, s Spec) // the world the plan is made in
		after  func(t *testing.T, w *sim.World, c *Client, s Spec) // what changes before it is applied
		want   string
	}{
		{
			name: "a resource it would create exists now",
			after: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				p, err := c.Plan(context.Background(), s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(context.Background(), p); err != nil {
					t.Fatal(err)
				}
			},
			want: "oci/drg: the plan creates ora-link-drg, but it exists now",
		},
		{
			name: "a resource it would update changed since",
			spec: "azure:\n  fastPath: false\n  gateway: {sku: ErGw3AZ}\n",
			before: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				s.Azure.Gateway.SKU = azure.SKUErGw1AZ
				p, err := c.Plan(context.Background(), s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(context.Background(), p); err != nil {
					t.Fatal(err)
				}
			},
			after: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				gw, _ := w.Azure().GetGateway(context.Background(), "rg-network", "ora-link-ergw")
				gw.SKU = azure.SKUErGw2AZ
				if _, err := w.Azure().PutGateway(context.Background(), "rg-network", gw); err != nil {
					t.Fatal(err)
				}
			},
			want: "azure/gateway: sku changed since the plan was made: it was ErGw1AZ, it is ErGw2AZ",
		},
		{
			name: "a wait's resource is gone",
			before: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				// A crash while the virtual circuit provisions: the plan waits for it.
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
				defer cancel()
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = c.Apply(ctx, p)
			},
			after: func(t *testing.T, w *sim.World, c *Client, s Spec) {
				vcs, _ := w.OCI().FindVirtualCircuits(context.Background(), simComp, "ora-link-vc")
				if len(vcs) != 1 {
					t.Fatalf("virtual circuits %+v", vcs)
				}
				if err := w.OCI().DeleteVirtualCircuit(context.Background(), vcs[0].ID); err != nil {
					t.Fatal(err)
				}
				time.Sleep(sim.DefaultLatency().VirtualCircuit)
			},
			want: "oci/virtual-circuit: the plan counts on",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				c := newSimClient(w)
				s := specWith(t, tt.spec)
				if tt.before != nil {
					tt.before(t, w, c, s)
				}
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				loaded := saveAndLoad(t, p)
				tt.after(t, w, c, s)
				mark := len(w.Calls())
				_, err = c.Apply(ctx, loaded)
				var stale *StalePlanError
				if !errors.As(err, &stale) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "make a new plan") {
					t.Fatalf("Apply error = %v, want a *StalePlanError saying %q", err, tt.want)
				}
				if _, writes := callCounts(w.Calls()[mark:]); writes != 0 {
					t.Errorf("a stale plan made %d writes", writes)
				}
			})
		})
	}
}

// TestResumedDestroyWaits: a teardown interrupted while the gateway is being
// deleted plans the gateway as a wait, not a second delete.
func TestResumedDestroyWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s := applied(t)
		d, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		cut, cancel := context.WithTimeout(ctx, 10*time.Minute) // the gateway takes 40
		_, _ = c.Apply(cut, d)
		cancel()
		again, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(again); a[StepGateway] != plan.Wait {
			t.Fatalf("resumed destroy: %v, want the gateway as a wait", a)
		}
		if _, err := c.Apply(ctx, again); err != nil {
			t.Fatalf("resumed destroy: %v", err)
		}
		if _, err := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("gateway after the resumed destroy: %v", err)
		}
		if atts, _ := w.OCI().ListDRGAttachments(ctx, simComp, simVCN, ""); len(atts) != 0 {
			t.Errorf("attachments after the resumed destroy: %+v", atts)
		}
	})
}

// TestPlanDiffs checks what counts as a change between a saved plan and a
// fresh one: a vanished no-op step does not, a vanished create does.
func TestPlanDiffs(t *testing.T) {
	step := func(id string, a plan.Action, changes ...plan.Change) plan.Step {
		return plan.Step{ID: id, Kind: "k", Name: id, Action: a, Changes: changes}
	}
	tests := []struct {
		name         string
		saved, fresh []plan.Step
		want         []string
	}{
		{"same", []plan.Step{step("a", plan.Create)}, []plan.Step{step("a", plan.Create)}, nil},
		{"vanished no-op", []plan.Step{step("a", plan.NoOp), step("b", plan.Create)}, []plan.Step{step("b", plan.Create)}, nil},
		{"vanished create", []plan.Step{step("a", plan.Create)}, nil, []string{"a: the plan would create a, but a fresh plan does not need to"}},
		{"gone already", []plan.Step{step("a", plan.Delete)}, nil, []string{"a: the plan deletes a, but it is gone already"}},
		{"exists now", []plan.Step{step("a", plan.Create)}, []plan.Step{step("a", plan.NoOp)}, []string{"a: the plan creates a, but it exists now"}},
		{"new step", nil, []plan.Step{step("a", plan.Update)}, []string{"a: a fresh plan would also update a"}},
		{"new no-op", nil, []plan.Step{step("a", plan.NoOp)}, nil},
		{"field changed",
			[]plan.Step{step("a", plan.Update, plan.Change{Field: "sku", Old: "Standard", New: "Premium"})},
			[]plan.Step{step("a", plan.Update, plan.Change{Field: "sku", Old: "Local", New: "Premium"})},
			[]string{"a: sku changed since the plan was made: it was Standard, it is Local"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planDiffs(&plan.Plan{Steps: tt.saved}, &plan.Plan{Steps: tt.fresh})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
