package interconnect

// This file: the executors of the DRG, its VCN attachment and the route
// rules to it.

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/azoci/interconnect/oci"
)

func (r *runner) drgLife(id string) ociLife {
	return ociLife{what: "DRG " + id, want: oci.Available, stuck: beingDeleted("DRG " + id),
		read: func(ctx context.Context) (oci.LifecycleState, error) {
			d, err := r.c.oc.GetDRG(ctx, id)
			return d.State, err
		}}
}

// ensureDRG creates the DRG (unless the plan names an existing one, or an
// earlier run made it) and waits until it is AVAILABLE.
func (r *runner) ensureDRG(ctx context.Context, sc *stepCtx) (string, error) {
	oc, c := r.c.oc, r.c
	d := oci.DRG{ID: sc.step.Resource}
	outcome := "available"
	if d.ID == "" {
		comp, name := sc.value("compartmentId"), sc.value("displayName")
		drgs, err := call(ctx, c, "oci DRGs of "+comp, func(ctx context.Context) ([]oci.DRG, error) { return oc.ListDRGs(ctx, comp) })
		if err != nil {
			return "", err
		}
		if i := slices.IndexFunc(drgs, func(x oci.DRG) bool { return ourDRG(x, names{drg: name}, r.p.Name) }); i >= 0 {
			d = drgs[i]
		} else {
			token := sc.token(ctx, kindDRG)
			if sc.err != nil {
				return "", sc.err
			}
			d, err = createOnce(ctx, c, "creating DRG "+name, token, func(ctx context.Context, token string) (oci.DRG, error) {
				return oc.CreateDRG(ctx, oci.DRG{CompartmentID: comp, DisplayName: name, FreeformTags: stepTags(sc.step)}, token)
			}, func(d oci.DRG) (string, bool) { return d.ID, d.State == oci.Terminating || d.State == oci.Terminated })
			if err != nil {
				return "", err
			}
			outcome = "created"
		}
	}
	r.produced(sc.step.ID, output{id: d.ID})
	return outcome, waitOCI(ctx, sc, r.drgLife(d.ID), d.State)
}

func (r *runner) deleteDRG(ctx context.Context, sc *stepCtx) (string, error) {
	id := sc.step.Resource
	l := r.drgLife(id)
	l.want, l.stuck = oci.Terminated, nil
	return deleteOCI(ctx, sc, l, func(ctx context.Context) error { return r.c.oc.DeleteDRG(ctx, id) })
}

func (r *runner) attachmentLife(id string) ociLife {
	return ociLife{what: "DRG attachment " + id, want: oci.Attached, stuck: beingDeleted("DRG attachment " + id),
		read: func(ctx context.Context) (oci.LifecycleState, error) {
			a, err := r.c.oc.GetDRGAttachment(ctx, id)
			return a.State, err
		}}
}

// ensureAttachment attaches the DRG to the VCN, unless the VCN already is,
// and waits until the attachment is ATTACHED.
func (r *runner) ensureAttachment(ctx context.Context, sc *stepCtx) (string, error) {
	oc, c := r.c.oc, r.c
	a := oci.DRGAttachment{ID: sc.step.Resource}
	outcome := "attached"
	if a.ID == "" {
		comp, vcn, drgID := sc.value("compartmentId"), sc.value("vcnId"), sc.value("drgId")
		if sc.err != nil {
			return "", sc.err
		}
		// Attachments live in their DRG's compartment.
		atts, err := call(ctx, c, "oci DRG attachments of VCN "+vcn, func(ctx context.Context) ([]oci.DRGAttachment, error) {
			return oc.ListDRGAttachments(ctx, comp, vcn, "")
		})
		if err != nil {
			return "", err
		}
		for _, x := range atts {
			if !liveAttachment(x) {
				continue
			}
			if x.DRGID != drgID {
				return "", fmt.Errorf("VCN %s is attached to DRG %s, not %s; a VCN attaches to one DRG: set oci.drgId to it", vcn, x.DRGID, drgID)
			}
			a = x
		}
		if a.ID == "" {
			token := sc.token(ctx, kindAttachment)
			if sc.err != nil {
				return "", sc.err
			}
			a, err = createOnce(ctx, c, "attaching DRG "+drgID, token, func(ctx context.Context, token string) (oci.DRGAttachment, error) {
				return oc.CreateDRGAttachment(ctx, oci.DRGAttachment{CompartmentID: comp, DisplayName: sc.value("displayName"),
					DRGID: drgID, VCNID: vcn, FreeformTags: stepTags(sc.step)}, token)
			}, func(a oci.DRGAttachment) (string, bool) {
				return a.ID, a.State == oci.Detaching || a.State == oci.Detached
			})
			if err != nil {
				return "", err
			}
			outcome = "created"
		}
	}
	r.produced(sc.step.ID, output{id: a.ID})
	return outcome, waitOCI(ctx, sc, r.attachmentLife(a.ID), a.State)
}

func (r *runner) deleteAttachment(ctx context.Context, sc *stepCtx) (string, error) {
	id := sc.step.Resource
	l := r.attachmentLife(id)
	l.want, l.stuck = oci.Detached, nil
	return deleteOCI(ctx, sc, l, func(ctx context.Context) error { return r.c.oc.DeleteDRGAttachment(ctx, id) })
}

// editRouteRules makes exactly the route rule changes of the step, in each
// table as it is now (a read-modify-write with If-Match): routes added or
// repointed at the DRG, rules of ours removed. Rules of others stay.
func (r *runner) editRouteRules(ctx context.Context, sc *stepCtx) (string, error) {
	marker := sc.value("description")
	edits := map[string]*ruleEdit{}
	var tables []string
	for _, ch := range sc.step.Changes {
		table, dest, ok := parseRuleField(ch.Field)
		if !ok {
			continue
		}
		p, err := netip.ParsePrefix(dest)
		if err != nil {
			sc.fail("has a route rule for %q, not a prefix", dest)
			continue
		}
		if edits[table] == nil {
			edits[table] = &ruleEdit{route: map[netip.Prefix]string{}}
			tables = append(tables, table)
		}
		if ch.New == "" {
			edits[table].remove = append(edits[table].remove, p)
		} else {
			edits[table].route[p] = sc.value(ch.Field)
		}
	}
	if sc.err != nil {
		return "", sc.err
	}
	changed := 0
	for _, id := range tables {
		var conflict string
		_, err := call(ctx, r.c, "route table "+id, func(ctx context.Context) (oci.RouteTable, error) {
			return r.c.oc.UpdateRouteTable(ctx, id, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				out, ch, cf := applyRuleChanges(rules, *edits[id], marker)
				conflict = cf
				return out, ch
			})
		})
		switch {
		case errors.Is(err, oci.ErrNotFound) && r.p.Destroy:
			continue // the table went with its VCN: nothing to remove
		case err != nil:
			return "", err
		case conflict != "":
			return "", fmt.Errorf("route table %s %s", id, conflict)
		}
		changed += len(edits[id].route) + len(edits[id].remove)
	}
	if r.p.Destroy {
		return "removed " + plural(changed, "route rule") + " of this interconnect", nil
	}
	return plural(changed, "route rule") + " in place in " + plural(len(tables), "table"), nil
}
