package oci

import (
	"fmt"
	"time"
)

// NoAnswerError is a request that OCI did not answer in full: the
// connection was closed before the answer came (Err matches io.EOF), the
// answer's body was cut short (io.ErrUnexpectedEOF), the connection was
// reset or timed out, or an oci-go-sdk circuit breaker refused to send the
// request. Whether the request took effect is unknown, so an adapter sends
// again only what is safe to send twice (ociclient's documentation says
// what), and returns a NoAnswerError once it gives up.
//
// Retryable is always true: the same call may succeed later. A caller that
// retries a create must pass the same retry token, so that a create that did
// take effect is answered with its resource instead of made twice. Errors of
// the caller's own context are never a NoAnswerError.
type NoAnswerError struct {
	Op       string // the Network or Metrics method, e.g. "CreateDRG"
	Resource string // the OCID or a readable name of the resource
	Err      error  // what the SDK reported
	// RetryAfter is how long to wait before sending again: a circuit
	// breaker's open window, 0 for a transport failure.
	RetryAfter time.Duration
}

// Error names the operation and the resource, and says what went wrong.
func (e *NoAnswerError) Error() string {
	return fmt.Sprintf("oci: %s %s: no answer from OCI: %v", e.Op, e.Resource, e.Err)
}

// Unwrap returns what the SDK reported, so that errors.Is(err, io.EOF) and
// the like work.
func (e *NoAnswerError) Unwrap() error { return e.Err }

// Retryable reports true: sending the request again may succeed.
func (e *NoAnswerError) Retryable() bool { return true }

// RetryDelay is how long to wait before sending again (RetryAfter).
func (e *NoAnswerError) RetryDelay() time.Duration { return e.RetryAfter }
