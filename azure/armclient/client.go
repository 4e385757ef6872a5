package armclient

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/internal/armlog"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// DefaultPollFrequency is how often Client polls a long-running operation
// unless WithPollFrequency says otherwise (azcore's own default). A
// Retry-After from ARM overrides it for the poll it comes with.
const DefaultPollFrequency = 30 * time.Second

// Client implements azure.Network with armnetwork: one ClientFactory, one SDK
// client per resource kind, long-running operations run to completion
// through the SDK's pollers. Conversions live in convert.go and
// convert_*.go, error mapping in armerror.go; the methods, in client_vnet.go,
// client_gateway.go, client_circuit.go and peering.go, only sequence SDK
// calls.
//
// A Client is safe for concurrent use.
type Client struct {
	subscription string
	poll         runtime.PollUntilDoneOptions

	vnets        *armnetwork.VirtualNetworksClient
	subnets      *armnetwork.SubnetsClient
	vnetPeerings *armnetwork.VirtualNetworkPeeringsClient
	publicIPs    *armnetwork.PublicIPAddressesClient
	gateways     *armnetwork.VirtualNetworkGatewaysClient
	connections  *armnetwork.VirtualNetworkGatewayConnectionsClient
	circuits     *armnetwork.ExpressRouteCircuitsClient
	peerings     *armnetwork.ExpressRouteCircuitPeeringsClient
	providers    *armnetwork.ExpressRouteServiceProvidersClient
}

var _ azure.Network = (*Client)(nil)

// Option configures a Client made by NewClient.
type Option func(*clientConfig)

type clientConfig struct {
	pollFrequency time.Duration
	logger        *slog.Logger
}

// WithLogger logs every HTTP request the client sends (each try, page and
// poll of a long-running operation) to l at debug level: method, path,
// status, ARM's x-ms-request-id and x-ms-correlation-request-id, duration;
// never a header or a body. Without it the client logs nothing. (azcore's
// own logging, azcore/log, is process-wide and separate.)
func WithLogger(l *slog.Logger) Option { return func(c *clientConfig) { c.logger = l } }

// WithPollFrequency sets how often every long-running operation
// (PollUntilDone) is polled; DefaultPollFrequency (30s) when not given or not
// positive. Outside test binaries azcore refuses frequencies under one
// second.
func WithPollFrequency(d time.Duration) Option {
	return func(c *clientConfig) { c.pollFrequency = d }
}

// NewClient makes a Client for one subscription. opts carries what azcore
// needs to reach ARM (cloud endpoint and audience, transport, retry policy);
// nil means the public cloud with azcore's defaults, whose retry policy
// retries 408, 429 and 5xx honouring Retry-After.
func NewClient(subscriptionID string, cred azcore.TokenCredential, opts *arm.ClientOptions, more ...Option) (*Client, error) {
	if subscriptionID == "" {
		return nil, errors.New("azure: NewClient: empty subscription ID")
	}
	if cred == nil {
		return nil, errors.New("azure: NewClient: nil credential")
	}
	cfg := clientConfig{pollFrequency: DefaultPollFrequency}
	for _, o := range more {
		o(&cfg)
	}
	if cfg.pollFrequency <= 0 {
		cfg.pollFrequency = DefaultPollFrequency
	}
	f, err := armnetwork.NewClientFactory(subscriptionID, cred, armlog.Options(opts, cfg.logger))
	if err != nil {
		return nil, err
	}
	return &Client{
		subscription: subscriptionID,
		poll:         runtime.PollUntilDoneOptions{Frequency: cfg.pollFrequency},
		vnets:        f.NewVirtualNetworksClient(),
		subnets:      f.NewSubnetsClient(),
		vnetPeerings: f.NewVirtualNetworkPeeringsClient(),
		publicIPs:    f.NewPublicIPAddressesClient(),
		gateways:     f.NewVirtualNetworkGatewaysClient(),
		connections:  f.NewVirtualNetworkGatewayConnectionsClient(),
		circuits:     f.NewExpressRouteCircuitsClient(),
		peerings:     f.NewExpressRouteCircuitPeeringsClient(),
		providers:    f.NewExpressRouteServiceProvidersClient(),
	}, nil
}

// SubscriptionID returns the subscription every call is made in.
func (c *Client) SubscriptionID() string { return c.subscription }

// PollFrequency returns how often long-running operations are polled.
func (c *Client) PollFrequency() time.Duration { return c.poll.Frequency }

// ARM resource types, as they appear in IDs.
const (
	typeVirtualNetworks = "virtualNetworks"
	typePublicIPs       = "publicIPAddresses"
	typeGateways        = "virtualNetworkGateways"
	typeCircuits        = "expressRouteCircuits"
	typeConnections     = "connections"
)

// id is the ARM ID of a resource of the client's subscription, used to name
// it in errors.
func (c *Client) id(rg, typ, name string) string {
	return "/subscriptions/" + c.subscription + "/resourceGroups/" + rg + "/providers/Microsoft.Network/" + typ + "/" + name
}

func (c *Client) subnetID(rg, vnet, name string) string {
	return c.id(rg, typeVirtualNetworks, vnet) + "/subnets/" + name
}

func (c *Client) peeringID(rg, circuit string) string {
	return c.id(rg, typeCircuits, circuit) + "/peerings/" + azure.PrivatePeeringName
}

// wait runs a long-running operation the SDK has begun to its end.
func wait[T any](ctx context.Context, c *Client, p *runtime.Poller[T], err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := p.PollUntilDone(ctx, &c.poll)
	if err != nil {
		// ARM accepted the request: what failed is the operation, whether
		// its status came from Azure-AsyncOperation (200, status Failed) or
		// from a Location poll (an error status).
		err = operationError{err}
	}
	return v, err
}

// operationError marks an error of a long-running operation that ARM
// accepted; fail reports it as OperationFailed.
type operationError struct{ error }

func (e operationError) Unwrap() error { return e.error }

// current is the resource read before a Put: nil when it does not exist.
func current[T any](v T, err error) (*T, error) {
	switch {
	case err == nil:
		return &v, nil
	case isNotFound(err):
		return nil, nil
	}
	return nil, err
}
