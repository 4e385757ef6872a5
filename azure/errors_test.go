package azure

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestError(t *testing.T) {
	tests := []struct {
		err       *Error
		text      string
		notFound  bool
		retryable bool
	}{
		{&Error{Op: "GetCircuit", Resource: "/c", StatusCode: 404, Code: "ResourceNotFound", Message: "gone"}, "azure: GetCircuit /c: 404 ResourceNotFound: gone", true, false},
		{&Error{Op: "PutGateway", Resource: "/g", StatusCode: 429, RetryAfter: 7 * time.Second}, "azure: PutGateway /g: 429", false, true},
		{&Error{Op: "PutCircuit", Resource: "/c", StatusCode: 409, Code: "AnotherOperationInProgress"}, "azure: PutCircuit /c: 409 AnotherOperationInProgress", false, true},
		{&Error{Op: "PutCircuit", Resource: "/c", StatusCode: 409, Code: "RetryableErrorDueToAnotherOperation"}, "azure: PutCircuit /c: 409 RetryableErrorDueToAnotherOperation", false, true},
		{&Error{Op: "DeleteCircuit", Resource: "/c", StatusCode: 409, Code: "Conflict"}, "azure: DeleteCircuit /c: 409 Conflict", false, false},
		{&Error{Op: "GetVirtualNetwork", Resource: "/v", StatusCode: 503}, "azure: GetVirtualNetwork /v: 503", false, true},
		{&Error{Op: "GetVirtualNetwork", Resource: "/v", StatusCode: 501}, "azure: GetVirtualNetwork /v: 501", false, false},
		{&Error{Op: "PutSubnet", Resource: "/s", StatusCode: 400, Code: "NetcfgInvalidSubnet"}, "azure: PutSubnet /s: 400 NetcfgInvalidSubnet", false, false},
		{&Error{Op: "PutVirtualNetworkPeering", Resource: "/p", StatusCode: 400, Code: "ReferencedResourceNotProvisioned"}, "azure: PutVirtualNetworkPeering /p: 400 ReferencedResourceNotProvisioned", false, true},
		// A failed long-running operation: only transient codes are retried.
		{&Error{Op: "PutGateway", Resource: "/g", StatusCode: 500, Code: "InternalServerError", OperationFailed: true}, "azure: PutGateway /g: the operation failed with InternalServerError", false, true},
		{&Error{Op: "PutGateway", Resource: "/g", StatusCode: 500, Code: "NetworkingInternalOperationError", OperationFailed: true}, "azure: PutGateway /g: the operation failed with NetworkingInternalOperationError", false, true},
		{&Error{Op: "PutGateway", Resource: "/g", StatusCode: 500, Code: "QuotaExceeded", OperationFailed: true}, "azure: PutGateway /g: the operation failed with QuotaExceeded", false, false},
		{&Error{Op: "PutCircuit", Resource: "/c", StatusCode: 500, OperationFailed: true}, "azure: PutCircuit /c: the operation failed", false, false},
		// The request IDs Microsoft support asks for.
		{&Error{Op: "GetCircuit", Resource: "/c", StatusCode: 404, Code: "ResourceNotFound", Message: "gone", RequestID: "r-1", CorrelationID: "c-1"},
			"azure: GetCircuit /c: 404 ResourceNotFound: gone (x-ms-request-id r-1, x-ms-correlation-request-id c-1)", true, false},
		{&Error{Op: "PutGateway", Resource: "/g", StatusCode: 500, Code: "InternalServerError", OperationFailed: true, RequestID: "r-2"},
			"azure: PutGateway /g: the operation failed with InternalServerError (x-ms-request-id r-2)", false, true},
	}
	for _, tt := range tests {
		wrapped := fmt.Errorf("reading: %w", tt.err)
		if tt.err.Error() != tt.text {
			t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.text)
		}
		if errors.Is(wrapped, ErrNotFound) != tt.notFound {
			t.Errorf("%s: errors.Is(ErrNotFound) = %v", tt.text, !tt.notFound)
		}
		if tt.err.Retryable() != tt.retryable {
			t.Errorf("%s: Retryable() = %v", tt.text, !tt.retryable)
		}
		if tt.err.RetryDelay() != tt.err.RetryAfter {
			t.Errorf("%s: RetryDelay() = %s", tt.text, tt.err.RetryDelay())
		}
	}
}

func TestCircuitSKUName(t *testing.T) {
	if got := (CircuitSKU{Tier: "Premium", Family: "UnlimitedData"}).Name(); got != "Premium_UnlimitedData" {
		t.Fatalf("Name() = %q", got)
	}
}
