package ocitest_test

import (
	"context"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
)

// TestMetricsConformanceSimulator runs the metrics suite against the
// simulator's own oci.Metrics.
func TestMetricsConformanceSimulator(t *testing.T) {
	ocitest.RunMetricsConformanceTests(t, ocitest.SimMetricsHarness(func(_ context.Context, _ *testing.T, w *sim.World) (oci.Metrics, error) {
		return w.OCIMetrics(), nil
	}))
}
