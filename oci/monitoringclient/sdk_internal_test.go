package monitoringclient

import (
	"net/http"
	"testing"
	"time"
)

// TestRetryAfter reads Retry-After as delay-seconds or as an HTTP date, and
// anything else as no delay.
func TestRetryAfter(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := map[string]func(time.Duration) bool{
		"":                              func(d time.Duration) bool { return d == 0 },
		"3":                             func(d time.Duration) bool { return d == 3*time.Second },
		"0.5":                           func(d time.Duration) bool { return d == 500*time.Millisecond },
		"-1":                            func(d time.Duration) bool { return d == 0 },
		"soon":                          func(d time.Duration) bool { return d == 0 },
		future:                          func(d time.Duration) bool { return d > 59*time.Minute && d <= time.Hour },
		http.TimeFormat:                 func(d time.Duration) bool { return d == 0 },
		"Mon, 01 Jan 1990 00:00:00 GMT": func(d time.Duration) bool { return d == 0 },
	}
	for v, ok := range tests {
		resp := &http.Response{Header: http.Header{}}
		if v != "" {
			resp.Header.Set("Retry-After", v)
		}
		if d := retryAfter(resp); !ok(d) {
			t.Errorf("Retry-After %q = %v", v, d)
		}
	}
	if d := retryAfter(nil); d != 0 {
		t.Errorf("no response: %v", d)
	}
}
