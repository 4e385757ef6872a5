package azure

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/internal/httpstatus"
)

// ErrNotFound matches (with errors.Is) every error that reports a missing
// resource.
var ErrNotFound = errors.New("azure: resource not found")

// Error is a failure answered by Azure Resource Manager (or the simulator
// standing in for it).
type Error struct {
	Op         string // the Network method, e.g. "PutCircuit"
	Resource   string // the resource ID or a readable path to it
	StatusCode int    // HTTP status
	Code       string // ARM error code, e.g. "AnotherOperationInProgress"
	Message    string
	// RetryAfter is how long Azure asked the caller to wait (Retry-After), or 0.
	RetryAfter time.Duration
	// RequestID is ARM's x-ms-request-id of the answer, and CorrelationID
	// its x-ms-correlation-request-id: what Microsoft support asks for. ""
	// when unknown (no answer came, or the implementation has none).
	RequestID     string
	CorrelationID string
	// OperationFailed is true when ARM accepted the request and its
	// long-running operation then ended Failed (or Canceled): Code and
	// Message are then the operation's error, and StatusCode is that of the
	// poll that reported it, or 500 when an operation status reported it
	// (it carries no HTTP status of its own).
	OperationFailed bool
}

// TransientOperationCodes are the ARM error codes with which a failed
// long-running operation may succeed when its request is sent again: another
// operation held the resource, or the platform failed internally. Any other
// code (a quota, an invalid request the resource provider found late, ...)
// is final. Sources: ARM's "Troubleshoot common Azure deployment errors"
// (AnotherOperationInProgress, RetryableError, InternalServerError) and the
// codes Microsoft.Network answers for its own transient failures.
var TransientOperationCodes = []string{
	"AnotherOperationInProgress",
	"RetryableError",
	"RetryableErrorDueToAnotherOperation",
	"InternalServerError",
	"InternalError",
	"NetworkingInternalOperationError",
	"ServiceUnavailable",
	"GatewayTimeout",
	"TooManyRequests",
	"OperationPreempted",
	"Canceled", // superseded by another operation on the resource
}

// Error names the operation, the resource, the HTTP status (or that the
// long-running operation failed), the ARM error code and message, then the
// request IDs when known: "(x-ms-request-id …, x-ms-correlation-request-id
// …)".
func (e *Error) Error() string {
	s := fmt.Sprintf("azure: %s %s: %d", e.Op, e.Resource, e.StatusCode)
	if e.OperationFailed {
		s = fmt.Sprintf("azure: %s %s: the operation failed", e.Op, e.Resource)
		if e.Code != "" {
			s += " with"
		}
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	var ids []string
	if e.RequestID != "" {
		ids = append(ids, "x-ms-request-id "+e.RequestID)
	}
	if e.CorrelationID != "" {
		ids = append(ids, "x-ms-correlation-request-id "+e.CorrelationID)
	}
	if len(ids) > 0 {
		s += " (" + strings.Join(ids, ", ") + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == httpstatus.NotFound
}

// Retryable reports whether the same request may succeed later: throttling
// (429), a conflicting operation in progress (409 AnotherOperationInProgress,
// RetryableErrorDueToAnotherOperation; 400 ReferencedResourceNotProvisioned,
// on a resource the request refers to) or a server error (5xx but 501). A
// failed long-running operation (OperationFailed) is retryable only when its
// code is one of TransientOperationCodes.
func (e *Error) Retryable() bool {
	switch {
	case e.OperationFailed:
		return slices.Contains(TransientOperationCodes, e.Code)
	case e.StatusCode == httpstatus.TooManyRequests:
		return true
	case e.StatusCode == httpstatus.Conflict:
		return e.Code == "AnotherOperationInProgress" || e.Code == "RetryableErrorDueToAnotherOperation"
	case e.StatusCode == httpstatus.BadRequest:
		// A resource the request refers to (a peering's remote VNet) has an
		// operation in progress: ARM answers 400 ReferencedResourceNotProvisioned
		// until it ends (Azure-Samples/azuresandbox#267), and
		// terraform-provider-azurerm retries it.
		return e.Code == "ReferencedResourceNotProvisioned"
	case e.StatusCode >= 500:
		return e.StatusCode != httpstatus.NotImplemented
	}
	return false
}

// RetryDelay is how long to wait before trying again (RetryAfter), 0 when
// Azure did not say.
func (e *Error) RetryDelay() time.Duration { return e.RetryAfter }
