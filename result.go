package interconnect

import (
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
