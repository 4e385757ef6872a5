package interconnect

import (
	"context"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// This file: the two clouds' networks, each call gated by its service's
// throttle (throttle.go). A method the interfaces gain later reaches the
// cloud through the embedded client, ungated, until it is added here.

// throttledAzure is an azure.Network whose calls wait out the Retry-After
// Microsoft.Network last asked for, and keep the one they are given.
type throttledAzure struct {
	azure.Network
	t *throttle
}

// throttledOCI is an oci.Network whose calls wait out the Retry-After OCI
// Networking last asked for, and keep the one they are given.
type throttledOCI struct {
	oci.Network
	t *throttle
}

// The methods below call the embedded client through the throttle.

func (a throttledAzure) GetVirtualNetwork(ctx context.Context, resourceGroup, name string) (azure.VirtualNetwork, error) {
	return through(ctx, a.t, func() (azure.VirtualNetwork, error) { return a.Network.GetVirtualNetwork(ctx, resourceGroup, name) })
}

func (a throttledAzure) GetSubnet(ctx context.Context, resourceGroup, vnet, name string) (azure.Subnet, error) {
	return through(ctx, a.t, func() (azure.Subnet, error) { return a.Network.GetSubnet(ctx, resourceGroup, vnet, name) })
}

func (a throttledAzure) PutSubnet(ctx context.Context, resourceGroup, vnet string, s azure.Subnet) (azure.Subnet, error) {
	return through(ctx, a.t, func() (azure.Subnet, error) { return a.Network.PutSubnet(ctx, resourceGroup, vnet, s) })
}

func (a throttledAzure) DeleteSubnet(ctx context.Context, resourceGroup, vnet, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeleteSubnet(ctx, resourceGroup, vnet, name) })
}

func (a throttledAzure) PutVirtualNetworkPeering(ctx context.Context, resourceGroup, vnet string, p azure.VirtualNetworkPeering) (azure.VirtualNetworkPeering, error) {
	return through(ctx, a.t, func() (azure.VirtualNetworkPeering, error) {
		return a.Network.PutVirtualNetworkPeering(ctx, resourceGroup, vnet, p)
	})
}

func (a throttledAzure) DeleteVirtualNetworkPeering(ctx context.Context, resourceGroup, vnet, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeleteVirtualNetworkPeering(ctx, resourceGroup, vnet, name) })
}

func (a throttledAzure) GetPublicIP(ctx context.Context, resourceGroup, name string) (azure.PublicIP, error) {
	return through(ctx, a.t, func() (azure.PublicIP, error) { return a.Network.GetPublicIP(ctx, resourceGroup, name) })
}

func (a throttledAzure) PutPublicIP(ctx context.Context, resourceGroup string, ip azure.PublicIP) (azure.PublicIP, error) {
	return through(ctx, a.t, func() (azure.PublicIP, error) { return a.Network.PutPublicIP(ctx, resourceGroup, ip) })
}

func (a throttledAzure) DeletePublicIP(ctx context.Context, resourceGroup, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeletePublicIP(ctx, resourceGroup, name) })
}

func (a throttledAzure) GetGateway(ctx context.Context, resourceGroup, name string) (azure.Gateway, error) {
	return through(ctx, a.t, func() (azure.Gateway, error) { return a.Network.GetGateway(ctx, resourceGroup, name) })
}

func (a throttledAzure) PutGateway(ctx context.Context, resourceGroup string, gw azure.Gateway) (azure.Gateway, error) {
	return through(ctx, a.t, func() (azure.Gateway, error) { return a.Network.PutGateway(ctx, resourceGroup, gw) })
}

func (a throttledAzure) DeleteGateway(ctx context.Context, resourceGroup, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeleteGateway(ctx, resourceGroup, name) })
}

func (a throttledAzure) GetCircuit(ctx context.Context, resourceGroup, name string) (azure.Circuit, error) {
	return through(ctx, a.t, func() (azure.Circuit, error) { return a.Network.GetCircuit(ctx, resourceGroup, name) })
}

func (a throttledAzure) PutCircuit(ctx context.Context, resourceGroup string, c azure.Circuit) (azure.Circuit, error) {
	return through(ctx, a.t, func() (azure.Circuit, error) { return a.Network.PutCircuit(ctx, resourceGroup, c) })
}

func (a throttledAzure) DeleteCircuit(ctx context.Context, resourceGroup, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeleteCircuit(ctx, resourceGroup, name) })
}

func (a throttledAzure) GetPrivatePeering(ctx context.Context, resourceGroup, circuit string) (azure.PrivatePeering, error) {
	return through(ctx, a.t, func() (azure.PrivatePeering, error) { return a.Network.GetPrivatePeering(ctx, resourceGroup, circuit) })
}

func (a throttledAzure) PutPrivatePeering(ctx context.Context, resourceGroup, circuit string, p azure.PrivatePeering) (azure.PrivatePeering, error) {
	return through(ctx, a.t, func() (azure.PrivatePeering, error) {
		return a.Network.PutPrivatePeering(ctx, resourceGroup, circuit, p)
	})
}

func (a throttledAzure) DeletePrivatePeering(ctx context.Context, resourceGroup, circuit string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeletePrivatePeering(ctx, resourceGroup, circuit) })
}

func (a throttledAzure) GetConnection(ctx context.Context, resourceGroup, name string) (azure.Connection, error) {
	return through(ctx, a.t, func() (azure.Connection, error) { return a.Network.GetConnection(ctx, resourceGroup, name) })
}

func (a throttledAzure) PutConnection(ctx context.Context, resourceGroup string, c azure.Connection) (azure.Connection, error) {
	return through(ctx, a.t, func() (azure.Connection, error) { return a.Network.PutConnection(ctx, resourceGroup, c) })
}

func (a throttledAzure) DeleteConnection(ctx context.Context, resourceGroup, name string) error {
	return throughErr(ctx, a.t, func() error { return a.Network.DeleteConnection(ctx, resourceGroup, name) })
}

func (a throttledAzure) ListARPTable(ctx context.Context, resourceGroup, circuit string, path azure.DevicePath) ([]azure.ARPEntry, error) {
	return through(ctx, a.t, func() ([]azure.ARPEntry, error) { return a.Network.ListARPTable(ctx, resourceGroup, circuit, path) })
}

func (a throttledAzure) ListRouteTable(ctx context.Context, resourceGroup, circuit string, path azure.DevicePath) ([]azure.Route, error) {
	return through(ctx, a.t, func() ([]azure.Route, error) { return a.Network.ListRouteTable(ctx, resourceGroup, circuit, path) })
}

func (a throttledAzure) ListGatewayConnections(ctx context.Context, resourceGroup, gateway string) ([]azure.Connection, error) {
	return through(ctx, a.t, func() ([]azure.Connection, error) {
		return a.Network.ListGatewayConnections(ctx, resourceGroup, gateway)
	})
}

func (a throttledAzure) ListLearnedRoutes(ctx context.Context, resourceGroup, gateway string) ([]azure.GatewayRoute, error) {
	return through(ctx, a.t, func() ([]azure.GatewayRoute, error) { return a.Network.ListLearnedRoutes(ctx, resourceGroup, gateway) })
}

func (a throttledAzure) ListServiceProviders(ctx context.Context) ([]azure.ServiceProvider, error) {
	return through(ctx, a.t, func() ([]azure.ServiceProvider, error) { return a.Network.ListServiceProviders(ctx) })
}

func (a throttledAzure) StartSiteFailoverSimulation(ctx context.Context, resourceGroup, gateway, peeringLocation string) error {
	return throughErr(ctx, a.t, func() error {
		return a.Network.StartSiteFailoverSimulation(ctx, resourceGroup, gateway, peeringLocation)
	})
}

func (a throttledAzure) StopSiteFailoverSimulation(ctx context.Context, resourceGroup, gateway string, stop azure.FailoverStop) error {
	return throughErr(ctx, a.t, func() error { return a.Network.StopSiteFailoverSimulation(ctx, resourceGroup, gateway, stop) })
}

func (a throttledAzure) ListFailoverTests(ctx context.Context, resourceGroup, gateway string, testType azure.FailoverTestType, latestOnly bool) ([]azure.FailoverTest, error) {
	return through(ctx, a.t, func() ([]azure.FailoverTest, error) {
		return a.Network.ListFailoverTests(ctx, resourceGroup, gateway, testType, latestOnly)
	})
}

func (a throttledAzure) GetFailoverTestDetails(ctx context.Context, resourceGroup, gateway, peeringLocation, testID string) ([]azure.FailoverTestDetails, error) {
	return through(ctx, a.t, func() ([]azure.FailoverTestDetails, error) {
		return a.Network.GetFailoverTestDetails(ctx, resourceGroup, gateway, peeringLocation, testID)
	})
}

func (o throttledOCI) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	return through(ctx, o.t, func() (oci.VCN, error) { return o.Network.GetVCN(ctx, id) })
}

func (o throttledOCI) CreateDRG(ctx context.Context, d oci.DRG, retryToken string) (oci.DRG, error) {
	return through(ctx, o.t, func() (oci.DRG, error) { return o.Network.CreateDRG(ctx, d, retryToken) })
}

func (o throttledOCI) GetDRG(ctx context.Context, id string) (oci.DRG, error) {
	return through(ctx, o.t, func() (oci.DRG, error) { return o.Network.GetDRG(ctx, id) })
}

func (o throttledOCI) ListDRGs(ctx context.Context, compartmentID string) ([]oci.DRG, error) {
	return through(ctx, o.t, func() ([]oci.DRG, error) { return o.Network.ListDRGs(ctx, compartmentID) })
}

func (o throttledOCI) DeleteDRG(ctx context.Context, id string) error {
	return throughErr(ctx, o.t, func() error { return o.Network.DeleteDRG(ctx, id) })
}

func (o throttledOCI) CreateDRGAttachment(ctx context.Context, a oci.DRGAttachment, retryToken string) (oci.DRGAttachment, error) {
	return through(ctx, o.t, func() (oci.DRGAttachment, error) { return o.Network.CreateDRGAttachment(ctx, a, retryToken) })
}

func (o throttledOCI) GetDRGAttachment(ctx context.Context, id string) (oci.DRGAttachment, error) {
	return through(ctx, o.t, func() (oci.DRGAttachment, error) { return o.Network.GetDRGAttachment(ctx, id) })
}

func (o throttledOCI) ListDRGAttachments(ctx context.Context, compartmentID, vcnID, drgID string) ([]oci.DRGAttachment, error) {
	return through(ctx, o.t, func() ([]oci.DRGAttachment, error) {
		return o.Network.ListDRGAttachments(ctx, compartmentID, vcnID, drgID)
	})
}

func (o throttledOCI) DeleteDRGAttachment(ctx context.Context, id string) error {
	return throughErr(ctx, o.t, func() error { return o.Network.DeleteDRGAttachment(ctx, id) })
}

func (o throttledOCI) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	return through(ctx, o.t, func() ([]oci.ProviderService, error) { return o.Network.ListProviderServices(ctx, compartmentID) })
}

func (o throttledOCI) ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]oci.BandwidthShape, error) {
	return through(ctx, o.t, func() ([]oci.BandwidthShape, error) { return o.Network.ListBandwidthShapes(ctx, providerServiceID) })
}

func (o throttledOCI) CreateVirtualCircuit(ctx context.Context, vc oci.VirtualCircuit, retryToken string) (oci.VirtualCircuit, error) {
	return through(ctx, o.t, func() (oci.VirtualCircuit, error) { return o.Network.CreateVirtualCircuit(ctx, vc, retryToken) })
}

func (o throttledOCI) GetVirtualCircuit(ctx context.Context, id string) (oci.VirtualCircuit, error) {
	return through(ctx, o.t, func() (oci.VirtualCircuit, error) { return o.Network.GetVirtualCircuit(ctx, id) })
}

func (o throttledOCI) FindVirtualCircuits(ctx context.Context, compartmentID, displayName string) ([]oci.VirtualCircuit, error) {
	return through(ctx, o.t, func() ([]oci.VirtualCircuit, error) {
		return o.Network.FindVirtualCircuits(ctx, compartmentID, displayName)
	})
}

func (o throttledOCI) UpdateVirtualCircuit(ctx context.Context, id, bandwidthShapeName string) (oci.VirtualCircuit, error) {
	return through(ctx, o.t, func() (oci.VirtualCircuit, error) { return o.Network.UpdateVirtualCircuit(ctx, id, bandwidthShapeName) })
}

func (o throttledOCI) DeleteVirtualCircuit(ctx context.Context, id string) error {
	return throughErr(ctx, o.t, func() error { return o.Network.DeleteVirtualCircuit(ctx, id) })
}

func (o throttledOCI) GetRouteTable(ctx context.Context, id string) (oci.RouteTable, error) {
	return through(ctx, o.t, func() (oci.RouteTable, error) { return o.Network.GetRouteTable(ctx, id) })
}

func (o throttledOCI) UpdateRouteTable(ctx context.Context, id string, edit func(rules []oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
	return through(ctx, o.t, func() (oci.RouteTable, error) { return o.Network.UpdateRouteTable(ctx, id, edit) })
}

func (o throttledOCI) GetDRGRouteTable(ctx context.Context, id string) (oci.DRGRouteTable, error) {
	return through(ctx, o.t, func() (oci.DRGRouteTable, error) { return o.Network.GetDRGRouteTable(ctx, id) })
}

func (o throttledOCI) UpdateDRGRouteTable(ctx context.Context, id string, ecmp bool) (oci.DRGRouteTable, error) {
	return through(ctx, o.t, func() (oci.DRGRouteTable, error) { return o.Network.UpdateDRGRouteTable(ctx, id, ecmp) })
}
