package interconnect

// This file: the OCI executors, creating and deleting (the DRG, its attachment
// and route rules in exec_oci_drg.go). OCI creates return at
// once with the resource in a transitional state; waitOCI polls it to where
// it is wanted. Creates carry retry tokens (createOnce).

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// ociLife is how to follow one OCI resource's lifecycle.
type ociLife struct {
	what string
	// read returns the resource's state; oci.ErrNotFound means it is gone.
	read func(ctx context.Context) (oci.LifecycleState, error)
	want oci.LifecycleState // the state that ends the wait
	// stuck ends the wait with an error in a state the resource will not
	// leave by itself; nil for none.
	stuck func(ctx context.Context, st oci.LifecycleState) error
}

// waitOCI polls until the resource is in l.want (or gone, when l.want is
// TERMINATED or DETACHED). known, when not "", is the state the caller has
// just seen, standing in for the first read.
func waitOCI(ctx context.Context, sc *stepCtx, l ociLife, known oci.LifecycleState) error {
	gone := l.want == oci.Terminated || l.want == oci.Detached
	check := func(ctx context.Context, st oci.LifecycleState) (pollState, error) {
		if l.stuck != nil {
			if err := l.stuck(ctx, st); err != nil {
				return pollState{}, err
			}
		}
		return pollState{string(st), st == l.want}, nil
	}
	var first *pollState
	if known != "" {
		st, err := check(ctx, known)
		if err != nil {
			return err
		}
		first = &st
	}
	return sc.pollFrom(ctx, l.what, first, func(ctx context.Context) (pollState, error) {
		st, err := l.read(ctx)
		if gone && errors.Is(err, oci.ErrNotFound) {
			return pollState{"gone", true}, nil
		}
		if err != nil {
			return pollState{}, err
		}
		return check(ctx, st)
	})
}

// beingDeleted is the stuck check of a resource that must stay alive.
func beingDeleted(what string) func(context.Context, oci.LifecycleState) error {
	return func(_ context.Context, st oci.LifecycleState) error {
		if st == oci.Terminating || st == oci.Terminated || st == oci.Detaching || st == oci.Detached {
			return fmt.Errorf("%s is %s: someone is deleting it; wait until it is gone, then plan and apply again", what, st)
		}
		return nil
	}
}

// deleteOCI deletes an OCI resource if it still exists and waits until it is
// gone.
func deleteOCI(ctx context.Context, sc *stepCtx, l ociLife, del func(context.Context) error) (string, error) {
	st, err := call(ctx, sc.r.c, l.what, l.read)
	switch {
	case errors.Is(err, oci.ErrNotFound) || (err == nil && st == l.want):
		return "already gone", nil
	case err != nil:
		return "", err
	}
	if st != oci.Terminating && st != oci.Detaching {
		sc.emit(ctx, StepProgress, "deleting %s", l.what)
		if err := do(ctx, sc.r.c, "deleting "+l.what, del); err != nil && !errors.Is(err, oci.ErrNotFound) {
			return "", err
		}
		st = "deleting" // OCI has just accepted the delete
	}
	return "deleted", waitOCI(ctx, sc, l, st)
}

// createOnce runs an OCI create with a retry token. OCI answers a token it
// has seen in the last 24 hours with the resource it made then, even while
// that resource is being deleted: when the answer is such a dead resource
// (dead reports its ID), createOnce asks again with a token derived from the
// old one and the dead resource's ID. Once that resource has been deleted, OCI
// answers 409 InvalidatedRetryToken instead, and createOnce asks again with a
// token derived from the old one alone. Every process derives the same chain,
// so concurrent Applies still make one resource.
func createOnce[T any](ctx context.Context, c *Client, what, token string, create func(context.Context, string) (T, error), dead func(T) (string, bool)) (T, error) {
	for range 3 {
		v, err := call(ctx, c, what, func(ctx context.Context) (T, error) { return create(ctx, token) })
		if oci.IsInvalidatedRetryToken(err) {
			c.cfg.logger.DebugContext(ctx, "retry token invalidated (its resource was deleted); deriving a new token", "call", what)
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

// token is the retry token of a create step.
func (sc *stepCtx) token(ctx context.Context, kind string) string {
	// The display name tells apart resources of one kind, such as the
	// attachments of the estate's VCNs.
	return retryToken(kind, sc.r.p.Name+"/"+sc.optional("displayName"), sc.value("compartmentId"), sc.secret(ctx, "opcRetryToken"))
}

// ---------------------------------------------------------------------------
// The DRG and its attachment

// ---------------------------------------------------------------------------
// Route rules

// ---------------------------------------------------------------------------
// The virtual circuit and BGP

func (r *runner) virtualCircuitLife(sc *stepCtx, id string, want oci.LifecycleState) ociLife {
	return ociLife{what: "virtual circuit " + id, want: want,
		read: func(ctx context.Context) (oci.LifecycleState, error) {
			vc, err := r.c.oc.GetVirtualCircuit(ctx, id)
			return vc.State, err
		},
		stuck: func(ctx context.Context, st oci.LifecycleState) error {
			if want == oci.Terminated {
				return nil
			}
			return r.virtualCircuitStuck(ctx, sc.step.ID, id, st)
		}}
}

// ensureVirtualCircuit orders the virtual circuit (unless an earlier run
// did), or changes its bandwidth, and waits until it is PROVISIONED.
func (r *runner) ensureVirtualCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	oc, c := r.c.oc, r.c
	vc := oci.VirtualCircuit{ID: sc.step.Resource}
	outcome := "provisioned"
	if vc.ID == "" {
		comp, name := sc.value("compartmentId"), sc.value("displayName")
		vcs, err := call(ctx, c, "oci virtual circuits named "+name, func(ctx context.Context) ([]oci.VirtualCircuit, error) {
			return oc.FindVirtualCircuits(ctx, comp, name)
		})
		if err != nil {
			return "", err
		}
		// The two locations' virtual circuits share the display name; the
		// second's carries the location tag.
		location := sc.optional("tags." + locationTagKey)
		if i := slices.IndexFunc(vcs, func(x oci.VirtualCircuit) bool {
			return ourVirtualCircuit(x, r.p.Name) && x.FreeformTags[locationTagKey] == location
		}); i >= 0 {
			vc = vcs[i]
		} else {
			in := oci.VirtualCircuit{CompartmentID: comp, DisplayName: name, Type: sc.value("type"),
				BandwidthShapeName: sc.value("bandwidthShapeName"), GatewayID: sc.value("gatewayId"),
				ProviderServiceID: sc.value("providerServiceId"), ProviderServiceKeyName: sc.secret(ctx, "providerServiceKeyName"),
				FreeformTags: stepTags(sc.step)}
			md5 := sc.secret(ctx, "bgpMd5AuthKey")
			for i := range 2 {
				in.CrossConnectMappings = append(in.CrossConnectMappings, oci.CrossConnectMapping{
					OracleBGPPeeringIP: sc.prefix(mappingField(i, "oracleBgpPeeringIp")), CustomerBGPPeeringIP: sc.prefix(mappingField(i, "customerBgpPeeringIp")),
					BGPMD5AuthKey: md5})
			}
			token := sc.token(ctx, kindVirtualCircuit)
			if sc.err != nil {
				return "", sc.err
			}
			vc, err = createOnce(ctx, c, "ordering virtual circuit "+name, token, func(ctx context.Context, token string) (oci.VirtualCircuit, error) {
				return oc.CreateVirtualCircuit(ctx, in, token)
			}, func(vc oci.VirtualCircuit) (string, bool) {
				return vc.ID, vc.State == oci.Terminating || vc.State == oci.Terminated
			})
			if err != nil {
				return "", err
			}
			outcome = "created"
		}
	}
	if sc.step.Action == plan.Update && vc.State == "" {
		// A bandwidth change: the ExpressRoute circuit has changed first.
		shape := sc.value("bandwidthShapeName")
		cur, err := call(ctx, c, "virtual circuit "+vc.ID, func(ctx context.Context) (oci.VirtualCircuit, error) { return oc.GetVirtualCircuit(ctx, vc.ID) })
		if err != nil {
			return "", err
		}
		vc = cur
		if cur.State == oci.Provisioned && cur.BandwidthShapeName != shape {
			sc.emit(ctx, StepProgress, "changing virtual circuit %s from %s to %s", vc.ID, cur.BandwidthShapeName, shape)
			vc, err = call(ctx, c, "changing the bandwidth of virtual circuit "+vc.ID, func(ctx context.Context) (oci.VirtualCircuit, error) {
				return oc.UpdateVirtualCircuit(ctx, vc.ID, shape)
			})
			if err != nil {
				return "", err
			}
			outcome = "bandwidth changed to " + shape
		}
	}
	r.produced(sc.step.ID, output{id: vc.ID})
	return outcome, waitOCI(ctx, sc, r.virtualCircuitLife(sc, vc.ID, oci.Provisioned), vc.State)
}

func (r *runner) deleteVirtualCircuit(ctx context.Context, sc *stepCtx) (string, error) {
	id := sc.step.Resource
	return deleteOCI(ctx, sc, r.virtualCircuitLife(sc, id, oci.Terminated), func(ctx context.Context) error { return r.c.oc.DeleteVirtualCircuit(ctx, id) })
}

// virtualCircuitStuck returns an error saying what to check when a virtual
// circuit is in a state it does not leave by itself: FAILED (the provider
// rejected the order) or INACTIVE (the provider deactivated it), or is being
// deleted. It reads the ExpressRoute circuit of the step's location to show
// its provider state.
func (r *runner) virtualCircuitStuck(ctx context.Context, stepID, id string, st oci.LifecycleState) error {
	var why string
	switch st {
	case oci.Failed:
		why = "FAILED: the provider rejected the order"
	case oci.Inactive:
		why = "INACTIVE: the provider deactivated it"
	case oci.Terminating, oci.Terminated:
		return fmt.Errorf("virtual circuit %s is %s: someone is deleting it; wait until it is gone, then plan and apply again", id, st)
	default:
		return nil
	}
	circuit, _ := r.p.Step(siteOfStep(stepID).stepID(StepCircuit))
	ref := azure.ParseID(circuit.Resource)
	provider := "unknown (it could not be read)"
	if ckt, err := r.c.az.GetCircuit(ctx, ref.ResourceGroup, ref.Name("expressRouteCircuits")); err == nil {
		provider = string(ckt.ProviderState)
	}
	return fmt.Errorf("virtual circuit %s is %s. Check that its service key is ExpressRoute circuit %s's, that both sides run at the same bandwidth at the same peering location, and the circuit's provider state (now %s; Oracle turns it Provisioned); then run destroy and apply again",
		id, why, ref.Name("expressRouteCircuits"), provider)
}

// waitBGP waits until the virtual circuit's BGP session is UP.
func (r *runner) waitBGP(ctx context.Context, sc *stepCtx) (string, error) {
	id := sc.value("virtualCircuitId")
	if sc.err != nil {
		return "", sc.err
	}
	err := sc.poll(ctx, "BGP session of "+id, func(ctx context.Context) (pollState, error) {
		x, err := r.c.oc.GetVirtualCircuit(ctx, id)
		if err != nil {
			return pollState{}, err
		}
		if err := r.virtualCircuitStuck(ctx, sc.step.ID, id, x.State); err != nil {
			return pollState{}, err
		}
		return pollState{orUnknown(x.BGPSessionState), x.BGPSessionState == oci.BGPUp}, nil
	})
	return "BGP is up", err
}
