// Package armerror reads the errors Azure answers through Azure Resource
// Manager, for the adapters that call it: azure/armclient (Microsoft.Network)
// and azure/monitorclient (Azure Monitor's metrics). It reads an error's code
// and message from either body shape, and how long Azure asked the caller to
// wait, and turns an *azcore.ResponseError into an *azure.Error. What only
// one adapter does (armclient's failed operations and redaction of secrets,
// each adapter's handling of an ended context and of transport errors) stays
// in that adapter.
package armerror

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/azoci/interconnect/azure"
)

// FromResponse is the *azure.Error of Azure's answer re to op on resource:
// the HTTP status, the error code (azcore's, which it takes from the
// x-ms-error-code header or the body, else the body's), the body's message,
// Retry-After and the request IDs (RequestIDs). Without a raw response only
// the status and azcore's code are known.
func FromResponse(op, resource string, re *azcore.ResponseError) *azure.Error {
	e := &azure.Error{Op: op, Resource: resource, StatusCode: re.StatusCode, Code: re.ErrorCode}
	if resp := re.RawResponse; resp != nil {
		code, msg := Body(resp)
		if e.Code == "" {
			e.Code = code
		}
		e.Message = msg
		e.RetryAfter = RetryAfter(resp.Header)
		e.RequestID, e.CorrelationID = RequestIDs(resp.Header)
	}
	return e
}

// The headers with which ARM identifies an answer, for support cases: the
// request's own ID, and the ID that correlates every request of one
// operation (ARM echoes the client's, or makes one up). Source: Microsoft,
// "Azure Resource Manager request and response headers" (learn.microsoft.com
// /rest/api/azure/#response-headers; azure-rest-api-specs
// documentation/Getting started with OpenAPI specifications: x-ms-request-id,
// x-ms-correlation-request-id).
const (
	HeaderRequestID     = "x-ms-request-id"
	HeaderCorrelationID = "x-ms-correlation-request-id"
)

// RequestIDs reads ARM's x-ms-request-id and x-ms-correlation-request-id
// from an answer's headers; "" for an absent one.
func RequestIDs(h http.Header) (requestID, correlationID string) {
	return h.Get(HeaderRequestID), h.Get(HeaderCorrelationID)
}

// Body reads an error's code and message from either shape Azure answers
// with: ARM's {"error":{"code","message"}}, which is also the shape of a
// failed long-running operation's status ({"status":"Failed",
// "error":{...}}), and Azure Monitor's own {"code","message"} at the top
// level (400 BadRequest "Failed to find metric configuration ...", 404
// NotFound "Resource: ... is not found"). The nested error wins when a body
// has both. An empty body, or one that is not such JSON, reads as "", "".
func Body(resp *http.Response) (code, message string) {
	body, err := runtime.Payload(resp)
	if err != nil || len(body) == 0 {
		return "", ""
	}
	type detail struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	var b struct {
		detail
		Error *detail `json:"error"`
	}
	if json.Unmarshal(body, &b) != nil {
		return "", ""
	}
	if b.Error != nil {
		return b.Error.Code, b.Error.Message
	}
	return b.Code, b.Message
}

// RetryAfter reads how long Azure asked the caller to wait: retry-after-ms,
// x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP date (the
// order azcore's retry policy uses). 0 when absent, unreadable or past.
func RetryAfter(h http.Header) time.Duration {
	for _, ms := range []string{"Retry-After-Ms", "X-Ms-Retry-After-Ms"} {
		if v, err := strconv.Atoi(strings.TrimSpace(h.Get(ms))); err == nil && v > 0 {
			return time.Duration(v) * time.Millisecond
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
