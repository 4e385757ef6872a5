package armface

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
)

// resource binds one ARM resource path to the world: its ID (for operation
// status) and what GET, PUT and DELETE do. get and put answer armnetwork
// model values; put also reports the resource's state once accepted and its
// location (for operation URLs).
type resource struct {
	id  string
	get func(ctx context.Context) (any, error)
	put func(ctx context.Context, body []byte) (m any, state azure.ProvisioningState, loc string, err error)
	del func(ctx context.Context) error
}

// armID is an ARM ID in the world's subscription.
func armID(sub, rg, typ, name string) string {
	return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/" + typ + "/" + name
}

// decode unmarshals a request body into an armnetwork model with its
// UnmarshalJSON; a body that is not JSON is ARM's 400
// InvalidRequestContent.
func decode[T any](body []byte, id string) (T, error) {
	var v T
	if len(body) == 0 {
		return v, &azure.Error{Op: "decode", Resource: id, StatusCode: http.StatusBadRequest, Code: "InvalidRequestContent",
			Message: "The request content was invalid and could not be deserialized: the body is empty."}
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return v, &azure.Error{Op: "decode", Resource: id, StatusCode: http.StatusBadRequest, Code: "InvalidRequestContent",
			Message: "The request content was invalid and could not be deserialized."}
	}
	return v, nil
}

func notFoundPeering(sub, rg, circuit, peering string) error {
	id := armID(sub, rg, "expressRouteCircuits", circuit) + "/peerings/" + peering
	return &azure.Error{Op: "GetPrivatePeering", Resource: id, StatusCode: http.StatusNotFound, Code: "NotFound",
		Message: fmt.Sprintf("Peering %s of circuit %s was not found; the simulator serves %s only.", peering, circuit, azure.PrivatePeeringName)}
}

// resource binds a parsed route to the world.
func (s *Server) resource(rt route) (*resource, error) {
	sub, rg, az := s.w.SubscriptionID(), rt.rg, s.az
	name := rt.names[0]
	switch rt.kind {
	case rVNet:
		return &resource{id: armID(sub, rg, "virtualNetworks", name),
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetVirtualNetwork(ctx, rg, name)
				return s.vnetToARM(v), err
			}}, nil

	case rVNetPeering:
		return s.vnetPeeringResource(rg, name, rt.names[1]), nil

	case rSubnet:
		sn := rt.names[1]
		id := armID(sub, rg, "virtualNetworks", name) + "/subnets/" + sn
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetSubnet(ctx, rg, name, sn)
				return subnetToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.Subnet](body, id)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutSubnet(ctx, rg, name, subnetFromARM(sn, in))
				return subnetToARM(v), v.State, "", err
			},
			del: func(ctx context.Context) error { return az.DeleteSubnet(ctx, rg, name, sn) },
		}, nil

	case rPublicIP:
		id := armID(sub, rg, "publicIPAddresses", name)
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetPublicIP(ctx, rg, name)
				return publicIPToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.PublicIPAddress](body, id)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutPublicIP(ctx, rg, publicIPFromARM(name, in))
				return publicIPToARM(v), v.State, v.Location, err
			},
			del: func(ctx context.Context) error { return az.DeletePublicIP(ctx, rg, name) },
		}, nil

	case rGateway:
		id := armID(sub, rg, "virtualNetworkGateways", name)
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetGateway(ctx, rg, name)
				return gatewayToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.VirtualNetworkGateway](body, id)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutGateway(ctx, rg, gatewayFromARM(name, in))
				return gatewayToARM(v), v.State, v.Location, err
			},
			del: func(ctx context.Context) error { return az.DeleteGateway(ctx, rg, name) },
		}, nil

	case rConnection:
		id := armID(sub, rg, "connections", name)
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetConnection(ctx, rg, name)
				return connectionToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.VirtualNetworkGatewayConnection](body, id)
				if err != nil {
					return nil, "", "", err
				}
				c, err := connectionFromARM(name, id, in)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutConnection(ctx, rg, c)
				return connectionToARM(v), v.State, v.Location, err
			},
			del: func(ctx context.Context) error { return az.DeleteConnection(ctx, rg, name) },
		}, nil

	case rCircuit:
		id := armID(sub, rg, "expressRouteCircuits", name)
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetCircuit(ctx, rg, name)
				return s.circuitToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.ExpressRouteCircuit](body, id)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutCircuit(ctx, rg, circuitFromARM(name, in))
				return s.circuitToARM(v), v.State, v.Location, err
			},
			del: func(ctx context.Context) error { return az.DeleteCircuit(ctx, rg, name) },
		}, nil

	case rPeering:
		peering := rt.names[1]
		id := armID(sub, rg, "expressRouteCircuits", name) + "/peerings/" + peering
		if !eq(peering, azure.PrivatePeeringName) {
			return nil, notFoundPeering(sub, rg, name, peering)
		}
		return &resource{id: id,
			get: func(ctx context.Context) (any, error) {
				v, err := az.GetPrivatePeering(ctx, rg, name)
				return peeringToARM(v), err
			},
			put: func(ctx context.Context, body []byte) (any, azure.ProvisioningState, string, error) {
				in, err := decode[armnetwork.ExpressRouteCircuitPeering](body, id)
				if err != nil {
					return nil, "", "", err
				}
				p, err := peeringFromARM(id, in)
				if err != nil {
					return nil, "", "", err
				}
				v, err := az.PutPrivatePeering(ctx, rg, name, p)
				return peeringToARM(v), v.State, "", err
			},
			del: func(ctx context.Context) error { return az.DeletePrivatePeering(ctx, rg, name) },
		}, nil
	}
	return nil, fmt.Errorf("armface: no resource for route %d", rt.kind)
}

// circuitToARM is the circuit body with its peering inline, as ARM lists a
// circuit's peerings.
func (s *Server) circuitToARM(c azure.Circuit) armnetwork.ExpressRouteCircuit {
	var peerings []azure.PrivatePeering
	if c.ID != "" {
		if p, ok := simworld.Of(s.w).AzureCircuitPeering(c.ID); ok {
			peerings = append(peerings, p)
		}
	}
	return circuitToARM(c, peerings)
}
