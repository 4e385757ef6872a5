package interconnect

import (
	"context"
	"errors"
	"fmt"
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
// and GatewaySubnet) once the connection is gone. Only resources carrying this interconnect's ownership tag are
// deleted; the user's VNet, VCN, route tables and any DRG or gateway they
// brought are left alone, and resources that look like ours but lack the tag
// are listed in the plan's notes. It writes nothing.
func (c *Client) PlanDestroy(ctx context.Context, s Spec) (*plan.Plan, error) {
	s, o, err := c.observe(ctx, s, readForDestroy)
	if err != nil {
		return nil, err
	}
	n := namesFor(s)
	t := &target{spec: s, n: n, tags: ownerTags(s), routeTableIDs: s.OCI.RouteTableIDs}
	if len(t.routeTableIDs) == 0 && o.vcn != nil {
		t.routeTableIDs = []string{o.vcn.DefaultRouteTableID}
	}
	p := &plan.Plan{Name: s.Name, Destroy: true, Target: t}
	b := &stepBuilder{}
	leave := func(format string, args ...any) {
		p.Notes = append(p.Notes, "Leaves alone "+fmt.Sprintf(format, args...))
	}
	del := func(id, cloud, kind, name, reason string, deps ...string) {
		b.add(plan.Step{ID: id, Action: plan.Delete, Cloud: cloud, Kind: kind, Name: name, Reason: reason, DependsOn: deps})
	}
	if cn := o.connection; cn != nil {
		if ownedBy(cn.Tags, s.Name) {
			del(StepConnection, "azure", "connection", cn.Name, "created by this interconnect")
		} else {
			leave("connection %s: it lacks the %s=%s tag", cn.Name, OwnershipTagKey, s.Name)
		}
	}
	if vc := o.vc; vc != nil {
		t.known.vcID = vc.ID
		del(StepVirtualCircuit, "oci", "virtual-circuit", vc.ID, "created by this interconnect; the ExpressRoute circuit is deprovisioned when it is gone", StepConnection)
	}
	for _, vc := range o.foreignVCs {
		leave("virtual circuit %s: it lacks the %s=%s tag", vc.ID, OwnershipTagKey, s.Name)
	}
	if ckt := o.circuit; ckt != nil {
		switch {
		case !ownedBy(ckt.Tags, s.Name):
			leave("ExpressRoute circuit %s: it lacks the %s=%s tag", ckt.Name, OwnershipTagKey, s.Name)
		case o.vc == nil && len(o.foreignVCs) > 0 && ckt.ProviderState != azure.NotProvisioned:
			leave("ExpressRoute circuit %s: it is still provisioned by a virtual circuit this interconnect does not own; delete that first", ckt.Name)
		default:
			b.add(plan.Step{ID: StepCircuitDeprovisioned, Action: plan.Wait, Cloud: "azure", Kind: "expressroute-circuit", Name: ckt.Name,
				Reason: "Azure refuses to delete a circuit until the provider has deprovisioned it", DependsOn: []string{StepVirtualCircuit}})
			if o.peering != nil {
				del(StepPeering, "azure", "private-peering", ckt.Name+"/"+azure.PrivatePeeringName,
					"Azure refuses to delete a circuit that still has a peering, the one the provider configured included", StepCircuitDeprovisioned, StepConnection)
			}
			del(StepCircuit, "azure", "expressroute-circuit", ckt.Name, "created by this interconnect", StepPeering, StepCircuitDeprovisioned, StepConnection)
		}
	}

	// The owned leftovers go as soon as what uses them is gone, alongside
	// the circuit chain above: the route rules at once, the DRG attachment
	// after them, the DRG after the attachment and the virtual circuit, and
	// the gateway (then its public IP and subnet) after the connection.
	ownedRules := 0
	for _, rt := range o.routeTables {
		for _, r := range rt.Rules {
			if r.Description == n.routeRule {
				ownedRules++
			}
		}
	}
	if ownedRules > 0 {
		b.add(plan.Step{ID: StepRouteRules, Action: plan.Update, Cloud: "oci", Kind: "route-rules", Name: strings.Join(t.routeTableIDs, ","),
			Reason: fmt.Sprintf("removes the %d route rule(s) this interconnect added; other rules stay", ownedRules)})
	}
	if a := o.attachment; a != nil && ownedBy(a.FreeformTags, s.Name) {
		t.known.attachmentID = a.ID
		del(StepDRGAttachment, "oci", "drg-attachment", a.ID, "created by this interconnect", StepRouteRules)
	} else if a != nil {
		leave("DRG attachment %s: it lacks the %s=%s tag", a.ID, OwnershipTagKey, s.Name)
	}
	if d := o.drg; d != nil {
		if ownedBy(d.FreeformTags, s.Name) && s.OCI.DRGID == "" {
			t.known.drgID = d.ID
			del(StepDRG, "oci", "drg", d.ID, "created by this interconnect", StepDRGAttachment, StepVirtualCircuit)
		} else {
			leave("DRG %s: it was given in the spec or lacks the %s=%s tag", d.ID, OwnershipTagKey, s.Name)
		}
	}
	gw := o.namedGateway
	if o.subnetGateway != nil {
		gw = o.subnetGateway
	}
	subnetOwned, gatewayStays := false, false
	if gw != nil {
		if ownedBy(gw.Tags, s.Name) {
			t.gatewayRG, t.gatewayName = resourceGroupOf(gw.ID, s.Azure.ResourceGroup), gw.Name
			subnetOwned = gw.Tags[gatewaySubnetTagKey] == "true"
			del(StepGateway, "azure", "gateway", gw.Name, "created by this interconnect", StepConnection)
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
			del(StepPublicIP, "azure", "public-ip", ip.Name, "created by this interconnect", StepGateway, StepConnection)
		default:
			leave("public IP %s: it lacks the %s=%s tag", ip.Name, OwnershipTagKey, s.Name)
		}
	}
	if o.gatewaySubnet != nil {
		if subnetOwned {
			del(StepGatewaySubnet, "azure", "subnet", azure.GatewaySubnetName, "created by this interconnect with its gateway", StepGateway, StepConnection)
		} else {
			leave("subnet %s of VNet %s: this interconnect did not create it (or no longer knows it did)", azure.GatewaySubnetName, s.Azure.VirtualNetwork)
		}
	}
	if o.vnet != nil {
		leave("VNet %s and VCN %s: they belong to the user", s.Azure.VirtualNetwork, s.OCI.VCNID)
	}
	p.Steps = b.finish()
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("interconnect: internal error building the destroy plan: %w", err)
	}
	return p, nil
}

func (r *runner) deleteConnection(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, name := r.c.az, r.t.spec.Azure.ResourceGroup, r.t.n.connection
	return deleteAzure(ctx, sc, azureOps[azure.Connection]{
		what:  "connection " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.Connection, error) { return az.GetConnection(ctx, rg, name) },
		state: func(c azure.Connection) azure.ProvisioningState { return c.State },
		del:   func(ctx context.Context) error { return az.DeleteConnection(ctx, rg, name) },
	})
}

func (r *runner) deletePeering(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, circuit := r.c.az, r.t.spec.Azure.ResourceGroup, r.t.n.circuit
	return deleteAzure(ctx, sc, azureOps[azure.PrivatePeering]{
		what:  "private peering of " + rg + "/" + circuit,
		get:   func(ctx context.Context) (azure.PrivatePeering, error) { return az.GetPrivatePeering(ctx, rg, circuit) },
		state: func(p azure.PrivatePeering) azure.ProvisioningState { return p.State },
		del:   func(ctx context.Context) error { return az.DeletePrivatePeering(ctx, rg, circuit) },
	})
}

func (r *runner) deleteCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	return deleteAzure(ctx, sc, r.circuitOps())
}

func (r *runner) deleteGateway(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, name := r.c.az, r.t.gatewayRG, r.t.gatewayName
	return deleteAzure(ctx, sc, azureOps[azure.Gateway]{
		what:  "gateway " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.Gateway, error) { return az.GetGateway(ctx, rg, name) },
		state: func(g azure.Gateway) azure.ProvisioningState { return g.State },
		del:   func(ctx context.Context) error { return az.DeleteGateway(ctx, rg, name) },
	})
}

func (r *runner) deletePublicIP(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, name := r.c.az, r.t.spec.Azure.ResourceGroup, r.t.n.publicIP
	return deleteAzure(ctx, sc, azureOps[azure.PublicIP]{
		what:  "public IP " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.PublicIP, error) { return az.GetPublicIP(ctx, rg, name) },
		state: func(p azure.PublicIP) azure.ProvisioningState { return p.State },
		del:   func(ctx context.Context) error { return az.DeletePublicIP(ctx, rg, name) },
	})
}

func (r *runner) deleteGatewaySubnet(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, vnet := r.c.az, r.t.spec.Azure.ResourceGroup, r.t.spec.Azure.VirtualNetwork
	return deleteAzure(ctx, sc, azureOps[azure.Subnet]{
		what: "subnet " + vnet + "/" + azure.GatewaySubnetName,
		get: func(ctx context.Context) (azure.Subnet, error) {
			return az.GetSubnet(ctx, rg, vnet, azure.GatewaySubnetName)
		},
		state: func(s azure.Subnet) azure.ProvisioningState { return s.State },
		del:   func(ctx context.Context) error { return az.DeleteSubnet(ctx, rg, vnet, azure.GatewaySubnetName) },
	})
}

// waitCircuitDeprovisioned waits until the provider has released the circuit.
func (r *runner) waitCircuitDeprovisioned(ctx context.Context, sc *stepCtx) (string, error) {
	az, rg, name := r.c.az, r.t.spec.Azure.ResourceGroup, r.t.n.circuit
	err := sc.poll(ctx, "provider state of circuit "+name, func(ctx context.Context) (pollState, error) {
		c, err := az.GetCircuit(ctx, rg, name)
		if errors.Is(err, azure.ErrNotFound) {
			return pollState{"gone", true}, nil
		}
		if err != nil {
			return pollState{}, err
		}
		return pollState{string(c.ProviderState), c.ProviderState == azure.NotProvisioned}, nil
	})
	return "the provider released the circuit", err
}

// deleteOCI deletes an OCI resource if it still exists and waits until it is
// gone (gone is TERMINATED or DETACHED, or not found).
func deleteOCI(ctx context.Context, sc *stepCtx, what string, state func(context.Context) (oci.LifecycleState, error), gone oci.LifecycleState, del func(context.Context) error) (string, error) {
	c := sc.r.c
	read := func(ctx context.Context) (pollState, error) {
		st, err := state(ctx)
		if errors.Is(err, oci.ErrNotFound) {
			return pollState{"gone", true}, nil
		}
		if err != nil {
			return pollState{}, err
		}
		return pollState{string(st), st == gone}, nil
	}
	st, err := call(ctx, c, what, read)
	if err != nil {
		return "", err
	}
	if st.done {
		return "already gone", nil
	}
	if st.state != string(oci.Terminating) && st.state != string(oci.Detaching) {
		sc.emit(ctx, StepProgress, "deleting %s", what)
		err := do(ctx, c, "deleting "+what, del)
		if err != nil && !errors.Is(err, oci.ErrNotFound) {
			return "", err
		}
		st = pollState{"deleting", false} // OCI has just accepted the delete
	}
	return "deleted", sc.pollFrom(ctx, what, &st, read)
}

func (r *runner) deleteVirtualCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	oc, id := r.c.oc, r.t.known.vcID
	return deleteOCI(ctx, sc, "virtual circuit "+id, func(ctx context.Context) (oci.LifecycleState, error) {
		v, err := oc.GetVirtualCircuit(ctx, id)
		return v.State, err
	}, oci.Terminated, func(ctx context.Context) error { return oc.DeleteVirtualCircuit(ctx, id) })
}

func (r *runner) deleteDRGAttachment(ctx context.Context, sc *stepCtx) (string, error) {
	oc, id := r.c.oc, r.t.known.attachmentID
	return deleteOCI(ctx, sc, "DRG attachment "+id, func(ctx context.Context) (oci.LifecycleState, error) {
		v, err := oc.GetDRGAttachment(ctx, id)
		return v.State, err
	}, oci.Detached, func(ctx context.Context) error { return oc.DeleteDRGAttachment(ctx, id) })
}

func (r *runner) deleteDRG(ctx context.Context, sc *stepCtx) (string, error) {
	oc, id := r.c.oc, r.t.known.drgID
	return deleteOCI(ctx, sc, "DRG "+id, func(ctx context.Context) (oci.LifecycleState, error) {
		v, err := oc.GetDRG(ctx, id)
		return v.State, err
	}, oci.Terminated, func(ctx context.Context) error { return oc.DeleteDRG(ctx, id) })
}

// removeRouteRules takes out the rules this interconnect added and keeps the
// rest.
func (r *runner) removeRouteRules(ctx context.Context, sc *stepCtx) (string, error) {
	t, oc, c := r.t, r.c.oc, r.c
	removed := 0
	for _, id := range t.routeTableIDs {
		_, err := call(ctx, c, "route table "+id, func(ctx context.Context) (oci.RouteTable, error) {
			return oc.UpdateRouteTable(ctx, id, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				kept := make([]oci.RouteRule, 0, len(rules))
				for _, rule := range rules {
					if rule.Description != t.n.routeRule {
						kept = append(kept, rule)
					}
				}
				removed = len(rules) - len(kept)
				return kept, removed > 0
			})
		})
		if err != nil && !errors.Is(err, oci.ErrNotFound) {
			return "", err
		}
	}
	return "removed this interconnect's route rules", nil
}
