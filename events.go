package interconnect

import (
	"time"

	"github.com/azoci/interconnect/plan"
)

// EventKind says what happened to a step.
type EventKind int

// The kinds of progress events, in the order a step emits them.
const (
	StepStarted  EventKind = iota // the step began (its dependencies are done)
	StepWaiting                   // the step is waiting on a resource; Message says on what
	StepProgress                  // a state change seen while waiting, or a retry
	StepDone                      // the step finished successfully
	StepFailed                    // the step failed; Err says why
	StepSkipped                   // the step did not run because a dependency failed
)

var eventKindNames = [...]string{"started", "waiting", "progress", "done", "failed", "skipped"}

// String returns the kind's lower-case name.
func (k EventKind) String() string {
	if k < 0 || int(k) >= len(eventKindNames) {
		return "unknown"
	}
	return eventKindNames[k]
}

// Event is one progress report of Apply. Messages never hold secrets.
type Event struct {
	Time    time.Time
	Step    string // the step ID
	Action  plan.Action
	Kind    EventKind
	Message string
	// Elapsed is the time since the step started.
	Elapsed time.Duration
	Err     error // set for StepFailed
}
