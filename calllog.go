package interconnect

// This file: the debug log of every call the library makes to the clouds.
// New wraps the azure.Network, oci.Network and the Metrics it is given in
// the decorators of calllog_azure.go and calllog_oci.go, so that no
// executor logs a call itself. Each decorator is a struct that implements
// its interface method by method, without embedding it: a method added to
// an interface is a compile error here until it is logged.

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// callLog logs calls to one cloud at debug level: "azure call" or "oci
// call", with the operation (the interface's method), the resource (names
// and IDs only: never a value the call sends or gets, which may hold the
// service key or the MD5 key), the duration and the outcome: "ok", "not
// found", the HTTP status and error code ("409 AnotherOperationInProgress"),
// "canceled", or "error"; a failure other than not found adds the error and
// the request IDs it carries.
type callLog struct {
	l   *slog.Logger
	msg string // "azure call", "oci call"
}

// where names a call's resource by up to three parts, joined with "/" only
// when the call is logged (so a call costs nothing when debug is off).
type where [3]string

func (w where) String() string {
	parts := make([]string, 0, len(w))
	for _, p := range w {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// logged runs f, the call op on resource, and logs it when the logger is
// enabled at debug level. id, when not nil, names what the call made or
// found (the OCID of a created resource), logged on success.
func logged[T any](ctx context.Context, c callLog, op string, resource where, f func(context.Context) (T, error), id func(T) string) (T, error) {
	if !c.l.Enabled(ctx, slog.LevelDebug) {
		return f(ctx)
	}
	start := time.Now()
	v, err := f(ctx)
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("op", op), slog.String("resource", resource.String()), slog.Duration("duration", time.Since(start)),
		slog.String("outcome", outcome(err)))
	if err == nil && id != nil {
		attrs = append(attrs, slog.String("id", id(v)))
	}
	attrs = append(attrs, failure(err)...)
	c.l.LogAttrs(ctx, slog.LevelDebug, c.msg, attrs...)
	return v, err
}

// loggedErr is logged for calls that return only an error.
func loggedErr(ctx context.Context, c callLog, op string, resource where, f func(context.Context) error) error {
	_, err := logged(ctx, c, op, resource, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) }, nil)
	return err
}

// outcome sums up how a call ended, for the log.
func outcome(err error) string {
	var ae *azure.Error
	var oe *oci.Error
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, azure.ErrNotFound), errors.Is(err, oci.ErrNotFound):
		return "not found"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline exceeded"
	case errors.As(err, &ae):
		return strings.TrimSpace(strconv.Itoa(ae.StatusCode) + " " + ae.Code)
	case errors.As(err, &oe):
		return strings.TrimSpace(strconv.Itoa(oe.StatusCode) + " " + oe.Code)
	}
	return "error"
}

// failure is what the log adds for a failed call: the error, and the
// request IDs of the cloud's answer. Not found adds nothing: it is an
// answer, not a failure.
func failure(err error) []slog.Attr {
	if err == nil || errors.Is(err, azure.ErrNotFound) || errors.Is(err, oci.ErrNotFound) {
		return nil
	}
	attrs := []slog.Attr{slog.String("err", err.Error())}
	var ae *azure.Error
	var oe *oci.Error
	switch {
	case errors.As(err, &ae):
		if ae.RequestID != "" {
			attrs = append(attrs, slog.String("request_id", ae.RequestID))
		}
		if ae.CorrelationID != "" {
			attrs = append(attrs, slog.String("correlation_id", ae.CorrelationID))
		}
	case errors.As(err, &oe) && oe.OpcRequestID != "":
		attrs = append(attrs, slog.String("opc_request_id", oe.OpcRequestID))
	}
	return attrs
}

// logCalls wraps the networks and metrics of a Client in the call log (nil
// stays nil).
func logCalls(az azure.Network, oc oci.Network, cfg *config) (azure.Network, oci.Network) {
	azLog, ocLog := callLog{l: cfg.logger, msg: "azure call"}, callLog{l: cfg.logger, msg: "oci call"}
	if az != nil {
		az = loggedAzure{next: az, log: azLog}
	}
	if oc != nil {
		oc = loggedOCI{next: oc, log: ocLog}
	}
	if cfg.azureMetrics != nil {
		cfg.azureMetrics = loggedAzureMetrics{next: cfg.azureMetrics, log: azLog}
	}
	if cfg.ociMetrics != nil {
		cfg.ociMetrics = loggedOCIMetrics{next: cfg.ociMetrics, log: ocLog}
	}
	return az, oc
}
