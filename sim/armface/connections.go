package armface

import (
	"context"
	"net/http"
	"strconv"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: a gateway's connections (VirtualNetworkGateways_ListConnections),
// a GET of ".../virtualNetworkGateways/{gateway}/connections" answered as
// Microsoft's example VirtualNetworkGatewaysListConnections.json
// (Azure/azure-rest-api-specs, specification/network/resource-manager/
// Microsoft.Network/stable/2024-05-01/examples/, the same shape at
// 2025-05-01, the api-version armnetwork/v9 speaks): {"value": [...]} of
// VirtualNetworkGatewayConnectionListEntity, whose virtualNetworkGateway1
// is a reference holding only the gateway's id (a connection's own GET
// embeds the gateway), and nextLink when more pages follow (WithPageSize).

// serveGatewayConnections lists the connections of the gateway the route
// names, pageSize per page.
func (s *Server) serveGatewayConnections(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route) {
	conns, err := s.az.ListGatewayConnections(ctx, rt.rg, rt.names[0])
	if err != nil {
		writeError(rw, err)
		return
	}
	items, next := s.page(r, len(conns))
	out := armnetwork.VirtualNetworkGatewayListConnectionsResult{Value: []*armnetwork.VirtualNetworkGatewayConnectionListEntity{}, NextLink: next}
	for _, c := range conns[items[0]:items[1]] {
		out.Value = append(out.Value, connectionListEntityToARM(c))
	}
	writeJSON(rw, http.StatusOK, out)
}

// page picks the part of a list of n items a request asks for: items
// [from, to) from its $skiptoken, pageSize of them (all with pageSize ≤ 0),
// and the nextLink of the rest (nil on the last page).
func (s *Server) page(r *http.Request, n int) ([2]int, *string) {
	skip, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	skip = min(max(skip, 0), n)
	end := n
	if size := s.cfg.pageSize; size > 0 && skip+size < end {
		end = skip + size
	}
	if end == n {
		return [2]int{skip, end}, nil
	}
	q := r.URL.Query()
	q.Set("$skiptoken", strconv.Itoa(end))
	return [2]int{skip, end}, to.Ptr(baseURL(r) + r.URL.Path + "?" + q.Encode())
}

// connectionListEntityToARM is a connection as ARM lists it among its
// gateway's.
func connectionListEntityToARM(c azure.Connection) *armnetwork.VirtualNetworkGatewayConnectionListEntity {
	props := &armnetwork.VirtualNetworkGatewayConnectionListEntityPropertiesFormat{
		ProvisioningState:         state(c.State),
		ConnectionType:            to.Ptr(armnetwork.VirtualNetworkGatewayConnectionTypeExpressRoute),
		VirtualNetworkGateway1:    &armnetwork.VirtualNetworkConnectionGatewayReference{ID: to.Ptr(c.GatewayID)},
		Peer:                      sub(c.CircuitID),
		ExpressRouteGatewayBypass: to.Ptr(c.FastPath),
		RoutingWeight:             to.Ptr(int32(c.RoutingWeight)),
	}
	if c.Status != "" {
		props.ConnectionStatus = to.Ptr(armnetwork.VirtualNetworkGatewayConnectionStatus(c.Status))
	}
	return &armnetwork.VirtualNetworkGatewayConnectionListEntity{
		ID: strOrNil(c.ID), Name: strOrNil(c.Name), Type: to.Ptr("Microsoft.Network/connections"),
		Location: strOrNil(c.Location), Tags: tags(c.Tags), Properties: props,
	}
}
