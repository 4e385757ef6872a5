package ocitest

import (
	"context"
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/oci"
)

// TestCleanUpAfterAnAbandonedTest leaves a DRG attached to the VCN with a
// route rule to it, as a lifecycle test that fails half-way would, in a
// compartment the tests do not own: its cleanups remove the rule, detach
// and delete the DRG, and touch nothing else.
func TestCleanUpAfterAnAbandonedTest(t *testing.T) {
	w := NewWorld(small)
	n := w.OCI()
	env := simEnv
	env.Owned = false
	var d oci.DRG
	var a oci.DRGAttachment
	t.Run("abandoned", func(t *testing.T) {
		d = availableDRG(t, env, n, "left behind")
		a = attached(t, env, n, d.ID, VCN)
		cleanUp(t, env, "the rules to the DRG", func(ctx context.Context) (bool, error) {
			_, err := n.UpdateRouteTable(ctx, RulesTable, rulesWithout(d.ID))
			return err == nil, err
		})
		ours := oci.RouteRule{Destination: netip.MustParsePrefix("192.0.2.0/24"), NetworkEntityID: d.ID}
		must[oci.RouteTable](t)(n.UpdateRouteTable(t.Context(), RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
			return append(r, ours), true
		}))
		// The test ends here, undoing nothing.
	})
	ctx := t.Context()
	if got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID)); got.State != oci.Terminated {
		t.Errorf("the abandoned DRG is %s, want TERMINATED", got.State)
	}
	if got := must[oci.DRGAttachment](t)(n.GetDRGAttachment(ctx, a.ID)); got.State != oci.Detached {
		t.Errorf("the abandoned attachment is %s, want DETACHED", got.State)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); !slices.Equal(got.Rules, []oci.RouteRule{ForeignRule}) {
		t.Errorf("route table rules %v, want only the foreign rule", ids(got.Rules, ruleKey))
	}
}

// TestMissingID checks the OCIDs NotFound asks for: like the VCN's (realm,
// region, length of the unique part), of the kind asked, never the VCN's.
func TestMissingID(t *testing.T) {
	const vcn = "ocid1.vcn.oc1.iad.amaaaaaaexampleexampleexampleexampleexampleexamplevcn0"
	env := Env{VCN: oci.VCN{ID: vcn}}
	for _, tc := range []struct{ kind, want string }{
		{"vcn", "ocid1.vcn.oc1.iad.amaaaaaaexampleexampleexampleexampleexamplaaabaaaaaaaa"},
		{"drg", "ocid1.drg.oc1.iad.amaaaaaaexampleexampleexampleexampleexamplaaabaaaaaaaa"},
		{"compartment", "ocid1.compartment.oc1..amaaaaaaexampleexampleexampleexampleexamplaaabaaaaaaaa"},
	} {
		got := missingID(env, tc.kind)
		if got != tc.want || got == vcn {
			t.Errorf("missingID(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
	if got := missingID(Env{VCN: oci.VCN{ID: "short"}}, "drg"); got != "ocid1.drg.oc1..aaaaaaaanosuchresource" {
		t.Errorf("missingID of a malformed VCN OCID = %s", got)
	}
}
