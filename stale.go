package interconnect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/azoci/interconnect/plan"
)

// StalePlanError is what Apply returns for a saved plan whose starting point
// no longer holds: the clouds changed since it was made, so it would not do
// what was reviewed. Make a new plan.
type StalePlanError struct {
	// Name is the interconnect's.
	Name string
	// Changes say what changed, one line per step, such as
	// "oci/drg: the plan creates ora-link-drg, but it exists now".
	Changes []string
}

// Error lists what changed and says to plan again.
func (e *StalePlanError) Error() string {
	return fmt.Sprintf("the saved plan for %q is stale: the clouds changed since it was made:\n  %s\nmake a new plan and review it", e.Name, strings.Join(e.Changes, "\n  "))
}

// checkFresh reads the clouds again for a saved plan, with the spec it
// carries, and returns a *StalePlanError when a fresh plan would differ in
// any step: its action, its resource or its changes. When the saved plan
// still holds, it takes from the fresh one what a saved plan cannot hold (the
// circuits' service keys).
func (c *Client) checkFresh(ctx context.Context, p *plan.Plan) error {
	if len(p.Spec) == 0 {
		return errors.New("interconnect: the saved plan carries no spec, so the clouds cannot be checked against it; make the plan again")
	}
	s, err := ParseSpec(p.Spec)
	if err != nil {
		return fmt.Errorf("interconnect: the saved plan's spec does not read back: %w", err)
	}
	if key, ok := p.Secret(secretMD5); ok {
		s.Peering.MD5AuthKey = key
	}
	var fresh *plan.Plan
	if p.Destroy {
		fresh, err = c.PlanDestroy(ctx, s)
	} else {
		fresh, err = c.Plan(ctx, s)
	}
	var v *ValidationError
	if errors.As(err, &v) {
		// What the clouds hold now makes the spec unplannable.
		changes := make([]string, len(v.Problems))
		for i, pr := range v.Problems {
			changes[i] = pr.Error()
		}
		return &StalePlanError{Name: p.Name, Changes: changes}
	}
	if err != nil {
		return fmt.Errorf("interconnect: reading the clouds again to check the saved plan: %w", err)
	}
	if diffs := planDiffs(p, fresh); len(diffs) > 0 {
		return &StalePlanError{Name: p.Name, Changes: diffs}
	}
	for _, st := range fresh.Steps {
		if ref := st.ID + "#serviceKey"; st.Kind == kindCircuit {
			if key, ok := fresh.Secret(ref); ok {
				p.SetSecret(ref, key)
			}
		}
	}
	return nil
}

// planDiffs says how a fresh plan differs from a saved one, step by step.
func planDiffs(saved, fresh *plan.Plan) []string {
	var out []string
	for _, s := range saved.Steps {
		f, ok := fresh.Step(s.ID)
		switch {
		case !ok && s.Action == plan.NoOp:
			// Nothing to do before, no step now: Apply does the same.
		case !ok && s.Action == plan.Delete:
			out = append(out, fmt.Sprintf("%s: the plan deletes %s, but it is gone already", s.ID, s.Name))
		case !ok:
			out = append(out, fmt.Sprintf("%s: the plan would %s %s, but a fresh plan does not need to", s.ID, s.Action, s.Name))
		case f.Action != s.Action:
			out = append(out, actionDiff(s, f))
		case s.Resource != f.Resource:
			out = append(out, fmt.Sprintf("%s: the plan acts on %s, but now it is %s", s.ID, orUnknown(s.Resource), orUnknown(f.Resource)))
		default:
			out = append(out, changeDiffs(s, f)...)
		}
	}
	for _, f := range fresh.Steps {
		if _, ok := saved.Step(f.ID); !ok && f.Action != plan.NoOp {
			out = append(out, fmt.Sprintf("%s: a fresh plan would also %s %s", f.ID, f.Action, f.Name))
		}
	}
	return out
}

func actionDiff(s, f plan.Step) string {
	switch {
	case s.Action == plan.Create && (f.Action == plan.NoOp || f.Action == plan.Wait):
		return fmt.Sprintf("%s: the plan creates %s, but it exists now", s.ID, s.Name)
	case s.Action == plan.Update && f.Action == plan.NoOp:
		return fmt.Sprintf("%s: the plan updates %s, but it is as wanted already", s.ID, s.Name)
	case (s.Action == plan.Wait || s.Action == plan.NoOp) && f.Action == plan.Create:
		return fmt.Sprintf("%s: the plan counts on %s, but it is gone", s.ID, s.Name)
	case s.Action == plan.NoOp:
		return fmt.Sprintf("%s: %s changed since the plan was made: a fresh plan would %s it", s.ID, s.Name, f.Action)
	}
	return fmt.Sprintf("%s: the plan would %s %s, but a fresh plan would %s it", s.ID, s.Action, s.Name, f.Action)
}

// changeDiffs says which fields a fresh step would set otherwise.
func changeDiffs(s, f plan.Step) []string {
	var out []string
	var fields []string
	for _, c := range slices.Concat(s.Changes, f.Changes) {
		if !slices.Contains(fields, c.Field) {
			fields = append(fields, c.Field)
		}
	}
	for _, field := range fields {
		a, inSaved := s.Change(field)
		b, inFresh := f.Change(field)
		switch {
		case !inFresh:
			out = append(out, fmt.Sprintf("%s: %s no longer changes", s.ID, field))
		case !inSaved:
			out = append(out, fmt.Sprintf("%s: %s would now change too (%s → %s)", s.ID, field, orUnknown(b.Old), b.New))
		case a.Old != b.Old:
			out = append(out, fmt.Sprintf("%s: %s changed since the plan was made: it was %s, it is %s", s.ID, field, orUnknown(a.Old), orUnknown(b.Old)))
		case a != b:
			out = append(out, fmt.Sprintf("%s: %s would now be set to %s, not %s", s.ID, field, b.New, a.New))
		}
	}
	return out
}
