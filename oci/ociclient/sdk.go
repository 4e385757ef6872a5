package ociclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/secret"
)

// This file: running one SDK operation (sdk, dispatcher), the retry token
// it carries, and the mapping of its errors to the library's, without the
// secrets they might echo.

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

// token returns the SDK's retry token for a caller's token; nil lets the SDK
// make one up for this call alone.
func token(t string) *string { return optString(t) }

// fail maps an SDK error to the library's: *Error for an answer of OCI (404
// matches ErrNotFound), else the SDK's error wrapped (context errors stay
// visible to errors.Is). secrets are plaintexts that must not appear in the
// error: they are replaced by secret.Redacted wherever OCI's message or the
// SDK's text would echo them.
func fail(op, resource string, raw *http.Response, err error, secrets ...string) error {
	if se, ok := common.IsServiceError(err); ok {
		e := &oci.Error{Op: op, Resource: resource, StatusCode: se.GetHTTPStatusCode(), Code: se.GetCode(),
			Message: scrub(se.GetMessage(), secrets), OpcRequestID: se.GetOpcRequestID()}
		if e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusServiceUnavailable {
			e.RetryAfter = retryAfter(raw)
		}
		return e
	}
	if slices.ContainsFunc(secrets, func(s string) bool { return s != "" && strings.Contains(err.Error(), s) }) {
		e := &scrubbedError{msg: fmt.Sprintf("oci: %s %s: %s", op, resource, scrub(err.Error(), secrets))}
		for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
			if errors.Is(err, c) {
				e.cause = c
			}
		}
		return e
	}
	return fmt.Errorf("oci: %s %s: %w", op, resource, err)
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, secret.Redacted)
		}
	}
	return s
}

// scrubbedError stands for an SDK error whose text held a secret: it prints
// without it, and does not unwrap to the original (which would show it),
// only to the context error that caused it, if any.
type scrubbedError struct {
	msg   string
	cause error
}

// Error returns the scrubbed text.
func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns context.Canceled or context.DeadlineExceeded when the SDK's
// error was one, else nil.
func (e *scrubbedError) Unwrap() error { return e.cause }
