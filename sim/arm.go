package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// azureFace is the azure.Network a World hands out.
type azureFace struct {
	w      *World
	noWait bool
}

var _ azure.Network = (*azureFace)(nil)

// SubscriptionID returns the subscription the face serves.
func (f *azureFace) SubscriptionID() string { return f.w.SubscriptionID() }

// azureRead serves a call that only reads (mu held in read).
func azureRead[T any](f *azureFace, ctx context.Context, op string, resource func() string, read func() (T, error)) (T, error) {
	var out T
	err := f.w.do(ctx, CloudAzure, op, resource, 0, func() error {
		v, err := read()
		out = v
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// azurePut serves a Put: accept validates the request and starts the
// long-running operation (mu held), view snapshots the resource. The blocking
// face then waits until the operation ends and answers as ARM's poller would.
func azurePut[T any](f *azureFace, ctx context.Context, op string, resource func() string,
	accept func() (armResource, error), view func() T) (T, error) {
	var (
		zero, out T
		a         *armState
		seq       uint64
		end       time.Time
		id        string
	)
	err := f.w.do(ctx, CloudAzure, op, resource, 0, func() error {
		r, err := accept()
		if err != nil {
			return err
		}
		a = r.arm()
		seq, end, id = a.Op, a.OpEnd, f.w.cur.resource
		f.w.advance(f.w.now)
		out = view()
		return nil
	})
	if err != nil {
		return zero, err
	}
	if f.noWait {
		return out, nil
	}
	if err := sleepUntil(ctx, end); err != nil {
		return zero, err
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.w.enter()
	if err := opError(op, id, a, seq); err != nil {
		return zero, err
	}
	return view(), nil
}

// azureDelete serves a Delete: accept validates the request and starts (or
// joins) the operation, or returns nil when there is nothing to delete (ARM
// answers 204).
func azureDelete(f *azureFace, ctx context.Context, op string, resource func() string, accept func() (*armState, error)) error {
	var (
		a   *armState
		seq uint64
		end time.Time
		id  string
	)
	err := f.w.do(ctx, CloudAzure, op, resource, 0, func() error {
		r, err := accept()
		if r != nil {
			a, seq, end, id = r, r.Op, r.OpEnd, f.w.cur.resource
		}
		return err
	})
	if err != nil || a == nil || f.noWait {
		return err
	}
	if err := sleepUntil(ctx, end); err != nil {
		return err
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.w.enter()
	return opError(op, id, a, seq)
}

// opError is the error of operation seq on a, if it failed.
func opError(op, id string, a *armState, seq uint64) error {
	if a.Op != seq || a.State != azure.Failed || a.Failure == nil {
		return nil
	}
	return &azure.Error{Op: op, Resource: id, StatusCode: a.Failure.Status, Code: a.Failure.Code, Message: a.Failure.Message, OperationFailed: true}
}

// startOp begins a long-running operation on a (mu held): the resource is
// Updating (opPut) or Deleting (opDelete) until d from now, when the
// transition of kind for id ends it. An AsyncFailure fault injected into the
// current call makes it end Failed.
func (w *World) startOp(a *armState, op, kind, id string, d time.Duration) {
	a.Op = w.nextSeq()
	a.OpKind = op
	a.Failure = nil
	a.OpFail, w.cur.fail = w.cur.fail, nil
	if a.OpFail != nil {
		a.OpFail.Op = w.cur.op
	}
	a.State = azure.Updating
	if op == opDelete {
		a.State = azure.Deleting
	}
	a.OpEnd = w.schedule(d, kind, key(id), a.Op, "")
}

// applyARM ends an Azure operation (mu held).
func (w *World) applyARM(tr transition) {
	r := w.armLookup(tr.Kind, tr.ID)
	if r == nil {
		return
	}
	a := r.arm()
	if a.Op != tr.Op || !a.busy() {
		return
	}
	if a.OpFail != nil {
		a.State, a.Failure, a.OpFail = azure.Failed, a.OpFail, nil
		return
	}
	if a.OpKind == opDelete {
		w.removeARM(tr.Kind, tr.ID)
		return
	}
	a.State = azure.Succeeded
	switch r := r.(type) {
	case *publicIPRec:
		if !r.Address.IsValid() {
			r.Address = w.publicAddress()
		}
	case *peeringRec:
		if c := w.st.Circuits[r.Circuit]; c != nil {
			w.bgpRearm(c)
		}
	}
}

// removeARM deletes an Azure resource and undoes its links (mu held).
func (w *World) removeARM(kind, id string) {
	switch kind {
	case kindSubnet:
		delete(w.st.Subnets, id)
	case kindPublicIP:
		delete(w.st.PublicIPs, id)
	case kindGateway:
		if g := w.st.Gateways[id]; g != nil {
			w.unlinkGateway(g)
		}
		delete(w.st.Gateways, id)
	case kindCircuit:
		delete(w.st.Peerings, key(w.st.Circuits[id].peeringID()))
		delete(w.st.Circuits, id)
	case kindPeering:
		delete(w.st.Peerings, id)
	case kindConnection:
		delete(w.st.Connections, id)
	case kindVNetPeering:
		w.removeVNetPeering(id)
	}
}

// armKinds are the transition kinds of the Azure resources, in the order a
// resource ID is looked up.
var armKinds = []string{kindSubnet, kindPublicIP, kindGateway, kindCircuit, kindPeering, kindConnection, kindVNetPeering}

// azureOperationError reports why the last operation on an Azure resource
// failed: an *azure.Error when the resource's ProvisioningState is Failed,
// nil when it is not, and an error matching azure.ErrNotFound when there is
// no such resource. resourceID is any ARM ID the world hands out
// (case-insensitive), including subnets, the private peering and virtual
// network peerings.
func (w *World) azureOperationError(resourceID string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	k := key(resourceID)
	for _, kind := range armKinds {
		if r := w.armLookup(kind, k); r != nil {
			a := r.arm()
			if a.State != azure.Failed || a.Failure == nil {
				return nil
			}
			return &azure.Error{Op: a.Failure.Op, Resource: resourceID, StatusCode: a.Failure.Status, Code: a.Failure.Code, Message: a.Failure.Message, OperationFailed: true}
		}
	}
	return &azure.Error{Op: "AzureOperationError", Resource: resourceID, StatusCode: httpstatus.NotFound, Code: "ResourceNotFound",
		Message: "The resource was not found."}
}

// azErr makes an ARM error for the current call (mu held).
func (w *World) azErr(status int, code, resource, format string, args ...any) *azure.Error {
	if resource == "" {
		resource = w.cur.resource
	}
	return &azure.Error{Op: w.cur.op, Resource: resource, StatusCode: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (w *World) azBadRequest(code, format string, args ...any) *azure.Error {
	return w.azErr(httpstatus.BadRequest, code, "", format, args...)
}

func (w *World) azNotFound(resource, typ, name string) *azure.Error {
	return w.azErr(httpstatus.NotFound, "ResourceNotFound", resource,
		"The Resource 'Microsoft.Network/%s/%s' under resource group was not found.", typ, name)
}

func (w *World) azConflict(resource string) *azure.Error {
	return w.azErr(httpstatus.Conflict, "AnotherOperationInProgress", resource,
		"Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri in the Azure-AsyncOperation header of the operation in progress.")
}

// needRG checks that the resource group exists (mu held).
func (w *World) needRG(rg string) (*resourceGroup, error) {
	g := w.st.ResourceGroups[rgKey(w.subscription(), rg)]
	if g == nil {
		return nil, w.azErr(httpstatus.NotFound, "ResourceGroupNotFound", rgID(w.subscription(), rg),
			"Resource group '%s' could not be found.", rg)
	}
	return g, nil
}

// id builds an ARM ID in the world's subscription (mu held).
func (w *World) id(rg, typ, name string) string { return armID(w.subscription(), rg, typ, name) }

// putChecks are the checks every Put shares: a name, a location when the
// kind has one, and no operation in progress on an existing resource.
func (w *World) putChecks(name, location string, needLocation bool, existing armResource, existingLocation string) error {
	if name == "" {
		return w.azBadRequest("InvalidResourceName", "Resource name is empty.")
	}
	if needLocation && location == "" {
		return w.azBadRequest("LocationRequired", "The location property is required for this definition.")
	}
	if existing == nil {
		return nil
	}
	if existing.arm().busy() {
		return w.azConflict("")
	}
	if needLocation && !equalFold(location, existingLocation) {
		return w.azBadRequest("InvalidResourceLocation",
			"The resource already exists in location '%s'; a resource cannot be moved to location '%s' by a PUT.", existingLocation, location)
	}
	return nil
}

// deleteChecks are the checks every Delete shares: a resource Updating
// cannot be deleted; one Deleting is joined (the returned bool is true).
func (w *World) deleteChecks(a *armState) (join bool, err error) {
	switch a.State {
	case azure.Updating:
		return false, w.azConflict("")
	case azure.Deleting:
		return true, nil
	}
	return false, nil
}
