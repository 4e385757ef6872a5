package inprocess

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
)

// TestTransport: the handler sees the request as a server would (TLS, Host,
// RequestURI, a body), the answer comes back tied to the request, and a
// request whose context has ended is not served.
func TestTransport(t *testing.T) {
	served := 0
	tr := Transport{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		if r.TLS == nil || r.Host != "face.invalid" || r.RequestURI != "/a/b?c=d" || r.Body == nil {
			t.Errorf("the handler saw TLS %v, Host %q, RequestURI %q, body %v", r.TLS != nil, r.Host, r.RequestURI, r.Body != nil)
		}
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "ok")
	})}
	req, _ := http.NewRequest(http.MethodGet, "https://face.invalid/a/b?c=d", nil)
	resp, err := tr.Do(req)
	if err != nil || resp.StatusCode != http.StatusTeapot || resp.Request != req {
		t.Fatalf("Do = %v, %v", resp, err)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "ok" {
		t.Errorf("body %q", b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.RoundTrip(req.WithContext(ctx)); !errors.Is(err, context.Canceled) || served != 1 {
		t.Errorf("an ended context: %v, served %d times", err, served)
	}
}
