package sim

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the OCI face, VCNs, DRGs, DRG attachments, the FastConnect
// catalog and route tables. Virtual circuits are in oci_vc.go.

// ociFace is the oci.Network a World hands out.
type ociFace struct{ w *World }

var _ oci.Network = (*ociFace)(nil)

// retryTokenTTL is how long OCI remembers a retry token.
const retryTokenTTL = 24 * time.Hour

// ociCall serves one OCI call (fn runs with mu held).
func ociCall[T any](f *ociFace, ctx context.Context, op, resource string, extra time.Duration, fn func() (T, error)) (T, error) {
	var out T
	err := f.w.do(ctx, CloudOCI, op, func() string { return resource }, extra, func() error {
		v, err := fn()
		out = v
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// ociErr makes an OCI error for the current call (mu held).
func (w *World) ociErr(status int, code, resource, format string, args ...any) *oci.Error {
	if resource == "" {
		resource = w.cur.resource
	}
	return &oci.Error{Op: w.cur.op, Resource: resource, StatusCode: status, Code: code, Message: fmt.Sprintf(format, args...),
		OpcRequestID: fmt.Sprintf("sim-%d", w.st.Seq)}
}

func (w *World) ociNotFound(resource string) *oci.Error {
	return w.ociErr(http.StatusNotFound, "NotAuthorizedOrNotFound", resource, "Authorization failed or requested resource not found.")
}

func (w *World) ociInvalid(format string, args ...any) *oci.Error {
	return w.ociErr(http.StatusBadRequest, "InvalidParameter", "", format, args...)
}

func (w *World) ociConflict(code, format string, args ...any) *oci.Error {
	return w.ociErr(http.StatusConflict, code, "", format, args...)
}

// visible reports whether a resource of region is seen by the face.
func (w *World) visible(region string) bool {
	return region == "" || w.st.OCIRegion == "" || region == w.st.OCIRegion
}

func (w *World) needCompartment(id string) error {
	if !w.st.Compartments[id] {
		return w.ociNotFound(id)
	}
	return nil
}

// retried returns the resource a Create with the same retry token made, if
// the token is known and fresh (mu held): OCI answers with that resource
// even when it has since been deleted. Once the resource has been purged
// (PurgeDeleted), the token is invalidated: 409 InvalidatedRetryToken, and
// the caller must use a new token (OCI "API Errors"; oci-go-sdk's
// OpcRetryToken documentation).
func (w *World) retried(kind, token string) (string, bool, error) {
	if token == "" {
		return "", false, nil
	}
	t, ok := w.st.RetryTokens[kind+"/"+token]
	if !ok || w.now.Sub(t.At) >= retryTokenTTL {
		return "", false, nil
	}
	w.cur.resource = t.ID
	if w.ociLookup(t.Kind, t.ID) == nil {
		return "", false, w.ociConflict(oci.CodeInvalidatedRetryToken,
			"The retry token was used by an earlier request whose resource has since been deleted and purged; retry the request with a new token.")
	}
	return t.ID, true, nil
}

// remember keeps a retry token (and forgets expired ones).
func (w *World) remember(kind, token, id string) {
	w.cur.resource = id
	if token == "" {
		return
	}
	for k, t := range w.st.RetryTokens {
		if w.now.Sub(t.At) >= retryTokenTTL {
			delete(w.st.RetryTokens, k)
		}
	}
	w.st.RetryTokens[kind+"/"+token] = retryToken{ID: id, Kind: kind, At: w.now}
}

// step puts a lifecycle into state now and schedules state to after d.
func (w *World) step(s *ociState, kind, id string, now oci.LifecycleState, d time.Duration, to oci.LifecycleState) {
	s.State, s.Op = now, w.nextSeq()
	w.schedule(d, kind, key(id), s.Op, string(to))
}

func defaultName(prefix string, t time.Time) string { return prefix + t.UTC().Format("20060102150405") }

// TenancyID returns the world's tenancy (see WithTenancy).
func (f *ociFace) TenancyID() string {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	return f.w.st.Tenancy
}

// ---------------------------------------------------------------------------
// VCNs

func (v *vcnRec) view() oci.VCN {
	return oci.VCN{ID: v.ID, CompartmentID: v.CompartmentID, DisplayName: v.DisplayName, CIDRs: slices.Clone(v.CIDRs),
		DefaultRouteTableID: v.DefaultRouteTableID, State: oci.Available}
}

// GetVCN reads a VCN.
func (f *ociFace) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	w := f.w
	return ociCall(f, ctx, "GetVCN", id, 0, func() (oci.VCN, error) {
		v := w.st.VCNs[key(id)]
		if v == nil || !w.visible(v.Region) {
			return oci.VCN{}, w.ociNotFound(id)
		}
		return v.view(), nil
	})
}

// ---------------------------------------------------------------------------
// DRGs

func (d *drgRec) view() oci.DRG {
	return oci.DRG{ID: d.ID, CompartmentID: d.CompartmentID, DisplayName: d.DisplayName, FreeformTags: cloneTags(d.Tags), State: d.State}
}

func (w *World) findDRG(id string) (*drgRec, error) {
	d := w.st.DRGs[key(id)]
	if d == nil || !w.visible(d.Region) {
		return nil, w.ociNotFound(id)
	}
	return d, nil
}

// CreateDRG creates a DRG: PROVISIONING, then AVAILABLE after Latency.DRG.
func (f *ociFace) CreateDRG(ctx context.Context, in oci.DRG, retryToken string) (oci.DRG, error) {
	w := f.w
	return ociCall(f, ctx, "CreateDRG", in.CompartmentID, 0, func() (oci.DRG, error) {
		if err := w.needCompartment(in.CompartmentID); err != nil {
			return oci.DRG{}, err
		}
		if id, ok, err := w.retried(kindDRG, retryToken); ok || err != nil {
			if err != nil {
				return oci.DRG{}, err
			}
			return w.st.DRGs[id].view(), nil
		}
		d := &drgRec{ID: w.ocid("drg", w.st.OCIRegion), CompartmentID: in.CompartmentID, Region: w.st.OCIRegion,
			DisplayName: in.DisplayName, Tags: cloneTags(in.FreeformTags)}
		if d.DisplayName == "" {
			d.DisplayName = defaultName("drg", w.now)
		}
		w.st.DRGs[key(d.ID)] = d
		w.step(&d.ociState, kindDRG, d.ID, oci.Provisioning, w.lat.DRG, oci.Available)
		w.remember(kindDRG, retryToken, key(d.ID))
		w.advance(w.now) // with zero latency the DRG is AVAILABLE already
		return d.view(), nil
	})
}

// GetDRG reads a DRG (a TERMINATED one too).
func (f *ociFace) GetDRG(ctx context.Context, id string) (oci.DRG, error) {
	w := f.w
	return ociCall(f, ctx, "GetDRG", id, 0, func() (oci.DRG, error) {
		d, err := w.findDRG(id)
		if err != nil {
			return oci.DRG{}, err
		}
		return d.view(), nil
	})
}

// ListDRGs lists a compartment's DRGs that are not TERMINATED, by OCID
// (creation order).
func (f *ociFace) ListDRGs(ctx context.Context, compartmentID string) ([]oci.DRG, error) {
	w := f.w
	return ociCall(f, ctx, "ListDRGs", compartmentID, 0, func() ([]oci.DRG, error) {
		if err := w.needCompartment(compartmentID); err != nil {
			return nil, err
		}
		out := []oci.DRG{}
		for _, k := range sortedKeys(w.st.DRGs) {
			d := w.st.DRGs[k]
			if d.CompartmentID == compartmentID && d.State != oci.Terminated && w.visible(d.Region) {
				out = append(out, d.view())
			}
		}
		return out, nil
	})
}

// DeleteDRG deletes a DRG: TERMINATING, then TERMINATED after Latency.DRG.
// OCI refuses (409 Conflict) while attachments that are not DETACHED or
// virtual circuits that are not TERMINATED use it.
func (f *ociFace) DeleteDRG(ctx context.Context, id string) error {
	w := f.w
	_, err := ociCall(f, ctx, "DeleteDRG", id, 0, func() (struct{}, error) {
		d, err := w.findDRG(id)
		if err != nil {
			return struct{}{}, err
		}
		switch d.State {
		case oci.Terminating:
			return struct{}{}, nil
		case oci.Terminated:
			return struct{}{}, w.ociNotFound(id)
		case oci.Provisioning:
			return struct{}{}, w.ociConflict("IncorrectState", "DRG %s is PROVISIONING.", d.ID)
		}
		for _, k := range sortedKeys(w.st.DRGAttachments) {
			if a := w.st.DRGAttachments[k]; a.DRG == key(d.ID) && a.State != oci.Detached {
				return struct{}{}, w.ociConflict("Conflict", "DRG %s has attachment %s (%s); detach it first.", d.ID, a.ID, a.State)
			}
		}
		for _, k := range sortedKeys(w.st.VirtualCircuits) {
			if vc := w.st.VirtualCircuits[k]; vc.DRG == key(d.ID) && vc.State != oci.Terminated {
				return struct{}{}, w.ociConflict("Conflict", "DRG %s is used by virtual circuit %s (%s); delete it first.", d.ID, vc.ID, vc.State)
			}
		}
		w.step(&d.ociState, kindDRG, d.ID, oci.Terminating, w.lat.DRG, oci.Terminated)
		return struct{}{}, nil
	})
	return err
}

// ---------------------------------------------------------------------------
// DRG attachments

func (a *attachmentRec) view(w *World) oci.DRGAttachment {
	out := oci.DRGAttachment{ID: a.ID, CompartmentID: a.CompartmentID, DisplayName: a.DisplayName,
		FreeformTags: cloneTags(a.Tags), State: a.State}
	if d := w.st.DRGs[a.DRG]; d != nil {
		out.DRGID = d.ID
	}
	if v := w.st.VCNs[a.VCN]; v != nil {
		out.VCNID = v.ID
	}
	return out
}

func (w *World) findAttachment(id string) (*attachmentRec, error) {
	a := w.st.DRGAttachments[key(id)]
	if a == nil || !w.visible(a.Region) {
		return nil, w.ociNotFound(id)
	}
	return a, nil
}

// CreateDRGAttachment attaches an AVAILABLE DRG to a VCN: ATTACHING, then
// ATTACHED after Latency.DRGAttachment. A VCN can be attached to one DRG
// only (409 Conflict). The attachment is made in the DRG's compartment.
func (f *ociFace) CreateDRGAttachment(ctx context.Context, in oci.DRGAttachment, retryToken string) (oci.DRGAttachment, error) {
	w := f.w
	return ociCall(f, ctx, "CreateDRGAttachment", in.DRGID, 0, func() (oci.DRGAttachment, error) {
		if id, ok, err := w.retried(kindAttachment, retryToken); ok || err != nil {
			if err != nil {
				return oci.DRGAttachment{}, err
			}
			return w.st.DRGAttachments[id].view(w), nil
		}
		d, err := w.findDRG(in.DRGID)
		if err != nil {
			return oci.DRGAttachment{}, err
		}
		if d.State != oci.Available {
			return oci.DRGAttachment{}, w.ociConflict("IncorrectState", "DRG %s is %s, not AVAILABLE.", d.ID, d.State)
		}
		v := w.st.VCNs[key(in.VCNID)]
		if v == nil || !w.visible(v.Region) {
			return oci.DRGAttachment{}, w.ociNotFound(in.VCNID)
		}
		for _, k := range sortedKeys(w.st.DRGAttachments) {
			if a := w.st.DRGAttachments[k]; a.VCN == key(v.ID) && a.State != oci.Detached {
				return oci.DRGAttachment{}, w.ociConflict("Conflict", "VCN %s is already attached to DRG %s by %s.", v.ID, w.st.DRGs[a.DRG].ID, a.ID)
			}
		}
		a := &attachmentRec{ID: w.ocid("drgattachment", w.st.OCIRegion), CompartmentID: d.CompartmentID, Region: w.st.OCIRegion,
			DisplayName: in.DisplayName, DRG: key(d.ID), VCN: key(v.ID), Tags: cloneTags(in.FreeformTags)}
		if a.DisplayName == "" {
			a.DisplayName = defaultName("drgattachment", w.now)
		}
		w.st.DRGAttachments[key(a.ID)] = a
		w.step(&a.ociState, kindAttachment, a.ID, oci.Attaching, w.lat.DRGAttachment, oci.Attached)
		w.remember(kindAttachment, retryToken, key(a.ID))
		w.advance(w.now)
		return a.view(w), nil
	})
}

// GetDRGAttachment reads a DRG attachment (a DETACHED one too).
func (f *ociFace) GetDRGAttachment(ctx context.Context, id string) (oci.DRGAttachment, error) {
	w := f.w
	return ociCall(f, ctx, "GetDRGAttachment", id, 0, func() (oci.DRGAttachment, error) {
		a, err := w.findAttachment(id)
		if err != nil {
			return oci.DRGAttachment{}, err
		}
		return a.view(w), nil
	})
}

// ListDRGAttachments lists a compartment's attachments that are not
// DETACHED, narrowed to a VCN and/or a DRG, by OCID.
func (f *ociFace) ListDRGAttachments(ctx context.Context, compartmentID, vcnID, drgID string) ([]oci.DRGAttachment, error) {
	w := f.w
	return ociCall(f, ctx, "ListDRGAttachments", compartmentID, 0, func() ([]oci.DRGAttachment, error) {
		if err := w.needCompartment(compartmentID); err != nil {
			return nil, err
		}
		out := []oci.DRGAttachment{}
		for _, k := range sortedKeys(w.st.DRGAttachments) {
			a := w.st.DRGAttachments[k]
			if a.CompartmentID != compartmentID || a.State == oci.Detached || !w.visible(a.Region) ||
				(vcnID != "" && a.VCN != key(vcnID)) || (drgID != "" && a.DRG != key(drgID)) {
				continue
			}
			out = append(out, a.view(w))
		}
		return out, nil
	})
}

// DeleteDRGAttachment detaches: DETACHING, then DETACHED after
// Latency.DRGAttachment. OCI refuses (409 Conflict) while a route rule of the
// VCN still targets the DRG.
func (f *ociFace) DeleteDRGAttachment(ctx context.Context, id string) error {
	w := f.w
	_, err := ociCall(f, ctx, "DeleteDRGAttachment", id, 0, func() (struct{}, error) {
		a, err := w.findAttachment(id)
		if err != nil {
			return struct{}{}, err
		}
		switch a.State {
		case oci.Detaching:
			return struct{}{}, nil
		case oci.Detached:
			return struct{}{}, w.ociNotFound(id)
		case oci.Attaching:
			return struct{}{}, w.ociConflict("IncorrectState", "DRG attachment %s is ATTACHING.", a.ID)
		}
		for _, k := range sortedKeys(w.st.RouteTables) {
			rt := w.st.RouteTables[k]
			if rt.VCN != a.VCN {
				continue
			}
			for _, r := range rt.Rules {
				if key(r.NetworkEntityID) == a.DRG {
					return struct{}{}, w.ociConflict("Conflict",
						"Route table %s has a rule for %s targeting DRG %s; remove it before detaching the DRG.", rt.ID, r.Destination, r.NetworkEntityID)
				}
			}
		}
		w.step(&a.ociState, kindAttachment, a.ID, oci.Detaching, w.lat.DRGAttachment, oci.Detached)
		return struct{}{}, nil
	})
	return err
}

// ---------------------------------------------------------------------------
// FastConnect catalog

// ListProviderServices lists the FastConnect provider services; compartmentID
// must be the tenancy.
func (f *ociFace) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	w := f.w
	return ociCall(f, ctx, "ListProviderServices", compartmentID, 0, func() ([]oci.ProviderService, error) {
		// oci-go-sdk's ListFastConnectProviderServices asks for the OCID of
		// the tenancy (the root compartment); the simulator answers only
		// there, so that callers are held to it.
		if compartmentID != w.st.Tenancy {
			return nil, w.ociErr(http.StatusNotFound, "NotAuthorizedOrNotFound", compartmentID,
				"FastConnect provider services are listed in the tenancy (root compartment) %s, not in compartment %s.", w.st.Tenancy, compartmentID)
		}
		out := []oci.ProviderService{}
		for _, p := range cloneProviderServices(w.st.ProviderServices) {
			out = append(out, p.ProviderService)
		}
		return out, nil
	})
}

// ListBandwidthShapes lists the shapes a provider service offers.
func (f *ociFace) ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]oci.BandwidthShape, error) {
	w := f.w
	return ociCall(f, ctx, "ListBandwidthShapes", providerServiceID, 0, func() ([]oci.BandwidthShape, error) {
		p := w.providerService(providerServiceID)
		if p == nil {
			return nil, w.ociNotFound(providerServiceID)
		}
		return slices.Clone(p.Shapes), nil
	})
}

// ---------------------------------------------------------------------------
// Route tables

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
			return oci.RouteTable{}, w.ociErr(http.StatusPreconditionFailed, "NoEtagMatch", id,
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
