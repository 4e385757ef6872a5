package azuretest_test

import (
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
)

// TestMetricsConformanceSimulator runs the metrics suite against the
// simulator itself (World.AzureMetrics): the reference the adapter is held
// to.
func TestMetricsConformanceSimulator(t *testing.T) {
	azuretest.RunMetricsConformanceTests(t, azuretest.SimMetricsHarness(func(_ *testing.T, w *sim.World) (azure.Metrics, error) {
		return w.AzureMetrics(), nil
	}))
}
