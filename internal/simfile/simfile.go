// Package simfile keeps a simulated world (package sim) in a file between
// runs, and seeds it with the networks a spec names, as a user would bring
// them to the real clouds. The interconnect CLI's -sim and the OpenTofu
// provider's simulator block both use it, so that one state file serves
// either of them.
package simfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/sim"
)

// ClientOptions scales a Client's timing by the simulator's scale (how much
// real time a simulated second takes, in (0, 1]): polls, the grace period for
// the provider's private peering and the wait timeout run on the same fast
// clock as the simulated clouds. No duration falls below a millisecond.
func ClientOptions(scale float64) []interconnect.Option {
	d := func(x time.Duration) time.Duration { return max(time.Duration(float64(x)*scale), time.Millisecond) }
	return []interconnect.Option{
		interconnect.WithPollInterval(d(15 * time.Second)),
		interconnect.WithPeeringGracePeriod(d(10 * time.Minute)),
		interconnect.WithWaitTimeout(d(30 * time.Minute)),
	}
}

// Open loads the simulated world from the state file at path (or makes a
// new one when there is none), with the latencies scaled by scale and
// serving the spec's subscription and OCI region, and seeds the spec's
// networks into it when they are missing (see Seed). It reports what it did
// on log, one line each.
func Open(ctx context.Context, path string, scale float64, spec interconnect.Spec, log io.Writer) (*sim.World, error) {
	s := spec.WithDefaults(nil)
	w, err := Load(path, scale, s.Azure.SubscriptionID, s.OCI.Region, log)
	if err != nil {
		return nil, err
	}
	if err := Seed(ctx, w, s, log); err != nil {
		return nil, err
	}
	return w, nil
}

// Load loads the simulated world from the state file at path (or makes a
// new one when there is none), with the latencies scaled by scale (how
// much real time a simulated second takes, in (0, 1]). subscription and
// ociRegion, when not "", are those the world serves. It seeds nothing, and
// reports on log whether it loaded or made the world.
func Load(path string, scale float64, subscription, ociRegion string, log io.Writer) (*sim.World, error) {
	opts := []sim.Option{
		sim.WithLatency(sim.DefaultLatency().Scaled(scale)),
		sim.WithSubscription(subscription),
		sim.WithOCIRegion(ociRegion),
		// A world may be served for days (the CLI's monitor): keep its
		// call log bounded.
		sim.WithCallLogLimit(10_000),
	}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(log, "Simulator: new world (saved to %s); time runs %g× faster than in the real clouds.\n", path, 1/scale)
		return sim.New(opts...), nil
	case err != nil:
		return nil, fmt.Errorf("simulator: %w", err)
	}
	defer f.Close()
	w, err := sim.Load(f, opts...)
	if err != nil {
		return nil, fmt.Errorf("simulator: %s: %w (delete the file to start from an empty world)", path, err)
	}
	fmt.Fprintf(log, "Simulator: loaded %s; time runs %g× faster than in the real clouds.\n", path, 1/scale)
	return w, nil
}

// Save writes the world to path atomically (a temporary file in the same
// directory, renamed over it), readable only by the user: it holds the
// simulated secrets.
func Save(w *sim.World, path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".interconnect-sim-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := w.Save(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
