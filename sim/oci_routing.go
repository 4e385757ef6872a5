package sim

import (
	"context"
	"slices"
	"strings"

	"github.com/azoci/interconnect/internal/httpstatus"
	"github.com/azoci/interconnect/oci"
)

// This file: route tables: reads, the atomic read-modify-write of
// oci.Network (UpdateRouteTable), the If-Match replacement the HTTP face
// serves, and the checks a table's rules must pass.

func (rt *routeTableRec) view(w *World) oci.RouteTable {
	out := oci.RouteTable{ID: rt.ID, CompartmentID: rt.CompartmentID, DisplayName: rt.DisplayName,
		Rules: slices.Clone(rt.Rules), ETag: rt.ETag, State: oci.Available}
	if v := w.st.VCNs[rt.VCN]; v != nil {
		out.VCNID = v.ID
	}
	if out.Rules == nil {
		out.Rules = []oci.RouteRule{}
	}
	return out
}

func (w *World) findRouteTable(id string) (*routeTableRec, error) {
	rt := w.st.RouteTables[key(id)]
	if rt == nil || !w.visible(rt.Region) {
		return nil, w.ociNotFound(id)
	}
	return rt, nil
}

// GetRouteTable reads a route table.
func (f *ociFace) GetRouteTable(ctx context.Context, id string) (oci.RouteTable, error) {
	w := f.w
	return ociCall(f, ctx, "GetRouteTable", id, 0, func() (oci.RouteTable, error) {
		rt, err := w.findRouteTable(id)
		if err != nil {
			return oci.RouteTable{}, err
		}
		return rt.view(w), nil
	})
}

// UpdateRouteTable runs edit on the table's rules under the world's lock, so
// the read-modify-write is atomic (edit runs exactly once and must not call
// the world). When edit reports a change the rules are checked and written
// and the ETag changes; the call is then logged as mutating, else not. It
// takes Latency.Read + Latency.RouteTable.
func (f *ociFace) UpdateRouteTable(ctx context.Context, id string, edit func([]oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
	w := f.w
	return ociCall(f, ctx, "UpdateRouteTable", id, w.lat.RouteTable, func() (oci.RouteTable, error) {
		rt, err := w.findRouteTable(id)
		if err != nil {
			return oci.RouteTable{}, err
		}
		rules, changed := edit(slices.Clone(rt.Rules))
		if !changed {
			w.cur.mutating = false
			return rt.view(w), nil
		}
		return w.writeRules(rt, rules)
	})
}

// replaceRouteRules replaces a route table's rules, as OCI's
// UpdateRouteTable API does: with a non-empty ifMatch that is not the
// table's current ETag it answers 412 NoEtagMatch and changes nothing. It is
// for the HTTP face; it is logged as an "UpdateRouteTable" call (faults for
// that operation apply) and takes Latency.Read + Latency.RouteTable.
func (w *World) replaceRouteRules(id, ifMatch string, rules []oci.RouteRule) (oci.RouteTable, error) {
	f := &ociFace{w: w}
	return ociCall(f, context.Background(), "UpdateRouteTable", id, w.lat.RouteTable, func() (oci.RouteTable, error) {
		rt, err := w.findRouteTable(id)
		if err != nil {
			return oci.RouteTable{}, err
		}
		if ifMatch != "" && ifMatch != rt.ETag {
			return oci.RouteTable{}, w.ociErr(httpstatus.PreconditionFailed, "NoEtagMatch", id,
				"The If-Match header value %q does not match the current ETag of the route table.", ifMatch)
		}
		return w.writeRules(rt, rules)
	})
}

// writeRules checks and writes a table's rules (mu held). A destination must
// be a valid masked CIDR, used once; a rule targeting a DRG needs that DRG
// ATTACHED to the table's VCN.
func (w *World) writeRules(rt *routeTableRec, rules []oci.RouteRule) (oci.RouteTable, error) {
	seen := map[string]bool{}
	for _, r := range rules {
		d := r.Destination
		switch {
		case !d.IsValid() || d != d.Masked():
			return oci.RouteTable{}, w.ociInvalid("Route rule destination %q is not a valid CIDR block (it must be masked, e.g. 10.0.0.0/16).", d)
		case seen[d.String()]:
			return oci.RouteTable{}, w.ociInvalid("Route rules conflict: destination %s appears twice.", d)
		case r.NetworkEntityID == "":
			return oci.RouteTable{}, w.ociInvalid("Route rule for %s has no network entity.", d)
		case strings.HasPrefix(r.NetworkEntityID, "ocid1.drg."):
			if !w.drgAttachedTo(key(r.NetworkEntityID), rt.VCN) {
				return oci.RouteTable{}, w.ociInvalid("Route rule for %s targets DRG %s, which is not attached to VCN %s.",
					d, r.NetworkEntityID, w.st.VCNs[rt.VCN].ID)
			}
		}
		seen[d.String()] = true
	}
	rt.Rules = slices.Clone(rules)
	rt.ETag = w.etag()
	return rt.view(w), nil
}

func (w *World) drgAttachedTo(drg, vcn string) bool {
	for _, a := range w.st.DRGAttachments {
		if a.DRG == drg && a.VCN == vcn && a.State == oci.Attached {
			return true
		}
	}
	return false
}
