package interconnect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// This file: the first phase of Plan, PlanDestroy and Verify. Observe reads
// both clouds, concurrently, and records what exists; it decides nothing.

// observed is what the clouds hold for one interconnect. A nil pointer means
// the resource does not exist.
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
	// spokes are the estate's spoke VNets, in azure.spokes order.
	spokes []*spokeState

	// vcns are the estate's VCNs: oci.vcnId first, then oci.vcns.
	vcns            []*vcnState
	drg             *oci.DRG
	providerService *oci.ProviderService
	shapes          []oci.BandwidthShape
	vc              *oci.VirtualCircuit
	foreignVCs      []oci.VirtualCircuit // same display name, not ours

	// problems are what the reads found wrong with the spec (a DRG or route
	// table that does not exist, ...), all of them: Plan reports them with
	// its own, Verify and PlanDestroy on their own.
	problems   ValidationError
	problemsMu sync.Mutex
}

// vcnState is what the clouds hold for one VCN of the estate.
type vcnState struct {
	ref vcnRef
	vcn *oci.VCN // nil: not found
	// attachment is the VCN's attachment, to any DRG, found in the spec's
	// compartment, the VCN's or the DRG's (a hub DRG in a network
	// compartment keeps its attachments there).
	attachment  *oci.DRGAttachment
	routeTables []oci.RouteTable
	atts        *attachmentLister
}

// spokeState is what the clouds hold for one spoke VNet.
type spokeState struct {
	index int
	spec  SpokeSpec
	id    string                // the spoke VNet's ARM ID
	vnet  *azure.VirtualNetwork // nil: not found
	// hubSide is the hub's peering to the spoke, spokeSide the spoke's to
	// the hub, whatever their names; nil when absent.
	hubSide, spokeSide *azure.VirtualNetworkPeering
}

// linkSpokes finds the two sides of each spoke's peering with the hub.
func (o *observed) linkSpokes() {
	if o.vnet == nil {
		return
	}
	for _, sp := range o.spokes {
		// By the spoke's ID as the spec names it: a hub's side outlives a
		// deleted spoke (Disconnected), and teardown removes it even so.
		sp.hubSide = peeringTo(o.vnet.Peerings, sp.id)
		if sp.vnet != nil {
			sp.spokeSide = peeringTo(sp.vnet.Peerings, o.vnet.ID)
		}
	}
}

// peeringTo is the peering among ps whose remote VNet is remoteID, or nil
// (a VNet holds at most one per remote VNet).
func peeringTo(ps []azure.VirtualNetworkPeering, remoteID string) *azure.VirtualNetworkPeering {
	for i := range ps {
		if strings.EqualFold(ps[i].RemoteVirtualNetworkID, remoteID) {
			return &ps[i]
		}
	}
	return nil
}

// mainVCN is the state of oci.vcnId.
func (o *observed) mainVCN() *vcnState { return o.vcns[0] }

// azurePrefixes are the address spaces of the hub and every spoke found.
func (o *observed) azurePrefixes() []netip.Prefix {
	var out []netip.Prefix
	if o.vnet != nil {
		out = append(out, o.vnet.AddressSpace...)
	}
	for _, sp := range o.spokes {
		if sp.vnet != nil {
			out = append(out, sp.vnet.AddressSpace...)
		}
	}
	return out
}

// vcnCIDRs are the CIDRs of every VCN of the estate that was found.
func (o *observed) vcnCIDRs() []netip.Prefix {
	var out []netip.Prefix
	for _, v := range o.vcns {
		if v.vcn != nil {
			out = append(out, v.vcn.CIDRs...)
		}
	}
	return out
}

// problem records a problem with the spec that a read revealed.
func (o *observed) problem(field, value, problem string) {
	o.problemsMu.Lock()
	defer o.problemsMu.Unlock()
	o.problems.Add(field, value, problem)
}

// gateway is the VNet's ExpressRoute gateway, adopted or ours, or nil.
func (o *observed) gateway() *azure.Gateway {
	if o.subnetGateway != nil {
		return o.subnetGateway
	}
	return o.namedGateway
}

// readMode says which reads a caller needs.
type readMode int

const (
	readAll      readMode = iota // everything Plan needs, including the offers
	readExisting                 // what exists (PlanDestroy, Verify)
)

// observe applies the spec's defaults, validates it offline, checks the
// Azure client's subscription and reads both clouds. Nothing is read when the
// spec is invalid. With readExisting, what the reads found wrong with the
// spec is returned as the error; with readAll it is left in o.problems for
// Plan to report with its own.
func (c *Client) observe(ctx context.Context, s Spec, mode readMode) (Spec, *observed, error) {
	s = s.WithDefaults(c.cfg.catalog)
	if err := s.ValidateWith(c.cfg.catalog); err != nil {
		return s, nil, err
	}
	if sub := c.az.SubscriptionID(); sub != "" && !strings.EqualFold(sub, s.Azure.SubscriptionID) {
		return s, nil, fieldErr("azure.subscriptionId", s.Azure.SubscriptionID, "the Azure client is for subscription "+sub+"; use a client for the spec's subscription")
	}
	o, err := c.read(ctx, s, mode)
	if err != nil {
		return s, nil, err
	}
	if mode == readExisting {
		if err := o.problems.Err(); err != nil {
			return s, nil, err
		}
	}
	return s, o, nil
}

// fieldErr is a *ValidationError with one problem.
func fieldErr(field, value, problem string) error {
	v := &ValidationError{}
	v.Add(field, value, problem)
	return v.Err()
}

// read reads both clouds concurrently. A missing resource is not an error; a
// failed read is, naming the resource.
func (c *Client) read(ctx context.Context, s Spec, mode readMode) (*observed, error) {
	n := namesFor(s)
	o := &observed{}
	for _, ref := range s.vcnRefs() {
		o.vcns = append(o.vcns, &vcnState{ref: ref, atts: &attachmentLister{c: c, vcnID: ref.id}})
	}
	for i, sp := range s.Azure.Spokes {
		id := azure.ResourceID(s.Azure.SubscriptionID, sp.ResourceGroup, "virtualNetworks", sp.VirtualNetwork)
		o.spokes = append(o.spokes, &spokeState{index: i, spec: sp, id: id})
	}
	g, ctx := errgroup.WithContext(ctx)
	c.readAzure(ctx, g, s, n, mode, o)
	c.readOCI(ctx, g, s, n, mode, o)
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, v := range o.vcns {
		v.attachment = v.atts.pick(o.drg)
	}
	o.linkSpokes()
	return o, nil
}

// readAzure starts the Azure reads: the VNet and the gateway in its
// GatewaySubnet, our gateway, public IP, circuit with its peering,
// connection, and (readAll) the service providers.
func (c *Client) readAzure(ctx context.Context, g *errgroup.Group, s Spec, n names, mode readMode, o *observed) {
	az, rg := c.az, s.Azure.ResourceGroup
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
		for _, ref := range gatewaysIn(o.gatewaySubnet.IPConfigurationIDs) {
			if strings.EqualFold(ref.ResourceGroup, rg) && strings.EqualFold(ref.Name(gatewaysType), n.gateway) {
				continue // ours: read by name below
			}
			gw, err := get(ctx, c, "azure gateway "+ref.ResourceGroup+"/"+ref.Name(gatewaysType), func(ctx context.Context) (azure.Gateway, error) {
				return az.GetGateway(ctx, ref.ResourceGroup, ref.Name(gatewaysType))
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
	g.Go(func() (err error) {
		o.namedGateway, err = get(ctx, c, "azure gateway "+rg+"/"+n.gateway, func(ctx context.Context) (azure.Gateway, error) {
			return az.GetGateway(ctx, rg, n.gateway)
		})
		return err
	})
	g.Go(func() (err error) {
		o.publicIP, err = get(ctx, c, "azure public IP "+rg+"/"+n.publicIP, func(ctx context.Context) (azure.PublicIP, error) {
			return az.GetPublicIP(ctx, rg, n.publicIP)
		})
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
		o.peering, err = get(ctx, c, "azure private peering of "+rg+"/"+n.circuit, func(ctx context.Context) (azure.PrivatePeering, error) {
			return az.GetPrivatePeering(ctx, rg, n.circuit)
		})
		return err
	})
	g.Go(func() (err error) {
		o.connection, err = get(ctx, c, "azure connection "+rg+"/"+n.connection, func(ctx context.Context) (azure.Connection, error) {
			return az.GetConnection(ctx, rg, n.connection)
		})
		return err
	})
	for _, sp := range o.spokes {
		g.Go(func() (err error) {
			sp.vnet, err = get(ctx, c, "azure virtual network "+sp.spec.ResourceGroup+"/"+sp.spec.VirtualNetwork, func(ctx context.Context) (azure.VirtualNetwork, error) {
				return az.GetVirtualNetwork(ctx, sp.spec.ResourceGroup, sp.spec.VirtualNetwork)
			})
			return err
		})
	}
	if mode == readAll {
		g.Go(func() (err error) {
			o.providers, err = call(ctx, c, "azure ExpressRoute service providers", az.ListServiceProviders)
			return err
		})
	}
}

// readOCI starts the OCI reads: each VCN with its route tables and
// attachments, the DRG, our virtual circuit, and (readAll) the provider
// service and its shapes.
func (c *Client) readOCI(ctx context.Context, g *errgroup.Group, s Spec, n names, mode readMode, o *observed) {
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
			switch {
			case vcs[i].State == oci.Terminated:
			case ourVirtualCircuit(vcs[i], s.Name) && o.vc == nil:
				o.vc = &vcs[i]
			default:
				o.foreignVCs = append(o.foreignVCs, vcs[i])
			}
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

// gatewaysType is the ARM type of virtual network gateways.
const gatewaysType = "virtualNetworkGateways"

// gatewaysIn returns the gateways that own a subnet's IP configurations
// (".../virtualNetworkGateways/<gateway>/ipConfigurations/<config>"), each
// once: that is how the gateway in a GatewaySubnet is found whatever its name.
func gatewaysIn(ipConfigIDs []string) []azure.ParsedID {
	var refs []azure.ParsedID
	for _, id := range ipConfigIDs {
		p := azure.ParseID(id)
		if p.ResourceGroup == "" || p.Name(gatewaysType) == "" {
			continue
		}
		if !slices.ContainsFunc(refs, func(r azure.ParsedID) bool {
			return r.ResourceGroup == p.ResourceGroup && r.Name(gatewaysType) == p.Name(gatewaysType)
		}) {
			refs = append(refs, p)
		}
	}
	return refs
}
