package interconnect

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// This file: the second phase of Plan. From what observe found, decide
// checks the spec against the clouds, allocates the BGP /30s and decides
// every step, each carrying all it will send (see steps.go). The per-cloud
// steps are in decide_azure.go and decide_oci.go.

// Plan reads both clouds and plans what Apply must do to make the interconnect
// the spec describes: a DAG of steps, each with an action, a reason and the
// field changes it makes (secrets redacted). It applies the spec's defaults,
// checks it offline and then against what the clouds hold (address spaces,
// the VNet's gateway and GatewaySubnet, an existing gateway's limits on
// circuit connections, the providers and bandwidths offered),
// allocates the BGP /30s (reusing those already in use, so re-planning is
// stable), and returns a *ValidationError naming every problem at once when
// the spec cannot be applied. It writes nothing.
//
// The plan holds the spec's secrets in memory only (plan.Plan.SetSecret): its
// JSON never has them.
func (c *Client) Plan(ctx context.Context, s Spec) (*plan.Plan, error) {
	raw := s
	s, o, err := c.observe(ctx, s, readAll)
	if err != nil {
		return nil, err
	}
	return c.decide(raw, s, o)
}

// Typical durations in the real clouds; they weight the critical path of a
// plan and size the wait timeouts.
var estimates = map[string]time.Duration{
	kindSubnet:         30 * time.Second,
	kindPublicIP:       30 * time.Second,
	kindGateway:        40 * time.Minute,
	kindCircuit:        time.Minute,
	kindPeering:        time.Minute,
	kindConnection:     3 * time.Minute,
	kindDRG:            time.Minute,
	kindAttachment:     time.Minute,
	kindRouteRules:     5 * time.Second,
	kindVirtualCircuit: 3 * time.Minute,
	kindBGP:            time.Minute,
	kindVNetPeering:    30 * time.Second,
	kindDRGRouteTable:  5 * time.Second,
}

// defaultVLAN is the VLAN of a private peering the library has to make by
// hand when the spec names none. The circuit holds no other peering that
// could be using it.
const defaultVLAN = 100

// decision is what decide works out on its way to the steps. It lives only
// while planning: Apply reads the steps.
type decision struct {
	spec Spec
	set  explicit // which SKU fields the user set
	n    names
	tags map[string]string // user tags plus the ownership tag

	// sites are the decisions of the locations the spec wants, the first
	// first (a second location it no longer wants is not among them).
	sites []*siteDecision
	// removalNotes are what removing such a second location leaves alone.
	removalNotes []string

	vnetCIDRs []netip.Prefix // every Azure prefix (hub and spokes): routed to the DRG in every VCN's route tables
	vcnCIDRs  []netip.Prefix // every VCN's CIDRs

	subnetPrefix  netip.Prefix // the GatewaySubnet, when the library creates it
	gatewayRG     string       // the gateway's resource group and name (adopted or ours)
	gatewayName   string
	gatewaySKU    string
	scaleUnits    int
	gatewayOwned  bool
	subnetCreated bool // the library creates (or created) the GatewaySubnet
	smallSubnet   bool // an adopted /28 or /29 GatewaySubnet that holds the gateway
	// limitNotes are what checking the existing gateway's limits found
	// worth saying (decide_limits.go).
	limitNotes []string

	providerServiceID string
	shape             string // OCI bandwidth shape name
	drgCompartment    string // where the DRG, and with it its attachments, live
	drgID             string // the DRG's OCID, "" until it exists
}

// explicit records which SKU fields of the spec the user set. An unset one
// takes its default only for a resource the library creates; an existing
// resource keeps what it has.
type explicit struct {
	gatewaySKU, scaleUnits, circuitTier, circuitFamily bool
}

func explicitIn(s Spec) explicit {
	return explicit{
		gatewaySKU:    s.Azure.Gateway.SKU != "",
		scaleUnits:    s.Azure.Gateway.ScaleUnits != 0,
		circuitTier:   s.Azure.CircuitSKU.Tier != "",
		circuitFamily: s.Azure.CircuitSKU.Family != "",
	}
}

// Azure IDs are known before the resources exist.
func (d *decision) azureID(typ, name string, children ...string) string {
	return azure.ResourceID(d.spec.Azure.SubscriptionID, d.spec.Azure.ResourceGroup, typ, name, children...)
}

// decide checks s (defaulted; raw as the user wrote it) against what the
// clouds hold and decides every step. It returns a *ValidationError listing
// every problem when the spec cannot be applied as it is.
func (c *Client) decide(raw, s Spec, o *observed) (*plan.Plan, error) {
	// Every problem at once: those the reads found, then each check that
	// what was found allows.
	v := &ValidationError{Problems: slices.Clone(o.problems.Problems)}
	d := &decision{spec: s, set: explicitIn(raw), n: namesFor(s), tags: ownerTags(s)}
	for _, st := range o.sites {
		if st.wanted {
			d.sites = append(d.sites, &siteDecision{siteState: st})
		}
	}

	if o.vnet == nil {
		v.Add("azure.virtualNetwork", s.Azure.VirtualNetwork, fmt.Sprintf("not found in resource group %s of subscription %s; create the VNet first or fix the name", s.Azure.ResourceGroup, s.Azure.SubscriptionID))
	}
	found := o.vnet != nil
	for _, vs := range o.vcns {
		if vs.vcn == nil {
			v.Add(vs.ref.field("vcnId"), vs.ref.id, "VCN not found in "+s.OCI.Region+"; check the OCID and the region")
			found = false
		}
	}
	found = d.spokesFound(o, v) && found
	if found {
		d.vnetCIDRs, d.vcnCIDRs = o.azurePrefixes(), o.vcnCIDRs()
		if !strings.EqualFold(CanonicalAzureRegion(o.vnet.Location), s.Azure.Region) {
			v.Add("azure.region", s.Azure.Region, fmt.Sprintf("does not match the VNet %s, which is in %s; the circuit and gateway must be in the VNet's region", o.vnet.Name, o.vnet.Location))
		}
		d.disjoint(o, v)
		d.prefixLimits(v)
		// BGP /30s: reuse what the clouds already use so a re-plan is stable.
		d.allBlocks(o, v)
	}
	d.offers(o, v)

	b := &plan.Builder{}
	if o.vnet != nil {
		d.gateway(o, v)
		d.gatewaySteps(o, v, b)
	}
	for _, sd := range d.sites {
		d.circuitSteps(sd, o, v, b)
	}
	d.gatewayLimits(o, v, c.cfg.catalog)
	if found {
		d.spokeSteps(o, v, b)
	}
	d.ociSteps(o, v, b)
	d.ecmpStep(o, v, b)
	if st := o.second(); st != nil && !st.wanted {
		d.removeSecondSite(o, b)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := &plan.Plan{Name: s.Name, Steps: groupByNetwork(s, withEstimates(b.Steps())), Spec: specJSON(raw)}
	p.Notes = d.notes(o)
	if !s.Peering.MD5AuthKey.IsZero() {
		p.SetSecret(secretMD5, s.Peering.MD5AuthKey)
	}
	for _, st := range o.sites {
		if st.circuit != nil {
			p.SetSecret(st.serviceKeyRef(), st.circuit.ServiceKey)
		}
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("interconnect: internal error building the plan: %w", err)
	}
	return p, nil
}

// withEstimates gives each step without one the estimate of its kind.
func withEstimates(steps []plan.Step) []plan.Step {
	for i := range steps {
		if steps[i].Estimate == 0 {
			steps[i].Estimate = estimates[steps[i].Kind]
		}
	}
	return steps
}

// specJSON is the spec as the user wrote it, without its secrets, for a
// plan to carry: Apply reads the clouds with it again before applying a saved
// plan.
func specJSON(s Spec) json.RawMessage {
	s.Peering.MD5AuthKey = ""
	data, err := json.Marshal(s)
	if err != nil {
		panic("interconnect: a Spec does not marshal: " + err.Error()) // every field type marshals
	}
	return data
}

// explicitBlocksFit checks a location's explicit BGP /30s (field is where
// they are: "peering", "peering.secondLocation") against the networks: one
// problem per block and network it overlaps, on the block's own field,
// naming the network and the fix. It reports whether both fit.
func explicitBlocksFit(nets []network, field string, b BGPBlocks, pool netip.Prefix, v *ValidationError) bool {
	var all []string
	for _, n := range nets {
		all = append(all, fmt.Sprintf("%s %v", n.label, n.prefixes))
	}
	fit := true
	for _, x := range []struct {
		field string
		block netip.Prefix
	}{{field + ".primary", b.Primary}, {field + ".secondary", b.Secondary}} {
		for _, n := range nets {
			for _, np := range n.prefixes {
				if np.Overlaps(x.block) {
					fit = false
					v.Add(x.field, x.block.String(), fmt.Sprintf("overlaps %s %s of %s; choose a /30 outside %s, or leave %s.primary and %s.secondary unset to have them allocated from peering.pool (%s)",
						n.what, np, n.label, andList(all), field, field, pool))
				}
			}
		}
	}
	return fit
}

// ipamProblem is an ipam error as a problem of the spec: one line, without
// the package's prefix.
func ipamProblem(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "ipam: ")
	}
	return strings.Join(lines, "; ")
}

// offers checks the providers exist on both sides, the peering location
// is offered, and both sides offer the bandwidth.
func (d *decision) offers(o *observed, v *ValidationError) {
	s := d.spec
	i := slices.IndexFunc(o.providers, func(p azure.ServiceProvider) bool { return p.Name == azure.OracleServiceProvider })
	if i < 0 {
		v.Add("azure.subscriptionId", s.Azure.SubscriptionID, fmt.Sprintf("the subscription lists no ExpressRoute service provider %q; check that Microsoft.Network is registered", azure.OracleServiceProvider))
		return
	}
	provider := o.providers[i]
	for _, sd := range d.sites {
		if !slices.ContainsFunc(provider.PeeringLocations, func(l string) bool { return strings.EqualFold(l, sd.location) }) {
			v.Add(d.locationField(sd.site), sd.location, fmt.Sprintf("is not offered by %s; it offers %s", azure.OracleServiceProvider, strings.Join(provider.PeeringLocations, ", ")))
		}
	}
	if o.providerService == nil {
		v.Add("oci.compartmentId", s.OCI.CompartmentID, fmt.Sprintf("OCI lists no FastConnect provider service %q in %s; FastConnect to Azure is not available there", oci.AzureProviderName, s.OCI.Region))
		return
	}
	d.providerServiceID = o.providerService.ID
	shapes := make([]plan.Shape, len(o.shapes))
	for i, sh := range o.shapes {
		shapes[i] = plan.Shape{Name: sh.Name, Mbps: sh.Mbps}
	}
	shape, err := plan.MatchBandwidth(s.Bandwidth.Mbps(), plan.BandwidthOffers{
		AzureProvider: provider.Name, PeeringLocation: d.sites[0].location, AzureMbps: provider.BandwidthsMbps,
		OCIService: o.providerService.ProviderName, OCIShapes: shapes,
	})
	if err != nil {
		v.Add("bandwidth", s.Bandwidth.String(), strings.TrimPrefix(err.Error(), "bandwidth: "))
		return
	}
	d.shape = shape.Name
}

// notes tell the user what costs money, what is adopted and what to know.
func (d *decision) notes(o *observed) []string {
	s := d.spec
	var notes []string
	for _, sd := range d.sites {
		if sd.circuit == nil {
			notes = append(notes, fmt.Sprintf("Creates a %s ExpressRoute circuit (%s)%s; Azure bills it from creation, Oracle bills the FastConnect port once provisioned.", s.Bandwidth, sd.circuitSKU.Name(), d.atLocation(sd.site)))
		}
		if sd.circuitSKU.Tier == circuitTierLocal {
			notes = append(notes, fmt.Sprintf("The circuit is ExpressRoute Local: outbound data is included in its port price (UnlimitedData only), and it exchanges routes only with VNets in the one or two Azure regions local to %s (Microsoft's ExpressRoute locations table), so %s must be one of them. Azure refuses Local at a peering location that has no local region.", sd.location, s.Azure.Region))
		}
	}
	notes = append(notes, d.resiliencyNotes(o)...)
	notes = append(notes, d.removalNotes...)
	gw := o.gateway()
	if !d.gatewayOwned && gw != nil {
		notes = append(notes, fmt.Sprintf("Adopts the VNet's existing ExpressRoute gateway %s; destroy leaves it in place.", d.gatewayName))
	}
	if d.smallSubnet {
		notes = append(notes, fmt.Sprintf("The VNet's GatewaySubnet %s is a /%d, smaller than the /27 or larger Microsoft requires for new ExpressRoute gateways; it holds gateway %s and is used as it is, but a new gateway could not be created in it: recreate it as a /27 or larger when the gateway is next rebuilt.", d.subnetPrefix, d.subnetPrefix.Bits(), d.gatewayName))
	}
	if gw != nil && (gw.SKU != d.gatewaySKU || gw.ScaleUnits != d.scaleUnits) {
		// Within a family azure.GatewaySKUs runs from small to large, so a
		// lower index is one of the two downgrades Azure does in place.
		costs := "more"
		if slices.Index(azure.GatewaySKUs, d.gatewaySKU) < slices.Index(azure.GatewaySKUs, gw.SKU) {
			costs = "less"
		}
		notes = append(notes, fmt.Sprintf("Resizes gateway %s from %s to %s, which costs %s per hour; the resize takes about 20 minutes.", gw.Name, gw.SKU, d.gatewaySKU, costs))
	}
	notes = append(notes, d.limitNotes...)
	for _, vs := range o.vcns {
		if a := vs.attachment; a != nil && !ownedBy(a.FreeformTags, s.Name) && a.DRGID == d.drgID {
			notes = append(notes, fmt.Sprintf("Adopts the attachment %s of VCN %s to DRG %s (compartment %s); destroy leaves it in place.", a.ID, vs.ref.id, a.DRGID, a.CompartmentID))
		}
	}
	for _, vc := range o.foreignVCs {
		notes = append(notes, fmt.Sprintf("Leaves alone virtual circuit %s: it has this interconnect's display name but not its ownership tag.", vc.ID))
	}
	if s.Azure.FastPathEnabled() {
		notes = append(notes, "FastPath is on: it is not supported with Basic load balancers, Private Link over provider circuits or DNS Private Resolver, and UDRs/VNet peering over FastPath need ExpressRoute Direct.")
		if len(s.Azure.Spokes) > 0 {
			notes = append(notes, "FastPath covers the hub VNet only: on a provider circuit the spokes' traffic goes through the gateway, whose SKU bounds it (Microsoft, \"About ExpressRoute FastPath\").")
		}
	}
	for _, sp := range o.spokes {
		if sp.vnet != nil && o.vnet != nil && !strings.EqualFold(CanonicalAzureRegion(sp.vnet.Location), CanonicalAzureRegion(o.vnet.Location)) {
			notes = append(notes, fmt.Sprintf("Spoke %s is in %s, the hub in %s: their peering is global VNet peering, charged per GB each way.", sp.spec.VirtualNetwork, sp.vnet.Location, o.vnet.Location))
		}
	}
	return notes
}

// andList joins items as prose: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
