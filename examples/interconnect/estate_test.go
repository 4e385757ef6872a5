package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHubAndSpoke runs testdata/hub-and-spoke.yaml on the simulator: the
// spokes and VCNs are seeded, the plan is grouped by network, apply builds
// it all and verify checks every spoke and VCN.
func TestHubAndSpoke(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "sim.json")
	run := func(want int, args ...string) result {
		t.Helper()
		all := append(append([]string{}, args...), "-f", "../../testdata/hub-and-spoke.yaml", "-sim", "-sim-state", state, "-sim-scale", testScale, "-no-color")
		r := call(t.Context(), "", all...)
		if r.code != want {
			t.Fatalf("%v: want exit %d, got %s", args, want, r)
		}
		return r
	}
	r := run(0, "plan")
	for _, want := range []string{"seeded spoke VNet rg-apps/vnet-app1 (azure.spokes[0])", "seeded VCN ocid1.vcn.oc1.iad.amaaaaaaexampleexampledb (oci.vcns[0])"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("plan's stderr lacks %q:\n%s", want, r)
		}
	}
	groups := []string{"=== azure: hub VNet rg-network/vnet-hub ===", "=== circuits and DRG ===", "=== azure: spoke VNet rg-apps/vnet-app1 ===",
		"=== azure: spoke VNet rg-apps/vnet-app2 ===", "=== oci: VCN ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn ===",
		"=== oci: VCN ocid1.vcn.oc1.iad.amaaaaaaexampleexampledb ===", "=== oci: VCN ocid1.vcn.oc1.iad.amaaaaaaexampleexampleanalytics ==="}
	last := -1
	for _, g := range groups {
		i := strings.Index(r.stdout, g)
		if i < last {
			t.Errorf("plan lacks %q, or it is out of order:\n%s", g, r.stdout)
		}
		last = i
	}
	if !strings.Contains(r.stdout, "FastPath covers the hub VNet only") {
		t.Errorf("plan lacks the FastPath note:\n%s", r.stdout)
	}
	if m := run(0, "plan", "-o", "mermaid").stdout; strings.Count(m, "subgraph ") != len(groups) {
		t.Errorf("mermaid has %d subgraphs, want %d:\n%s", strings.Count(m, "subgraph "), len(groups), m)
	}
	if j := run(0, "plan", "-o", "json").stdout; !strings.Contains(j, `"group": "azure: spoke VNet rg-apps/vnet-app2"`) {
		t.Errorf("JSON plan has no group:\n%s", j)
	}
	r = run(0, "apply", "-auto-approve")
	if !strings.Contains(r.stdout, "Apply complete: 19 steps, 18 done, 0 failed, 0 not run, 1 unchanged") {
		t.Errorf("apply:\n%s", r)
	}
	r = run(0, "verify")
	if !strings.Contains(r.stdout, "26 checks, 26 pass") || strings.Count(r.stdout, "PASS    azure.spoke.peering") != 2 {
		t.Errorf("verify:\n%s", r)
	}
	run(0, "destroy", "-auto-approve")
	if r := run(0, "plan", "-destroy"); !strings.Contains(r.stdout, "Nothing to destroy") {
		t.Errorf("after destroy:\n%s", r)
	}
}
