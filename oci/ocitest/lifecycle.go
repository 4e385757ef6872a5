package ocitest

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/oci"
)

// This file: the lifecycle tests. They run when Env.Mutable, a real tenancy
// included: each creates what it needs in Env.Compartment, deletes it before
// it ends (and again in a cleanup should it fail half-way), and touches
// nothing it did not create. They make no virtual circuit: one needs an
// ExpressRoute circuit and bills a FastConnect port.

func testDRGLifecycle(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	name := runID(t)
	tags := map[string]string{"owner": "conformance", "spec": "drg"}
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: env.Compartment, DisplayName: name, FreeformTags: tags}, ""))
	cleanUpDRG(t, env, n, d.ID)
	if d.ID == "" || d.CompartmentID != env.Compartment || d.DisplayName != name || !maps.Equal(d.FreeformTags, tags) ||
		d.State != oci.Provisioning {
		t.Errorf("CreateDRG = %+v, want PROVISIONING with the given fields", d)
	}
	d.FreeformTags["owner"] = "changed"
	got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID))
	if got.ID != d.ID || !maps.Equal(got.FreeformTags, tags) {
		t.Errorf("GetDRG = %+v (a returned map must not alias)", got)
	}
	l := must[[]oci.DRG](t)(n.ListDRGs(ctx, env.Compartment))
	if listed := ids(l, drgID); (env.Owned && !slices.Equal(listed, []string{d.ID})) || !slices.Contains(listed, d.ID) {
		t.Errorf("ListDRGs = %v, want %s among them (alone in a compartment the tests own)", listed, d.ID)
	}
	waitFor(t, env.Pace, "DRG AVAILABLE", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Available })

	noErr(t, n.DeleteDRG(ctx, d.ID))
	got, err := n.GetDRG(ctx, d.ID)
	if !(env.Purges && errors.Is(err, oci.ErrNotFound)) {
		noErr(t, err)
		if got.State != oci.Terminating && got.State != oci.Terminated {
			t.Errorf("DRG right after DeleteDRG is %s", got.State)
		}
	}
	waitGone(t, env, "DRG TERMINATED", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Terminated })
	l = must[[]oci.DRG](t)(n.ListDRGs(ctx, env.Compartment))
	if listed := ids(l, drgID); (env.Owned && len(listed) != 0) || slices.Contains(listed, d.ID) {
		t.Errorf("ListDRGs shows a TERMINATED DRG: %v", listed)
	}
	wantErr(t, n.DeleteDRG(ctx, d.ID), "DeleteDRG", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

// testAttachRouteDetach is the OCI side of an interconnect without the
// virtual circuit: a DRG and its VCN attachment, each created twice with one
// retry token (one resource each), a route rule to the DRG added to the
// VCN's default route table and removed again with UpdateRouteTable (the
// rules already there kept as they were, in whatever order OCI keeps
// them), then detach and delete.
func testAttachRouteDetach(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	id := runID(t)
	tags := map[string]string{"azoci-conformance": id}

	want := oci.DRG{CompartmentID: env.Compartment, DisplayName: id, FreeformTags: tags}
	d := must[oci.DRG](t)(n.CreateDRG(ctx, want, id+"-drg"))
	cleanUpDRG(t, env, n, d.ID)
	if again := must[oci.DRG](t)(n.CreateDRG(ctx, want, id+"-drg")); again.ID != d.ID {
		t.Errorf("CreateDRG with the same retry token made %s and %s", d.ID, again.ID)
	}
	waitFor(t, env.Pace, "DRG AVAILABLE", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Available })

	att := oci.DRGAttachment{DRGID: d.ID, VCNID: env.VCN.ID, DisplayName: id, FreeformTags: tags}
	a, err := n.CreateDRGAttachment(ctx, att, id+"-att")
	var e *oci.Error
	if errors.As(err, &e) && e.StatusCode == http.StatusConflict && e.Code == "Conflict" {
		t.Fatalf("VCN %s is attached to a DRG already (a VCN attaches to one): the lifecycle tests need a VCN with no DRG attachment: %v",
			env.VCN.ID, err)
	}
	noErr(t, err)
	cleanUpAttachment(t, env, n, a.ID)
	if again := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, att, id+"-att")); again.ID != a.ID {
		t.Errorf("CreateDRGAttachment with the same retry token made %s and %s", a.ID, again.ID)
	}
	getAttachment := func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) }
	a = waitFor(t, env.Pace, "attachment ATTACHED", getAttachment, func(a oci.DRGAttachment) bool { return a.State == oci.Attached })
	if a.DRGID != d.ID || !strings.EqualFold(a.VCNID, env.VCN.ID) || a.CompartmentID != env.Compartment || a.DisplayName != id ||
		!maps.Equal(a.FreeformTags, tags) {
		t.Errorf("attachment = %+v, want %+v in the DRG's compartment %s", a, att, env.Compartment)
	}
	if dd := must[oci.DRG](t)(n.GetDRG(ctx, d.ID)); a.DRGRouteTableID == "" || a.DRGRouteTableID != dd.DefaultVCNRouteTableID {
		t.Errorf("the VCN attachment routes with DRG route table %q, want the DRG's default for VCN attachments %q",
			a.DRGRouteTableID, dd.DefaultVCNRouteTableID)
	}
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, env.Compartment, env.VCN.ID, d.ID)); !slices.Equal(ids(l, attachmentID), []string{a.ID}) {
		t.Errorf("ListDRGAttachments(VCN, DRG) = %v, want [%s]", ids(l, attachmentID), a.ID)
	}

	v := must[oci.VCN](t)(n.GetVCN(ctx, env.VCN.ID))
	rtID := v.DefaultRouteTableID
	before := must[oci.RouteTable](t)(n.GetRouteTable(ctx, rtID))
	dest, ok := freeDestination(before.Rules, v.CIDRs)
	if !ok {
		t.Fatalf("every documentation range (RFC 5737) is taken in route table %s or VCN %s: no destination to test with", rtID, v.ID)
	}
	ours := oci.RouteRule{Destination: dest, NetworkEntityID: d.ID, Description: id}
	cleanUp(t, env, "the route rules to DRG "+d.ID+" in route table "+rtID, func(ctx context.Context) (bool, error) {
		_, err := n.UpdateRouteTable(ctx, rtID, rulesWithout(d.ID))
		return err == nil, err
	})
	after := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, rtID, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
		if slices.Contains(rules, ours) {
			return rules, false
		}
		return append(rules, ours), true
	}))
	if !sameRules(after.Rules, append(slices.Clone(before.Rules), ours)) || after.ETag == before.ETag {
		t.Errorf("after adding %v: rules %v, etag %q (before: %v, %q)", ruleKey(ours), ids(after.Rules, ruleKey), after.ETag,
			ids(before.Rules, ruleKey), before.ETag)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, rtID)); !sameRules(got.Rules, after.Rules) {
		t.Errorf("GetRouteTable after the update: %v, want %v", ids(got.Rules, ruleKey), ids(after.Rules, ruleKey))
	}
	removed := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, rtID, rulesWithout(d.ID)))
	if !sameRules(removed.Rules, before.Rules) {
		t.Errorf("after removing our rule: %v, want the rules as they were: %v", ids(removed.Rules, ruleKey), ids(before.Rules, ruleKey))
	}

	noErr(t, n.DeleteDRGAttachment(ctx, a.ID))
	waitGone(t, env, "attachment DETACHED", getAttachment, func(a oci.DRGAttachment) bool { return a.State == oci.Detached })
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, env.Compartment, env.VCN.ID, d.ID)); len(l) != 0 {
		t.Errorf("ListDRGAttachments after detaching = %v", ids(l, attachmentID))
	}
	noErr(t, n.DeleteDRG(ctx, d.ID))
	waitGone(t, env, "DRG TERMINATED", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Terminated })
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, env.Compartment)); slices.Contains(ids(l, drgID), d.ID) {
		t.Errorf("ListDRGs shows the deleted DRG %s", d.ID)
	}
}

// sameRules reports whether two lists hold the same rules, in any order
// (OCI does not promise to keep the order of a table's rules).
func sameRules(a, b []oci.RouteRule) bool {
	key := func(r oci.RouteRule) string { return ruleKey(r) + "|" + r.Description }
	return slices.Equal(ids(a, key), ids(b, key))
}

// rulesWithout is a route table edit that drops the rules targeting drg.
func rulesWithout(drg string) func([]oci.RouteRule) ([]oci.RouteRule, bool) {
	return func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
		kept := slices.DeleteFunc(slices.Clone(rules), func(r oci.RouteRule) bool { return strings.EqualFold(r.NetworkEntityID, drg) })
		return kept, len(kept) != len(rules)
	}
}

// freeDestination picks a documentation range (RFC 5737, never routed on
// the internet), for a rule that changes no real traffic: one that no rule
// of the table has as its destination (a destination appears once in a
// table; broader rules such as 0.0.0.0/0 are fine, the most specific route
// wins) and that overlaps no CIDR of the VCN.
func freeDestination(rules []oci.RouteRule, vcn []netip.Prefix) (netip.Prefix, bool) {
	for _, s := range []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"} {
		p := netip.MustParsePrefix(s)
		taken := slices.ContainsFunc(rules, func(r oci.RouteRule) bool { return r.Destination == p }) ||
			slices.ContainsFunc(vcn, func(c netip.Prefix) bool { return c.Overlaps(p) })
		if !taken {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

// testCanceled calls with a context that has ended: nothing is read or
// made, and the context's error comes back.
func testCanceled(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := n.GetVCN(ctx, env.VCN.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("GetVCN with a canceled context: err = %v, want context.Canceled", err)
	}
	d, err := n.CreateDRG(ctx, oci.DRG{CompartmentID: env.Compartment}, "t")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("CreateDRG with a canceled context: err = %v, want context.Canceled", err)
	}
	if err == nil {
		cleanUpDRG(t, env, n, d.ID)
	}
}
