package armclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azoci/interconnect/azure/internal/armerror"
	"github.com/azoci/interconnect/secret"
)

// fail turns an error from the SDK into this package's error (nil stays
// nil):
//   - when ctx has ended, ctx's error, as azure.Network promises;
//   - an answer from ARM (*azcore.ResponseError, found with errors.As) becomes
//     *Error with the operation, the resource, the HTTP status, ARM's error
//     code and message and Retry-After (azure/internal/armerror reads them,
//     from ARM's {"error":{...}} or a top-level {"code","message"}). A
//     long-running operation that ARM accepted and that then ended Failed or
//     Canceled is reported with OperationFailed, ARM's code and message, and
//     the status of the poll that said so (500 when that poll answered 200
//     with status Failed). azure.Error.Retryable then retries only transient
//     codes;
//   - anything else (a transport error) is wrapped with the operation and
//     the resource.
//
// The SDK's own error text is never used: it dumps the HTTP exchange. Every
// plaintext in secrets is replaced by secret.Redacted wherever it appears,
// so that a service that echoes a request cannot leak a key into an error.
func fail(ctx context.Context, op, resource string, err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		e := armerror.FromResponse(op, resource, re)
		if e.StatusCode < 300 {
			e.StatusCode = http.StatusInternalServerError
		}
		var op operationError
		e.OperationFailed = errors.As(err, &op)
		e.Code, e.Message = redact(e.Code, secrets), redact(e.Message, secrets)
		return e
	}
	msg := err.Error()
	if clean := redact(msg, secrets); clean != msg {
		return fmt.Errorf("azure: %s %s: %s", op, resource, clean)
	}
	return fmt.Errorf("azure: %s %s: %w", op, resource, err)
}

// redact replaces each non-empty secret in s.
func redact(s string, secrets []string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, secret.Redacted)
		}
	}
	return s
}

// isNotFound reports whether err is ARM's 404 for the resource itself (not
// for its resource group, which a PUT would not fix either).
func isNotFound(err error) bool {
	var re *azcore.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusNotFound && re.ErrorCode != "ResourceGroupNotFound"
}
