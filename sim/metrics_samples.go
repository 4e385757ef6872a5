package sim

import "github.com/azoci/interconnect/azure"

// This file: the accumulator of samples that both clouds' simulated metrics
// (metrics_azure.go, metrics_oci.go) aggregate with.

// samples accumulates the values an aggregation is computed from (shared
// by both clouds' metrics).
type samples struct {
	n             int
	sum, min, max float64
}

func (a *samples) add(v float64) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	a.sum += v
}

// value is the aggregation (one of metricAggregations) of the samples.
func (a samples) value(aggregation string) float64 {
	switch aggregation {
	case azure.AggregationMinimum:
		return a.min
	case azure.AggregationMaximum:
		return a.max
	case azure.AggregationTotal:
		return a.sum
	case "Count":
		return float64(a.n)
	}
	return a.sum / float64(a.n)
}
