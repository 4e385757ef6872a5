package interconnect

import (
	"context"

	"github.com/azoci/interconnect/oci"
)

// loggedOCI logs every call to next (see callLog). Resources are named by
// OCID, a create by "<compartment>/<display name>" with the OCID it made;
// nothing a call sends or gets is logged beyond names (a virtual circuit
// carries the service key and the MD5 key).
type loggedOCI struct {
	next oci.Network
	log  callLog
}

// A method added to oci.Network fails this assertion until it is logged.
var _ oci.Network = loggedOCI{}

func (n loggedOCI) TenancyID() string { return n.next.TenancyID() } // no call: not logged

func (n loggedOCI) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	return logged(ctx, n.log, "GetVCN", where{id}, func(ctx context.Context) (oci.VCN, error) { return n.next.GetVCN(ctx, id) }, nil)
}

func (n loggedOCI) CreateDRG(ctx context.Context, d oci.DRG, retryToken string) (oci.DRG, error) {
	return logged(ctx, n.log, "CreateDRG", where{d.CompartmentID, d.DisplayName}, func(ctx context.Context) (oci.DRG, error) {
		return n.next.CreateDRG(ctx, d, retryToken)
	}, func(d oci.DRG) string { return d.ID })
}

func (n loggedOCI) GetDRG(ctx context.Context, id string) (oci.DRG, error) {
	return logged(ctx, n.log, "GetDRG", where{id}, func(ctx context.Context) (oci.DRG, error) { return n.next.GetDRG(ctx, id) }, nil)
}

func (n loggedOCI) ListDRGs(ctx context.Context, compartmentID string) ([]oci.DRG, error) {
	return logged(ctx, n.log, "ListDRGs", where{compartmentID}, func(ctx context.Context) ([]oci.DRG, error) {
		return n.next.ListDRGs(ctx, compartmentID)
	}, nil)
}

func (n loggedOCI) DeleteDRG(ctx context.Context, id string) error {
	return loggedErr(ctx, n.log, "DeleteDRG", where{id}, func(ctx context.Context) error { return n.next.DeleteDRG(ctx, id) })
}

func (n loggedOCI) CreateDRGAttachment(ctx context.Context, a oci.DRGAttachment, retryToken string) (oci.DRGAttachment, error) {
	return logged(ctx, n.log, "CreateDRGAttachment", where{a.DRGID, a.VCNID}, func(ctx context.Context) (oci.DRGAttachment, error) {
		return n.next.CreateDRGAttachment(ctx, a, retryToken)
	}, func(a oci.DRGAttachment) string { return a.ID })
}

func (n loggedOCI) GetDRGAttachment(ctx context.Context, id string) (oci.DRGAttachment, error) {
	return logged(ctx, n.log, "GetDRGAttachment", where{id}, func(ctx context.Context) (oci.DRGAttachment, error) {
		return n.next.GetDRGAttachment(ctx, id)
	}, nil)
}

func (n loggedOCI) ListDRGAttachments(ctx context.Context, compartmentID, vcnID, drgID string) ([]oci.DRGAttachment, error) {
	return logged(ctx, n.log, "ListDRGAttachments", where{compartmentID, vcnID, drgID}, func(ctx context.Context) ([]oci.DRGAttachment, error) {
		return n.next.ListDRGAttachments(ctx, compartmentID, vcnID, drgID)
	}, nil)
}

func (n loggedOCI) DeleteDRGAttachment(ctx context.Context, id string) error {
	return loggedErr(ctx, n.log, "DeleteDRGAttachment", where{id}, func(ctx context.Context) error { return n.next.DeleteDRGAttachment(ctx, id) })
}

func (n loggedOCI) GetDRGRouteTable(ctx context.Context, id string) (oci.DRGRouteTable, error) {
	return logged(ctx, n.log, "GetDRGRouteTable", where{id}, func(ctx context.Context) (oci.DRGRouteTable, error) {
		return n.next.GetDRGRouteTable(ctx, id)
	}, nil)
}

func (n loggedOCI) UpdateDRGRouteTable(ctx context.Context, id string, ecmp bool) (oci.DRGRouteTable, error) {
	return logged(ctx, n.log, "UpdateDRGRouteTable", where{id}, func(ctx context.Context) (oci.DRGRouteTable, error) {
		return n.next.UpdateDRGRouteTable(ctx, id, ecmp)
	}, nil)
}

func (n loggedOCI) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	return logged(ctx, n.log, "ListProviderServices", where{compartmentID}, func(ctx context.Context) ([]oci.ProviderService, error) {
		return n.next.ListProviderServices(ctx, compartmentID)
	}, nil)
}

func (n loggedOCI) ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]oci.BandwidthShape, error) {
	return logged(ctx, n.log, "ListBandwidthShapes", where{providerServiceID}, func(ctx context.Context) ([]oci.BandwidthShape, error) {
		return n.next.ListBandwidthShapes(ctx, providerServiceID)
	}, nil)
}

func (n loggedOCI) CreateVirtualCircuit(ctx context.Context, vc oci.VirtualCircuit, retryToken string) (oci.VirtualCircuit, error) {
	return logged(ctx, n.log, "CreateVirtualCircuit", where{vc.CompartmentID, vc.DisplayName}, func(ctx context.Context) (oci.VirtualCircuit, error) {
		return n.next.CreateVirtualCircuit(ctx, vc, retryToken)
	}, func(vc oci.VirtualCircuit) string { return vc.ID })
}

func (n loggedOCI) GetVirtualCircuit(ctx context.Context, id string) (oci.VirtualCircuit, error) {
	return logged(ctx, n.log, "GetVirtualCircuit", where{id}, func(ctx context.Context) (oci.VirtualCircuit, error) {
		return n.next.GetVirtualCircuit(ctx, id)
	}, nil)
}

func (n loggedOCI) FindVirtualCircuits(ctx context.Context, compartmentID, displayName string) ([]oci.VirtualCircuit, error) {
	return logged(ctx, n.log, "FindVirtualCircuits", where{compartmentID, displayName}, func(ctx context.Context) ([]oci.VirtualCircuit, error) {
		return n.next.FindVirtualCircuits(ctx, compartmentID, displayName)
	}, nil)
}

func (n loggedOCI) UpdateVirtualCircuit(ctx context.Context, id, bandwidthShapeName string) (oci.VirtualCircuit, error) {
	return logged(ctx, n.log, "UpdateVirtualCircuit", where{id}, func(ctx context.Context) (oci.VirtualCircuit, error) {
		return n.next.UpdateVirtualCircuit(ctx, id, bandwidthShapeName)
	}, nil)
}

func (n loggedOCI) DeleteVirtualCircuit(ctx context.Context, id string) error {
	return loggedErr(ctx, n.log, "DeleteVirtualCircuit", where{id}, func(ctx context.Context) error { return n.next.DeleteVirtualCircuit(ctx, id) })
}

func (n loggedOCI) GetRouteTable(ctx context.Context, id string) (oci.RouteTable, error) {
	return logged(ctx, n.log, "GetRouteTable", where{id}, func(ctx context.Context) (oci.RouteTable, error) {
		return n.next.GetRouteTable(ctx, id)
	}, nil)
}

func (n loggedOCI) UpdateRouteTable(ctx context.Context, id string, edit func(rules []oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
	return logged(ctx, n.log, "UpdateRouteTable", where{id}, func(ctx context.Context) (oci.RouteTable, error) {
		return n.next.UpdateRouteTable(ctx, id, edit)
	}, nil)
}

// loggedOCIMetrics logs every call to next, named by the compartment and
// namespace queried.
type loggedOCIMetrics struct {
	next oci.Metrics
	log  callLog
}

var _ oci.Metrics = loggedOCIMetrics{}

func (m loggedOCIMetrics) SummarizeMetrics(ctx context.Context, q oci.MetricQuery) ([]oci.MetricSeries, error) {
	return logged(ctx, m.log, "SummarizeMetrics", where{q.CompartmentID, q.Namespace}, func(ctx context.Context) ([]oci.MetricSeries, error) {
		return m.next.SummarizeMetrics(ctx, q)
	}, nil)
}
