package main

import (
	"context"
	"io"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/internal/simfile"
	"github.com/azoci/interconnect/sim"
)

// simOptions scales the client's timing by the simulator's: polls, the grace
// period for the provider's private peering and the wait timeout run on the
// same fast clock as the simulated clouds.
func simOptions(scale float64) []interconnect.Option {
	return simfile.ClientOptions(scale)
}

// openSim loads the simulated world from the state file (or makes a new one
// when there is none) and seeds the spec's VNet and VCN into it when they are
// missing. It reports what it did on log.
func openSim(ctx context.Context, c *config, spec interconnect.Spec, log io.Writer) (*sim.World, error) {
	return simfile.Open(ctx, c.simState, c.simScale, spec, log)
}

// saveSim writes the world to path atomically (a temporary file renamed over
// it), readable only by the user: it holds the simulated secrets.
func saveSim(w *sim.World, path string) error {
	return simfile.Save(w, path)
}
