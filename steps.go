package interconnect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// executor returns the function that carries out a step of this runner's plan.
func (r *runner) executor(id string) func(context.Context, *stepCtx) (string, error) {
	if r.destroy {
		return map[string]func(context.Context, *stepCtx) (string, error){
			StepConnection:           r.deleteConnection,
			StepVirtualCircuit:       r.deleteVirtualCircuit,
			StepCircuitDeprovisioned: r.waitCircuitDeprovisioned,
			StepPeering:              r.deletePeering,
			StepCircuit:              r.deleteCircuit,
			StepRouteRules:           r.removeRouteRules,
			StepDRGAttachment:        r.deleteDRGAttachment,
			StepDRG:                  r.deleteDRG,
			StepGateway:              r.deleteGateway,
			StepPublicIP:             r.deletePublicIP,
			StepGatewaySubnet:        r.deleteGatewaySubnet,
		}[id]
	}
	return map[string]func(context.Context, *stepCtx) (string, error){
		StepGatewaySubnet:  r.ensureGatewaySubnet,
		StepPublicIP:       r.ensurePublicIP,
		StepGateway:        r.ensureGateway,
		StepCircuit:        r.ensureCircuit,
		StepPeering:        r.ensurePeering,
		StepConnection:     r.ensureConnection,
		StepDRG:            r.ensureDRG,
		StepDRGAttachment:  r.ensureDRGAttachment,
		StepRouteRules:     r.ensureRouteRules,
		StepVirtualCircuit: r.ensureVirtualCircuit,
		StepBGP:            r.waitBGP,
	}[id]
}

// azureOps tells ensureAzure and deleteAzure how to handle one Azure resource.
type azureOps[T any] struct {
	what  string // e.g. "gateway rg/name", for events and errors
	get   func(context.Context) (T, error)
	state func(T) azure.ProvisioningState
	// ok reports whether an existing, Succeeded resource is already as wanted.
	ok func(T) bool
	// put creates (cur == nil) or updates the resource and waits for ARM's
	// long-running operation.
	put func(ctx context.Context, cur *T) (T, error)
	del func(context.Context) error
}

// ensureAzure makes an Azure resource be as wanted: it reads it; waits while
// another operation runs on it; does nothing when it already is as wanted; and
// otherwise puts it. A conflict (someone else is changing it) sends it back to
// reading and waiting, so two Applies at once converge on one resource.
func ensureAzure[T any](ctx context.Context, sc *stepCtx, ops azureOps[T]) (T, string, error) {
	c := sc.r.c
	var zero T
	for attempt := 0; ; attempt++ {
		cur, err := get(ctx, c, ops.what, ops.get)
		if err != nil {
			return zero, "", err
		}
		if cur != nil {
			switch ops.state(*cur) {
			case azure.Updating, azure.Deleting:
				if err := waitAzure(ctx, sc, ops); err != nil {
					return zero, "", err
				}
				continue
			case azure.Succeeded:
				if ops.ok(*cur) {
					if attempt > 0 {
						return *cur, "done by another operation", nil
					}
					return *cur, "already up to date", nil
				}
			}
		}
		verb := "creating"
		if cur != nil {
			verb = "updating"
		}
		sc.emit(ctx, StepProgress, "%s %s", verb, ops.what)
		v, err := ops.put(ctx, cur)
		if err == nil {
			return v, map[bool]string{true: "created", false: "updated"}[cur == nil], nil
		}
		if ctx.Err() != nil {
			return zero, "", ctx.Err()
		}
		delay, retry := retryDelay(err, attempt)
		if !retry || attempt >= c.cfg.maxRetries {
			return zero, "", err
		}
		sc.emit(ctx, StepProgress, "%s: %v; retrying in %s", ops.what, err, delay)
		if err := sleep(ctx, delay); err != nil {
			return zero, "", err
		}
	}
}

// waitAzure polls an Azure resource until no operation runs on it (or it is
// gone).
func waitAzure[T any](ctx context.Context, sc *stepCtx, ops azureOps[T]) error {
	return sc.poll(ctx, ops.what, func(ctx context.Context) (pollState, error) {
		v, err := ops.get(ctx)
		if errors.Is(err, azure.ErrNotFound) {
			return pollState{"gone", true}, nil
		}
		if err != nil {
			return pollState{}, err
		}
		st := ops.state(v)
		return pollState{string(st), st != azure.Updating && st != azure.Deleting}, nil
	})
}

// deleteAzure deletes an Azure resource if it still exists, waiting out any
// operation running on it first.
func deleteAzure[T any](ctx context.Context, sc *stepCtx, ops azureOps[T]) (string, error) {
	c := sc.r.c
	for attempt := 0; ; attempt++ {
		cur, err := get(ctx, c, ops.what, ops.get)
		if err != nil {
			return "", err
		}
		if cur == nil {
			if attempt > 0 {
				return "deleted", nil
			}
			return "already gone", nil
		}
		if st := ops.state(*cur); st == azure.Updating || st == azure.Deleting {
			if err := waitAzure(ctx, sc, ops); err != nil {
				return "", err
			}
			continue
		}
		sc.emit(ctx, StepProgress, "deleting %s", ops.what)
		err = ops.del(ctx)
		if err == nil || errors.Is(err, azure.ErrNotFound) {
			return "deleted", nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		delay, retry := retryDelay(err, attempt)
		if !retry || attempt >= c.cfg.maxRetries {
			return "", err
		}
		if err := sleep(ctx, delay); err != nil {
			return "", err
		}
	}
}

func (r *runner) ensureGatewaySubnet(ctx context.Context, sc *stepCtx) (string, error) {
	t, az := r.t, r.c.az
	rg, vnet := t.spec.Azure.ResourceGroup, t.spec.Azure.VirtualNetwork
	sn, outcome, err := ensureAzure(ctx, sc, azureOps[azure.Subnet]{
		what: "subnet " + vnet + "/" + azure.GatewaySubnetName,
		get: func(ctx context.Context) (azure.Subnet, error) {
			return az.GetSubnet(ctx, rg, vnet, azure.GatewaySubnetName)
		},
		state: func(s azure.Subnet) azure.ProvisioningState { return s.State },
		ok:    func(azure.Subnet) bool { return true },
		put: func(ctx context.Context, _ *azure.Subnet) (azure.Subnet, error) {
			return az.PutSubnet(ctx, rg, vnet, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: t.subnetPrefix})
		},
	})
	r.with(func(i *ids) { i.subnetID = sn.ID })
	return outcome, err
}

func (r *runner) ensurePublicIP(ctx context.Context, sc *stepCtx) (string, error) {
	t, az := r.t, r.c.az
	rg := t.spec.Azure.ResourceGroup
	ip, outcome, err := ensureAzure(ctx, sc, azureOps[azure.PublicIP]{
		what:  "public IP " + rg + "/" + t.n.publicIP,
		get:   func(ctx context.Context) (azure.PublicIP, error) { return az.GetPublicIP(ctx, rg, t.n.publicIP) },
		state: func(p azure.PublicIP) azure.ProvisioningState { return p.State },
		ok:    func(azure.PublicIP) bool { return true },
		put: func(ctx context.Context, _ *azure.PublicIP) (azure.PublicIP, error) {
			return az.PutPublicIP(ctx, rg, azure.PublicIP{Name: t.n.publicIP, Location: t.spec.Azure.Region, SKU: "Standard", Static: true, Tags: t.tags})
		},
	})
	r.with(func(i *ids) { i.publicIPID = ip.ID })
	return outcome, err
}

func (r *runner) ensureGateway(ctx context.Context, sc *stepCtx) (string, error) {
	t, az := r.t, r.c.az
	gw, outcome, err := ensureAzure(ctx, sc, azureOps[azure.Gateway]{
		what: "gateway " + t.gatewayRG + "/" + t.gatewayName,
		get: func(ctx context.Context) (azure.Gateway, error) {
			return az.GetGateway(ctx, t.gatewayRG, t.gatewayName)
		},
		state: func(g azure.Gateway) azure.ProvisioningState { return g.State },
		ok:    func(g azure.Gateway) bool { return g.SKU == t.gatewaySKU && g.ScaleUnits == t.scaleUnits },
		put: func(ctx context.Context, cur *azure.Gateway) (azure.Gateway, error) {
			var g azure.Gateway
			if cur != nil {
				g = *cur
			} else {
				ids := r.get()
				g = azure.Gateway{Name: t.gatewayName, Location: t.spec.Azure.Region, GatewayType: azure.GatewayTypeExpressRoute,
					SubnetID: ids.subnetID, PublicIPID: ids.publicIPID, Tags: t.tags}
				if t.subnetCreated {
					g.Tags = withTag(t.tags, gatewaySubnetTagKey, "true")
				}
				sc.emit(ctx, StepProgress, "an ExpressRoute gateway takes up to 45 minutes to create")
			}
			g.SKU, g.ScaleUnits = t.gatewaySKU, t.scaleUnits
			return az.PutGateway(ctx, t.gatewayRG, g)
		},
	})
	r.with(func(i *ids) { i.gatewayID = gw.ID })
	return outcome, err
}

func withTag(tags map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(tags)+1)
	for key, val := range tags {
		out[key] = val
	}
	out[k] = v
	return out
}

func (r *runner) circuitOps() azureOps[azure.Circuit] {
	t, az := r.t, r.c.az
	rg := t.spec.Azure.ResourceGroup
	sku := t.circuitSKU
	return azureOps[azure.Circuit]{
		what:  "ExpressRoute circuit " + rg + "/" + t.n.circuit,
		get:   func(ctx context.Context) (azure.Circuit, error) { return az.GetCircuit(ctx, rg, t.n.circuit) },
		state: func(c azure.Circuit) azure.ProvisioningState { return c.State },
		ok: func(c azure.Circuit) bool {
			return c.BandwidthMbps == t.spec.Bandwidth.Mbps() && c.SKU == sku
		},
		put: func(ctx context.Context, cur *azure.Circuit) (azure.Circuit, error) {
			c := azure.Circuit{Name: t.n.circuit, Location: t.spec.Azure.Region, ServiceProvider: azure.OracleServiceProvider,
				PeeringLocation: t.spec.Azure.PeeringLocation, Tags: t.tags}
			if cur != nil {
				c = *cur
			}
			c.SKU, c.BandwidthMbps = sku, t.spec.Bandwidth.Mbps()
			return az.PutCircuit(ctx, rg, c)
		},
		del: func(ctx context.Context) error { return az.DeleteCircuit(ctx, rg, t.n.circuit) },
	}
}

func (r *runner) ensureCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	ckt, outcome, err := ensureAzure(ctx, sc, r.circuitOps())
	if err == nil {
		r.with(func(i *ids) { i.circuitID, i.serviceKey = ckt.ID, ckt.ServiceKey })
	}
	return outcome, err
}

func (r *runner) ensureConnection(ctx context.Context, sc *stepCtx) (string, error) {
	t, az := r.t, r.c.az
	rg := t.spec.Azure.ResourceGroup
	fast := t.spec.Azure.FastPathEnabled()
	_, outcome, err := ensureAzure(ctx, sc, azureOps[azure.Connection]{
		what:  "connection " + rg + "/" + t.n.connection,
		get:   func(ctx context.Context) (azure.Connection, error) { return az.GetConnection(ctx, rg, t.n.connection) },
		state: func(c azure.Connection) azure.ProvisioningState { return c.State },
		ok:    func(c azure.Connection) bool { return c.FastPath == fast },
		put: func(ctx context.Context, cur *azure.Connection) (azure.Connection, error) {
			ids := r.get()
			c := azure.Connection{Name: t.n.connection, Location: t.spec.Azure.Region, GatewayID: ids.gatewayID, CircuitID: ids.circuitID, Tags: t.tags}
			if cur != nil {
				c = *cur
			}
			c.FastPath = fast
			return az.PutConnection(ctx, rg, c)
		},
	})
	return outcome, err
}

// ensurePeering waits for Oracle to configure the circuit's private peering
// and, if it is still absent after the grace period, makes it by hand. An
// existing peering is never overwritten.
func (r *runner) ensurePeering(ctx context.Context, sc *stepCtx) (string, error) {
	t, az, c := r.t, r.c.az, r.c
	rg := t.spec.Azure.ResourceGroup
	found := false
	err := sc.poll(ctx, "private peering of "+t.n.circuit, func(ctx context.Context) (pollState, error) {
		p, err := az.GetPrivatePeering(ctx, rg, t.n.circuit)
		switch {
		case errors.Is(err, azure.ErrNotFound):
			if time.Since(sc.started) >= c.cfg.peeringGrace {
				return pollState{"still not configured by the provider after " + c.cfg.peeringGrace.String(), true}, nil
			}
			return pollState{"not configured yet", false}, nil
		case err != nil:
			return pollState{}, err
		case p.State == azure.Updating:
			return pollState{"being configured", false}, nil
		}
		found = true
		return pollState{"configured by " + orUnknown(p.LastModifiedBy), true}, nil
	})
	if err != nil || found {
		return "configured by the provider", err
	}
	_, _, err = ensureAzure(ctx, sc, azureOps[azure.PrivatePeering]{
		what: "private peering of " + t.n.circuit,
		get: func(ctx context.Context) (azure.PrivatePeering, error) {
			return az.GetPrivatePeering(ctx, rg, t.n.circuit)
		},
		state: func(p azure.PrivatePeering) azure.ProvisioningState { return p.State },
		ok:    func(azure.PrivatePeering) bool { return true }, // never overwrite
		put: func(ctx context.Context, _ *azure.PrivatePeering) (azure.PrivatePeering, error) {
			return az.PutPrivatePeering(ctx, rg, t.n.circuit, azure.PrivatePeering{
				PeerASN: oci.OracleASN, PrimaryPrefix: t.primary.Prefix, SecondaryPrefix: t.secondary.Prefix,
				VLAN: t.vlan, SharedKey: t.spec.Peering.MD5AuthKey,
			})
		},
	})
	if err != nil {
		return "", fmt.Errorf("creating the private peering by hand: %w", err)
	}
	return "created by hand after the grace period", nil
}

func (r *runner) ensureDRG(ctx context.Context, sc *stepCtx) (string, error) {
	t, oc, c := r.t, r.c.oc, r.c
	var d oci.DRG
	outcome := "already available"
	if id := t.spec.OCI.DRGID; id != "" {
		d.ID = id
	} else {
		drgs, err := call(ctx, c, "oci DRGs", func(ctx context.Context) ([]oci.DRG, error) { return oc.ListDRGs(ctx, t.spec.OCI.CompartmentID) })
		if err != nil {
			return "", err
		}
		for _, x := range drgs {
			if x.DisplayName == t.n.drg && ownedBy(x.FreeformTags, t.spec.Name) && x.State != oci.Terminated {
				d = x
			}
		}
		if d.ID == "" {
			token := retryToken("drg", t.spec.Name, t.spec.OCI.CompartmentID, r.get().serviceKey)
			d, err = createOnce(ctx, c, "creating DRG "+t.n.drg, token, func(ctx context.Context, token string) (oci.DRG, error) {
				return oc.CreateDRG(ctx, oci.DRG{CompartmentID: t.spec.OCI.CompartmentID, DisplayName: t.n.drg, FreeformTags: t.tags}, token)
			}, func(d oci.DRG) (string, bool) { return d.ID, d.State == oci.Terminating || d.State == oci.Terminated })
			if err != nil {
				return "", err
			}
			outcome = "created"
		}
	}
	r.with(func(i *ids) { i.drgID = d.ID })
	var known *pollState
	if d.State != "" { // created or listed just now
		known = &pollState{string(d.State), d.State == oci.Available}
	}
	err := sc.pollFrom(ctx, "DRG "+d.ID, known, func(ctx context.Context) (pollState, error) {
		x, err := oc.GetDRG(ctx, d.ID)
		if err != nil {
			return pollState{}, err
		}
		if x.State == oci.Terminating || x.State == oci.Terminated {
			return pollState{}, fmt.Errorf("DRG %s is %s: someone is deleting it; wait until it is gone, then plan and apply again", d.ID, x.State)
		}
		return pollState{string(x.State), x.State == oci.Available}, nil
	})
	return outcome, err
}

// createOnce runs an OCI create with a retry token. OCI answers a token it
// has seen in the last 24 hours with the resource it made then, even if that
// resource has since been deleted: when the answer is such a dead resource
// (dead reports its ID), createOnce asks again with a token derived from the
// old one and the dead resource's ID. Once that resource has been purged, OCI
// answers 409 InvalidatedRetryToken instead, and createOnce asks again with a
// token derived from the old one alone. Every process derives the same chain,
// so concurrent Applies still make one resource.
func createOnce[T any](ctx context.Context, c *Client, what, token string, create func(context.Context, string) (T, error), dead func(T) (string, bool)) (T, error) {
	for range 3 {
		v, err := call(ctx, c, what, func(ctx context.Context) (T, error) { return create(ctx, token) })
		if oci.IsInvalidatedRetryToken(err) {
			c.cfg.logger.DebugContext(ctx, "retry token invalidated (its resource was deleted and purged); deriving a new token", "call", what)
			token = nextRetryToken(token, oci.CodeInvalidatedRetryToken)
			continue
		}
		if err != nil {
			return v, err
		}
		id, gone := dead(v)
		if !gone {
			return v, nil
		}
		c.cfg.logger.DebugContext(ctx, "retry token answered with a deleted resource; deriving a new token", "call", what, "resource", id)
		token = nextRetryToken(token, id)
	}
	var zero T
	return zero, fmt.Errorf("%s: OCI keeps answering with deleted resources; try again later", what)
}

func (r *runner) ensureDRGAttachment(ctx context.Context, sc *stepCtx) (string, error) {
	t, oc, c := r.t, r.c.oc, r.c
	drgID := r.get().drgID
	// Attachments live in the DRG's compartment.
	atts, err := call(ctx, c, "oci DRG attachments", func(ctx context.Context) ([]oci.DRGAttachment, error) {
		return oc.ListDRGAttachments(ctx, t.drgCompartment, t.spec.OCI.VCNID, "")
	})
	if err != nil {
		return "", err
	}
	var a oci.DRGAttachment
	outcome := "already attached"
	for _, x := range atts {
		if x.State == oci.Detached {
			continue
		}
		if x.DRGID != drgID {
			return "", fmt.Errorf("VCN %s is attached to DRG %s, not %s; a VCN attaches to one DRG: set oci.drgId to it", t.spec.OCI.VCNID, x.DRGID, drgID)
		}
		a = x
	}
	if a.ID == "" {
		token := retryToken("drg-attachment", t.spec.Name, t.spec.OCI.CompartmentID, r.get().serviceKey)
		a, err = createOnce(ctx, c, "attaching DRG "+drgID, token, func(ctx context.Context, token string) (oci.DRGAttachment, error) {
			return oc.CreateDRGAttachment(ctx, oci.DRGAttachment{CompartmentID: t.spec.OCI.CompartmentID, DisplayName: t.n.drgAttachment,
				DRGID: drgID, VCNID: t.spec.OCI.VCNID, FreeformTags: t.tags}, token)
		}, func(a oci.DRGAttachment) (string, bool) {
			return a.ID, a.State == oci.Detaching || a.State == oci.Detached
		})
		if err != nil {
			return "", err
		}
		outcome = "created"
	}
	r.with(func(i *ids) { i.attachmentID = a.ID })
	err = sc.pollFrom(ctx, "DRG attachment "+a.ID, &pollState{string(a.State), a.State == oci.Attached}, func(ctx context.Context) (pollState, error) {
		x, err := oc.GetDRGAttachment(ctx, a.ID)
		if err != nil {
			return pollState{}, err
		}
		if x.State == oci.Detaching || x.State == oci.Detached {
			return pollState{}, fmt.Errorf("DRG attachment %s is %s: someone is detaching it; wait until it is DETACHED, then plan and apply again", a.ID, x.State)
		}
		return pollState{string(x.State), x.State == oci.Attached}, nil
	})
	return outcome, err
}

func (r *runner) ensureRouteRules(ctx context.Context, sc *stepCtx) (string, error) {
	t, oc, c := r.t, r.c.oc, r.c
	drgID := r.get().drgID
	changed := 0
	for _, id := range t.routeTableIDs {
		var conflict string
		_, err := call(ctx, c, "route table "+id, func(ctx context.Context) (oci.RouteTable, error) {
			return oc.UpdateRouteTable(ctx, id, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				out, ch, cf := editRules(rules, t.vnetCIDRs, drgID, t.n.routeRule)
				conflict = cf
				return out, len(ch) > 0 && cf == ""
			})
		})
		if err != nil {
			return "", err
		}
		if conflict != "" {
			return "", fmt.Errorf("route table %s %s", id, conflict)
		}
		changed++
	}
	return fmt.Sprintf("route rules in place in %d table(s)", changed), nil
}

func (r *runner) ensureVirtualCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	t, oc, c := r.t, r.c.oc, r.c
	vcs, err := call(ctx, c, "oci virtual circuits", func(ctx context.Context) ([]oci.VirtualCircuit, error) {
		return oc.FindVirtualCircuits(ctx, t.spec.OCI.CompartmentID, t.n.virtualCircuit)
	})
	if err != nil {
		return "", err
	}
	var vc oci.VirtualCircuit
	for _, x := range vcs {
		if ownedBy(x.FreeformTags, t.spec.Name) && x.State != oci.Terminated && x.State != oci.Terminating {
			vc = x
		}
	}
	outcome := "already ordered"
	if vc.ID == "" {
		ids := r.get()
		if ids.serviceKey.IsZero() {
			return "", errors.New("the ExpressRoute circuit " + t.n.circuit + " has no service key yet; run apply again once it exists")
		}
		token := retryToken("virtual-circuit", t.spec.Name, t.spec.OCI.CompartmentID, ids.serviceKey)
		vc, err = createOnce(ctx, c, "ordering virtual circuit "+t.n.virtualCircuit, token, func(ctx context.Context, token string) (oci.VirtualCircuit, error) {
			return oc.CreateVirtualCircuit(ctx, oci.VirtualCircuit{
				CompartmentID: t.spec.OCI.CompartmentID, DisplayName: t.n.virtualCircuit, Type: oci.CircuitTypePrivate,
				BandwidthShapeName: t.shape, GatewayID: ids.drgID, ProviderServiceID: t.providerServiceID,
				ProviderServiceKeyName: ids.serviceKey, CrossConnectMappings: t.mappings(), FreeformTags: t.tags,
			}, token)
		}, func(vc oci.VirtualCircuit) (string, bool) {
			return vc.ID, vc.State == oci.Terminating || vc.State == oci.Terminated
		})
		if err != nil {
			return "", err
		}
		outcome = "created"
	}
	if vc.State == oci.Provisioned && vc.BandwidthShapeName != t.shape {
		sc.emit(ctx, StepProgress, "changing virtual circuit %s from %s to %s", vc.ID, vc.BandwidthShapeName, t.shape)
		vc, err = call(ctx, c, "changing the bandwidth of virtual circuit "+vc.ID, func(ctx context.Context) (oci.VirtualCircuit, error) {
			return oc.UpdateVirtualCircuit(ctx, vc.ID, t.shape)
		})
		if err != nil {
			return "", err
		}
		outcome = "bandwidth changed to " + t.shape
	}
	r.with(func(i *ids) { i.vcID = vc.ID })
	err = sc.pollFrom(ctx, "virtual circuit "+vc.ID, &pollState{string(vc.State), vc.State == oci.Provisioned}, func(ctx context.Context) (pollState, error) {
		x, err := oc.GetVirtualCircuit(ctx, vc.ID)
		if err != nil {
			return pollState{}, err
		}
		if err := r.virtualCircuitStuck(ctx, x); err != nil {
			return pollState{}, err
		}
		return pollState{string(x.State), x.State == oci.Provisioned}, nil
	})
	return outcome, err
}

// virtualCircuitStuck returns an error saying what to check when a virtual
// circuit is in a state it does not leave by itself: FAILED (the provider
// rejected the order) or INACTIVE (the provider deactivated it), or is being
// deleted. It reads the ExpressRoute circuit to show its provider state.
func (r *runner) virtualCircuitStuck(ctx context.Context, vc oci.VirtualCircuit) error {
	t := r.t
	var why string
	switch vc.State {
	case oci.Failed:
		why = "FAILED: the provider rejected the order"
	case oci.Inactive:
		why = "INACTIVE: the provider deactivated it"
	case oci.Terminating, oci.Terminated:
		return fmt.Errorf("virtual circuit %s is %s: someone is deleting it; wait until it is gone, then plan and apply again", vc.ID, vc.State)
	default:
		return nil
	}
	provider := "unknown (it could not be read)"
	if ckt, err := r.c.az.GetCircuit(ctx, t.spec.Azure.ResourceGroup, t.n.circuit); err == nil {
		provider = string(ckt.ProviderState)
	}
	return fmt.Errorf("virtual circuit %s is %s. Check that its service key is ExpressRoute circuit %s's, that both run at %s at peering location %s, and the circuit's provider state (now %s; Oracle turns it Provisioned); then run destroy and apply again",
		vc.ID, why, t.n.circuit, t.spec.Bandwidth, t.spec.Azure.PeeringLocation, provider)
}

func (r *runner) waitBGP(ctx context.Context, sc *stepCtx) (string, error) {
	oc := r.c.oc
	id := r.get().vcID
	err := sc.poll(ctx, "BGP session of "+id, func(ctx context.Context) (pollState, error) {
		x, err := oc.GetVirtualCircuit(ctx, id)
		if err != nil {
			return pollState{}, err
		}
		if err := r.virtualCircuitStuck(ctx, x); err != nil {
			return pollState{}, err
		}
		return pollState{orUnknown(x.BGPSessionState), x.BGPSessionState == oci.BGPUp}, nil
	})
	return "BGP is up", err
}
