package interconnect

// This file: the OCI reads of observe: each VCN with its route tables and
// attachments, the DRG, the virtual circuit and the FastConnect offers.

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/oci"
)

// readOCI starts the OCI reads: each VCN with its route tables and
// attachments, the DRG, our virtual circuits, and (readAll) the provider
// service and its shapes. A second location's virtual circuit found
// unasked (not probe) starts the reads of its Azure side.
func (c *Client) readOCI(ctx context.Context, g *errgroup.Group, s Spec, n names, mode readMode, o *observed, probe bool) {
	oc := c.oc
	for _, v := range o.vcns {
		g.Go(func() error { return c.readVCN(ctx, g, v, o) })
		g.Go(func() error { return v.atts.list(ctx, v.ref.compartmentID) })
		// The library's DRG, and so the attachments it makes, live in
		// oci.compartmentId, whatever the VCN's compartment.
		g.Go(func() error { return v.atts.list(ctx, s.OCI.CompartmentID) })
	}
	g.Go(func() error {
		if s.OCI.DRGID != "" {
			d, err := get(ctx, c, "oci DRG "+s.OCI.DRGID, func(ctx context.Context) (oci.DRG, error) {
				return oc.GetDRG(ctx, s.OCI.DRGID)
			})
			switch {
			case err != nil:
				return err
			case d == nil:
				o.problem("oci.drgId", s.OCI.DRGID, "DRG not found in the region; check the OCID or leave drgId empty to have one created")
				return nil
			case d.State == oci.Terminated:
				o.problem("oci.drgId", s.OCI.DRGID, "the DRG is TERMINATED; give a live DRG or leave drgId empty")
				return nil
			}
			o.drg = d
			for _, v := range o.vcns {
				g.Go(func() error { return v.atts.list(ctx, d.CompartmentID) })
			}
			return nil
		}
		drgs, err := call(ctx, c, "oci DRGs of "+s.OCI.CompartmentID, func(ctx context.Context) ([]oci.DRG, error) {
			return oc.ListDRGs(ctx, s.OCI.CompartmentID)
		})
		if i := slices.IndexFunc(drgs, func(d oci.DRG) bool { return ourDRG(d, n, s.Name) }); i >= 0 {
			o.drg = &drgs[i]
		}
		return err
	})
	g.Go(func() error {
		vcs, err := call(ctx, c, "oci virtual circuits named "+n.virtualCircuit, func(ctx context.Context) ([]oci.VirtualCircuit, error) {
			return oc.FindVirtualCircuits(ctx, s.OCI.CompartmentID, n.virtualCircuit)
		})
		for i := range vcs {
			switch st := o.sites[siteOfVC(vcs[i])]; {
			case vcs[i].State == oci.Terminated:
			case ourVirtualCircuit(vcs[i], s.Name) && st.vc == nil:
				st.vc = &vcs[i]
			default:
				o.foreignVCs = append(o.foreignVCs, vcs[i])
			}
		}
		// A second location a standard spec does not know of shows here
		// first: its virtual circuit shares the display name.
		if st := o.sites[1]; !st.wanted && !probe && st.vc != nil {
			c.readSite(ctx, g, s, st)
		}
		return err
	})
	if mode == readAll {
		g.Go(func() error {
			// oci-go-sdk's ListFastConnectProviderServices asks for the
			// tenancy (the root compartment).
			tenancy := oc.TenancyID()
			if tenancy == "" {
				tenancy = s.OCI.CompartmentID
			}
			svcs, err := call(ctx, c, "oci FastConnect provider services of "+tenancy, func(ctx context.Context) ([]oci.ProviderService, error) {
				return oc.ListProviderServices(ctx, tenancy)
			})
			if err != nil {
				return err
			}
			i := slices.IndexFunc(svcs, func(p oci.ProviderService) bool { return p.ProviderName == oci.AzureProviderName })
			if i < 0 {
				return nil // Plan reports it
			}
			o.providerService = &svcs[i]
			o.shapes, err = call(ctx, c, "oci bandwidth shapes of "+svcs[i].ID, func(ctx context.Context) ([]oci.BandwidthShape, error) {
				return oc.ListBandwidthShapes(ctx, svcs[i].ID)
			})
			return err
		})
	}
}

// readVCN reads one VCN, then its route tables (those the spec names, else
// its default one) and its attachments in its own compartment.
func (c *Client) readVCN(ctx context.Context, g *errgroup.Group, v *vcnState, o *observed) error {
	vcn, err := get(ctx, c, "oci VCN "+v.ref.id, func(ctx context.Context) (oci.VCN, error) {
		return c.oc.GetVCN(ctx, v.ref.id)
	})
	if err != nil || vcn == nil {
		return err
	}
	v.vcn = vcn
	if vcn.CompartmentID != "" {
		g.Go(func() error { return v.atts.list(ctx, vcn.CompartmentID) })
	}
	ids := v.ref.routeTableIDs
	if len(ids) == 0 && vcn.DefaultRouteTableID != "" {
		ids = []string{vcn.DefaultRouteTableID}
	}
	tables := make([]oci.RouteTable, len(ids))
	tg, tctx := errgroup.WithContext(ctx)
	for i, id := range ids {
		tg.Go(func() error {
			rt, err := call(tctx, c, "oci route table "+id, func(ctx context.Context) (oci.RouteTable, error) {
				return c.oc.GetRouteTable(ctx, id)
			})
			if errors.Is(err, oci.ErrNotFound) {
				o.problem(v.ref.field("routeTableIds"), id, "route table not found in the region; check the OCID")
				return nil
			}
			tables[i] = rt
			return err
		})
	}
	err = tg.Wait()
	v.routeTables = slices.DeleteFunc(tables, func(rt oci.RouteTable) bool { return rt.ID == "" })
	return err
}

// attachmentLister collects the VCN's DRG attachments from every compartment
// asked, each listed once.
type attachmentLister struct {
	c     *Client
	vcnID string

	mu     sync.Mutex
	listed map[string]bool
	found  []oci.DRGAttachment
}

// list lists the VCN's attachments in compartment, unless done already.
func (l *attachmentLister) list(ctx context.Context, compartment string) error {
	l.mu.Lock()
	if l.listed[compartment] {
		l.mu.Unlock()
		return nil
	}
	if l.listed == nil {
		l.listed = map[string]bool{}
	}
	l.listed[compartment] = true
	l.mu.Unlock()
	atts, err := call(ctx, l.c, "oci DRG attachments of VCN "+l.vcnID+" in "+compartment, func(ctx context.Context) ([]oci.DRGAttachment, error) {
		return l.c.oc.ListDRGAttachments(ctx, compartment, l.vcnID, "")
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range atts {
		if liveAttachment(a) && !slices.ContainsFunc(l.found, func(b oci.DRGAttachment) bool { return b.ID == a.ID }) {
			l.found = append(l.found, a)
		}
	}
	return err
}

// pick returns the VCN's live attachment, preferring one to drg: a VCN
// attaches to one DRG at a time.
func (l *attachmentLister) pick(drg *oci.DRG) *oci.DRGAttachment {
	slices.SortFunc(l.found, func(a, b oci.DRGAttachment) int { return strings.Compare(a.ID, b.ID) })
	for i := range l.found {
		if drg != nil && l.found[i].DRGID == drg.ID {
			return &l.found[i]
		}
	}
	if len(l.found) > 0 {
		return &l.found[0]
	}
	return nil
}
