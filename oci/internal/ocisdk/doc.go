// Package ocisdk is the oci-go-sdk glue that oci/ociclient and
// oci/monitoringclient share: running one SDK operation under the caller's
// context (Call, Dispatcher), the retry policy both clients install
// (DefaultRetryPolicy, NewRetryPolicy) and reading an answer's Retry-After
// (RetryAfter).
//
// It imports the SDK's common package and no service package (core,
// monitoring), so that each client compiles only the service it calls.
package ocisdk
