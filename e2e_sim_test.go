package interconnect

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file run the whole job against the simulator inside
// testing/synctest bubbles: 45 simulated minutes cost milliseconds and every
// simulated time is exact.

const (
	simSub  = "0b1f6471-1bf0-4dda-aec3-111122223333"
	simComp = "ocid1.compartment.oc1..aaaaaaaasimcompartment"
	simVCN  = "ocid1.vcn.oc1.iad.aaaaaaaasimvcn"
	simPoll = 15 * time.Second
)

// simSpecYAML is a spec for the world seedWorld makes; extra is appended
// under the top level (e.g. "peering: {md5AuthKey: x}").
func simSpec(t testing.TB, extra string) Spec {
	t.Helper()
	s, err := ParseSpec([]byte(`
name: ora-link
bandwidth: 1Gbps
azure:
  subscriptionId: ` + simSub + `
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  gateway: {subnetPrefix: 10.10.255.0/27}
oci:
  region: us-ashburn-1
  compartmentId: ` + simComp + `
  vcnId: ` + simVCN + `
` + extra))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seedWorld makes a simulator with an eastus VNet and a us-ashburn-1 VCN.
func seedWorld(opts ...sim.Option) *sim.World {
	w := sim.New(opts...)
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
		Subnets:      map[string]netip.Prefix{"apps": netip.MustParsePrefix("10.10.1.0/24")}})
	w.AddVCN(sim.VCN{ID: simVCN, CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
	return w
}

// planned seeds a world and plans the greenfield interconnect on it.
func planned(t *testing.T) (*sim.World, *Client, Spec, *plan.Plan) {
	t.Helper()
	w := seedWorld()
	c := newSimClient(w)
	s := simSpec(t, "")
	p, err := c.Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return w, c, s, p
}

func newSimClient(w *sim.World, opts ...Option) *Client {
	return New(w.Azure(), w.OCI(), append([]Option{WithPollInterval(simPoll)}, opts...)...)
}

// callCounts splits calls into reads and writes.
func callCounts(calls []sim.Call) (reads, writes int) {
	for _, c := range calls {
		if c.Mutating {
			writes++
		} else {
			reads++
		}
	}
	return reads, writes
}

func TestEndToEndOnSimulator(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s, p := planned(t)
		if n := len(w.Calls()); n == 0 || slices.ContainsFunc(w.Calls(), func(c sim.Call) bool { return c.Mutating }) {
			t.Fatalf("Plan made %d calls, some mutating", n)
		}
		mark := len(w.Calls())
		start := time.Now()
		res, err := c.Apply(ctx, p)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		wall := time.Since(start)
		applyCalls := w.Calls()[mark:]

		// Performance: the wall time against the critical path.
		measured := func(st plan.Step) time.Duration { r, _ := res.Step(st.ID); return r.Duration() }
		path, critical := p.CriticalPath(measured)
		var sequential time.Duration
		polls := 0
		for _, r := range res.Steps {
			sequential += r.Duration()
			polls += r.Polls
		}
		lat := sim.DefaultLatency()
		modelled := map[string]time.Duration{
			StepGatewaySubnet: lat.Subnet, StepPublicIP: lat.PublicIP, StepGateway: lat.Gateway, StepCircuit: lat.Circuit,
			StepDRG: lat.DRG, StepDRGAttachment: lat.DRGAttachment, StepRouteRules: lat.RouteTable, StepVirtualCircuit: lat.VirtualCircuit,
			StepPeering: 0, StepConnection: lat.Connection, StepBGP: lat.BGP,
		}
		modelPath, modelCritical := p.CriticalPath(func(st plan.Step) time.Duration { return modelled[st.ID] })
		reads, writes := callCounts(applyCalls)
		t.Logf("greenfield Apply: wall %s; critical path of measured steps %s (%s); sim-latency critical path %s (%s); steps one after another %s",
			wall, critical, strings.Join(path, " → "), modelCritical, strings.Join(modelPath, " → "), sequential)
		t.Logf("greenfield Apply calls: %d reads (%d of them polls at %s), %d writes; Plan: %d reads", reads, polls, simPoll, writes, mark)
		if float64(wall) > 1.02*float64(critical) {
			t.Errorf("Apply took %s, more than 1.02 × its critical path %s", wall, critical)
		}
		if float64(wall) > 1.02*float64(modelCritical) {
			t.Errorf("Apply took %s, more than 1.02 × the simulator's critical path %s", wall, modelCritical)
		}
		if writes != p.Mutations() {
			t.Errorf("Apply made %d writes for %d planned mutations", writes, p.Mutations())
		}
		checkPollSpacing(t, applyCalls, len(p.Steps))

		rep, err := c.Verify(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("Verify after Apply failed: %+v", rep.Failed())
		}

		// A second Plan is all no-op and its Apply writes nothing.
		p2, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if p2.Mutations() != 0 {
			t.Fatalf("re-plan has %d mutations: %+v", p2.Mutations(), p2.Steps)
		}
		mark = len(w.Calls())
		if _, err := c.Apply(ctx, p2); err != nil {
			t.Fatal(err)
		}
		reads, writes = callCounts(w.Calls()[mark:])
		t.Logf("no-op re-Apply calls: %d reads, %d writes", reads, writes)
		if writes != 0 {
			t.Fatalf("no-op Apply made %d writes", writes)
		}

		// Teardown.
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		mark = len(w.Calls())
		start = time.Now()
		dres, err := c.Apply(ctx, pd)
		if err != nil {
			t.Fatalf("destroy Apply: %v", err)
		}
		dwall := time.Since(start)
		reads, writes = callCounts(w.Calls()[mark:])
		dpath, dcritical := dres.CriticalPath(pd)
		t.Logf("destroy Apply: wall %s; critical path of measured steps %s (%s); ratio %.4f; %d reads, %d writes",
			dwall, dcritical, strings.Join(dpath, " → "), dres.Ratio(pd), reads, writes)
		if float64(dwall) > 1.02*float64(dcritical) {
			t.Errorf("destroy took %s, more than 1.02 × its critical path %s", dwall, dcritical)
		}
		checkTeardownOrder(t, w.Calls()[mark:])
		pd2, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if pd2.Mutations() != 0 {
			t.Fatalf("after teardown, PlanDestroy still has %d mutations: %+v", pd2.Mutations(), pd2.Steps)
		}
		// The user's networks survive.
		if _, err := w.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app"); err != nil {
			t.Errorf("VNet gone after teardown: %v", err)
		}
		if _, err := w.OCI().GetVCN(ctx, simVCN); err != nil {
			t.Errorf("VCN gone after teardown: %v", err)
		}
	})
}

// checkPollSpacing asserts no resource is read more often than the poll
// interval while waiting: between two reads of the same resource by the same
// operation there is at least the interval, except where one step hands over
// to the next (at most one short gap per step).
func checkPollSpacing(t *testing.T, calls []sim.Call, steps int) {
	t.Helper()
	last := map[string]time.Time{}
	short := 0
	minGap := time.Duration(1 << 62)
	for _, c := range calls {
		if c.Mutating {
			continue
		}
		k := c.Operation + " " + c.Resource
		if prev, ok := last[k]; ok {
			gap := c.Time.Sub(prev)
			if gap < simPoll {
				short++
			} else if gap < minGap {
				minGap = gap
			}
		}
		last[k] = c.Time
	}
	t.Logf("poll spacing: shortest gap between polls of one resource %s; %d re-reads closer than the interval (step hand-overs)", minGap, short)
	if short > steps {
		t.Errorf("%d reads came sooner than the poll interval after a read of the same resource; allowed %d (one per step)", short, steps)
	}
}

// checkTeardownOrder asserts the teardown order: connection → virtual
// circuit (gone) → private peering → circuit; the gateway after the
// connection, its public IP and subnet after it; the DRG attachment after the
// route rules, the DRG after the attachment and the virtual circuit.
func checkTeardownOrder(t *testing.T, calls []sim.Call) {
	t.Helper()
	at := func(op string) int {
		return slices.IndexFunc(calls, func(c sim.Call) bool { return c.Operation == op && c.Err == nil && c.Mutating })
	}
	for _, before := range [][2]string{
		{"DeleteConnection", "DeleteVirtualCircuit"},
		{"DeleteVirtualCircuit", "DeletePrivatePeering"},
		{"DeletePrivatePeering", "DeleteCircuit"},
		{"DeleteConnection", "DeleteGateway"},
		{"DeleteGateway", "DeletePublicIP"},
		{"DeleteGateway", "DeleteSubnet"},
		{"UpdateRouteTable", "DeleteDRGAttachment"},
		{"DeleteDRGAttachment", "DeleteDRG"},
		{"DeleteVirtualCircuit", "DeleteDRG"},
	} {
		i, j := at(before[0]), at(before[1])
		switch {
		case i < 0:
			t.Errorf("teardown made no %s", before[0])
		case j < 0:
			t.Errorf("teardown made no %s", before[1])
		case j < i:
			t.Errorf("teardown ran %s before %s", before[1], before[0])
		}
	}
}
