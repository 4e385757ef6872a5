package ocitest

import (
	"context"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: the harness of the oci.Metrics suite (RunMetricsConformanceTests).
// It mirrors Harness, for the other service: OCI Monitoring.

// MetricsHarness gives one test of the metrics suite the cloud under test.
// RunMetricsConformanceTests makes one per test (with the
// MetricsHarnessMaker) and closes it when the test ends.
//
// A harness over the simulator also implements MetricsSimulator; a harness
// over a real tenancy does not, and the tests that need the simulator are
// skipped with it.
type MetricsHarness interface {
	// MakeMetrics returns a new client of the cloud's Monitoring.
	MakeMetrics(ctx context.Context) (oci.Metrics, error)
	// MetricsEnv describes the cloud. It is the same on every call.
	MetricsEnv() MetricsEnv
	// Close releases what the harness holds (servers, connections).
	Close()
}

// MetricsHarnessMaker makes the harness of one test; it may register
// cleanups with t. An error fails the test.
type MetricsHarnessMaker func(ctx context.Context, t *testing.T) (MetricsHarness, error)

// MetricsSimulator is implemented by a MetricsHarness over the simulator.
// The tests that need a world with a known past (virtual circuits that came
// up, carried traffic and broke at known instants), or inject faults, make
// one and ask for a client of it.
type MetricsSimulator interface {
	// MetricsOver returns a new client of w's Monitoring.
	MetricsOver(ctx context.Context, w *sim.World) (oci.Metrics, error)
}

// MetricsEnv describes the cloud of a MetricsHarness. The suite only reads.
type MetricsEnv struct {
	// Compartment is a compartment the tests read metrics in.
	Compartment string
	// VirtualCircuit, when not "", is the OCID of a virtual circuit of
	// Compartment whose FastConnect metrics the tests read for the last
	// hour; without it that test is skipped.
	VirtualCircuit string
}

// SimMetricsHarness returns a MetricsHarnessMaker over the simulator.
// connect returns the oci.Metrics under test over a world: w.OCIMetrics()
// for the simulator itself, or a client of a face serving w (it may register
// cleanups with t, such as closing the face).
//
// Each harness has a world of its own with a recorded past (see History),
// whose first virtual circuit is MetricsEnv.VirtualCircuit, so that every
// test runs on it.
func SimMetricsHarness(connect func(ctx context.Context, t *testing.T, w *sim.World) (oci.Metrics, error)) MetricsHarnessMaker {
	return func(ctx context.Context, t *testing.T) (MetricsHarness, error) {
		h := RecordHistory(t)
		return &simMetricsHarness{t: t, h: h, connect: connect}, nil
	}
}

// simMetricsHarness is the MetricsHarness SimMetricsHarness makes.
type simMetricsHarness struct {
	t       *testing.T
	h       *History
	connect func(ctx context.Context, t *testing.T, w *sim.World) (oci.Metrics, error)
}

// MakeMetrics returns a client of the harness's own world.
func (h *simMetricsHarness) MakeMetrics(ctx context.Context) (oci.Metrics, error) {
	return h.connect(ctx, h.t, h.h.World)
}

// MetricsOver returns a client of w.
func (h *simMetricsHarness) MetricsOver(ctx context.Context, w *sim.World) (oci.Metrics, error) {
	return h.connect(ctx, h.t, w)
}

// MetricsEnv describes the harness's own world.
func (h *simMetricsHarness) MetricsEnv() MetricsEnv {
	return MetricsEnv{Compartment: Compartment, VirtualCircuit: h.h.VC.ID}
}

// Close does nothing: connect registers its cleanups with the test.
func (h *simMetricsHarness) Close() {}
