package azuretest

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// This file: the conformance suite of azure.Metrics, run through harnesses
// as the azure.Network suite is (RunMetricsConformanceTests). Its tests are
// in metrics_tests.go.

// MetricsHarness gives one metrics conformance test the azure.Metrics under
// test and says where it works. RunMetricsConformanceTests makes one per
// test with a MetricsHarnessMaker and closes it when the test is done.
type MetricsHarness interface {
	// MakeMetrics returns the azure.Metrics under test. When Env says
	// Simulated, w is the test's world, which the suite made inside the
	// test's testing/synctest bubble and in which it provisioned a circuit:
	// the Metrics must serve w, and work inside the bubble (an adapter
	// reaches the world's ARM face without a socket, see
	// armface.Server.InProcessClientOptions). Otherwise w is nil. t is the
	// test (inside its bubble when simulated).
	MakeMetrics(ctx context.Context, t *testing.T, w *sim.World) (azure.Metrics, error)
	// Env says where the Metrics works. It does not change during the test.
	Env() MetricsEnv
	// Close releases what the harness holds.
	Close()
}

// MetricsHarnessMaker makes the harness of one test.
type MetricsHarnessMaker func(ctx context.Context, t *testing.T) (MetricsHarness, error)

// MetricsEnv is where a harness's Metrics works.
type MetricsEnv struct {
	// Simulated says that the Metrics serves a world the suite makes: each
	// test then runs in a testing/synctest bubble with a world of its own
	// (NewWorld), in which circuit "er" of ResourceGroup is provisioned
	// with BGP up (Handoff), and may break paths and offer traffic.
	// Without it the tests that need the world are skipped.
	Simulated bool
	// Subscription and ResourceGroup are where MissingCircuit asks for the
	// metrics of a circuit that does not exist, named NamePrefix +
	// "missing-er".
	Subscription, ResourceGroup, NamePrefix string
	// Circuit is the ARM ID of an existing ExpressRoute circuit that the
	// read-only tests read; "" skips them. A simulated Env needs none: the
	// suite reads its own circuit.
	Circuit string
}

// SimMetricsHarness returns a MetricsHarnessMaker for Metrics backed by a
// simulated world: metrics turns the test's world into the Metrics under
// test (w.AzureMetrics() for the simulator itself; an adapter pointed at
// the world's ARM face for the real SDK).
func SimMetricsHarness(metrics func(t *testing.T, w *sim.World) (azure.Metrics, error)) MetricsHarnessMaker {
	return func(context.Context, *testing.T) (MetricsHarness, error) { return simMetricsHarness{metrics}, nil }
}

type simMetricsHarness struct {
	metrics func(t *testing.T, w *sim.World) (azure.Metrics, error)
}

// MakeMetrics returns what the harness's function makes of the world.
func (h simMetricsHarness) MakeMetrics(_ context.Context, t *testing.T, w *sim.World) (azure.Metrics, error) {
	return h.metrics(t, w)
}

// Env is a simulated environment in the world NewWorld makes.
func (simMetricsHarness) Env() MetricsEnv {
	return MetricsEnv{Simulated: true, Subscription: Subscription, ResourceGroup: ResourceGroup}
}

// Close does nothing: the world is garbage.
func (simMetricsHarness) Close() {}

// metricsScope says where a metrics test may run.
type metricsScope int

const (
	// anywhere: reads only, and needs nothing to exist.
	anywhere metricsScope = iota
	// onCircuit: reads MetricsEnv.Circuit (or the simulated circuit).
	onCircuit
	// inWorld: needs the simulated world (to break paths, offer traffic,
	// inject faults, and know exactly what the metrics must be).
	inWorld
)

// metricsFixture is one metrics test's environment.
type metricsFixture struct {
	t   *testing.T
	env MetricsEnv
	w   *sim.World // nil on a real subscription
	m   azure.Metrics
	ctx context.Context
	// circuit is the circuit the test reads (Env.Circuit, or the simulated
	// one); m0 is, in a simulated world, the first whole minute after its
	// BGP came up, which is now when the test starts.
	circuit string
	m0      time.Time
}

// RunMetricsConformanceTests runs the suite of azure.Metrics. newHarness
// makes the harness of each test: SimMetricsHarness for a Metrics backed by
// a simulated world, or a harness of your own for a real subscription,
// whose Env says what exists there.
//
// Simulated tests run in parallel, each in a synctest bubble of its own,
// where 5 minutes of metrics cost nothing and every value is exact. Tests
// of a real subscription run one at a time; those that need the world are
// skipped, saying why, as are those that need a circuit when Env names
// none.
func RunMetricsConformanceTests(t *testing.T, newHarness MetricsHarnessMaker) {
	for _, tc := range metricsTests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := newHarness(t.Context(), t)
			if err != nil {
				t.Fatalf("making the harness: %v", err)
			}
			t.Cleanup(h.Close)
			env := h.Env()
			if !env.Simulated {
				switch {
				case tc.scope == inWorld:
					t.Skipf("needs the simulated world: %s", tc.reason)
				case tc.scope == onCircuit && env.Circuit == "":
					t.Skip("reads an existing ExpressRoute circuit: the harness names none (MetricsEnv.Circuit)")
				}
				m, err := h.MakeMetrics(t.Context(), t, nil)
				if err != nil {
					t.Fatalf("making the Metrics: %v", err)
				}
				tc.run(&metricsFixture{t: t, env: env, m: m, ctx: t.Context(), circuit: env.Circuit})
				return
			}
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				w := NewWorld(Latency())
				c, err := w.Azure().PutCircuit(t.Context(), ResourceGroup, azure.Circuit{Name: "er", Location: Region,
					SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
					PeeringLocation: "Washington DC", BandwidthMbps: 1000})
				if err != nil {
					t.Fatal(err)
				}
				Handoff(t, w, c)
				m0 := time.Now().Truncate(time.Minute).Add(time.Minute)
				time.Sleep(time.Until(m0))
				m, err := h.MakeMetrics(t.Context(), t, w)
				if err != nil {
					t.Fatalf("making the Metrics: %v", err)
				}
				tc.run(&metricsFixture{t: t, env: env, w: w, m: m, ctx: t.Context(), circuit: c.ID, m0: m0})
			})
		})
	}
}

// metricsTests is the suite. reason says why a test needs the world.
var metricsTests = []struct {
	name   string
	scope  metricsScope
	reason string
	run    func(f *metricsFixture)
}{
	{name: "MissingCircuit", scope: anywhere, run: testMetricsMissingCircuit},
	{name: "ReadCircuit", scope: onCircuit, run: testMetricsReadCircuit},
	{name: "UnknownMetric", scope: onCircuit, run: testMetricsUnknownMetric},
	{name: "UnsupportedInterval", scope: onCircuit, run: testMetricsUnsupportedInterval},
	{name: "AvailabilityUp", scope: inWorld, run: testMetricsAvailabilityUp, reason: "it knows the circuit's whole history"},
	{name: "BrokenPath", scope: inWorld, run: testMetricsBrokenPath, reason: "it breaks a path (World.BreakPath)"},
	{name: "Traffic", scope: inWorld, run: testMetricsTraffic, reason: "it offers traffic (World.SetTraffic) and breaks paths"},
	{name: "TrafficPerPath", scope: inWorld, run: testMetricsTrafficPerPath, reason: "it offers traffic (World.SetTraffic) and breaks a path"},
	{name: "Window", scope: inWorld, run: testMetricsWindow, reason: "it knows when the circuit was made"},
	{name: "Throttled", scope: inWorld, run: testMetricsThrottled, reason: "an injected fault"},
}
