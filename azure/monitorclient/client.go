package monitorclient

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/internal/armlog"
)

// Client implements azure.Metrics with armmonitor's MetricsClient. It is
// safe for concurrent use. It works in every subscription the credential
// may read: the resource ID of each query says where.
type Client struct {
	metrics *armmonitor.MetricsClient
}

var _ azure.Metrics = (*Client)(nil)

// Option configures a Client made by NewClient.
type Option func(*options)

type options struct{ logger *slog.Logger }

// WithLogger logs every HTTP request the client sends to l at debug level:
// method, path, status, ARM's x-ms-request-id and
// x-ms-correlation-request-id, duration; never a header or a body. Without
// it the client logs nothing.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// NewClient makes a Client. opts carries what azcore needs to reach Azure
// Resource Manager (cloud endpoint and audience, transport, retry policy);
// nil means the public cloud with azcore's defaults, whose retry policy
// retries 408, 429 and 5xx honouring Retry-After (up to its MaxRetryDelay;
// a longer Retry-After comes back as the 429).
func NewClient(cred azcore.TokenCredential, opts *arm.ClientOptions, more ...Option) (*Client, error) {
	if cred == nil {
		return nil, errors.New("azure: monitorclient.NewClient: nil credential")
	}
	var o options
	for _, f := range more {
		f(&o)
	}
	// MetricsClient.List does not use the subscription: the resource ID
	// carries it.
	m, err := armmonitor.NewMetricsClient("", cred, armlog.Options(opts, o.logger))
	if err != nil {
		return nil, err
	}
	return &Client{metrics: m}, nil
}

// ListMetrics reads the metrics q names, as azure.Metrics says, with one
// request (see query.go for its parameters). A metric that Azure Monitor
// answers with an error of its own inside a 200 (errorCode other than
// Success) fails the call with an *azure.Error of that code and status 200.
func (c *Client) ListMetrics(ctx context.Context, q azure.MetricQuery) ([]azure.MetricSeries, error) {
	if strings.Trim(q.ResourceID, "/") == "" {
		return nil, errors.New("azure: ListMetrics: the query names no resource (MetricQuery.ResourceID)")
	}
	resp, err := c.metrics.List(ctx, strings.TrimPrefix(q.ResourceID, "/"), listOptions(q))
	if err != nil {
		return nil, fail(ctx, q.ResourceID, err)
	}
	return toSeries(q, resp.Response)
}
