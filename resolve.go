package interconnect

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/ipam"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// Typical durations in the real clouds; they weight the critical path of a
// plan and size the wait timeouts.
var estimates = map[string]time.Duration{
	StepGatewaySubnet:        30 * time.Second,
	StepPublicIP:             30 * time.Second,
	StepGateway:              40 * time.Minute,
	StepCircuit:              time.Minute,
	StepPeering:              time.Minute,
	StepConnection:           3 * time.Minute,
	StepDRG:                  time.Minute,
	StepDRGAttachment:        time.Minute,
	StepRouteRules:           5 * time.Second,
	StepVirtualCircuit:       3 * time.Minute,
	StepBGP:                  time.Minute,
	StepCircuitDeprovisioned: 3 * time.Minute,
}

// defaultVLAN is the VLAN of a private peering the library has to make by
// hand when the spec names none. The circuit holds no other peering that
// could be using it.
const defaultVLAN = 100

// stepBuilder collects a plan's steps; only steps present are valid
// dependencies, so deps naming absent steps are dropped.
type stepBuilder struct{ steps []plan.Step }

func (b *stepBuilder) add(s plan.Step) {
	if s.Estimate == 0 {
		s.Estimate = estimates[s.ID]
	}
	b.steps = append(b.steps, s)
}

// finish drops dependencies on steps that are not in the plan, then those
// implied by another dependency (a transitive reduction), so each step lists
// only what it waits for directly.
func (b *stepBuilder) finish() []plan.Step {
	present := map[string]bool{}
	for _, s := range b.steps {
		present[s.ID] = true
	}
	deps := map[string][]string{}
	for i := range b.steps {
		b.steps[i].DependsOn = slices.DeleteFunc(slices.Clone(b.steps[i].DependsOn), func(d string) bool { return !present[d] })
		deps[b.steps[i].ID] = b.steps[i].DependsOn
	}
	var reaches func(from, to string, seen map[string]bool) bool
	reaches = func(from, to string, seen map[string]bool) bool {
		if seen[from] {
			return false
		}
		seen[from] = true
		for _, d := range deps[from] {
			if d == to || reaches(d, to, seen) {
				return true
			}
		}
		return false
	}
	for i := range b.steps {
		own := b.steps[i].DependsOn
		b.steps[i].DependsOn = slices.DeleteFunc(slices.Clone(own), func(d string) bool {
			return slices.ContainsFunc(own, func(other string) bool { return other != d && reaches(other, d, map[string]bool{}) })
		})
	}
	return b.steps
}

// resolve checks the spec against what the clouds hold, allocates the BGP
// /30s and decides every step. It returns a *ValidationError listing every
// problem when the spec cannot be applied as it is.
func (c *Client) resolve(s Spec, set explicit, o *observed) (*plan.Plan, error) {
	// Every problem at once: those the reads found, then each check that
	// what was found allows.
	v := &ValidationError{Problems: slices.Clone(o.problems.Problems)}
	n := namesFor(s)
	t := &target{spec: s, set: set, n: n, tags: ownerTags(s), routeTableIDs: s.OCI.RouteTableIDs}
	rg := s.Azure.ResourceGroup

	if o.vnet == nil {
		v.Add("azure.virtualNetwork", s.Azure.VirtualNetwork, fmt.Sprintf("not found in resource group %s of subscription %s; create the VNet first or fix the name", rg, s.Azure.SubscriptionID))
	}
	if o.vcn == nil {
		v.Add("oci.vcnId", s.OCI.VCNID, "VCN not found in "+s.OCI.Region+"; check the OCID and the region")
	}
	if o.vnet != nil && o.vcn != nil {
		t.vnetCIDRs, t.vcnCIDRs = o.vnet.AddressSpace, o.vcn.CIDRs
		if len(t.routeTableIDs) == 0 {
			t.routeTableIDs = []string{o.vcn.DefaultRouteTableID}
		}

		// The two networks.
		if !strings.EqualFold(CanonicalAzureRegion(o.vnet.Location), s.Azure.Region) {
			v.Add("azure.region", s.Azure.Region, fmt.Sprintf("does not match the VNet %s, which is in %s; the circuit and gateway must be in the VNet's region", o.vnet.Name, o.vnet.Location))
		}
		for _, a := range o.vnet.AddressSpace {
			for _, b := range o.vcn.CIDRs {
				if a.Overlaps(b) {
					v.Add("oci.vcnId", s.OCI.VCNID, fmt.Sprintf("VCN CIDR %s overlaps VNet address space %s; traffic between overlapping networks cannot be routed", b, a))
				}
			}
		}

		// BGP /30s: reuse what the clouds already use so a re-plan is stable.
		c.resolvePeeringBlocks(s, o, t, v)
	}

	// Offers on both sides.
	c.resolveOffers(s, o, t, v)

	b := &stepBuilder{}
	if o.vnet != nil {
		// Azure network pieces.
		c.resolveGateway(s, o, t, v)
		c.planGatewaySteps(s, o, t, v, b)
	}
	c.planCircuitSteps(s, o, t, v, b)
	c.planOCISteps(s, o, t, v, b)
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := &plan.Plan{Name: s.Name, Steps: b.finish(), Target: t}
	p.Notes = append(p.Notes, c.costNotes(s, o, t)...)
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("interconnect: internal error building the plan: %w", err)
	}
	return p, nil
}

// resolvePeeringBlocks picks the two BGP /30s: those of an existing virtual
// circuit, else those of an existing private peering, else the spec's explicit
// pair, else the lowest free pair of the pool.
func (c *Client) resolvePeeringBlocks(s Spec, o *observed, t *target, v *ValidationError) {
	avoid := slices.Concat(o.vnet.AddressSpace, o.vcn.CIDRs)
	explicit := s.Peering.Primary.IsValid()
	var from string
	var primary, secondary netip.Prefix
	switch {
	case o.vc != nil && len(o.vc.CrossConnectMappings) == 2:
		primary = o.vc.CrossConnectMappings[0].OracleBGPPeeringIP.Masked()
		secondary = o.vc.CrossConnectMappings[1].OracleBGPPeeringIP.Masked()
		from = "virtual circuit " + o.vc.ID
	case o.peering != nil && o.peering.PrimaryPrefix.IsValid():
		primary, secondary = o.peering.PrimaryPrefix, o.peering.SecondaryPrefix
		from = "the private peering of circuit " + t.n.circuit
	}
	if from != "" {
		p, sec, err := ipam.ValidatePair(primary, secondary, nil)
		if err != nil {
			v.Add("peering", "", fmt.Sprintf("the BGP blocks %s and %s that %s uses are not usable: %v", primary, secondary, from, err))
			return
		}
		if explicit && (s.Peering.Primary != primary || s.Peering.Secondary != secondary) {
			v.Add("peering.primary", s.Peering.Primary.String(), fmt.Sprintf("%s already uses %s and %s; changing the BGP blocks needs a new virtual circuit: run destroy first, or set the spec to those blocks", from, primary, secondary))
			return
		}
		t.primary, t.secondary = p, sec
		return
	}
	if explicit {
		p, sec, err := ipam.ValidatePair(s.Peering.Primary, s.Peering.Secondary, avoid)
		if err != nil {
			v.Add("peering.primary", s.Peering.Primary.String(), fmt.Sprintf("the explicit BGP blocks do not fit the networks: %v", err))
			return
		}
		t.primary, t.secondary = p, sec
		return
	}
	// The pool may overlap the networks: the /30s come from its free part.
	p, sec, err := ipam.AllocatePair(s.Peering.Pool, avoid)
	var ex *ipam.ExhaustedError
	switch {
	case errors.As(err, &ex):
		v.Add("peering.pool", s.Peering.Pool.String(), fmt.Sprintf("has %d free /30 left after avoiding %s; the two BGP /30s need 2: choose a larger pool, or one that overlaps these networks less", ex.Free, avoidedNetworks(o)))
		return
	case err != nil:
		v.Add("peering.pool", s.Peering.Pool.String(), err.Error())
		return
	}
	t.primary, t.secondary = p, sec
}

// avoidedNetworks names what the BGP /30s must not overlap: the VNet's
// address space (its GatewaySubnet included) and the VCN's CIDRs.
func avoidedNetworks(o *observed) string {
	return fmt.Sprintf("VNet %s %v and VCN %s %v", o.vnet.Name, o.vnet.AddressSpace, o.vcn.ID, o.vcn.CIDRs)
}

// resolveOffers checks the providers exist on both sides, the peering location
// is offered, and both sides offer the bandwidth.
func (c *Client) resolveOffers(s Spec, o *observed, t *target, v *ValidationError) {
	i := slices.IndexFunc(o.providers, func(p azure.ServiceProvider) bool { return p.Name == azure.OracleServiceProvider })
	if i < 0 {
		v.Add("azure.subscriptionId", s.Azure.SubscriptionID, "the subscription lists no ExpressRoute service provider "+strconv.Quote(azure.OracleServiceProvider)+"; check that Microsoft.Network is registered")
		return
	}
	provider := o.providers[i]
	if !slices.ContainsFunc(provider.PeeringLocations, func(l string) bool { return strings.EqualFold(l, s.Azure.PeeringLocation) }) {
		v.Add("azure.peeringLocation", s.Azure.PeeringLocation, fmt.Sprintf("is not offered by %s; it offers %s", azure.OracleServiceProvider, strings.Join(provider.PeeringLocations, ", ")))
	}
	if o.providerService == nil {
		v.Add("oci.compartmentId", s.OCI.CompartmentID, fmt.Sprintf("OCI lists no FastConnect provider service %q in %s; FastConnect to Azure is not available there", oci.AzureProviderName, s.OCI.Region))
		return
	}
	t.providerServiceID = o.providerService.ID
	shapes := make([]plan.Shape, len(o.shapes))
	for i, sh := range o.shapes {
		shapes[i] = plan.Shape{Name: sh.Name, Mbps: sh.Mbps}
	}
	shape, err := plan.MatchBandwidth(s.Bandwidth.Mbps(), plan.BandwidthOffers{
		AzureProvider: provider.Name, PeeringLocation: s.Azure.PeeringLocation, AzureMbps: provider.BandwidthsMbps,
		OCIService: o.providerService.ProviderName, OCIShapes: shapes,
	})
	if err != nil {
		v.Add("bandwidth", s.Bandwidth.String(), strings.TrimPrefix(err.Error(), "bandwidth: "))
		return
	}
	t.shape = shape.Name
}

// resolveGateway decides which ExpressRoute gateway the VNet uses: an existing
// one (adopted, whatever its name) or ours, and the GatewaySubnet.
func (c *Client) resolveGateway(s Spec, o *observed, t *target, v *ValidationError) {
	gs := s.Azure.Gateway
	t.gatewayRG, t.gatewayName, t.gatewaySKU, t.scaleUnits = s.Azure.ResourceGroup, gs.Name, gs.SKU, 0
	if gs.SKU == azure.SKUErGwScale {
		t.scaleUnits = gs.ScaleUnits
	}
	if sn := o.gatewaySubnet; sn != nil {
		// Microsoft asks for a /27 or larger; older VNets hold ExpressRoute
		// gateways in a /28, which is adopted as it is when it holds one.
		holdsGateway := o.subnetGateway != nil || (o.namedGateway != nil && strings.EqualFold(o.namedGateway.SubnetID, sn.ID))
		switch bits := sn.Prefix.Bits(); {
		case bits == MaxGatewaySubnetBits+1 && holdsGateway:
			t.smallSubnet = true
		case bits > MaxGatewaySubnetBits:
			v.Add("azure.virtualNetwork", s.Azure.VirtualNetwork, fmt.Sprintf("has a GatewaySubnet %s, smaller than the /27 an ExpressRoute gateway needs; enlarge it (it must be empty to change)", sn.Prefix))
		}
		if gs.SubnetPrefix.IsValid() && gs.SubnetPrefix != sn.Prefix {
			v.Add("azure.gateway.subnetPrefix", gs.SubnetPrefix.String(), fmt.Sprintf("differs from the VNet's existing GatewaySubnet %s; remove subnetPrefix or set it to %s", sn.Prefix, sn.Prefix))
		}
		t.subnetPrefix = sn.Prefix
		t.known.subnetID = sn.ID
	} else {
		t.subnetCreated = true
		t.subnetPrefix = gs.SubnetPrefix
		switch {
		case !gs.SubnetPrefix.IsValid():
			v.Add("azure.gateway.subnetPrefix", "", fmt.Sprintf("is required: VNet %s has no GatewaySubnet; give a free /27 or larger inside its address space %v", s.Azure.VirtualNetwork, o.vnet.AddressSpace))
		case !slices.ContainsFunc(o.vnet.AddressSpace, func(a netip.Prefix) bool {
			return a.Contains(gs.SubnetPrefix.Addr()) && a.Bits() <= gs.SubnetPrefix.Bits()
		}):
			v.Add("azure.gateway.subnetPrefix", gs.SubnetPrefix.String(), fmt.Sprintf("is outside the VNet's address space %v", o.vnet.AddressSpace))
		default:
			for _, sn := range o.vnet.Subnets {
				if sn.Prefix.Overlaps(gs.SubnetPrefix) {
					v.Add("azure.gateway.subnetPrefix", gs.SubnetPrefix.String(), fmt.Sprintf("overlaps subnet %s (%s) of the VNet; choose a free range", sn.Name, sn.Prefix))
				}
			}
		}
	}

	gw := o.namedGateway
	switch {
	case o.subnetGateway != nil && o.namedGateway != nil && o.subnetGateway.ID != o.namedGateway.ID:
		v.Add("azure.gateway.name", gs.Name, fmt.Sprintf("a gateway with this name exists, but the VNet's GatewaySubnet already holds ExpressRoute gateway %s; a VNet has one ExpressRoute gateway: delete one of them", o.subnetGateway.ID))
		return
	case o.subnetGateway != nil:
		gw = o.subnetGateway
		t.gatewayRG, t.gatewayName = resourceGroupOf(gw.ID, s.Azure.ResourceGroup), gw.Name
	case gw != nil && gw.GatewayType != azure.GatewayTypeExpressRoute:
		v.Add("azure.gateway.name", gs.Name, fmt.Sprintf("a %s gateway with this name already exists; choose another name", gw.GatewayType))
		return
	}
	if gw == nil {
		t.gatewayOwned = true
		if !GatewaySupportsFastPath(t.gatewaySKU, t.scaleUnits) && s.Azure.FastPathEnabled() {
			v.Add("azure.gateway.sku", t.gatewaySKU, "cannot do FastPath; use ErGw3AZ, UltraPerformance or ErGwScale with scaleUnits ≥ 10, or set fastPath: false")
		}
		return
	}
	t.known.gatewayID = gw.ID
	t.gatewayOwned = ownedBy(gw.Tags, s.Name)
	t.subnetCreated = t.gatewayOwned && gw.Tags[gatewaySubnetTagKey] == "true"
	// An existing gateway keeps its SKU unless the spec sets another for a
	// gateway the library owns, or FastPath needs a bigger one.
	wantSKU, wantUnits := gw.SKU, gw.ScaleUnits
	if t.gatewayOwned && t.set.gatewaySKU {
		wantSKU, wantUnits = t.gatewaySKU, t.scaleUnits
	}
	if t.gatewayOwned && wantSKU == azure.SKUErGwScale && t.set.scaleUnits {
		wantUnits = t.spec.Azure.Gateway.ScaleUnits
	}
	if s.Azure.FastPathEnabled() && !GatewaySupportsFastPath(wantSKU, wantUnits) {
		switch {
		case wantSKU == azure.SKUErGwScale:
			wantUnits = FastPathMinScaleUnits
		case azure.ZoneRedundantSKU(wantSKU) && !(t.gatewayOwned && t.set.gatewaySKU):
			wantSKU = azure.SKUErGw3AZ
		case azure.ZoneRedundantSKU(wantSKU):
			// Validate refuses an explicit SKU that cannot do FastPath.
		default:
			v.Add("azure.fastPath", "true", fmt.Sprintf("the VNet's gateway %s is %s, which cannot do FastPath and cannot be resized in place to a SKU that can; set fastPath: false, or migrate the gateway to ErGw3AZ", gw.Name, gw.SKU))
			return
		}
	}
	if p := azure.GatewayResizeProblem(gw.SKU, wantSKU); p != "" {
		v.Add("azure.gateway.sku", s.Azure.Gateway.SKU, fmt.Sprintf("gateway %s is %s, and %s: keep %s (set azure.gateway.sku: %s, or remove it), or run destroy and apply again to re-create the gateway (about 45 minutes without one)", gw.Name, gw.SKU, p, gw.SKU, gw.SKU))
		return
	}
	t.gatewaySKU, t.scaleUnits = wantSKU, wantUnits
}

// resourceGroupOf extracts the resource group from an ARM ID.
func resourceGroupOf(id, fallback string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "resourceGroups") {
			return parts[i+1]
		}
	}
	return fallback
}

// planGatewaySteps plans the GatewaySubnet, the public IP and the gateway.
func (c *Client) planGatewaySteps(s Spec, o *observed, t *target, v *ValidationError, b *stepBuilder) {
	if t.gatewayName == "" {
		return // resolveGateway reported why
	}
	gw := o.namedGateway
	if o.subnetGateway != nil {
		gw = o.subnetGateway
	}
	if gw == nil {
		// We create the gateway, its public IP and, if needed, the subnet.
		if o.gatewaySubnet == nil {
			b.add(plan.Step{ID: StepGatewaySubnet, Action: plan.Create, Cloud: "azure", Kind: "subnet", Name: azure.GatewaySubnetName,
				Reason: "the VNet has no GatewaySubnet", Changes: []plan.Change{{Field: "addressPrefix", New: t.subnetPrefix.String()}}})
		} else {
			b.add(plan.Step{ID: StepGatewaySubnet, Action: plan.NoOp, Cloud: "azure", Kind: "subnet", Name: azure.GatewaySubnetName,
				Reason: "the VNet's GatewaySubnet " + o.gatewaySubnet.Prefix.String() + " is used as it is"})
		}
		ipStep := plan.Step{ID: StepPublicIP, Cloud: "azure", Kind: "public-ip", Name: t.n.publicIP}
		switch ip := o.publicIP; {
		case ip == nil:
			ipStep.Action, ipStep.Reason = plan.Create, "the gateway needs a Standard static public IP"
			ipStep.Changes = []plan.Change{{Field: "sku", New: "Standard"}, {Field: "allocation", New: "Static"}, {Field: "location", New: s.Azure.Region}}
		case !ownedBy(ip.Tags, s.Name):
			v.Add("azure.gateway.name", s.Azure.Gateway.Name, fmt.Sprintf("public IP %s exists and is not managed by this interconnect (no %s=%s tag); rename the gateway or remove the public IP", ip.Name, OwnershipTagKey, s.Name))
		case ip.State == azure.Updating:
			ipStep.Action, ipStep.Reason = plan.Wait, "the public IP is still being created"
		default:
			ipStep.Action, ipStep.Reason = plan.NoOp, "the public IP exists"
			t.known.publicIPID = ip.ID
		}
		b.add(ipStep)
		b.add(plan.Step{ID: StepGateway, Action: plan.Create, Cloud: "azure", Kind: "gateway", Name: t.gatewayName,
			Reason: "the VNet has no ExpressRoute gateway", DependsOn: []string{StepGatewaySubnet, StepPublicIP},
			Changes: gatewayChanges("", 0, t)})
		return
	}
	step := plan.Step{ID: StepGateway, Cloud: "azure", Kind: "gateway", Name: gw.Name}
	owner := "adopted: it was not created by this interconnect and will not be deleted by it"
	if t.gatewayOwned {
		owner = "created by this interconnect"
	}
	switch {
	case gw.State == azure.Updating:
		step.Action, step.Reason = plan.Wait, "the gateway is still being created or updated ("+owner+")"
	case gw.State == azure.Deleting:
		v.Add("azure.gateway.name", gw.Name, "the gateway is being deleted; wait for the deletion to finish, then plan again")
	case gw.SKU != t.gatewaySKU || gw.ScaleUnits != t.scaleUnits:
		step.Action, step.Reason = plan.Update, "FastPath needs a larger gateway SKU ("+owner+")"
		if t.gatewayOwned {
			step.Reason = "the spec asks for another gateway SKU"
		}
		step.Changes = gatewayChanges(gw.SKU, gw.ScaleUnits, t)
		step.Estimate = estimates[StepGateway] / 2
	case gw.State == azure.Failed:
		step.Action, step.Reason = plan.Update, "the gateway's last operation failed; putting it again repairs it"
	default:
		step.Action, step.Reason = plan.NoOp, "the ExpressRoute gateway exists ("+owner+")"
	}
	b.add(step)
}

func gatewayChanges(oldSKU string, oldUnits int, t *target) []plan.Change {
	ch := []plan.Change{{Field: "sku", Old: oldSKU, New: t.gatewaySKU}}
	if t.scaleUnits > 0 || oldUnits > 0 {
		ch = append(ch, plan.Change{Field: "minScaleUnits", Old: itoaIf(oldUnits), New: itoaIf(t.scaleUnits)})
	}
	if oldSKU == "" {
		ch = append(ch, plan.Change{Field: "gatewayType", New: azure.GatewayTypeExpressRoute})
	}
	return ch
}

func itoaIf(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// planCircuitSteps plans the ExpressRoute circuit, its private peering and the
// connection.
func (c *Client) planCircuitSteps(s Spec, o *observed, t *target, v *ValidationError, b *stepBuilder) {
	sku := azure.CircuitSKU{Tier: s.Azure.CircuitSKU.Tier, Family: s.Azure.CircuitSKU.Family}
	if ckt := o.circuit; ckt != nil {
		// An unset tier or family keeps what the circuit has.
		if !t.set.circuitTier {
			sku.Tier = ckt.SKU.Tier
		}
		if !t.set.circuitFamily {
			sku.Family = ckt.SKU.Family
		}
	}
	t.circuitSKU = sku
	step := plan.Step{ID: StepCircuit, Cloud: "azure", Kind: "expressroute-circuit", Name: t.n.circuit}
	switch ckt := o.circuit; {
	case ckt == nil:
		step.Action, step.Reason = plan.Create, "no ExpressRoute circuit yet (billing starts when it is created)"
		step.Changes = []plan.Change{
			{Field: "serviceProvider", New: azure.OracleServiceProvider},
			{Field: "peeringLocation", New: s.Azure.PeeringLocation},
			{Field: "bandwidth", New: s.Bandwidth.String()},
			{Field: "sku", New: sku.Name()},
			{Field: "location", New: s.Azure.Region},
		}
	case !ownedBy(ckt.Tags, s.Name):
		v.Add("name", s.Name, fmt.Sprintf("ExpressRoute circuit %s exists and is not managed by this interconnect (no %s=%s tag); choose another name", ckt.Name, OwnershipTagKey, s.Name))
		return
	case ckt.State == azure.Deleting:
		v.Add("name", s.Name, fmt.Sprintf("ExpressRoute circuit %s is being deleted; wait for the deletion to finish, then plan again", ckt.Name))
		return
	case !strings.EqualFold(ckt.PeeringLocation, s.Azure.PeeringLocation) || ckt.ServiceProvider != azure.OracleServiceProvider:
		v.Add("azure.peeringLocation", s.Azure.PeeringLocation, fmt.Sprintf("circuit %s exists at %s with %s; the provider and location of a circuit cannot change: run destroy first, or set the spec back", ckt.Name, ckt.PeeringLocation, ckt.ServiceProvider))
		return
	case ckt.BandwidthMbps > s.Bandwidth.Mbps():
		v.Add("bandwidth", s.Bandwidth.String(), fmt.Sprintf("circuit %s is at %s and Azure cannot lower a circuit's bandwidth: set bandwidth to %s, or destroy and apply again", ckt.Name, Bandwidth(ckt.BandwidthMbps), Bandwidth(ckt.BandwidthMbps)))
		return
	case ckt.SKU.Family == "UnlimitedData" && sku.Family == "MeteredData":
		v.Add("azure.circuitSku.family", s.Azure.CircuitSKU.Family, fmt.Sprintf("circuit %s is UnlimitedData and Azure cannot move a circuit back to MeteredData: set family to UnlimitedData (or remove it), or destroy and apply again", ckt.Name))
		return
	case ckt.State == azure.Updating:
		step.Action, step.Reason = plan.Wait, "the circuit is still being created or updated"
	case ckt.BandwidthMbps != s.Bandwidth.Mbps() || ckt.SKU != sku:
		step.Action, step.Reason = plan.Update, "the circuit differs from the spec"
		step.Changes = []plan.Change{
			{Field: "bandwidth", Old: Bandwidth(ckt.BandwidthMbps).String(), New: s.Bandwidth.String()},
			{Field: "sku", Old: ckt.SKU.Name(), New: sku.Name()},
		}
	case ckt.State == azure.Failed:
		step.Action, step.Reason = plan.Update, "the circuit's last operation failed; putting it again repairs it"
	default:
		step.Action, step.Reason = plan.NoOp, "the circuit exists"
	}
	if o.circuit != nil {
		t.known.circuitID, t.known.serviceKey = o.circuit.ID, o.circuit.ServiceKey
	}
	b.add(step)

	// The private peering: Oracle configures it once the virtual circuit is
	// provisioned; the library waits for that, and makes it by hand only if
	// it is still absent after the grace period.
	t.vlan = s.Peering.VLAN
	if t.vlan == 0 {
		t.vlan = defaultVLAN
	}
	peer := plan.Step{ID: StepPeering, Cloud: "azure", Kind: "private-peering", Name: t.n.circuit + "/AzurePrivatePeering", DependsOn: []string{StepVirtualCircuit}}
	switch p := o.peering; {
	case p == nil:
		peer.Action = plan.Wait
		peer.Reason = "Oracle configures AzurePrivatePeering when the virtual circuit is provisioned; if it is still absent after the grace period (WithPeeringGracePeriod), the library creates it"
		peer.Changes = peeringChanges(t)
	case p.State == azure.Updating:
		peer.Action, peer.Reason = plan.Wait, "the private peering is being configured"
	default:
		peer.Action, peer.Reason = plan.NoOp, "the private peering exists (configured by "+orUnknown(p.LastModifiedBy)+"); it is never overwritten"
	}
	b.add(peer)

	conn := plan.Step{ID: StepConnection, Cloud: "azure", Kind: "connection", Name: t.n.connection, DependsOn: []string{StepGateway, StepPeering}}
	fast := s.Azure.FastPathEnabled()
	switch cn := o.connection; {
	case cn == nil:
		conn.Action, conn.Reason = plan.Create, "links the VNet's gateway to the circuit"
		conn.Changes = []plan.Change{{Field: "connectionType", New: "ExpressRoute"}, {Field: "expressRouteGatewayBypass", New: strconv.FormatBool(fast)}}
	case !ownedBy(cn.Tags, s.Name):
		v.Add("name", s.Name, fmt.Sprintf("connection %s exists and is not managed by this interconnect; choose another name", cn.Name))
	case cn.State == azure.Updating:
		conn.Action, conn.Reason = plan.Wait, "the connection is still being created or updated"
	case cn.FastPath != fast:
		conn.Action, conn.Reason = plan.Update, "FastPath differs from the spec"
		conn.Changes = []plan.Change{{Field: "expressRouteGatewayBypass", Old: strconv.FormatBool(cn.FastPath), New: strconv.FormatBool(fast)}}
	case cn.State == azure.Failed:
		conn.Action, conn.Reason = plan.Update, "the connection's last operation failed; putting it again repairs it"
	default:
		conn.Action, conn.Reason = plan.NoOp, "the connection exists"
	}
	b.add(conn)
}

func peeringChanges(t *target) []plan.Change {
	ch := []plan.Change{
		{Field: "peerASN", New: strconv.Itoa(oci.OracleASN)},
		{Field: "primaryPeerAddressPrefix", New: t.primary.Prefix.String()},
		{Field: "secondaryPeerAddressPrefix", New: t.secondary.Prefix.String()},
		{Field: "vlanId", New: strconv.Itoa(t.vlan)},
	}
	if !t.spec.Peering.MD5AuthKey.IsZero() {
		ch = append(ch, plan.Change{Field: "sharedKey", New: plan.Redacted, Sensitive: true})
	}
	return ch
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// planOCISteps plans the DRG, its attachment, the route rules, the virtual
// circuit and the wait for BGP.
func (c *Client) planOCISteps(s Spec, o *observed, t *target, v *ValidationError, b *stepBuilder) {
	drg := plan.Step{ID: StepDRG, Cloud: "oci", Kind: "drg", Name: t.n.drg, DependsOn: []string{StepCircuit}}
	switch d := o.drg; {
	case s.OCI.DRGID != "" && d != nil && d.State == oci.Provisioning:
		drg.Action, drg.Name, drg.Reason = plan.Wait, d.ID, "the given DRG is still being provisioned"
	case s.OCI.DRGID != "":
		drg.Action, drg.Name, drg.Reason = plan.NoOp, s.OCI.DRGID, "the spec names an existing DRG (not owned: it will not be deleted)"
	case d == nil:
		drg.Action, drg.Reason = plan.Create, "no DRG given in oci.drgId"
		drg.Changes = []plan.Change{{Field: "displayName", New: t.n.drg}, {Field: "compartmentId", New: s.OCI.CompartmentID}}
	case d.State == oci.Provisioning:
		drg.Action, drg.Reason = plan.Wait, "the DRG is still being provisioned"
	case d.State == oci.Terminating:
		v.Add("oci.drgId", "", fmt.Sprintf("DRG %s is being terminated; wait, then plan again", d.ID))
	default:
		drg.Action, drg.Reason = plan.NoOp, "the DRG exists"
	}
	t.drgCompartment = s.OCI.CompartmentID
	if o.drg != nil {
		t.known.drgID = o.drg.ID
		drg.Name = o.drg.ID
		if o.drg.CompartmentID != "" {
			t.drgCompartment = o.drg.CompartmentID
		}
	}
	b.add(drg)

	att := plan.Step{ID: StepDRGAttachment, Cloud: "oci", Kind: "drg-attachment", Name: t.n.drgAttachment, DependsOn: []string{StepDRG}}
	switch a := o.attachment; {
	case a == nil:
		att.Action, att.Reason = plan.Create, "the VCN is not attached to the DRG"
		att.Changes = []plan.Change{{Field: "vcnId", New: s.OCI.VCNID}, {Field: "drgId", New: orKnownAfter(t.known.drgID)}}
	case t.known.drgID == "" || a.DRGID != t.known.drgID:
		v.Add("oci.drgId", s.OCI.DRGID, fmt.Sprintf("VCN %s is already attached to DRG %s, and a VCN attaches to one DRG; set oci.drgId to that DRG", s.OCI.VCNID, a.DRGID))
	case a.State == oci.Attaching:
		att.Action, att.Reason, att.Name = plan.Wait, "the attachment is in progress", a.ID
	case a.State == oci.Detaching:
		v.Add("oci.vcnId", s.OCI.VCNID, fmt.Sprintf("the VCN's DRG attachment %s is being detached; wait, then plan again", a.ID))
	case !ownedBy(a.FreeformTags, s.Name):
		att.Action, att.Reason, att.Name = plan.NoOp, "the VCN is already attached to the DRG (adopted: destroy leaves the attachment)", a.ID
	default:
		att.Action, att.Reason, att.Name = plan.NoOp, "the VCN is attached to the DRG", a.ID
	}
	if o.attachment != nil {
		t.known.attachmentID = o.attachment.ID
	}
	b.add(att)

	rules := plan.Step{ID: StepRouteRules, Cloud: "oci", Kind: "route-rules", Name: strings.Join(t.routeTableIDs, ","), DependsOn: []string{StepDRGAttachment}}
	for _, rt := range o.routeTables {
		_, changed, conflict := editRules(rt.Rules, t.vnetCIDRs, t.known.drgID, t.n.routeRule)
		if conflict != "" {
			v.Add("oci.routeTableIds", rt.ID, conflict)
		}
		for _, ch := range changed {
			ch.Field = rt.ID + ": " + ch.Field
			rules.Changes = append(rules.Changes, ch)
		}
	}
	if len(rules.Changes) > 0 {
		rules.Action, rules.Reason = plan.Update, "the VCN routes the Azure VNet's prefixes through the DRG"
	} else {
		rules.Action, rules.Reason = plan.NoOp, "the route rules are in place"
	}
	b.add(rules)

	vc := plan.Step{ID: StepVirtualCircuit, Cloud: "oci", Kind: "virtual-circuit", Name: t.n.virtualCircuit, DependsOn: []string{StepCircuit, StepDRG}}
	switch x := o.vc; {
	case x == nil:
		vc.Action, vc.Reason = plan.Create, "orders FastConnect to the ExpressRoute circuit (billing starts when it is provisioned)"
		vc.Changes = []plan.Change{
			{Field: "type", New: oci.CircuitTypePrivate},
			{Field: "providerService", New: oci.AzureProviderName},
			{Field: "bandwidthShapeName", New: t.shape},
			{Field: "providerServiceKeyName", New: plan.Redacted, Sensitive: true},
			{Field: "gatewayId", New: orKnownAfter(t.known.drgID)},
			{Field: "crossConnectMappings[0]", New: t.primary.OracleCIDR().String() + " oracle, " + t.primary.CustomerCIDR().String() + " azure"},
			{Field: "crossConnectMappings[1]", New: t.secondary.OracleCIDR().String() + " oracle, " + t.secondary.CustomerCIDR().String() + " azure"},
		}
		if !s.Peering.MD5AuthKey.IsZero() {
			vc.Changes = append(vc.Changes, plan.Change{Field: "bgpMd5AuthKey", New: plan.Redacted, Sensitive: true})
		}
	case x.State == oci.Failed:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is FAILED: the provider rejected the order (wrong service key, bandwidth or location); run destroy, then apply again", x.ID))
	case x.State == oci.Inactive:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is INACTIVE: the provider deactivated it; check the ExpressRoute circuit's provider state and service key, then run destroy and apply again", x.ID))
	case x.State == oci.Terminating:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is being terminated; wait, then plan again", x.ID))
	case t.known.serviceKey != "" && x.ProviderServiceKeyName != t.known.serviceKey:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s was ordered for another ExpressRoute circuit (the service keys differ); run destroy, then apply again", x.ID))
	case x.State == oci.Provisioned && t.shape != "" && x.BandwidthShapeName != t.shape:
		vc.Action, vc.Name = plan.Update, x.ID
		vc.Reason = "the spec asks for another bandwidth; the ExpressRoute circuit changes first, then the virtual circuit"
		vc.Changes = []plan.Change{{Field: "bandwidthShapeName", Old: x.BandwidthShapeName, New: t.shape}}
	case x.State == oci.Provisioned:
		vc.Action, vc.Reason, vc.Name = plan.NoOp, "the virtual circuit is provisioned", x.ID
	default:
		vc.Action, vc.Reason, vc.Name = plan.Wait, "the virtual circuit is "+string(x.State)+"; waiting for the provider", x.ID
	}
	if o.vc != nil {
		t.known.vcID = o.vc.ID
	}
	b.add(vc)

	bgp := plan.Step{ID: StepBGP, Cloud: "oci", Kind: "bgp-session", Name: t.n.virtualCircuit, DependsOn: []string{StepVirtualCircuit, StepPeering}}
	if o.vc != nil && o.vc.BGPSessionState == oci.BGPUp {
		bgp.Action, bgp.Reason = plan.NoOp, "BGP is up"
	} else {
		bgp.Action, bgp.Reason = plan.Wait, "BGP comes up once both sides are configured"
	}
	b.add(bgp)
}

func orKnownAfter(id string) string {
	if id == "" {
		return "(known after apply)"
	}
	return id
}

// editRules computes the route rules a table should have: one rule per VNet
// prefix targeting the DRG, marked with the library's description, while
// keeping every rule the library does not own. It returns the new rules, the
// changes for the plan and, when a rule of someone else already routes one of
// the prefixes elsewhere, a description of that conflict. drgID may be "" when
// the DRG does not exist yet.
func editRules(rules []oci.RouteRule, vnet []netip.Prefix, drgID, marker string) ([]oci.RouteRule, []plan.Change, string) {
	target := drgID
	if target == "" {
		target = "(the DRG, known after apply)"
	}
	var out []oci.RouteRule
	var changes []plan.Change
	have := map[netip.Prefix]bool{}
	var conflicts []string
	for _, r := range rules {
		if r.Description != marker {
			if slices.Contains(vnet, r.Destination) && r.NetworkEntityID != drgID {
				conflicts = append(conflicts, fmt.Sprintf("already routes %s to %s; remove that rule so the VNet's traffic can go through the DRG", r.Destination, r.NetworkEntityID))
			}
			out = append(out, r)
			continue
		}
		if slices.Contains(vnet, r.Destination) && r.NetworkEntityID == drgID && !have[r.Destination] {
			have[r.Destination] = true
			out = append(out, r)
			continue
		}
		changes = append(changes, plan.Change{Field: "rule " + r.Destination.String(), Old: r.NetworkEntityID})
	}
	for _, p := range vnet {
		if have[p] {
			continue
		}
		out = append(out, oci.RouteRule{Destination: p, NetworkEntityID: drgID, Description: marker})
		changes = append(changes, plan.Change{Field: "rule " + p.String(), New: target})
	}
	return out, changes, strings.Join(conflicts, "; ")
}

// costNotes tells the user what costs money and what is adopted.
func (c *Client) costNotes(s Spec, o *observed, t *target) []string {
	var notes []string
	if o.circuit == nil {
		notes = append(notes, fmt.Sprintf("Creates a %s ExpressRoute circuit (%s); Azure bills it from creation, Oracle bills the FastConnect port once provisioned.", s.Bandwidth, s.Azure.CircuitSKU.Tier+"_"+s.Azure.CircuitSKU.Family))
	}
	if t.circuitSKU.Tier == CircuitTierLocal {
		notes = append(notes, fmt.Sprintf("The circuit is ExpressRoute Local: outbound data is included in its port price (UnlimitedData only), and it reaches only the Azure regions local to %s, %s among them. Azure refuses a Local circuit at a peering location that is not local to its region.", s.Azure.PeeringLocation, s.Azure.Region))
	}
	if !t.gatewayOwned && t.known.gatewayID != "" {
		notes = append(notes, fmt.Sprintf("Adopts the VNet's existing ExpressRoute gateway %s; destroy leaves it in place.", t.gatewayName))
	}
	if t.smallSubnet {
		notes = append(notes, fmt.Sprintf("The VNet's GatewaySubnet %s is a /28, smaller than the /27 Microsoft recommends; it holds gateway %s and is used as it is, but a new gateway could not be created in it.", t.subnetPrefix, t.gatewayName))
	}
	gw := o.subnetGateway
	if gw == nil {
		gw = o.namedGateway
	}
	if gw != nil && (gw.SKU != t.gatewaySKU || gw.ScaleUnits != t.scaleUnits) {
		notes = append(notes, fmt.Sprintf("Resizes gateway %s from %s to %s, which costs more per hour; the resize takes about 20 minutes.", gw.Name, gw.SKU, t.gatewaySKU))
	}
	if a := o.attachment; a != nil && !ownedBy(a.FreeformTags, s.Name) && a.DRGID == t.known.drgID {
		notes = append(notes, fmt.Sprintf("Adopts the VCN's attachment %s to DRG %s (compartment %s); destroy leaves it in place.", a.ID, a.DRGID, a.CompartmentID))
	}
	for _, vc := range o.foreignVCs {
		notes = append(notes, fmt.Sprintf("Leaves alone virtual circuit %s: it has this interconnect's display name but not its ownership tag.", vc.ID))
	}
	if s.Azure.FastPathEnabled() {
		notes = append(notes, "FastPath is on: it is not supported with Basic load balancers, Private Link over provider circuits or DNS Private Resolver, and UDRs/VNet peering over FastPath need ExpressRoute Direct.")
	}
	return notes
}
