package oci

import (
	"errors"
	"fmt"
	"time"

	"github.com/azoci/interconnect/internal/httpstatus"
)

// ErrNotFound matches (with errors.Is) every error that reports a missing
// resource.
var ErrNotFound = errors.New("oci: resource not found")

// Error is a failure answered by OCI (or the simulator standing in for it).
type Error struct {
	Op           string // the Network method, e.g. "CreateVirtualCircuit"
	Resource     string // the OCID or a readable name of the resource
	StatusCode   int
	Code         string // OCI error code, e.g. "IncorrectState"
	Message      string
	OpcRequestID string
	// RetryAfter is how long OCI asked the caller to wait, or 0.
	RetryAfter time.Duration
}

// Error names the operation, the resource and the OCI error code.
func (e *Error) Error() string {
	s := fmt.Sprintf("oci: %s %s: %d", e.Op, e.Resource, e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.OpcRequestID != "" {
		s += " (opc-request-id " + e.OpcRequestID + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == httpstatus.NotFound
}

// Retryable reports whether the same request may succeed later: what the OCI
// SDK's default retry policy retries (409 IncorrectState or LockConflict,
// 429, 5xx but 501; oci-go-sdk common/retry.go).
func (e *Error) Retryable() bool {
	switch {
	case e.StatusCode == httpstatus.TooManyRequests:
		return true
	case e.StatusCode == httpstatus.Conflict:
		return e.Code == "IncorrectState" || e.Code == "LockConflict"
	case e.StatusCode >= 500:
		return e.StatusCode != httpstatus.NotImplemented
	}
	return false
}

// RetryDelay is how long to wait before trying again (RetryAfter), 0 when OCI
// did not say.
func (e *Error) RetryDelay() time.Duration { return e.RetryAfter }

// CodeInvalidatedRetryToken is the code of OCI's 409 for a retry token whose
// resource has since been deleted: the request must be sent again with a new
// token (OCI "API Errors"; oci-go-sdk's OpcRetryToken documentation).
const CodeInvalidatedRetryToken = "InvalidatedRetryToken"

// IsInvalidatedRetryToken reports whether err is OCI's 409
// InvalidatedRetryToken.
func IsInvalidatedRetryToken(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == httpstatus.Conflict && e.Code == CodeInvalidatedRetryToken
}
