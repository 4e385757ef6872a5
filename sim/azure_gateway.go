package sim

import (
	"context"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
)

// This file: virtual network gateways (ExpressRoute): the checks a PUT must
// pass, learned routes, and what a deleted gateway leaves behind (its IP
// configuration in its subnet and public IP).

// ---------------------------------------------------------------------------
// Virtual network gateways

func (g *gatewayRec) view() azure.Gateway {
	return azure.Gateway{ID: g.ID, Name: g.Name, Location: g.Location, GatewayType: g.Type, SKU: g.SKU,
		ScaleUnits: g.ScaleUnits, SubnetID: g.Subnet, PublicIPID: g.PublicIP, Tags: cloneTags(g.Tags), State: g.State}
}

// fastPathCapable reports whether a gateway's SKU supports FastPath.
func (g *gatewayRec) fastPathCapable() bool {
	return azure.GatewaySupportsFastPath(g.SKU, g.ScaleUnits)
}

func (w *World) findGateway(rg, name string) (*gatewayRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typeGateways, name)
	if g := w.st.Gateways[key(id)]; g != nil {
		return g, nil
	}
	return nil, w.azNotFound(id, typeGateways, name)
}

// GetGateway reads a virtual network gateway.
func (f *azureFace) GetGateway(ctx context.Context, rg, name string) (azure.Gateway, error) {
	w := f.w
	return azureRead(f, ctx, "GetGateway", func() string { return w.id(rg, typeGateways, name) },
		func() (azure.Gateway, error) {
			g, err := w.findGateway(rg, name)
			if err != nil {
				return azure.Gateway{}, err
			}
			return g.view(), nil
		})
}

// PutGateway creates or updates an ExpressRoute gateway. Creation takes
// Latency.Gateway; an update (e.g. ErGw1AZ → ErGw3AZ) takes half of it.
func (f *azureFace) PutGateway(ctx context.Context, rg string, in azure.Gateway) (azure.Gateway, error) {
	w := f.w
	var rec *gatewayRec
	return azurePut(f, ctx, "PutGateway", func() string { return w.id(rg, typeGateways, in.Name) },
		func() (armResource, error) {
			if _, err := w.needRG(rg); err != nil {
				return nil, err
			}
			id := w.id(rg, typeGateways, in.Name)
			old := w.st.Gateways[key(id)]
			var oldLoc string
			if old != nil {
				oldLoc = old.Location
			}
			if err := w.putChecks(in.Name, in.Location, true, nilIfNone(old), oldLoc); err != nil {
				return nil, err
			}
			sub, pip, err := w.checkGateway(id, in, old)
			if err != nil {
				return nil, err
			}
			d := w.lat.Gateway / 2 // a resize
			if old == nil || old.State == azure.Failed {
				d = w.lat.Gateway // a creation, or its retry
			}
			if old == nil {
				d = w.lat.Gateway
				old = &gatewayRec{ID: id, Name: in.Name, Type: in.GatewayType, Subnet: sub.ID, PublicIP: pip.ID}
				w.st.Gateways[key(id)] = old
				sub.IPConfigs = append(sub.IPConfigs, old.ipConfigID())
				pip.IPConfigs = append(pip.IPConfigs, old.ipConfigID())
			}
			old.Location, old.SKU, old.ScaleUnits, old.Tags = in.Location, in.SKU, in.ScaleUnits, cloneTags(in.Tags)
			rec = old
			w.startOp(&rec.armState, opPut, kindGateway, rec.ID, d)
			return rec, nil
		},
		func() azure.Gateway { return rec.view() })
}

// checkGateway enforces the gateway rules and returns its subnet and public
// IP (mu held).
func (w *World) checkGateway(id string, in azure.Gateway, old *gatewayRec) (*subnetRec, *publicIPRec, error) {
	az, known := azure.ZoneRedundantSKU(in.SKU), slices.Contains(azure.GatewaySKUs, in.SKU)
	switch {
	case in.GatewayType != azure.GatewayTypeExpressRoute:
		return nil, nil, w.azBadRequest("InvalidGatewayType", "Gateway type '%s' is not supported here: only %s gateways are.", in.GatewayType, azure.GatewayTypeExpressRoute)
	case !known:
		return nil, nil, w.azBadRequest("InvalidGatewaySku", "Gateway SKU '%s' is not valid for an ExpressRoute gateway. Valid SKUs: %s.", in.SKU, strings.Join(azure.GatewaySKUs, ", "))
	case in.SKU == azure.SKUErGwScale && (in.ScaleUnits < 1 || in.ScaleUnits > 40):
		return nil, nil, w.azBadRequest("InvalidScaleUnits", "An ErGwScale gateway needs between 1 and 40 scale units, not %d.", in.ScaleUnits)
	case in.SKU != azure.SKUErGwScale && in.ScaleUnits != 0:
		return nil, nil, w.azBadRequest("InvalidScaleUnits", "Scale units can only be set on an ErGwScale gateway, not on %s.", in.SKU)
	}
	if old != nil {
		switch {
		case in.GatewayType != old.Type:
			return nil, nil, w.azBadRequest("InvalidRequestFormat", "The type of gateway %s cannot be changed.", old.Name)
		case (in.SubnetID != "" && !equalFold(in.SubnetID, old.Subnet)) || (in.PublicIPID != "" && !equalFold(in.PublicIPID, old.PublicIP)):
			return nil, nil, w.azBadRequest("InvalidRequestFormat",
				"The IP configuration (subnet and public IP) of gateway %s cannot be changed.", old.Name)
		case azure.GatewayResizeProblem(old.SKU, in.SKU) != "":
			// Microsoft, "About ExpressRoute virtual network gateways": a
			// gateway resizes in place upwards within its family, and
			// downwards only HighPerformance → Standard and ErGw2Az →
			// ErGw1Az (the sentences are quoted at GatewayResizeProblem).
			return nil, nil, w.azBadRequest("InvalidGatewaySkuResize",
				"Gateway %s cannot be resized: %s; create a new gateway.", old.Name, azure.GatewayResizeProblem(old.SKU, in.SKU))
		}
		return w.st.Subnets[key(old.Subnet)], w.st.PublicIPs[key(old.PublicIP)], nil
	}
	sub := w.st.Subnets[key(in.SubnetID)]
	if sub == nil {
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", in.SubnetID, id)
	}
	v := w.st.VirtualNetworks[sub.VNet]
	switch {
	case !equalFold(sub.Name, azure.GatewaySubnetName):
		return nil, nil, w.azBadRequest("InvalidGatewaySubnet", "A virtual network gateway must be placed in the subnet named %s, not in '%s'.", azure.GatewaySubnetName, sub.Name)
	case sub.State != azure.Succeeded:
		return nil, nil, w.azConflict(sub.ID)
	case sub.Prefix.Bits() > 27:
		// Microsoft (azure-docs
		// articles/expressroute/expressroute-howto-add-gateway-portal-resource-manager.md):
		// "You need to create the GatewaySubnet with a /27 or larger (/26,
		// /25, and so on.). /28 or smaller subnets are not supported for new
		// deployments." A gateway seeded in a smaller one (AddGateway) stays.
		return nil, nil, w.azBadRequest("GatewaySubnetTooSmall",
			"The GatewaySubnet %s is a /%d: an ExpressRoute gateway needs a GatewaySubnet of /27 or larger.", sub.Prefix, sub.Prefix.Bits())
	case !equalFold(v.Region, in.Location):
		return nil, nil, w.azBadRequest("InvalidResourceLocation",
			"Gateway %s is in location '%s' but its virtual network %s is in '%s'.", in.Name, in.Location, v.Name, v.Region)
	}
	for _, g := range w.sortedGateways() {
		if equalFold(g.Subnet, sub.ID) {
			return nil, nil, w.azBadRequest("GatewaySubnetInUse",
				"Subnet %s already holds virtual network gateway %s: a virtual network can have only one ExpressRoute gateway.", sub.ID, g.ID)
		}
	}
	pip := w.st.PublicIPs[key(in.PublicIPID)]
	switch {
	case pip == nil:
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", in.PublicIPID, id)
	case pip.State != azure.Succeeded:
		return nil, nil, w.azConflict(pip.ID)
	case az && (pip.SKU != "Standard" || !pip.Static):
		return nil, nil, w.azBadRequest("VirtualNetworkGatewayPublicIpMustBeStandardStatic",
			"Gateway SKU %s needs a Standard SKU public IP address with Static allocation; %s is %s/%s.", in.SKU, pip.ID, pip.SKU, allocation(pip.Static))
	case len(pip.IPConfigs) > 0:
		return nil, nil, w.azBadRequest("PublicIPAddressInUse", "Public IP address %s is already in use by %s.", pip.ID, pip.IPConfigs[0])
	}
	return sub, pip, nil
}

func allocation(static bool) string {
	if static {
		return "Static"
	}
	return "Dynamic"
}

func (w *World) sortedGateways() []*gatewayRec {
	out := make([]*gatewayRec, 0, len(w.st.Gateways))
	for _, k := range sortedKeys(w.st.Gateways) {
		out = append(out, w.st.Gateways[k])
	}
	return out
}

// ListLearnedRoutes lists the routes a gateway knows (see learnedRoutes):
// its virtual network's address space and the VCN CIDRs learned over the
// ExpressRoute circuits it is connected to while BGP is up.
func (f *azureFace) ListLearnedRoutes(ctx context.Context, rg, name string) ([]azure.GatewayRoute, error) {
	w := f.w
	return azureRead(f, ctx, "ListLearnedRoutes", func() string { return w.id(rg, typeGateways, name) },
		func() ([]azure.GatewayRoute, error) {
			g, err := w.findGateway(rg, name)
			if err != nil {
				return nil, err
			}
			return w.learnedRoutes(g), nil
		})
}

// DeleteGateway deletes a virtual network gateway; Azure refuses while a
// connection uses it, and, with WithGatewayInUseByPeering, the simulator
// while a peering of another virtual network uses it as its remote gateway.
// When it is gone, its IP configuration leaves the subnet and the public IP.
func (f *azureFace) DeleteGateway(ctx context.Context, rg, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteGateway", func() string { return w.id(rg, typeGateways, name) },
		func() (*armState, error) {
			g, err := w.findGateway(rg, name)
			if g == nil {
				return nil, ignoreNotFound(err)
			}
			if join, err := w.deleteChecks(&g.armState); join || err != nil {
				return &g.armState, err
			}
			for _, k := range sortedKeys(w.st.Connections) {
				if c := w.st.Connections[k]; equalFold(c.Gateway, g.ID) {
					return nil, w.azBadRequest("GatewayInUse",
						"Virtual network gateway %s cannot be deleted because connection %s uses it. Delete the connection first.", g.ID, c.ID)
				}
			}
			if err := w.gatewayInUseByPeering(g); err != nil {
				return nil, err
			}
			w.startOp(&g.armState, opDelete, kindGateway, g.ID, w.lat.Gateway)
			return &g.armState, nil
		})
}

// unlinkGateway takes a gateway's IP configuration out of its subnet and
// public IP (mu held).
func (w *World) unlinkGateway(g *gatewayRec) {
	drop := func(ids []string) []string {
		return slices.DeleteFunc(ids, func(s string) bool { return equalFold(s, g.ipConfigID()) })
	}
	if s := w.st.Subnets[key(g.Subnet)]; s != nil {
		s.IPConfigs = drop(s.IPConfigs)
	}
	if p := w.st.PublicIPs[key(g.PublicIP)]; p != nil {
		p.IPConfigs = drop(p.IPConfigs)
	}
}
