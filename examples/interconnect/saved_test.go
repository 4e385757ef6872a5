package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect"
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
	if shown.code != 0 || !strings.Contains(shown.stdout, `Plan for interconnect "ora-link": 11 steps, 8 to create`) || strings.Contains(shown.stderr, "Simulator") {
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
	for _, want := range []string{"Applying the saved plan " + saved, "Apply complete: 11 steps, 11 done", "verify -f"} {
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

// TestSavedPlanSpec: with a saved plan, -f is read only for secrets. A spec
// that differs from the plan's own in anything but its secrets is refused,
// naming the keys, before any cloud is read; one that differs only in how
// names are spelled is the same spec.
func TestSavedPlanSpec(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	saved := filepath.Join(e.dir, "plan.json")
	e.must(0, "", "plan", "-out", saved)
	write := func(name, spec string) string {
		path := filepath.Join(e.dir, name)
		if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}

	other := write("other.yaml", strings.Replace(specYAML("tags:\n  env: prod\n"), "bandwidth: 1Gbps", "bandwidth: 5Gbps", 1))
	r := call(t.Context(), "", "apply", saved, "-f", other, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
	want := "Error: the spec " + other + " is not the one the saved plan " + saved + " was made from; they differ in:\n  bandwidth\n  tags.env\n"
	if r.code != exitError || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "interconnect plan -f "+other+" -out "+saved) {
		t.Errorf("apply FILE -f with another spec: want exit 1 and\n%s\ngot %s", want, r)
	}
	if strings.Contains(r.stdout, "Applying") {
		t.Errorf("it applied:\n%s", r)
	}

	noKey := write("nokey.yaml", strings.Replace(specYAML(""), "peering:\n  md5AuthKey: "+testMD5+"\n", "", 1))
	r = call(t.Context(), "", "apply", saved, "-f", noKey, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
	if r.code != exitError || !strings.Contains(r.stderr, "the spec "+noKey+" has none: add it to "+noKey+", or set "+md5Env) ||
		strings.Contains(r.stderr, "give the spec") {
		t.Errorf("apply FILE -f with a spec without the key:\n%s", r)
	}

	// Nothing was applied by the refusals.
	e.must(2, "", "plan", "-detailed-exitcode")

	respelled := write("respelled.yaml", strings.Replace(specYAML(""), "region: eastus", "region: East US", 1))
	r = call(t.Context(), "", "apply", saved, "-f", respelled, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
	if r.code != exitOK || !strings.Contains(r.stdout, "Apply complete") {
		t.Errorf("apply FILE -f with the same spec spelled otherwise:\n%s", r)
	}
}

// TestSavedPlanMD5FromEnv: the MD5 key from INTERCONNECT_MD5_AUTH_KEY is
// checked as the spec's would be, before the plan is checked against the
// clouds, and its value is never shown.
func TestSavedPlanMD5FromEnv(t *testing.T) {
	e := newEnv(t, specYAML(""))
	saved := filepath.Join(e.dir, "plan.json")
	e.must(0, "", "plan", "-out", saved)
	for _, tt := range []struct{ key, want string }{
		{"clé-secrète", md5Env + ": its value contains a character that is not printable ASCII"},
		{"tab\tin-it", md5Env + ": its value contains a character that is not printable ASCII"},
		{strings.Repeat("k", 33), md5Env + ": its value is longer than the 32 characters a BGP MD5 key may have"},
	} {
		t.Setenv(md5Env, tt.key)
		r := call(t.Context(), "", "apply", saved, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
		if r.code != exitError || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "the value is not shown") {
			t.Errorf("%s=%q: want exit 1 and %q, got %s", md5Env, tt.key, tt.want, r)
		}
		if strings.Contains(r.stdout+r.stderr, tt.key) || strings.Contains(r.stderr, "stale") {
			t.Errorf("%s=%q: the value is shown, or the plan called stale:\n%s", md5Env, tt.key, r)
		}
	}
	t.Setenv(md5Env, testMD5)
	r := call(t.Context(), "", "apply", saved, "-sim", "-sim-state", e.state, "-sim-scale", testScale)
	if r.code != exitOK {
		t.Errorf("%s with a good key:\n%s", md5Env, r)
	}
}

func TestSpecDiff(t *testing.T) {
	t.Parallel()
	parse := func(yaml string) interconnect.Spec {
		t.Helper()
		s, err := interconnect.ParseSpec([]byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := specYAML("")
	for _, tt := range []struct {
		name  string
		other string
		want  []string
	}{
		{"the same", base, nil},
		{"only the MD5 key", strings.Replace(base, testMD5, "another-key", 1), nil},
		{"no MD5 key", strings.Replace(base, "peering:\n  md5AuthKey: "+testMD5+"\n", "", 1), nil},
		{"a name spelled otherwise", strings.Replace(base, "region: eastus", "region: East US", 1), nil},
		{"a default written out", base + "tags: {}\n", nil},
		{"the name", strings.Replace(base, "name: ora-link", "name: ora-link2", 1), []string{"azure.gateway.name", "name"}}, // the gateway's default name follows it
		{"a key and a tag", strings.Replace(base, "1Gbps", "2Gbps", 1) + "tags:\n  env: prod\n  team: net\n", []string{"bandwidth", "tags.env", "tags.team"}},
		{"a list entry", strings.Replace(base, "  vcnId: "+testVCN+"\n", "  vcnId: "+testVCN+"\n  routeTableIds: [ocid1.routetable.oc1.iad.aaaaaaaatestrt1]\n", 1), []string{"oci.routeTableIds[0]"}},
	} {
		got, err := specDiff(parse(base), parse(tt.other))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
