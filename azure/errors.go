package azure

import (
	"errors"
	"fmt"
	"net/http"
	"time"
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
}

// Error names the operation, the resource and the ARM error code.
func (e *Error) Error() string {
	s := fmt.Sprintf("azure: %s %s: %d", e.Op, e.Resource, e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// Retryable reports whether the same request may succeed later: throttling
// (429), a conflicting operation in progress (409 AnotherOperationInProgress,
// RetryableErrorDueToAnotherOperation) or a server error (5xx but 501).
func (e *Error) Retryable() bool {
	switch {
	case e.StatusCode == http.StatusTooManyRequests:
		return true
	case e.StatusCode == http.StatusConflict:
		return e.Code == "AnotherOperationInProgress" || e.Code == "RetryableErrorDueToAnotherOperation"
	case e.StatusCode >= 500:
		return e.StatusCode != http.StatusNotImplemented
	}
	return false
}

// RetryDelay is how long to wait before trying again (RetryAfter), 0 when
// Azure did not say.
func (e *Error) RetryDelay() time.Duration { return e.RetryAfter }
