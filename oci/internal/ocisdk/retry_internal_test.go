package ocisdk

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// These tests were oci/ociclient's (retry_internal_test.go) and
// oci/monitoringclient's (sdk_internal_test.go) until the code they test
// moved here. An SDK response is the response type below, where they used
// core.GetVcnResponse: this package does not import core.

// serviceError is a common.ServiceError as the SDK reports OCI's answers.
type serviceError struct {
	status        int
	code, message string
}

func (e serviceError) Error() string           { return e.code + ": " + e.message }
func (e serviceError) GetHTTPStatusCode() int  { return e.status }
func (e serviceError) GetMessage() string      { return e.message }
func (e serviceError) GetCode() string         { return e.code }
func (e serviceError) GetOpcRequestID() string { return "req-1" }

// timeoutError is a network timeout.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// response is an SDK response (common.OCIResponse) with its raw answer.
type response struct{ raw *http.Response }

func (r response) HTTPResponse() *http.Response { return r.raw }

func TestShouldRetry(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"success", nil, false},
		{"429", serviceError{429, "TooManyRequests", ""}, true},
		{"500", serviceError{500, "InternalServerError", ""}, true},
		{"503", serviceError{503, "ServiceUnavailable", ""}, true},
		{"501", serviceError{501, "MethodNotImplemented", ""}, false},
		{"400", serviceError{400, "InvalidParameter", ""}, false},
		{"401", serviceError{401, "NotAuthenticated", ""}, false},
		{"404", serviceError{404, "NotAuthorizedOrNotFound", ""}, false},
		{"409 IncorrectState", serviceError{409, "IncorrectState", ""}, false},
		{"409 InvalidatedRetryToken", serviceError{409, "InvalidatedRetryToken", ""}, false},
		{"409 LockConflict", serviceError{409, "LockConflict", ""}, false},
		{"412", serviceError{412, "NoEtagMatch", ""}, false},
		{"network timeout", timeoutError{}, true},
		{"connection closed before the answer", &url.Error{Op: "Post", URL: "https://iaas/20160918/drgs", Err: io.EOF}, true},
		{"body cut short", io.ErrUnexpectedEOF, true},
		{"connection reset", &url.Error{Op: "Get", URL: "https://iaas/20160918/drgs", Err: syscall.ECONNRESET}, true},
		{"circuit breaker open", breakerError, false},
		{"context canceled", context.Canceled, false},
		{"deadline in a url.Error", &url.Error{Op: "Get", URL: "https://iaas/", Err: context.DeadlineExceeded}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := common.OCIOperationResponse{Error: tt.err, Response: response{&http.Response{StatusCode: 200}}}
			if got := shouldRetry(r); got != tt.want {
				t.Errorf("shouldRetry(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestNextDelay(t *testing.T) {
	tests := []struct {
		attempt    uint
		retryAfter time.Duration
		want       time.Duration
		fromHeader bool
	}{
		{1, 0, time.Second, false},
		{2, 0, 2 * time.Second, false},
		{3, 0, 4 * time.Second, false},
		{6, 0, 30 * time.Second, false},
		{40, 0, 30 * time.Second, false},
		{1, 3 * time.Second, 3 * time.Second, true},
		{1, time.Hour, 30 * time.Second, true},
	}
	for _, tt := range tests {
		d, h := nextDelay(tt.attempt, tt.retryAfter, time.Second, 30*time.Second)
		if d != tt.want || h != tt.fromHeader {
			t.Errorf("nextDelay(%d, %v) = %v, %v; want %v, %v", tt.attempt, tt.retryAfter, d, h, tt.want, tt.fromHeader)
		}
	}
	// The policy's NextDuration: Retry-After as asked; backoff with at most 25% jitter.
	p := NewRetryPolicy(3, 100*time.Millisecond, time.Second)
	withHeader := response{&http.Response{Header: http.Header{"Retry-After": {"0.5"}}}}
	if d := p.NextDuration(common.OCIOperationResponse{Response: withHeader, AttemptNumber: 1}); d != 500*time.Millisecond {
		t.Errorf("NextDuration with Retry-After 0.5 = %v", d)
	}
	if d := p.NextDuration(common.OCIOperationResponse{AttemptNumber: 2}); d < 200*time.Millisecond || d > 250*time.Millisecond {
		t.Errorf("NextDuration of attempt 2 = %v, want 200ms to 250ms", d)
	}
}

// TestRetryAfter reads Retry-After as delay-seconds or as an HTTP date, and
// anything else (a malformed value, a date in the past) as no delay.
func TestRetryAfter(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		header   string
		min, max time.Duration
	}{
		{"", 0, 0},
		{"2", 2 * time.Second, 2 * time.Second},
		{"0.25", 250 * time.Millisecond, 250 * time.Millisecond},
		{"-1", 0, 0},
		{"soon", 0, 0},
		{future, 59 * time.Minute, time.Hour},
		{http.TimeFormat, 0, 0},
		{"Mon, 01 Jan 1990 00:00:00 GMT", 0, 0},
	}
	for _, tt := range tests {
		resp := &http.Response{Header: http.Header{}}
		if tt.header != "" {
			resp.Header.Set("Retry-After", tt.header)
		}
		if got := RetryAfter(resp); got < tt.min || got > tt.max {
			t.Errorf("Retry-After %q = %v, want %v to %v", tt.header, got, tt.min, tt.max)
		}
	}
	if RetryAfter(nil) != 0 || retryAfterOf(nil) != 0 {
		t.Errorf("no response must mean no delay")
	}
}
