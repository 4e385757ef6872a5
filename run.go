package interconnect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/secret"
)

// This file: the last phase. Apply runs a plan's steps, each as soon as what
// it depends on is done, through the executors of exec_azure.go and
// exec_oci.go, which read everything they send from their step.

// Apply carries out a plan made by Plan or PlanDestroy, or read back from its
// JSON. Steps run as soon as their dependencies are done, so independent
// steps run concurrently and the whole takes the time of the plan's critical
// path. Each step sends what the plan says and nothing else; before each
// change it reads its resource again and does only what is still needed, so
// Apply is safe to repeat, to run after a crash and to run from two places at
// once.
//
// A plan read from JSON (plan.Plan.Decoded) must be given the secrets it needs
// (plan.Plan.MissingSecrets) with plan.Plan.SetSecret first. Apply then reads
// the clouds again and refuses, with a *StalePlanError saying what changed,
// a plan whose starting point no longer holds.
//
// When a step fails, the steps that depend on it are skipped and the others
// go on; the error joins every failure. When ctx ends, Apply stops waiting and
// returns ctx's error: resources in flight keep going in the clouds, and Plan
// + Apply again resumes where this run stopped.
func (c *Client) Apply(ctx context.Context, p *plan.Plan) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if missing := p.MissingSecrets(); len(missing) > 0 {
		return nil, fmt.Errorf("interconnect: the plan needs %s, which a saved plan does not hold: give it with plan.Plan.SetSecret (the command-line tool takes it from the spec, -f, or the environment)", strings.Join(missing, ", "))
	}
	if p.Decoded() {
		if err := c.checkFresh(ctx, p); err != nil {
			return nil, err
		}
	}
	r := &runner{c: c, p: p, out: map[string]output{}}
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

// runner executes one plan.
type runner struct {
	c *Client
	p *plan.Plan

	mu  sync.Mutex
	out map[string]output // what each step produced, by step ID
}

// output is what a step produced for the steps after it.
type output struct {
	id         string       // the resource's ID or OCID
	serviceKey secret.Value // the ExpressRoute circuit's service key
}

func (r *runner) produced(stepID string, o output) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out[stepID] = o
}

func (r *runner) output(stepID string) (output, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.out[stepID]
	return o, ok
}

// executor is what carries out a step: it returns the step's outcome for
// people, and what it produced.
type executor func(ctx context.Context, sc *stepCtx) (string, error)

// executor chooses by the step's kind (and, for a teardown or a delete, the
// deleting executors).
func (r *runner) executor(s plan.Step) executor {
	if deprovisionedStep(s.ID) {
		return r.waitCircuitDeprovisioned
	}
	// A plan that builds may remove a second location: its deletes are a
	// teardown's.
	if r.p.Destroy || s.Action == plan.Delete {
		return map[string]executor{
			kindConnection: deleteWith(r.connectionOps), kindVirtualCircuit: r.deleteVirtualCircuit, kindPeering: deleteWith(r.peeringOps),
			kindCircuit: deleteWith(r.circuitOps), kindRouteRules: r.editRouteRules, kindAttachment: r.deleteAttachment,
			kindDRG: r.deleteDRG, kindGateway: deleteWith(r.gatewayOps), kindPublicIP: deleteWith(r.publicIPOps), kindSubnet: deleteWith(r.subnetOps),
			kindVNetPeering: deleteWith(r.vnetPeeringOps), kindDRGRouteTable: r.editDRGRouteTables,
		}[s.Kind]
	}
	return map[string]executor{
		kindSubnet: ensureWith(r, r.subnetOps), kindPublicIP: ensureWith(r, r.publicIPOps), kindGateway: ensureWith(r, r.gatewayOps),
		kindCircuit: r.ensureCircuit, kindPeering: r.ensurePeering, kindConnection: ensureWith(r, r.connectionOps),
		kindDRG: r.ensureDRG, kindAttachment: r.ensureAttachment, kindRouteRules: r.editRouteRules,
		kindVirtualCircuit: r.ensureVirtualCircuit, kindBGP: r.waitBGP, kindVNetPeering: r.ensureVNetPeering,
		kindDRGRouteTable: r.editDRGRouteTables,
	}[s.Kind]
}

// stepCtx is one running step: it emits events, bounds waits and reads the
// step's values.
type stepCtx struct {
	r       *runner
	step    plan.Step
	started time.Time
	polls   int   // reads made by poll; only the step's goroutine touches it
	err     error // the first value that could not be read
}

func (sc *stepCtx) emit(ctx context.Context, kind EventKind, format string, args ...any) {
	sc.r.c.emit(ctx, Event{Step: sc.step.ID, Action: sc.step.Action, Kind: kind, Message: fmt.Sprintf(format, args...), Elapsed: time.Since(sc.started)})
}

func (r *runner) run(ctx context.Context, s plan.Step, sr *StepResult) {
	sc := &stepCtx{r: r, step: s, started: time.Now()}
	sr.Started = sc.started
	if s.Action == plan.NoOp {
		sr.Finished, sr.Outcome = sr.Started, "no change"
		r.produced(s.ID, output{id: s.Resource})
		return
	}
	sc.emit(ctx, StepStarted, "%s: %s %s %s: %s", s.ID, s.Action, s.Kind, s.Name, s.Reason)
	exec := r.executor(s)
	var outcome string
	var err error
	if exec == nil {
		err = fmt.Errorf("interconnect: no executor for step %s (kind %s)", s.ID, s.Kind)
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

// value returns the value of one of the step's fields: its New, or what the
// step it refers to produced. A field that is missing or cannot be resolved
// is recorded in sc.err (the plan is incomplete) and gives "".
func (sc *stepCtx) value(field string) string {
	c, ok := sc.step.Change(field)
	switch {
	case !ok:
		sc.fail("has no field %s", field)
		return ""
	case c.Secret != "":
		sc.fail("holds %s as a secret, not a value", field)
		return ""
	case c.Ref == "":
		return c.New
	}
	stepID, what, _ := strings.Cut(c.Ref, "#")
	if what != "" {
		sc.fail("refers to %s for %s, which is not a value", c.Ref, field)
		return ""
	}
	if o, ok := sc.r.output(stepID); ok && o.id != "" {
		return o.id
	}
	if s, ok := sc.r.p.Step(stepID); ok && s.Resource != "" {
		return s.Resource
	}
	if c.New != plan.KnownAfterApply {
		return c.New
	}
	sc.fail("needs %s from step %s, which has not produced it", field, stepID)
	return ""
}

// secret returns a secret field: from the plan (a spec secret such as the MD5
// key) or from the step that produces it (the circuit's service key, read
// from the circuit when no step of this run produced it). An absent field
// gives the zero Value.
func (sc *stepCtx) secret(ctx context.Context, field string) secret.Value {
	c, ok := sc.step.Change(field)
	if !ok {
		return ""
	}
	if c.Secret != "" {
		v, ok := sc.r.p.Secret(c.Secret)
		if !ok {
			sc.fail("needs the secret %s, which the plan does not hold", c.Secret)
		}
		return v
	}
	return sc.r.serviceKey(ctx, sc, c.Ref)
}

// serviceKey resolves a reference to the circuit's service key.
func (r *runner) serviceKey(ctx context.Context, sc *stepCtx, ref string) secret.Value {
	stepID, what, _ := strings.Cut(ref, "#")
	if what != "serviceKey" {
		sc.fail("refers to %s, which is not a secret", ref)
		return ""
	}
	if o, ok := r.output(stepID); ok && !o.serviceKey.IsZero() {
		return o.serviceKey
	}
	if v, ok := r.p.Secret(ref); ok && !v.IsZero() {
		return v
	}
	// The circuit existed before this run: read its key.
	s, _ := r.p.Step(stepID)
	id := azure.ParseID(s.Resource)
	ckt, err := call(ctx, r.c, "ExpressRoute circuit "+s.Resource, func(ctx context.Context) (azure.Circuit, error) {
		return r.c.az.GetCircuit(ctx, id.ResourceGroup, id.Name("expressRouteCircuits"))
	})
	if err != nil || ckt.ServiceKey.IsZero() {
		sc.fail("needs the service key of ExpressRoute circuit %s, which could not be read (%v); run apply again once it exists", s.Resource, err)
		return ""
	}
	r.produced(stepID, output{id: ckt.ID, serviceKey: ckt.ServiceKey})
	return ckt.ServiceKey
}

func (sc *stepCtx) fail(format string, args ...any) {
	if sc.err == nil {
		sc.err = fmt.Errorf("plan step %s %s; make the plan again", sc.step.ID, fmt.Sprintf(format, args...))
	}
}

func (sc *stepCtx) prefix(field string) netip.Prefix {
	v := sc.value(field)
	p, err := netip.ParsePrefix(v)
	if err != nil && sc.err == nil {
		sc.fail("has %s = %q, not a prefix", field, v)
	}
	return p
}

// integer reads a whole-number field; a missing or empty one is 0.
func (sc *stepCtx) integer(field string) int {
	v := sc.optional(field)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		sc.fail("has %s = %q, not a number", field, v)
	}
	return n
}

func (sc *stepCtx) boolean(field string) bool {
	v := sc.value(field)
	b, err := strconv.ParseBool(v)
	if err != nil {
		sc.fail("has %s = %q, not true or false", field, v)
	}
	return b
}

// optional returns a field's value, or "" when the step has no such field.
func (sc *stepCtx) optional(field string) string {
	if _, ok := sc.step.Change(field); !ok {
		return ""
	}
	return sc.value(field)
}

// pollState is what one read of a waited-on resource found.
type pollState struct {
	state string // shown in progress events, e.g. "PROVISIONING"
	done  bool
}

// poll reads a resource every poll interval until check reports it done. It
// logs each read at debug level with the state it saw ("poll"), reports
// each new state as a progress event and gives up, with an error
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
			if err == nil {
				c.cfg.logger.DebugContext(ctx, "poll", "step", sc.step.ID, "what", what, "poll", sc.polls, "state", st.state, "done", st.done)
			}
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
