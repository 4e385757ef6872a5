package sim

import (
	"slices"
	"sort"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: the series and points of an Azure metrics answer (see
// metrics_azure.go): which series a split gives, the one-minute samples
// and their aggregation per interval, and the timelines they are sampled
// from.

// seriesShape is one series of a metric: its dimension values and the
// timelines its samples come from (paths, or circuitWide).
type seriesShape struct {
	dims  map[string]string
	paths []int
}

// seriesOf lists the series of metric m split by dims (canonical names of
// m's dimensions), their values keyed as spelt says.
func seriesOf(m circuitMetric, dims []string, spelt map[string]string) []seriesShape {
	base := func() map[string]string {
		if len(dims) == 0 {
			return nil
		}
		d := map[string]string{}
		if slices.Contains(dims, azure.DimensionPeeringType) {
			d[spelt[azure.DimensionPeeringType]] = azure.PeeringTypePrivate
		}
		return d
	}
	if !slices.Contains(dims, m.pathDim) {
		return []seriesShape{{dims: base(), paths: m.whole}}
	}
	var out []seriesShape
	for i, v := range m.pathValues {
		d := base()
		d[spelt[m.pathDim]] = v
		out = append(out, seriesShape{dims: d, paths: []int{i}})
	}
	return out
}

// points aggregates, per interval of length grain from start while before
// limit, the one-minute samples of the timelines tls: the minutes of
// [from, now) that start before limit, each sampled over its part of
// [from, now).
func points(tls []timeline, start, limit, from, now time.Time, grain time.Duration, aggregation string) []azure.MetricPoint {
	var out []azure.MetricPoint
	t := start
	// Skip the intervals wholly before from (a step at a time, as Sub
	// saturates at 292 years).
	for gap := from.Sub(t); gap > grain; gap = from.Sub(t) {
		t = t.Add(gap / grain * grain)
	}
	for ; t.Before(limit); t = t.Add(grain) {
		var a samples
		first := t
		if f := from.Truncate(metricSampleTick); first.Before(f) {
			first = f
		}
		for m := first; m.Before(t.Add(grain)) && m.Before(limit); m = m.Add(metricSampleTick) {
			lo, hi := maxTime(m, from), minTime(m.Add(metricSampleTick), now)
			if !lo.Before(hi) {
				continue
			}
			for _, tl := range tls {
				a.add(tl.mean(lo, hi))
			}
		}
		if a.n > 0 {
			out = append(out, azure.MetricPoint{Time: t, Value: a.value(aggregation)})
		}
	}
	return out
}

// timeline is a value that changes at instants: each step's value holds
// from its time until the next step's; before the first step the value is
// 0. Steps are in time order; of steps at the same instant the last holds.
type timeline []step

type step struct {
	at time.Time
	v  float64
}

// mean is the time-weighted mean of tl over [a, b), a before b.
func (tl timeline) mean(a, b time.Time) float64 {
	i := sort.Search(len(tl), func(i int) bool { return tl[i].at.After(a) }) // first step after a
	v, cur := 0.0, a
	if i > 0 {
		v = tl[i-1].v
	}
	var sum float64
	for ; i < len(tl) && tl[i].at.Before(b); i++ {
		sum += v * float64(tl[i].at.Sub(cur))
		v, cur = tl[i].v, tl[i].at
	}
	sum += v * float64(b.Sub(cur))
	return sum / float64(b.Sub(a))
}

// healthTimeline is 100 while up holds of the circuit's health, else 0
// (mu held).
func (w *World) healthTimeline(circuitKey string, up func(healthPoint) bool) timeline {
	hist := w.st.Health[circuitKey]
	tl := make(timeline, 0, len(hist))
	for _, h := range hist {
		v := 0.0
		if up(h) {
			v = 100
		}
		tl = append(tl, step{at: h.At, v: v})
	}
	return tl
}

// trafficTimeline is the traffic flowing out of Azure (out) or into it on
// path i of a circuit, or on the whole circuit (i is circuitWide) (mu
// held): it changes when the offer or the health does.
func (w *World) trafficTimeline(circuitKey string, out bool, i int) timeline {
	var at []time.Time
	for _, h := range w.st.Health[circuitKey] {
		at = append(at, h.At)
	}
	for _, p := range w.st.Traffic[circuitKey] {
		at = append(at, p.At)
	}
	slices.SortFunc(at, time.Time.Compare)
	at = slices.CompactFunc(at, time.Time.Equal)
	tl := make(timeline, 0, len(at))
	for _, t := range at {
		var in, o float64
		if i == circuitWide {
			in, o = w.trafficAt(circuitKey, t)
		} else {
			in, o = w.pathTrafficAt(circuitKey, t, i)
		}
		if out {
			in = o
		}
		tl = append(tl, step{at: t, v: in})
	}
	return tl
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
