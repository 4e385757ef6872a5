package interconnect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// observed is what Plan, PlanDestroy and Verify read from both clouds. A nil
// pointer means the resource does not exist.
type observed struct {
	vnet          *azure.VirtualNetwork
	gatewaySubnet *azure.Subnet
	// subnetGateway is an ExpressRoute gateway found in the GatewaySubnet
	// under another name than ours (one to adopt); namedGateway is the one
	// with our name, which is not listed in the subnet while being created.
	subnetGateway *azure.Gateway
	namedGateway  *azure.Gateway
	publicIP      *azure.PublicIP
	circuit       *azure.Circuit
	peering       *azure.PrivatePeering
	connection    *azure.Connection
	providers     []azure.ServiceProvider

	vcn *oci.VCN
	drg *oci.DRG
	// attachment is the VCN's attachment, to any DRG, found in the spec's
	// compartment, the VCN's or the given DRG's (a hub DRG in a network
	// compartment keeps its attachments there).
	attachment      *oci.DRGAttachment
	providerService *oci.ProviderService
	shapes          []oci.BandwidthShape
	vc              *oci.VirtualCircuit
	foreignVCs      []oci.VirtualCircuit // same display name, not ours
	routeTables     []oci.RouteTable

	// problems are what the reads found wrong with the spec (a DRG or route
	// table that does not exist, ...), all of them: Plan reports them with
	// its own, Verify and PlanDestroy on their own.
	problems   ValidationError
	problemsMu sync.Mutex
}

// problem records a problem with the spec that a read revealed.
func (o *observed) problem(field, value, problem string) {
	o.problemsMu.Lock()
	defer o.problemsMu.Unlock()
	o.problems.Add(field, value, problem)
}

// readMode says which reads a caller needs.
type readMode int

const (
	readForApply   readMode = iota // everything Plan needs, including offers
	readForDestroy                 // only what may need deleting
)

// read reads both clouds concurrently. A missing resource is not an error; a
// failed read is, naming the resource.
func (c *Client) read(ctx context.Context, s Spec, mode readMode) (*observed, error) {
	n := namesFor(s)
	az, oc := c.az, c.oc
	rg := s.Azure.ResourceGroup
	o := &observed{}
	g, ctx := errgroup.WithContext(ctx)
	atts := &attachmentLister{c: c, vcnID: s.OCI.VCNID}

	// Azure: the VNet, then the ExpressRoute gateway in its GatewaySubnet.
	g.Go(func() error {
		vnet, err := get(ctx, c, "azure virtual network "+rg+"/"+s.Azure.VirtualNetwork, func(ctx context.Context) (azure.VirtualNetwork, error) {
			return az.GetVirtualNetwork(ctx, rg, s.Azure.VirtualNetwork)
		})
		if err != nil || vnet == nil {
			return err
		}
		o.vnet = vnet
		if i := slices.IndexFunc(vnet.Subnets, func(sn azure.Subnet) bool { return strings.EqualFold(sn.Name, azure.GatewaySubnetName) }); i >= 0 {
			o.gatewaySubnet = &vnet.Subnets[i]
		}
		if o.gatewaySubnet == nil {
			return nil
		}
		for _, ref := range gatewayRefs(o.gatewaySubnet.IPConfigurationIDs) {
			if strings.EqualFold(ref.group, rg) && strings.EqualFold(ref.name, n.gateway) {
				continue // ours: read by name below
			}
			gw, err := get(ctx, c, "azure gateway "+ref.group+"/"+ref.name, func(ctx context.Context) (azure.Gateway, error) {
				return az.GetGateway(ctx, ref.group, ref.name)
			})
			if err != nil {
				return err
			}
			if gw != nil && gw.GatewayType == azure.GatewayTypeExpressRoute {
				o.subnetGateway = gw
				return nil
			}
		}
		return nil
	})
	g.Go(func() error {
		gw, err := get(ctx, c, "azure gateway "+rg+"/"+n.gateway, func(ctx context.Context) (azure.Gateway, error) {
			return az.GetGateway(ctx, rg, n.gateway)
		})
		o.namedGateway = gw
		return err
	})
	g.Go(func() error {
		ip, err := get(ctx, c, "azure public IP "+rg+"/"+n.publicIP, func(ctx context.Context) (azure.PublicIP, error) {
			return az.GetPublicIP(ctx, rg, n.publicIP)
		})
		o.publicIP = ip
		return err
	})
	g.Go(func() error {
		ckt, err := get(ctx, c, "azure ExpressRoute circuit "+rg+"/"+n.circuit, func(ctx context.Context) (azure.Circuit, error) {
			return az.GetCircuit(ctx, rg, n.circuit)
		})
		if err != nil || ckt == nil {
			return err
		}
		o.circuit = ckt
		if ckt.State == azure.Deleting {
			return nil
		}
		p, err := get(ctx, c, "azure private peering of "+rg+"/"+n.circuit, func(ctx context.Context) (azure.PrivatePeering, error) {
			return az.GetPrivatePeering(ctx, rg, n.circuit)
		})
		o.peering = p
		return err
	})
	g.Go(func() error {
		conn, err := get(ctx, c, "azure connection "+rg+"/"+n.connection, func(ctx context.Context) (azure.Connection, error) {
			return az.GetConnection(ctx, rg, n.connection)
		})
		o.connection = conn
		return err
	})
	if mode == readForApply {
		g.Go(func() error {
			ps, err := call(ctx, c, "azure ExpressRoute service providers", az.ListServiceProviders)
			o.providers = ps
			return err
		})
	}

	// OCI: the VCN and its route tables.
	g.Go(func() error {
		vcn, err := get(ctx, c, "oci VCN "+s.OCI.VCNID, func(ctx context.Context) (oci.VCN, error) {
			return oc.GetVCN(ctx, s.OCI.VCNID)
		})
		if err != nil || vcn == nil {
			return err
		}
		o.vcn = vcn
		if vcn.CompartmentID != "" {
			g.Go(func() error { return atts.list(ctx, vcn.CompartmentID) })
		}
		ids := s.OCI.RouteTableIDs
		if len(ids) == 0 && vcn.DefaultRouteTableID != "" {
			ids = []string{vcn.DefaultRouteTableID}
		}
		tables := make([]oci.RouteTable, len(ids))
		tg, tctx := errgroup.WithContext(ctx)
		for i, id := range ids {
			tg.Go(func() error {
				rt, err := call(tctx, c, "oci route table "+id, func(ctx context.Context) (oci.RouteTable, error) {
					return oc.GetRouteTable(ctx, id)
				})
				if errors.Is(err, oci.ErrNotFound) {
					o.problem("oci.routeTableIds", id, "route table not found in the region; check the OCID")
					return nil
				}
				tables[i] = rt
				return err
			})
		}
		err = tg.Wait()
		o.routeTables = slices.DeleteFunc(tables, func(rt oci.RouteTable) bool { return rt.ID == "" })
		return err
	})
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
			return atts.list(ctx, d.CompartmentID)
		}
		drgs, err := call(ctx, c, "oci DRGs of "+s.OCI.CompartmentID, func(ctx context.Context) ([]oci.DRG, error) {
			return oc.ListDRGs(ctx, s.OCI.CompartmentID)
		})
		for i := range drgs {
			if drgs[i].DisplayName == n.drg && ownedBy(drgs[i].FreeformTags, s.Name) && drgs[i].State != oci.Terminated {
				o.drg = &drgs[i]
				break
			}
		}
		return err
	})
	g.Go(func() error { return atts.list(ctx, s.OCI.CompartmentID) })
	g.Go(func() error {
		vcs, err := call(ctx, c, "oci virtual circuits named "+n.virtualCircuit, func(ctx context.Context) ([]oci.VirtualCircuit, error) {
			return oc.FindVirtualCircuits(ctx, s.OCI.CompartmentID, n.virtualCircuit)
		})
		for i := range vcs {
			switch {
			case vcs[i].State == oci.Terminated:
			case ownedBy(vcs[i].FreeformTags, s.Name) && o.vc == nil:
				o.vc = &vcs[i]
			default:
				o.foreignVCs = append(o.foreignVCs, vcs[i])
			}
		}
		return err
	})
	if mode == readForApply {
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
				return nil // resolve reports it
			}
			o.providerService = &svcs[i]
			shapes, err := call(ctx, c, "oci bandwidth shapes of "+svcs[i].ID, func(ctx context.Context) ([]oci.BandwidthShape, error) {
				return oc.ListBandwidthShapes(ctx, svcs[i].ID)
			})
			o.shapes = shapes
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	o.attachment = atts.pick(o.drg)
	return o, nil
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
		if a.State != oci.Detached && !slices.ContainsFunc(l.found, func(b oci.DRGAttachment) bool { return b.ID == a.ID }) {
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

// get runs a read through call and turns "not found" into a nil result.
func get[T any](ctx context.Context, c *Client, what string, f func(context.Context) (T, error)) (*T, error) {
	v, err := call(ctx, c, what, f)
	switch {
	case errors.Is(err, azure.ErrNotFound), errors.Is(err, oci.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return &v, nil
}

type resourceRef struct{ group, name string }

// gatewayRefs extracts the gateways from a subnet's IP configuration IDs
// (".../resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworkGateways/<name>/ipConfigurations/<c>").
func gatewayRefs(ids []string) []resourceRef {
	var refs []resourceRef
	for _, id := range ids {
		parts := strings.Split(strings.Trim(id, "/"), "/")
		var ref resourceRef
		for i := 0; i+1 < len(parts); i++ {
			switch strings.ToLower(parts[i]) {
			case "resourcegroups":
				ref.group = parts[i+1]
			case "virtualnetworkgateways":
				ref.name = parts[i+1]
			}
		}
		if ref.group != "" && ref.name != "" && !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	return refs
}
