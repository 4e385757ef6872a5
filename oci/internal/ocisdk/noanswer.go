package ocisdk

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
)

// This file: telling a request OCI did not answer in full from OCI's
// answers, so that both clients return it as an *oci.NoAnswerError.

// NoAnswer returns the *oci.NoAnswerError that err, an error of an SDK
// operation, stands for, or nil when err is something else (an answer of
// OCI, the caller's context, a request the SDK could not build). err stands
// for one when the connection closed before the answer (io.EOF), the
// answer's body was cut short (io.ErrUnexpectedEOF), the SDK reports a
// network error (common.IsNetworkError: a reset, a timeout, a broken
// transport connection), or a circuit breaker refused to send the request;
// the last waits out the breaker's open window (RetryAfter).
func NoAnswer(op, resource string, err error) *oci.NoAnswerError {
	if unanswered(err) {
		return &oci.NoAnswerError{Op: op, Resource: resource, Err: err}
	}
	if window, ok := breakerOpen(err); ok {
		return &oci.NoAnswerError{Op: op, Resource: resource, Err: err, RetryAfter: window}
	}
	return nil
}

// unanswered reports whether err is a transport failure: the request may or
// may not have reached OCI, and no whole answer came back.
//
// common.IsNetworkError (common/errors.go) knows resets, timeouts and "HTTP/1.x
// transport connection broken" only. net/http reports a connection closed
// before the answer's status line as io.EOF (wrapped in a *url.Error), and a
// body shorter than its Content-Length as io.ErrUnexpectedEOF, which the SDK
// returns as it is from reading the body (common/http.go,
// readAndPreserveResponseBody).
func unanswered(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || common.IsNetworkError(err)
}

// breakerText is what follows the breaker's own error in the error the SDK
// returns for a request its circuit breaker refused (common/errors.go,
// getCircuitBreakerError, which formats the breaker's error with %s, so
// errors.Is cannot see it).
const breakerText = ", so this request was not sent to the "

// breakerWindow finds the open window in that error's text: "requests
// within a 30.00 second window of when the circuit breaker opened will not
// be sent".
var breakerWindow = regexp.MustCompile(`within a ([0-9]+(?:\.[0-9]+)?) second window`)

// breakerOpen reports whether err is an SDK circuit breaker's refusal to
// send a request (open, or half-open with its one trial request under way:
// common.IsCircuitBreakerError), and how long its open window lasts
// (common.CircuitBreakerDefaultResetTimeout when the text does not say).
func breakerOpen(err error) (time.Duration, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		text := e.Error()
		if common.IsCircuitBreakerError(e) {
			return common.CircuitBreakerDefaultResetTimeout, true
		}
		cause, _, ok := strings.Cut(text, breakerText)
		if !ok || !common.IsCircuitBreakerError(errors.New(cause)) {
			continue
		}
		if m := breakerWindow.FindStringSubmatch(text); m != nil {
			if s, err := strconv.ParseFloat(m[1], 64); err == nil && s > 0 {
				return time.Duration(s * float64(time.Second)), true
			}
		}
		return common.CircuitBreakerDefaultResetTimeout, true
	}
	return 0, false
}
