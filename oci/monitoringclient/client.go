package monitoringclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/monitoring"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// Client implements oci.Metrics with oci-go-sdk's
// monitoring.MonitoringClient, in the region of its configuration provider
// (or at WithEndpoint). It is a thin layer: it converts the query and the
// answer (convert.go) and maps errors to *oci.Error (sdk.go). It checks
// nothing of the query itself: OCI answers 400 for a bad one.
//
// A Client is safe for concurrent use.
type Client struct {
	mc monitoring.MonitoringClient
}

var _ oci.Metrics = (*Client)(nil)

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
// instead of the region's public Monitoring endpoint
// (telemetry.{region}.oraclecloud.com): for private endpoints, proxies and
// tests.
func WithEndpoint(endpoint string) Option { return func(o *options) { o.endpoint = endpoint } }

// WithHTTPClient makes the SDK send requests with hc (for instance one that
// trusts a test server's certificate) instead of its own HTTP client.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithRetryPolicy replaces ociclient.DefaultRetryPolicy for every request of
// the client. Build policies with ociclient.NewRetryPolicy or
// common.NewRetryPolicy (see ociclient.NewRetryPolicy about
// common.NewRetryPolicyWithOptions).
func WithRetryPolicy(p common.RetryPolicy) Option { return func(o *options) { o.retry = &p } }

// NewClient returns a Client that authenticates with cp (see
// ociclient.ConfigProvider and ociclient.InstancePrincipalProvider) and
// talks to the Monitoring service of cp's region, or to WithEndpoint's.
// NewClient sends no request.
func NewClient(cp common.ConfigurationProvider, opts ...Option) (*Client, error) {
	if cp == nil {
		return nil, errors.New("oci: monitoring NewClient: nil configuration provider")
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	mc, err := monitoring.NewMonitoringClientWithConfigurationProvider(cp)
	if err != nil {
		return nil, fmt.Errorf("oci: monitoring NewClient: %w", err)
	}
	if err := ocisdk.Configure(&mc.BaseClient, o.endpoint, o.httpClient, o.retry); err != nil {
		return nil, fmt.Errorf("oci: monitoring NewClient: %w", err)
	}
	ocisdk.Log(&mc.BaseClient, o.logger)
	return &Client{mc: mc}, nil
}

// Endpoint returns the URL the client sends requests to.
func (c *Client) Endpoint() string {
	return ocisdk.Endpoint(c.mc.BaseClient)
}

// SummarizeMetrics runs q with one SummarizeMetricsData request (retried
// under the client's policy) and returns one series per metric stream OCI
// answers, in OCI's order.
func (c *Client) SummarizeMetrics(ctx context.Context, q oci.MetricQuery) ([]oci.MetricSeries, error) {
	r, err := ocisdk.Call(ctx, c.mc.SummarizeMetricsData, summarizeRequest(q))
	if err != nil {
		return nil, fail("SummarizeMetrics", q.CompartmentID, r.RawResponse, err)
	}
	out, err := seriesFromSDK(r.Items)
	if err != nil {
		return nil, fmt.Errorf("oci: SummarizeMetrics %s: %w", q.CompartmentID, err)
	}
	return out, nil
}
