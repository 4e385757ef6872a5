package ociface

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
)

// InProcessURL is the base URL of a face made with New. No request to it
// leaves the process: the face's HTTPClient serves it.
const InProcessURL = "https://ociface.invalid"

// inProcess is an HTTP transport that serves requests with a handler, in
// the caller's goroutine, with no socket: a client on it runs inside a
// testing/synctest bubble, where a real server cannot (a goroutine waiting
// on a socket never lets the bubble's clock move).
type inProcess struct{ h http.Handler }

// RoundTrip serves req with the handler as a server would receive it (over
// TLS, with its Host and RequestURI set) and returns the recorded answer. A
// request whose context has ended fails with the context's error.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	in := req.Clone(req.Context())
	in.RequestURI, in.Host, in.TLS = req.URL.RequestURI(), req.URL.Host, &tls.ConnectionState{}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
