package sim

import (
	"context"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
)

// This file: virtual networks, subnets, public IPs and gateways.

// ---------------------------------------------------------------------------
// Virtual networks and subnets

func (w *World) vnetView(v *vnetRec) azure.VirtualNetwork {
	out := azure.VirtualNetwork{ID: v.ID, Name: v.Name, Location: v.Region,
		AddressSpace: slices.Clone(v.AddressSpace), Tags: cloneTags(v.Tags)}
	for _, s := range w.subnetsOf(key(v.ID)) {
		out.Subnets = append(out.Subnets, s.view())
	}
	for _, p := range w.peeringsOf(key(v.ID)) {
		out.Peerings = append(out.Peerings, p.view())
	}
	return out
}

func (s *subnetRec) view() azure.Subnet {
	return azure.Subnet{ID: s.ID, Name: s.Name, Prefix: s.Prefix, IPConfigurationIDs: slices.Clone(s.IPConfigs), State: s.State}
}

// subnetsOf lists a VNet's subnets sorted by name (mu held).
func (w *World) subnetsOf(vnetKey string) []*subnetRec {
	var out []*subnetRec
	for _, s := range w.st.Subnets {
		if s.VNet == vnetKey {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *subnetRec) int { return strings.Compare(key(a.Name), key(b.Name)) })
	return out
}

func (w *World) findVNet(rg, name string) (*vnetRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typeVirtualNetworks, name)
	v := w.st.VirtualNetworks[key(id)]
	if v == nil {
		return nil, w.azNotFound(id, typeVirtualNetworks, name)
	}
	return v, nil
}

func subnetID(vnetID, name string) string { return vnetID + "/subnets/" + name }

// GetVirtualNetwork reads a virtual network with its subnets and its
// peerings (each sorted by name).
func (f *azureFace) GetVirtualNetwork(ctx context.Context, rg, name string) (azure.VirtualNetwork, error) {
	w := f.w
	return azureRead(f, ctx, "GetVirtualNetwork", func() string { return w.id(rg, typeVirtualNetworks, name) },
		func() (azure.VirtualNetwork, error) {
			v, err := w.findVNet(rg, name)
			if err != nil {
				return azure.VirtualNetwork{}, err
			}
			return w.vnetView(v), nil
		})
}

func (w *World) findSubnet(rg, vnet, name string) (*vnetRec, *subnetRec, error) {
	v, err := w.findVNet(rg, vnet)
	if err != nil {
		return nil, nil, err
	}
	id := subnetID(v.ID, name)
	s := w.st.Subnets[key(id)]
	if s == nil {
		return v, nil, w.azErr(http.StatusNotFound, "NotFound", id, "Resource %s not found.", id)
	}
	return v, s, nil
}

// GetSubnet reads one subnet.
func (f *azureFace) GetSubnet(ctx context.Context, rg, vnet, name string) (azure.Subnet, error) {
	w := f.w
	return azureRead(f, ctx, "GetSubnet", func() string { return subnetID(w.id(rg, typeVirtualNetworks, vnet), name) },
		func() (azure.Subnet, error) {
			_, s, err := w.findSubnet(rg, vnet, name)
			if err != nil {
				return azure.Subnet{}, err
			}
			return s.view(), nil
		})
}

// PutSubnet creates or updates a subnet: its prefix must be a masked IPv4
// prefix inside the VNet's address space that overlaps no other subnet.
func (f *azureFace) PutSubnet(ctx context.Context, rg, vnet string, in azure.Subnet) (azure.Subnet, error) {
	w := f.w
	var rec *subnetRec
	return azurePut(f, ctx, "PutSubnet", func() string { return subnetID(w.id(rg, typeVirtualNetworks, vnet), in.Name) },
		func() (armResource, error) {
			v, err := w.findVNet(rg, vnet)
			if err != nil {
				return nil, err
			}
			id := subnetID(v.ID, in.Name)
			old := w.st.Subnets[key(id)]
			if err := w.putChecks(in.Name, "", false, nilIfNone(old), ""); err != nil {
				return nil, err
			}
			if err := w.checkSubnetPrefix(v, in.Name, in.Prefix); err != nil {
				return nil, err
			}
			if old != nil && len(old.IPConfigs) > 0 && old.Prefix != in.Prefix {
				return nil, w.azBadRequest("InUseSubnetCannotBeUpdated",
					"Subnet %s is in use by %s and its address prefix cannot be changed.", old.Name, old.IPConfigs[0])
			}
			if old == nil {
				old = &subnetRec{ID: id, VNet: key(v.ID), Name: in.Name}
				w.st.Subnets[key(id)] = old
			}
			old.Prefix = in.Prefix
			rec = old
			w.startOp(&rec.armState, opPut, kindSubnet, rec.ID, w.lat.Subnet)
			return rec, nil
		},
		func() azure.Subnet { return rec.view() })
}

// nilIfNone turns a nil record pointer into a nil interface.
func nilIfNone[T any, P interface {
	*T
	armResource
}](p P) armResource {
	if p == nil {
		return nil
	}
	return p
}

func (w *World) checkSubnetPrefix(v *vnetRec, name string, p netip.Prefix) error {
	if !p.IsValid() || !p.Addr().Is4() || p != p.Masked() {
		return w.azBadRequest("NetcfgInvalidSubnet",
			"Subnet '%s' is not valid in virtual network '%s': the address prefix '%s' must be a masked IPv4 prefix.", name, v.Name, p)
	}
	inside := false
	for _, a := range v.AddressSpace {
		if a.Bits() <= p.Bits() && a.Contains(p.Addr()) {
			inside = true
		}
	}
	if !inside {
		return w.azBadRequest("NetcfgInvalidSubnet",
			"Subnet '%s' is not valid in virtual network '%s': the address prefix %s is outside the address space %v.", name, v.Name, p, v.AddressSpace)
	}
	for _, s := range w.subnetsOf(key(v.ID)) {
		if !equalFold(s.Name, name) && s.Prefix.Overlaps(p) {
			return w.azBadRequest("NetcfgSubnetRangesOverlap",
				"Subnet '%s' is not valid because its IP address range %s overlaps with that of an existing subnet '%s' (%s) in virtual network '%s'.",
				name, p, s.Name, s.Prefix, v.Name)
		}
	}
	return nil
}

// DeleteSubnet deletes a subnet; Azure refuses while IP configurations (a
// gateway's) are in it.
func (f *azureFace) DeleteSubnet(ctx context.Context, rg, vnet, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteSubnet", func() string { return subnetID(w.id(rg, typeVirtualNetworks, vnet), name) },
		func() (*armState, error) {
			v, err := w.findVNet(rg, vnet)
			if err != nil {
				return nil, err
			}
			s := w.st.Subnets[key(subnetID(v.ID, name))]
			if s == nil {
				return nil, nil // ARM answers 204
			}
			if join, err := w.deleteChecks(&s.armState); join || err != nil {
				return &s.armState, err
			}
			if len(s.IPConfigs) > 0 {
				return nil, w.azBadRequest("InUseSubnetCannotBeDeleted",
					"Subnet %s is in use by %s and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.",
					s.Name, s.IPConfigs[0])
			}
			w.startOp(&s.armState, opDelete, kindSubnet, s.ID, w.lat.Subnet)
			return &s.armState, nil
		})
}

// ignoreNotFound drops a 404 of the resource itself (ARM answers a DELETE of
// a missing resource with 204), but keeps a missing resource group.
func ignoreNotFound(err error) error {
	if e, ok := err.(*azure.Error); ok && e.StatusCode == http.StatusNotFound && e.Code != "ResourceGroupNotFound" {
		return nil
	}
	return err
}

// ---------------------------------------------------------------------------
// Public IP addresses

func (p *publicIPRec) view() azure.PublicIP {
	return azure.PublicIP{ID: p.ID, Name: p.Name, Location: p.Location, SKU: p.SKU, Static: p.Static,
		Zones: slices.Clone(p.Zones), Address: p.Address, Tags: cloneTags(p.Tags), State: p.State}
}

func (w *World) findPublicIP(rg, name string) (*publicIPRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typePublicIPs, name)
	if p := w.st.PublicIPs[key(id)]; p != nil {
		return p, nil
	}
	return nil, w.azNotFound(id, typePublicIPs, name)
}

// GetPublicIP reads a public IP address.
func (f *azureFace) GetPublicIP(ctx context.Context, rg, name string) (azure.PublicIP, error) {
	w := f.w
	return azureRead(f, ctx, "GetPublicIP", func() string { return w.id(rg, typePublicIPs, name) },
		func() (azure.PublicIP, error) {
			p, err := w.findPublicIP(rg, name)
			if err != nil {
				return azure.PublicIP{}, err
			}
			return p.view(), nil
		})
}

// PutPublicIP creates or updates a public IP address. SKU "" means
// Standard; a Standard address must be Static. Azure assigns the address
// when the operation succeeds.
func (f *azureFace) PutPublicIP(ctx context.Context, rg string, in azure.PublicIP) (azure.PublicIP, error) {
	w := f.w
	var rec *publicIPRec
	return azurePut(f, ctx, "PutPublicIP", func() string { return w.id(rg, typePublicIPs, in.Name) },
		func() (armResource, error) {
			if _, err := w.needRG(rg); err != nil {
				return nil, err
			}
			id := w.id(rg, typePublicIPs, in.Name)
			old := w.st.PublicIPs[key(id)]
			var oldLoc string
			if old != nil {
				oldLoc = old.Location
			}
			if err := w.putChecks(in.Name, in.Location, true, nilIfNone(old), oldLoc); err != nil {
				return nil, err
			}
			sku := in.SKU
			if sku == "" {
				sku = "Standard"
			}
			switch {
			case sku != "Standard" && sku != "Basic":
				return nil, w.azBadRequest("InvalidPublicIpSku", "Public IP address SKU '%s' is not valid: use Standard or Basic.", in.SKU)
			case sku == "Standard" && !in.Static:
				return nil, w.azBadRequest("StandardSkuPublicIPAddressesMustBeStatic",
					"Standard sku publicIp /subscriptions/.../%s must have AllocationMethod set to Static.", in.Name)
			case old != nil && old.SKU != sku:
				return nil, w.azBadRequest("PublicIPSkuCannotBeChanged", "The SKU of public IP address %s cannot be changed from %s to %s.", in.Name, old.SKU, sku)
			case old != nil && len(old.IPConfigs) > 0 && old.Static != in.Static:
				return nil, w.azBadRequest("PublicIPAddressInUse", "Public IP address %s is in use by %s; its allocation method cannot be changed.", in.Name, old.IPConfigs[0])
			}
			if old == nil {
				old = &publicIPRec{ID: id, Name: in.Name}
				w.st.PublicIPs[key(id)] = old
			}
			old.Location, old.SKU, old.Static = in.Location, sku, in.Static
			old.Zones, old.Tags = slices.Clone(in.Zones), cloneTags(in.Tags)
			rec = old
			w.startOp(&rec.armState, opPut, kindPublicIP, rec.ID, w.lat.PublicIP)
			return rec, nil
		},
		func() azure.PublicIP { return rec.view() })
}

// DeletePublicIP deletes a public IP address; Azure refuses while a gateway
// uses it.
func (f *azureFace) DeletePublicIP(ctx context.Context, rg, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeletePublicIP", func() string { return w.id(rg, typePublicIPs, name) },
		func() (*armState, error) {
			p, err := w.findPublicIP(rg, name)
			if p == nil {
				return nil, ignoreNotFound(err)
			}
			if join, err := w.deleteChecks(&p.armState); join || err != nil {
				return &p.armState, err
			}
			if len(p.IPConfigs) > 0 {
				return nil, w.azBadRequest("PublicIPAddressInUse",
					"Public IP address %s can not be deleted since it is still allocated to resource %s.", p.ID, p.IPConfigs[0])
			}
			w.startOp(&p.armState, opDelete, kindPublicIP, p.ID, w.lat.PublicIP)
			return &p.armState, nil
		})
}

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
			// gateway resizes in place only upwards within its family.
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

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
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
// connection uses it, and the simulator while a peering of another virtual
// network uses it as its remote gateway (see gatewayInUseByPeering). When it
// is gone, its IP configuration leaves the subnet and the public IP.
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
