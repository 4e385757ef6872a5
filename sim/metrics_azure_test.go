package sim

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
)

// These tests run in synctest bubbles: the world's clock starts at
// 2000-01-01T00:00:00Z and every instant is exact, so the expected values
// are exact too.

// azureMetricsFx is a world whose circuit "er" is provisioned with BGP up, and
// M, the first whole minute after that.
type azureMetricsFx struct {
	*fx
	c azure.Circuit
	m time.Time
}

func newAzureMetricsFx(t *testing.T) azureMetricsFx {
	t.Helper()
	f := newFx(t)
	c, _, _ := f.provisioned()
	m := time.Now().Truncate(time.Minute).Add(time.Minute)
	time.Sleep(time.Until(m))
	return azureMetricsFx{fx: f, c: c, m: m}
}

// list runs a query of the circuit's metrics over [from, to).
func (f azureMetricsFx) list(from, to time.Time, grain time.Duration, agg string, split []string, names ...string) []azure.MetricSeries {
	f.t.Helper()
	return must[[]azure.MetricSeries](f.t)(f.w.AzureMetrics().ListMetrics(f.ctx, azure.MetricQuery{ResourceID: f.c.ID, Names: names,
		Start: from, End: to, Interval: grain, Aggregation: agg, SplitBy: split}))
}

// series finds the series of a metric with a Peer value ("" when not split
// by Peer).
func series(t *testing.T, ss []azure.MetricSeries, name, peer string) azure.MetricSeries {
	t.Helper()
	for _, s := range ss {
		if s.Name == name && s.Dimensions[azure.DimensionPeer] == peer {
			return s
		}
	}
	t.Fatalf("no series %s with peer %q in %+v", name, peer, ss)
	return azure.MetricSeries{}
}

func values(s azure.MetricSeries) []float64 {
	out := make([]float64, len(s.Points))
	for i, p := range s.Points {
		out[i] = p.Value
	}
	return out
}

// wantPoints asserts the series has one point a grain apart from start,
// with the values.
func wantPoints(t *testing.T, s azure.MetricSeries, start time.Time, grain time.Duration, want ...float64) {
	t.Helper()
	if got := values(s); !slices.Equal(got, want) {
		t.Errorf("%s %v: values %v, want %v", s.Name, s.Dimensions, got, want)
	}
	for i, p := range s.Points {
		if at := start.Add(time.Duration(i) * grain); !p.Time.Equal(at) {
			t.Errorf("%s %v: point %d at %v, want %v", s.Name, s.Dimensions, i, p.Time, at)
		}
	}
}

// TestAzureMetricsAvailability: availability is 100 while a path is up and
// 0 from the moment BreakPath cut it; the minute it broke in averages the
// two; an unsplit series averages both paths; coarser intervals aggregate
// the minutes as asked.
func TestAzureMetricsAvailability(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newAzureMetricsFx(t)
		m := f.m
		time.Sleep(2*time.Minute + 30*time.Second)
		noErr(t, f.w.BreakPath(f.c.ID, azure.Primary))
		time.Sleep(time.Until(m.Add(5 * time.Minute)))

		peer := []string{azure.DimensionPeer}
		for _, name := range []string{azure.MetricBGPAvailability, azure.MetricARPAvailability} {
			ss := f.list(m, m.Add(5*time.Minute), time.Minute, "", peer, name)
			if len(ss) != 2 {
				t.Fatalf("%s split by Peer: %d series, want 2", name, len(ss))
			}
			p, s := series(t, ss, name, azure.PeerPrimary), series(t, ss, name, azure.PeerSecondary)
			if p.Unit != "Percent" || len(p.Dimensions) != 1 {
				t.Errorf("%s: unit %q, dimensions %v", name, p.Unit, p.Dimensions)
			}
			wantPoints(t, p, m, time.Minute, 100, 100, 50, 0, 0)
			wantPoints(t, s, m, time.Minute, 100, 100, 100, 100, 100)

			both := f.list(m, m.Add(5*time.Minute), time.Minute, azure.AggregationAverage, nil, name)
			if len(both) != 1 || both[0].Dimensions != nil {
				t.Fatalf("%s not split: %+v", name, both)
			}
			wantPoints(t, both[0], m, time.Minute, 100, 100, 75, 50, 50)

			// From the break on, the primary path scores 0.
			after := f.list(m.Add(3*time.Minute), m.Add(5*time.Minute), time.Minute, "", peer, name)
			wantPoints(t, series(t, after, name, azure.PeerPrimary), m.Add(3*time.Minute), time.Minute, 0, 0)
		}

		for agg, want := range map[string]float64{azure.AggregationAverage: 50, azure.AggregationMaximum: 100,
			azure.AggregationMinimum: 0, azure.AggregationTotal: 250, "count": 5} {
			ss := f.list(m, m.Add(5*time.Minute), 5*time.Minute, agg, peer, azure.MetricBGPAvailability)
			wantPoints(t, series(t, ss, azure.MetricBGPAvailability, azure.PeerPrimary), m, 5*time.Minute, want)
		}

		// Split by both dimensions, spelt in any case: the values are keyed
		// as spelt.
		ss := f.list(m, m.Add(time.Minute), time.Minute, "", []string{"peeringtype", "PEER"}, "bgpavailability")
		if len(ss) != 2 || ss[0].Name != azure.MetricBGPAvailability ||
			ss[0].Dimensions["peeringtype"] != azure.PeeringTypePrivate || ss[0].Dimensions["PEER"] != azure.PeerPrimary ||
			ss[1].Dimensions["PEER"] != azure.PeerSecondary || len(ss[1].Dimensions) != 2 {
			t.Errorf("split by PeeringType and Peer: %+v", ss)
		}
	})
}

// TestAzureMetricsBeforeProvisioning: points start when the circuit was
// created; availability is 0 until Oracle answers ARP, then BGP.
func TestAzureMetricsBeforeProvisioning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		created := time.Now()
		f := newAzureMetricsFx(t)
		ss := f.list(created.Add(-2*time.Minute), f.m, time.Minute, "", []string{azure.DimensionPeer},
			azure.MetricARPAvailability, azure.MetricBGPAvailability)
		for _, name := range []string{azure.MetricARPAvailability, azure.MetricBGPAvailability} {
			s := series(t, ss, name, azure.PeerPrimary)
			v := values(s)
			if len(s.Points) == 0 || !s.Points[0].Time.Equal(created) || v[0] != 0 || v[len(v)-1] != 100 || !slices.IsSorted(v) {
				t.Errorf("%s from creation: %v from %v, want 0 … 100 from %v", name, v, s.Points, created)
			}
		}
		// A start centuries before the circuit costs nothing and changes nothing.
		sinceYear2 := f.list(time.Date(2, 1, 1, 0, 0, 0, 0, time.UTC), f.m, time.Minute, "", []string{azure.DimensionPeer}, azure.MetricARPAvailability, azure.MetricBGPAvailability)
		if !slices.EqualFunc(sinceYear2, ss, func(a, b azure.MetricSeries) bool { return slices.Equal(a.Points, b.Points) }) {
			t.Errorf("from year 2: %+v, want %+v", sinceYear2, ss)
		}
		arp, bgp := values(series(t, ss, azure.MetricARPAvailability, azure.PeerPrimary)), values(series(t, ss, azure.MetricBGPAvailability, azure.PeerPrimary))
		if i, j := slices.Index(arp, 100), slices.Index(bgp, 100); i < 0 || j <= i {
			t.Errorf("ARP up at minute %d, BGP at %d: BGP comes up after ARP", i, j)
		}
	})
}

// TestAzureMetricsTraffic: the bits per second are what SetTraffic offered
// while BGP is up on a path, 0 while both paths are down, averaged over
// the minute they changed in; split by DeviceRole, each path carries its
// share.
func TestAzureMetricsTraffic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newAzureMetricsFx(t)
		m := f.m
		before := f.list(m.Add(-time.Minute), m, time.Minute, "", nil, azure.MetricBitsInPerSecond)
		wantPoints(t, before[0], m.Add(-time.Minute), time.Minute, 0)

		noErr(t, f.w.SetTraffic(f.c.ID, 4e8, 1e8))
		time.Sleep(2 * time.Minute)
		noErr(t, f.w.BreakPath(f.c.ID, azure.Primary)) // the secondary carries it all
		time.Sleep(time.Minute)
		noErr(t, f.w.BreakPath(f.c.ID, azure.Secondary)) // nothing flows
		time.Sleep(90 * time.Second)
		noErr(t, f.w.RepairPath(f.c.ID, azure.Secondary)) // flows again, for half a minute
		time.Sleep(30 * time.Second)

		ss := f.list(m, m.Add(5*time.Minute), time.Minute, "", nil, azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond)
		if len(ss) != 2 || ss[0].Unit != "BitsPerSecond" || ss[0].Dimensions != nil {
			t.Fatalf("traffic series: %+v", ss)
		}
		wantPoints(t, ss[0], m, time.Minute, 4e8, 4e8, 4e8, 0, 2e8)
		wantPoints(t, ss[1], m, time.Minute, 1e8, 1e8, 1e8, 0, 5e7)

		ss = f.list(m, m.Add(5*time.Minute), 5*time.Minute, azure.AggregationMaximum, []string{azure.DimensionPeeringType}, azure.MetricBitsInPerSecond)
		if len(ss) != 1 || ss[0].Dimensions[azure.DimensionPeeringType] != "private" {
			t.Fatalf("split by PeeringType: %+v, want PeeringType private as the ExpressRoute Insights workbook filters", ss)
		}
		wantPoints(t, ss[0], m, 5*time.Minute, 4e8)

		// Per path (DeviceRole, the workbook's values): both paths up share
		// the traffic evenly, one path down leaves the other all of it.
		ss = f.list(m, m.Add(5*time.Minute), time.Minute, "", []string{"deviceRole", azure.DimensionPeeringType},
			azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond)
		if len(ss) != 4 {
			t.Fatalf("split by DeviceRole: %d series, want 2 per metric: %+v", len(ss), ss)
		}
		want := map[string][]float64{
			azure.MetricBitsInPerSecond + " Primary":    {2e8, 2e8, 0, 0, 0},
			azure.MetricBitsInPerSecond + " secondary":  {2e8, 2e8, 4e8, 0, 2e8},
			azure.MetricBitsOutPerSecond + " Primary":   {5e7, 5e7, 0, 0, 0},
			azure.MetricBitsOutPerSecond + " secondary": {5e7, 5e7, 1e8, 0, 5e7},
		}
		for _, s := range ss {
			if len(s.Dimensions) != 2 || s.Dimensions[azure.DimensionPeeringType] != "private" || s.Unit != "BitsPerSecond" {
				t.Errorf("series %s %v %s: want keyed deviceRole and PeeringType, private, in BitsPerSecond", s.Name, s.Dimensions, s.Unit)
			}
			w, ok := want[s.Name+" "+s.Dimensions["deviceRole"]]
			if !ok {
				t.Errorf("series %s with DeviceRole %q: want Primary or secondary", s.Name, s.Dimensions["deviceRole"])
				continue
			}
			wantPoints(t, s, m, time.Minute, w...)
		}
	})
}

// TestAzureMetricsWindow: points only in the requested window, from its
// start rounded down to the minute; an end in the future is clipped to now
// (the current minute is sampled so far).
func TestAzureMetricsWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newAzureMetricsFx(t)
		m := f.m
		time.Sleep(2*time.Minute + 30*time.Second)
		ss := f.list(m.Add(time.Minute), m.Add(2*time.Minute), time.Minute, "", nil, azure.MetricBGPAvailability)
		wantPoints(t, ss[0], m.Add(time.Minute), time.Minute, 100)

		ss = f.list(m.Add(20*time.Second), m.Add(time.Hour), time.Minute, "", nil, azure.MetricBGPAvailability)
		wantPoints(t, ss[0], m, time.Minute, 100, 100, 100)

		noErr(t, f.w.BreakPath(f.c.ID, azure.Primary))
		time.Sleep(15 * time.Second) // the current minute: 30s up, 15s down so far
		ss = f.list(m.Add(2*time.Minute), m.Add(time.Hour), time.Minute, "", []string{azure.DimensionPeer}, azure.MetricBGPAvailability)
		wantPoints(t, series(t, ss, azure.MetricBGPAvailability, azure.PeerPrimary), m.Add(2*time.Minute), time.Minute, 100.0*30/45)

		ss = f.list(m.Add(time.Hour), m.Add(2*time.Hour), time.Minute, "", []string{azure.DimensionPeer}, azure.MetricBGPAvailability)
		if len(ss) != 2 || len(ss[0].Points)+len(ss[1].Points) != 0 {
			t.Errorf("a window in the future: %+v, want both series without points", ss)
		}
	})
}

// TestAzureMetricsRefusals: the checks Azure Monitor makes, with its code
// and what to do, and 404 for a circuit that is not there.
func TestAzureMetricsRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newAzureMetricsFx(t)
		good := azure.MetricQuery{ResourceID: f.c.ID, Names: []string{azure.MetricBGPAvailability},
			Start: f.m.Add(-time.Hour), End: f.m, Interval: time.Minute}
		tests := []struct {
			name   string
			edit   func(q *azure.MetricQuery)
			status int
			in     string // in the message
		}{
			{"unknown metric", func(q *azure.MetricQuery) { q.Names = []string{"BgpAvailability", "Latency"} }, 400, "Valid metrics: ArpAvailability,BgpAvailability"},
			{"no metric", func(q *azure.MetricQuery) { q.Names = nil }, 400, "at least one"},
			{"21 metrics", func(q *azure.MetricQuery) { q.Names = slices.Repeat([]string{"BgpAvailability"}, 21) }, 400, "at most 20"},
			{"interval not a time grain", func(q *azure.MetricQuery) { q.Interval = 2 * time.Minute }, 400, "Invalid time grain duration: PT2M"},
			{"unknown aggregation", func(q *azure.MetricQuery) { q.Aggregation = "Median" }, 400, "Average, Count"},
			{"no timespan", func(q *azure.MetricQuery) { q.Start = time.Time{} }, 400, "timespan"},
			{"end before start", func(q *azure.MetricQuery) { q.Start, q.End = q.End, q.Start }, 400, "start before the end"},
			{"a dimension the metric lacks", func(q *azure.MetricQuery) {
				q.Names, q.SplitBy = []string{azure.MetricBitsInPerSecond}, []string{azure.DimensionPeer}
			}, 400, "PeeringType, DeviceRole"},
			{"DeviceRole of an availability metric", func(q *azure.MetricQuery) {
				q.Names, q.SplitBy = []string{azure.MetricBitsInPerSecond, azure.MetricBGPAvailability}, []string{azure.DimensionDeviceRole}
			}, 400, "PeeringType, Peer"},
			{"not a circuit", func(q *azure.MetricQuery) { q.ResourceID = f.vnetID() }, 400, "resource Type: virtualNetworks"},
			{"not an ARM ID", func(q *azure.MetricQuery) { q.ResourceID = "circuit" }, 400, "not the ARM ID"},
			{"missing circuit", func(q *azure.MetricQuery) { q.ResourceID = armID(testSub, testRG, typeCircuits, "nope") }, 404, "is not found"},
			{"missing resource group", func(q *azure.MetricQuery) { q.ResourceID = armID(testSub, "rg-nope", typeCircuits, "er") }, 404, "is not found"},
		}
		for _, tc := range tests {
			q := good
			tc.edit(&q)
			_, err := f.w.AzureMetrics().ListMetrics(f.ctx, q)
			code := "BadRequest"
			if tc.status == http.StatusNotFound {
				code = "NotFound"
				if !errors.Is(err, azure.ErrNotFound) {
					t.Errorf("%s: %v does not match azure.ErrNotFound", tc.name, err)
				}
			}
			var e *azure.Error
			if !errors.As(err, &e) || e.StatusCode != tc.status || e.Code != code || e.Op != "ListMetrics" || e.Resource != q.ResourceID ||
				!strings.Contains(e.Message, tc.in) {
				t.Errorf("%s: %v, want %d %s naming the resource, with %q", tc.name, err, tc.status, code, tc.in)
			}
		}
		if _, err := f.w.AzureMetrics().ListMetrics(f.ctx, good); err != nil {
			t.Errorf("the good query: %v", err)
		}
	})
}

// TestAzureMetricsCall: ListMetrics is an API call like the others: it
// takes Latency.Read, is logged (not mutating), answers injected faults
// (429 with Retry-After) and honours its context.
func TestAzureMetricsCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency())) // Read takes 150ms
		w, c := f.w, f.circuit("er")
		q := azure.MetricQuery{ResourceID: c.ID, Names: []string{azure.MetricBGPAvailability}, Start: time.Now().Add(-time.Hour), End: time.Now()}
		start := time.Now()
		if _, err := w.AzureMetrics().ListMetrics(f.ctx, q); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != DefaultLatency().Read {
			t.Errorf("ListMetrics took %v, want Latency.Read %v", d, DefaultLatency().Read)
		}
		calls := w.Calls()
		if c := calls[len(calls)-1]; c.Operation != "ListMetrics" || c.Cloud != CloudAzure || c.Mutating || c.Resource != q.ResourceID || c.Err != nil {
			t.Errorf("logged %+v", c)
		}

		w.InjectFault(Fault{Cloud: CloudAzure, Operation: "ListMetrics", Count: 1, Kind: Throttle, RetryAfter: time.Minute})
		_, err := w.AzureMetrics().ListMetrics(f.ctx, q)
		var e *azure.Error
		if !errors.As(err, &e) || e.StatusCode != http.StatusTooManyRequests || e.RetryDelay() != time.Minute || !e.Retryable() {
			t.Errorf("throttled: %v, want a retryable 429 asking for a minute", err)
		}
		if c := w.Calls()[len(w.Calls())-1]; c.Err == nil {
			t.Errorf("the throttled call is logged without its error: %+v", c)
		}
		if _, err := w.AzureMetrics().ListMetrics(f.ctx, q); err != nil {
			t.Errorf("after the fault: %v", err)
		}

		ctx, cancel := context.WithCancel(f.ctx)
		cancel()
		if _, err := w.AzureMetrics().ListMetrics(ctx, q); !errors.Is(err, context.Canceled) {
			t.Errorf("with a canceled context: %v", err)
		}
	})
}

// TestAzureMetricsRecreated: a circuit deleted and made again under the
// same name has points only from its second creation; a deleted circuit is
// 404.
func TestAzureMetricsRecreated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		first := f.circuit("er")
		time.Sleep(3 * time.Minute)
		noErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"))
		q := azure.MetricQuery{ResourceID: first.ID, Names: []string{azure.MetricARPAvailability}, Start: time.Now().Add(-time.Hour), End: time.Now()}
		if _, err := f.w.AzureMetrics().ListMetrics(f.ctx, q); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("a deleted circuit: %v, want ErrNotFound", err)
		}
		time.Sleep(time.Until(time.Now().Truncate(time.Minute).Add(2 * time.Minute)))
		again := time.Now()
		f.circuit("er")
		time.Sleep(2 * time.Minute)
		q.End = time.Now()
		ss := must[[]azure.MetricSeries](t)(f.w.AzureMetrics().ListMetrics(f.ctx, q))
		if p := ss[0].Points; len(p) == 0 || !p[0].Time.Equal(again) {
			t.Errorf("points %+v, want them from %v", p, again)
		}
	})
}
