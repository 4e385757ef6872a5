package sim

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// This file: FastConnect virtual circuits. What happens after creation (the
// handoff with Azure) is in handoff.go.

func (w *World) vcView(vc *vcRec) oci.VirtualCircuit {
	out := oci.VirtualCircuit{ID: vc.ID, CompartmentID: vc.CompartmentID, DisplayName: vc.DisplayName, Type: vc.Type,
		BandwidthShapeName: vc.Shape, ProviderServiceID: vc.ProviderService, ProviderServiceKeyName: secret.Value(vc.ServiceKey),
		FreeformTags: cloneTags(vc.Tags), State: vc.State, ProviderState: oci.ProviderInactive, BGPSessionState: oci.BGPDown,
		OracleBGPASN: oci.OracleASN}
	if d := w.st.DRGs[vc.DRG]; d != nil {
		out.GatewayID = d.ID
	}
	for _, m := range vc.Mappings {
		out.CrossConnectMappings = append(out.CrossConnectMappings, oci.CrossConnectMapping{
			OracleBGPPeeringIP: m.Oracle, CustomerBGPPeeringIP: m.Customer, BGPMD5AuthKey: secret.Value(m.MD5)})
	}
	if vc.State == oci.Provisioned {
		out.ProviderState = oci.ProviderActive
	}
	if w.vcBGPUp(vc) {
		out.BGPSessionState = oci.BGPUp
	}
	return out
}

func (w *World) findVC(id string) (*vcRec, error) {
	vc := w.st.VirtualCircuits[key(id)]
	if vc == nil || !w.visible(vc.Region) {
		return nil, w.ociNotFound(id)
	}
	return vc, nil
}

// CreateVirtualCircuit orders a PRIVATE FastConnect virtual circuit on an
// AVAILABLE DRG. The provider service must offer the shape; there must be
// exactly two cross-connect mappings, each with the Oracle and customer
// addresses written a.b.c.d/30 inside one masked /30 (distinct host
// addresses), the two /30s disjoint, and an MD5 key of at most 32 printable
// characters. The circuit starts PENDING_PROVIDER; see startHandoff.
func (f *ociFace) CreateVirtualCircuit(ctx context.Context, in oci.VirtualCircuit, retryToken string) (oci.VirtualCircuit, error) {
	w := f.w
	return ociCall(f, ctx, "CreateVirtualCircuit", in.CompartmentID, 0, func() (oci.VirtualCircuit, error) {
		if err := w.needCompartment(in.CompartmentID); err != nil {
			return oci.VirtualCircuit{}, err
		}
		if id, ok, err := w.retried(kindVC, retryToken); ok || err != nil {
			if err != nil {
				return oci.VirtualCircuit{}, err
			}
			return w.vcView(w.st.VirtualCircuits[id]), nil
		}
		if err := w.checkVC(in); err != nil {
			return oci.VirtualCircuit{}, err
		}
		vc := &vcRec{ID: w.ocid("virtualcircuit", w.st.OCIRegion), CompartmentID: in.CompartmentID, Region: w.st.OCIRegion,
			DisplayName: in.DisplayName, Type: in.Type, Shape: in.BandwidthShapeName, DRG: key(in.GatewayID),
			ProviderService: w.providerService(in.ProviderServiceID).ID, ServiceKey: in.ProviderServiceKeyName.Reveal(),
			Tags: cloneTags(in.FreeformTags), Created: w.now}
		if vc.DisplayName == "" {
			vc.DisplayName = defaultName("virtualcircuit", w.now)
		}
		for _, m := range in.CrossConnectMappings {
			vc.Mappings = append(vc.Mappings, mappingRec{Oracle: m.OracleBGPPeeringIP, Customer: m.CustomerBGPPeeringIP, MD5: m.BGPMD5AuthKey.Reveal()})
		}
		w.st.VirtualCircuits[key(vc.ID)] = vc
		vc.State, vc.Op = oci.PendingProvider, w.nextSeq()
		w.startHandoff(vc, w.cur.vcFate)
		w.remember(kindVC, retryToken, key(vc.ID))
		w.advance(w.now)
		return w.vcView(vc), nil
	})
}

// checkVC enforces the creation rules (mu held). Errors never echo a key.
func (w *World) checkVC(in oci.VirtualCircuit) error {
	if in.Type != oci.CircuitTypePrivate {
		return w.ociInvalid("Virtual circuit type %q is not supported here: use %s.", in.Type, oci.CircuitTypePrivate)
	}
	d, err := w.findDRG(in.GatewayID)
	if err != nil {
		return err
	}
	if d.State != oci.Available {
		return w.ociConflict("IncorrectState", "DRG %s is %s, not AVAILABLE.", d.ID, d.State)
	}
	ps := w.providerService(in.ProviderServiceID)
	if ps == nil {
		return w.ociInvalid("Provider service %s does not exist.", in.ProviderServiceID)
	}
	if !slices.Contains(ps.CircuitTypes, in.Type) {
		return w.ociInvalid("Provider service %s (%s) does not offer %s virtual circuits.", ps.ID, ps.ProviderName, in.Type)
	}
	if !slices.ContainsFunc(ps.Shapes, func(s oci.BandwidthShape) bool { return s.Name == in.BandwidthShapeName }) {
		var names []string
		for _, s := range ps.Shapes {
			names = append(names, s.Name)
		}
		return w.ociInvalid("Bandwidth shape %q is not offered by %s; it offers %s.", in.BandwidthShapeName, ps.ProviderName, strings.Join(names, ", "))
	}
	if len(in.CrossConnectMappings) != 2 {
		return w.ociInvalid("A virtual circuit to %s needs exactly 2 cross-connect mappings (primary and secondary), not %d.",
			ps.ProviderName, len(in.CrossConnectMappings))
	}
	var blocks []netip.Prefix
	for i, m := range in.CrossConnectMappings {
		o, c := m.OracleBGPPeeringIP, m.CustomerBGPPeeringIP
		lo, hi := hostAddrs(o)
		switch {
		case !validBGPAddr(o) || !validBGPAddr(c):
			return w.ociInvalid("Cross-connect mapping %d: BGP peering addresses must be IPv4 addresses written with their /30, e.g. 10.0.0.1/30.", i)
		case o.Masked() != c.Masked():
			return w.ociInvalid("Cross-connect mapping %d: the Oracle (%s) and customer (%s) BGP addresses must be in the same /30.", i, o, c)
		case o.Addr() == c.Addr():
			return w.ociInvalid("Cross-connect mapping %d: the Oracle and customer BGP addresses must differ.", i)
		case (o.Addr() != lo && o.Addr() != hi) || (c.Addr() != lo && c.Addr() != hi):
			return w.ociInvalid("Cross-connect mapping %d: BGP addresses must be host addresses of %s.", i, o.Masked())
		case len(m.BGPMD5AuthKey.Reveal()) > 32 || !printable(m.BGPMD5AuthKey.Reveal()):
			return w.ociInvalid("Cross-connect mapping %d: the BGP MD5 authentication key is malformed (at most 32 printable ASCII characters).", i)
		}
		blocks = append(blocks, o.Masked())
	}
	if blocks[0].Overlaps(blocks[1]) {
		return w.ociInvalid("The two cross-connect mappings must use different /30 blocks; both use %s.", blocks[0])
	}
	return nil
}

func validBGPAddr(p netip.Prefix) bool { return p.IsValid() && p.Addr().Is4() && p.Bits() == 30 }

func printable(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

// GetVirtualCircuit reads a virtual circuit (a TERMINATED one too).
func (f *ociFace) GetVirtualCircuit(ctx context.Context, id string) (oci.VirtualCircuit, error) {
	w := f.w
	return ociCall(f, ctx, "GetVirtualCircuit", id, 0, func() (oci.VirtualCircuit, error) {
		vc, err := w.findVC(id)
		if err != nil {
			return oci.VirtualCircuit{}, err
		}
		return w.vcView(vc), nil
	})
}

// FindVirtualCircuits lists a compartment's virtual circuits with a display
// name that are not TERMINATED, by OCID.
func (f *ociFace) FindVirtualCircuits(ctx context.Context, compartmentID, displayName string) ([]oci.VirtualCircuit, error) {
	w := f.w
	return ociCall(f, ctx, "FindVirtualCircuits", compartmentID, 0, func() ([]oci.VirtualCircuit, error) {
		if err := w.needCompartment(compartmentID); err != nil {
			return nil, err
		}
		out := []oci.VirtualCircuit{}
		for _, k := range sortedKeys(w.st.VirtualCircuits) {
			vc := w.st.VirtualCircuits[k]
			if vc.CompartmentID == compartmentID && vc.DisplayName == displayName && vc.State != oci.Terminated && w.visible(vc.Region) {
				out = append(out, w.vcView(vc))
			}
		}
		return out, nil
	})
}

// UpdateVirtualCircuit changes a PROVISIONED virtual circuit's bandwidth
// shape, at once (409 IncorrectState in any other state). The provider
// service must offer the shape (400) and, for a circuit provisioned through
// Azure, the ExpressRoute circuit must already run at that bandwidth (400
// naming it: raise the circuit first).
func (f *ociFace) UpdateVirtualCircuit(ctx context.Context, id, shape string) (oci.VirtualCircuit, error) {
	w := f.w
	return ociCall(f, ctx, "UpdateVirtualCircuit", id, 0, func() (oci.VirtualCircuit, error) {
		vc, err := w.findVC(id)
		if err != nil {
			return oci.VirtualCircuit{}, err
		}
		if vc.State != oci.Provisioned {
			return oci.VirtualCircuit{}, w.ociConflict("IncorrectState", "Virtual circuit %s is %s; its bandwidth can change only when PROVISIONED.", vc.ID, vc.State)
		}
		ps := w.providerService(vc.ProviderService)
		i := -1
		if ps != nil {
			i = slices.IndexFunc(ps.Shapes, func(s oci.BandwidthShape) bool { return s.Name == shape })
		}
		if i < 0 {
			return oci.VirtualCircuit{}, w.ociInvalid("Bandwidth shape %q is not offered by the virtual circuit's provider service.", shape)
		}
		if c := w.st.Circuits[vc.Circuit]; c != nil && c.BandwidthMbps != ps.Shapes[i].Mbps {
			return oci.VirtualCircuit{}, w.ociInvalid("The provider refuses %s: ExpressRoute circuit %s runs at %d Mbps; change it first.", shape, c.Name, c.BandwidthMbps)
		}
		vc.Shape = shape
		return w.vcView(vc), nil
	})
}

// DeleteVirtualCircuit deletes a virtual circuit: TERMINATING at once (its
// ExpressRoute circuit turns Deprovisioning), TERMINATED after
// Latency.VirtualCircuit (the circuit is then NotProvisioned and loses the
// peering Oracle configured).
func (f *ociFace) DeleteVirtualCircuit(ctx context.Context, id string) error {
	w := f.w
	_, err := ociCall(f, ctx, "DeleteVirtualCircuit", id, 0, func() (struct{}, error) {
		vc, err := w.findVC(id)
		if err != nil {
			return struct{}{}, err
		}
		switch vc.State {
		case oci.Terminating:
			return struct{}{}, nil
		case oci.Terminated:
			return struct{}{}, w.ociNotFound(id)
		}
		if w.cur.stallTermination {
			// ProviderStallsTermination: TERMINATING for good.
			vc.State, vc.Op = oci.Terminating, w.nextSeq()
		} else {
			w.step(&vc.ociState, kindVC, vc.ID, oci.Terminating, w.lat.VirtualCircuit, oci.Terminated)
		}
		w.releaseHandoff(vc)
		return struct{}{}, nil
	})
	return err
}
