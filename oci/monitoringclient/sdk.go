package monitoringclient

import (
	"fmt"
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: mapping the errors of an SDK operation. The operations run
// under ocisdk.Call (oci/internal/ocisdk), as oci/ociclient's do.

// fail maps an SDK error to the library's: *oci.Error for an answer of OCI
// (404 matches oci.ErrNotFound; 429 and 503 carry Retry-After; every one
// its opc-request-id), *oci.NoAnswerError for a request OCI did not answer
// in full (ocisdk.NoAnswer), else the SDK's error wrapped (context errors
// stay visible to errors.Is), naming the opc-request-id of the answer when
// there was one. Nothing
// this package sends is secret, so nothing is scrubbed.
func fail(op, resource string, raw *http.Response, err error) error {
	if se, ok := common.IsServiceError(err); ok {
		e := &oci.Error{Op: op, Resource: resource, StatusCode: se.GetHTTPStatusCode(), Code: se.GetCode(),
			Message: se.GetMessage(), OpcRequestID: ocisdk.RequestID(se, raw)}
		if e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusServiceUnavailable {
			e.RetryAfter = ocisdk.RetryAfter(raw)
		}
		return e
	}
	if e := ocisdk.NoAnswer(op, resource, err); e != nil {
		return e
	}
	return fmt.Errorf("oci: %s %s%s: %w", op, resource, ocisdk.RequestIDNote(raw), err)
}
