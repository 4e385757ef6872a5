package interconnect

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// TestResultCountsAddUp is a property test: over random results, every step
// counts once, and the first number of Summary (the total) is the sum of the
// others.
func TestResultCountsAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	errs := []error{nil, nil, errors.New("boom"), context.Canceled, fmt.Errorf("wrapped: %w", context.DeadlineExceeded)}
	for range 500 {
		res := &Result{}
		for i := range r.IntN(20) {
			res.Steps = append(res.Steps, StepResult{ID: strconv.Itoa(i), Action: plan.Action(r.IntN(5)), Err: errs[r.IntN(len(errs))], Skipped: r.IntN(5) == 0})
		}
		n := res.Counts()
		if n.Total() != len(res.Steps) {
			t.Fatalf("Counts %+v total %d, want %d", n, n.Total(), len(res.Steps))
		}
		var nums []int
		for _, m := range regexp.MustCompile(`\d+`).FindAllString(res.Summary(), -1) {
			v, _ := strconv.Atoi(m)
			nums = append(nums, v)
		}
		sum := 0
		for _, v := range nums[1:] {
			sum += v
		}
		if nums[0] != len(res.Steps) || sum != nums[0] {
			t.Fatalf("Summary %q does not add up to %d steps", res.Summary(), len(res.Steps))
		}
	}
}

func TestResultSummary(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []StepResult
		want  string
	}{
		{"empty", nil, "0 steps, 0 done, 0 failed, 0 not run, 0 unchanged"},
		{"one done", []StepResult{{Action: plan.Create}}, "1 step, 1 done, 0 failed, 0 not run, 0 unchanged"},
		{"each outcome", []StepResult{
			{Action: plan.Create}, {Action: plan.Wait}, {Action: plan.NoOp},
			{Action: plan.Update, Err: errors.New("boom")},
			{Action: plan.Delete, Err: context.Canceled},
			{Action: plan.Create, Skipped: true, Err: errors.New("skipped: step x did not finish")},
			{Action: plan.NoOp, Skipped: true, Err: context.Canceled},
		}, "7 steps, 2 done, 1 failed, 1 interrupted, 2 not run, 1 unchanged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (&Result{Steps: tc.steps}).Summary(); got != tc.want {
				t.Errorf("Summary = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestResultSummaryOnSimulator: a greenfield apply, then one with a step that
// fails for good, summarised as the CLI's last line shows them.
func TestResultSummaryOnSimulator(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, _, p := planned(t)
		res, err := c.Apply(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Summary(), "11 steps, 11 done, 0 failed, 0 not run, 0 unchanged"; got != want || !res.Counts().Complete() {
			t.Errorf("greenfield: Summary = %q, want %q", got, want)
		}

		// The provider rejects the order: the virtual circuit's step fails
		// and those after it do not run.
		w = seedWorld()
		c = newSimClient(w)
		w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "CreateVirtualCircuit", Count: 1, Kind: sim.ProviderRejects})
		p, err = c.Plan(context.Background(), simSpec(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		res, err = c.Apply(context.Background(), p)
		if err == nil {
			t.Fatal("the apply with a rejected virtual circuit succeeded")
		}
		n := res.Counts()
		if n.Failed != 1 || n.NotRun == 0 || n.Complete() || n.Total() != len(p.Steps) || n.Done+n.Failed+n.NotRun != 11 {
			t.Errorf("after a failure: Counts %+v (Summary %q)", n, res.Summary())
		}
		t.Logf("after a failure: %s", res.Summary())
	})
}
