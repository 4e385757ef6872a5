package ocisdk

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// This file: the set-up both OCI clients give the SDK client they wrap.

// Configure points an SDK client at endpoint ("https://host[:port]"; "" keeps
// the region's public endpoint), sends its requests with hc (nil keeps the
// SDK's HTTP client) through a Dispatcher, retries them under policy (nil
// means DefaultRetryPolicy) and turns the SDK's circuit breaker off. It
// refuses an endpoint that is not an http(s)://host[:port] URL; the error
// says only that, for the caller to name itself.
func Configure(c *common.BaseClient, endpoint string, hc *http.Client, policy *common.RetryPolicy) error {
	if endpoint != "" {
		u, err := url.Parse(endpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return fmt.Errorf("endpoint %q is not an http(s)://host[:port] URL", endpoint)
		}
		c.Host = u.Scheme + "://" + u.Host
	}
	if hc != nil {
		c.HTTPClient = hc
	}
	c.HTTPClient = Dispatcher{Next: c.HTTPClient}
	p := DefaultRetryPolicy()
	if policy != nil {
		p = *policy
	}
	c.Configuration.RetryPolicy = &p
	// oci-go-sdk gives every service client a circuit breaker
	// (core/core_virtualnetwork_client.go and monitoring/monitoring_client.go,
	// "default circuit breaker is enabled"; common/circuit_breaker.go,
	// DefaultCircuitBreakerSetting). It counts 429, 500, 502, 503, 504 and
	// 409 IncorrectState or LockConflict as failures, and once 10 or more
	// requests within 120 s have failed at 80% or more, it refuses every
	// request for 30 s with an error that is no answer of OCI. Apply meets
	// exactly such streaks (IncorrectState while a DRG or a virtual circuit
	// provisions, throttling) and waits them out under its own retries, so
	// the breaker would only abort it. Off, whatever the environment
	// (OCI_SDK_DEFAULT_CIRCUITBREAKER_ENABLED) or common.GlobalCircuitBreakerSetting
	// say.
	c.Configuration.CircuitBreaker = nil
	return nil
}

// Endpoint returns the URL a client sends requests to.
func Endpoint(c common.BaseClient) string {
	// c is a copy: resolving the endpoint template edits Host.
	common.UpdateEndpointTemplateForOptions(&c)
	return c.Endpoint()
}
