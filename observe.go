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
	// sites are the peering locations' circuits, peerings, connections and
	// virtual circuits, the first location first. A second site is there
	// when the spec asks for maximum resiliency, or when a standard spec
	// finds one it must remove.
	sites     []*siteState
	providers []azure.ServiceProvider
	// spokes are the estate's spoke VNets, in azure.spokes order.
	spokes []*spokeState

	// vcns are the estate's VCNs: oci.vcnId first, then oci.vcns.
	vcns            []*vcnState
	drg             *oci.DRG
	providerService *oci.ProviderService
	shapes          []oci.BandwidthShape
	foreignVCs      []oci.VirtualCircuit // same display name, not ours
	// drgTables are the DRG route tables the VCN attachments use (see
	// ecmp.go), read when two sites exist; drgTablesErr says why one could
	// not be.
	drgTables map[string]*oci.DRGRouteTable
	// load is what Plan found on the VNet's existing gateway: its
	// connections and the other circuits they join (observe_gateway.go).
	load gatewayLoad

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

// first is the first location's site.
func (o *observed) first() *siteState { return o.sites[0] }

// second is the second location's site, or nil.
func (o *observed) second() *siteState {
	if len(o.sites) < 2 {
		return nil
	}
	return o.sites[1]
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
	// A spec that names its resiliency, standard included, has the second
	// location looked for at once: going back from maximum, or resuming
	// that. Without the key it is looked for through the virtual circuits'
	// one read, so that a standard spec reads what it always did.
	probe := strings.TrimSpace(s.Resiliency) != ""
	s, err := c.usable(s)
	if err != nil {
		return s, nil, err
	}
	o, err := c.read(ctx, s, mode, probe)
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

// usable applies the spec's defaults and checks, without a call, that it is
// valid and that the Azure client is for its subscription.
func (c *Client) usable(s Spec) (Spec, error) {
	s = s.WithDefaults(c.cfg.catalog)
	if err := s.ValidateWith(c.cfg.catalog); err != nil {
		return s, err
	}
	if sub := c.az.SubscriptionID(); sub != "" && !strings.EqualFold(sub, s.Azure.SubscriptionID) {
		return s, fieldErr("azure.subscriptionId", s.Azure.SubscriptionID, "the Azure client is for subscription "+sub+"; use a client for the spec's subscription")
	}
	return s, nil
}

// fieldErr is a *ValidationError with one problem.
func fieldErr(field, value, problem string) error {
	v := &ValidationError{}
	v.Add(field, value, problem)
	return v.Err()
}

// read reads both clouds concurrently. A missing resource is not an error; a
// failed read is, naming the resource.
func (c *Client) read(ctx context.Context, s Spec, mode readMode, probe bool) (*observed, error) {
	n := namesFor(s)
	o := &observed{}
	for _, st := range sitesFor(s) {
		o.sites = append(o.sites, &siteState{site: st, wanted: true})
	}
	if len(o.sites) == 1 {
		o.sites = append(o.sites, &siteState{site: siteOf(s, 1, "")})
	}
	for _, ref := range s.vcnRefs() {
		o.vcns = append(o.vcns, &vcnState{ref: ref, atts: &attachmentLister{c: c, vcnID: ref.id}})
	}
	for i, sp := range s.Azure.Spokes {
		id := azure.ResourceID(s.Azure.SubscriptionID, sp.ResourceGroup, "virtualNetworks", sp.VirtualNetwork)
		o.spokes = append(o.spokes, &spokeState{index: i, spec: sp, id: id})
	}
	g, gctx := errgroup.WithContext(ctx)
	c.readAzure(gctx, g, s, n, mode, o)
	for _, st := range o.sites {
		if st.wanted || probe {
			c.readSite(gctx, g, s, st)
		}
	}
	c.readOCI(gctx, g, s, n, mode, o, probe)
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, v := range o.vcns {
		v.attachment = v.atts.pick(o.drg)
	}
	o.linkSpokes()
	if st := o.second(); !st.wanted && !st.exists() {
		o.sites = o.sites[:1]
	} else {
		st.learnLocation()
		if err := c.readDRGTables(ctx, s, mode, o); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// readSite starts the reads of a site's circuit with its peering, and its
// connection.
func (c *Client) readSite(ctx context.Context, g *errgroup.Group, s Spec, st *siteState) {
	az, rg := c.az, s.Azure.ResourceGroup
	g.Go(func() error {
		ckt, err := get(ctx, c, "azure ExpressRoute circuit "+rg+"/"+st.circuitName, func(ctx context.Context) (azure.Circuit, error) {
			return az.GetCircuit(ctx, rg, st.circuitName)
		})
		if err != nil || ckt == nil {
			return err
		}
		st.circuit = ckt
		if ckt.State == azure.Deleting {
			return nil
		}
		st.peering, err = get(ctx, c, "azure private peering of "+rg+"/"+st.circuitName, func(ctx context.Context) (azure.PrivatePeering, error) {
			return az.GetPrivatePeering(ctx, rg, st.circuitName)
		})
		return err
	})
	g.Go(func() (err error) {
		st.connection, err = get(ctx, c, "azure connection "+rg+"/"+st.connectionName, func(ctx context.Context) (azure.Connection, error) {
			return az.GetConnection(ctx, rg, st.connectionName)
		})
		return err
	})
}

// readAzure starts the Azure reads: the VNet and the gateway in its
// GatewaySubnet, our gateway, public IP, and (readAll) the service
// providers and, once an existing gateway is found, its connections and
// their other circuits (readGatewayLoad). The sites' circuits and
// connections are readSite's.
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
			if mode == readAll {
				// Its connections, for its limits, while it is read.
				c.readGatewayLoad(ctx, g, s, ref.ResourceGroup, ref.Name(gatewaysType),
					azure.ResourceID(cmpOr(ref.Subscription, s.Azure.SubscriptionID), ref.ResourceGroup, gatewaysType, ref.Name(gatewaysType)), o)
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
		if gw := o.namedGateway; gw != nil && gw.GatewayType == azure.GatewayTypeExpressRoute && mode == readAll {
			c.readGatewayLoad(ctx, g, s, rg, gw.Name, gw.ID, o)
		}
		return err
	})
	g.Go(func() (err error) {
		o.publicIP, err = get(ctx, c, "azure public IP "+rg+"/"+n.publicIP, func(ctx context.Context) (azure.PublicIP, error) {
			return az.GetPublicIP(ctx, rg, n.publicIP)
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
