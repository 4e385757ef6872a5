package plan

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// randomPlan makes a plan of n steps with random actions.
func randomPlan(r *rand.Rand, n int) *Plan {
	p := &Plan{Name: "random"}
	for i := range n {
		p.Steps = append(p.Steps, Step{ID: "s" + strconv.Itoa(i), Action: Action(r.IntN(5))})
	}
	return p
}

// numbers reads every integer of s, in order.
func numbers(t *testing.T, s string) []int {
	t.Helper()
	var out []int
	for _, m := range regexp.MustCompile(`\d+`).FindAllString(s, -1) {
		n, err := strconv.Atoi(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// TestSummaryAddsUp is a property test of the one counting rule: over random
// plans, Total is the number of steps, and the first number of String (the
// total), of the text plan's first line and of the JSON summary's fields are
// the sum of the parts.
func TestSummaryAddsUp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		p := randomPlan(r, r.IntN(20))
		s := p.Summarize()
		if s.Total() != len(p.Steps) {
			t.Fatalf("Total = %d for %d steps (%+v)", s.Total(), len(p.Steps), s)
		}
		n := numbers(t, s.String())
		if len(n) != 6 || n[0] != n[1]+n[2]+n[3]+n[4]+n[5] || n[0] != len(p.Steps) {
			t.Fatalf("String %q does not add up to %d steps", s, len(p.Steps))
		}
		var b bytes.Buffer
		if err := p.WriteText(&b, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(b.String(), "\n")
		if !strings.HasSuffix(first, ": "+s.String()+".") {
			t.Fatalf("text plan's first line %q does not give %q", first, s)
		}
		data, err := p.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var js struct{ Summary map[string]int }
		if err := json.Unmarshal(data, &js); err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, v := range js.Summary {
			sum += v
		}
		if sum != len(p.Steps) {
			t.Fatalf("JSON summary %v adds up to %d, want %d", js.Summary, sum, len(p.Steps))
		}
	}
}

func TestSummaryString(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{}, "0 steps, 0 to create, 0 to update, 0 to delete, 0 to wait for, 0 unchanged"},
		{Summary{Wait: 1}, "1 step, 0 to create, 0 to update, 0 to delete, 1 to wait for, 0 unchanged"},
		{Summary{Create: 7, Update: 1, Wait: 2, NoOp: 1}, "11 steps, 7 to create, 1 to update, 0 to delete, 2 to wait for, 1 unchanged"},
		// An action outside the five counts as unchanged: every step counts once.
		{(&Plan{Steps: []Step{{ID: "a", Action: Action(9)}, {ID: "b", Action: Delete}}}).Summarize(), "2 steps, 0 to create, 0 to update, 1 to delete, 0 to wait for, 1 unchanged"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.s, got, tc.want)
		}
	}
}
