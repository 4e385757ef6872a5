package interconnect

// This file: Verify, which checks a built interconnect end to end from what
// observe reads, plus ARP, routes and learned routes.

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// Verify reads both clouds and checks the interconnect end to end: the
// circuit is provisioned by Oracle, the private peering carries the expected
// /30s, each path's ARP table shows both BGP addresses with MACs, the routes
// learned on each path include the VCN's CIDRs, the virtual circuit is
// PROVISIONED with the provider ACTIVE and BGP UP, the gateway learned the
// VCN's CIDRs from Oracle over BGP, the connection is Connected (or, since
// ARM documents no status values for ExpressRoute connections, reads Unknown
// while the gateway has those routes) with FastPath as the spec says, the VCN is attached to the DRG and
// every route table routes the VNet's prefixes to it. With maximum
// resiliency the checks of a circuit, its virtual circuit, peering, paths and
// connection run for each location (Check.Location), and
// interconnect.resiliency says whether both locations carry the routes. It
// changes nothing. An error means Verify could not read; a broken
// interconnect is a Report whose OK is false.
func (c *Client) Verify(ctx context.Context, s Spec) (*Report, error) {
	rep, _, err := c.verify(ctx, s)
	return rep, err
}

// verify is Verify, returning also what it observed (nil when it could not
// read), for Watch to find the resources whose metrics it reads.
func (c *Client) verify(ctx context.Context, s Spec) (*Report, *observed, error) {
	s, o, err := c.observe(ctx, s, readExisting)
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Name: s.Name, Time: time.Now()}
	add := func(name string, st Status, hint, format string, args ...any) {
		rep.Checks = append(rep.Checks, Check{Name: name, Status: st, Detail: fmt.Sprintf(format, args...), Hint: hint})
	}
	const rerun = "run apply to create or repair it"
	// addAt adds a check about one resource of many: an extra VCN, a spoke.
	addAt := func(resource string) addFunc {
		return func(name string, st Status, hint, format string, args ...any) {
			add(name, st, hint, format, args...)
			rep.Checks[len(rep.Checks)-1].Resource = resource
		}
	}
	// The checks of one site carry its location, and with two sites it
	// tells them apart.
	sites := wantedSites(o)
	maximum := len(sites) > 1
	siteAdd := func(st *siteState, resource string) addFunc {
		if maximum {
			resource = strings.TrimSuffix(st.location+"/"+resource, "/")
		}
		return func(name string, status Status, hint, format string, args ...any) {
			addAt(resource)(name, status, hint, format, args...)
			rep.Checks[len(rep.Checks)-1].Location = st.location
		}
	}

	// The circuits and their provider state.
	for _, st := range sites {
		add := siteAdd(st, "")
		ckt := st.circuit
		switch {
		case ckt == nil:
			add("azure.circuit", Fail, rerun, "ExpressRoute circuit %s does not exist", st.circuitName)
		case ckt.ProviderState != azure.Provisioned:
			add("azure.circuit", Fail, "the provider has not provisioned the circuit: check the virtual circuit below; if it is FAILED, destroy and apply again",
				"circuit %s is %s, provider state %s", ckt.Name, ckt.State, ckt.ProviderState)
		default:
			add("azure.circuit", Pass, "", "circuit %s is %s and Provisioned by %s at %s", ckt.Name, ckt.State, ckt.ServiceProvider, ckt.PeeringLocation)
		}
		if ckt != nil {
			if ckt.BandwidthMbps == s.Bandwidth.Mbps() {
				add("azure.circuit.bandwidth", Pass, "", "%s as the spec says", Bandwidth(ckt.BandwidthMbps))
			} else {
				add("azure.circuit.bandwidth", Fail, "set the spec's bandwidth to the circuit's, or run apply to raise the circuit (Azure cannot lower it)",
					"circuit is %s, spec says %s", Bandwidth(ckt.BandwidthMbps), s.Bandwidth)
			}
		}
	}

	// The virtual circuits.
	blocks := make([][2]netip.Prefix, len(sites)) // the /30s of each virtual circuit
	vcChecks := make([]int, len(sites))           // the passing oci.virtual-circuit checks, amended below with the link's state when BGP is down
	for i, st := range sites {
		vcChecks[i] = -1
		add := siteAdd(st, "")
		switch vc := st.vc; {
		case vc == nil:
			add("oci.virtual-circuit", Fail, rerun, "virtual circuit %s does not exist", st.vcName)
		default:
			if len(vc.CrossConnectMappings) == 2 {
				blocks[i] = [2]netip.Prefix{vc.CrossConnectMappings[0].OracleBGPPeeringIP.Masked(), vc.CrossConnectMappings[1].OracleBGPPeeringIP.Masked()}
			}
			switch {
			case vc.State != oci.Provisioned || vc.ProviderState != oci.ProviderActive:
				hint := "wait for the provider; if it stays PENDING_PROVIDER, check the ExpressRoute service key"
				switch vc.State {
				case oci.Failed:
					hint = "the provider rejected the order: check that the service key is the ExpressRoute circuit's and that bandwidth and peering location match, then run destroy and apply"
				case oci.Inactive:
					hint = "the provider deactivated the virtual circuit: check the ExpressRoute circuit's provider state (azure.circuit) and service key, then run destroy and apply"
				case oci.Verifying:
					hint = "Oracle is verifying the order; wait a few minutes and verify again"
				case oci.Provisioned:
					hint = "the provider side is not ACTIVE: check the ExpressRoute circuit's provider state (azure.circuit)"
				}
				add("oci.virtual-circuit", Fail, hint, "virtual circuit %s is %s, provider %s", vc.ID, vc.State, orUnknown(vc.ProviderState))
			default:
				add("oci.virtual-circuit", Pass, "", "virtual circuit %s is PROVISIONED, provider ACTIVE, %s", vc.ID, vc.BandwidthShapeName)
				vcChecks[i] = len(rep.Checks) - 1
			}
			if vc.BGPSessionState == oci.BGPUp {
				add("oci.bgp", Pass, "", "BGP session is UP")
			} else {
				add("oci.bgp", Fail, "check that the private peering's /30s, VLAN and MD5 key match the virtual circuit, and the ARP checks below", "BGP session is %s", orUnknown(vc.BGPSessionState))
			}
			if vc.BandwidthShapeName != s.Bandwidth.OCIShape() {
				add("oci.virtual-circuit.bandwidth", Fail, "the two sides must run at the same bandwidth: destroy and apply again at the spec's bandwidth",
					"virtual circuit is %s, spec says %s", vc.BandwidthShapeName, s.Bandwidth.OCIShape())
			}
		}
	}

	// The private peerings.
	for i, st := range sites {
		add := siteAdd(st, "")
		primary, secondary := blocks[i][0], blocks[i][1]
		switch p := st.peering; {
		case p == nil:
			add("azure.peering", Fail, "Oracle configures it when the virtual circuit is provisioned; run apply to wait for it or create it", "circuit %s has no AzurePrivatePeering", st.circuitName)
		case primary.IsValid() && (p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary):
			add("azure.peering", Fail, "the peering and the virtual circuit must use the same /30s; the peering is never overwritten automatically: fix it by hand or destroy and apply",
				"peering uses %s and %s, the virtual circuit %s and %s", p.PrimaryPrefix, p.SecondaryPrefix, primary, secondary)
		case p.PeerASN != oci.OracleASN:
			add("azure.peering", Warn, "Oracle's ASN is 31898 (14544 in Serbia Central)", "peer ASN is %d", p.PeerASN)
		default:
			add("azure.peering", Pass, "", "AzurePrivatePeering %s / %s, VLAN %d, peer ASN %d (configured by %s)", p.PrimaryPrefix, p.SecondaryPrefix, p.VLAN, p.PeerASN, orUnknown(p.LastModifiedBy))
		}
	}

	// ARP and routes per path of each circuit, and the routes the gateway
	// learned, read concurrently.
	gw := o.gateway()
	g, gctx := errgroup.WithContext(ctx)
	var learned []azure.GatewayRoute
	if gw != nil && gw.State == azure.Succeeded {
		g.Go(func() error {
			var err error
			learned, err = call(gctx, c, "learned routes of gateway "+gw.Name, func(ctx context.Context) ([]azure.GatewayRoute, error) {
				return c.az.ListLearnedRoutes(ctx, cmpOr(azure.ParseID(gw.ID).ResourceGroup, s.Azure.ResourceGroup), gw.Name)
			})
			return err
		})
	}
	type path struct {
		st   *siteState
		path azure.DevicePath
		blk  netip.Prefix
	}
	var paths []path
	for _, st := range sites {
		if st.peering != nil {
			paths = append(paths, path{st, azure.Primary, st.peering.PrimaryPrefix}, path{st, azure.Secondary, st.peering.SecondaryPrefix})
		}
	}
	links := make([]*linkEvidence, len(sites))
	for i, st := range sites {
		if vcChecks[i] >= 0 && c.cfg.ociMetrics != nil && needsLinkEvidence(st.vc) {
			links[i] = &linkEvidence{}
			g.Go(func() error {
				*links[i] = readLinkEvidence(gctx, c.cfg.ociMetrics, *st.vc, time.Now())
				return nil // the check says what could not be read
			})
		}
	}
	arps := make([][]azure.ARPEntry, len(paths))
	routes := make([][]azure.Route, len(paths))
	for i, p := range paths {
		g.Go(func() error {
			var err error
			arps[i], err = call(gctx, c, "ARP table "+string(p.path), func(ctx context.Context) ([]azure.ARPEntry, error) {
				return c.az.ListARPTable(ctx, s.Azure.ResourceGroup, p.st.circuitName, p.path)
			})
			return err
		})
		g.Go(func() error {
			var err error
			routes[i], err = call(gctx, c, "route table "+string(p.path), func(ctx context.Context) ([]azure.Route, error) {
				return c.az.ListRouteTable(ctx, s.Azure.ResourceGroup, p.st.circuitName, p.path)
			})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, o, fmt.Errorf("verify: %w", err)
	}
	for i, link := range links {
		if link != nil {
			amendVirtualCircuitCheck(&rep.Checks[vcChecks[i]], *link)
		}
	}
	resourceOf := func(vs *vcnState) string {
		if vs.ref.index < 0 {
			return ""
		}
		return vs.ref.id
	}
	carried := map[*siteState]bool{} // a path of the site's circuit learned every VCN's CIDRs
	for i, p := range paths {
		checkARP(siteAdd(p.st, ""), p.path, p.blk, arps[i])
		all := true
		for _, vs := range o.vcns {
			all = checkRoutes(siteAdd(p.st, resourceOf(vs)), p.path, vs, routes[i]) && all
		}
		carried[p.st] = carried[p.st] || all
	}

	// The gateway, what it learned, and the connections.
	switch {
	case gw == nil:
		add("azure.gateway", Fail, rerun, "VNet %s has no ExpressRoute gateway", s.Azure.VirtualNetwork)
	case gw.State != azure.Succeeded:
		add("azure.gateway", Fail, "wait for the gateway's operation to finish (up to 45 minutes), then verify again", "gateway %s is %s", gw.Name, gw.State)
	default:
		add("azure.gateway", Pass, "", "gateway %s (%s) is Succeeded", gw.Name, gw.SKU)
	}
	learnedOK := false
	if gw != nil && gw.State == azure.Succeeded {
		learnedOK = checkLearnedRoutes(add, gw.Name, o.vcns, learned)
	}
	// ARM documents no connectionStatus values for ExpressRoute connections:
	// a connection that reads Unknown or nothing passes on the evidence of
	// the gateway's learned routes.
	linked := map[*siteState]bool{} // the site's connection passes
	for _, st := range sites {
		add := siteAdd(st, "")
		switch cn := st.connection; {
		case cn == nil:
			add("azure.connection", Fail, rerun, "connection %s does not exist", st.connectionName)
		case cn.Status == azure.Connected:
			add("azure.connection", Pass, "", "connection %s is Connected", cn.Name)
		case (cn.Status == "" || strings.EqualFold(cn.Status, "Unknown")) && cn.State == azure.Succeeded && learnedOK:
			add("azure.connection", Pass, "", "connection %s reports status %s; it passes on the gateway's learned routes (see azure.gateway.learned-routes)", cn.Name, orUnknown(cn.Status))
		default:
			add("azure.connection", Fail, "the connection connects once BGP is up on the circuit: see oci.bgp and azure.gateway.learned-routes", "connection %s is %s, status %s", cn.Name, cn.State, orUnknown(cn.Status))
		}
		linked[st] = rep.Checks[len(rep.Checks)-1].Status == Pass
		if cn := st.connection; cn != nil {
			want := s.Azure.FastPathEnabled()
			if cn.FastPath == want {
				add("azure.connection.fastpath", Pass, "", "FastPath is %s as the spec says", onOff(want))
			} else {
				add("azure.connection.fastpath", Fail, "run apply to set FastPath back to the spec's value", "FastPath is %s, the spec says %s", onOff(cn.FastPath), onOff(want))
			}
		}
	}

	// The spokes: both sides of each one's peering with the hub Connected,
	// with gateway transit.
	for _, sp := range o.spokes {
		checkSpoke(addAt(sp.spec.ResourceGroup+"/"+sp.spec.VirtualNetwork), sp)
	}

	// OCI routing, VCN by VCN.
	drgID := ""
	if o.drg != nil {
		drgID = o.drg.ID
	}
	prefixes, what := o.azurePrefixes(), "the VNet's prefixes"
	if len(o.spokes) > 0 {
		what = "the hub's and the spokes' prefixes"
	}
	for _, vs := range o.vcns {
		addVCN := addAt(resourceOf(vs))
		switch a := vs.attachment; {
		case a == nil:
			addVCN("oci.drg-attachment", Fail, rerun, "VCN %s is not attached to a DRG", vs.ref.id)
		case o.drg != nil && a.DRGID != o.drg.ID:
			addVCN("oci.drg-attachment", Fail, "a VCN attaches to one DRG: set oci.drgId to the attached DRG, or detach it", "VCN %s is attached to DRG %s, not %s", vs.ref.id, a.DRGID, o.drg.ID)
		case a.State != oci.Attached:
			addVCN("oci.drg-attachment", Fail, "wait for the attachment, then verify again", "attachment %s of VCN %s is %s", a.ID, vs.ref.id, a.State)
		default:
			addVCN("oci.drg-attachment", Pass, "", "VCN %s is attached to DRG %s", vs.ref.id, a.DRGID)
		}
		for _, rt := range vs.routeTables {
			var missing []string
			for _, p := range prefixes {
				if !slices.ContainsFunc(rt.Rules, func(r oci.RouteRule) bool { return r.Destination == p && r.NetworkEntityID == drgID && drgID != "" }) {
					missing = append(missing, p.String())
				}
			}
			if len(missing) == 0 {
				addAt(rt.ID)("oci.route-rules", Pass, "", "route table %s routes %s to the DRG", rt.ID, what)
			} else {
				addAt(rt.ID)("oci.route-rules", Fail, "run apply to add the missing route rules", "route table %s lacks rules to the DRG for %s", rt.ID, strings.Join(missing, ", "))
			}
		}
	}
	for _, st := range sites {
		st.carries = carried[st] && linked[st] && st.vc != nil && st.vc.BGPSessionState == oci.BGPUp
	}
	checkResiliency(add, sites)
	return rep, o, nil
}

// wantedSites are the sites the spec wants (Verify checks no other).
func wantedSites(o *observed) []*siteState {
	var out []*siteState
	for _, st := range o.sites {
		if st.wanted {
			out = append(out, st)
		}
	}
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
