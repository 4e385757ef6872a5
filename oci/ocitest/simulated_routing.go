package ocitest

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"testing"

	"github.com/azoci/interconnect/oci"
)

// This file: the simulator tests of route tables (see simulated.go): the
// read-modify-write and concurrent editors.

func testRouteTable(t *testing.T, h Harness) {
	n := over(t, h, NewWorld(instant))
	ctx := t.Context()
	before := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if before.ID != RulesTable || before.VCNID != VCN || before.CompartmentID != Compartment || before.DisplayName != "rules" ||
		before.ETag == "" || before.State != oci.Available || !slices.Equal(before.Rules, []oci.RouteRule{ForeignRule}) {
		t.Fatalf("GetRouteTable = %+v", before)
	}
	d := availableDRG(t, simEnv, n, "drg")
	unattached := availableDRG(t, simEnv, n, "unattached")
	attached(t, simEnv, n, d.ID, VCN)
	ours := oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID, Description: "azure"}

	add := func(r oci.RouteRule) func([]oci.RouteRule) ([]oci.RouteRule, bool) {
		return func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
			if slices.Contains(rules, r) {
				return rules, false
			}
			return append(rules, r), true
		}
	}
	after := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, add(ours)))
	if !slices.Equal(after.Rules, []oci.RouteRule{ForeignRule, ours}) || after.ETag == "" || after.ETag == before.ETag {
		t.Errorf("after adding a rule: %+v (etag before %s)", after, before.ETag)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); !slices.Equal(got.Rules, after.Rules) || got.ETag != after.ETag {
		t.Errorf("GetRouteTable after the update = %+v, want %+v", got, after)
	}

	calls := 0
	same := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		calls++
		return add(ours)(r)
	}))
	if calls != 1 || same.ETag != after.ETag || !slices.Equal(same.Rules, after.Rules) {
		t.Errorf("an edit that changes nothing: %d calls, table %+v; want 1 call and the table unchanged", calls, same)
	}

	_, err := n.UpdateRouteTable(ctx, RulesTable, add(oci.RouteRule{Destination: netip.MustParsePrefix("10.99.0.0/16"),
		NetworkEntityID: unattached.ID}))
	wantErr(t, err, "UpdateRouteTable", http.StatusBadRequest, "InvalidParameter")
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); got.ETag != after.ETag {
		t.Errorf("a rejected update changed the table: %+v", got)
	}

	removed := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		return slices.DeleteFunc(r, func(r oci.RouteRule) bool { return r.NetworkEntityID == d.ID }), true
	}))
	if !slices.Equal(removed.Rules, []oci.RouteRule{ForeignRule}) {
		t.Errorf("after removing our rule: %+v", removed.Rules)
	}
	empty := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func([]oci.RouteRule) ([]oci.RouteRule, bool) { return nil, true }))
	if len(empty.Rules) != 0 {
		t.Errorf("after removing every rule: %+v", empty.Rules)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); len(got.Rules) != 0 || got.Rules == nil {
		t.Errorf("GetRouteTable of an empty table: Rules = %#v, want empty and not nil", got.Rules)
	}
}

// testRouteTableConcurrentEditors runs editors side by side: none may lose
// another's rule.
func testRouteTableConcurrent(t *testing.T, h Harness) {
	n := over(t, h, NewWorld(instant))
	ctx := t.Context()
	const editors = 4
	var wg sync.WaitGroup
	errs := make([]error, editors)
	for i := range editors {
		wg.Go(func() {
			r := oci.RouteRule{Destination: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i), 0}), 24),
				NetworkEntityID: fmt.Sprintf("ocid1.localpeeringgateway.oc1.us-ashburn-1.aaaaaaaalpg%d", i)}
			_, errs[i] = n.UpdateRouteTable(ctx, RulesTable, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				if slices.Contains(rules, r) {
					return rules, false
				}
				return append(rules, r), true
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		noErr(t, err)
	}
	got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if len(got.Rules) != editors+1 || !slices.Contains(got.Rules, ForeignRule) {
		t.Errorf("after %d concurrent editors: %v", editors, ids(got.Rules, ruleKey))
	}
}
