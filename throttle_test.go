package interconnect

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/mock/gomock"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/mock_azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/mock_oci"
	"github.com/azoci/interconnect/sim"
)

// failingListDRGs is the world's oci.Network, except that its first
// ListDRGs fails for good (401) after a second, as when a credential has
// expired.
type failingListDRGs struct {
	oci.Network
	failed bool
}

func (f *failingListDRGs) ListDRGs(ctx context.Context, compartmentID string) ([]oci.DRG, error) {
	if !f.failed {
		f.failed = true
		time.Sleep(time.Second)
		return nil, &oci.Error{Op: "ListDRGs", Resource: compartmentID, StatusCode: http.StatusUnauthorized, Code: "NotAuthenticated"}
	}
	return f.Network.ListDRGs(ctx, compartmentID)
}

// TestThrottleRememberedAcrossPlans: Azure answers a read of Plan 429 with
// Retry-After 60s, and while that call waits, an OCI read fails for good, so
// Plan fails at once. A Plan run again at once on the same Client sends no
// Azure request before the 60 s are up (one whose context ends first gives
// up without sending any), while its OCI reads go at once.
func TestThrottleRememberedAcrossPlans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		c := New(w.Azure(), &failingListDRGs{Network: w.OCI()}, WithPollInterval(simPoll))
		s := simSpec(t, "")
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "GetVirtualNetwork", Kind: sim.Throttle, Count: 1, RetryAfter: time.Minute})

		start := time.Now()
		if _, err := c.Plan(t.Context(), s); !isCode(err, "NotAuthenticated") {
			t.Fatalf("the first Plan: %v, want the OCI read's 401", err)
		}
		var throttled time.Time
		for _, call := range w.Calls() {
			var e *azure.Error
			if errors.As(call.Err, &e) && e.StatusCode == http.StatusTooManyRequests {
				throttled = call.Time
			}
		}
		if throttled.IsZero() || time.Since(start) > 2*time.Second {
			t.Fatalf("the first Plan took %s (throttled at %v): it should fail at once on the OCI read", time.Since(start), throttled)
		}

		// A Plan whose context ends before the Retry-After does gives up
		// without calling Azure.
		mark := len(w.Calls())
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		_, err := c.Plan(ctx, s)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a Plan with 10 s to go: %v, want context.DeadlineExceeded", err)
		}
		for _, call := range w.Calls()[mark:] {
			if call.Cloud == sim.CloudAzure {
				t.Errorf("Azure call %s at +%s, within the Retry-After", call.Operation, call.Time.Sub(throttled))
			}
		}

		// Run again: the first Azure call waits out the minute; OCI's do not.
		mark = len(w.Calls())
		again := time.Now()
		if _, err := c.Plan(t.Context(), s); err != nil {
			t.Fatalf("the Plan run again: %v", err)
		}
		var firstAzure, firstOCI time.Time
		for _, call := range w.Calls()[mark:] {
			switch {
			case call.Cloud == sim.CloudAzure && firstAzure.IsZero():
				firstAzure = call.Time
			case call.Cloud == sim.CloudOCI && firstOCI.IsZero():
				firstOCI = call.Time
			}
		}
		t.Logf("Retry-After 60s at +%s; Plan run again at +%s: its first Azure call acted at +%s, its first OCI call at +%s",
			throttled.Sub(start), again.Sub(start), firstAzure.Sub(start), firstOCI.Sub(start))
		if firstAzure.Sub(throttled) < time.Minute {
			t.Errorf("the first Azure call of the Plan run again acted %s after the 429 with Retry-After 60s", firstAzure.Sub(throttled))
		}
		if d := firstOCI.Sub(again); d > sim.DefaultLatency().Read {
			t.Errorf("the first OCI call of the Plan run again acted %s after it started: the other cloud must not wait", d)
		}
	})
}

// isCode reports whether err holds an *oci.Error with code.
func isCode(err error, code string) bool {
	var e *oci.Error
	return errors.As(err, &e) && e.Code == code
}

// TestEveryCloudCallIsThrottled: every method of azure.Network, oci.Network,
// azure.Metrics and oci.Metrics on a Client goes through its service's
// throttle: with a Retry-After pending and the context ended, each returns
// the context's error without reaching the cloud (the mocks expect no
// call). A method an interface gains must be added to throttle_clouds.go.
func TestEveryCloudCallIsThrottled(t *testing.T) {
	ctrl := gomock.NewController(t)
	az, oc := mock_azure.NewMockNetwork(ctrl), mock_oci.NewMockNetwork(ctrl)
	am, om := mock_azure.NewMockMetrics(ctrl), mock_oci.NewMockMetrics(ctrl)
	c := New(az, oc, WithMetrics(am, om))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, tc := range []struct {
		name   string
		client any
		iface  reflect.Type
	}{
		{"azure.Network", c.az, reflect.TypeFor[azure.Network]()},
		{"oci.Network", c.oc, reflect.TypeFor[oci.Network]()},
		{"azure.Metrics", c.cfg.azureMetrics, reflect.TypeFor[azure.Metrics]()},
		{"oci.Metrics", c.cfg.ociMetrics, reflect.TypeFor[oci.Metrics]()},
	} {
		v := reflect.ValueOf(tc.client)
		var th *throttle
		switch x := tc.client.(type) {
		case throttledAzure:
			th = x.t
		case throttledOCI:
			th = x.t
		case throttledAzureMetrics:
			th = x.t
		case throttledOCIMetrics:
			th = x.t
		default:
			t.Fatalf("%s of the Client is a %T, not throttled", tc.name, tc.client)
		}
		th.note(&azure.Error{StatusCode: http.StatusTooManyRequests, RetryAfter: time.Hour})
		for i := range tc.iface.NumMethod() {
			m := tc.iface.Method(i)
			if m.Type.NumIn() == 0 || m.Type.In(0) != reflect.TypeFor[context.Context]() {
				continue // SubscriptionID, TenancyID: no call
			}
			args := []reflect.Value{reflect.ValueOf(ctx)}
			for j := 1; j < m.Type.NumIn(); j++ {
				args = append(args, reflect.Zero(m.Type.In(j)))
			}
			out := v.MethodByName(m.Name).Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s.%s with a Retry-After pending and an ended context: %v, want context.Canceled", tc.name, m.Name, err)
			}
		}
	}
}
