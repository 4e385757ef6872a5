package interconnect

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// PlanDestroy plans the teardown of the interconnect the spec describes, in
// the only order that leaves nothing stuck: the connection, then the virtual
// circuit (waiting until it is gone), then a wait for the ExpressRoute circuit
// to show NotProvisioned, then its private peering, then the circuit.
// Alongside that chain goes what the library created and owns, each as soon
// as nothing uses it: the route rules at once, then the DRG attachment, the
// DRG once the virtual circuit is gone, and the gateway (then its public IP
// and GatewaySubnet) once the connection is gone. Only resources carrying
// this interconnect's ownership tag are deleted; the user's VNet, VCN, route
// tables and any DRG or gateway they brought are left alone, and resources
// that look like ours but lack the tag are listed in the plan's notes. A
// resource already being deleted (a teardown resumed after a crash) is a
// wait. It writes nothing.
func (c *Client) PlanDestroy(ctx context.Context, s Spec) (*plan.Plan, error) {
	raw := s
	s, o, err := c.observe(ctx, s, readExisting)
	if err != nil {
		return nil, err
	}
	n := namesFor(s)
	d := &decision{spec: s, n: n} // for the deterministic Azure IDs
	p := &plan.Plan{Name: s.Name, Destroy: true, Spec: specJSON(raw)}
	b := &plan.Builder{}
	leave := func(format string, args ...any) {
		p.Notes = append(p.Notes, "Leaves alone "+fmt.Sprintf(format, args...))
	}
	t := &teardown{b: b, leave: leave, waits: true}
	del := t.del

	// The circuit chain of each location, the second's connection after
	// the first's (ARM runs one connection operation at a time on a
	// gateway). The ECMP the library turned on in a DRG of the user's goes
	// back off alongside.
	ecmpRestoreStep(s, o, b)
	var connSteps, vcSteps []string
	prevConn := ""
	for _, st := range o.sites {
		conn, vc := d.siteChain(t, st, o, prevConn)
		connSteps, vcSteps = append(connSteps, conn), append(vcSteps, vc)
		prevConn = conn
	}

	// The owned leftovers go as soon as what uses them is gone, alongside
	// the circuit chain above: the route rules at once, the DRG attachment
	// after them, the DRG after the attachment and the virtual circuit, and
	// the gateway (then its public IP and subnet) after the connection.
	var attachmentSteps []string
	for _, vs := range o.vcns {
		rulesID, attID := vcnStepID(vs.ref, StepRouteRules), vcnStepID(vs.ref, StepDRGAttachment)
		rules := plan.Step{ID: rulesID, Action: plan.Update, Cloud: "oci", Kind: kindRouteRules,
			Changes: []plan.Change{change("description", n.routeRule)}}
		var tables []string
		for _, rt := range vs.routeTables {
			for _, r := range rt.Rules {
				if r.Description == n.routeRule {
					rules.Changes = append(rules.Changes, update(ruleField(rt.ID, r.Destination.String()), r.NetworkEntityID, ""))
				}
			}
			tables = append(tables, rt.ID)
		}
		if k := len(rules.Changes) - 1; k > 0 {
			rules.Name, rules.Reason = strings.Join(tables, ","), "removes the "+plural(k, "route rule")+" this interconnect added; other rules stay"
			b.Add(rules)
		}
		if a := vs.attachment; a != nil && ownedBy(a.FreeformTags, s.Name) {
			del(attID, "oci", kindAttachment, a.ID, a.ID, a.State == oci.Detaching, "created by this interconnect", rulesID)
			attachmentSteps = append(attachmentSteps, attID)
		} else if a != nil {
			leave("DRG attachment %s of VCN %s: it lacks the %s=%s tag or was there before", a.ID, vs.ref.id, OwnershipTagKey, s.Name)
		}
	}
	if d := o.drg; d != nil {
		if ownedBy(d.FreeformTags, s.Name) && s.OCI.DRGID == "" {
			del(StepDRG, "oci", kindDRG, d.ID, d.ID, d.State == oci.Terminating, "created by this interconnect", slices.Concat(attachmentSteps, vcSteps)...)
		} else {
			leave("DRG %s: it was given in the spec or lacks the %s=%s tag", d.ID, OwnershipTagKey, s.Name)
		}
	}
	// The spokes' peerings: the spoke's side first (Azure refuses to delete
	// a gateway that a peering uses as its remote gateway), the hub's sides
	// one at a time (puts and deletes on one VNet go one at a time).
	var spokeSides []string
	prevHub := ""
	for _, sp := range o.spokes {
		hubName, spokeName := peeringNames(s, sp.index)
		if p := sp.spokeSide; p != nil && strings.EqualFold(p.Name, spokeName) {
			del(spokePeeringStep(sp.index), "azure", kindVNetPeering, sp.spec.VirtualNetwork+"/"+p.Name, p.ID, p.State == azure.Deleting, "created by this interconnect")
			spokeSides = append(spokeSides, spokePeeringStep(sp.index))
		} else if p != nil {
			leave("peering %s of spoke %s: it was there before (adopted)", p.Name, sp.spec.VirtualNetwork)
		}
		if p := sp.hubSide; p != nil && strings.EqualFold(p.Name, hubName) {
			del(hubPeeringStep(sp.index), "azure", kindVNetPeering, s.Azure.VirtualNetwork+"/"+p.Name, p.ID, p.State == azure.Deleting, "created by this interconnect",
				spokePeeringStep(sp.index), prevHub)
			prevHub = hubPeeringStep(sp.index)
		} else if p != nil {
			leave("peering %s of the hub to spoke %s: it was there before (adopted)", p.Name, sp.spec.VirtualNetwork)
		}
	}
	gw := o.gateway()
	subnetOwned, gatewayStays := false, false
	if gw != nil {
		if ownedBy(gw.Tags, s.Name) {
			subnetOwned = gw.Tags[gatewaySubnetTagKey] == "true"
			id := azure.ResourceID(s.Azure.SubscriptionID, cmpOr(azure.ParseID(gw.ID).ResourceGroup, s.Azure.ResourceGroup), gatewaysType, gw.Name)
			del(StepGateway, "azure", kindGateway, gw.Name, id, gw.State == azure.Deleting, "created by this interconnect", slices.Concat(spokeSides, connSteps)...)
		} else {
			gatewayStays = true
			leave("gateway %s: it was adopted or lacks the %s=%s tag", gw.Name, OwnershipTagKey, s.Name)
		}
	}
	if ip := o.publicIP; ip != nil {
		switch {
		case gatewayStays && gw.PublicIPID != "" && strings.EqualFold(gw.PublicIPID, ip.ID):
			leave("public IP %s: the gateway that stays uses it", ip.Name)
		case ownedBy(ip.Tags, s.Name):
			del(StepPublicIP, "azure", kindPublicIP, ip.Name, d.azureID("publicIPAddresses", n.publicIP), ip.State == azure.Deleting, "created by this interconnect", append([]string{StepGateway}, connSteps...)...)
		default:
			leave("public IP %s: it lacks the %s=%s tag", ip.Name, OwnershipTagKey, s.Name)
		}
	}
	if sn := o.gatewaySubnet; sn != nil {
		if subnetOwned {
			del(StepGatewaySubnet, "azure", kindSubnet, azure.GatewaySubnetName, d.azureID("virtualNetworks", s.Azure.VirtualNetwork, "subnets", azure.GatewaySubnetName), sn.State == azure.Deleting, "created by this interconnect with its gateway", append([]string{StepGateway}, connSteps...)...)
		} else {
			leave("subnet %s of VNet %s: this interconnect did not create it (or no longer knows it did)", azure.GatewaySubnetName, s.Azure.VirtualNetwork)
		}
	}
	if o.vnet != nil {
		leave("VNet %s and VCN %s: they belong to the user", s.Azure.VirtualNetwork, s.OCI.VCNID)
	}
	p.Steps = groupByNetwork(s, withEstimates(b.Steps()))
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("interconnect: internal error building the destroy plan: %w", err)
	}
	return p, nil
}

// teardown plans deletes into b.
type teardown struct {
	b     *plan.Builder
	leave func(format string, args ...any)
	// waits makes a resource already being deleted a wait (a destroy plan,
	// resumed after a crash). Otherwise it is a delete, which waits for the
	// deletion under way: the removal of the second location in a plan that
	// builds, where a delete chooses the teardown's executor.
	waits bool
}

// del deletes a resource, or waits for its deletion when it is already
// being deleted.
func (t *teardown) del(id, cloud, kind, name, resource string, deleting bool, reason string, deps ...string) {
	st := plan.Step{ID: id, Action: plan.Delete, Cloud: cloud, Kind: kind, Name: name, Resource: resource, Reason: reason, DependsOn: deps}
	switch {
	case deleting && t.waits:
		st.Action, st.Reason = plan.Wait, reason+"; it is being deleted already"
	case deleting:
		st.Reason += "; it is being deleted already"
	}
	t.b.Add(st)
}

// siteChain plans a site's teardown in the only order that leaves nothing
// stuck: its connection (after prevConn, the connection step before it),
// its virtual circuit (waiting until it is gone), a wait for the circuit to
// show NotProvisioned, the private peering, the circuit. It returns the IDs
// of its connection and virtual circuit steps, whether or not they exist.
func (d *decision) siteChain(t *teardown, st *siteState, o *observed, prevConn string) (conn, vc string) {
	s := d.spec
	conn, vc = st.stepID(StepConnection), st.stepID(StepVirtualCircuit)
	deprov, peering, circuit := st.stepID(StepCircuitDeprovisioned), st.stepID(StepPeering), st.stepID(StepCircuit)
	circuitID := d.circuitIDOf(st.site)
	if cn := st.connection; cn != nil {
		if ownedBy(cn.Tags, s.Name) {
			reason := "created by this interconnect"
			if prevConn != "" {
				reason += "; after the first location's connection: ARM runs one connection operation at a time on a gateway"
			}
			t.del(conn, "azure", kindConnection, cn.Name, d.azureID("connections", st.connectionName), cn.State == azure.Deleting, reason, prevConn)
		} else {
			t.leave("connection %s: it lacks the %s=%s tag", cn.Name, OwnershipTagKey, s.Name)
		}
	}
	if x := st.vc; x != nil {
		t.del(vc, "oci", kindVirtualCircuit, x.ID, x.ID, x.State == oci.Terminating,
			"created by this interconnect; the ExpressRoute circuit is deprovisioned when it is gone", conn)
	}
	if st.index == 0 {
		for _, x := range o.foreignVCs {
			t.leave("virtual circuit %s: it lacks the %s=%s tag", x.ID, OwnershipTagKey, s.Name)
		}
	}
	if ckt := st.circuit; ckt != nil {
		switch {
		case !ownedBy(ckt.Tags, s.Name):
			t.leave("ExpressRoute circuit %s: it lacks the %s=%s tag", ckt.Name, OwnershipTagKey, s.Name)
		case st.vc == nil && len(o.foreignVCs) > 0 && ckt.ProviderState != azure.NotProvisioned:
			t.leave("ExpressRoute circuit %s: it is still provisioned by a virtual circuit this interconnect does not own; delete that first", ckt.Name)
		default:
			t.b.Add(plan.Step{ID: deprov, Action: plan.Wait, Cloud: "azure", Kind: kindCircuit, Name: ckt.Name, Resource: circuitID,
				Reason: "Azure refuses to delete a circuit until the provider has deprovisioned it", DependsOn: []string{vc},
				Estimate: estimates[kindVirtualCircuit]})
			if p := st.peering; p != nil {
				t.del(peering, "azure", kindPeering, ckt.Name+"/"+azure.PrivatePeeringName, circuitID+"/peerings/"+azure.PrivatePeeringName, p.State == azure.Deleting,
					"Azure refuses to delete a circuit that still has a peering, the one the provider configured included", deprov, conn)
			}
			t.del(circuit, "azure", kindCircuit, ckt.Name, circuitID, ckt.State == azure.Deleting, "created by this interconnect", peering, deprov, conn)
		}
	}
	return conn, vc
}

// removeSecondSite plans, in a plan for a standard spec, the teardown of a
// second location the interconnect still has: its chain after the first
// location's connection step, and ECMP back off in a DRG of the user's. Its
// notes join the plan's.
func (d *decision) removeSecondSite(o *observed, b *plan.Builder) {
	t := &teardown{b: b, waits: false, leave: func(format string, args ...any) {
		d.removalNotes = append(d.removalNotes, "Leaves alone "+fmt.Sprintf(format, args...))
	}}
	ecmpRestoreStep(d.spec, o, b)
	d.siteChain(t, o.second(), o, StepConnection)
}
