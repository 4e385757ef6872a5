package interconnect

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// TestZeroLatencyIsInstant: on the simulator with the zero Latency, a Client
// with default options plans, applies, plans the teardown and applies it in
// no simulated time (it took 30s before the simulator hinted its poll
// interval: two deletions waited one default poll each).
func TestZeroLatencyIsInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld(sim.WithLatency(sim.Latency{}))
		c := New(w.Azure(), w.OCI())
		ctx := context.Background()
		s := simSpec(t, "")
		start := time.Now()
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Apply(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		applied := time.Since(start)
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		dres, err := c.Apply(ctx, pd)
		if err != nil {
			t.Fatal(err)
		}
		total := time.Since(start)
		polls := 0
		for _, r := range append(res.Steps, dres.Steps...) {
			polls += r.Polls
		}
		t.Logf("zero Latency, default options: apply %s, apply+destroy %s of simulated time, %d polls", applied, total, polls)
		if total > 10*time.Millisecond {
			t.Errorf("plan, apply and destroy took %s of simulated time on an instant world, want ~0", total)
		}
	})
}

// ociOnly hides the simulator's poll hint: a network that gives none.
type ociOnly struct{ oci.Network }

// TestPollIntervalHint: without WithPollInterval the Client polls at the
// longer of its networks' hints (a network without one counts as
// DefaultPollInterval); WithPollInterval wins.
func TestPollIntervalHint(t *testing.T) {
	for _, tc := range []struct {
		name string
		lat  sim.Latency
		hide bool // the OCI network gives no hint
		opts []Option
		want time.Duration
	}{
		{"realistic world", sim.DefaultLatency(), false, nil, 15 * time.Second},
		{"world 500× faster", sim.DefaultLatency().Scaled(1.0 / 500), false, nil, 30 * time.Millisecond},
		{"instant world", sim.Latency{}, false, nil, time.Millisecond},
		{"one slow resource", sim.Latency{Gateway: 80 * time.Minute}, false, nil, 30 * time.Second},
		{"a network without a hint", sim.Latency{}, true, nil, DefaultPollInterval},
		{"WithPollInterval wins", sim.Latency{}, false, []Option{WithPollInterval(time.Minute)}, time.Minute},
		{"WithPollInterval(0) is 1s", sim.Latency{}, false, []Option{WithPollInterval(0)}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := sim.New(sim.WithLatency(tc.lat))
			var oc oci.Network = w.OCI()
			if tc.hide {
				oc = ociOnly{oc}
			}
			if got := New(w.Azure(), oc, tc.opts...).cfg.pollInterval; got != tc.want {
				t.Errorf("poll interval %s, want %s", got, tc.want)
			}
		})
	}
}
