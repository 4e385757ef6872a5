package faultproxy

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// upstream is a server that counts the requests it served and answers a
// JSON body.
func upstream(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var served atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"ocid1.drg.oc1..one","lifecycleState":"PROVISIONING"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

// TestKinds: each scripted kind reaches the client as it would from a real
// network, and the upstream server sees the request only where the kind
// says it acts first.
func TestKinds(t *testing.T) {
	tests := []struct {
		kind      Kind
		method    string
		check     func(t *testing.T, resp *http.Response, err error)
		forwarded bool
	}{
		{Throttle, http.MethodGet, func(t *testing.T, resp *http.Response, err error) {
			if err != nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("got %v %v, want 429 with Retry-After 1", resp, err)
			}
		}, false},
		{Unavailable, http.MethodGet, func(t *testing.T, resp *http.Response, err error) {
			if err != nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("got %v %v, want 503 with Retry-After 1", resp, err)
			}
		}, false},
		{ServerError, http.MethodGet, func(t *testing.T, resp *http.Response, err error) {
			if err != nil || resp.StatusCode < 500 {
				t.Errorf("got %v %v, want a 5xx", resp, err)
			}
		}, false},
		{Reset, http.MethodPost, func(t *testing.T, resp *http.Response, err error) {
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("got %v %v, want a connection reset", resp, err)
			}
		}, false},
		{Close, http.MethodPost, func(t *testing.T, resp *http.Response, err error) {
			if !errors.Is(err, io.EOF) {
				t.Errorf("got %v %v, want EOF", resp, err)
			}
		}, true},
		{CutBody, http.MethodPost, func(t *testing.T, resp *http.Response, err error) {
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("got %v %v, want 200 and a cut body", resp, err)
			}
			b, err := io.ReadAll(resp.Body)
			if !errors.Is(err, io.ErrUnexpectedEOF) || len(b) == 0 || strings.HasSuffix(string(b), "}") {
				t.Errorf("body %q, %v: want half of it and an unexpected EOF", b, err)
			}
		}, true},
		{Slow, http.MethodGet, func(t *testing.T, resp *http.Response, err error) {
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("got %v %v, want 200", resp, err)
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			up, served := upstream(t)
			p, err := Start(up.URL, up.Client().Transport, Config{Rules: []Rule{{Path: "/drgs", Kind: tt.kind, Count: 1}}, SlowDelay: 10 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, p.URL()+"/20160918/drgs", strings.NewReader("{}"))
			resp, err := p.Client().Do(req)
			tt.check(t, resp, err)
			if resp != nil {
				resp.Body.Close()
			}
			if got := served.Load() == 1; got != tt.forwarded {
				t.Errorf("the upstream served %d requests; passed on: %v, want %v", served.Load(), got, tt.forwarded)
			}
			if s := p.Stats(); s.Faults[tt.kind] != 1 || s.FaultCount() != 1 || s.Requests != 1 {
				t.Errorf("stats %+v", s)
			}
			// The rule is used up: the next request passes.
			resp, err = p.Client().Get(p.URL() + "/20160918/drgs")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("the request after: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}
		})
	}
}

// TestRetryAfterHonoured: a request that follows a Retry-After answer too
// soon counts as not honoured, one that waits as honoured; by host (any
// request) and by retry (the same method and path).
func TestRetryAfterHonoured(t *testing.T) {
	up, _ := upstream(t)
	p, err := Start(up.URL, up.Client().Transport, Config{Rules: []Rule{{Path: "/drgs", Kind: Throttle, Count: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	get := func(path string) {
		t.Helper()
		resp, err := p.Client().Get(p.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	get("/drgs") // 429
	get("/vcns") // at once: another request to the host, too soon
	get("/drgs") // at once: the retry, too soon (and throttled again)
	time.Sleep(time.Second)
	get("/drgs") // the retry of the second 429, after its Retry-After
	s := p.Stats()
	if s.RetryAfters != 2 || s.HostFollowed != 2 || s.HostHonoured != 1 || s.RetryFollowed != 2 || s.RetryHonoured != 1 {
		t.Errorf("stats %+v: want 2 Retry-After answers, each followed; 1 of 2 honoured by host and by retry", s)
	}
}

// TestSchedule: the seeded schedule injects about Rate of the requests,
// the same faults for the same seed, and FailedPoll only on polls.
func TestSchedule(t *testing.T) {
	up, _ := upstream(t)
	run := func(seed uint64) Stats {
		p, err := Start(up.URL, up.Client().Transport, Config{Seed: seed, Rate: 0.5, Kinds: []Kind{ServerError, FailedPoll},
			IsPoll: func(r *http.Request) bool { return strings.Contains(r.URL.Path, "/operations/") }})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		for range 40 {
			resp, err := p.Client().Get(p.URL() + "/drgs")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		return p.Stats()
	}
	a, b := run(7), run(7)
	if a.String() != b.String() {
		t.Errorf("the same seed drew %s and %s", a, b)
	}
	if a.Faults[FailedPoll] != 0 || a.Faults[ServerError] < 5 || a.Faults[ServerError] > 20 {
		t.Errorf("40 requests at rate 0.5 (half of the draws FailedPoll, which needs a poll): %s", a)
	}
}
