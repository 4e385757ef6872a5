package interconnect

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// This file: deciding the Azure steps — the GatewaySubnet, public IP and
// gateway; the ExpressRoute circuit, its private peering and the connection.

// gateway decides which ExpressRoute gateway the VNet uses: an existing one
// (adopted, whatever its name) or ours, its SKU, and the GatewaySubnet.
func (d *decision) gateway(o *observed, v *ValidationError) {
	s, gs := d.spec, d.spec.Azure.Gateway
	d.gatewayRG, d.gatewayName, d.gatewaySKU, d.scaleUnits = s.Azure.ResourceGroup, gs.Name, gs.SKU, 0
	if gs.SKU == azure.SKUErGwScale {
		d.scaleUnits = gs.ScaleUnits
	}
	if sn := o.gatewaySubnet; sn != nil {
		// A new gateway needs a /27 or larger (see maxGatewaySubnetBits);
		// older VNets hold ExpressRoute gateways in a /28 or a /29 (the
		// documents once said "as small as /29"), which is adopted as it is
		// when it holds one, with a note recommending /27.
		holdsGateway := o.subnetGateway != nil || (o.namedGateway != nil && strings.EqualFold(o.namedGateway.SubnetID, sn.ID))
		switch bits := sn.Prefix.Bits(); {
		case bits > maxGatewaySubnetBits && bits <= minAdoptedGatewaySubnetBits && holdsGateway:
			d.smallSubnet = true
		case bits > maxGatewaySubnetBits:
			v.Add("azure.virtualNetwork", s.Azure.VirtualNetwork, fmt.Sprintf("has a GatewaySubnet %s, smaller than the /27 an ExpressRoute gateway needs; enlarge it (it must be empty to change)", sn.Prefix))
		}
		if gs.SubnetPrefix.IsValid() && gs.SubnetPrefix != sn.Prefix {
			v.Add("azure.gateway.subnetPrefix", gs.SubnetPrefix.String(), fmt.Sprintf("differs from the VNet's existing GatewaySubnet %s; remove subnetPrefix or set it to %s", sn.Prefix, sn.Prefix))
		}
		d.subnetPrefix = sn.Prefix
	} else {
		d.subnetCreated = true
		d.subnetPrefix = gs.SubnetPrefix
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
		d.gatewayName = ""
		return
	case o.subnetGateway != nil:
		gw = o.subnetGateway
		d.gatewayRG, d.gatewayName = cmpOr(azure.ParseID(gw.ID).ResourceGroup, s.Azure.ResourceGroup), gw.Name
	case gw != nil && gw.GatewayType != azure.GatewayTypeExpressRoute:
		v.Add("azure.gateway.name", gs.Name, fmt.Sprintf("a %s gateway with this name already exists; choose another name", gw.GatewayType))
		d.gatewayName = ""
		return
	}
	if gw == nil {
		d.gatewayOwned = true
		if !GatewaySupportsFastPath(d.gatewaySKU, d.scaleUnits) && s.Azure.FastPathEnabled() {
			v.Add("azure.gateway.sku", d.gatewaySKU, "cannot do FastPath; use ErGw3AZ, UltraPerformance or ErGwScale with scaleUnits ≥ 10, or set fastPath: false")
		}
		return
	}
	d.gatewayOwned = ownedBy(gw.Tags, s.Name)
	d.subnetCreated = d.gatewayOwned && gw.Tags[gatewaySubnetTagKey] == "true"
	// An existing gateway keeps its SKU unless the spec sets another for a
	// gateway the library owns, or FastPath needs a bigger one.
	wantSKU, wantUnits := gw.SKU, gw.ScaleUnits
	if d.gatewayOwned && d.set.gatewaySKU {
		wantSKU, wantUnits = d.gatewaySKU, d.scaleUnits
	}
	if d.gatewayOwned && wantSKU == azure.SKUErGwScale && d.set.scaleUnits {
		wantUnits = s.Azure.Gateway.ScaleUnits
	}
	if s.Azure.FastPathEnabled() && !GatewaySupportsFastPath(wantSKU, wantUnits) {
		switch {
		case wantSKU == azure.SKUErGwScale:
			wantUnits = fastPathMinScaleUnits
		case azure.ZoneRedundantSKU(wantSKU) && !(d.gatewayOwned && d.set.gatewaySKU):
			wantSKU = azure.SKUErGw3AZ
		case azure.ZoneRedundantSKU(wantSKU):
			// Validate refuses an explicit SKU that cannot do FastPath.
		default:
			v.Add("azure.fastPath", "true", fmt.Sprintf("the VNet's gateway %s is %s, which cannot do FastPath and cannot be resized in place to a SKU that can; set fastPath: false, or migrate the gateway to ErGw3AZ", gw.Name, gw.SKU))
			return
		}
	}
	if p := azure.GatewayResizeProblem(gw.SKU, wantSKU); p != "" {
		v.AddRecreate("azure.gateway.sku", s.Azure.Gateway.SKU, fmt.Sprintf("gateway %s is %s, and %s: keep %s (set azure.gateway.sku: %s, or remove it), or run destroy and apply again to re-create the gateway (about 45 minutes without one)", gw.Name, gw.SKU, p, gw.SKU, gw.SKU))
		return
	}
	d.gatewaySKU, d.scaleUnits = wantSKU, wantUnits
}

// gatewayID is the ARM ID of the VNet's gateway, adopted or ours.
func (d *decision) gatewayID() string {
	return azure.ResourceID(d.spec.Azure.SubscriptionID, d.gatewayRG, gatewaysType, d.gatewayName)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// gatewaySteps plans the GatewaySubnet, the public IP and the gateway.
func (d *decision) gatewaySteps(o *observed, v *ValidationError, b *plan.Builder) {
	if d.gatewayName == "" {
		return // gateway() reported why
	}
	s := d.spec
	subnetID := d.azureID("virtualNetworks", s.Azure.VirtualNetwork, "subnets", azure.GatewaySubnetName)
	gatewayID := d.gatewayID()
	gw := o.gateway()
	if gw == nil {
		// We create the gateway, its public IP and, if needed, the subnet.
		sub := plan.Step{ID: StepGatewaySubnet, Cloud: "azure", Kind: kindSubnet, Name: azure.GatewaySubnetName, Resource: subnetID}
		if o.gatewaySubnet == nil {
			sub.Action, sub.Reason = plan.Create, "the VNet has no GatewaySubnet"
			sub.Changes = []plan.Change{change("addressPrefix", d.subnetPrefix.String())}
		} else {
			sub.Action, sub.Reason = plan.NoOp, "the VNet's GatewaySubnet "+o.gatewaySubnet.Prefix.String()+" is used as it is"
		}
		b.Add(sub)
		ipStep := plan.Step{ID: StepPublicIP, Cloud: "azure", Kind: kindPublicIP, Name: d.n.publicIP, Resource: d.azureID("publicIPAddresses", d.n.publicIP)}
		switch ip := o.publicIP; {
		case ip == nil:
			ipStep.Action, ipStep.Reason = plan.Create, "the gateway needs a Standard static public IP"
			ipStep.Changes = append([]plan.Change{change("location", s.Azure.Region), change("sku", "Standard"), change("allocation", "Static")}, tagChanges(d.tags)...)
		case !ownedBy(ip.Tags, s.Name):
			v.Add("azure.gateway.name", s.Azure.Gateway.Name, fmt.Sprintf("public IP %s exists and is not managed by this interconnect (no %s=%s tag); rename the gateway or remove the public IP", ip.Name, OwnershipTagKey, s.Name))
		case ip.State == azure.Updating:
			ipStep.Action, ipStep.Reason = plan.Wait, "the public IP is still being created"
		default:
			ipStep.Action, ipStep.Reason = plan.NoOp, "the public IP exists"
		}
		b.Add(ipStep)
		tags := d.tags
		if d.subnetCreated {
			tags = withTag(tags, gatewaySubnetTagKey, "true")
		}
		b.Add(plan.Step{ID: StepGateway, Action: plan.Create, Cloud: "azure", Kind: kindGateway, Name: d.gatewayName, Resource: gatewayID,
			Reason: "the VNet has no ExpressRoute gateway", DependsOn: []string{StepGatewaySubnet, StepPublicIP},
			Changes: slices.Concat([]plan.Change{change("location", s.Azure.Region), change("gatewayType", azure.GatewayTypeExpressRoute)},
				d.gatewaySKUChanges("", 0), []plan.Change{change("subnet", subnetID), change("publicIp", ipStep.Resource)}, tagChanges(tags))})
		return
	}
	step := plan.Step{ID: StepGateway, Cloud: "azure", Kind: kindGateway, Name: gw.Name, Resource: gatewayID}
	owner := "adopted: it was not created by this interconnect and will not be deleted by it"
	if d.gatewayOwned {
		owner = "created by this interconnect"
	}
	switch {
	case gw.State == azure.Updating:
		step.Action, step.Reason = plan.Wait, "the gateway is still being created or updated ("+owner+")"
	case gw.State == azure.Deleting:
		v.Add("azure.gateway.name", gw.Name, "the gateway is being deleted; wait for the deletion to finish, then plan again")
	case gw.SKU != d.gatewaySKU || gw.ScaleUnits != d.scaleUnits:
		step.Action, step.Reason = plan.Update, "FastPath needs a larger gateway SKU ("+owner+")"
		if d.gatewayOwned {
			step.Reason = "the spec asks for another gateway SKU"
		}
		step.Changes = d.gatewaySKUChanges(gw.SKU, gw.ScaleUnits)
		step.Estimate = estimates[kindGateway] / 2
	case gw.State == azure.Failed:
		step.Action, step.Reason = plan.Update, "the gateway's last operation failed; putting it again repairs it"
		step.Changes = d.gatewaySKUChanges(gw.SKU, gw.ScaleUnits)
	default:
		step.Action, step.Reason = plan.NoOp, "the ExpressRoute gateway exists ("+owner+")"
	}
	b.Add(step)
}

// gatewaySKUChanges are the SKU fields of the gateway, from old ("" for a
// new gateway).
func (d *decision) gatewaySKUChanges(oldSKU string, oldUnits int) []plan.Change {
	ch := []plan.Change{update("sku", oldSKU, d.gatewaySKU)}
	if d.scaleUnits > 0 || oldUnits > 0 {
		ch = append(ch, update("minScaleUnits", itoaIf(oldUnits), itoaIf(d.scaleUnits)))
	}
	return ch
}

func withTag(tags map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(tags)+1)
	for key, val := range tags {
		out[key] = val
	}
	out[k] = v
	return out
}

func itoaIf(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// circuitSteps plans a site's ExpressRoute circuit, its private peering and
// its connection. The second location's connection follows the first's: ARM
// runs one connection operation at a time on a gateway.
func (d *decision) circuitSteps(sd *siteDecision, o *observed, v *ValidationError, b *plan.Builder) {
	s := d.spec
	sku := d.circuitSKUOf(sd)
	sd.circuitSKU = sku
	circuitID := d.circuitIDOf(sd.site)
	tags := d.tags
	if sd.index > 0 {
		tags = d.secondCircuitTags(o)
	}
	step := plan.Step{ID: sd.stepID(StepCircuit), Cloud: "azure", Kind: kindCircuit, Name: sd.circuitName, Resource: circuitID}
	locationField := d.locationField(sd.site)
	switch ckt := sd.circuit; {
	case ckt == nil:
		step.Action, step.Reason = plan.Create, "no ExpressRoute circuit yet (billing starts when it is created)"
		step.Changes = append([]plan.Change{
			change("location", s.Azure.Region),
			change("serviceProvider", azure.OracleServiceProvider),
			change("peeringLocation", sd.location),
			change("bandwidth", s.Bandwidth.String()),
			change("sku", sku.Name()),
		}, tagChanges(tags)...)
	case !ownedBy(ckt.Tags, s.Name):
		v.Add("name", s.Name, fmt.Sprintf("ExpressRoute circuit %s exists and is not managed by this interconnect (no %s=%s tag); choose another name", ckt.Name, OwnershipTagKey, s.Name))
		return
	case ckt.State == azure.Deleting:
		v.Add("name", s.Name, fmt.Sprintf("ExpressRoute circuit %s is being deleted; wait for the deletion to finish, then plan again", ckt.Name))
		return
	case !strings.EqualFold(ckt.PeeringLocation, sd.location) || ckt.ServiceProvider != azure.OracleServiceProvider:
		v.AddRecreate(locationField, sd.location, fmt.Sprintf("circuit %s exists at %s with %s; the provider and location of a circuit cannot change: run destroy first, or set the spec back", ckt.Name, ckt.PeeringLocation, ckt.ServiceProvider))
		return
	case ckt.BandwidthMbps > s.Bandwidth.Mbps():
		v.AddRecreate("bandwidth", s.Bandwidth.String(), fmt.Sprintf("circuit %s is at %s and Azure cannot lower a circuit's bandwidth: set bandwidth to %s, or destroy and apply again", ckt.Name, Bandwidth(ckt.BandwidthMbps), Bandwidth(ckt.BandwidthMbps)))
		return
	case ckt.SKU.Family == "UnlimitedData" && sku.Family == "MeteredData":
		v.AddRecreate("azure.circuitSku.family", s.Azure.CircuitSKU.Family, fmt.Sprintf("circuit %s is UnlimitedData and Azure cannot move a circuit back to MeteredData: set family to UnlimitedData (or remove it), or destroy and apply again", ckt.Name))
		return
	case ckt.State == azure.Updating:
		step.Action, step.Reason = plan.Wait, "the circuit is still being created or updated"
	case ckt.BandwidthMbps != s.Bandwidth.Mbps() || ckt.SKU != sku:
		step.Action, step.Reason = plan.Update, "the circuit differs from the spec"
		step.Changes = []plan.Change{
			update("bandwidth", Bandwidth(ckt.BandwidthMbps).String(), s.Bandwidth.String()),
			update("sku", ckt.SKU.Name(), sku.Name()),
		}
	case ckt.State == azure.Failed:
		step.Action, step.Reason = plan.Update, "the circuit's last operation failed; putting it again repairs it"
		step.Changes = []plan.Change{update("bandwidth", s.Bandwidth.String(), s.Bandwidth.String()), update("sku", sku.Name(), sku.Name())}
	default:
		step.Action, step.Reason = plan.NoOp, "the circuit exists"
	}
	b.Add(step)

	// The private peering: Oracle configures it once the virtual circuit is
	// provisioned; the library waits for that, and makes it by hand only if
	// it is still absent after the grace period.
	peer := plan.Step{ID: sd.stepID(StepPeering), Cloud: "azure", Kind: kindPeering, Name: sd.circuitName + "/" + azure.PrivatePeeringName,
		Resource: circuitID + "/peerings/" + azure.PrivatePeeringName, DependsOn: []string{sd.stepID(StepVirtualCircuit)}}
	switch p := sd.peering; {
	case p == nil:
		peer.Action = plan.Wait
		peer.Reason = "Oracle configures AzurePrivatePeering when the virtual circuit is provisioned; if it is still absent after the grace period (WithPeeringGracePeriod), the library creates it"
		peer.Changes = d.peeringChanges(sd)
	case p.State == azure.Updating:
		peer.Action, peer.Reason = plan.Wait, "the private peering is being configured"
	default:
		peer.Action, peer.Reason = plan.NoOp, "the private peering exists (configured by "+orUnknown(p.LastModifiedBy)+"); it is never overwritten"
	}
	b.Add(peer)

	connDeps := []string{StepGateway, peer.ID}
	if sd.index > 0 {
		connDeps = append(connDeps, d.sites[sd.index-1].stepID(StepConnection))
	}
	conn := plan.Step{ID: sd.stepID(StepConnection), Cloud: "azure", Kind: kindConnection, Name: sd.connectionName,
		Resource: d.azureID("connections", sd.connectionName), DependsOn: connDeps}
	if sd.index > 0 {
		conn.Reason = "; after the first location's connection: ARM runs one connection operation at a time on a gateway"
	}
	fast := strconv.FormatBool(s.Azure.FastPathEnabled())
	weight, weighed := d.routingWeight(sd.site)
	switch cn := sd.connection; {
	case cn == nil:
		conn.Action, conn.Reason = plan.Create, "links the VNet's gateway to the circuit"+conn.Reason
		conn.Changes = []plan.Change{
			change("location", s.Azure.Region),
			change("connectionType", "ExpressRoute"),
			change("virtualNetworkGateway", d.gatewayID()),
			change("expressRouteCircuit", circuitID),
			change("expressRouteGatewayBypass", fast),
		}
		if weighed {
			conn.Changes = append(conn.Changes, change(fieldRoutingWeight, strconv.Itoa(weight)))
		}
		conn.Changes = append(conn.Changes, tagChanges(d.tags)...)
	case !ownedBy(cn.Tags, s.Name):
		v.Add("name", s.Name, fmt.Sprintf("connection %s exists and is not managed by this interconnect; choose another name", cn.Name))
	case cn.State == azure.Updating:
		conn.Action, conn.Reason = plan.Wait, "the connection is still being created or updated"
	case strconv.FormatBool(cn.FastPath) != fast || (weighed && cn.RoutingWeight != weight):
		conn.Action, conn.Reason = plan.Update, "FastPath differs from the spec"
		if strconv.FormatBool(cn.FastPath) == fast {
			conn.Reason = "the routing weight differs from the spec"
		}
		conn.Changes = []plan.Change{update("expressRouteGatewayBypass", strconv.FormatBool(cn.FastPath), fast)}
		if weighed {
			conn.Changes = append(conn.Changes, update(fieldRoutingWeight, strconv.Itoa(cn.RoutingWeight), strconv.Itoa(weight)))
		}
	case cn.State == azure.Failed:
		conn.Action, conn.Reason = plan.Update, "the connection's last operation failed; putting it again repairs it"
		conn.Changes = []plan.Change{update("expressRouteGatewayBypass", fast, fast)}
		if weighed {
			conn.Changes = append(conn.Changes, update(fieldRoutingWeight, strconv.Itoa(weight), strconv.Itoa(weight)))
		}
	default:
		conn.Action, conn.Reason = plan.NoOp, "the connection exists"
	}
	b.Add(conn)
}

// fieldRoutingWeight is the routing weight of a connection of maximum
// resiliency.
const fieldRoutingWeight = "routingWeight"

// preferredRoutingWeight is the routing weight of the preferred location's
// connection; the other keeps Azure's default, 0.
const preferredRoutingWeight = 100

// routingWeight is the routing weight of a site's connection, and whether
// the plan sets one at all: only with maximum resiliency, so that a standard
// plan reads as it always did. Equal weights (0) spread Azure's traffic over
// both connections; the preferred location's gets preferredRoutingWeight.
func (d *decision) routingWeight(st site) (int, bool) {
	if !d.spec.Maximum() {
		return 0, false
	}
	if p := d.spec.Azure.PreferredPeeringLocation; p != "" && squash(p) == squash(st.location) {
		return preferredRoutingWeight, true
	}
	return 0, true
}

// fieldVLANByHand is the VLAN of a private peering the library makes by hand;
// the provider picks its own when it configures the peering.
const fieldVLANByHand = "vlanIdIfMadeByHand"

// peeringChanges are what the library sends if it has to make the private
// peering by hand. The VLAN is the provider's choice otherwise.
func (d *decision) peeringChanges(sd *siteDecision) []plan.Change {
	vlan := d.spec.Peering.VLAN
	if vlan == 0 {
		vlan = defaultVLAN
	}
	ch := []plan.Change{
		change("peerASN", strconv.Itoa(oci.OracleASN)),
		change("primaryPeerAddressPrefix", sd.primary.Prefix.String()),
		change("secondaryPeerAddressPrefix", sd.secondary.Prefix.String()),
		change("vlanId", "(chosen by the provider)"),
		change(fieldVLANByHand, strconv.Itoa(vlan)),
	}
	if !d.spec.Peering.MD5AuthKey.IsZero() {
		ch = append(ch, plan.Change{Field: "sharedKey", New: plan.Redacted, Sensitive: true, Secret: secretMD5})
	}
	return ch
}
