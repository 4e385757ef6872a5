package monitoringclient

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
)

// This file: running one SDK operation and mapping its errors.
//
// sdk, dispatcher and retryAfter are copies of their unexported namesakes
// in oci/ociclient (client.go and retry.go), kept identical on purpose; they
// belong in a package both adapters import (see the note on sdk).

// callerCtx is the context key under which sdk passes the caller's context
// to dispatcher.
type callerCtx struct{}

// sdk runs one SDK operation for a caller whose context is ctx.
//
// It works around a data race in oci-go-sdk's common.Retry (v65.130.0; see
// https://github.com/oracle/oci-go-sdk/pull/603): when the context ends
// while a request is in flight, Retry returns the response variable its
// retry goroutine is still writing, and the generated operation then reads
// it. So the SDK gets a context that never ends (carrying ctx's values), the
// request itself still runs under ctx (dispatcher puts ctx back on it), and
// sdk returns ctx's error as soon as ctx ends, without reading what the SDK
// may still be writing.
//
// Copied from oci/ociclient's sdk, which is unexported: both should move to
// an internal package of oci (with ociclient's retry policy, which would
// spare this package the compilation of oci-go-sdk's core).
func sdk[Req, Resp any](ctx context.Context, op func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
	var zero Resp
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type result struct {
		resp Resp
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := op(context.WithValue(context.WithoutCancel(ctx), callerCtx{}, ctx), req)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// dispatcher sends the SDK's HTTP requests under the caller's context (see
// sdk), so that ending it cancels the request in flight.
type dispatcher struct{ next common.HTTPRequestDispatcher }

// Do sends r with the caller's context.
func (d dispatcher) Do(r *http.Request) (*http.Response, error) {
	if ctx, ok := r.Context().Value(callerCtx{}).(context.Context); ok {
		r = r.WithContext(ctx)
	}
	return d.next.Do(r)
}

// fail maps an SDK error to the library's: *oci.Error for an answer of OCI
// (404 matches oci.ErrNotFound; 429 and 503 carry Retry-After), else the
// SDK's error wrapped (context errors stay visible to errors.Is). Nothing
// this package sends is secret, so nothing is scrubbed.
func fail(op, resource string, raw *http.Response, err error) error {
	if se, ok := common.IsServiceError(err); ok {
		e := &oci.Error{Op: op, Resource: resource, StatusCode: se.GetHTTPStatusCode(), Code: se.GetCode(),
			Message: se.GetMessage(), OpcRequestID: se.GetOpcRequestID()}
		if e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusServiceUnavailable {
			e.RetryAfter = retryAfter(raw)
		}
		return e
	}
	return fmt.Errorf("oci: %s %s: %w", op, resource, err)
}

// retryAfter parses a Retry-After header (delay-seconds or an HTTP date).
func retryAfter(resp *http.Response) time.Duration {
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
