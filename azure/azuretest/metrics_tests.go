package azuretest

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// This file: the tests of the azure.Metrics suite (see
// RunMetricsConformanceTests). In a simulated world each test starts at
// f.m0, a whole minute after the circuit's BGP came up, and the clock is
// exact, so the values are exact.

// list runs a query on the test's circuit over [from, to).
func (f *metricsFixture) list(from, to time.Time, grain time.Duration, agg string, split []string, names ...string) []azure.MetricSeries {
	f.t.Helper()
	ss, err := f.m.ListMetrics(f.ctx, azure.MetricQuery{ResourceID: f.circuit, Names: names, Start: from, End: to,
		Interval: grain, Aggregation: agg, SplitBy: split})
	if err != nil {
		f.t.Fatalf("ListMetrics %v of %s over %v–%v: %v", names, f.circuit, from, to, err)
	}
	return ss
}

// peerSeries finds the series of a metric with a Peer value ("" for one
// not split by Peer).
func (f *metricsFixture) peerSeries(ss []azure.MetricSeries, name, peer string) azure.MetricSeries {
	f.t.Helper()
	for _, s := range ss {
		if s.Name == name && s.Dimensions[azure.DimensionPeer] == peer {
			return s
		}
	}
	f.t.Fatalf("no series %s with Peer %q among %+v", name, peer, ss)
	return azure.MetricSeries{}
}

// wantPoints asserts that s has exactly the values, one grain apart from
// start.
func (f *metricsFixture) wantPoints(s azure.MetricSeries, start time.Time, grain time.Duration, want ...float64) {
	f.t.Helper()
	var got []float64
	for i, p := range s.Points {
		got = append(got, p.Value)
		if at := start.Add(time.Duration(i) * grain); !p.Time.Equal(at) {
			f.t.Errorf("%s %v: point %d at %v, want %v", s.Name, s.Dimensions, i, p.Time, at)
		}
	}
	if !slices.Equal(got, want) {
		f.t.Errorf("%s %v: values %v, want %v", s.Name, s.Dimensions, got, want)
	}
}

// wantMetricsErr asserts err is an *azure.Error with the status (and the
// code when the world is simulated: Azure Monitor documents none), naming
// ListMetrics and the resource.
func (f *metricsFixture) wantMetricsErr(err error, status int, code, resource string) *azure.Error {
	f.t.Helper()
	var e *azure.Error
	if !errors.As(err, &e) {
		f.t.Fatalf("err = %v, want *azure.Error %d", err, status)
	}
	if e.StatusCode != status || (f.w != nil && e.Code != code) {
		f.t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Op != "ListMetrics" || !strings.EqualFold(e.Resource, resource) || e.Message == "" || !strings.Contains(err.Error(), e.Resource) {
		f.t.Errorf("error %#v does not name ListMetrics, the resource %s and what happened", e, resource)
	}
	return e
}

var (
	peerSplit = []string{azure.DimensionPeer}
	roleSplit = []string{azure.DimensionDeviceRole}
)

// testMetricsMissingCircuit: the metrics of a circuit that does not exist
// are a 404 that matches azure.ErrNotFound.
func testMetricsMissingCircuit(f *metricsFixture) {
	id := "/subscriptions/" + f.env.Subscription + "/resourceGroups/" + f.env.ResourceGroup +
		"/providers/Microsoft.Network/expressRouteCircuits/" + f.env.NamePrefix + "missing-er"
	now := time.Now()
	_, err := f.m.ListMetrics(f.ctx, azure.MetricQuery{ResourceID: id, Names: []string{azure.MetricBGPAvailability},
		Start: now.Add(-time.Hour), End: now, Interval: 5 * time.Minute})
	if !errors.Is(err, azure.ErrNotFound) {
		f.t.Fatalf("metrics of a missing circuit: %v, want an error matching azure.ErrNotFound", err)
	}
	f.wantMetricsErr(err, http.StatusNotFound, "NotFound", id)
}

// testMetricsReadCircuit: the four metrics of a circuit over the last hour
// come back named as asked, in their units, within their ranges, with
// points inside the window, a grain apart; split by Peer, each series
// names its peer.
func testMetricsReadCircuit(f *metricsFixture) {
	t := f.t
	end := time.Now()
	start := end.Add(-time.Hour)
	names := []string{azure.MetricARPAvailability, azure.MetricBGPAvailability, azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond}
	ss := f.list(start, end, 5*time.Minute, azure.AggregationAverage, nil, names...)
	// Azure Monitor may leave out a metric the circuit never emitted; the
	// simulator answers every one.
	if len(ss) > len(names) || (f.w != nil && len(ss) != len(names)) {
		t.Fatalf("%d series, want one per metric (%v): %+v", len(ss), names, ss)
	}
	next := 0
	for _, s := range ss {
		i := slices.Index(names[next:], s.Name)
		if i < 0 {
			t.Fatalf("series %s is not one of %v, in order", s.Name, names[next:])
		}
		i += next
		next = i + 1
		unit, limit := "Percent", 100.0
		if i >= 2 {
			unit, limit = "BitsPerSecond", 1e12
		}
		if s.Unit != unit || len(s.Dimensions) != 0 {
			t.Errorf("series %s: unit %q, dimensions %v; want %s, not split", s.Name, s.Unit, s.Dimensions, unit)
		}
		for j, p := range s.Points {
			if p.Value < 0 || p.Value > limit {
				t.Errorf("%s: value %v out of range", s.Name, p.Value)
			}
			if p.Time.Before(start.Truncate(time.Minute)) || !p.Time.Before(end) {
				t.Errorf("%s: point at %v outside %v–%v", s.Name, p.Time, start, end)
			}
			if j > 0 && (!p.Time.After(s.Points[j-1].Time) || p.Time.Sub(s.Points[j-1].Time)%(5*time.Minute) != 0) {
				t.Errorf("%s: points at %v then %v, want them 5 minutes apart", s.Name, s.Points[j-1].Time, p.Time)
			}
		}
	}
	for _, s := range f.list(start, end, 5*time.Minute, "", peerSplit, azure.MetricBGPAvailability) {
		if p := s.Dimensions[azure.DimensionPeer]; !strings.EqualFold(p, azure.PeerPrimary) && !strings.EqualFold(p, azure.PeerSecondary) {
			t.Errorf("BgpAvailability split by Peer: a series for peer %q (%v)", p, s.Dimensions)
		}
	}
	// Traffic splits by DeviceRole, with the values of Microsoft's
	// ExpressRoute Insights workbook (in any case).
	for _, s := range f.list(start, end, 5*time.Minute, "", roleSplit, azure.MetricBitsInPerSecond) {
		if r := s.Dimensions[azure.DimensionDeviceRole]; !strings.EqualFold(r, azure.DeviceRolePrimary) && !strings.EqualFold(r, azure.DeviceRoleSecondary) {
			t.Errorf("BitsInPerSecond split by DeviceRole: a series for role %q (%v)", r, s.Dimensions)
		}
	}
}

// testMetricsUnknownMetric: a metric the circuit does not have is a 400.
func testMetricsUnknownMetric(f *metricsFixture) {
	now := time.Now()
	_, err := f.m.ListMetrics(f.ctx, azure.MetricQuery{ResourceID: f.circuit, Names: []string{azure.MetricBGPAvailability, "NoSuchMetric"},
		Start: now.Add(-time.Hour), End: now})
	e := f.wantMetricsErr(err, http.StatusBadRequest, "BadRequest", f.circuit)
	if !strings.Contains(e.Message, "NoSuchMetric") {
		f.t.Errorf("the error does not name the unknown metric: %v", err)
	}
}

// testMetricsUnsupportedInterval: an interval that is not one of Azure
// Monitor's time grains is a 400.
func testMetricsUnsupportedInterval(f *metricsFixture) {
	now := time.Now()
	_, err := f.m.ListMetrics(f.ctx, azure.MetricQuery{ResourceID: f.circuit, Names: []string{azure.MetricBGPAvailability},
		Start: now.Add(-time.Hour), End: now, Interval: 2 * time.Minute})
	e := f.wantMetricsErr(err, http.StatusBadRequest, "BadRequest", f.circuit)
	if !strings.Contains(e.Message, "PT2M") {
		f.t.Errorf("the error does not name the interval: %v", err)
	}
}

// testMetricsAvailabilityUp: availability is 100 on both paths while they
// are up, split or not; nothing flows without traffic offered.
func testMetricsAvailabilityUp(f *metricsFixture) {
	m := f.m0
	time.Sleep(3 * time.Minute)
	for _, name := range []string{azure.MetricARPAvailability, azure.MetricBGPAvailability} {
		ss := f.list(m, m.Add(3*time.Minute), time.Minute, "", peerSplit, name)
		if len(ss) != 2 {
			f.t.Fatalf("%s split by Peer: %+v, want a series per peer", name, ss)
		}
		for _, peer := range []string{azure.PeerPrimary, azure.PeerSecondary} {
			f.wantPoints(f.peerSeries(ss, name, peer), m, time.Minute, 100, 100, 100)
		}
		f.wantPoints(f.peerSeries(f.list(m, m.Add(3*time.Minute), time.Minute, "", nil, name), name, ""), m, time.Minute, 100, 100, 100)
	}
	ss := f.list(m, m.Add(3*time.Minute), time.Minute, "", nil, azure.MetricBitsInPerSecond)
	f.wantPoints(ss[0], m, time.Minute, 0, 0, 0)
}

// testMetricsBrokenPath: a path cut by World.BreakPath scores 0 from the
// moment it broke; the minute it broke in scores the share it was up; the
// other path stays at 100; coarser intervals aggregate the minutes.
func testMetricsBrokenPath(f *metricsFixture) {
	m := f.m0
	time.Sleep(2*time.Minute + 30*time.Second)
	if err := f.w.BreakPath(f.circuit, azure.Primary); err != nil {
		f.t.Fatal(err)
	}
	time.Sleep(time.Until(m.Add(5 * time.Minute)))
	for _, name := range []string{azure.MetricBGPAvailability, azure.MetricARPAvailability} {
		ss := f.list(m, m.Add(5*time.Minute), time.Minute, azure.AggregationAverage, peerSplit, name)
		f.wantPoints(f.peerSeries(ss, name, azure.PeerPrimary), m, time.Minute, 100, 100, 50, 0, 0)
		f.wantPoints(f.peerSeries(ss, name, azure.PeerSecondary), m, time.Minute, 100, 100, 100, 100, 100)
		f.wantPoints(f.list(m, m.Add(5*time.Minute), time.Minute, "", nil, name)[0], m, time.Minute, 100, 100, 75, 50, 50)
	}
	after := f.list(m.Add(3*time.Minute), m.Add(5*time.Minute), time.Minute, "", peerSplit, azure.MetricBGPAvailability)
	f.wantPoints(f.peerSeries(after, azure.MetricBGPAvailability, azure.PeerPrimary), m.Add(3*time.Minute), time.Minute, 0, 0)
	for agg, want := range map[string]float64{azure.AggregationAverage: 50, azure.AggregationMinimum: 0, azure.AggregationMaximum: 100, azure.AggregationTotal: 250} {
		ss := f.list(m, m.Add(5*time.Minute), 5*time.Minute, agg, []string{azure.DimensionPeer, azure.DimensionPeeringType}, azure.MetricBGPAvailability)
		s := f.peerSeries(ss, azure.MetricBGPAvailability, azure.PeerPrimary)
		if s.Dimensions[azure.DimensionPeeringType] != azure.PeeringTypePrivate {
			f.t.Errorf("split by PeeringType too: %v", s.Dimensions)
		}
		f.wantPoints(s, m, 5*time.Minute, want)
	}
}

// testMetricsTraffic: the bits per second are what World.SetTraffic
// offered while BGP is up on a path (one is enough), 0 while both paths are
// down, and averaged over the minute they changed in.
func testMetricsTraffic(f *metricsFixture) {
	m := f.m0
	steps := []func() error{
		func() error { return f.w.SetTraffic(f.circuit, 4e8, 1e8) },
		func() error { return f.w.BreakPath(f.circuit, azure.Primary) },    // at m+2m: the secondary carries it
		func() error { return f.w.BreakPath(f.circuit, azure.Secondary) },  // at m+3m: both down
		func() error { return f.w.RepairPath(f.circuit, azure.Secondary) }, // at m+4m30s: flows for half a minute
	}
	for i, d := range []time.Duration{0, 2 * time.Minute, 3 * time.Minute, 4*time.Minute + 30*time.Second} {
		time.Sleep(time.Until(m.Add(d)))
		if err := steps[i](); err != nil {
			f.t.Fatal(err)
		}
	}
	time.Sleep(time.Until(m.Add(5 * time.Minute)))
	ss := f.list(m, m.Add(5*time.Minute), time.Minute, "", nil, azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond)
	if len(ss) != 2 || ss[0].Name != azure.MetricBitsInPerSecond || ss[1].Name != azure.MetricBitsOutPerSecond {
		f.t.Fatalf("traffic series: %+v", ss)
	}
	f.wantPoints(ss[0], m, time.Minute, 4e8, 4e8, 4e8, 0, 2e8)
	f.wantPoints(ss[1], m, time.Minute, 1e8, 1e8, 1e8, 0, 5e7)
}

// testMetricsTrafficPerPath: split by DeviceRole, each path carries its
// share of the traffic (Microsoft load balances flows across both
// connections: an even share while both are up, all of it on the one left),
// the series are named with the workbook's values, Primary and secondary,
// and PeeringType is private; the paths add up to the circuit's traffic.
func testMetricsTrafficPerPath(f *metricsFixture) {
	m := f.m0
	if err := f.w.SetTraffic(f.circuit, 4e8, 1e8); err != nil {
		f.t.Fatal(err)
	}
	time.Sleep(2 * time.Minute)
	if err := f.w.BreakPath(f.circuit, azure.Secondary); err != nil {
		f.t.Fatal(err)
	}
	time.Sleep(time.Until(m.Add(3 * time.Minute)))
	ss := f.list(m, m.Add(3*time.Minute), time.Minute, azure.AggregationAverage, []string{azure.DimensionDeviceRole, azure.DimensionPeeringType},
		azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond)
	want := map[string][]float64{
		azure.MetricBitsInPerSecond + "/Primary":    {2e8, 2e8, 4e8},
		azure.MetricBitsInPerSecond + "/secondary":  {2e8, 2e8, 0},
		azure.MetricBitsOutPerSecond + "/Primary":   {5e7, 5e7, 1e8},
		azure.MetricBitsOutPerSecond + "/secondary": {5e7, 5e7, 0},
	}
	if len(ss) != len(want) {
		f.t.Fatalf("%d series, want one per metric and device role: %+v", len(ss), ss)
	}
	for _, s := range ss {
		k := s.Name + "/" + s.Dimensions[azure.DimensionDeviceRole]
		if _, ok := want[k]; !ok || s.Dimensions[azure.DimensionPeeringType] != "private" {
			f.t.Errorf("series %s %v: want DeviceRole Primary or secondary, PeeringType private", s.Name, s.Dimensions)
			continue
		}
		f.wantPoints(s, m, time.Minute, want[k]...)
	}
	whole := f.list(m, m.Add(3*time.Minute), time.Minute, "", nil, azure.MetricBitsInPerSecond)
	f.wantPoints(whole[0], m, time.Minute, 4e8, 4e8, 4e8)
}

// testMetricsWindow: points fall only in the window asked for, from its
// start rounded down to the minute; an end in the future is clipped to now;
// there are none before the circuit was made or in the future.
func testMetricsWindow(f *metricsFixture) {
	m := f.m0
	time.Sleep(3*time.Minute + 20*time.Second)
	f.wantPoints(f.list(m.Add(time.Minute), m.Add(2*time.Minute), time.Minute, "", nil, azure.MetricBGPAvailability)[0],
		m.Add(time.Minute), time.Minute, 100)
	f.wantPoints(f.list(m.Add(30*time.Second), m.Add(time.Hour), time.Minute, "", nil, azure.MetricBGPAvailability)[0],
		m, time.Minute, 100, 100, 100, 100)
	for what, span := range map[string][2]time.Time{
		"before the circuit": {m.Add(-time.Hour), m.Add(-2 * time.Minute)},
		"in the future":      {m.Add(time.Hour), m.Add(2 * time.Hour)},
	} {
		for _, s := range f.list(span[0], span[1], time.Minute, "", nil, azure.MetricBGPAvailability) {
			if len(s.Points) != 0 {
				f.t.Errorf("%s: points %+v", what, s.Points)
			}
		}
	}
}

// testMetricsThrottled: throttling is a retryable 429 *azure.Error that
// carries Azure's Retry-After; once it passes, the query succeeds.
func testMetricsThrottled(f *metricsFixture) {
	f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "ListMetrics", Count: 1, Kind: sim.Throttle, RetryAfter: time.Minute})
	now := time.Now()
	q := azure.MetricQuery{ResourceID: f.circuit, Names: []string{azure.MetricBGPAvailability}, Start: now.Add(-time.Hour), End: now}
	_, err := f.m.ListMetrics(f.ctx, q)
	e := f.wantMetricsErr(err, http.StatusTooManyRequests, "TooManyRequests", f.circuit)
	if !e.Retryable() || e.RetryDelay() != time.Minute {
		f.t.Errorf("throttled: %v, retryable %v, retry after %v; want retryable after a minute", err, e.Retryable(), e.RetryDelay())
	}
	if _, err := f.m.ListMetrics(f.ctx, q); err != nil {
		f.t.Errorf("once the throttling passed: %v", err)
	}
}
