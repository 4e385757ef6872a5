package ociclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/secret"
)

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

// TestRetryPolicyUsesPredicate guards against the SDK gotcha: a policy built
// with NewRetryPolicyWithOptions(WithShouldRetryOperation(f)) alone ignores
// f; ours must not.
func TestRetryPolicyUsesPredicate(t *testing.T) {
	p := DefaultRetryPolicy()
	if p.NonEventuallyConsistentPolicy != nil {
		t.Fatalf("the policy handles eventual consistency, so its predicate would be replaced: %v", p.String())
	}
	conflict := common.OCIOperationResponse{Error: serviceError{409, "IncorrectState", ""}, AttemptNumber: 1}
	if p.ShouldRetryOperation(conflict) {
		t.Errorf("the default policy retries 409 IncorrectState")
	}
	if !p.ShouldRetryOperation(common.OCIOperationResponse{Error: serviceError{429, "TooManyRequests", ""}, AttemptNumber: 1}) {
		t.Errorf("the default policy does not retry 429")
	}
	if p.MaximumNumberAttempts != 5 {
		t.Errorf("attempts = %d, want 5", p.MaximumNumberAttempts)
	}
}

// TestSDKDefaultRetriesOf409 pins down what oci-go-sdk's own default policy
// does with 409s (common/retry.go, defaultRetryStatusCodeMap): it retries
// IncorrectState and LockConflict and nothing else, so a 409
// InvalidatedRetryToken reaches the caller at once whichever of the two
// policies a client runs.
func TestSDKDefaultRetriesOf409(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"IncorrectState", true},
		{"LockConflict", true},
		{"InvalidatedRetryToken", false},
		{"Conflict", false},
		{"NotAuthorizedOrResourceAlreadyExists", false},
	} {
		r := common.OCIOperationResponse{Error: serviceError{409, tc.code, ""}, AttemptNumber: 1,
			Response: core.CreateDrgResponse{RawResponse: &http.Response{StatusCode: 409}}}
		for name, p := range map[string]common.RetryPolicy{
			"DefaultRetryPolicy": common.DefaultRetryPolicy(), "WithoutEventualConsistency": common.DefaultRetryPolicyWithoutEventualConsistency()} {
			if got := p.ShouldRetryOperation(r); got != tc.want {
				t.Errorf("the SDK's %s retries 409 %s: %v, want %v", name, tc.code, got, tc.want)
			}
		}
		if DefaultRetryPolicy().ShouldRetryOperation(r) {
			t.Errorf("the client's DefaultRetryPolicy retries 409 %s", tc.code)
		}
	}
}

func TestFail(t *testing.T) {
	const key = "c0ffee00-1234-5678-9abc-def012345678"
	raw := &http.Response{Header: http.Header{"Retry-After": {"7"}}}
	tests := []struct {
		name   string
		err    error
		raw    *http.Response
		check  func(t *testing.T, err error)
		status int
	}{
		{"404 matches ErrNotFound", serviceError{404, "NotAuthorizedOrNotFound", "not found"}, nil, func(t *testing.T, err error) {
			if !errors.Is(err, oci.ErrNotFound) {
				t.Errorf("errors.Is(%v, ErrNotFound) = false", err)
			}
		}, 404},
		{"429 keeps Retry-After", serviceError{429, "TooManyRequests", "slow down"}, raw, func(t *testing.T, err error) {
			var e *oci.Error
			if errors.As(err, &e); e.RetryAfter != 7*time.Second || e.OpcRequestID != "req-1" {
				t.Errorf("error = %#v", e)
			}
		}, 429},
		{"OCI echoing the key", serviceError{400, "InvalidParameter", "key " + key + " is unknown"}, nil, func(t *testing.T, err error) {
			if strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), secret.Redacted) {
				t.Errorf("error = %v", err)
			}
		}, 400},
		{"the SDK echoing the key", errors.New("cannot send " + key), nil, func(t *testing.T, err error) {
			if strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "CreateVirtualCircuit") {
				t.Errorf("error = %v", err)
			}
		}, 0},
		{"a context error stays visible", context.DeadlineExceeded, nil, func(t *testing.T, err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("errors.Is(%v, context.DeadlineExceeded) = false", err)
			}
		}, 0},
		{"a scrubbed error unwraps to its context error only", errors.Join(context.Canceled, errors.New(key)), nil, func(t *testing.T, err error) {
			if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), key) || strings.Contains(errors.Unwrap(err).Error(), key) {
				t.Errorf("error = %v", err)
			}
		}, 0},
		{"a connection closed before the answer is no answer", &url.Error{Op: "Post", URL: "https://iaas/20160918/virtualCircuits", Err: io.EOF}, nil, func(t *testing.T, err error) {
			var e *oci.NoAnswerError
			if !errors.As(err, &e) || !e.Retryable() || !errors.Is(err, io.EOF) || e.Op != "CreateVirtualCircuit" {
				t.Errorf("error = %#v", err)
			}
		}, 0},
		{"a cut body is no answer, without the key", fmt.Errorf("reading %s: %w", key, io.ErrUnexpectedEOF), nil, func(t *testing.T, err error) {
			var e *oci.NoAnswerError
			if !errors.As(err, &e) || !e.Retryable() || strings.Contains(err.Error(), key) || errors.Unwrap(e) == nil ||
				strings.Contains(errors.Unwrap(e).Error(), key) {
				t.Errorf("error = %#v (%v)", err, err)
			}
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fail("CreateVirtualCircuit", "comp", tt.raw, tt.err, key, "")
			var e *oci.Error
			if got := errors.As(err, &e); got != (tt.status != 0) || (got && e.StatusCode != tt.status) {
				t.Fatalf("fail = %#v, want an *Error with status %d: %v", err, tt.status, got)
			}
			tt.check(t, err)
		})
	}
}
