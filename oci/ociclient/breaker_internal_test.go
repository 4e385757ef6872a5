package ociclient

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestNoCircuitBreaker: NewClient's SDK client has no circuit breaker,
// although oci-go-sdk gives every VirtualNetworkClient one
// (core/core_virtualnetwork_client.go).
func TestNoCircuitBreaker(t *testing.T) {
	srv := ociface.Start(t, sim.New(sim.WithLatency(sim.Latency{})))
	c, err := NewClient(srv.ConfigProvider(), WithEndpoint(srv.URL()), WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	if cb := c.vn.Configuration.CircuitBreaker; cb != nil {
		t.Errorf("NewClient left the SDK's circuit breaker on: %v", cb.Cbst)
	}
}

// TestBreakerOpenIsNoAnswer gives a client the SDK's default circuit
// breaker back, as a client set up elsewhere may have one, and makes OCI
// fail 10 requests in a row (500): the breaker opens, and the 11th call,
// which it does not send, comes back as an *oci.NoAnswerError to retry after
// the breaker's 30-second open window, not as a final error.
func TestBreakerOpenIsNoAnswer(t *testing.T) {
	w := sim.New(sim.WithLatency(sim.Latency{}))
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Kind: sim.ServerError, Count: 10})
	srv := ociface.Start(t, w)
	c, err := NewClient(srv.ConfigProvider(), WithEndpoint(srv.URL()), WithHTTPClient(srv.HTTPClient()),
		WithRetryPolicy(NewRetryPolicy(1, time.Millisecond, time.Millisecond)))
	if err != nil {
		t.Fatal(err)
	}
	c.vn.Configuration.CircuitBreaker = common.NewCircuitBreaker(common.DefaultCircuitBreakerSettingWithServiceName("VirtualNetwork"))
	for range 10 {
		var e *oci.Error
		if _, err := c.GetVCN(t.Context(), "ocid1.vcn.oc1..x"); !errors.As(err, &e) || e.StatusCode != http.StatusInternalServerError {
			t.Fatalf("GetVCN = %v, want the injected 500", err)
		}
	}
	_, err = c.GetVCN(t.Context(), "ocid1.vcn.oc1..x")
	var na *oci.NoAnswerError
	if !errors.As(err, &na) || !na.Retryable() || na.RetryDelay() != common.CircuitBreakerDefaultResetTimeout || na.Op != "GetVCN" {
		t.Fatalf("GetVCN with the breaker open = %#v (%v), want an *oci.NoAnswerError to retry after 30s", err, err)
	}
	if n := len(srv.Requests()); n != 10 {
		t.Errorf("the face answered %d requests, want 10: the breaker should have kept the 11th", n)
	}
	t.Logf("breaker open: %s", strings.SplitN(err.Error(), "\n", 2)[0])
}
