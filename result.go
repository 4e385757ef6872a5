package interconnect

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/azoci/interconnect/plan"
)

// Result is the outcome of Apply: one StepResult per step of the plan, in the
// plan's order.
type Result struct {
	Steps    []StepResult
	Started  time.Time
	Finished time.Time
}

// StepResult is the outcome of one step.
type StepResult struct {
	ID       string
	Action   plan.Action
	Started  time.Time // zero when the step did not run
	Finished time.Time
	// Err is why the step failed; nil on success. A step skipped because a
	// dependency failed has Skipped set and Err naming the dependency.
	Err     error
	Skipped bool
	// Outcome says what the step found and did, e.g. "created",
	// "already up to date", "waited for the provider".
	Outcome string
	// Polls counts the reads the step made while waiting on a resource.
	Polls int
}

// Duration is how long the step ran.
func (s StepResult) Duration() time.Duration { return s.Finished.Sub(s.Started) }

// Duration is how long Apply ran.
func (r *Result) Duration() time.Duration { return r.Finished.Sub(r.Started) }

// Step returns the result of the step with the given ID.
func (r *Result) Step(id string) (StepResult, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return StepResult{}, false
}

// CriticalPath returns the longest chain of dependent steps of p, each
// weighted by how long it ran in r, and its length: the least time Apply
// could have taken. r must be the Result of applying p.
func (r *Result) CriticalPath(p *plan.Plan) ([]string, time.Duration) {
	return p.CriticalPath(func(s plan.Step) time.Duration {
		sr, _ := r.Step(s.ID)
		return sr.Duration()
	})
}

// Ratio is how long Apply ran over the critical path of its steps' own
// durations (see CriticalPath): 1 when every step started as soon as what
// it needs was done. 0 when nothing ran.
func (r *Result) Ratio(p *plan.Plan) float64 {
	_, critical := r.CriticalPath(p)
	if critical <= 0 {
		return 0
	}
	return float64(r.Duration()) / float64(critical)
}

// StepCounts counts the steps of a Result by how they ended. Every step
// counts in exactly one field, so the fields add up to Total, the number of
// steps of the plan: the counting rule of plan.Summary, applied to outcomes.
type StepCounts struct {
	Done        int // ran and succeeded
	Failed      int // ran and failed
	Interrupted int // stopped because Apply's context ended
	NotRun      int // skipped: a dependency failed, or the context ended first
	Unchanged   int // no-op steps: nothing to do
}

// Total is the number of steps counted: the sum of the fields.
func (n StepCounts) Total() int { return n.Done + n.Failed + n.Interrupted + n.NotRun + n.Unchanged }

// Complete reports whether every step that had something to do did it.
func (n StepCounts) Complete() bool { return n.Failed+n.Interrupted+n.NotRun == 0 }

// String gives the total, then the parts, which add up to it: "11 steps, 10
// done, 0 failed, 0 not run, 1 unchanged". Interrupted steps are named only
// when there are some ("…, 0 failed, 2 interrupted, 3 not run, …").
func (n StepCounts) String() string {
	total := strconv.Itoa(n.Total()) + " steps"
	if n.Total() == 1 {
		total = "1 step"
	}
	s := fmt.Sprintf("%s, %d done, %d failed", total, n.Done, n.Failed)
	if n.Interrupted > 0 {
		s += fmt.Sprintf(", %d interrupted", n.Interrupted)
	}
	return s + fmt.Sprintf(", %d not run, %d unchanged", n.NotRun, n.Unchanged)
}

// Counts counts r's steps by outcome (see StepCounts). A step that did not
// run is NotRun whatever its action; one whose error is the context's
// (context.Canceled or context.DeadlineExceeded) is Interrupted.
func (r *Result) Counts() StepCounts {
	var n StepCounts
	for _, s := range r.Steps {
		switch {
		case s.Skipped:
			n.NotRun++
		case errors.Is(s.Err, context.Canceled) || errors.Is(s.Err, context.DeadlineExceeded):
			n.Interrupted++
		case s.Err != nil:
			n.Failed++
		case s.Action == plan.NoOp:
			n.Unchanged++
		default:
			n.Done++
		}
	}
	return n
}

// Summary counts the steps by outcome, as the command-line tool's last line
// of an apply does: "11 steps, 11 done, 0 failed, 0 not run, 0 unchanged"
// (Counts().String(); compare Report.Summary and plan.Summary).
func (r *Result) Summary() string { return r.Counts().String() }
