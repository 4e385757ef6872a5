package armclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/azoci/interconnect/secret"
)

// fail turns an error from the SDK into this package's error (nil stays
// nil):
//   - when ctx has ended, ctx's error, as azure.Network promises;
//   - an answer from ARM (*azcore.ResponseError, found with errors.As) becomes
//     *Error with the operation, the resource, the HTTP status, ARM's error
//     code and message and Retry-After. A long-running operation that ARM
//     accepted and that then ended Failed or Canceled is reported with
//     OperationFailed, ARM's code and message, and the status of the poll
//     that said so (500 when that poll answered 200 with status Failed).
//     azure.Error.Retryable then retries only transient codes;
//   - anything else (a transport error) is wrapped with the operation and
//     the resource.
//
// The SDK's own error text is never used: it dumps the HTTP exchange. Every
// plaintext in secrets is replaced by secret.Redacted wherever it appears,
// so that a service that echoes a request cannot leak a key into an error.
func fail(ctx context.Context, op, resource string, err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		e := &azure.Error{Op: op, Resource: resource, StatusCode: re.StatusCode, Code: re.ErrorCode}
		if resp := re.RawResponse; resp != nil {
			code, msg := armError(resp)
			if e.Code == "" {
				e.Code = code
			}
			e.Message = msg
			e.RetryAfter = retryAfter(resp.Header)
		}
		if e.StatusCode < 300 {
			e.StatusCode = http.StatusInternalServerError
		}
		var op operationError
		e.OperationFailed = errors.As(err, &op)
		e.Code, e.Message = redact(e.Code, secrets), redact(e.Message, secrets)
		return e
	}
	msg := err.Error()
	if clean := redact(msg, secrets); clean != msg {
		return fmt.Errorf("azure: %s %s: %s", op, resource, clean)
	}
	return fmt.Errorf("azure: %s %s: %w", op, resource, err)
}

// armError reads ARM's error body, {"error":{"code","message"}}, which is
// also the shape of a failed operation's status ({"status":"Failed",
// "error":{...}}).
func armError(resp *http.Response) (code, message string) {
	body, err := runtime.Payload(resp)
	if err != nil || len(body) == 0 {
		return "", ""
	}
	var b struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &b) != nil || b.Error == nil {
		return "", ""
	}
	return b.Error.Code, b.Error.Message
}

// retryAfter reads how long ARM asked the caller to wait: retry-after-ms,
// x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP date (the
// order azcore uses). 0 when absent.
func retryAfter(h http.Header) time.Duration {
	for _, ms := range []string{"Retry-After-Ms", "X-Ms-Retry-After-Ms"} {
		if v, err := strconv.Atoi(strings.TrimSpace(h.Get(ms))); err == nil && v > 0 {
			return time.Duration(v) * time.Millisecond
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// redact replaces each non-empty secret in s.
func redact(s string, secrets []string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, secret.Redacted)
		}
	}
	return s
}

// isNotFound reports whether err is ARM's 404 for the resource itself (not
// for its resource group, which a PUT would not fix either).
func isNotFound(err error) bool {
	var re *azcore.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusNotFound && re.ErrorCode != "ResourceGroupNotFound"
}
