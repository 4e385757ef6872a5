package ociclient

import (
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: the retry policy, which oci/internal/ocisdk implements for
// this package and oci/monitoringclient alike.

// DefaultRetryPolicy returns the SDK retry policy NewClient installs unless
// WithRetryPolicy replaces it: NewRetryPolicy(5, time.Second, 30*time.Second).
func DefaultRetryPolicy() common.RetryPolicy { return ocisdk.DefaultRetryPolicy() }

// NewRetryPolicy returns an SDK retry policy that makes at most attempts
// attempts of a request (1 means no retry) when OCI answers 429
// TooManyRequests or a 5xx other than 501, or gives no whole answer (the
// connection is reset, times out or closes before the answer, or the body is
// cut short: every request the clients send is safe to send twice). Between
// attempts it waits what the answer's Retry-After header asks (at most
// maxDelay), or else minDelay, 2×minDelay, 4×minDelay … up to maxDelay, plus
// up to a quarter more of jitter.
//
// Unlike the SDK's DefaultRetryPolicy it does not retry 409 IncorrectState or
// LockConflict: a resource in the wrong state stays so for minutes, which is
// the caller's wait to run (*Error.Retryable reports it), not a request's.
// Creates are retried safely: each carries its retry token.
//
// It is built with common.NewRetryPolicy, which (unlike
// common.NewRetryPolicyWithOptions with WithShouldRetryOperation alone) does
// use the given retry predicate.
func NewRetryPolicy(attempts uint, minDelay, maxDelay time.Duration) common.RetryPolicy {
	return ocisdk.NewRetryPolicy(attempts, minDelay, maxDelay)
}
