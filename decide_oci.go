package interconnect

import (
	"fmt"
	"strings"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// This file: deciding the OCI steps — the DRG, its attachment to the VCN,
// the route rules, the FastConnect virtual circuit and the wait for BGP.

// ociSteps plans the DRG, its attachments, the route rules, and each
// site's virtual circuit and wait for BGP.
func (d *decision) ociSteps(o *observed, v *ValidationError, b *plan.Builder) {
	s := d.spec
	retry := refChange("opcRetryToken", "(derived from the ExpressRoute service key)", d.sites[0].serviceKeyRef())

	drg := plan.Step{ID: StepDRG, Cloud: "oci", Kind: kindDRG, Name: d.n.drg, DependsOn: []string{StepCircuit}}
	switch x := o.drg; {
	case s.OCI.DRGID != "" && x != nil && x.State == oci.Provisioning:
		drg.Action, drg.Reason = plan.Wait, "the given DRG is still being provisioned"
	case s.OCI.DRGID != "":
		drg.Action, drg.Reason = plan.NoOp, "the spec names an existing DRG (not owned: it will not be deleted)"
	case x == nil:
		drg.Action, drg.Reason = plan.Create, "no DRG given in oci.drgId"
		drg.Changes = append([]plan.Change{change("compartmentId", s.OCI.CompartmentID), change("displayName", d.n.drg), retry}, tagChanges(d.tags)...)
	case x.State == oci.Provisioning:
		drg.Action, drg.Reason = plan.Wait, "the DRG is still being provisioned"
	case x.State == oci.Terminating:
		v.Add("oci.drgId", "", fmt.Sprintf("DRG %s is being terminated; wait, then plan again", x.ID))
	default:
		drg.Action, drg.Reason = plan.NoOp, "the DRG exists"
	}
	d.drgCompartment = s.OCI.CompartmentID
	if o.drg != nil {
		d.drgID, drg.Name, drg.Resource = o.drg.ID, o.drg.ID, o.drg.ID
		if o.drg.CompartmentID != "" {
			d.drgCompartment = o.drg.CompartmentID
		}
	}
	b.Add(drg)

	for _, vs := range o.vcns {
		d.vcnSteps(vs, v, b, retry)
	}

	for _, sd := range d.sites {
		d.virtualCircuitSteps(sd, o, v, b)
	}
}

// virtualCircuitSteps plans a site's virtual circuit and the wait for its
// BGP session. The second location's virtual circuit shares the first's
// display name and carries locationTagKey.
func (d *decision) virtualCircuitSteps(sd *siteDecision, o *observed, v *ValidationError, b *plan.Builder) {
	s := d.spec
	keyRef := sd.serviceKeyRef()
	retry := refChange("opcRetryToken", "(derived from the ExpressRoute service key)", keyRef)
	circuitStep := sd.stepID(StepCircuit)
	vc := plan.Step{ID: sd.stepID(StepVirtualCircuit), Cloud: "oci", Kind: kindVirtualCircuit, Name: sd.vcName, DependsOn: []string{circuitStep, StepDRG}}
	serviceKey := plan.Change{Field: "providerServiceKeyName", New: plan.Redacted, Sensitive: true, Ref: keyRef}
	tags := d.tags
	if sd.index > 0 {
		tags = withTag(tags, locationTagKey, sd.location)
	}
	switch x := sd.vc; {
	case x == nil:
		vc.Action, vc.Reason = plan.Create, "orders FastConnect to the ExpressRoute circuit (billing starts when it is provisioned)"
		if sd.index > 0 {
			vc.Reason = "orders FastConnect to the second location's ExpressRoute circuit (billing starts when it is provisioned)"
		}
		vc.Changes = []plan.Change{
			change("compartmentId", s.OCI.CompartmentID),
			change("displayName", sd.vcName),
			change("type", oci.CircuitTypePrivate),
			change("providerServiceId", d.providerServiceID),
			change("bandwidthShapeName", d.shape),
			refChange("gatewayId", d.drgID, StepDRG),
			serviceKey,
			change(mappingField(0, "oracleBgpPeeringIp"), sd.primary.OracleCIDR().String()),
			change(mappingField(0, "customerBgpPeeringIp"), sd.primary.CustomerCIDR().String()),
			change(mappingField(1, "oracleBgpPeeringIp"), sd.secondary.OracleCIDR().String()),
			change(mappingField(1, "customerBgpPeeringIp"), sd.secondary.CustomerCIDR().String()),
		}
		if !s.Peering.MD5AuthKey.IsZero() {
			vc.Changes = append(vc.Changes, plan.Change{Field: "bgpMd5AuthKey", New: plan.Redacted, Sensitive: true, Secret: secretMD5})
		}
		vc.Changes = append(append(vc.Changes, retry), tagChanges(tags)...)
	case x.State == oci.Failed:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is FAILED: the provider rejected the order (wrong service key, bandwidth or location); run destroy, then apply again", x.ID))
	case x.State == oci.Inactive:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is INACTIVE: the provider deactivated it; check the ExpressRoute circuit's provider state and service key, then run destroy and apply again", x.ID))
	case x.State == oci.Terminating:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s is being terminated; wait, then plan again", x.ID))
	case sd.circuit != nil && x.ProviderServiceKeyName != sd.circuit.ServiceKey:
		v.Add("name", s.Name, fmt.Sprintf("virtual circuit %s was ordered for another ExpressRoute circuit (the service keys differ); run destroy, then apply again", x.ID))
	case x.State == oci.Provisioned && d.shape != "" && x.BandwidthShapeName != d.shape:
		vc.Action = plan.Update
		vc.Reason = "the spec asks for another bandwidth; the ExpressRoute circuit changes first, then the virtual circuit"
		vc.Changes = []plan.Change{update("bandwidthShapeName", x.BandwidthShapeName, d.shape)}
	case x.State == oci.Provisioned:
		vc.Action, vc.Reason = plan.NoOp, "the virtual circuit is provisioned"
	default:
		vc.Action, vc.Reason = plan.Wait, "the virtual circuit is "+string(x.State)+"; waiting for the provider"
	}
	if x := sd.vc; x != nil {
		vc.Name, vc.Resource = x.ID, x.ID
	}
	b.Add(vc)

	bgp := plan.Step{ID: sd.stepID(StepBGP), Cloud: "oci", Kind: kindBGP, Name: sd.vcName, DependsOn: []string{vc.ID, sd.stepID(StepPeering)},
		Changes: []plan.Change{refChange("virtualCircuitId", vc.Resource, vc.ID)}}
	if sd.vc != nil && sd.vc.BGPSessionState == oci.BGPUp {
		bgp.Action, bgp.Reason, bgp.Changes = plan.NoOp, "BGP is up", nil
	} else {
		bgp.Action, bgp.Reason = plan.Wait, "BGP comes up once both sides are configured"
	}
	b.Add(bgp)
}

// vcnSteps plans one VCN's attachment to the DRG and its route rules.
func (d *decision) vcnSteps(vs *vcnState, v *ValidationError, b *plan.Builder, retry plan.Change) {
	s, ref := d.spec, vs.ref
	attID, rulesID := vcnStepID(ref, StepDRGAttachment), vcnStepID(ref, StepRouteRules)
	att := plan.Step{ID: attID, Cloud: "oci", Kind: kindAttachment, Name: d.attachmentName(ref), DependsOn: []string{StepDRG}}
	switch a := vs.attachment; {
	case a == nil:
		att.Action, att.Reason = plan.Create, "the VCN is not attached to the DRG"
		// OCI makes an attachment in its DRG's compartment.
		att.Changes = append([]plan.Change{change("compartmentId", d.drgCompartment), change("displayName", att.Name),
			refChange("drgId", d.drgID, StepDRG), change("vcnId", ref.id), retry}, tagChanges(d.tags)...)
	case d.drgID == "" || a.DRGID != d.drgID:
		v.Add("oci.drgId", s.OCI.DRGID, fmt.Sprintf("VCN %s is already attached to DRG %s, and a VCN attaches to one DRG; set oci.drgId to that DRG", ref.id, a.DRGID))
	case a.State == oci.Attaching:
		att.Action, att.Reason = plan.Wait, "the attachment is in progress"
	case a.State == oci.Detaching:
		v.Add(ref.field("vcnId"), ref.id, fmt.Sprintf("the VCN's DRG attachment %s is being detached; wait, then plan again", a.ID))
	case !ownedBy(a.FreeformTags, s.Name):
		att.Action, att.Reason = plan.NoOp, "the VCN is already attached to the DRG (adopted: destroy leaves the attachment)"
	default:
		att.Action, att.Reason = plan.NoOp, "the VCN is attached to the DRG"
	}
	if a := vs.attachment; a != nil {
		att.Name, att.Resource = a.ID, a.ID
	}
	b.Add(att)

	var tableIDs []string
	for _, rt := range vs.routeTables {
		tableIDs = append(tableIDs, rt.ID)
	}
	rules := plan.Step{ID: rulesID, Cloud: "oci", Kind: kindRouteRules, Name: strings.Join(tableIDs, ","),
		DependsOn: []string{attID}, Changes: []plan.Change{change("description", d.n.routeRule)}}
	n := 0
	for _, rt := range vs.routeTables {
		changes, conflict := ruleChanges(rt, d.vnetCIDRs, d.drgID, d.n.routeRule)
		if conflict != "" {
			v.Add(ref.field("routeTableIds"), rt.ID, conflict)
		}
		rules.Changes = append(rules.Changes, changes...)
		n += len(changes)
	}
	what := "the Azure VNet's prefixes"
	if len(s.Azure.Spokes) > 0 {
		what = "the hub's and the spokes' prefixes"
	}
	if n > 0 {
		rules.Action, rules.Reason = plan.Update, "the VCN routes "+what+" through the DRG ("+plural(n, "route rule")+" to change)"
	} else {
		rules.Action, rules.Reason, rules.Changes = plan.NoOp, "the route rules are in place", nil
	}
	b.Add(rules)
}

// vcnStepID is the ID of one of a VCN's steps: base for oci.vcnId
// ("oci/drg-attachment"), and for oci.vcns[i] the base under that key
// ("oci/vcns[0]/drg-attachment").
func vcnStepID(ref vcnRef, base string) string {
	if ref.index < 0 {
		return base
	}
	return fmt.Sprintf("oci/vcns[%d]/%s", ref.index, strings.TrimPrefix(base, "oci/"))
}

// attachmentName is the display name of the attachment the library makes
// for a VCN: "<name>-drg-attachment", and "<name>-drg-attachment-<i>" for
// oci.vcns[i].
func (d *decision) attachmentName(ref vcnRef) string {
	if ref.index < 0 {
		return d.n.drgAttachment
	}
	return fmt.Sprintf("%s-%d", d.n.drgAttachment, ref.index)
}
