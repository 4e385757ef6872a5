package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMaximum runs testdata/maximum.yaml on the simulator: plan, apply,
// verify, a drill of each location, and destroy.
func TestMaximum(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sim.json")
	run := func(want int, args ...string) result {
		t.Helper()
		all := append(append([]string{}, args...), "-f", "../../testdata/maximum.yaml", "-sim", "-sim-state", state, "-sim-scale", testScale, "-no-color")
		r := call(t.Context(), "", all...)
		if r.code != want {
			t.Fatalf("%v: want exit %d, got %s", args, want, r)
		}
		return r
	}
	r := run(0, "plan")
	for _, want := range []string{"+ azure/peering-locations[1]/circuit", "ora-max-er-2", "+ azure/peering-locations[1]/connection", "~ oci/drg-ecmp",
		"The second location doubles the circuit charges", "Oracle considers one circuit redundant already"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r)
		}
	}
	r = run(1, "drill", "-location", "Washington DC")
	if !strings.Contains(r.stderr, "drill: the VNet's ExpressRoute gateway is missing or not Succeeded (see azure.gateway); run apply first") {
		t.Errorf("a drill before apply:\n%s", r)
	}
	r = run(0, "apply", "-auto-approve")
	if !strings.Contains(r.stdout, "16 done, 0 failed") {
		t.Errorf("apply:\n%s", r)
	}
	r = run(0, "verify")
	for _, want := range []string{"27 checks, 27 pass", "CHECK                         LOCATION", "PASS    oci.bgp                       Washington DC2",
		"PASS    interconnect.resiliency                       both peering locations carry the routes both ways: Washington DC and Washington DC2"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify lacks %q:\n%s", want, r)
		}
	}
	for _, loc := range []string{"Washington DC", "washington dc2"} {
		r = run(0, "drill", "-location", loc)
		for _, want := range []string{"Before:  27 checks, 27 pass", "WARN  interconnect.resiliency", "carries them alone",
			"Azure recorded the simulation as successful", "After:   27 checks, 27 pass", "Drill passed:"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("drill of %s lacks %q:\n%s", loc, want, r)
			}
		}
	}
	r = run(1, "drill")
	if !strings.Contains(r.stderr, "give the peering location to fail over with -location") {
		t.Errorf("drill without -location:\n%s", r)
	}
	r = run(1, "drill", "-location", "Toronto")
	if !strings.Contains(r.stderr, `location: Toronto is not a peering location of interconnect ora-max`) {
		t.Errorf("drill of another location:\n%s", r)
	}
	r = run(0, "destroy", "-auto-approve")
	if !strings.Contains(r.stdout, "Destroy complete") || !strings.Contains(r.stdout, "azure/peering-locations[1]/circuit-deprovisioned") {
		t.Errorf("destroy:\n%s", r)
	}
	if r := run(0, "plan", "-destroy"); !strings.Contains(r.stdout, "Nothing to destroy") {
		t.Errorf("after destroy:\n%s", r)
	}
}

// TestDrillStandard: a drill of a standard interconnect is refused up front,
// naming the fix, before any cloud is changed.
func TestDrillStandard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	r := e.must(1, "", "drill", "-location", "Washington DC")
	if !strings.Contains(r.stderr, "resiliency: standard a drill fails one of two peering locations over to the other, and this interconnect has one; set resiliency: maximum and apply, then drill") {
		t.Errorf("drill of a standard interconnect:\n%s", r)
	}
}
