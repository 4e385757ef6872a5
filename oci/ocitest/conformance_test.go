package ocitest_test

import (
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
)

// TestConformanceSimulator runs the suite against the simulator's own
// oci.Network.
func TestConformanceSimulator(t *testing.T) {
	ocitest.RunConformance(t, func(t *testing.T, w *sim.World) oci.Network { return w.OCI() })
}
