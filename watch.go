package interconnect

// This file: Watch, which verifies an interconnect and reads both clouds'
// metrics of it at an interval, reporting every round and every change of a
// check's status.

import (
	"context"
	"errors"
	"time"
)

// WatchOptions tune Watch.
type WatchOptions struct {
	// Interval is the time from the start of one round to the start of the
	// next (default 1m). Each round makes Verify's reads plus seven metric
	// queries, so keep it at 30s or more on the real clouds.
	Interval time.Duration
	// MaxBackoff bounds the wait after failed rounds (default 10 × Interval).
	MaxBackoff time.Duration
}

// Observation is what one round of Watch found.
type Observation struct {
	// Round counts the rounds from 1.
	Round int
	// Time is when the round started.
	Time time.Time
	// Report is Verify's report; nil when Verify could not read the clouds
	// (Err says why).
	Report *Report
	// Changes are the checks whose status differs from the one they had in
	// the last report Watch got (every check, in the first one), in report
	// order.
	Changes []StatusChange
	// Readings are the metrics' latest values (see WithMetrics).
	Readings Readings
	// Err is what failed in the round: Verify's reads or a metric read.
	// Watch goes on regardless, backing off.
	Err error
	// Next is how long after Time the next round starts: the interval, or
	// more after failed rounds (doubling, up to MaxBackoff, and never less
	// than a cloud's Retry-After).
	Next time.Duration
}

// StatusChange is a check whose status changed between two reports.
type StatusChange struct {
	// Check is the check as it is now.
	Check Check
	// Was is its status in the previous report; meaningless when New.
	Was Status
	// New is true for a check the previous report did not have (all of
	// them in the first report).
	New bool
}

// Watch verifies the interconnect s and reads its metrics every interval
// until ctx ends, calling fn with each round's Observation. fn is called
// from Watch's goroutine, one round at a time; the next round waits for it.
// A failed round (a cloud unreachable, throttling, a resource gone) is
// reported and Watch goes on, backing off: Watch never stops on a cloud's
// error. It returns ctx's error when ctx ends, or at once, before any read,
// the *ValidationError of an invalid spec or of an Azure client for another
// subscription.
func (c *Client) Watch(ctx context.Context, s Spec, o WatchOptions, fn func(Observation)) error {
	// What no later round could fix ends Watch at once.
	if _, err := c.usable(s); err != nil {
		return err
	}
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.MaxBackoff < o.Interval {
		o.MaxBackoff = 10 * o.Interval
	}
	var last map[string]Status
	failures := 0
	for round := 1; ; round++ {
		start := time.Now()
		obs := c.watchRound(ctx, s, start)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		obs.Round = round
		if obs.Report != nil {
			obs.Changes, last = statusChanges(last, obs.Report)
		}
		obs.Next = o.Interval
		if obs.Err != nil {
			failures++
			obs.Next = min(o.Interval<<min(failures, 10), o.MaxBackoff)
			var t transient
			if errors.As(obs.Err, &t) {
				obs.Next = max(obs.Next, t.RetryDelay())
			}
		} else {
			failures = 0
		}
		fn(obs)
		if err := sleep(ctx, time.Until(start.Add(obs.Next))); err != nil {
			return err
		}
	}
}

// watchRound verifies, then reads the metrics of what Verify found.
func (c *Client) watchRound(ctx context.Context, s Spec, now time.Time) Observation {
	obs := Observation{Time: now}
	rep, o, verr := c.verify(ctx, s)
	obs.Report = rep
	readings, merr := c.readMetrics(ctx, s.WithDefaults(c.cfg.catalog), o, now)
	obs.Readings = readings
	obs.Err = errors.Join(verr, merr)
	return obs
}

// statusChanges compares a report with the statuses of the previous one
// and returns the changes and the statuses to compare the next report with.
func statusChanges(last map[string]Status, rep *Report) ([]StatusChange, map[string]Status) {
	var changes []StatusChange
	now := make(map[string]Status, len(rep.Checks))
	for _, ch := range rep.Checks {
		now[ch.Key()] = ch.Status
		was, seen := last[ch.Key()]
		if !seen || was != ch.Status {
			changes = append(changes, StatusChange{Check: ch, Was: was, New: !seen})
		}
	}
	return changes, now
}
