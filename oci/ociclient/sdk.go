package ociclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
	"github.com/azoci/interconnect/secret"
)

// This file: the retry token an SDK operation carries, and the mapping of
// its errors to the library's, without the secrets they might echo. The
// operations run under ocisdk.Call (oci/internal/ocisdk).

// token returns the SDK's retry token for a caller's token; nil lets the SDK
// make one up for this call alone.
func token(t string) *string { return optString(t) }

// fail maps an SDK error to the library's: *Error for an answer of OCI (404
// matches ErrNotFound) with its opc-request-id, *oci.NoAnswerError for a
// request OCI did not answer in full (ocisdk.NoAnswer), else the SDK's error
// wrapped (context errors stay visible to errors.Is), naming the
// opc-request-id of the answer when there was one. secrets are plaintexts that must not appear in the
// error: they are replaced by secret.Redacted wherever OCI's message or the
// SDK's text would echo them.
func fail(op, resource string, raw *http.Response, err error, secrets ...string) error {
	if se, ok := common.IsServiceError(err); ok {
		e := &oci.Error{Op: op, Resource: resource, StatusCode: se.GetHTTPStatusCode(), Code: se.GetCode(),
			Message: scrub(se.GetMessage(), secrets), OpcRequestID: ocisdk.RequestID(se, raw)}
		if e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusServiceUnavailable {
			e.RetryAfter = ocisdk.RetryAfter(raw)
		}
		return e
	}
	if e := ocisdk.NoAnswer(op, resource, err); e != nil {
		if hasSecret(err, secrets) {
			e.Err = &scrubbedError{msg: scrub(err.Error(), secrets)}
		}
		return e
	}
	if hasSecret(err, secrets) {
		e := &scrubbedError{msg: fmt.Sprintf("oci: %s %s: %s", op, resource, scrub(err.Error(), secrets))}
		for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
			if errors.Is(err, c) {
				e.cause = c
			}
		}
		return e
	}
	return fmt.Errorf("oci: %s %s%s: %w", op, resource, ocisdk.RequestIDNote(raw), err)
}

// hasSecret reports whether err's text holds one of secrets.
func hasSecret(err error, secrets []string) bool {
	return slices.ContainsFunc(secrets, func(s string) bool { return s != "" && strings.Contains(err.Error(), s) })
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, secret.Redacted)
		}
	}
	return s
}

// scrubbedError stands for an SDK error whose text held a secret: it prints
// without it, and does not unwrap to the original (which would show it),
// only to the context error that caused it, if any.
type scrubbedError struct {
	msg   string
	cause error
}

// Error returns the scrubbed text.
func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns context.Canceled or context.DeadlineExceeded when the SDK's
// error was one, else nil.
func (e *scrubbedError) Unwrap() error { return e.cause }
