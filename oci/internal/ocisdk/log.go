package ocisdk

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// This file: logging every HTTP request an SDK client sends, with the
// opc-request-id Oracle support asks for.

// HeaderOpcRequestID is the header with which OCI identifies an answer
// ("Unique Oracle-assigned identifier for the request. If you need to
// contact Oracle about a particular request, please provide the request
// ID": every operation's OpcRequestId in oci-go-sdk's responses; the SDK
// reads it into ServiceError.GetOpcRequestID, common/errors.go).
const HeaderOpcRequestID = "opc-request-id"

// LogDispatcher logs each request that goes through it to Logger at debug
// level: "oci request" with its method, URL path (no query string), status
// (or the transport error), the answer's opc-request-id, and how long the
// answer took. It logs no header and no body, so neither the request's
// signature nor a secret it carries. Next sends the requests. It costs one
// Enabled check when Logger does not log at debug level.
type LogDispatcher struct {
	Next   common.HTTPRequestDispatcher
	Logger *slog.Logger
}

// Do sends r through Next and logs it.
func (d LogDispatcher) Do(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if !d.Logger.Enabled(ctx, slog.LevelDebug) {
		return d.Next.Do(r)
	}
	start := time.Now()
	resp, err := d.Next.Do(r)
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Duration("duration", time.Since(start))}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("opc_request_id", resp.Header.Get(HeaderOpcRequestID)))
	}
	d.Logger.LogAttrs(ctx, slog.LevelDebug, "oci request", attrs...)
	return resp, err
}

// Log makes c log its requests to l (see LogDispatcher); a nil l leaves c
// as it is. Call it after Configure.
func Log(c *common.BaseClient, l *slog.Logger) {
	if l != nil {
		c.HTTPClient = LogDispatcher{Next: c.HTTPClient, Logger: l}
	}
}

// RequestID is the opc-request-id of the answer that se reports: the SDK's
// (it reads the header), else raw's header, else "".
func RequestID(se common.ServiceError, raw *http.Response) string {
	if id := se.GetOpcRequestID(); id != "" {
		return id
	}
	if raw != nil {
		return raw.Header.Get(HeaderOpcRequestID)
	}
	return ""
}

// RequestIDNote is " (opc-request-id …)" for an error that came with an
// answer raw from OCI (one the SDK could not read, say), and "" when there
// was no answer or it had no ID.
func RequestIDNote(raw *http.Response) string {
	if raw == nil || raw.Header.Get(HeaderOpcRequestID) == "" {
		return ""
	}
	return " (opc-request-id " + raw.Header.Get(HeaderOpcRequestID) + ")"
}
