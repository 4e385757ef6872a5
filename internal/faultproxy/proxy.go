// Package faultproxy is a test helper: an HTTPS reverse proxy that stands in
// front of a server (the simulator's faces, sim/armface and sim/ociface) and
// answers some requests with the faults a busy cloud or a flaky network
// produces, by a seeded schedule and by scripted rules. Tests only.
//
// What it injects (Kind): 429 and 503 with Retry-After, 500/502/504, TCP
// resets, connections closed before the answer, answers whose body is cut in
// half, slow answers, and operation polls that fail. Closed connections and
// cut bodies come after the server has acted on the request, so a client
// that sends the request again must not do the work twice.
//
// It keeps the Host a client sent, so that signatures over it (OCI) and URLs
// the server builds from it (ARM's operation URLs) stay the proxy's. It
// speaks HTTP/1.1 only, so that it can hijack connections.
package faultproxy

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// This file: the proxy, and how it answers each kind of fault. What it
// injects, and what it counts, are in schedule.go.

// Proxy is a running fault-injecting proxy. It is safe for concurrent use.
type Proxy struct {
	upstream  *url.URL
	transport http.RoundTripper
	cfg       Config
	ts        *httptest.Server

	mu       sync.Mutex
	rng      *rand.Rand
	rules    []Rule
	stats    Stats
	serverNo int
	throttle []*asked // Retry-After answers not yet followed by a request
}

// Start starts a proxy in front of upstream ("https://host:port"), which it
// reaches with transport (one that trusts upstream's certificate). Close it
// when done.
func Start(upstream string, transport http.RoundTripper, cfg Config) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("faultproxy: upstream %q is not a URL", upstream)
	}
	if cfg.Kinds == nil {
		cfg.Kinds = Kinds
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = time.Second
	}
	if cfg.SlowDelay <= 0 {
		cfg.SlowDelay = 200 * time.Millisecond
	}
	if cfg.ErrorBody == nil {
		cfg.ErrorBody = OCIError
	}
	p := &Proxy{upstream: u, transport: transport, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed)),
		rules: append([]Rule(nil), cfg.Rules...), stats: Stats{Faults: map[Kind]int{}}}
	p.ts = httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	// Resets and cut answers make net/http log; that is the point here.
	p.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	p.ts.StartTLS()
	return p, nil
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return p.ts.URL }

// Client returns an HTTP client that trusts the proxy's certificate.
func (p *Proxy) Client() *http.Client { return p.ts.Client() }

// Close shuts the proxy down.
func (p *Proxy) Close() { p.ts.Close() }

// Stats returns what the proxy did so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.Faults = map[Kind]int{}
	for k, n := range p.stats.Faults {
		s.Faults[k] = n
	}
	return s
}

// retryAfter answers status with Retry-After and remembers what it asked.
func (p *Proxy) retryAfter(rw http.ResponseWriter, r *http.Request, status int, code string) {
	secs := int(math.Ceil(p.cfg.RetryAfter.Seconds()))
	now := time.Now()
	p.mu.Lock()
	p.stats.RetryAfters++
	p.throttle = append(p.throttle, &asked{sent: now, until: now.Add(time.Duration(secs) * time.Second), key: r.Method + " " + r.URL.Path})
	p.mu.Unlock()
	rw.Header().Set("Retry-After", strconv.Itoa(secs))
	p.answer(rw, status, code, "Injected by faultproxy.")
}

// answer writes an error of the proxy's own.
func (p *Proxy) answer(rw http.ResponseWriter, status int, code, message string) {
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(status)
	_, _ = rw.Write(p.cfg.ErrorBody(code, message))
}

func (p *Proxy) serve(rw http.ResponseWriter, r *http.Request) {
	switch p.arrive(r, time.Now()) {
	case Throttle:
		p.retryAfter(rw, r, http.StatusTooManyRequests, "TooManyRequests")
	case Unavailable:
		p.retryAfter(rw, r, http.StatusServiceUnavailable, "ServiceUnavailable")
	case ServerError:
		p.mu.Lock()
		p.serverNo++
		n := p.serverNo
		p.mu.Unlock()
		switch n % 3 {
		case 0:
			p.answer(rw, http.StatusInternalServerError, "InternalServerError", "Injected by faultproxy.")
		case 1:
			p.answer(rw, http.StatusBadGateway, "BadGateway", "Injected by faultproxy.")
		default:
			p.answer(rw, http.StatusGatewayTimeout, "GatewayTimeout", "Injected by faultproxy.")
		}
	case FailedPoll:
		p.answer(rw, http.StatusInternalServerError, "InternalServerError", "Injected by faultproxy: the operation poll failed.")
	case Reset:
		reset(rw)
	case Close:
		if _, _, err := p.forward(r); err != nil {
			p.answer(rw, http.StatusBadGateway, "BadGateway", err.Error())
			return
		}
		hangUp(rw, nil)
	case CutBody:
		resp, body, err := p.forward(r)
		if err != nil {
			p.answer(rw, http.StatusBadGateway, "BadGateway", err.Error())
			return
		}
		if len(body) == 0 {
			hangUp(rw, nil)
			return
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "HTTP/1.1 %s\r\n", resp.Status)
		resp.Header.Del("Transfer-Encoding")
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		resp.Header.Set("Connection", "close")
		_ = resp.Header.Write(&b)
		b.WriteString("\r\n")
		b.Write(body[:len(body)/2])
		hangUp(rw, b.Bytes())
	case Slow:
		select {
		case <-r.Context().Done():
			return
		case <-time.After(p.cfg.SlowDelay):
		}
		p.pass(rw, r)
	default:
		p.pass(rw, r)
	}
}

// pass forwards r and copies the answer back.
func (p *Proxy) pass(rw http.ResponseWriter, r *http.Request) {
	resp, body, err := p.forward(r)
	if err != nil {
		p.answer(rw, http.StatusBadGateway, "BadGateway", err.Error())
		return
	}
	for k, vs := range resp.Header {
		rw.Header()[k] = vs
	}
	rw.Header().Del("Content-Length")
	rw.WriteHeader(resp.StatusCode)
	_, _ = rw.Write(body)
}

// forward sends r to the upstream server, with the client's Host, and reads
// the whole answer.
func (p *Proxy) forward(r *http.Request) (*http.Response, []byte, error) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = p.upstream.Scheme, p.upstream.Host
	out.Host = r.Host
	out.Header.Del("Connection")
	resp, err := p.transport.RoundTrip(out)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	return resp, body, nil
}

// hangUp writes raw (if any) to the connection and closes it.
func hangUp(rw http.ResponseWriter, raw []byte) {
	conn, buf, err := http.NewResponseController(rw).Hijack()
	if err != nil {
		panic("faultproxy: cannot hijack the connection: " + err.Error())
	}
	if len(raw) > 0 {
		_, _ = buf.Write(raw)
		_ = buf.Flush()
	}
	_ = conn.Close()
}

// reset resets the connection (RST, not FIN): SO_LINGER 0, then close.
func reset(rw http.ResponseWriter) {
	conn, _, err := http.NewResponseController(rw).Hijack()
	if err != nil {
		panic("faultproxy: cannot hijack the connection: " + err.Error())
	}
	c := conn
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tcp, ok := c.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = c.Close()
}
