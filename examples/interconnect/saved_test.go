package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/azoci/interconnect/plan"
)

// TestSavedPlan saves a plan, shows it offline, applies exactly it, and
// checks that the file never holds the MD5 key.
func TestSavedPlan(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	saved := filepath.Join(e.dir, "plan.json")

	r := e.must(0, "", "plan", "-out", saved)
	for _, want := range []string{"Saved the plan to " + saved, "It needs peering.md5AuthKey at apply time"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan -out lacks %q:\n%s", want, r)
		}
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), testMD5) {
		t.Fatalf("the saved plan holds the MD5 key:\n%s", data)
	}
	p, err := plan.ReadJSON(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("the saved plan does not read back: %v", err)
	}
	if len(p.Spec) == 0 || !strings.Contains(r.stdout, p.Summarize().String()) {
		t.Errorf("saved plan: spec %d bytes, summary %q not in the output", len(p.Spec), p.Summarize())
	}

	// show reads no cloud: no state file, no -sim, no spec.
	shown := call(t.Context(), "", "show", "-no-color", saved)
	if shown.code != 0 || !strings.Contains(shown.stdout, `Plan for interconnect "ora-link": 8 to create`) || strings.Contains(shown.stderr, "Simulator") {
		t.Errorf("show:\n%s", shown)
	}
	if j := call(t.Context(), "", "show", "-o", "json", saved); j.code != 0 || !strings.HasPrefix(j.stdout, "{") {
		t.Errorf("show -o json:\n%s", j)
	}

	// Without -f, the MD5 key must come from the environment.
	r = call(t.Context(), "", "apply", saved, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
	if r.code != exitError || !strings.Contains(r.stderr, "peering.md5AuthKey") || !strings.Contains(r.stderr, md5Env) {
		t.Errorf("apply FILE without the MD5 key:\n%s", r)
	}
	r = e.must(0, "", "apply", saved) // -f gives the key; no prompt
	for _, want := range []string{"Applying the saved plan " + saved, "Apply complete: 11 done", "verify -f"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply FILE lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "Enter a value") || strings.Contains(r.stdout+r.stderr, testMD5) {
		t.Errorf("apply FILE prompted or showed the key:\n%s", r)
	}
	e.must(0, "", "verify")

	// The same plan again is stale: everything it creates exists now.
	r = e.must(1, "", "apply", saved)
	for _, want := range []string{"the saved plan " + saved + " is stale", "oci/drg: the plan creates ora-link-drg, but it exists now", "-out " + saved} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stale apply lacks %q:\n%s", want, r)
		}
	}
}

// TestSavedPlanErrors covers the refusals of show and apply FILE.
func TestSavedPlanErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.json")
	if err := os.WriteFile(junk, []byte(`{"formatVersion": 1, "name": "x"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"show without a file", []string{"show"}, "give the saved plan's file, as in interconnect show plan.json"},
		{"show a missing file", []string{"show", filepath.Join(dir, "nope.json")}, "no such file"},
		{"show an old format", []string{"show", junk}, "is not a saved plan"},
		{"two files", []string{"apply", junk, "other.json"}, `unexpected argument "other.json": give one plan file`},
		{"typo of a command", []string{"aply"}, `unknown command "aply" (did you mean apply?)`},
		{"no such command", []string{"frobnicate"}, "the commands are plan, apply, verify, destroy, monitor, drill, show"},
		{"flag error", []string{"plan", "-bogus"}, "(see interconnect plan -h)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t.Context(), "", tt.args...)
			if r.code != exitError || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("want exit 1 and %q on stderr, got %s", tt.stderr, r)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n > 0 {
				t.Errorf("the error takes %d lines, want one:\n%s", n+1, r.stderr)
			}
		})
	}
}
