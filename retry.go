package interconnect

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// transient is implemented by cloud errors that may succeed when retried
// (azure.Error and oci.Error both implement it).
type transient interface {
	Retryable() bool
	RetryDelay() time.Duration
}

// retryDelay returns how long to wait before retrying err, and false when err
// is not worth retrying. The delay is never shorter than the cloud's
// Retry-After, and otherwise backs off exponentially from 1s to 30s.
func retryDelay(err error, attempt int) (time.Duration, bool) {
	var t transient
	if !errors.As(err, &t) || !t.Retryable() {
		return 0, false
	}
	backoff := time.Second << min(attempt, 5)
	backoff = min(backoff, 30*time.Second)
	return max(t.RetryDelay(), backoff), true
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call runs one cloud call, retrying transient failures up to the client's
// retry budget. what names the call and its resource for logs and errors.
func call[T any](ctx context.Context, c *Client, what string, f func(context.Context) (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		v, err := f(ctx)
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil {
			return v, ctx.Err()
		}
		delay, ok := retryDelay(err, attempt)
		if !ok || attempt >= c.cfg.maxRetries {
			if ok {
				err = fmt.Errorf("%w (gave up after %d retries)", err, attempt)
			}
			return v, err
		}
		c.cfg.logger.DebugContext(ctx, "retrying", "call", what, "attempt", attempt+1, "delay", delay, "err", err)
		if err := sleep(ctx, delay); err != nil {
			return v, err
		}
	}
}

// do is call for functions that return only an error.
func do(ctx context.Context, c *Client, what string, f func(context.Context) error) error {
	_, err := call(ctx, c, what, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) })
	return err
}
