package interconnect

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// exchange is one HTTP request a client sent and what came back.
type exchange struct {
	at     time.Time
	method string
	path   string
	status int // 0: no answer
	reqID  string
	err    error
}

// recordingTransport keeps every exchange of a client, in order.
type recordingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

// RoundTrip sends r with next and records it.
func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	x := exchange{at: time.Now(), method: r.Method, path: r.URL.Path, err: err}
	if resp != nil {
		x.status, x.reqID = resp.StatusCode, resp.Header.Get("opc-request-id")
	}
	t.mu.Lock()
	t.log = append(t.log, x)
	t.mu.Unlock()
	return resp, err
}

// exchanges returns the exchanges so far.
func (t *recordingTransport) exchanges() []exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]exchange(nil), t.log...)
}

// TestIncorrectStateStreakDoesNotAbortApply runs Apply with OCI reached
// through ociclient (oci-go-sdk) over the simulator's OCI face, in process so
// that the simulated clock is exact, while OCI answers 20 requests 409
// IncorrectState, as while a DRG provisions, and then 10 more 429
// TooManyRequests: the streak oci-go-sdk's default circuit breaker counts as
// failures (common/circuit_breaker.go). With the breaker on, it opens after
// 15 of them and refuses every request for 30 s with an error that is no
// answer of OCI, and Apply stops there; with it off (ocisdk.Configure), Apply
// waits the streak out, off its critical path, and the interconnect comes
// up. The transcript of the OCI requests goes to the test log.
func TestIncorrectStateStreakDoesNotAbortApply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		w := seedWorld(sim.WithTenancy(ociface.TestTenancy))
		face := ociface.New(w)
		rec := &recordingTransport{next: face.HTTPClient().Transport}
		oc, err := ociclient.NewClient(face.ConfigProvider(), ociclient.WithEndpoint(face.URL()),
			ociclient.WithHTTPClient(&http.Client{Transport: rec}))
		if err != nil {
			t.Fatal(err)
		}
		c := New(w.Azure(), oc, WithPollInterval(simPoll))
		s := simSpec(t, "")
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		mark := len(rec.exchanges())
		// 20 answers of 409 IncorrectState over the OCI calls of Apply from
		// the DRG's first poll on, 5 each, so that every call stays within
		// the engine's retry budget (8 retries); then 429s, which the SDK
		// retries itself (5 attempts) before the engine does.
		for _, f := range []sim.Fault{
			{Operation: "GetDRG", Kind: sim.Conflict, Count: 5},
			{Operation: "FindVirtualCircuits", Kind: sim.Conflict, Count: 5},
			{Operation: "ListDRGAttachments", Kind: sim.Conflict, Count: 5},
			{Operation: "CreateVirtualCircuit", Kind: sim.Conflict, Count: 5},
			{Operation: "CreateDRGAttachment", Kind: sim.Throttle, Count: 5, RetryAfter: time.Second},
			{Operation: "GetVirtualCircuit", Kind: sim.Throttle, Count: 5, RetryAfter: time.Second},
		} {
			f.Cloud = sim.CloudOCI
			w.InjectFault(f)
		}
		start := time.Now()
		_, err = c.Apply(ctx, p)
		took := time.Since(start)

		// The transcript: every OCI request of Apply up to the last injected
		// answer and a few after, with what the face answered (its log has
		// the OCI error code).
		codes := map[string]string{}
		for _, r := range face.Requests() {
			codes[r.OpcRequestID] = r.Code
		}
		var b strings.Builder
		faults, last := 0, 0
		xs := rec.exchanges()[mark:]
		for i, x := range xs {
			if x.status == http.StatusConflict || x.status == http.StatusTooManyRequests {
				faults, last = faults+1, i
			}
		}
		for i, x := range xs[:min(len(xs), last+6)] {
			answer := fmt.Sprintf("%d %s", x.status, codes[x.reqID])
			if x.err != nil {
				answer = "not sent: " + x.err.Error()
			}
			fmt.Fprintf(&b, "\n  %3d  +%-9s %-6s %-45s %s", i+1, x.at.Sub(start), x.method, strings.TrimPrefix(x.path, ociface.APIVersion), answer)
		}
		t.Logf("OCI requests of Apply (the first %d of %d) and their answers:%s", min(len(xs), last+6), len(xs), b.String())
		t.Logf("Apply took %s of simulated time (err %v); %d of the OCI requests were answered 409 IncorrectState or 429", took, err, faults)

		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if faults != 30 {
			t.Errorf("%d requests were answered 409 or 429, want the 30 injected", faults)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
	})
}
