// Package inprocess serves HTTP requests with a handler in the caller's
// goroutine, with no socket and no server: the simulator's faces use it so
// that the real SDK clients run inside a testing/synctest bubble, where a
// real server cannot (a goroutine waiting on a socket never lets the
// bubble's clock move).
package inprocess

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
)

// Transport hands each request to Handler as a server would receive it
// (over TLS, with its Host and RequestURI set) and returns the recorded
// answer. It is an http.RoundTripper and an azcore policy.Transporter.
type Transport struct{ Handler http.Handler }

// RoundTrip serves req. A request whose context has ended fails with the
// context's error, as a real transport's would.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	in := req.Clone(req.Context())
	in.RequestURI, in.Host, in.TLS = req.URL.RequestURI(), req.URL.Host, &tls.ConnectionState{}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// Do is RoundTrip, under the name azcore's transports have.
func (t Transport) Do(req *http.Request) (*http.Response, error) { return t.RoundTrip(req) }
