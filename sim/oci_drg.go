package sim

import (
	"context"

	"github.com/azoci/interconnect/oci"
)

// This file: DRGs and DRG attachments, their lifecycles, and the conflicts
// OCI answers while one is in use (a DRG with an attachment or a virtual
// circuit, an attachment whose DRG a route rule of the VCN targets).

// ---------------------------------------------------------------------------
// DRGs

func (d *drgRec) view() oci.DRG {
	return oci.DRG{ID: d.ID, CompartmentID: d.CompartmentID, DisplayName: d.DisplayName, FreeformTags: cloneTags(d.Tags), State: d.State,
		DefaultVCNRouteTableID: defaultDRGTableID(d.ID, drgTableVCN)}
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
	if t, _ := w.drgTable(w.attachmentTable(a)); t != nil {
		out.DRGRouteTableID = t.ID
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
// only (409 Conflict). The attachment is made in the DRG's compartment, with
// the DRG route table it names (one of its DRG's), else the DRG's default
// table for VCN attachments (oci_drg_routetable.go).
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
		table, err := w.checkAttachmentTable(d, in.DRGRouteTableID)
		if err != nil {
			return oci.DRGAttachment{}, err
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
			DisplayName: in.DisplayName, DRG: key(d.ID), VCN: key(v.ID), Tags: cloneTags(in.FreeformTags), RouteTable: table}
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
