package interconnect

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/azure"
)

// This file: what Plan reads of an existing gateway to check its limits
// (decide_limits.go): the gateway's connections and, when there are enough
// of them for a peering location to be full, the circuits of those that
// are not the interconnect's, for their peering locations. A gateway the
// library is about to create has none, so a greenfield Plan reads nothing
// more.

// gatewayLoad is what the reads found on the VNet's existing gateway. Reads
// fill it concurrently; decide reads it once they are done.
type gatewayLoad struct {
	mu sync.Mutex
	// conns are the connections of each gateway listed, by lower-cased ID
	// (the VNet has one ExpressRoute gateway; the GatewaySubnet may also
	// hold a VPN gateway, and the spec may name another ExpressRoute
	// gateway, which Plan refuses).
	conns map[string][]azure.Connection
	// located lists the gateways (lower-cased IDs) whose other circuits
	// were read: those with at least azure.MaxCircuitsPerPeeringLocation
	// connections to other circuits, the fewest that can fill a peering
	// location.
	located map[string]bool
	// circuits are the other circuits read, by lower-cased ID: nil for one
	// that could not be (gone, or another subscription's, which this client
	// cannot read: its location is unknown).
	circuits map[string]*azure.Circuit
}

// ownSites are the IDs of the circuits and connections the interconnect
// names, at both locations: Plan reads and counts those itself.
type ownSites struct{ circuits, conns []string }

func ownSitesOf(s Spec) ownSites {
	var own ownSites
	for i := range 2 {
		st := siteOf(s, i, "")
		own.circuits = append(own.circuits, azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "expressRouteCircuits", st.circuitName))
		own.conns = append(own.conns, azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "connections", st.connectionName))
	}
	return own
}

// has reports whether id is one of ids, ignoring case as ARM does.
func has(ids []string, id string) bool {
	for _, x := range ids {
		if strings.EqualFold(x, id) {
			return true
		}
	}
	return false
}

// otherConnections are the circuit connections of conns that are not the
// interconnect's own: those have its connections' IDs (the name in its
// resource group; circuitSteps refuses one without its tag), or their names
// and its tag.
func otherConnections(s Spec, conns []azure.Connection) []azure.Connection {
	own := ownSitesOf(s)
	var out []azure.Connection
	for _, c := range conns {
		named := c.Name == siteOf(s, 0, "").connectionName || c.Name == siteOf(s, 1, "").connectionName
		if c.CircuitID != "" && !has(own.conns, c.ID) && !(named && ownedBy(c.Tags, s.Name)) {
			out = append(out, c)
		}
	}
	return out
}

// others are the connections of gateway gw to circuits that are not the
// interconnect's, whether they were read, and whether their circuits were.
func (l *gatewayLoad) others(s Spec, gw *azure.Gateway) (others []azure.Connection, read, located bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	conns, read := l.conns[strings.ToLower(gw.ID)]
	return otherConnections(s, conns), read, l.located[strings.ToLower(gw.ID)]
}

// circuit is what the reads found of circuit id: nil when it was not read
// or could not be.
func (l *gatewayLoad) circuit(id string) *azure.Circuit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.circuits[strings.ToLower(id)]
}

// readGatewayLoad starts, for Plan, the read of the connections of gateway
// rg/name (ARM ID id) and then, when at least
// azure.MaxCircuitsPerPeeringLocation of them join circuits other than the
// interconnect's, of each of those circuits, concurrently and each once
// (readSite reads the interconnect's). The gateway's own read may still be
// under way: the connections of one that turns out not to be the VNet's
// ExpressRoute gateway are ignored.
func (c *Client) readGatewayLoad(ctx context.Context, g *errgroup.Group, s Spec, rg, name, id string, o *observed) {
	l, az := &o.load, c.az
	g.Go(func() error {
		conns, err := get(ctx, c, "azure connections of gateway "+rg+"/"+name, func(ctx context.Context) ([]azure.Connection, error) {
			return az.ListGatewayConnections(ctx, rg, name)
		})
		if err != nil || conns == nil {
			return err // a gateway gone meanwhile has none
		}
		others := otherConnections(s, *conns)
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.conns == nil {
			l.conns, l.located, l.circuits = map[string][]azure.Connection{}, map[string]bool{}, map[string]*azure.Circuit{}
		}
		l.conns[strings.ToLower(id)] = *conns
		if len(others) < azure.MaxCircuitsPerPeeringLocation {
			return nil // too few to fill any peering location
		}
		l.located[strings.ToLower(id)] = true
		own := ownSitesOf(s)
		for _, cn := range others {
			key := strings.ToLower(cn.CircuitID)
			if _, seen := l.circuits[key]; seen || has(own.circuits, key) {
				continue // read already, or one of the interconnect's
			}
			l.circuits[key] = nil
			p := azure.ParseID(cn.CircuitID)
			crg, cname := p.ResourceGroup, p.Name("expressRouteCircuits")
			if !strings.EqualFold(p.Subscription, s.Azure.SubscriptionID) || crg == "" || cname == "" {
				continue // another subscription's: this client cannot read it
			}
			g.Go(func() error {
				ckt, err := get(ctx, c, "azure ExpressRoute circuit "+crg+"/"+cname, func(ctx context.Context) (azure.Circuit, error) {
					return az.GetCircuit(ctx, crg, cname)
				})
				if err != nil || ckt == nil {
					return err
				}
				ckt.ServiceKey = "" // another circuit's secret: not kept
				l.mu.Lock()
				defer l.mu.Unlock()
				l.circuits[key] = ckt
				return nil
			})
		}
		return nil
	})
}
