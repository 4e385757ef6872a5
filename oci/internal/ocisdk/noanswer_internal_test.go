package ocisdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// breakerError is the error text oci-go-sdk returns for a request its
// circuit breaker refused (common/errors.go, getCircuitBreakerError, with
// gobreaker's "circuit breaker is open"), for a 45-second open window.
var breakerError = errors.New("circuit breaker is open, so this request was not sent to the VirtualNetwork service.\n\n " +
	"The circuit breaker was opened because the VirtualNetwork service failed too many times recently. Because the circuit breaker has been opened, " +
	"requests within a 45.00 second window of when the circuit breaker opened will not be sent to the VirtualNetwork service.\n\n" +
	"URL which circuit breaker prevented request to - iaas/20160918/vcns/x \n Circuit Breaker Info \n Name - DefaultCircuitBreaker \n State - open \n\n ")

// TestNoAnswer: what is a request OCI did not answer in full, and how long
// to wait before sending it again.
func TestNoAnswer(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		want  bool
		delay time.Duration
	}{
		{"connection closed before the answer", &url.Error{Op: "Post", URL: "https://iaas/20160918/drgs", Err: io.EOF}, true, 0},
		{"body cut short", io.ErrUnexpectedEOF, true, 0},
		{"network timeout", timeoutError{}, true, 0},
		{"circuit breaker open", breakerError, true, 45 * time.Second},
		{"circuit breaker open, wrapped", fmt.Errorf("calling: %w", breakerError), true, 45 * time.Second},
		{"gobreaker's own error", errors.New("too many requests"), true, common.CircuitBreakerDefaultResetTimeout},
		{"an answer of OCI", serviceError{503, "ServiceUnavailable", ""}, false, 0},
		{"context canceled", context.Canceled, false, 0},
		{"deadline in a url.Error", &url.Error{Op: "Get", URL: "https://iaas/", Err: context.DeadlineExceeded}, false, 0},
		{"something else", errors.New("can not marshal"), false, 0},
		{"a text that merely mentions a breaker", errors.New("the circuit breaker is open"), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NoAnswer("GetVCN", "ocid1.vcn", tt.err)
			if (e != nil) != tt.want {
				t.Fatalf("NoAnswer(%v) = %v, want one: %v", tt.err, e, tt.want)
			}
			if e == nil {
				return
			}
			var tr interface {
				Retryable() bool
				RetryDelay() time.Duration
			}
			if !errors.As(fmt.Errorf("x: %w", e), &tr) || !tr.Retryable() || tr.RetryDelay() != tt.delay {
				t.Errorf("NoAnswer(%v) = %#v: want retryable after %v", tt.err, e, tt.delay)
			}
			if !errors.Is(e, tt.err) || e.Op != "GetVCN" || e.Resource != "ocid1.vcn" {
				t.Errorf("NoAnswer(%v) = %#v: does not unwrap to the SDK's error or lost its names", tt.err, e)
			}
		})
	}
}

// TestConfigureTurnsTheBreakerOff: a client set up by Configure has no
// circuit breaker, even where the SDK's environment switch turns the default
// one on.
func TestConfigureTurnsTheBreakerOff(t *testing.T) {
	t.Setenv("OCI_SDK_DEFAULT_CIRCUITBREAKER_ENABLED", "true")
	c := common.BaseClient{HTTPClient: http.DefaultClient}
	common.ConfigCircuitBreakerFromEnvVar(&c)
	if c.Configuration.CircuitBreaker == nil {
		t.Fatal("the SDK's switch did not turn the breaker on: the test proves nothing")
	}
	if err := Configure(&c, "", nil, nil); err != nil {
		t.Fatal(err)
	}
	if c.Configuration.CircuitBreaker != nil {
		t.Errorf("Configure left the circuit breaker on")
	}
}
