// Package armlog logs the HTTP requests the Azure adapters (azure/armclient,
// azure/monitorclient) send, at debug level, with the request IDs Microsoft
// support asks for.
//
// azcore's own logging policy writes to one process-wide listener
// (azcore/log.SetListener) and, unless told otherwise, dumps headers; an
// adapter given its own slog.Logger needs a policy of its own instead.
// azcore runs the policies of ClientOptions.PerRetryPolicies once per try,
// after its retry policy (azcore/runtime.NewPipeline), so every try, every
// page and every poll of a long-running operation is logged.
package armlog

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azoci/interconnect/azure/internal/armerror"
)

// Policy returns an azcore policy that logs each request at debug level to
// l: "azure request" with its method, URL path (no query string), status
// (or the transport error), ARM's x-ms-request-id and
// x-ms-correlation-request-id, and how long the answer took. It logs no
// header and no body, so neither the bearer token nor a secret a request
// carries. It costs one Enabled check when l does not log at debug level.
func Policy(l *slog.Logger) policy.Policy { return logPolicy{l} }

type logPolicy struct{ l *slog.Logger }

func (p logPolicy) Do(req *policy.Request) (*http.Response, error) {
	ctx := req.Raw().Context()
	if !p.l.Enabled(ctx, slog.LevelDebug) {
		return req.Next()
	}
	start := time.Now()
	resp, err := req.Next()
	attrs := []slog.Attr{slog.String("method", req.Raw().Method), slog.String("path", req.Raw().URL.Path), slog.Duration("duration", time.Since(start))}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	if resp != nil {
		id, corr := armerror.RequestIDs(resp.Header)
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", id), slog.String("correlation_id", corr))
	}
	p.l.LogAttrs(ctx, slog.LevelDebug, "azure request", attrs...)
	return resp, err
}

// Options returns a copy of opts (nil stands for the zero options) whose
// PerRetryPolicies end with Policy(l); opts itself is not changed. A nil l
// returns opts as it is.
func Options(opts *arm.ClientOptions, l *slog.Logger) *arm.ClientOptions {
	if l == nil {
		return opts
	}
	var o arm.ClientOptions
	if opts != nil {
		o = *opts
	}
	o.PerRetryPolicies = append(append([]policy.Policy(nil), o.PerRetryPolicies...), Policy(l))
	return &o
}
