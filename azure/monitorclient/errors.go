package monitorclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/azoci/interconnect/azure"
)

// fail turns an error of MetricsClient.List on resource into this
// package's error:
//   - when ctx has ended, ctx's error;
//   - an answer from Azure (*azcore.ResponseError, found with errors.As)
//     becomes *azure.Error with Op "ListMetrics", the resource, the HTTP
//     status, the error code and message, and Retry-After. Azure Monitor's
//     own refusals carry {"code","message"} at the top level (400
//     BadRequest "Failed to find metric configuration ...", 404 NotFound
//     "Resource: ... is not found"), ARM's front door {"error":{...}}
//     (429, 5xx): both are read;
//   - anything else (a transport error) is wrapped with the operation and
//     the resource.
//
// The SDK's own error text is never used: it dumps the HTTP exchange.
func fail(ctx context.Context, resource string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		return fmt.Errorf("azure: ListMetrics %s: %w", resource, err)
	}
	e := &azure.Error{Op: "ListMetrics", Resource: resource, StatusCode: re.StatusCode, Code: re.ErrorCode}
	if resp := re.RawResponse; resp != nil {
		code, msg := errorBody(resp)
		if e.Code == "" {
			e.Code = code
		}
		e.Message = msg
		e.RetryAfter = retryAfter(resp.Header)
	}
	return e
}

// errorBody reads an error's code and message from either shape.
func errorBody(resp *http.Response) (code, message string) {
	body, err := runtime.Payload(resp)
	if err != nil || len(body) == 0 {
		return "", ""
	}
	type detail struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	var b struct {
		detail
		Error *detail `json:"error"`
	}
	if json.Unmarshal(body, &b) != nil {
		return "", ""
	}
	if b.Error != nil {
		return b.Error.Code, b.Error.Message
	}
	return b.Code, b.Message
}

// retryAfter reads how long Azure asked the caller to wait: retry-after-ms,
// x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP date (the
// order azcore's retry policy uses). 0 when absent. It repeats
// azure/armclient's retryAfter; both could move to a shared internal
// package.
func retryAfter(h http.Header) time.Duration {
	for _, ms := range []string{"Retry-After-Ms", "X-Ms-Retry-After-Ms"} {
		if v, err := strconv.Atoi(strings.TrimSpace(h.Get(ms))); err == nil && v > 0 {
			return time.Duration(v) * time.Millisecond
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
