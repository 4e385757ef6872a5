package interconnect

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// This file: the route rules the library keeps in a VCN route table, one
// per Azure prefix, marked with its description (names.routeRule). Planning
// turns a table's rules into changes (ruleChanges); Apply carries out exactly
// those changes on the table as it then is (applyRuleChanges).

// ruleChanges are the changes that make a table route each of prefixes to
// target (the DRG's OCID, or "" while it does not exist, which the changes
// then take from the DRG step) and drop every other rule marked as ours:
// field ruleField(table, destination), New the target or "" to remove. It
// also says when a rule that is not ours already routes one of the prefixes
// elsewhere: that conflict must be resolved by hand.
func ruleChanges(rt oci.RouteTable, prefixes []netip.Prefix, target, marker string) ([]plan.Change, string) {
	var changes []plan.Change
	var conflicts []string
	have := map[netip.Prefix]bool{}
	for _, r := range rt.Rules {
		if r.Description != marker {
			if slices.Contains(prefixes, r.Destination) && r.NetworkEntityID != target {
				conflicts = append(conflicts, fmt.Sprintf("already routes %s to %s; remove that rule so the VNet's traffic can go through the DRG", r.Destination, r.NetworkEntityID))
			}
			continue
		}
		if slices.Contains(prefixes, r.Destination) && r.NetworkEntityID == target && target != "" && !have[r.Destination] {
			have[r.Destination] = true
			continue
		}
		if !slices.Contains(prefixes, r.Destination) {
			changes = append(changes, update(ruleField(rt.ID, r.Destination.String()), r.NetworkEntityID, ""))
		}
	}
	for _, p := range prefixes {
		if have[p] {
			continue
		}
		old := ""
		if i := slices.IndexFunc(rt.Rules, func(r oci.RouteRule) bool { return r.Description == marker && r.Destination == p }); i >= 0 {
			old = rt.Rules[i].NetworkEntityID
		}
		ch := refChange(ruleField(rt.ID, p.String()), target, StepDRG)
		ch.Old = old
		changes = append(changes, ch)
	}
	return changes, strings.Join(conflicts, "; ")
}

// ruleEdit is what a route-rules step does to one table: the destinations to
// route to a DRG, and those whose rules of ours to remove.
type ruleEdit struct {
	route  map[netip.Prefix]string // destination → target
	remove []netip.Prefix
}

// applyRuleChanges applies an edit to a table's rules as they are now: for
// each destination to route, exactly one rule of ours to the target; for
// each to remove, none of ours. Rules that are not ours are kept, and a
// conflict (one of them routes a destination elsewhere) is returned instead
// of a change. changed is false when the rules already are as wanted.
func applyRuleChanges(rules []oci.RouteRule, e ruleEdit, marker string) (out []oci.RouteRule, changed bool, conflict string) {
	var conflicts []string
	kept := map[netip.Prefix]bool{}
	for _, r := range rules {
		target, routed := e.route[r.Destination]
		switch {
		case r.Description != marker:
			if routed && r.NetworkEntityID != target {
				conflicts = append(conflicts, fmt.Sprintf("already routes %s to %s; remove that rule so the VNet's traffic can go through the DRG", r.Destination, r.NetworkEntityID))
			}
			out = append(out, r)
		case routed && r.NetworkEntityID == target && !kept[r.Destination]:
			kept[r.Destination] = true
			out = append(out, r)
		case routed || slices.Contains(e.remove, r.Destination):
			changed = true // ours, and stale or going away
		default:
			out = append(out, r) // ours, but not this step's to touch
		}
	}
	for _, p := range sortedPrefixes(e.route) {
		if !kept[p] {
			out = append(out, oci.RouteRule{Destination: p, NetworkEntityID: e.route[p], Description: marker})
			changed = true
		}
	}
	return out, changed && len(conflicts) == 0, strings.Join(conflicts, "; ")
}

func sortedPrefixes(m map[netip.Prefix]string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return out
}
