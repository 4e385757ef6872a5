package interconnect

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// built applies the greenfield interconnect on a seeded world, offers
// traffic on it and lets three minutes pass, so that the latest minute of
// every metric is a whole minute of the interconnect up.
func built(t *testing.T, opts ...Option) (*sim.World, *Client, Spec, azure.Circuit) {
	t.Helper()
	w := seedWorld()
	c := newSimClient(w, opts...)
	s := simSpec(t, "")
	p, err := c.Plan(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	ckt, err := w.Azure().GetCircuit(t.Context(), "rg-network", "ora-link-er")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetTraffic(ckt.ID, 4e8, 1e8); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Minute)
	return w, New(w.Azure(), w.OCI(), append([]Option{WithMetrics(w.AzureMetrics(), w.OCIMetrics())}, opts...)...), s, ckt
}

// watchRounds runs Watch until it has made n rounds, calling each for
// every observation, and returns them.
func watchRounds(t *testing.T, c *Client, s Spec, o WatchOptions, n int, each func(Observation)) []Observation {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var got []Observation
	err := c.Watch(ctx, s, o, func(obs Observation) {
		got = append(got, obs)
		if each != nil {
			each(obs)
		}
		if len(got) == n {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Watch returned %v, want context.Canceled", err)
	}
	return got
}

func reading(ls []LinkState, cloud, path string) (LinkState, bool) {
	for _, l := range ls {
		if l.Cloud == cloud && l.Path == path {
			return l, true
		}
	}
	return LinkState{}, false
}

// rate is a cloud's traffic one way, its paths added up; -1 when there is
// no reading.
func rate(ts []Traffic, cloud, dir string) float64 {
	sum, found := 0.0, false
	for _, tr := range ts {
		if tr.Cloud == cloud && tr.Direction == dir {
			sum, found = sum+tr.BitsPerSecond, true
		}
	}
	if !found {
		return -1
	}
	return sum
}

// pathRates maps "cloud direction path" to the traffic read there.
func pathRates(ts []Traffic) map[string]float64 {
	m := map[string]float64{}
	for _, tr := range ts {
		m[tr.Cloud+" "+tr.Direction+" "+tr.Path] = tr.BitsPerSecond
	}
	return m
}

func changed(obs Observation) map[string]string {
	m := map[string]string{}
	for _, ch := range obs.Changes {
		m[ch.Check.Key()] = fmt.Sprintf("%s→%s", map[bool]string{true: "new", false: ch.Was.String()}[ch.New], ch.Check.Status)
	}
	return m
}

// TestWatch cuts both paths after the third round and repairs them after
// the fifth, and checks what each round reports: the status changes, the
// BGP and ARP readings of both clouds and the traffic.
func TestWatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, ckt := built(t)
		mark := len(w.Calls())
		perRound := map[int][2]int{}
		obs := watchRounds(t, c, s, WatchOptions{Interval: time.Minute}, 7, func(o Observation) {
			azureCalls, ociCalls := 0, 0
			for _, call := range w.Calls()[mark:] {
				if call.Cloud == sim.CloudAzure {
					azureCalls++
				} else {
					ociCalls++
				}
			}
			mark = len(w.Calls())
			perRound[o.Round] = [2]int{azureCalls, ociCalls}
			switch o.Round {
			case 3:
				for _, p := range []azure.DevicePath{azure.Primary, azure.Secondary} {
					if err := w.BreakPath(ckt.ID, p); err != nil {
						t.Fatal(err)
					}
				}
			case 5:
				for _, p := range []azure.DevicePath{azure.Primary, azure.Secondary} {
					if err := w.RepairPath(ckt.ID, p); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
		t.Logf("calls per round (azure, oci): %v", perRound)
		for i, o := range obs {
			if o.Err != nil || o.Report == nil || o.Round != i+1 || o.Next != time.Minute {
				t.Fatalf("round %d: err %v, report %v, round %d, next %s", i+1, o.Err, o.Report != nil, o.Round, o.Next)
			}
			if i > 0 && o.Time.Sub(obs[i-1].Time) != time.Minute {
				t.Errorf("round %d started %s after the previous one, want 1m", o.Round, o.Time.Sub(obs[i-1].Time))
			}
		}
		if n := len(obs[0].Changes); n != len(obs[0].Report.Checks) || !obs[0].Report.OK() || !obs[0].Changes[0].New {
			t.Errorf("first round: %d changes for %d checks, ok %v", n, len(obs[0].Report.Checks), obs[0].Report.OK())
		}
		for _, r := range []int{1, 2} {
			if len(obs[r].Changes) != 0 {
				t.Errorf("round %d: changes %v with nothing changed", r+1, changed(obs[r]))
			}
		}
		cut := changed(obs[3])
		for _, key := range []string{"azure.arp.primary", "azure.arp.secondary", "azure.routes.primary", "oci.bgp", "azure.gateway.learned-routes"} {
			if cut[key] != "pass→fail" {
				t.Errorf("round 4 after the cut: %s is %q, want pass→fail (changes %v)", key, cut[key], cut)
			}
		}
		if back := changed(obs[5]); back["oci.bgp"] != "fail→pass" || !obs[5].Report.OK() {
			t.Errorf("round 6 after the repair: changes %v, ok %v", back, obs[5].Report.OK())
		}

		// Readings: up before the cut, down the whole minute after it,
		// up again after the repair.
		wantUp := map[int]bool{0: true, 1: true, 2: true, 4: false, 6: true}
		for r, up := range wantUp {
			for _, want := range []struct {
				ls          []LinkState
				cloud, path string
			}{
				{obs[r].Readings.BGP, CloudAzure, PathPrimary},
				{obs[r].Readings.BGP, CloudAzure, PathSecondary},
				{obs[r].Readings.ARP, CloudAzure, PathPrimary},
				{obs[r].Readings.ARP, CloudAzure, PathSecondary},
				{obs[r].Readings.BGP, CloudOCI, PathVirtualCircuit},
			} {
				l, ok := reading(want.ls, want.cloud, want.path)
				if !ok || l.Up() != up || (!up && l.Availability != 0) {
					t.Errorf("round %d: %s %s reading %+v (found %v), want up=%v", r+1, want.cloud, want.path, l, ok, up)
				}
			}
		}
		trafficWant := map[int]float64{0: 1, 4: 0}
		for r, f := range trafficWant {
			rs := obs[r].Readings.Traffic
			for _, want := range []struct {
				cloud, dir string
				bps        float64
			}{{CloudAzure, DirectionIn, 4e8}, {CloudAzure, DirectionOut, 1e8}, {CloudOCI, DirectionOut, 4e8}, {CloudOCI, DirectionIn, 1e8}} {
				if got := rate(rs, want.cloud, want.dir); got != f*want.bps {
					t.Errorf("round %d: %s %s traffic %g bit/s, want %g", r+1, want.cloud, want.dir, got, f*want.bps)
				}
			}
		}
	})
}

// TestWatchPathsAndLoss reads traffic per path and OCI's lost packets: with
// the primary path losing packets (sim.World.DegradePath) and then the
// secondary cut, Azure reads each path's share of the traffic (its
// DeviceRole), OCI the virtual circuit's whole traffic and the packets it
// counted in error and discarded, per second.
func TestWatchPathsAndLoss(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, ckt := built(t)
		if err := w.DegradePath(ckt.ID, azure.Primary, 0.01, 0.02); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Minute)
		var obs []Observation
		obs = append(obs, watchRounds(t, c, s, WatchOptions{Interval: time.Minute}, 1, nil)...)
		if err := w.BreakPath(ckt.ID, azure.Secondary); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Minute)
		obs = append(obs, watchRounds(t, c, s, WatchOptions{Interval: time.Minute}, 1, nil)...)

		// 4e8 bit/s into Azure and 1e8 out of it are 5e4 and 1.25e4 packets
		// a second of the simulator's 1000 bytes.
		for i, want := range []struct {
			traffic map[string]float64
			errors  float64
		}{
			{map[string]float64{"azure in primary": 2e8, "azure in secondary": 2e8, "azure out primary": 5e7, "azure out secondary": 5e7,
				"oci in virtual-circuit": 1e8, "oci out virtual-circuit": 4e8}, 0.01 * 6.25e4 / 2},
			{map[string]float64{"azure in primary": 4e8, "azure in secondary": 0, "azure out primary": 1e8, "azure out secondary": 0,
				"oci in virtual-circuit": 1e8, "oci out virtual-circuit": 4e8}, 0.01 * 6.25e4},
		} {
			o := obs[i]
			if o.Err != nil {
				t.Fatalf("round %d: %v", i+1, o.Err)
			}
			if got := pathRates(o.Readings.Traffic); !maps.Equal(got, want.traffic) {
				t.Errorf("round %d: traffic %v, want %v", i+1, got, want.traffic)
			}
			loss := map[string]float64{}
			for _, l := range o.Readings.PacketLoss {
				if l.Cloud != CloudOCI || l.Path != PathVirtualCircuit || !l.Time.Equal(o.Time.Truncate(time.Minute)) {
					t.Errorf("round %d: packet loss %+v, want OCI's of the virtual circuit in the latest whole minute", i+1, l)
				}
				loss[l.Kind] = l.PacketsPerSecond
			}
			if wantLoss := map[string]float64{LossErrors: want.errors, LossDiscards: 2 * want.errors}; !maps.Equal(loss, wantLoss) {
				t.Errorf("round %d: packets lost per second %v, want %v", i+1, loss, wantLoss)
			}
		}
	})
}

// TestWatchBacksOff throttles the Azure metrics for two rounds: Watch
// reports the errors, waits the Retry-After (more than its doubled
// interval) and goes on at its interval once the calls succeed.
func TestWatchBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, _ := built(t)
		// Two metric queries a round, not retried within it: two rounds.
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "ListMetrics", Count: 4, Kind: sim.Throttle, RetryAfter: 5 * time.Minute})
		obs := watchRounds(t, c, s, WatchOptions{Interval: time.Minute}, 4, nil)
		for i, want := range []time.Duration{5 * time.Minute, 5 * time.Minute, time.Minute, time.Minute} {
			o := obs[i]
			var ae *azure.Error
			throttled := errors.As(o.Err, &ae) && ae.StatusCode == 429
			if o.Next != want || throttled != (i < 2) || o.Report == nil || !o.Report.OK() {
				t.Errorf("round %d: next %s (want %s), err %v", o.Round, o.Next, want, o.Err)
			}
			if i > 0 && o.Time.Sub(obs[i-1].Time) != obs[i-1].Next {
				t.Errorf("round %d started %s after round %d, which said %s", o.Round, o.Time.Sub(obs[i-1].Time), i, obs[i-1].Next)
			}
		}
		if len(obs[0].Readings.BGP) != 1 || obs[0].Readings.BGP[0].Cloud != CloudOCI {
			t.Errorf("a throttled round still reports OCI's readings: %+v", obs[0].Readings)
		}
	})
}

// TestWatchBackoffBounds checks the doubling and its bound without
// Retry-After: a Verify that cannot read (the VNet is gone) fails every
// round.
func TestWatchBackoffBounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, _ := built(t, WithMaxRetries(0))
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "GetVirtualNetwork", Count: 100, Kind: sim.ServerError})
		obs := watchRounds(t, c, s, WatchOptions{Interval: time.Minute, MaxBackoff: 5 * time.Minute}, 5, nil)
		for i, want := range []time.Duration{2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
			if o := obs[i]; o.Next != want || o.Err == nil || o.Report != nil {
				t.Errorf("round %d: next %s (want %s), report %v, err %v", o.Round, o.Next, want, o.Report != nil, o.Err)
			}
		}
		// Azure's metrics are read even so: the spec names the circuit.
		if _, ok := reading(obs[0].Readings.BGP, CloudAzure, PathPrimary); !ok {
			t.Errorf("no Azure reading when Verify fails: %+v", obs[0].Readings)
		}
	})
}

// TestWatchInvalidSpec: Watch refuses an invalid spec before any call.
func TestWatchInvalidSpec(t *testing.T) {
	w := seedWorld()
	c := newSimClient(w)
	s := simSpec(t, "")
	s.Bandwidth = 0
	err := c.Watch(t.Context(), s, WatchOptions{}, func(Observation) { t.Error("a round ran") })
	var v *ValidationError
	if !errors.As(err, &v) || len(w.Calls()) != 0 {
		t.Errorf("Watch: %v, %d calls", err, len(w.Calls()))
	}
}

func TestStatusChanges(t *testing.T) {
	rep := func(st ...Status) *Report {
		r := &Report{}
		for i, s := range st {
			r.Checks = append(r.Checks, Check{Name: "oci.route-rules", Resource: fmt.Sprint("rt", i), Status: s})
		}
		return r
	}
	first, last := statusChanges(nil, rep(Pass, Fail))
	if len(first) != 2 || !first[0].New || !first[1].New {
		t.Errorf("first report: %+v", first)
	}
	same, last := statusChanges(last, rep(Pass, Fail))
	if len(same) != 0 {
		t.Errorf("same report: %+v", same)
	}
	ch, _ := statusChanges(last, rep(Fail, Fail, Warn))
	if len(ch) != 2 || ch[0].Check.Resource != "rt0" || ch[0].Was != Pass || ch[0].New || !ch[1].New || ch[1].Check.Status != Warn {
		t.Errorf("changes: %+v", ch)
	}
}

func TestReportSummary(t *testing.T) {
	r := &Report{Checks: []Check{{Status: Pass}, {Status: Fail}, {Status: Warn}, {Status: Pass}}}
	if got, want := r.Summary(), "4 checks, 2 pass, 1 warn, 1 fail"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	if got := (&Report{}).Summary(); got != "0 checks, 0 pass, 0 warn, 0 fail" {
		t.Errorf("empty: %q", got)
	}
}

// TestWatchOtherSubscription: an Azure client for another subscription is
// not something a later round could fix, so Watch refuses at once.
func TestWatchOtherSubscription(t *testing.T) {
	w := seedWorld(sim.WithSubscription("11111111-2222-3333-4444-555555555555"))
	c := newSimClient(w)
	err := c.Watch(t.Context(), simSpec(t, ""), WatchOptions{}, func(Observation) { t.Error("a round ran") })
	var v *ValidationError
	if !errors.As(err, &v) || !strings.Contains(err.Error(), "azure.subscriptionId") || len(w.Calls()) != 0 {
		t.Errorf("Watch: %v, %d calls", err, len(w.Calls()))
	}
}
