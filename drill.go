package interconnect

// This file: the failover drill of maximum resiliency, on ExpressRoute
// resiliency validation: the gateway's site failover simulation (Microsoft,
// "Azure ExpressRoute Gateway Resiliency Validation", azure-docs
// articles/expressroute/resiliency-validation.md; azure.Network's
// StartSiteFailoverSimulation and its siblings).

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/azoci/interconnect/azure"
)

// DrillOptions tune Client.Drill. The zero value takes the defaults.
type DrillOptions struct {
	// Hold is how long the failover holds before Drill verifies, so that
	// the routes settle (default 1m; Microsoft says the gateway fails over
	// within about 15 seconds).
	Hold time.Duration
	// Timeout bounds the drill from the start of the failover to the end
	// of the verification while it holds (default 30m). The stop runs after
	// it in any case.
	Timeout time.Duration
	// StopTimeout bounds the stop, which runs with a context of its own so
	// that it also runs when ctx has ended (default 10m).
	StopTimeout time.Duration
}

// DrillReport is what a drill did and found.
type DrillReport struct {
	// Name is the interconnect's; Location the peering location failed
	// over; Other the location that carried the traffic meanwhile.
	Name     string `json:"name"`
	Location string `json:"location"`
	Other    string `json:"other"`
	// Started and Stopped bound the failover; zero when it did not start
	// (or did not stop).
	Started time.Time `json:"started,omitzero"`
	Stopped time.Time `json:"stopped,omitzero"`
	// Before is Verify's report before the failover, During its report
	// while the failover held, After once it stopped; nil when Drill did
	// not get that far.
	Before *Report `json:"before,omitempty"`
	During *Report `json:"during,omitempty"`
	After  *Report `json:"after,omitempty"`
	// Carried is true when, while the failover held, the other location
	// carried the routes both ways (its checks and interconnect.resiliency
	// say so) and the gateway still had the VCNs' routes
	// (azure.gateway.learned-routes). It is what the stop records in Azure
	// as the simulation's success.
	Carried bool `json:"carried"`
	// TestID is Azure's ID of the failover test; Test what Azure recorded
	// of it once stopped (nil when it could not be read).
	TestID string                     `json:"testId,omitempty"`
	Test   *azure.FailoverTestDetails `json:"test,omitempty"`
	// StopErr is why the stop failed, if it did: the test may still hold
	// the gateway off the location. Stop it from the gateway's Resiliency
	// validation page in the Azure portal, or with
	// Stop-AzVirtualNetworkGatewaySiteFailoverTest.
	StopErr error `json:"-"`
	// Interrupted is true when ctx ended (or Timeout passed) before the
	// verification while the failover held.
	Interrupted bool `json:"interrupted"`
}

// OK reports whether the drill showed resiliency: the other location
// carried the routes while the failover held, and the stop succeeded.
func (r *DrillReport) OK() bool { return r.Carried && r.StopErr == nil && !r.Interrupted }

// Drill runs a failover drill of maximum resiliency: it takes the gateway
// off the circuit at location with Azure's site failover simulation,
// verifies while the failover holds that the other location carries the
// traffic, stops the simulation recording whether it did, and verifies
// again.
//
// Before it starts anything it refuses, with a *ValidationError naming the
// fix, a spec that is not valid or not maximum resiliency, and a location
// that is not one of the spec's two; and, with an error and a report holding
// Before, an interconnect whose other location does not carry the routes now
// (the drill would cut it) or whose gateway already runs a failover test.
//
// Once it has tried to start the failover, the stop always runs, with a
// context of its own (DrillOptions.StopTimeout), whatever happened: an
// error, a timeout, or ctx ending (Ctrl-C). The error is non-nil when the
// drill could not run to its end; a drill that ran but showed no resiliency
// is a report whose OK is false.
func (c *Client) Drill(ctx context.Context, s Spec, location string, o DrillOptions) (*DrillReport, error) {
	if o.Hold <= 0 {
		o.Hold = time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Minute
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 10 * time.Minute
	}
	d, err := c.usable(s)
	if err != nil {
		return nil, err
	}
	if !d.Maximum() {
		return nil, fieldErr("resiliency", d.Resiliency, "a drill fails one of two peering locations over to the other, and this interconnect has one; set resiliency: maximum and apply, then drill")
	}
	locs := d.Locations()
	i := slices.IndexFunc(locs, func(l string) bool { return squash(l) == squash(location) })
	if i < 0 {
		return nil, fieldErr("location", location, fmt.Sprintf("is not a peering location of interconnect %s; drill %s", d.Name, quoteList(locs)))
	}
	rep := &DrillReport{Name: d.Name, Location: locs[i], Other: locs[1-i]}

	// Before: the other location must carry the routes, and no test run.
	before, ob, err := c.verify(ctx, s)
	if err != nil {
		return rep, fmt.Errorf("drill: verifying before the failover: %w", err)
	}
	rep.Before = before
	gw := ob.gateway()
	if gw == nil || gw.State != azure.Succeeded {
		return rep, fmt.Errorf("drill: the VNet's ExpressRoute gateway is missing or not Succeeded (see azure.gateway); run apply first")
	}
	rg := cmpOr(azure.ParseID(gw.ID).ResourceGroup, d.Azure.ResourceGroup)
	tests, err := call(ctx, c, "failover tests of gateway "+gw.Name, func(ctx context.Context) ([]azure.FailoverTest, error) {
		return c.az.ListFailoverTests(ctx, rg, gw.Name, azure.FailoverTestsAll, true)
	})
	if err != nil {
		return rep, fmt.Errorf("drill: reading the gateway's failover tests: %w", err)
	}
	if i := slices.IndexFunc(tests, func(t azure.FailoverTest) bool { return t.Status.Active() }); i >= 0 {
		return rep, fmt.Errorf("drill refused: gateway %s already runs a failover test of %s (%s); stop it first", gw.Name, tests[i].PeeringLocation, tests[i].Status)
	}
	if other := ob.sites[1-i]; !other.carries {
		return rep, fmt.Errorf("drill refused: %s does not carry the routes now, so failing %s over would cut the interconnect; see interconnect.resiliency and the checks of %s, and repair it first", rep.Other, rep.Location, rep.Other)
	}

	// The failover, bounded by Timeout; the stop after it whatever happens.
	run, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	c.cfg.logger.InfoContext(ctx, "drill: starting the failover simulation", "gateway", gw.Name, "location", rep.Location)
	startErr := do(run, c, "starting the failover simulation of "+rep.Location, func(ctx context.Context) error {
		return c.az.StartSiteFailoverSimulation(ctx, rg, gw.Name, rep.Location)
	})
	if startErr == nil {
		rep.Started = time.Now()
		if err := sleep(run, o.Hold); err == nil {
			during, od, err := c.verify(run, s)
			switch {
			case err != nil && run.Err() == nil:
				startErr = fmt.Errorf("verifying while the failover holds: %w", err)
			case err == nil:
				rep.During = during
				rep.Carried = od.sites[1-i].carries && checkPassed(during, "azure.gateway.learned-routes")
			}
		}
	}
	rep.Interrupted = rep.During == nil && run.Err() != nil
	stopCtx, stopCancel := context.WithTimeout(context.WithoutCancel(ctx), o.StopTimeout)
	defer stopCancel()
	stopped, err := c.stopFailover(stopCtx, rg, gw.Name, ob.sites[1-i].connectionName, rep)
	if stopped {
		rep.Stopped = time.Now()
	}
	rep.StopErr = err
	switch {
	case rep.StopErr != nil:
		return rep, fmt.Errorf("drill: stopping the failover simulation of %s: %w; it may still hold the gateway off %s: stop it from the gateway's Resiliency validation page in the Azure portal, or with Stop-AzVirtualNetworkGatewaySiteFailoverTest",
			rep.Location, rep.StopErr, rep.Location)
	case ctx.Err() != nil:
		return rep, fmt.Errorf("drill interrupted (%w); the failover simulation was stopped", ctx.Err())
	case rep.Interrupted:
		return rep, fmt.Errorf("drill: timed out after %s before the verification while the failover held (DrillOptions.Timeout); the failover simulation was stopped", o.Timeout)
	case startErr != nil:
		return rep, fmt.Errorf("drill: %w", startErr)
	}
	if after, _, err := c.verify(ctx, s); err == nil {
		rep.After = after
	}
	return rep, nil
}

// stopFailover stops the gateway's active failover test of the drill's
// location, if there is one (a start that failed leaves none), recording
// the drill's outcome on otherConn, the other location's connection, and
// reads what Azure recorded of the test. It reports whether it stopped one.
func (c *Client) stopFailover(ctx context.Context, rg, gateway, otherConn string, rep *DrillReport) (bool, error) {
	tests, err := call(ctx, c, "failover tests of gateway "+gateway, func(ctx context.Context) ([]azure.FailoverTest, error) {
		return c.az.ListFailoverTests(ctx, rg, gateway, azure.FailoverTestsAll, true)
	})
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(tests, func(t azure.FailoverTest) bool {
		return t.Status.Active() && squash(t.PeeringLocation) == squash(rep.Location)
	})
	if i < 0 {
		return false, nil
	}
	rep.TestID = tests[i].ID
	c.cfg.logger.InfoContext(ctx, "drill: stopping the failover simulation", "gateway", gateway, "location", rep.Location, "carried", rep.Carried)
	stop := azure.FailoverStop{PeeringLocation: rep.Location, WasSimulationSuccessful: rep.Carried,
		Details: []azure.FailoverConnectionCheck{{ConnectionName: otherConn, Location: rep.Other, Verified: rep.Carried}}}
	if err := do(ctx, c, "stopping the failover simulation of "+rep.Location, func(ctx context.Context) error {
		return c.az.StopSiteFailoverSimulation(ctx, rg, gateway, stop)
	}); err != nil {
		return false, err
	}
	if details, err := call(ctx, c, "failover test "+rep.TestID, func(ctx context.Context) ([]azure.FailoverTestDetails, error) {
		return c.az.GetFailoverTestDetails(ctx, rg, gateway, rep.Location, rep.TestID)
	}); err == nil && len(details) > 0 {
		rep.Test = &details[0]
	}
	return true, nil
}

// checkPassed reports whether the report's check of that name (without a
// resource) passed.
func checkPassed(r *Report, name string) bool {
	return slices.ContainsFunc(r.Checks, func(c Check) bool { return c.Name == name && c.Resource == "" && c.Status == Pass })
}
