// Package ocisdk is the oci-go-sdk glue that oci/ociclient and
// oci/monitoringclient share: running one SDK operation under the caller's
// context (Call, Dispatcher), the retry policy both clients install
// (DefaultRetryPolicy, NewRetryPolicy), the set-up of an SDK client
// (Configure, which also turns the SDK's circuit breaker off), reading an
// answer's Retry-After (RetryAfter), and telling a request OCI did not
// answer in full (NoAnswer).
//
// It imports the SDK's common package and no service package (core,
// monitoring), so that each client compiles only the service it calls.
package ocisdk
