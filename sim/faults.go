package sim

import (
	"fmt"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
	"github.com/azoci/interconnect/oci"
)

// FaultKind is what an injected fault answers.
type FaultKind int

// The kinds of fault.
const (
	// Throttle answers 429. Azure: TooManyRequests, or for a resource Put
	// (alternating, deterministically) RetryableErrorDueToAnotherOperation.
	// OCI: TooManyRequests. RetryAfter is reported as given.
	Throttle FaultKind = iota + 1
	// ServerError answers a 5xx. Azure: 500 InternalServerError or 503
	// ServiceUnavailable (alternating). OCI: 500 InternalServerError.
	ServerError
	// Conflict answers 409. Azure: AnotherOperationInProgress. OCI:
	// IncorrectState.
	Conflict
	// AsyncFailure makes an Azure Put or Delete that ARM accepts end Failed:
	// the resource's ProvisioningState turns Failed when the operation would
	// have finished, and AzureOperationError reports why: Fault.Code, by
	// default InternalServerError (a transient code; give a code such as
	// QuotaExceeded for a final failure). On the start or stop of a failover
	// test it ends the test StartFailed or StopFailed. On other calls, and
	// on OCI, it acts as ServerError.
	AsyncFailure
	// ProviderRejects makes the virtual circuit that a matching
	// CreateVirtualCircuit orders go FAILED, as when the provider refuses
	// the order; its ExpressRoute circuit is left alone. The create itself
	// succeeds. On other calls it acts as ServerError.
	ProviderRejects
	// ProviderDeactivates makes the virtual circuit that a matching
	// CreateVirtualCircuit orders go INACTIVE instead of provisioning, as
	// when the provider deactivates it; its ExpressRoute circuit stays
	// NotProvisioned. The create itself succeeds. On other calls it acts as
	// ServerError.
	ProviderDeactivates
	// ProviderVerifies makes the virtual circuit that a matching
	// CreateVirtualCircuit orders spend Latency.VirtualCircuit in VERIFYING
	// before it provisions as usual. The create itself succeeds. On other
	// calls it acts as ServerError.
	ProviderVerifies
)

// vcFate is what an injected provider fault does to the virtual circuit a
// call creates.
func (k FaultKind) vcFate() oci.LifecycleState {
	switch k {
	case ProviderRejects:
		return oci.Failed
	case ProviderDeactivates:
		return oci.Inactive
	case ProviderVerifies:
		return oci.Verifying
	}
	return ""
}

// String names the kind.
func (k FaultKind) String() string {
	switch k {
	case Throttle:
		return "Throttle"
	case ServerError:
		return "ServerError"
	case Conflict:
		return "Conflict"
	case AsyncFailure:
		return "AsyncFailure"
	case ProviderRejects:
		return "ProviderRejects"
	case ProviderDeactivates:
		return "ProviderDeactivates"
	case ProviderVerifies:
		return "ProviderVerifies"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault makes the next Count calls that match it fail. A failing call takes
// its Read latency, has no effect, and is logged in Calls with Err set.
type Fault struct {
	Cloud      string // CloudAzure or CloudOCI
	Operation  string // the method name, e.g. "PutCircuit"; "" matches every call
	Count      int    // how many of the next matching calls fail
	Kind       FaultKind
	RetryAfter time.Duration // reported by Throttle (may be 0)
	// Code is the ARM error code an AsyncFailure ends the operation with;
	// "" means InternalServerError.
	Code string `json:",omitempty"`
}

// InjectFault queues a fault. Faults are matched in the order they were
// injected; each matching call uses up one of a fault's Count.
func (w *World) InjectFault(f Fault) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if f.Count > 0 {
		w.st.Faults = append(w.st.Faults, f)
	}
}

// Faults returns the faults not used up yet.
func (w *World) Faults() []Fault {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Fault(nil), w.st.Faults...)
}

// fault answers the current call with an injected fault, if one matches
// (mu held). An AsyncFailure on an Azure Put or Delete is not an answer: it
// is remembered in w.cur.fail for the operation the call starts.
func (w *World) fault() error {
	c := &w.cur
	for i := range w.st.Faults {
		f := w.st.Faults[i]
		if !strings.EqualFold(f.Cloud, c.cloud) || (f.Operation != "" && f.Operation != c.op) {
			continue
		}
		if w.st.Faults[i].Count--; w.st.Faults[i].Count <= 0 {
			w.st.Faults = append(w.st.Faults[:i], w.st.Faults[i+1:]...)
		}
		w.st.FaultHits++
		alt := w.st.FaultHits%2 == 0
		lro := strings.HasPrefix(c.op, "Put") || strings.HasPrefix(c.op, "Delete") || failoverOp(c.op)
		if c.cloud == CloudAzure {
			if f.Kind == AsyncFailure && lro {
				c.fail = &opFailure{Status: httpstatus.InternalServerError, Code: "InternalServerError",
					Message: "An error occurred while processing the operation (injected fault)."}
				if f.Code != "" {
					c.fail.Code, c.fail.Message = f.Code, "The operation failed with "+f.Code+" (injected fault)."
				}
				return nil
			}
			e := &azure.Error{Op: c.op, Resource: c.resource, RetryAfter: f.RetryAfter}
			switch f.Kind {
			case Throttle:
				e.StatusCode, e.Code = httpstatus.TooManyRequests, "TooManyRequests"
				e.Message = "The request is being throttled as the limit has been reached for operation type."
				if strings.HasPrefix(c.op, "Put") && alt {
					e.Code = "RetryableErrorDueToAnotherOperation"
					e.Message = "Operation is not allowed because another operation is in progress on a related resource; retry later."
				}
			case Conflict:
				e.StatusCode, e.Code = httpstatus.Conflict, "AnotherOperationInProgress"
				e.Message = "Another operation on this or dependent resource is in progress."
			default:
				e.StatusCode, e.Code = httpstatus.InternalServerError, "InternalServerError"
				e.Message = "An error occurred."
				if alt {
					e.StatusCode, e.Code = httpstatus.ServiceUnavailable, "ServiceUnavailable"
					e.Message = "The service is temporarily unavailable."
				}
			}
			return e
		}
		if fate := f.Kind.vcFate(); fate != "" && c.op == "CreateVirtualCircuit" {
			c.vcFate = fate
			return nil
		}
		e := &oci.Error{Op: c.op, Resource: c.resource, RetryAfter: f.RetryAfter,
			OpcRequestID: fmt.Sprintf("sim-fault-%d", w.st.FaultHits)}
		switch f.Kind {
		case Throttle:
			e.StatusCode, e.Code, e.Message = httpstatus.TooManyRequests, "TooManyRequests", "Too many requests for the tenancy."
		case Conflict:
			e.StatusCode, e.Code, e.Message = httpstatus.Conflict, "IncorrectState", "The resource is in a conflicted state."
		default:
			e.StatusCode, e.Code, e.Message = httpstatus.InternalServerError, "InternalServerError", "Internal server error."
		}
		return e
	}
	return nil
}
