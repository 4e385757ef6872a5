package ocisdk

import (
	"context"
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// This file: running one SDK operation for a caller (Call), and the HTTP
// dispatcher that puts the caller's context back on its requests.

// callerCtx is the context key under which Call passes the caller's context
// to Dispatcher.
type callerCtx struct{}

// Call runs one SDK operation for a caller whose context is ctx.
//
// It works around a data race in oci-go-sdk's common.Retry (v65.130.0; see
// https://github.com/oracle/oci-go-sdk/pull/603): when the context ends
// while a request is in flight, Retry returns the response variable its
// retry goroutine is still writing, and the generated operation then reads
// it. So the SDK gets a context that never ends (carrying ctx's values), the
// request itself still runs under ctx (Dispatcher puts ctx back on it), and
// Call returns ctx's error as soon as ctx ends, without reading what the SDK
// may still be writing. The client that runs op must send its requests
// through a Dispatcher.
func Call[Req, Resp any](ctx context.Context, op func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
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

// Dispatcher sends the SDK's HTTP requests under the caller's context (see
// Call), so that ending it cancels the request in flight. Next sends them.
type Dispatcher struct{ Next common.HTTPRequestDispatcher }

// Do sends r with the caller's context.
func (d Dispatcher) Do(r *http.Request) (*http.Response, error) {
	if ctx, ok := r.Context().Value(callerCtx{}).(context.Context); ok {
		r = r.WithContext(ctx)
	}
	return d.Next.Do(r)
}
