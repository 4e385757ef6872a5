package armclient

import (
	"context"
	"errors"
	"time"

	"github.com/azoci/interconnect/azure"

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
// through the SDK's pollers. Conversions live in convert.go, error mapping in
// armerror.go; the methods here only sequence SDK calls.
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
}

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
	f, err := armnetwork.NewClientFactory(subscriptionID, cred, opts)
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

// ---------------------------------------------------------------------------
// Virtual networks and subnets

// GetVirtualNetwork reads a virtual network with its subnets and its
// peerings, which ARM lists inline (properties.virtualNetworkPeerings).
func (c *Client) GetVirtualNetwork(ctx context.Context, rg, name string) (azure.VirtualNetwork, error) {
	r, err := c.vnets.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.VirtualNetwork{}, fail(ctx, "GetVirtualNetwork", c.id(rg, typeVirtualNetworks, name), err)
	}
	return vnetFromARM(&r.VirtualNetwork), nil
}

// GetSubnet reads one subnet of a virtual network.
func (c *Client) GetSubnet(ctx context.Context, rg, vnet, name string) (azure.Subnet, error) {
	r, err := c.subnets.Get(ctx, rg, vnet, name, nil)
	if err != nil {
		return azure.Subnet{}, fail(ctx, "GetSubnet", c.subnetID(rg, vnet, name), err)
	}
	return subnetFromARM(&r.Subnet), nil
}

// PutSubnet creates or updates a subnet: it reads the subnet, sets its
// address prefix and writes it back, keeping everything else.
func (c *Client) PutSubnet(ctx context.Context, rg, vnet string, s azure.Subnet) (azure.Subnet, error) {
	op, id := "PutSubnet", c.subnetID(rg, vnet, s.Name)
	cur, err := current(c.subnets.Get(ctx, rg, vnet, s.Name, nil))
	if err != nil {
		return azure.Subnet{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.Subnet
	if cur != nil {
		before = &cur.Subnet
	}
	p, err := c.subnets.BeginCreateOrUpdate(ctx, rg, vnet, s.Name, subnetToARM(before, s), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Subnet{}, fail(ctx, op, id, err)
	}
	return subnetFromARM(&r.Subnet), nil
}

// DeleteSubnet deletes a subnet.
func (c *Client) DeleteSubnet(ctx context.Context, rg, vnet, name string) error {
	p, err := c.subnets.BeginDelete(ctx, rg, vnet, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteSubnet", c.subnetID(rg, vnet, name), err)
}

// ---------------------------------------------------------------------------
// Public IP addresses

// GetPublicIP reads a public IP address.
func (c *Client) GetPublicIP(ctx context.Context, rg, name string) (azure.PublicIP, error) {
	r, err := c.publicIPs.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.PublicIP{}, fail(ctx, "GetPublicIP", c.id(rg, typePublicIPs, name), err)
	}
	return publicIPFromARM(&r.PublicIPAddress), nil
}

// PutPublicIP creates or updates a public IP address (SKU "" means
// Standard).
func (c *Client) PutPublicIP(ctx context.Context, rg string, ip azure.PublicIP) (azure.PublicIP, error) {
	op, id := "PutPublicIP", c.id(rg, typePublicIPs, ip.Name)
	cur, err := current(c.publicIPs.Get(ctx, rg, ip.Name, nil))
	if err != nil {
		return azure.PublicIP{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.PublicIPAddress
	if cur != nil {
		before = &cur.PublicIPAddress
	}
	p, err := c.publicIPs.BeginCreateOrUpdate(ctx, rg, ip.Name, publicIPToARM(before, ip), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.PublicIP{}, fail(ctx, op, id, err)
	}
	return publicIPFromARM(&r.PublicIPAddress), nil
}

// DeletePublicIP deletes a public IP address.
func (c *Client) DeletePublicIP(ctx context.Context, rg, name string) error {
	p, err := c.publicIPs.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeletePublicIP", c.id(rg, typePublicIPs, name), err)
}

// ---------------------------------------------------------------------------
// Virtual network gateways

// GetGateway reads a virtual network gateway.
func (c *Client) GetGateway(ctx context.Context, rg, name string) (azure.Gateway, error) {
	r, err := c.gateways.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Gateway{}, fail(ctx, "GetGateway", c.id(rg, typeGateways, name), err)
	}
	return gatewayFromARM(&r.VirtualNetworkGateway), nil
}

// PutGateway creates or updates a virtual network gateway. An update (a SKU
// change) keeps the gateway's IP configuration and its other settings.
func (c *Client) PutGateway(ctx context.Context, rg string, gw azure.Gateway) (azure.Gateway, error) {
	op, id := "PutGateway", c.id(rg, typeGateways, gw.Name)
	cur, err := current(c.gateways.Get(ctx, rg, gw.Name, nil))
	if err != nil {
		return azure.Gateway{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.VirtualNetworkGateway
	if cur != nil {
		before = &cur.VirtualNetworkGateway
	}
	p, err := c.gateways.BeginCreateOrUpdate(ctx, rg, gw.Name, gatewayToARM(before, gw), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Gateway{}, fail(ctx, op, id, err)
	}
	return gatewayFromARM(&r.VirtualNetworkGateway), nil
}

// DeleteGateway deletes a virtual network gateway.
func (c *Client) DeleteGateway(ctx context.Context, rg, name string) error {
	p, err := c.gateways.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteGateway", c.id(rg, typeGateways, name), err)
}

// ---------------------------------------------------------------------------
// ExpressRoute circuits

// GetCircuit reads an ExpressRoute circuit, including its service key.
func (c *Client) GetCircuit(ctx context.Context, rg, name string) (azure.Circuit, error) {
	r, err := c.circuits.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Circuit{}, fail(ctx, "GetCircuit", c.id(rg, typeCircuits, name), err)
	}
	return circuitFromARM(&r.ExpressRouteCircuit), nil
}

// PutCircuit creates or updates an ExpressRoute circuit. An update keeps the
// circuit's peerings and authorizations.
func (c *Client) PutCircuit(ctx context.Context, rg string, in azure.Circuit) (azure.Circuit, error) {
	op, id := "PutCircuit", c.id(rg, typeCircuits, in.Name)
	keys := []string{in.ServiceKey.Reveal()}
	cur, err := current(c.circuits.Get(ctx, rg, in.Name, nil))
	if err != nil {
		return azure.Circuit{}, fail(ctx, op, id, err, keys...)
	}
	var before *armnetwork.ExpressRouteCircuit
	if cur != nil {
		before = &cur.ExpressRouteCircuit
		keys = append(keys, circuitSecrets(before)...)
	}
	p, err := c.circuits.BeginCreateOrUpdate(ctx, rg, in.Name, circuitToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Circuit{}, fail(ctx, op, id, err, keys...)
	}
	return circuitFromARM(&r.ExpressRouteCircuit), nil
}

// circuitSecrets lists the keys a circuit body carries: its service key and
// its peerings' shared keys.
func circuitSecrets(c *armnetwork.ExpressRouteCircuit) []string {
	if c.Properties == nil {
		return nil
	}
	out := []string{deref(c.Properties.ServiceKey)}
	for _, p := range c.Properties.Peerings {
		if p != nil && p.Properties != nil {
			out = append(out, deref(p.Properties.SharedKey))
		}
	}
	return out
}

// DeleteCircuit deletes an ExpressRoute circuit.
func (c *Client) DeleteCircuit(ctx context.Context, rg, name string) error {
	p, err := c.circuits.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteCircuit", c.id(rg, typeCircuits, name), err)
}

// ---------------------------------------------------------------------------
// Private peering

// GetPrivatePeering reads the circuit's AzurePrivatePeering.
func (c *Client) GetPrivatePeering(ctx context.Context, rg, circuit string) (azure.PrivatePeering, error) {
	r, err := c.peerings.Get(ctx, rg, circuit, azure.PrivatePeeringName, nil)
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, "GetPrivatePeering", c.peeringID(rg, circuit), err)
	}
	return peeringFromARM(&r.ExpressRouteCircuitPeering), nil
}

// PutPrivatePeering creates or updates the circuit's AzurePrivatePeering.
func (c *Client) PutPrivatePeering(ctx context.Context, rg, circuit string, in azure.PrivatePeering) (azure.PrivatePeering, error) {
	op, id := "PutPrivatePeering", c.peeringID(rg, circuit)
	keys := []string{in.SharedKey.Reveal()}
	cur, err := current(c.peerings.Get(ctx, rg, circuit, azure.PrivatePeeringName, nil))
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, op, id, err, keys...)
	}
	var before *armnetwork.ExpressRouteCircuitPeering
	if cur != nil {
		before = &cur.ExpressRouteCircuitPeering
		if before.Properties != nil {
			keys = append(keys, deref(before.Properties.SharedKey))
		}
	}
	p, err := c.peerings.BeginCreateOrUpdate(ctx, rg, circuit, azure.PrivatePeeringName, peeringToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.PrivatePeering{}, fail(ctx, op, id, err, keys...)
	}
	return peeringFromARM(&r.ExpressRouteCircuitPeering), nil
}

// DeletePrivatePeering deletes the circuit's AzurePrivatePeering. A missing
// peering is not an error (ARM answers 204).
func (c *Client) DeletePrivatePeering(ctx context.Context, rg, circuit string) error {
	p, err := c.peerings.BeginDelete(ctx, rg, circuit, azure.PrivatePeeringName, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeletePrivatePeering", c.peeringID(rg, circuit), err)
}

// ---------------------------------------------------------------------------
// Connections

// GetConnection reads a virtual network gateway connection.
func (c *Client) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	r, err := c.connections.Get(ctx, rg, name, nil)
	if err != nil {
		return azure.Connection{}, fail(ctx, "GetConnection", c.id(rg, typeConnections, name), err)
	}
	return connectionFromARM(&r.VirtualNetworkGatewayConnection), nil
}

// PutConnection creates or updates an ExpressRoute connection. An update
// keeps the connection's other settings.
func (c *Client) PutConnection(ctx context.Context, rg string, in azure.Connection) (azure.Connection, error) {
	op, id := "PutConnection", c.id(rg, typeConnections, in.Name)
	cur, err := current(c.connections.Get(ctx, rg, in.Name, nil))
	if err != nil {
		return azure.Connection{}, fail(ctx, op, id, err)
	}
	var before *armnetwork.VirtualNetworkGatewayConnection
	if cur != nil {
		before = &cur.VirtualNetworkGatewayConnection
	}
	p, err := c.connections.BeginCreateOrUpdate(ctx, rg, in.Name, connectionToARM(before, in), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return azure.Connection{}, fail(ctx, op, id, err)
	}
	return connectionFromARM(&r.VirtualNetworkGatewayConnection), nil
}

// DeleteConnection deletes a virtual network gateway connection.
func (c *Client) DeleteConnection(ctx context.Context, rg, name string) error {
	p, err := c.connections.BeginDelete(ctx, rg, name, nil)
	_, err = wait(ctx, c, p, err)
	return fail(ctx, "DeleteConnection", c.id(rg, typeConnections, name), err)
}

// ---------------------------------------------------------------------------
// ARP and route tables, service providers

// ListARPTable lists the ARP table of the circuit's private peering on one
// path (a POST that ARM runs as a long-running operation).
func (c *Client) ListARPTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.ARPEntry, error) {
	p, err := c.circuits.BeginListArpTable(ctx, rg, circuit, azure.PrivatePeeringName, string(path), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListARPTable", c.peeringID(rg, circuit), err)
	}
	return arpFromARM(r.Value), nil
}

// ListRouteTable lists the routes the circuit's private peering learned on
// one path (a POST that ARM runs as a long-running operation).
func (c *Client) ListRouteTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.Route, error) {
	p, err := c.circuits.BeginListRoutesTable(ctx, rg, circuit, azure.PrivatePeeringName, string(path), nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListRouteTable", c.peeringID(rg, circuit), err)
	}
	return routesFromARM(r.Value), nil
}

// ListLearnedRoutes lists the routes a virtual network gateway knows (a POST
// that ARM runs as a long-running operation).
func (c *Client) ListLearnedRoutes(ctx context.Context, rg, gateway string) ([]azure.GatewayRoute, error) {
	p, err := c.gateways.BeginGetLearnedRoutes(ctx, rg, gateway, nil)
	r, err := wait(ctx, c, p, err)
	if err != nil {
		return nil, fail(ctx, "ListLearnedRoutes", c.id(rg, typeGateways, gateway), err)
	}
	return gatewayRoutesFromARM(r.Value), nil
}

// ListServiceProviders lists the ExpressRoute service providers, following
// every result page.
func (c *Client) ListServiceProviders(ctx context.Context) ([]azure.ServiceProvider, error) {
	var out []azure.ServiceProvider
	pager := c.providers.NewListPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fail(ctx, "ListServiceProviders",
				"/subscriptions/"+c.subscription+"/providers/Microsoft.Network/expressRouteServiceProviders", err)
		}
		for _, p := range page.Value {
			if p != nil {
				out = append(out, serviceProviderFromARM(p))
			}
		}
	}
	return out, nil
}
