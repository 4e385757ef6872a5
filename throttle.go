package interconnect

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// This file: the Retry-After a Client remembers per cloud service, so that
// a call made after a round failed (a Plan run again at once, the next round
// of Watch) still waits out what a sibling call was asked. The clients'
// methods, gated, are in throttle_clouds.go.

// throttle is when one cloud service last asked a Client to wait until (its
// Retry-After), for the calls of every Plan, Apply, Verify and Watch of the
// Client. A Client talks to one subscription through its azure.Network and
// to one tenancy through its oci.Network, so one throttle per service and
// Client is one per service and subscription or tenancy.
type throttle struct {
	service string // for logs, e.g. "Microsoft.Network"
	logger  *slog.Logger

	mu    sync.Mutex
	until time.Time
}

// wait waits until the service's Retry-After has passed, or ctx ends.
func (t *throttle) wait(ctx context.Context) error {
	t.mu.Lock()
	d := time.Until(t.until)
	t.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t.logger.DebugContext(ctx, "waiting out the Retry-After the service asked for", "service", t.service, "wait", d)
	return sleep(ctx, d)
}

// note keeps the Retry-After err carries (a transient error's RetryDelay),
// unless an earlier one lasts longer.
func (t *throttle) note(err error) {
	var tr transient
	if err == nil || !errors.As(err, &tr) || tr.RetryDelay() <= 0 {
		return
	}
	until := time.Now().Add(tr.RetryDelay())
	t.mu.Lock()
	defer t.mu.Unlock()
	if until.After(t.until) {
		t.until = until
	}
}

// through runs one call of t's service: first it waits out the service's
// Retry-After, then it keeps the one the call's error carries.
func through[T any](ctx context.Context, t *throttle, f func() (T, error)) (T, error) {
	if err := t.wait(ctx); err != nil {
		var zero T
		return zero, err
	}
	v, err := f()
	t.note(err)
	return v, err
}

// throughErr is through for calls that return only an error.
func throughErr(ctx context.Context, t *throttle, f func() error) error {
	_, err := through(ctx, t, func() (struct{}, error) { return struct{}{}, f() })
	return err
}

// rememberThrottles makes every call of c to a cloud go through its
// service's throttle: Microsoft.Network (the azure.Network), Azure Monitor
// (the azure.Metrics of WithMetrics), OCI Networking (the oci.Network) and
// OCI Monitoring (the oci.Metrics). A nil client stays nil.
func (c *Client) rememberThrottles() {
	newThrottle := func(service string) *throttle { return &throttle{service: service, logger: c.cfg.logger} }
	if c.az != nil {
		c.az = throttledAzure{c.az, newThrottle("Microsoft.Network")}
	}
	if c.oc != nil {
		c.oc = throttledOCI{c.oc, newThrottle("OCI Networking")}
	}
	if c.cfg.azureMetrics != nil {
		c.cfg.azureMetrics = throttledAzureMetrics{c.cfg.azureMetrics, newThrottle("Azure Monitor")}
	}
	if c.cfg.ociMetrics != nil {
		c.cfg.ociMetrics = throttledOCIMetrics{c.cfg.ociMetrics, newThrottle("OCI Monitoring")}
	}
}

// throttledAzureMetrics is an azure.Metrics whose calls go through a
// throttle.
type throttledAzureMetrics struct {
	azure.Metrics
	t *throttle
}

// ListMetrics lists metrics once the service's Retry-After has passed.
func (m throttledAzureMetrics) ListMetrics(ctx context.Context, q azure.MetricQuery) ([]azure.MetricSeries, error) {
	return through(ctx, m.t, func() ([]azure.MetricSeries, error) { return m.Metrics.ListMetrics(ctx, q) })
}

// throttledOCIMetrics is an oci.Metrics whose calls go through a throttle.
type throttledOCIMetrics struct {
	oci.Metrics
	t *throttle
}

// SummarizeMetrics runs a query once the service's Retry-After has passed.
func (m throttledOCIMetrics) SummarizeMetrics(ctx context.Context, q oci.MetricQuery) ([]oci.MetricSeries, error) {
	return through(ctx, m.t, func() ([]oci.MetricSeries, error) { return m.Metrics.SummarizeMetrics(ctx, q) })
}
