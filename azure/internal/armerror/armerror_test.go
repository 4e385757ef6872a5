package armerror_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/internal/armerror"
)

// TestRetryAfter came from azure/armclient with retryAfter.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", http.Header{}, 0},
		{"seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"milliseconds first", http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"7"}}, 250 * time.Millisecond},
		{"x-ms milliseconds", http.Header{"X-Ms-Retry-After-Ms": {"40"}}, 40 * time.Millisecond},
		{"a date in the past", http.Header{"Retry-After": {"Mon, 02 Jan 2006 15:04:05 GMT"}}, 0},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0},
		{"negative", http.Header{"Retry-After": {"-3"}}, 0},
		{"retry-after-ms before x-ms-retry-after-ms", http.Header{"Retry-After-Ms": {"250"}, "X-Ms-Retry-After-Ms": {"40"}}, 250 * time.Millisecond},
		{"zero milliseconds fall back to seconds", http.Header{"Retry-After-Ms": {"0"}, "Retry-After": {"2"}}, 2 * time.Second},
		{"spaces", http.Header{"Retry-After": {" 3 "}}, 3 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := armerror.RetryAfter(tc.header); got != tc.want {
				t.Errorf("RetryAfter = %s, want %s", got, tc.want)
			}
		})
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := armerror.RetryAfter(http.Header{"Retry-After": {future}}); got < 59*time.Minute || got > time.Hour {
		t.Errorf("RetryAfter(an hour from now) = %s", got)
	}
}

func response(status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body)),
		Request: &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "https", Host: "management.azure.com", Path: "/x"}}}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		code, message string
	}{
		{"ARM", `{"error":{"code":"ResourceNotFound","message":"The Resource was not found."}}`, "ResourceNotFound", "The Resource was not found."},
		{"a failed operation's status", `{"status":"Failed","error":{"code":"InternalServerError","message":"The operation failed."}}`, "InternalServerError", "The operation failed."},
		{"Azure Monitor", `{"code":"BadRequest","message":"Failed to find metric configuration for provider: Microsoft.Network"}`, "BadRequest", "Failed to find metric configuration for provider: Microsoft.Network"},
		{"both: the nested error wins", `{"code":"Outer","message":"outer","error":{"code":"Inner","message":"inner"}}`, "Inner", "inner"},
		{"error null", `{"code":"BadRequest","message":"top","error":null}`, "BadRequest", "top"},
		{"a status without an error", `{"status":"Failed"}`, "", ""},
		{"an empty object", `{}`, "", ""},
		{"no body", ``, "", ""},
		{"not JSON", `<html>Bad Gateway</html>`, "", ""},
		{"error not an object", `{"error":"throttled"}`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := armerror.Body(response(http.StatusBadRequest, nil, tc.body))
			if code != tc.code || msg != tc.message {
				t.Errorf("Body = %q, %q; want %q, %q", code, msg, tc.code, tc.message)
			}
		})
	}
}

func TestFromResponse(t *testing.T) {
	const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er"
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   azure.Error
	}{
		{"ARM's body", http.StatusNotFound, nil, `{"error":{"code":"ResourceNotFound","message":"gone"}}`,
			azure.Error{StatusCode: 404, Code: "ResourceNotFound", Message: "gone"}},
		{"Azure Monitor's body", http.StatusBadRequest, nil, `{"code":"BadRequest","message":"no such metric"}`,
			azure.Error{StatusCode: 400, Code: "BadRequest", Message: "no such metric"}},
		{"x-ms-error-code first", http.StatusConflict, http.Header{"X-Ms-Error-Code": {"AnotherOperationInProgress"}},
			`{"error":{"code":"Conflict","message":"busy"}}`,
			azure.Error{StatusCode: 409, Code: "AnotherOperationInProgress", Message: "busy"}},
		{"throttled", http.StatusTooManyRequests, http.Header{"Retry-After": {"7"}}, `{"error":{"code":"TooManyRequests","message":"slow down"}}`,
			azure.Error{StatusCode: 429, Code: "TooManyRequests", Message: "slow down", RetryAfter: 7 * time.Second}},
		{"no body", http.StatusServiceUnavailable, nil, ``, azure.Error{StatusCode: 503}},
		{"request IDs", http.StatusNotFound, http.Header{"X-Ms-Request-Id": {"req-1"}, "X-Ms-Correlation-Request-Id": {"corr-1"}},
			`{"error":{"code":"ResourceNotFound","message":"gone"}}`,
			azure.Error{StatusCode: 404, Code: "ResourceNotFound", Message: "gone", RequestID: "req-1", CorrelationID: "corr-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var re *azcore.ResponseError
			if err := runtime.NewResponseError(response(tc.status, tc.header, tc.body)); !errors.As(err, &re) {
				t.Fatalf("NewResponseError = %v", err)
			}
			tc.want.Op, tc.want.Resource = "GetCircuit", id
			if got := armerror.FromResponse("GetCircuit", id, re); *got != tc.want {
				t.Errorf("FromResponse = %#v, want %#v", *got, tc.want)
			}
		})
	}
	re := &azcore.ResponseError{StatusCode: http.StatusBadGateway, ErrorCode: "BadGateway"}
	want := azure.Error{Op: "ListMetrics", Resource: id, StatusCode: 502, Code: "BadGateway"}
	if got := armerror.FromResponse("ListMetrics", id, re); *got != want {
		t.Errorf("without a raw response: %#v, want %#v", *got, want)
	}
}
