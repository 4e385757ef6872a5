package sim

import (
	"container/heap"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// World is one simulated Azure subscription set and OCI tenancy, shared by the
// azure.Network and oci.Network faces it hands out. It is safe for concurrent
// use. See the package documentation for the model.
type World struct {
	lat Latency // immutable after New/Load

	mu    sync.Mutex
	st    *state
	now   time.Time // the simulated present while mu is held
	cur   callInfo  // the call being served while mu is held
	calls []Call
	// callLimit bounds calls (WithCallLogLimit); 0 keeps every call.
	callLimit int
	hook      func(Call)
}

// Call is one API call made to the world, as Calls reports it.
type Call struct {
	// Time is when the call acted (after its Read latency), or when it was
	// abandoned because its context ended first.
	Time time.Time
	// Cloud is "azure" or "oci".
	Cloud string
	// Operation is the azure.Network or oci.Network method, e.g. "PutCircuit".
	Operation string
	// Resource is the ID (ARM resource ID or OCID) of the resource acted on,
	// or the scope of a list (resource group, compartment).
	Resource string
	// Mutating is true for Put, Create, Update and Delete calls, and for
	// the start and stop of a failover test. An UpdateRouteTable whose edit
	// changed nothing writes nothing and is not mutating.
	Mutating bool
	// Err is the call's answer: nil on success, the injected fault, the
	// rule's error, or the context's error. For an Azure Put or Delete it
	// tells whether ARM accepted the long-running operation.
	Err error
}

// Cloud names used in Call and Fault.
const (
	CloudAzure = "azure"
	CloudOCI   = "oci"
)

// callInfo describes the call being served (mu held).
type callInfo struct {
	cloud, op, resource string
	mutating            bool
	fail                *opFailure // an injected AsyncFailure for the operation this call starts
	// vcFate is an injected provider fault for the virtual circuit this
	// call creates: FAILED, INACTIVE or VERIFYING.
	vcFate oci.LifecycleState
}

// New makes an empty world. Seed it with AddVirtualNetwork, AddVCN and the
// other Add methods, then use Azure() and OCI().
func New(opts ...Option) *World {
	o := collect(opts)
	w := &World{lat: DefaultLatency(), st: newState()}
	w.configure(o)
	return w
}

func (w *World) configure(o options) {
	if o.latency != nil {
		w.lat = *o.latency
	}
	if o.subscription != "" {
		w.st.Subscription = o.subscription
	}
	if o.ociRegion != "" {
		w.st.OCIRegion = o.ociRegion
	}
	if o.tenancy != "" {
		w.st.Tenancy = o.tenancy
		w.st.Compartments[o.tenancy] = true
	}
	w.callLimit = max(o.callLimit, 0)
}

// Latency returns the world's latencies.
func (w *World) Latency() Latency { return w.lat }

// Azure returns the world's Azure, serving SubscriptionID(). Its Put and
// Delete methods block until the long-running operation has finished, as
// azure.Network requires.
func (w *World) Azure() azure.Network { return &azureFace{w: w} }

// azureNoWait returns the same Azure as Azure, except that Put and Delete
// return as soon as ARM has accepted the request: the resource is then
// Updating or Deleting (Put returns it as it is at that moment, which is
// Succeeded already when its latency is zero). An HTTP face builds its 201 +
// Azure-AsyncOperation answers on it and reports the operation's status from
// the resource: ProvisioningState Succeeded (done), Failed (see
// AzureOperationError for the reason), still Updating/Deleting (in progress),
// and for a delete an ErrNotFound from the Get (done).
func (w *World) azureNoWait() azure.Network { return &azureFace{w: w, noWait: true} }

// OCI returns the world's OCI, serving one region (see WithOCIRegion).
func (w *World) OCI() oci.Network { return &ociFace{w: w} }

// SubscriptionID returns the subscription that Azure() serves.
func (w *World) SubscriptionID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.subscription()
}

// OCIRegion returns the region that OCI() serves ("" while no VCN is seeded
// and WithOCIRegion was not given).
func (w *World) OCIRegion() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st.OCIRegion
}

const zeroSubscription = "00000000-0000-0000-0000-000000000000"

func (w *World) subscription() string {
	if w.st.Subscription == "" {
		return zeroSubscription
	}
	return w.st.Subscription
}

// TenancyID returns the OCI tenancy (see WithTenancy).
func (w *World) TenancyID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st.Tenancy
}

// PurgeDeleted removes every TERMINATED DRG and virtual circuit and every
// DETACHED DRG attachment, as OCI does some time after a deletion: Get then
// answers 404. A retry token that made one of them answers 409
// InvalidatedRetryToken (see oci.IsInvalidatedRetryToken) before the purge
// and after it.
func (w *World) PurgeDeleted() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	for k, d := range w.st.DRGs {
		if d.State == oci.Terminated {
			delete(w.st.DRGs, k)
		}
	}
	for k, a := range w.st.DRGAttachments {
		if a.State == oci.Detached {
			delete(w.st.DRGAttachments, k)
		}
	}
	for k, vc := range w.st.VirtualCircuits {
		if vc.State == oci.Terminated {
			delete(w.st.VirtualCircuits, k)
		}
	}
}

// Calls returns every API call made so far, in order (with
// WithCallLogLimit(n), at least the latest n of them).
func (w *World) Calls() []Call {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	return append([]Call(nil), w.calls...)
}

// SetCallHook sets a function called after each call is logged, outside the
// world's lock (so it may call the world). Calls from several goroutines may
// run the hook concurrently. nil removes the hook.
func (w *World) SetCallHook(f func(Call)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hook = f
}

// Advance applies every transition due at time.Now(). Every call does this
// first, so it is only needed to make a Save or an inspection reflect the
// present; it exists for symmetry and tests.
func (w *World) Advance() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
}

// enter brings the world to time.Now() (mu held).
func (w *World) enter() {
	now := time.Now()
	if now.Before(w.now) { // never let the simulated present go backwards
		now = w.now
	}
	w.advance(now)
}

// ---------------------------------------------------------------------------
// Calls

// do serves one API call: it waits Read (plus extra) latency, honouring ctx,
// then under the lock brings the world to the present, answers an injected
// fault or runs fn, applies whatever fn made due at once, and logs the call.
// fn may set w.cur.resource and w.cur.mutating.
//
// resource names the resource for the log and for errors; it is called under
// the lock (an Azure ID depends on the world's subscription).
func (w *World) do(ctx context.Context, cloud, op string, resource func() string, extra time.Duration, fn func() error) error {
	waitErr := sleep(ctx, w.lat.Read+extra)
	c, hook := w.serve(cloud, op, resource, waitErr, fn)
	if hook != nil {
		hook(c)
	}
	return c.Err
}

// serve is the locked part of do; the deferred unlock keeps the world usable
// even if fn (e.g. a caller's route table edit) panics.
func (w *World) serve(cloud, op string, resource func() string, waitErr error, fn func() error) (Call, func(Call)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	w.cur = callInfo{cloud: cloud, op: op, resource: resource(), mutating: isMutating(op)}
	defer func() { w.cur = callInfo{} }()
	err := waitErr
	if err == nil {
		err = w.fault()
		if err == nil {
			err = fn()
		}
		w.advance(w.now)
		w.noteHealth()
	}
	c := Call{Time: w.now, Cloud: cloud, Operation: op, Resource: w.cur.resource, Mutating: w.cur.mutating, Err: err}
	w.calls = append(w.calls, c)
	if w.callLimit > 0 && len(w.calls) >= 2*w.callLimit {
		// Drop the oldest in one go, so that appends stay amortised O(1).
		w.calls = append([]Call(nil), w.calls[len(w.calls)-w.callLimit:]...)
	}
	return c, w.hook
}

func isMutating(op string) bool {
	for _, p := range []string{"Put", "Create", "Update", "Delete", "Start", "Stop"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// sleep waits d, or until ctx ends (then it returns ctx's error). A context
// that has already ended fails at once, whatever d.
func sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sleepUntil waits until t (returns at once when t has passed), or until ctx
// ends.
func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	return sleep(ctx, d)
}

// ---------------------------------------------------------------------------
// Transitions: the world's future, as data.

// transition is one scheduled change. It applies only while the resource's
// current operation is still Op, so a superseded transition is harmless.
type transition struct {
	At   time.Time
	Seq  uint64
	Kind string // one of the kind* constants
	ID   string // the resource's key
	Op   uint64
	To   string `json:",omitempty"` // the target lifecycle state (OCI)
}

// Transition kinds.
const (
	kindSubnet      = "azure.subnet"
	kindPublicIP    = "azure.publicIP"
	kindGateway     = "azure.gateway"
	kindCircuit     = "azure.circuit"
	kindPeering     = "azure.peering"
	kindConnection  = "azure.connection"
	kindVNetPeering = "azure.vnetPeering"
	kindDRG         = "oci.drg"
	kindAttachment  = "oci.drgAttachment"
	kindVC          = "oci.virtualCircuit"
	kindBGP         = "oci.bgp"
)

type queue []transition

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].At.Equal(q[j].At) {
		return q[i].At.Before(q[j].At)
	}
	return q[i].Seq < q[j].Seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(transition)) }
func (q *queue) Pop() any {
	old := *q
	t := old[len(old)-1]
	*q = old[:len(old)-1]
	return t
}

// nextSeq returns a fresh sequence number (for operations and transitions).
func (w *World) nextSeq() uint64 {
	w.st.Seq++
	return w.st.Seq
}

// schedule queues a transition d after the simulated present and returns its
// time. A transition due now is applied before the current call returns.
func (w *World) schedule(d time.Duration, kind, id string, op uint64, to string) time.Time {
	if d < 0 {
		d = 0
	}
	at := w.now.Add(d)
	heap.Push(&w.st.Queue, transition{At: at, Seq: w.nextSeq(), Kind: kind, ID: id, Op: op, To: to})
	return at
}

// advance applies, in time order (ties by sequence), every transition due at
// or before now. While a transition applies, the simulated present is its
// time, so whatever it schedules is timed from when it happened, not from when
// the world noticed.
func (w *World) advance(now time.Time) {
	for len(w.st.Queue) > 0 && !w.st.Queue[0].At.After(now) {
		tr := heap.Pop(&w.st.Queue).(transition)
		if tr.At.After(w.now) {
			w.now = tr.At
		}
		w.apply(tr)
		w.noteHealth()
	}
	w.now = now
}

// apply is the one switch through which the world's future happens.
func (w *World) apply(tr transition) {
	switch tr.Kind {
	case kindSubnet, kindPublicIP, kindGateway, kindCircuit, kindPeering, kindConnection, kindVNetPeering:
		w.applyARM(tr)
	case kindDRG, kindAttachment:
		if r := w.ociLookup(tr.Kind, tr.ID); r != nil && r.Op == tr.Op {
			r.State = oci.LifecycleState(tr.To)
		}
	case kindVC:
		w.applyVC(tr)
	case kindBGP:
		w.applyBGP(tr)
	case kindFailover:
		w.applyFailover(tr)
	}
}
