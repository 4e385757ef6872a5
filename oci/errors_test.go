package oci

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestError(t *testing.T) {
	tests := []struct {
		err       *Error
		text      string
		notFound  bool
		retryable bool
	}{
		{&Error{Op: "GetDRG", Resource: "ocid1.drg", StatusCode: 404, Code: "NotAuthorizedOrNotFound", Message: "no", OpcRequestID: "r1"}, "oci: GetDRG ocid1.drg: 404 NotAuthorizedOrNotFound: no (opc-request-id r1)", true, false},
		{&Error{Op: "CreateDRG", Resource: "c", StatusCode: 429, Code: "TooManyRequests", RetryAfter: 3 * time.Second}, "oci: CreateDRG c: 429 TooManyRequests", false, true},
		{&Error{Op: "CreateDRGAttachment", Resource: "d", StatusCode: 409, Code: "IncorrectState"}, "oci: CreateDRGAttachment d: 409 IncorrectState", false, true},
		{&Error{Op: "DeleteDRG", Resource: "d", StatusCode: 409, Code: "Conflict"}, "oci: DeleteDRG d: 409 Conflict", false, false},
		{&Error{Op: "GetVCN", Resource: "v", StatusCode: 500}, "oci: GetVCN v: 500", false, true},
		{&Error{Op: "GetVCN", Resource: "v", StatusCode: 501}, "oci: GetVCN v: 501", false, false},
		{&Error{Op: "UpdateRouteTable", Resource: "r", StatusCode: 400, Code: "InvalidParameter"}, "oci: UpdateRouteTable r: 400 InvalidParameter", false, false},
	}
	for _, tt := range tests {
		wrapped := fmt.Errorf("reading: %w", tt.err)
		if tt.err.Error() != tt.text {
			t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.text)
		}
		if errors.Is(wrapped, ErrNotFound) != tt.notFound {
			t.Errorf("%s: errors.Is(ErrNotFound) = %v", tt.text, !tt.notFound)
		}
		if tt.err.Retryable() != tt.retryable {
			t.Errorf("%s: Retryable() = %v", tt.text, !tt.retryable)
		}
		if tt.err.RetryDelay() != tt.err.RetryAfter {
			t.Errorf("%s: RetryDelay() = %s", tt.text, tt.err.RetryDelay())
		}
	}
}

func TestIsInvalidatedRetryToken(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("creating: %w", &Error{StatusCode: 409, Code: CodeInvalidatedRetryToken}), true},
		{&Error{StatusCode: 409, Code: "IncorrectState"}, false},
		{&Error{StatusCode: 400, Code: CodeInvalidatedRetryToken}, false},
		{errors.New("InvalidatedRetryToken"), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsInvalidatedRetryToken(tt.err); got != tt.want {
			t.Errorf("IsInvalidatedRetryToken(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
