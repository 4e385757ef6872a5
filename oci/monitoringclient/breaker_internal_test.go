package monitoringclient

import (
	"errors"
	"io"
	"net/url"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestNoCircuitBreaker: NewClient's SDK client has no circuit breaker,
// although oci-go-sdk gives every MonitoringClient one
// (monitoring/monitoring_client.go).
func TestNoCircuitBreaker(t *testing.T) {
	srv := ociface.Start(t, sim.New(sim.WithLatency(sim.Latency{})))
	c, err := NewClient(srv.ConfigProvider(), WithEndpoint(srv.URL()), WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	if cb := c.mc.Configuration.CircuitBreaker; cb != nil {
		t.Errorf("NewClient left the SDK's circuit breaker on: %v", cb.Cbst)
	}
}

// TestFailNoAnswer: a connection closed before the answer comes back as an
// *oci.NoAnswerError, which callers retry.
func TestFailNoAnswer(t *testing.T) {
	err := fail("SummarizeMetrics", "comp", nil, &url.Error{Op: "Post", URL: "https://telemetry/20180401/metrics/actions/summarizeMetricsData", Err: io.EOF})
	var e *oci.NoAnswerError
	if !errors.As(err, &e) || !e.Retryable() || !errors.Is(err, io.EOF) || e.Op != "SummarizeMetrics" {
		t.Errorf("fail = %#v (%v), want a retryable *oci.NoAnswerError", err, err)
	}
}
