package ocisdk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

type ctxKey struct{}

// dispatcherFunc is a common.HTTPRequestDispatcher.
type dispatcherFunc func(*http.Request) (*http.Response, error)

func (f dispatcherFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// TestCallAndDispatcher: the operation gets a context that never ends but
// carries the caller's values; Dispatcher sends its requests under the
// caller's context; Call returns as soon as the caller's context ends, and
// does not run the operation when it has ended already.
func TestCallAndDispatcher(t *testing.T) {
	caller, cancel := context.WithCancel(context.WithValue(t.Context(), ctxKey{}, "v"))
	defer cancel()
	var sent context.Context
	d := Dispatcher{Next: dispatcherFunc(func(r *http.Request) (*http.Response, error) {
		sent = r.Context()
		return &http.Response{StatusCode: http.StatusOK}, nil
	})}
	got, err := Call(caller, func(ctx context.Context, req string) (string, error) {
		if ctx.Done() != nil || ctx.Value(ctxKey{}) != "v" {
			t.Errorf("the operation's context can end (%v) or lacks the caller's values (%v)", ctx.Done() != nil, ctx.Value(ctxKey{}))
		}
		if _, err := d.Do(httptest.NewRequestWithContext(ctx, http.MethodGet, "https://example.com/", nil)); err != nil {
			return "", err
		}
		return req + "!", nil
	}, "req")
	if got != "req!" || err != nil || sent != caller {
		t.Errorf("Call = %q, %v; request sent under the caller's context: %v", got, err, sent == caller)
	}

	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	go func() { <-started; cancel() }()
	_, err = Call(caller, func(ctx context.Context, _ string) (string, error) {
		close(started)
		<-release // the SDK still busy after the caller gave up
		return "late", nil
	}, "")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Call after the caller's context ended = %v, want context.Canceled", err)
	}

	ran := false
	if _, err := Call(caller, func(context.Context, string) (string, error) { ran = true; return "", nil }, ""); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Call with an ended context = %v, ran %v; want context.Canceled without running", err, ran)
	}
}
