package sim

import (
	"context"
	"slices"

	"github.com/azoci/interconnect/azure"
)

// This file: public IP addresses, which a gateway's IP configuration uses.

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
