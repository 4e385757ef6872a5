package interconnect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
)

// This file: the Azure executors, creating and deleting. Each reads its
// resource's ARM ID and every value it sends from its plan step.

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
	// id is the resource's ID, which later steps refer to (ensureWith
	// records it as the step's output).
	id func(T) string
}

// ensureWith is the executor that creates or updates an Azure resource
// (ensureAzure) and records its ID for the steps that refer to it.
func ensureWith[T any](r *runner, ops func(*stepCtx) azureOps[T]) executor {
	return func(ctx context.Context, sc *stepCtx) (string, error) {
		o := ops(sc)
		v, outcome, err := ensureAzure(ctx, sc, o)
		if err == nil {
			r.produced(sc.step.ID, output{id: o.id(v)})
		}
		return outcome, err
	}
}

// deleteWith is the executor that deletes an Azure resource (deleteAzure).
func deleteWith[T any](ops func(*stepCtx) azureOps[T]) executor {
	return func(ctx context.Context, sc *stepCtx) (string, error) { return deleteAzure(ctx, sc, ops(sc)) }
}

// ensureAzure makes an Azure resource be as wanted: it reads it; waits while
// another operation runs on it; does nothing when it already is as wanted; and
// otherwise puts it. A conflict (someone else is changing it) sends it back to
// reading and waiting, so two Applies at once converge on one resource.
func ensureAzure[T any](ctx context.Context, sc *stepCtx, ops azureOps[T]) (T, string, error) {
	c := sc.r.c
	var zero T
	if sc.err != nil {
		return zero, "", sc.err
	}
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
		if err == nil && sc.err == nil {
			return v, map[bool]string{true: "created", false: "updated"}[cur == nil], nil
		}
		if sc.err != nil {
			return zero, "", sc.err
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

// armRef is a step's resource: its resource group and names, by type.
func armRef(sc *stepCtx) azure.ParsedID { return azure.ParseID(sc.step.Resource) }

// ---------------------------------------------------------------------------
// The GatewaySubnet, public IP and gateway

func (r *runner) subnetOps(sc *stepCtx) azureOps[azure.Subnet] {
	id, az := armRef(sc), r.c.az
	rg, vnet, name := id.ResourceGroup, id.Name("virtualNetworks"), id.Name("subnets")
	return azureOps[azure.Subnet]{
		what:  "subnet " + vnet + "/" + name,
		get:   func(ctx context.Context) (azure.Subnet, error) { return az.GetSubnet(ctx, rg, vnet, name) },
		state: func(s azure.Subnet) azure.ProvisioningState { return s.State },
		ok:    func(azure.Subnet) bool { return true },
		put: func(ctx context.Context, _ *azure.Subnet) (azure.Subnet, error) {
			return az.PutSubnet(ctx, rg, vnet, azure.Subnet{Name: name, Prefix: sc.prefix("addressPrefix")})
		},
		del: func(ctx context.Context) error { return az.DeleteSubnet(ctx, rg, vnet, name) },
		id:  func(v azure.Subnet) string { return v.ID },
	}
}

func (r *runner) publicIPOps(sc *stepCtx) azureOps[azure.PublicIP] {
	id, az := armRef(sc), r.c.az
	rg, name := id.ResourceGroup, id.Name("publicIPAddresses")
	return azureOps[azure.PublicIP]{
		what:  "public IP " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.PublicIP, error) { return az.GetPublicIP(ctx, rg, name) },
		state: func(p azure.PublicIP) azure.ProvisioningState { return p.State },
		ok:    func(azure.PublicIP) bool { return true },
		put: func(ctx context.Context, _ *azure.PublicIP) (azure.PublicIP, error) {
			return az.PutPublicIP(ctx, rg, azure.PublicIP{Name: name, Location: sc.value("location"), SKU: sc.value("sku"),
				Static: sc.value("allocation") == "Static", Tags: stepTags(sc.step)})
		},
		del: func(ctx context.Context) error { return az.DeletePublicIP(ctx, rg, name) },
		id:  func(v azure.PublicIP) string { return v.ID },
	}
}

func (r *runner) gatewayOps(sc *stepCtx) azureOps[azure.Gateway] {
	id, az := armRef(sc), r.c.az
	rg, name := id.ResourceGroup, id.Name(gatewaysType)
	_, resize := sc.step.Change("sku") // a wait has nothing to change
	return azureOps[azure.Gateway]{
		what:  "gateway " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.Gateway, error) { return az.GetGateway(ctx, rg, name) },
		state: func(g azure.Gateway) azure.ProvisioningState { return g.State },
		ok: func(g azure.Gateway) bool {
			return !resize || (g.SKU == sc.value("sku") && g.ScaleUnits == sc.integer("minScaleUnits"))
		},
		put: func(ctx context.Context, cur *azure.Gateway) (azure.Gateway, error) {
			var g azure.Gateway
			if cur != nil {
				g = *cur
			} else {
				g = azure.Gateway{Name: name, Location: sc.value("location"), GatewayType: sc.value("gatewayType"),
					SubnetID: sc.value("subnet"), PublicIPID: sc.value("publicIp"), Tags: stepTags(sc.step)}
				sc.emit(ctx, StepProgress, "%s: an ExpressRoute gateway takes up to 45 minutes to create", sc.step.ID)
			}
			g.SKU, g.ScaleUnits = sc.value("sku"), sc.integer("minScaleUnits")
			if sc.err != nil {
				return azure.Gateway{}, sc.err
			}
			return az.PutGateway(ctx, rg, g)
		},
		del: func(ctx context.Context) error { return az.DeleteGateway(ctx, rg, name) },
		id:  func(v azure.Gateway) string { return v.ID },
	}
}

// ---------------------------------------------------------------------------
// The ExpressRoute circuit, its private peering and the connection

func (r *runner) circuitOps(sc *stepCtx) azureOps[azure.Circuit] {
	id, az := armRef(sc), r.c.az
	rg, name := id.ResourceGroup, id.Name("expressRouteCircuits")
	_, change := sc.step.Change("sku")
	want := func() (azure.CircuitSKU, int) {
		tier, family, _ := strings.Cut(sc.value("sku"), "_")
		bw, err := ParseBandwidth(sc.value("bandwidth"))
		if err != nil {
			sc.fail("has a bandwidth that is not one: %v", err)
		}
		return azure.CircuitSKU{Tier: tier, Family: family}, bw.Mbps()
	}
	return azureOps[azure.Circuit]{
		what:  "ExpressRoute circuit " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.Circuit, error) { return az.GetCircuit(ctx, rg, name) },
		state: func(c azure.Circuit) azure.ProvisioningState { return c.State },
		ok: func(c azure.Circuit) bool {
			sku, mbps := want()
			return !change || (c.SKU == sku && c.BandwidthMbps == mbps)
		},
		put: func(ctx context.Context, cur *azure.Circuit) (azure.Circuit, error) {
			var c azure.Circuit
			if cur != nil {
				c = *cur
			} else {
				c = azure.Circuit{Name: name, Location: sc.value("location"), ServiceProvider: sc.value("serviceProvider"),
					PeeringLocation: sc.value("peeringLocation"), Tags: stepTags(sc.step)}
			}
			c.SKU, c.BandwidthMbps = want()
			if sc.err != nil {
				return azure.Circuit{}, sc.err
			}
			return az.PutCircuit(ctx, rg, c)
		},
		del: func(ctx context.Context) error { return az.DeleteCircuit(ctx, rg, name) },
		id:  func(v azure.Circuit) string { return v.ID },
	}
}

func (r *runner) ensureCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	ckt, outcome, err := ensureAzure(ctx, sc, r.circuitOps(sc))
	if err == nil {
		r.produced(sc.step.ID, output{id: ckt.ID, serviceKey: ckt.ServiceKey})
	}
	return outcome, err
}

// waitCircuitDeprovisioned waits until the provider has released the circuit.
func (r *runner) waitCircuitDeprovisioned(ctx context.Context, sc *stepCtx) (string, error) {
	id, az := armRef(sc), r.c.az
	rg, name := id.ResourceGroup, id.Name("expressRouteCircuits")
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

func (r *runner) peeringOps(sc *stepCtx) azureOps[azure.PrivatePeering] {
	id, az := armRef(sc), r.c.az
	rg, circuit := id.ResourceGroup, id.Name("expressRouteCircuits")
	return azureOps[azure.PrivatePeering]{
		what:  "private peering of " + rg + "/" + circuit,
		get:   func(ctx context.Context) (azure.PrivatePeering, error) { return az.GetPrivatePeering(ctx, rg, circuit) },
		state: func(p azure.PrivatePeering) azure.ProvisioningState { return p.State },
		ok:    func(azure.PrivatePeering) bool { return true }, // never overwrite
		put: func(ctx context.Context, _ *azure.PrivatePeering) (azure.PrivatePeering, error) {
			p := azure.PrivatePeering{PeerASN: int64(sc.integer("peerASN")), PrimaryPrefix: sc.prefix("primaryPeerAddressPrefix"),
				SecondaryPrefix: sc.prefix("secondaryPeerAddressPrefix"), VLAN: sc.integer(fieldVLANByHand), SharedKey: sc.secret(ctx, "sharedKey")}
			if sc.err != nil {
				return azure.PrivatePeering{}, sc.err
			}
			return az.PutPrivatePeering(ctx, rg, circuit, p)
		},
		del: func(ctx context.Context) error { return az.DeletePrivatePeering(ctx, rg, circuit) },
		id:  func(v azure.PrivatePeering) string { return v.ID },
	}
}

// ensurePeering waits for Oracle to configure the circuit's private peering
// and, if it is still absent after the grace period, makes it by hand. An
// existing peering is never overwritten.
func (r *runner) ensurePeering(ctx context.Context, sc *stepCtx) (string, error) {
	ops, c := r.peeringOps(sc), r.c
	found := false
	err := sc.poll(ctx, ops.what, func(ctx context.Context) (pollState, error) {
		p, err := ops.get(ctx)
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
	if _, _, err := ensureAzure(ctx, sc, ops); err != nil {
		return "", fmt.Errorf("creating the private peering by hand: %w", err)
	}
	return "created by hand after the grace period", nil
}

func (r *runner) connectionOps(sc *stepCtx) azureOps[azure.Connection] {
	id, az := armRef(sc), r.c.az
	rg, name := id.ResourceGroup, id.Name("connections")
	_, change := sc.step.Change("expressRouteGatewayBypass")
	_, weighed := sc.step.Change(fieldRoutingWeight) // maximum resiliency's
	return azureOps[azure.Connection]{
		what:  "connection " + rg + "/" + name,
		get:   func(ctx context.Context) (azure.Connection, error) { return az.GetConnection(ctx, rg, name) },
		state: func(c azure.Connection) azure.ProvisioningState { return c.State },
		ok: func(c azure.Connection) bool {
			return (!change || c.FastPath == sc.boolean("expressRouteGatewayBypass")) &&
				(!weighed || c.RoutingWeight == sc.integer(fieldRoutingWeight))
		},
		put: func(ctx context.Context, cur *azure.Connection) (azure.Connection, error) {
			var c azure.Connection
			if cur != nil {
				c = *cur
			} else {
				c = azure.Connection{Name: name, Location: sc.value("location"), GatewayID: sc.value("virtualNetworkGateway"),
					CircuitID: sc.value("expressRouteCircuit"), Tags: stepTags(sc.step)}
			}
			c.FastPath = sc.boolean("expressRouteGatewayBypass")
			if weighed {
				c.RoutingWeight = sc.integer(fieldRoutingWeight)
			}
			if sc.err != nil {
				return azure.Connection{}, sc.err
			}
			return az.PutConnection(ctx, rg, c)
		},
		del: func(ctx context.Context) error { return az.DeleteConnection(ctx, rg, name) },
		id:  func(v azure.Connection) string { return v.ID },
	}
}
