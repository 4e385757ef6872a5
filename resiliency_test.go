package interconnect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file run maximum resiliency on the simulator, in
// synctest bubbles: two circuits at Washington DC and Washington DC2.

// maxSpec is simSpec with maximum resiliency and extra lines.
func maxSpec(t *testing.T, extra string) Spec {
	return simSpec(t, "resiliency: maximum\n"+extra)
}

// applyOK plans and applies s, failing the test on an error.
func applyOK(t *testing.T, c *Client, s Spec) (*plan.Plan, *Result) {
	t.Helper()
	p, err := c.Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Apply(context.Background(), p)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return p, res
}

// checkOf finds a check of a report by its key.
func checkOf(rep *Report, key string) (Check, bool) {
	i := slices.IndexFunc(rep.Checks, func(c Check) bool { return c.Key() == key })
	if i < 0 {
		return Check{}, false
	}
	return rep.Checks[i], true
}

// TestResiliencyFigures builds, verifies and tears down a standard and a
// maximum interconnect and prints, for each, Apply's and destroy's ratio
// of elapsed time to critical path with their reads and writes: both
// locations are built (and torn down) concurrently, the connections one
// after the other.
func TestResiliencyFigures(t *testing.T) {
	for _, resiliency := range []string{"standard", "maximum"} {
		t.Run(resiliency, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				c := newSimClient(w)
				s := simSpec(t, "") // standard as specs without the key are
				if resiliency == "maximum" {
					s = maxSpec(t, "")
				}
				start := time.Now()
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				planReads, planTime := len(w.Calls()), time.Since(start)
				mark := len(w.Calls())
				start = time.Now()
				res, err := c.Apply(ctx, p)
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				wall := time.Since(start)
				reads, writes := callCounts(w.Calls()[mark:])
				path, critical := p.CriticalPath(func(st plan.Step) time.Duration { r, _ := res.Step(st.ID); return r.Duration() })
				t.Logf("%s: Plan %d reads in %s; Apply %s, critical path %s (%s), ratio %.4f; %d reads, %d writes",
					resiliency, planReads, planTime, wall, critical, strings.Join(path, " → "), float64(wall)/float64(critical), reads, writes)
				if float64(wall) > 1.02*float64(critical) {
					t.Errorf("Apply took %s, more than 1.02 × its critical path %s", wall, critical)
				}
				if writes != p.Mutations() {
					t.Errorf("%d writes for %d mutations", writes, p.Mutations())
				}
				for _, call := range w.Calls()[mark:] {
					if call.Err != nil && strings.Contains(call.Err.Error(), "AnotherOperationInProgress") {
						t.Errorf("%s %s met a 409: the connections were not serialised", call.Operation, call.Resource)
					}
				}

				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				want := 16
				if resiliency == "maximum" {
					want = 16 + 11 // the 11 checks of a circuit, its virtual circuit, peering, paths and connection, twice
				}
				if !rep.OK() || len(rep.Checks) != want {
					t.Fatalf("Verify: ok %v, %d checks (want %d): %+v", rep.OK(), len(rep.Checks), want, rep.Failed())
				}
				if ch, _ := checkOf(rep, resiliencyCheck); ch.Status != Pass {
					t.Errorf("%s: %+v", resiliencyCheck, ch)
				}
				if resiliency == "maximum" {
					gw, _ := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw")
					if conns := w.TrafficConnections(gw.ID); len(conns) != 2 {
						t.Errorf("Azure sends its traffic over %v, want both connections", conns)
					}
					if vcs := w.TrafficVirtualCircuits(simVCN); len(vcs) != 2 {
						t.Errorf("OCI sends its traffic over %v, want both virtual circuits (ECMP)", vcs)
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
				start = time.Now()
				dres, err := c.Apply(ctx, pd)
				if err != nil {
					t.Fatalf("destroy: %v", err)
				}
				dreads, dwrites := callCounts(w.Calls()[mark:])
				dpath, dcritical := dres.CriticalPath(pd)
				t.Logf("%s: destroy %s, critical path %s (%s), ratio %.4f; %d reads, %d writes",
					resiliency, time.Since(start), dcritical, strings.Join(dpath, " → "), dres.Ratio(pd), dreads, dwrites)
				if dres.Ratio(pd) > 1.02 {
					t.Errorf("destroy ratio %.4f", dres.Ratio(pd))
				}
				if pd2, err := c.PlanDestroy(ctx, s); err != nil || pd2.Mutations() != 0 {
					t.Fatalf("after teardown: %v, %d mutations", err, pd2.Mutations())
				}
			})
		})
	}
}

// TestResiliencyPlan: a greenfield maximum plan holds each location's
// circuit, peering, connection, virtual circuit and BGP wait, the second's
// under its own IDs and names, its connection after the first's, the ECMP
// update, and the notes on cost and Oracle's redundancy.
func TestResiliencyPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		s := maxSpec(t, "")
		s.Azure.PreferredPeeringLocation = "Washington DC2"
		p, err := newSimClient(w).Plan(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		for id, name := range map[string]string{
			"azure/circuit": "ora-link-er", "azure/peering-locations[1]/circuit": "ora-link-er-2",
			"azure/connection": "ora-link-conn", "azure/peering-locations[1]/connection": "ora-link-conn-2",
			"oci/virtual-circuit": "ora-link-vc", "oci/peering-locations[1]/virtual-circuit": "ora-link-vc",
			"azure/peering-locations[1]/private-peering": "ora-link-er-2/AzurePrivatePeering", "oci/peering-locations[1]/bgp-session": "ora-link-vc",
		} {
			if st, ok := p.Step(id); !ok || st.Name != name || st.Action == plan.NoOp {
				t.Errorf("%s: %+v (want %s)", id, st, name)
			}
		}
		second, _ := p.Step("azure/peering-locations[1]/circuit")
		if ch, _ := second.Change("peeringLocation"); ch.New != "Washington DC2" {
			t.Errorf("second circuit at %q", ch.New)
		}
		conn2, _ := p.Step("azure/peering-locations[1]/connection")
		if !slices.Contains(conn2.DependsOn, "azure/connection") {
			t.Errorf("the second connection does not wait for the first: %v", conn2.DependsOn)
		}
		for id, weight := range map[string]string{"azure/connection": "0", "azure/peering-locations[1]/connection": "100"} {
			st, _ := p.Step(id)
			if ch, _ := st.Change("routingWeight"); ch.New != weight {
				t.Errorf("%s routing weight %q, want %s", id, ch.New, weight)
			}
		}
		vc2, _ := p.Step("oci/peering-locations[1]/virtual-circuit")
		if ch, _ := vc2.Change("tags." + locationTagKey); ch.New != "Washington DC2" {
			t.Errorf("second virtual circuit's location tag %q", ch.New)
		}
		if ch, _ := vc2.Change("crossConnectMappings[0].oracleBgpPeeringIp"); ch.New != "192.168.240.9/30" {
			t.Errorf("second location's primary /30: %q, want the pool's third", ch.New)
		}
		if ch, _ := vc2.Change("providerServiceKeyName"); ch.Ref != "azure/peering-locations[1]/circuit#serviceKey" {
			t.Errorf("second virtual circuit orders with %q", ch.Ref)
		}
		if st, ok := p.Step(StepDRGECMP); !ok || st.Action != plan.Update {
			t.Errorf("no ECMP update: %+v", st)
		}
		notes := strings.Join(p.Notes, "\n")
		for _, want := range []string{"doubles the circuit charges", "Oracle considers one circuit redundant already"} {
			if !strings.Contains(notes, want) {
				t.Errorf("notes lack %q:\n%s", want, notes)
			}
		}
	})
}

// TestResiliencyUpgradeAndBack: standard → maximum on an applied interconnect
// creates only the second location (and turns ECMP on); nothing of the first
// location, the gateway or the DRG changes. maximum → standard removes the
// second location only, in the teardown order.
func TestResiliencyUpgradeAndBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		c := newSimClient(w)
		standard := simSpec(t, "")
		applyOK(t, c, standard)
		first, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")

		up, err := c.Plan(ctx, maxSpec(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		up.WriteText(&buf, plan.TextOptions{})
		t.Logf("standard → maximum:\n%s", buf.String())
		for _, st := range up.Steps {
			second := strings.Contains(st.ID, "peering-locations[1]")
			switch {
			case st.ID == StepDRGECMP:
				if st.Action != plan.Update {
					t.Errorf("%s: %s", st.ID, st.Action)
				}
			case second && st.Action != plan.Create && st.Action != plan.Wait:
				t.Errorf("%s: %s, want a create (or the waits for the peering and BGP)", st.ID, st.Action)
			case !second && st.Action != plan.NoOp:
				t.Errorf("%s of the first location, the gateway or the DRG: %s (%s)", st.ID, st.Action, st.Reason)
			}
		}
		mark := len(w.Calls())
		if _, err := c.Apply(ctx, up); err != nil {
			t.Fatal(err)
		}
		for _, call := range w.Calls()[mark:] {
			if call.Mutating && (strings.Contains(call.Resource, "ora-link-er/") || strings.HasSuffix(call.Resource, "ora-link-er") ||
				strings.HasSuffix(call.Resource, "ora-link-conn") || strings.Contains(call.Resource, "virtualNetworkGateways") || strings.HasPrefix(call.Operation, "Delete")) {
				t.Errorf("the upgrade wrote %s %s", call.Operation, call.Resource)
			}
		}
		if after, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er"); after.ServiceKey != first.ServiceKey {
			t.Error("the first circuit was re-created")
		}
		if rep, err := c.Verify(ctx, maxSpec(t, "")); err != nil || !rep.OK() {
			t.Fatalf("Verify after the upgrade: %v %+v", err, rep.Failed())
		}

		// Back to standard: the second location goes, the first stays.
		for name, spec := range map[string]Spec{"resiliency: standard written": simSpec(t, "resiliency: standard\n"), "resiliency left out": standard} {
			func() {
				down, err := c.Plan(ctx, spec)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var buf strings.Builder
				down.WriteText(&buf, plan.TextOptions{})
				t.Logf("maximum → standard (%s):\n%s", name, buf.String())
				for _, st := range down.Steps {
					second := strings.Contains(st.ID, "peering-locations[1]")
					if !second && st.Action != plan.NoOp {
						t.Errorf("%s: %s: %s; the first location must stay as it is", name, st.ID, st.Action)
					}
				}
				order := []string{"azure/peering-locations[1]/connection", "oci/peering-locations[1]/virtual-circuit", "azure/peering-locations[1]/circuit-deprovisioned",
					"azure/peering-locations[1]/private-peering", "azure/peering-locations[1]/circuit"}
				for i, id := range order {
					st, ok := down.Step(id)
					if !ok {
						t.Fatalf("%s: the plan lacks %s", name, id)
					}
					if i > 0 && !slices.Contains(st.DependsOn, order[i-1]) {
						t.Errorf("%s: %s does not follow %s: %v", name, id, order[i-1], st.DependsOn)
					}
				}
			}()
		}
		down, _ := c.Plan(ctx, standard)
		if _, err := c.Apply(ctx, down); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er-2"); err == nil {
			t.Error("the second circuit is still there")
		}
		if rep, err := c.Verify(ctx, standard); err != nil || !rep.OK() {
			t.Fatalf("Verify after going back: %v %+v", err, rep.Failed())
		}
		if p, err := c.Plan(ctx, standard); err != nil || p.Mutations() != 0 {
			t.Fatalf("re-plan: %v, %d mutations", err, p.Mutations())
		}
		if after, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er"); after.ServiceKey != first.ServiceKey {
			t.Error("the first circuit was re-created")
		}
	})
}

// TestResiliencyOneLocationDown: Verify with both paths of one circuit
// broken warns in interconnect.resiliency naming that location, and fails
// it when both circuits are broken; each circuit's checks are told apart by
// their location.
func TestResiliencyOneLocationDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		c := newSimClient(w)
		s := maxSpec(t, "")
		applyOK(t, c, s)
		second, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er-2")
		for _, path := range []azure.DevicePath{azure.Primary, azure.Secondary} {
			if err := w.BreakPath(second.ID, path); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := c.Verify(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, ch := range rep.Checks {
			lines = append(lines, fmt.Sprintf("%-5s %-28s %-16s %s", strings.ToUpper(ch.Status.String()), ch.Name, ch.Resource, ch.Detail))
		}
		t.Logf("Verify with Washington DC2's two paths broken: %s\n%s", rep.Summary(), strings.Join(lines, "\n"))
		res, _ := checkOf(rep, resiliencyCheck)
		if res.Status != Warn || !strings.Contains(res.Detail, "Washington DC2 does not carry the routes; Washington DC carries them alone") {
			t.Errorf("%s: %+v", resiliencyCheck, res)
		}
		for key, want := range map[string]Status{
			"azure.arp.primary Washington DC2": Fail, "azure.arp.secondary Washington DC2": Fail, "oci.bgp Washington DC2": Fail,
			"azure.arp.primary Washington DC": Pass, "oci.bgp Washington DC": Pass, "azure.gateway.learned-routes": Pass,
		} {
			if ch, ok := checkOf(rep, key); !ok || ch.Status != want {
				t.Errorf("%s: %+v, want %s", key, ch, want)
			}
		}
		if ch, _ := checkOf(rep, "oci.bgp Washington DC2"); ch.Location != "Washington DC2" {
			t.Errorf("location %q", ch.Location)
		}

		first, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
		for _, path := range []azure.DevicePath{azure.Primary, azure.Secondary} {
			w.BreakPath(first.ID, path)
		}
		rep, _ = c.Verify(ctx, s)
		if res, _ := checkOf(rep, resiliencyCheck); res.Status != Fail || !strings.Contains(res.Detail, "neither peering location carries the routes") {
			t.Errorf("both down: %+v", res)
		}
	})
}

// TestResiliencyStandardCheck: a standard interconnect's
// interconnect.resiliency passes, explaining what maximum adds.
func TestResiliencyStandardCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		c := newSimClient(w)
		s := simSpec(t, "")
		applyOK(t, c, s)
		rep, err := c.Verify(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := checkOf(rep, resiliencyCheck)
		if res.Status != Pass || !strings.Contains(res.Detail, "resiliency: maximum adds a circuit at a second peering location") || res.Location != "" {
			t.Errorf("%+v", res)
		}
		if ch, _ := checkOf(rep, "azure.circuit"); ch.Location != "Washington DC" || ch.Resource != "" {
			t.Errorf("a standard circuit check: %+v", ch)
		}
	})
}

// TestResiliencyAdoptedDRG: with a DRG of the user's, the plan changes only
// isEcmpEnabled on the table its VCN attachment uses, records that on the
// second circuit, and destroy turns it back off; the DRG stays.
func TestResiliencyAdoptedDRG(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		const drg = "ocid1.drg.oc1.iad.aaaaaaaauserdrg"
		w := seedWorld()
		w.AddDRG(sim.DRG{ID: drg, CompartmentID: simComp, DisplayName: "hub-drg", Region: "us-ashburn-1"})
		c := newSimClient(w)
		s := maxSpec(t, "")
		s.OCI.DRGID = drg
		p, _ := applyOK(t, c, s)
		st, _ := p.Step(StepDRGECMP)
		userDRG, _ := w.OCI().GetDRG(ctx, drg)
		table := userDRG.DefaultVCNRouteTableID
		if ch, ok := st.Change(table + ecmpSuffix); !ok || ch.Old != "false" || ch.New != "true" || len(st.Changes) != 1 || !strings.Contains(st.Reason, "only isEcmpEnabled changes") {
			t.Fatalf("ECMP step: %+v", st)
		}
		if t2, _ := w.OCI().GetDRGRouteTable(ctx, table); !t2.ECMPEnabled {
			t.Fatal("ECMP is not on")
		}
		second, _ := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er-2")
		if second.Tags[ecmpTagKey] != tableHash(table) {
			t.Errorf("second circuit's record %q, want %q", second.Tags[ecmpTagKey], tableHash(table))
		}
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if st, ok := pd.Step(StepDRGECMP); !ok || len(st.Changes) != 1 || st.Changes[0].New != "false" {
			t.Fatalf("destroy's ECMP step: %+v", st)
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatal(err)
		}
		if t2, err := w.OCI().GetDRGRouteTable(ctx, table); err != nil || t2.ECMPEnabled {
			t.Errorf("after destroy: ECMP %v, %v", t2.ECMPEnabled, err)
		}
		if d, err := w.OCI().GetDRG(ctx, drg); err != nil || d.State != oci.Available {
			t.Errorf("the user's DRG: %+v %v", d, err)
		}
	})
}

// TestResiliencyReadings: Watch reads each location's metrics, each
// reading stamped with its location; a cut of the second circuit shows in
// its readings only.
func TestResiliencyReadings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		s := maxSpec(t, "")
		applyOK(t, newSimClient(w), s)
		ids := s.WithDefaults(nil).CircuitIDs()
		for _, id := range ids {
			w.SetTraffic(id, 4e8, 1e8)
		}
		time.Sleep(3 * time.Minute)
		c := New(w.Azure(), w.OCI(), WithPollInterval(simPoll), WithMetrics(w.AzureMetrics(), w.OCIMetrics()))
		obs := watchRounds(t, c, s, WatchOptions{Interval: time.Minute}, 3, func(o Observation) {
			if o.Round == 1 {
				w.BreakPath(ids[1], azure.Primary)
			}
		})
		up := func(o Observation, cloud, path, location string) (bool, bool) {
			for _, l := range o.Readings.BGP {
				if l.Cloud == cloud && l.Path == path && l.Location == location {
					return l.Up(), true
				}
			}
			return false, false
		}
		for _, loc := range []string{"Washington DC", "Washington DC2"} {
			for _, r := range [][2]string{{"azure", "primary"}, {"azure", "secondary"}, {"oci", "virtual-circuit"}} {
				if isUp, ok := up(obs[0], r[0], r[1], loc); !ok || !isUp {
					t.Errorf("round 1: %s %s at %s: up %v, read %v", r[0], r[1], loc, isUp, ok)
				}
			}
			n := 0
			for _, tr := range obs[0].Readings.Traffic {
				if tr.Location == loc {
					n++
				}
			}
			if n != 6 {
				t.Errorf("round 1: %d traffic readings at %s, want 6 (azure per path and oci, in and out)", n, loc)
			}
		}
		if isUp, _ := up(obs[2], "azure", "primary", "Washington DC2"); isUp {
			t.Error("round 3: the cut primary path of Washington DC2 reads up")
		}
		if isUp, _ := up(obs[2], "azure", "primary", "Washington DC"); !isUp {
			t.Error("round 3: Washington DC's primary path reads down")
		}
	})
}

// TestResiliencyCrashAtEveryCall cancels a greenfield maximum Apply right
// after each of its cloud calls in turn, then plans and applies again: each
// time the world ends with exactly one of each resource per location (the
// two virtual circuits, which share a display name, told apart by their
// tag), Verify passes, and the writes are at most the run without a crash's
// plus the one interrupted.
func TestResiliencyCrashAtEveryCall(t *testing.T) {
	var baseCalls, baseWrites int
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		c := newSimClient(w)
		p, err := c.Plan(context.Background(), maxSpec(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		mark := len(w.Calls())
		if _, err := c.Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		baseCalls, baseWrites = len(w.Calls())-mark, mutatingCalls(w.Calls()[mark:])
	})
	for k := 1; k <= baseCalls; k++ {
		t.Run(fmt.Sprintf("after call %d", k), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				c := newSimClient(w)
				s := maxSpec(t, "")
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				mark := len(w.Calls())
				run, cancel := context.WithCancel(ctx)
				var n atomic.Int64 // the hook runs on the callers' goroutines
				w.SetCallHook(func(sim.Call) {
					if n.Add(1) == int64(k) {
						cancel()
					}
				})
				c.Apply(run, p)
				cancel()
				w.SetCallHook(nil)
				converge(t, c, s)
				if writes := mutatingCalls(w.Calls()[mark:]); writes > baseWrites+1 {
					t.Errorf("crash and resume made %d writes; the run without a crash made %d", writes, baseWrites)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("Verify after resume: %v %+v", err, rep.Failed())
				}
				vcs, _ := w.OCI().FindVirtualCircuits(ctx, simComp, "ora-link-vc")
				if len(vcs) != 2 || siteOfVC(vcs[0]) == siteOfVC(vcs[1]) {
					t.Errorf("virtual circuits after resume: %d, locations %v", len(vcs), vcs)
				}
				for _, name := range []string{"ora-link-er", "ora-link-er-2"} {
					if _, err := w.Azure().GetCircuit(ctx, "rg-network", name); err != nil {
						t.Errorf("circuit %s: %v", name, err)
					}
				}
			})
		})
	}
}

// TestResiliencySavedPlan: a saved upgrade plan (standard → maximum), read
// back, applies once the second circuit exists already (an interrupted run):
// the second virtual circuit is ordered with that circuit's service key,
// which the saved plan never holds.
func TestResiliencySavedPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		c := newSimClient(w)
		applyOK(t, c, simSpec(t, ""))
		s := maxSpec(t, "")
		// A first run creates the second circuit, then stops.
		run, cancel := context.WithCancel(ctx)
		w.SetCallHook(func(call sim.Call) {
			if call.Operation == "PutCircuit" {
				cancel()
			}
		})
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		c.Apply(run, p)
		w.SetCallHook(nil)
		second, err := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er-2")
		if err != nil {
			t.Fatal(err)
		}
		p, err = c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		loaded := saveAndLoad(t, p)
		if _, err := c.Apply(ctx, loaded); err != nil {
			t.Fatalf("Apply of the saved plan: %v", err)
		}
		vcs, _ := w.OCI().FindVirtualCircuits(ctx, simComp, "ora-link-vc")
		i := slices.IndexFunc(vcs, func(vc oci.VirtualCircuit) bool { return siteOfVC(vc) == 1 })
		if i < 0 || vcs[i].ProviderServiceKeyName != second.ServiceKey {
			t.Fatalf("the second virtual circuit is not ordered for the second circuit: %+v", vcs)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
	})
}
