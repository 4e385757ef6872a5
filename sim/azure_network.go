package sim

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: virtual networks and subnets, and helpers the other Azure
// files share (nilIfNone, ignoreNotFound, sortedKeys). Public IPs are in
// azure_publicip.go, gateways in azure_gateway.go.

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
		return v, nil, w.azErr(httpstatus.NotFound, "NotFound", id, "Resource %s not found.", id)
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
	if e, ok := err.(*azure.Error); ok && e.StatusCode == httpstatus.NotFound && e.Code != "ResourceGroupNotFound" {
		return nil
	}
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
