package interconnect

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
)

// TestNoAnswerIsTransient: the engine's retry (call) and Watch's back-off
// take an OCI request that got no answer as transient, a breaker's open
// window as its delay, however the error is wrapped.
func TestNoAnswerIsTransient(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want time.Duration
	}{
		{&oci.NoAnswerError{Op: "CreateDRG", Err: io.EOF}, time.Second},
		{fmt.Errorf("oci/drg: %w", &oci.NoAnswerError{Op: "GetDRG", Err: io.ErrUnexpectedEOF}), time.Second},
		{fmt.Errorf("reading: %w", &oci.NoAnswerError{Op: "GetVCN", Err: io.EOF, RetryAfter: 30 * time.Second}), 30 * time.Second},
	} {
		if d, ok := retryDelay(tc.err, 0); !ok || d != tc.want {
			t.Errorf("retryDelay(%v) = %v, %v; want %v, true", tc.err, d, ok, tc.want)
		}
	}
}
