package azuretest_test

import (
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
)

// TestConformanceSimulator runs the suite against the simulator itself: the
// reference every other implementation is held to.
func TestConformanceSimulator(t *testing.T) {
	azuretest.RunConformanceTests(t, azuretest.SimHarness(func(_ *testing.T, w *sim.World) (azure.Network, error) {
		return w.Azure(), nil
	}))
}
