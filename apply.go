package interconnect

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// Step returns the result of the step with the given ID.
func (r *Result) Step(id string) (StepResult, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return StepResult{}, false
}

// Apply carries out a plan made by this client's Plan or PlanDestroy. Steps
// run as soon as their dependencies are done, so independent steps run
// concurrently and the whole takes the time of the plan's critical path.
// Before each change a step reads its resource again and does only what is
// still needed, so Apply is safe to repeat, to run after a crash and to run
// from two places at once.
//
// When a step fails, the steps that depend on it are skipped and the others
// go on; the error joins every failure. When ctx ends, Apply stops waiting and
// returns ctx's error: resources in flight keep going in the clouds, and Plan
// + Apply again resumes where this run stopped.
func (c *Client) Apply(ctx context.Context, p *plan.Plan) (*Result, error) {
	t, ok := p.Target.(*target)
	if !ok || t == nil {
		return nil, errors.New("interconnect: Apply needs a plan made by Client.Plan or Client.PlanDestroy")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	r := &runner{c: c, t: t, ids: t.known, destroy: p.Destroy}
	res := &Result{Started: time.Now(), Steps: make([]StepResult, len(p.Steps))}
	// Each step's goroutine writes only its own StepResult; a dependent reads
	// it after the dependency's done channel is closed.
	done := make(map[string]chan struct{}, len(p.Steps))
	index := make(map[string]int, len(p.Steps))
	for i, s := range p.Steps {
		done[s.ID] = make(chan struct{})
		index[s.ID] = i
		res.Steps[i].ID, res.Steps[i].Action = s.ID, s.Action
	}
	var wg sync.WaitGroup
	for i, s := range p.Steps {
		wg.Go(func() {
			defer close(done[s.ID])
			sr := &res.Steps[i]
			for _, d := range s.DependsOn {
				select {
				case <-done[d]:
				case <-ctx.Done():
					sr.Skipped, sr.Err = true, ctx.Err()
					return
				}
				if res.Steps[index[d]].Err != nil {
					sr.Skipped, sr.Err = true, fmt.Errorf("skipped: step %s did not finish", d)
					c.emit(ctx, Event{Step: s.ID, Action: s.Action, Kind: StepSkipped, Message: s.ID + " skipped: " + d + " did not finish"})
					return
				}
			}
			if err := ctx.Err(); err != nil {
				sr.Skipped, sr.Err = true, err
				return
			}
			r.run(ctx, s, sr)
		})
	}
	wg.Wait()
	res.Finished = time.Now()
	var errs []error
	for _, s := range res.Steps {
		if s.Err != nil && !s.Skipped {
			errs = append(errs, fmt.Errorf("%s: %w", s.ID, s.Err))
		}
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, fmt.Errorf("apply interrupted (%w); resources in flight keep going in the clouds: run Plan and Apply again to resume", err))
	}
	return res, errors.Join(errs...)
}

// runner executes one plan. ids holds the identifiers steps hand to each
// other (a created DRG's OCID, the circuit's service key, ...).
type runner struct {
	c       *Client
	t       *target
	destroy bool

	mu  sync.Mutex
	ids ids
}

// with runs f with the shared ids locked.
func (r *runner) with(f func(*ids)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.ids)
}

func (r *runner) get() ids {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ids
}

// stepCtx is one running step: it emits events and bounds waits.
type stepCtx struct {
	r       *runner
	step    plan.Step
	started time.Time
	polls   int // reads made by poll; only the step's goroutine touches it
}

func (sc *stepCtx) emit(ctx context.Context, kind EventKind, format string, args ...any) {
	sc.r.c.emit(ctx, Event{Step: sc.step.ID, Action: sc.step.Action, Kind: kind, Message: fmt.Sprintf(format, args...), Elapsed: time.Since(sc.started)})
}

func (r *runner) run(ctx context.Context, s plan.Step, sr *StepResult) {
	sc := &stepCtx{r: r, step: s, started: time.Now()}
	sr.Started = sc.started
	if s.Action == plan.NoOp {
		sr.Finished, sr.Outcome = sr.Started, "no change"
		return
	}
	sc.emit(ctx, StepStarted, "%s %s %s: %s", s.Action, s.Kind, s.Name, s.Reason)
	exec := r.executor(s.ID)
	var outcome string
	var err error
	if exec == nil {
		err = fmt.Errorf("interconnect: no executor for step %s", s.ID)
	} else {
		outcome, err = exec(ctx, sc)
	}
	sr.Finished, sr.Outcome, sr.Err, sr.Polls = time.Now(), outcome, err, sc.polls
	if err != nil {
		r.c.emit(ctx, Event{Step: s.ID, Action: s.Action, Kind: StepFailed, Message: fmt.Sprintf("%s failed: %v", s.ID, err), Elapsed: sr.Duration(), Err: err})
		return
	}
	sc.emit(ctx, StepDone, "%s %s", s.ID, outcome)
}

// pollState is what one read of a waited-on resource found.
type pollState struct {
	state string // shown in progress events, e.g. "PROVISIONING"
	done  bool
}

// poll reads a resource every poll interval until check reports it done. It
// reports each new state as a progress event and gives up, with an error
// saying what the resource was still doing, after the step's estimate plus the
// wait timeout. Transient read errors are retried; others end the wait.
func (sc *stepCtx) poll(ctx context.Context, what string, check func(ctx context.Context) (pollState, error)) error {
	return sc.pollFrom(ctx, what, nil, check)
}

// pollFrom is poll when the caller has just seen the resource (a create's
// answer): known stands in for the first read, which would tell nothing new.
func (sc *stepCtx) pollFrom(ctx context.Context, what string, known *pollState, check func(ctx context.Context) (pollState, error)) error {
	c := sc.r.c
	limit := sc.step.Estimate + c.cfg.waitTimeout
	deadline := time.Now().Add(limit)
	last := ""
	for first := true; ; first = false {
		var st pollState
		var err error
		if first && known != nil {
			st = *known
		} else {
			sc.polls++
			st, err = call(ctx, c, what, check)
		}
		if err != nil {
			return err
		}
		if st.done {
			if !first && st.state != last {
				sc.emit(ctx, StepProgress, "%s is %s", what, st.state)
			}
			return nil
		}
		if first {
			sc.emit(ctx, StepWaiting, "waiting for %s, now %s (usually %s)", what, st.state, sc.step.Estimate)
		} else if st.state != last {
			sc.emit(ctx, StepProgress, "%s is %s", what, st.state)
		}
		last = st.state
		if time.Now().After(deadline) {
			return fmt.Errorf("gave up after %s waiting for %s: it is still %s; run apply again to keep waiting", limit.Round(time.Second), what, last)
		}
		if err := sleep(ctx, c.cfg.pollInterval); err != nil {
			return err
		}
	}
}
