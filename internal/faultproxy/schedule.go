package faultproxy

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// This file: the kinds of fault, the schedule that picks them, and what the
// proxy counts.

// Kind is a kind of fault.
type Kind int

// The kinds of fault.
const (
	// Throttle answers 429 TooManyRequests with Retry-After, without
	// passing the request on.
	Throttle Kind = iota + 1
	// Unavailable answers 503 ServiceUnavailable with Retry-After, without
	// passing the request on.
	Unavailable
	// ServerError answers 500, 502 or 504 (in turn), without passing the
	// request on.
	ServerError
	// Reset resets the TCP connection before the request is passed on.
	Reset
	// Close passes the request on, then closes the connection before any
	// byte of the answer: the client reads EOF.
	Close
	// CutBody passes the request on, then sends the answer's status, its
	// headers (with the whole body's Content-Length) and half its body, and
	// closes the connection: the client reads an unexpected EOF. An answer
	// with no body is closed instead, as Close.
	CutBody
	// Slow passes the request on after Config.SlowDelay.
	Slow
	// FailedPoll answers an operation poll (Config.IsPoll) 500 without
	// passing it on. It is drawn only for polls.
	FailedPoll
)

// Kinds lists every kind.
var Kinds = []Kind{Throttle, Unavailable, ServerError, Reset, Close, CutBody, Slow, FailedPoll}

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Throttle:
		return "429+Retry-After"
	case Unavailable:
		return "503+Retry-After"
	case ServerError:
		return "500/502/504"
	case Reset:
		return "reset"
	case Close:
		return "closed"
	case CutBody:
		return "cut-body"
	case Slow:
		return "slow"
	case FailedPoll:
		return "failed-poll"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Rule scripts faults: the next Count requests whose method is Method and
// whose path contains Path get Kind. Rules are matched before the random
// schedule, in order.
type Rule struct {
	Method string // "" matches every method
	Path   string // a substring of the URL path; "" matches every path
	Kind   Kind
	Count  int
}

// Config says what a Proxy injects.
type Config struct {
	// Seed seeds the schedule: the same seed draws the same faults in the
	// same order (which request meets which depends on the order requests
	// arrive in).
	Seed uint64
	// Rate is the share of requests that get a random fault (0: none).
	Rate float64
	// Kinds are the kinds the schedule draws from (nil: Kinds).
	Kinds []Kind
	// RetryAfter is what Throttle and Unavailable ask, sent in whole
	// seconds rounded up (default 1s).
	RetryAfter time.Duration
	// SlowDelay is how late Slow answers (default 200ms).
	SlowDelay time.Duration
	// IsPoll tells operation polls (nil: none, and FailedPoll is never
	// drawn).
	IsPoll func(*http.Request) bool
	// ErrorBody is the body of the errors the proxy answers itself, in the
	// server's error shape (ARMError, OCIError; nil: OCIError).
	ErrorBody func(code, message string) []byte
	// Rules are scripted faults, matched before the schedule.
	Rules []Rule
}

// ARMError is ARM's error body.
func ARMError(code, message string) []byte {
	return fmt.Appendf(nil, `{"error":{"code":%q,"message":%q}}`, code, message)
}

// OCIError is OCI's error body.
func OCIError(code, message string) []byte {
	return fmt.Appendf(nil, `{"code":%q,"message":%q}`, code, message)
}

// asked is a Retry-After the proxy answered, until what follows it is seen.
type asked struct {
	sent      time.Time // when the answer left
	until     time.Time // no request before this
	key       string    // the method and path of the throttled request
	hostSeen  bool      // a later request to the host came
	retrySeen bool      // a later request for the same key came
}

// Stats counts what a Proxy did.
type Stats struct {
	Requests int          // requests received
	Faults   map[Kind]int // faults injected, by kind
	// RetryAfters counts the answers that asked for a Retry-After.
	RetryAfters int
	// HostFollowed counts those the client sent another request (any) to
	// the proxy after, and HostHonoured those whose next request came no
	// sooner than asked.
	HostFollowed, HostHonoured int
	// RetryFollowed counts those the same request (method and path) came
	// again after, and RetryHonoured those where it came no sooner than
	// asked.
	RetryFollowed, RetryHonoured int
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Requests += o.Requests
	if s.Faults == nil {
		s.Faults = map[Kind]int{}
	}
	for k, n := range o.Faults {
		s.Faults[k] += n
	}
	s.RetryAfters += o.RetryAfters
	s.HostFollowed += o.HostFollowed
	s.HostHonoured += o.HostHonoured
	s.RetryFollowed += o.RetryFollowed
	s.RetryHonoured += o.RetryHonoured
}

// FaultCount is the number of faults injected.
func (s Stats) FaultCount() int {
	n := 0
	for _, c := range s.Faults {
		n += c
	}
	return n
}

// String lists the faults by kind.
func (s Stats) String() string {
	var parts []string
	for _, k := range Kinds {
		if n := s.Faults[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	return fmt.Sprintf("%d requests, %d faults (%s)", s.Requests, s.FaultCount(), strings.Join(parts, ", "))
}

// arrive counts a request, settles the Retry-After answers it follows, and
// picks its fault (0 for none).
func (p *Proxy) arrive(r *http.Request, at time.Time) Kind {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Requests++
	key := r.Method + " " + r.URL.Path
	kept := p.throttle[:0]
	for _, a := range p.throttle {
		if at.After(a.sent) {
			if !a.hostSeen {
				a.hostSeen = true
				p.stats.HostFollowed++
				if !at.Before(a.until) {
					p.stats.HostHonoured++
				}
			}
			if !a.retrySeen && a.key == key {
				a.retrySeen = true
				p.stats.RetryFollowed++
				if !at.Before(a.until) {
					p.stats.RetryHonoured++
				}
			}
		}
		if !a.hostSeen || !a.retrySeen {
			kept = append(kept, a)
		}
	}
	p.throttle = kept
	poll := p.cfg.IsPoll != nil && p.cfg.IsPoll(r)
	for i := range p.rules {
		ru := &p.rules[i]
		if ru.Count > 0 && (ru.Method == "" || ru.Method == r.Method) && strings.Contains(r.URL.Path, ru.Path) &&
			(ru.Kind != FailedPoll || poll) {
			ru.Count--
			p.stats.Faults[ru.Kind]++
			return ru.Kind
		}
	}
	if p.cfg.Rate <= 0 || p.rng.Float64() >= p.cfg.Rate {
		return 0
	}
	k := p.cfg.Kinds[p.rng.IntN(len(p.cfg.Kinds))]
	if k == FailedPoll && !poll {
		return 0
	}
	p.stats.Faults[k]++
	return k
}
