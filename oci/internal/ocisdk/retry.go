package ocisdk

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// This file: the retry policy of both clients, and Retry-After.

// DefaultRetryPolicy returns the SDK retry policy both clients' NewClient
// install unless their WithRetryPolicy replaces it: NewRetryPolicy(5,
// time.Second, 30*time.Second). ociclient.DefaultRetryPolicy returns it.
func DefaultRetryPolicy() common.RetryPolicy {
	return NewRetryPolicy(5, time.Second, 30*time.Second)
}

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
// use the given retry predicate. ociclient.NewRetryPolicy returns it.
func NewRetryPolicy(attempts uint, minDelay, maxDelay time.Duration) common.RetryPolicy {
	if attempts == 0 {
		attempts = 1 // 0 would mean "unlimited" to the SDK
	}
	return common.NewRetryPolicy(attempts, shouldRetry, func(r common.OCIOperationResponse) time.Duration {
		d, fromHeader := nextDelay(r.AttemptNumber, retryAfterOf(r.Response), minDelay, maxDelay)
		if !fromHeader && d > 0 {
			d += rand.N(d/4 + 1)
		}
		return d
	})
}

// shouldRetry is the retry predicate of NewRetryPolicy: 429, a 5xx but 501,
// or no whole answer (unanswered: a connection closed, reset or timed out,
// or a body cut short).
//
// Sending again a request that got no answer is safe for every request the
// two clients make, though it may have taken effect:
//   - reads (GET, and Monitoring's SummarizeMetricsData, a POST that reads)
//     change nothing;
//   - creates (POST) carry an opc-retry-token, with which OCI answers a
//     create that did take effect with the resource it made;
//   - UpdateRouteTable's PUT carries If-Match: when the first PUT took
//     effect, the table's ETag has changed and OCI answers 412, after which
//     ociclient reads the table again and writes only what is still missing;
//   - UpdateVirtualCircuit's PUT sets the bandwidth shape to a value: sent
//     twice, it sets the same value (OCI answers 409 IncorrectState while the
//     circuit is still changing, which the caller waits out);
//   - deletes: a second DELETE finds the resource going or gone. It is
//     answered 204 while the resource goes, 404 once it is gone (which the
//     clients report as oci.ErrNotFound and callers take as done), or 409
//     IncorrectState, which callers wait out.
func shouldRetry(r common.OCIOperationResponse) bool {
	if r.Error == nil || errors.Is(r.Error, context.Canceled) || errors.Is(r.Error, context.DeadlineExceeded) {
		return false
	}
	if se, ok := common.IsServiceError(r.Error); ok {
		return retryableStatus(se.GetHTTPStatusCode())
	}
	return unanswered(r.Error)
}

// retryableStatus reports whether the retry policy retries an HTTP status.
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code != http.StatusNotImplemented)
}

// nextDelay is the wait before the attempt after attempt (1-based): the
// server's retryAfter when it gave one, capped at maxDelay (fromHeader true),
// else the exponential backoff from minDelay to maxDelay.
func nextDelay(attempt uint, retryAfter, minDelay, maxDelay time.Duration) (d time.Duration, fromHeader bool) {
	if retryAfter > 0 {
		return min(retryAfter, maxDelay), true
	}
	d = minDelay
	for i := uint(1); i < attempt && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay), false
}

// retryAfterOf reads the Retry-After header of an SDK response, 0 when there
// is none.
func retryAfterOf(resp common.OCIResponse) time.Duration {
	if resp == nil {
		return 0
	}
	return RetryAfter(resp.HTTPResponse())
}

// RetryAfter parses a Retry-After header (delay-seconds or an HTTP date), 0
// when there is none or it asks for no delay.
func RetryAfter(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
