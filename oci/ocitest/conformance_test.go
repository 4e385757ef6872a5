package ocitest_test

import (
	"context"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
)

// TestConformanceSimulator runs the suite against the simulator's own
// oci.Network.
func TestConformanceSimulator(t *testing.T) {
	ocitest.RunConformanceTests(t, ocitest.SimHarness(func(_ context.Context, _ *testing.T, w *sim.World) (oci.Network, error) {
		return w.OCI(), nil
	}))
}
