package main

// This file: interconnect drill, the failover drill of maximum resiliency
// (Client.Drill): it fails one peering location over with Azure's site
// failover simulation, verifies that the other carries the traffic, and
// stops the simulation whatever happens.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/azoci/interconnect"
)

// cmdDrill runs the drill and prints its report. It exits 0 when the other
// location carried the routes while the failover held, 2 when it did not,
// and 1 when the drill could not run (refused, interrupted, a cloud error).
func cmdDrill(ctx context.Context, s *session, c *config) int {
	if c.location == "" {
		locs := s.spec.WithDefaults(nil).Locations()
		s.errorf("give the peering location to fail over with -location, such as -location %q (the interconnect's are %s)", firstOr(locs, "Washington DC"), strings.Join(locs, ", "))
		return exitError
	}
	scale := 1.0
	if c.sim {
		scale = c.simScale
	}
	simulated := func(d time.Duration) time.Duration { return max(time.Duration(float64(d)*scale), time.Millisecond) }
	fmt.Fprintf(s.stdout, "Drill of interconnect %q: failing %s over with Azure's site failover simulation, holding it %s, verifying that the other location carries the traffic, then stopping it.\n",
		s.spec.Name, c.location, minutes(c.hold))
	start := time.Now()
	rep, err := s.client.Drill(ctx, s.spec, c.location, interconnect.DrillOptions{Hold: simulated(c.hold), Timeout: simulated(c.timeout), StopTimeout: simulated(10 * time.Minute)})
	if rep != nil {
		writeDrill(s, rep, time.Since(start))
	}
	var v *interconnect.ValidationError
	switch {
	case errors.As(err, &v):
		s.reportError("drill", err)
		return exitError
	case err != nil:
		s.errorf("%v", err)
		return exitError
	case !rep.OK():
		fmt.Fprintf(s.stdout, "\nDrill failed: %s did not carry the routes both ways while %s was failed over; see the checks above and README.md, \"Maximum resiliency\".\n", rep.Other, rep.Location)
		return exitDiff
	}
	fmt.Fprintf(s.stdout, "\nDrill passed: %s carried the routes both ways while %s was failed over; Azure recorded the simulation as successful.\n", rep.Other, rep.Location)
	return exitOK
}

// writeDrill prints what the drill found: a line per phase, and while the
// failover held, the checks that say where the traffic went.
func writeDrill(s *session, rep *interconnect.DrillReport, took time.Duration) {
	out := s.stdout
	if rep.Before != nil {
		fmt.Fprintf(out, "Before:  %s.\n", rep.Before.Summary())
	}
	if !rep.Started.IsZero() {
		fmt.Fprintf(out, "Failover of %s started", rep.Location)
		if rep.TestID != "" {
			fmt.Fprintf(out, " (Azure test %s)", rep.TestID)
		}
		fmt.Fprintln(out, ".")
	}
	if rep.During != nil {
		fmt.Fprintf(out, "During:  %s.\n", rep.During.Summary())
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, c := range rep.During.Checks {
			if c.Name == "interconnect.resiliency" || c.Name == "azure.gateway.learned-routes" || c.Name == "azure.connection" {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", statusText(c.Status, s.color), c.Name, c.Location, c.Detail)
			}
		}
		tw.Flush()
	}
	if !rep.Stopped.IsZero() {
		outcome := "not successful"
		if rep.Test != nil && rep.Test.WasSimulationSuccessful {
			outcome = "successful"
		}
		fmt.Fprintf(out, "Failover of %s stopped; Azure recorded the simulation as %s.\n", rep.Location, outcome)
	}
	if rep.After != nil {
		fmt.Fprintf(out, "After:   %s.\n", rep.After.Summary())
	}
	fmt.Fprintf(out, "The drill took %s.\n", s.progress.duration(took))
}

func firstOr(items []string, or string) string {
	if len(items) == 0 {
		return or
	}
	return items[0]
}
