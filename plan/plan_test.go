package plan

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestActionString(t *testing.T) {
	want := map[Action]string{NoOp: "no-op", Create: "create", Update: "update", Wait: "wait", Delete: "delete"}
	for a, s := range want {
		if a.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(a), a.String(), s)
		}
		var back Action
		if err := back.UnmarshalText([]byte(s)); err != nil || back != a {
			t.Errorf("UnmarshalText(%q) = %v, %v", s, back, err)
		}
	}
	if err := new(Action).UnmarshalText([]byte("destroy")); err == nil {
		t.Error("UnmarshalText accepted an unknown action")
	}
	if _, err := Action(9).MarshalText(); err == nil {
		t.Error("MarshalText accepted an unknown action")
	}
}

func TestMutations(t *testing.T) {
	p := &Plan{Steps: []Step{{ID: "a", Action: NoOp}, {ID: "b", Action: Create}, {ID: "c", Action: Wait}, {ID: "d", Action: Update}, {ID: "e", Action: Delete}}}
	if got := p.Mutations(); got != 3 {
		t.Fatalf("Mutations = %d, want 3", got)
	}
}

func TestOrder(t *testing.T) {
	tests := []struct {
		name    string
		steps   []Step
		want    []string
		wantErr string
	}{
		{"empty", nil, nil, ""},
		{"keeps plan order among ready steps", []Step{{ID: "c"}, {ID: "b", DependsOn: []string{"a"}}, {ID: "a"}}, []string{"c", "a", "b"}, ""},
		{"diamond", []Step{{ID: "top"}, {ID: "l", DependsOn: []string{"top"}}, {ID: "r", DependsOn: []string{"top"}}, {ID: "bottom", DependsOn: []string{"l", "r"}}}, []string{"top", "l", "r", "bottom"}, ""},
		{"cycle", []Step{{ID: "a", DependsOn: []string{"b"}}, {ID: "b", DependsOn: []string{"a"}}, {ID: "c"}}, nil, "cycle among steps [a b]"},
		{"unknown dependency", []Step{{ID: "a", DependsOn: []string{"zzz"}}}, nil, `"a" depends on unknown step "zzz"`},
		{"duplicate", []Step{{ID: "a"}, {ID: "a"}}, nil, `step ID "a" is used twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Steps: tt.steps}
			got, err := p.Order()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Order error = %v, want %q", err, tt.wantErr)
				}
				if p.Validate() == nil {
					t.Fatal("Validate accepted an invalid plan")
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Order = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestCriticalPath(t *testing.T) {
	min := time.Minute
	p := &Plan{Steps: []Step{
		{ID: "subnet", Action: Create, Estimate: 1 * min},
		{ID: "pip", Action: Create, Estimate: 2 * min},
		{ID: "gateway", Action: Create, Estimate: 40 * min, DependsOn: []string{"subnet", "pip"}},
		{ID: "circuit", Action: Create, Estimate: 1 * min},
		{ID: "vc", Action: Create, Estimate: 3 * min, DependsOn: []string{"circuit"}},
		{ID: "connection", Action: Create, Estimate: 3 * min, DependsOn: []string{"gateway", "vc"}},
	}}
	path, total := p.CriticalPath(EstimatedDuration)
	if want := []string{"pip", "gateway", "connection"}; !slices.Equal(path, want) || total != 45*min {
		t.Fatalf("CriticalPath = %v %v, want %v 45m", path, total, want)
	}
	// Re-weighting moves the critical path to the circuit chain.
	path, total = p.CriticalPath(func(s Step) time.Duration {
		if s.ID == "vc" {
			return 60 * min
		}
		return s.Estimate
	})
	if want := []string{"circuit", "vc", "connection"}; !slices.Equal(path, want) || total != 64*min {
		t.Fatalf("CriticalPath = %v %v, want %v 64m", path, total, want)
	}
	if path, total := (&Plan{}).CriticalPath(EstimatedDuration); path != nil || total != 0 {
		t.Fatalf("empty plan CriticalPath = %v %v", path, total)
	}
	// A plan with no changes has no critical path, whatever its estimates.
	for i := range p.Steps {
		p.Steps[i].Action = NoOp
	}
	if path, total := p.CriticalPath(EstimatedDuration); path != nil || total != 0 {
		t.Fatalf("no-change plan CriticalPath = %v %v", path, total)
	}
}

func TestRequires(t *testing.T) {
	p := &Plan{Steps: []Step{{ID: "a"}, {ID: "b", DependsOn: []string{"a"}}, {ID: "c", DependsOn: []string{"b"}}, {ID: "d"}}}
	for _, tt := range []struct {
		id, dep string
		want    bool
	}{{"b", "a", true}, {"c", "a", true}, {"c", "b", true}, {"a", "c", false}, {"d", "a", false}, {"a", "a", false}, {"zzz", "a", false}} {
		if got := p.Requires(tt.id, tt.dep); got != tt.want {
			t.Errorf("Requires(%s, %s) = %v, want %v", tt.id, tt.dep, got, tt.want)
		}
	}
}
