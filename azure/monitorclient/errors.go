package monitorclient

import (
	"context"
	"errors"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azoci/interconnect/azure/internal/armerror"
)

// fail turns an error of MetricsClient.List on resource into this
// package's error:
//   - when ctx has ended, ctx's error;
//   - an answer from Azure (*azcore.ResponseError, found with errors.As)
//     becomes *azure.Error with Op "ListMetrics", the resource, the HTTP
//     status, the error code and message, and Retry-After. Azure Monitor's
//     own refusals carry {"code","message"} at the top level (400
//     BadRequest "Failed to find metric configuration ...", 404 NotFound
//     "Resource: ... is not found"), ARM's front door {"error":{...}}
//     (429, 5xx): both are read (azure/internal/armerror);
//   - anything else (a transport error) is wrapped with the operation and
//     the resource.
//
// The SDK's own error text is never used: it dumps the HTTP exchange.
func fail(ctx context.Context, resource string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		return fmt.Errorf("azure: ListMetrics %s: %w", resource, err)
	}
	return armerror.FromResponse("ListMetrics", resource, re)
}
