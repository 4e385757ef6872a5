package interconnect

import (
	"context"

	"github.com/azoci/interconnect/azure"
)

// loggedAzure logs every call to next (see callLog). Resources are named
// "<resource group>/<name>"; nothing a call sends or gets is logged beyond
// names (GetCircuit's answer holds the service key, a peering's the MD5 key).
type loggedAzure struct {
	next azure.Network
	log  callLog
}

// A method added to azure.Network fails this assertion until it is logged.
var _ azure.Network = loggedAzure{}

func (n loggedAzure) SubscriptionID() string { return n.next.SubscriptionID() } // no call: not logged

func (n loggedAzure) GetVirtualNetwork(ctx context.Context, rg, name string) (azure.VirtualNetwork, error) {
	return logged(ctx, n.log, "GetVirtualNetwork", where{rg, name}, func(ctx context.Context) (azure.VirtualNetwork, error) {
		return n.next.GetVirtualNetwork(ctx, rg, name)
	}, nil)
}

func (n loggedAzure) GetSubnet(ctx context.Context, rg, vnet, name string) (azure.Subnet, error) {
	return logged(ctx, n.log, "GetSubnet", where{rg, vnet, name}, func(ctx context.Context) (azure.Subnet, error) {
		return n.next.GetSubnet(ctx, rg, vnet, name)
	}, nil)
}

func (n loggedAzure) PutSubnet(ctx context.Context, rg, vnet string, s azure.Subnet) (azure.Subnet, error) {
	return logged(ctx, n.log, "PutSubnet", where{rg, vnet, s.Name}, func(ctx context.Context) (azure.Subnet, error) {
		return n.next.PutSubnet(ctx, rg, vnet, s)
	}, nil)
}

func (n loggedAzure) DeleteSubnet(ctx context.Context, rg, vnet, name string) error {
	return loggedErr(ctx, n.log, "DeleteSubnet", where{rg, vnet, name}, func(ctx context.Context) error {
		return n.next.DeleteSubnet(ctx, rg, vnet, name)
	})
}

func (n loggedAzure) PutVirtualNetworkPeering(ctx context.Context, rg, vnet string, p azure.VirtualNetworkPeering) (azure.VirtualNetworkPeering, error) {
	return logged(ctx, n.log, "PutVirtualNetworkPeering", where{rg, vnet, p.Name}, func(ctx context.Context) (azure.VirtualNetworkPeering, error) {
		return n.next.PutVirtualNetworkPeering(ctx, rg, vnet, p)
	}, nil)
}

func (n loggedAzure) DeleteVirtualNetworkPeering(ctx context.Context, rg, vnet, name string) error {
	return loggedErr(ctx, n.log, "DeleteVirtualNetworkPeering", where{rg, vnet, name}, func(ctx context.Context) error {
		return n.next.DeleteVirtualNetworkPeering(ctx, rg, vnet, name)
	})
}

func (n loggedAzure) GetPublicIP(ctx context.Context, rg, name string) (azure.PublicIP, error) {
	return logged(ctx, n.log, "GetPublicIP", where{rg, name}, func(ctx context.Context) (azure.PublicIP, error) {
		return n.next.GetPublicIP(ctx, rg, name)
	}, nil)
}

func (n loggedAzure) PutPublicIP(ctx context.Context, rg string, ip azure.PublicIP) (azure.PublicIP, error) {
	return logged(ctx, n.log, "PutPublicIP", where{rg, ip.Name}, func(ctx context.Context) (azure.PublicIP, error) {
		return n.next.PutPublicIP(ctx, rg, ip)
	}, nil)
}

func (n loggedAzure) DeletePublicIP(ctx context.Context, rg, name string) error {
	return loggedErr(ctx, n.log, "DeletePublicIP", where{rg, name}, func(ctx context.Context) error {
		return n.next.DeletePublicIP(ctx, rg, name)
	})
}

func (n loggedAzure) GetGateway(ctx context.Context, rg, name string) (azure.Gateway, error) {
	return logged(ctx, n.log, "GetGateway", where{rg, name}, func(ctx context.Context) (azure.Gateway, error) {
		return n.next.GetGateway(ctx, rg, name)
	}, nil)
}

func (n loggedAzure) PutGateway(ctx context.Context, rg string, gw azure.Gateway) (azure.Gateway, error) {
	return logged(ctx, n.log, "PutGateway", where{rg, gw.Name}, func(ctx context.Context) (azure.Gateway, error) {
		return n.next.PutGateway(ctx, rg, gw)
	}, nil)
}

func (n loggedAzure) DeleteGateway(ctx context.Context, rg, name string) error {
	return loggedErr(ctx, n.log, "DeleteGateway", where{rg, name}, func(ctx context.Context) error {
		return n.next.DeleteGateway(ctx, rg, name)
	})
}

func (n loggedAzure) GetCircuit(ctx context.Context, rg, name string) (azure.Circuit, error) {
	return logged(ctx, n.log, "GetCircuit", where{rg, name}, func(ctx context.Context) (azure.Circuit, error) {
		return n.next.GetCircuit(ctx, rg, name)
	}, nil)
}

func (n loggedAzure) PutCircuit(ctx context.Context, rg string, c azure.Circuit) (azure.Circuit, error) {
	return logged(ctx, n.log, "PutCircuit", where{rg, c.Name}, func(ctx context.Context) (azure.Circuit, error) {
		return n.next.PutCircuit(ctx, rg, c)
	}, nil)
}

func (n loggedAzure) DeleteCircuit(ctx context.Context, rg, name string) error {
	return loggedErr(ctx, n.log, "DeleteCircuit", where{rg, name}, func(ctx context.Context) error {
		return n.next.DeleteCircuit(ctx, rg, name)
	})
}

func (n loggedAzure) GetPrivatePeering(ctx context.Context, rg, circuit string) (azure.PrivatePeering, error) {
	return logged(ctx, n.log, "GetPrivatePeering", where{rg, circuit}, func(ctx context.Context) (azure.PrivatePeering, error) {
		return n.next.GetPrivatePeering(ctx, rg, circuit)
	}, nil)
}

func (n loggedAzure) PutPrivatePeering(ctx context.Context, rg, circuit string, p azure.PrivatePeering) (azure.PrivatePeering, error) {
	return logged(ctx, n.log, "PutPrivatePeering", where{rg, circuit}, func(ctx context.Context) (azure.PrivatePeering, error) {
		return n.next.PutPrivatePeering(ctx, rg, circuit, p)
	}, nil)
}

func (n loggedAzure) DeletePrivatePeering(ctx context.Context, rg, circuit string) error {
	return loggedErr(ctx, n.log, "DeletePrivatePeering", where{rg, circuit}, func(ctx context.Context) error {
		return n.next.DeletePrivatePeering(ctx, rg, circuit)
	})
}

func (n loggedAzure) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	return logged(ctx, n.log, "GetConnection", where{rg, name}, func(ctx context.Context) (azure.Connection, error) {
		return n.next.GetConnection(ctx, rg, name)
	}, nil)
}

func (n loggedAzure) PutConnection(ctx context.Context, rg string, c azure.Connection) (azure.Connection, error) {
	return logged(ctx, n.log, "PutConnection", where{rg, c.Name}, func(ctx context.Context) (azure.Connection, error) {
		return n.next.PutConnection(ctx, rg, c)
	}, nil)
}

func (n loggedAzure) DeleteConnection(ctx context.Context, rg, name string) error {
	return loggedErr(ctx, n.log, "DeleteConnection", where{rg, name}, func(ctx context.Context) error {
		return n.next.DeleteConnection(ctx, rg, name)
	})
}

func (n loggedAzure) ListARPTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.ARPEntry, error) {
	return logged(ctx, n.log, "ListARPTable", where{rg, circuit, string(path)}, func(ctx context.Context) ([]azure.ARPEntry, error) {
		return n.next.ListARPTable(ctx, rg, circuit, path)
	}, nil)
}

func (n loggedAzure) ListRouteTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.Route, error) {
	return logged(ctx, n.log, "ListRouteTable", where{rg, circuit, string(path)}, func(ctx context.Context) ([]azure.Route, error) {
		return n.next.ListRouteTable(ctx, rg, circuit, path)
	}, nil)
}

func (n loggedAzure) ListGatewayConnections(ctx context.Context, rg, gateway string) ([]azure.Connection, error) {
	return logged(ctx, n.log, "ListGatewayConnections", where{rg, gateway}, func(ctx context.Context) ([]azure.Connection, error) {
		return n.next.ListGatewayConnections(ctx, rg, gateway)
	}, nil)
}

func (n loggedAzure) ListLearnedRoutes(ctx context.Context, rg, gateway string) ([]azure.GatewayRoute, error) {
	return logged(ctx, n.log, "ListLearnedRoutes", where{rg, gateway}, func(ctx context.Context) ([]azure.GatewayRoute, error) {
		return n.next.ListLearnedRoutes(ctx, rg, gateway)
	}, nil)
}

func (n loggedAzure) ListServiceProviders(ctx context.Context) ([]azure.ServiceProvider, error) {
	return logged(ctx, n.log, "ListServiceProviders", where{n.next.SubscriptionID()}, func(ctx context.Context) ([]azure.ServiceProvider, error) {
		return n.next.ListServiceProviders(ctx)
	}, nil)
}

func (n loggedAzure) StartSiteFailoverSimulation(ctx context.Context, rg, gateway, peeringLocation string) error {
	return loggedErr(ctx, n.log, "StartSiteFailoverSimulation", where{rg, gateway, peeringLocation}, func(ctx context.Context) error {
		return n.next.StartSiteFailoverSimulation(ctx, rg, gateway, peeringLocation)
	})
}

func (n loggedAzure) StopSiteFailoverSimulation(ctx context.Context, rg, gateway string, stop azure.FailoverStop) error {
	return loggedErr(ctx, n.log, "StopSiteFailoverSimulation", where{rg, gateway, stop.PeeringLocation}, func(ctx context.Context) error {
		return n.next.StopSiteFailoverSimulation(ctx, rg, gateway, stop)
	})
}

func (n loggedAzure) ListFailoverTests(ctx context.Context, rg, gateway string, testType azure.FailoverTestType, latestOnly bool) ([]azure.FailoverTest, error) {
	return logged(ctx, n.log, "ListFailoverTests", where{rg, gateway}, func(ctx context.Context) ([]azure.FailoverTest, error) {
		return n.next.ListFailoverTests(ctx, rg, gateway, testType, latestOnly)
	}, nil)
}

func (n loggedAzure) GetFailoverTestDetails(ctx context.Context, rg, gateway, peeringLocation, testID string) ([]azure.FailoverTestDetails, error) {
	return logged(ctx, n.log, "GetFailoverTestDetails", where{rg, gateway, peeringLocation}, func(ctx context.Context) ([]azure.FailoverTestDetails, error) {
		return n.next.GetFailoverTestDetails(ctx, rg, gateway, peeringLocation, testID)
	}, nil)
}

// loggedAzureMetrics logs every call to next, named by the resource queried.
type loggedAzureMetrics struct {
	next azure.Metrics
	log  callLog
}

var _ azure.Metrics = loggedAzureMetrics{}

func (m loggedAzureMetrics) ListMetrics(ctx context.Context, q azure.MetricQuery) ([]azure.MetricSeries, error) {
	return logged(ctx, m.log, "ListMetrics", where{q.ResourceID}, func(ctx context.Context) ([]azure.MetricSeries, error) {
		return m.next.ListMetrics(ctx, q)
	}, nil)
}
