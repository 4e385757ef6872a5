package ociclient

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// Client implements oci.Network with oci-go-sdk's core.VirtualNetworkClient, in
// the region of its configuration provider (or at WithEndpoint). It is a thin
// layer: it converts values (convert.go), follows pages, runs the route
// table read-modify-write and maps errors to *Error. It waits for nothing:
// callers poll Get, as oci.Network says. Requests that OCI throttles (429) or
// fails (5xx), or does not answer in full (a connection closed or reset, a
// body cut short), are retried by the SDK under the policy NewClient
// installs (DefaultRetryPolicy); every Create carries the caller's retry
// token, so a retried or repeated Create never makes a second resource. A
// request still unanswered then comes back as an *oci.NoAnswerError, which
// callers may retry. The SDK's circuit breaker is off: it would refuse every
// request for 30 s after a streak of 409 IncorrectState or 429, which Apply
// waits out.
//
// Secrets (the service key, MD5 keys) leave the process only in request
// bodies: they are never in an error, and VirtualCircuit redacts them when
// printed. The SDK's own debug logging (OCI_GO_SDK_DEBUG=verbose) dumps
// request bodies, keys included: keep it off where logs are kept.
//
// A Client is safe for concurrent use.
type Client struct {
	vn      core.VirtualNetworkClient
	tenancy string
}

var _ oci.Network = (*Client)(nil)

// Option configures a Client made by NewClient.
type Option func(*options)

type options struct {
	endpoint   string
	httpClient *http.Client
	retry      *common.RetryPolicy
	logger     *slog.Logger
}

// WithLogger logs every HTTP request the client sends (each try and page)
// to l at debug level: method, path, status, OCI's opc-request-id,
// duration; never a header or a body. Without it the client logs nothing.
// (The SDK's own logging, OCI_GO_SDK_DEBUG, is separate and dumps bodies.)
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithEndpoint sends requests to endpoint ("https://host[:port]", no path)
// instead of the region's public Networking endpoint: for private endpoints,
// proxies and tests.
func WithEndpoint(endpoint string) Option { return func(o *options) { o.endpoint = endpoint } }

// WithHTTPClient makes the SDK send requests with hc (for instance one that
// trusts a test server's certificate) instead of its own HTTP client.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithRetryPolicy replaces DefaultRetryPolicy for every request of the
// client. Build policies with NewRetryPolicy or common.NewRetryPolicy (see
// NewRetryPolicy about common.NewRetryPolicyWithOptions).
func WithRetryPolicy(p common.RetryPolicy) Option { return func(o *options) { o.retry = &p } }

// NewClient returns a Client that authenticates with cp (see ConfigProvider
// and InstancePrincipalProvider) and talks to the Networking service of cp's
// region, or to WithEndpoint's. cp must name a tenancy (TenancyOCID): the
// client's TenancyID. NewClient sends no request.
func NewClient(cp common.ConfigurationProvider, opts ...Option) (*Client, error) {
	if cp == nil {
		return nil, errors.New("oci: NewClient: nil configuration provider")
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	tenancy, err := cp.TenancyOCID()
	if err != nil {
		return nil, fmt.Errorf("oci: NewClient: the configuration names no tenancy (the tenancy key of the OCI config profile): %w", err)
	}
	if tenancy == "" {
		return nil, errors.New("oci: NewClient: the configuration names no tenancy (the tenancy key of the OCI config profile is empty)")
	}
	vn, err := core.NewVirtualNetworkClientWithConfigurationProvider(cp)
	if err != nil {
		return nil, fmt.Errorf("oci: NewClient: %w", err)
	}
	if err := ocisdk.Configure(&vn.BaseClient, o.endpoint, o.httpClient, o.retry); err != nil {
		return nil, fmt.Errorf("oci: NewClient: %w", err)
	}
	ocisdk.Log(&vn.BaseClient, o.logger)
	return &Client{vn: vn, tenancy: tenancy}, nil
}

// TenancyID returns the OCID of the tenancy of the client's configuration
// provider: the root compartment, where FastConnect provider services are
// listed.
func (c *Client) TenancyID() string { return c.tenancy }

// Endpoint returns the URL the client sends requests to.
func (c *Client) Endpoint() string {
	return ocisdk.Endpoint(c.vn.BaseClient)
}
