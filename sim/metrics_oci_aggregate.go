package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the arithmetic of an OCI Monitoring query (see metrics_oci.go):
// the aggregation windows, the statistics, and the selection and grouping
// of streams by their dimensions.

// ceilTime is the first multiple of d, counted from the Unix epoch, at or
// after t, in UTC.
func ceilTime(t time.Time, d time.Duration) time.Time {
	ns := t.UnixNano()
	r := ns % int64(d)
	if r < 0 {
		r += int64(d)
	}
	f := time.Unix(0, ns-r).UTC()
	if f.Before(t) {
		f = f.Add(d)
	}
	return f
}

// aggregate computes the query's statistic over the raw points that the
// streams emitted in the window (at-interval, at]; false when there are
// none.
func aggregate(streams []metricStream, at time.Time, q mqlQuery) (float64, bool) {
	var a samples
	for _, s := range streams {
		for t := at.Add(-q.interval + emissionPeriod); !t.After(at); t = t.Add(emissionPeriod) {
			if v, ok := s.raw(t); ok {
				a.add(v)
			}
		}
	}
	if a.n == 0 {
		return 0, false
	}
	switch q.statistic {
	case oci.StatisticMean:
		return a.sum / float64(a.n), true
	case oci.StatisticMax:
		return a.max, true
	case oci.StatisticMin:
		return a.min, true
	case oci.StatisticCount:
		return float64(a.n), true
	case oci.StatisticRate:
		return a.sum / q.interval.Seconds(), true
	}
	return a.sum, true // oci.StatisticSum
}

// filterStreams keeps the streams whose dimensions match every filter.
func filterStreams(streams []metricStream, filters []mqlFilter) []metricStream {
	return slices.DeleteFunc(streams, func(s metricStream) bool {
		return slices.ContainsFunc(filters, func(f mqlFilter) bool {
			v, ok := s.dims[f.dimension]
			return !ok || v != f.value
		})
	})
}

// streamGroup is the streams that one series of the answer aggregates.
type streamGroup struct {
	dims    map[string]string
	streams []metricStream
}

// groupStreams makes one group per stream, or, with grouping(), one of all
// of them without dimensions, or, with groupBy(...), one per combination of
// the values of those dimensions (a stream without one of them is grouped
// with those that lack it too), in the order streams were listed.
func groupStreams(streams []metricStream, q mqlQuery) []streamGroup {
	switch {
	case q.grouping:
		if len(streams) == 0 {
			return nil
		}
		return []streamGroup{{dims: map[string]string{}, streams: streams}}
	case len(q.groupBy) > 0:
		var out []streamGroup
		index := map[string]int{}
		for _, s := range streams {
			dims := map[string]string{}
			var k strings.Builder
			for _, d := range q.groupBy {
				v, ok := s.dims[d]
				if ok {
					dims[d] = v
				}
				fmt.Fprintf(&k, "%t%q,", ok, v)
			}
			i, seen := index[k.String()]
			if !seen {
				i = len(out)
				index[k.String()] = i
				out = append(out, streamGroup{dims: dims})
			}
			out[i].streams = append(out[i].streams, s)
		}
		return out
	}
	out := make([]streamGroup, len(streams))
	for i, s := range streams {
		out[i] = streamGroup{dims: s.dims, streams: []metricStream{s}}
	}
	return out
}
