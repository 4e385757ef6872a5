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
// SDK's HTTP client) through a Dispatcher, and retries them under policy
// (nil means DefaultRetryPolicy). It refuses an endpoint that is not an
// http(s)://host[:port] URL; the error says only that, for the caller to
// name itself.
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
	return nil
}

// Endpoint returns the URL a client sends requests to.
func Endpoint(c common.BaseClient) string {
	// c is a copy: resolving the endpoint template edits Host.
	common.UpdateEndpointTemplateForOptions(&c)
	return c.Endpoint()
}
