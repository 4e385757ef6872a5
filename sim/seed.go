package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// This file: seeding resources that exist before the interconnect is built.
// Seeding is instant, is not logged in Calls, and panics on input that could
// not exist in a real cloud (a seed is test setup: fail loudly).

// VirtualNetwork seeds a pre-existing Azure virtual network. SubscriptionID
// "" means the world's subscription. Subnets maps subnet names (may include
// "GatewaySubnet") to prefixes.
type VirtualNetwork struct {
	SubscriptionID, ResourceGroup, Name, Region string
	AddressSpace                                []netip.Prefix
	Subnets                                     map[string]netip.Prefix
	Tags                                        map[string]string
}

// VCN seeds a pre-existing OCI VCN. ID "" generates one; Region ""
// means the world's OCI region; DefaultRouteTableID "" generates the default
// route table's OCID.
type VCN struct {
	ID, CompartmentID, Region string
	CIDRs                     []netip.Prefix
	DefaultRouteTableID       string
	DisplayName               string
}

// DRG seeds a pre-existing, AVAILABLE DRG. ID "" generates one; Region ""
// means the world's OCI region.
type DRG struct {
	ID, CompartmentID, DisplayName string
	FreeformTags                   map[string]string
	Region                         string
}

// RouteTable seeds an extra route table of a seeded VCN (the rules are taken
// as given, unchecked). ID "" generates one.
type RouteTable struct {
	ID, VCNID, DisplayName string
	Rules                  []oci.RouteRule
}

// Gateway seeds a pre-existing, Succeeded ExpressRoute gateway in the
// GatewaySubnet of a seeded virtual network, with its own Standard static
// public IP named Name+"-pip" (for adoption tests). SubscriptionID ""
// means the world's subscription; Region "" means the VNet's.
type Gateway struct {
	ResourceGroup, Name, Region, VirtualNetwork, SKU string
	ScaleUnits                                       int
	Tags                                             map[string]string
	SubscriptionID                                   string
}

// AddResourceGroup seeds an empty resource group (sub "" means the world's
// subscription). Resource groups holding a seeded VNet exist anyway.
func (w *World) AddResourceGroup(sub, rg, region string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.addRG(sub, rg, region)
}

func (w *World) addRG(sub, rg, region string) {
	if sub == "" {
		sub = w.subscription()
	}
	if w.st.ResourceGroups[rgKey(sub, rg)] == nil {
		w.st.ResourceGroups[rgKey(sub, rg)] = &resourceGroup{Sub: sub, Name: rg, Region: region}
	}
}

// AddVirtualNetwork seeds a pre-existing virtual network with its subnets
// (Succeeded), creating its resource group if needed. The first VNet seeded
// with a SubscriptionID sets the world's subscription unless WithSubscription
// did.
func (w *World) AddVirtualNetwork(v VirtualNetwork) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if v.SubscriptionID == "" {
		v.SubscriptionID = w.subscription()
	} else if w.st.Subscription == "" {
		w.st.Subscription = v.SubscriptionID
	}
	if v.ResourceGroup == "" || v.Name == "" || v.Region == "" || len(v.AddressSpace) == 0 {
		panic(fmt.Sprintf("sim: AddVirtualNetwork needs a resource group, name, region and address space: %+v", v))
	}
	w.addRG(v.SubscriptionID, v.ResourceGroup, v.Region)
	id := armID(v.SubscriptionID, v.ResourceGroup, typeVirtualNetworks, v.Name)
	w.st.VirtualNetworks[key(id)] = &vnetRec{ID: id, Sub: v.SubscriptionID, RG: v.ResourceGroup, Name: v.Name,
		Region: v.Region, AddressSpace: slices.Clone(v.AddressSpace), Tags: cloneTags(v.Tags)}
	names := sortedKeys(v.Subnets)
	for _, n := range names {
		sid := subnetID(id, n)
		w.st.Subnets[key(sid)] = &subnetRec{armState: armState{State: azure.Succeeded}, ID: sid, VNet: key(id), Name: n, Prefix: v.Subnets[n]}
	}
}

// AddCompartment seeds an OCI compartment. Compartments holding a seeded VCN
// or DRG exist anyway.
func (w *World) AddCompartment(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.st.Compartments[id] = true
}

// AddVCN seeds a pre-existing VCN and its default route table (no rules). The
// first VCN seeded sets the world's OCI region unless WithOCIRegion did.
func (w *World) AddVCN(v VCN) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if v.Region == "" {
		v.Region = w.st.OCIRegion
	} else if w.st.OCIRegion == "" {
		w.st.OCIRegion = v.Region
	}
	if v.CompartmentID == "" || len(v.CIDRs) == 0 {
		panic(fmt.Sprintf("sim: AddVCN needs a compartment and CIDRs: %+v", v))
	}
	if v.ID == "" {
		v.ID = w.ocid("vcn", v.Region)
	}
	if v.DisplayName == "" {
		v.DisplayName = "vcn"
	}
	if v.DefaultRouteTableID == "" {
		v.DefaultRouteTableID = w.ocid("routetable", v.Region)
	}
	w.st.Compartments[v.CompartmentID] = true
	w.st.VCNs[key(v.ID)] = &vcnRec{ID: v.ID, CompartmentID: v.CompartmentID, Region: v.Region, DisplayName: v.DisplayName,
		CIDRs: slices.Clone(v.CIDRs), DefaultRouteTableID: v.DefaultRouteTableID}
	w.st.RouteTables[key(v.DefaultRouteTableID)] = &routeTableRec{ID: v.DefaultRouteTableID, CompartmentID: v.CompartmentID,
		VCN: key(v.ID), Region: v.Region, DisplayName: "Default Route Table for " + v.DisplayName, ETag: w.etag()}
}

// AddRouteTable seeds a route table of a seeded VCN and returns it.
func (w *World) AddRouteTable(t RouteTable) oci.RouteTable {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	v := w.st.VCNs[key(t.VCNID)]
	if v == nil {
		panic("sim: AddRouteTable: no seeded VCN " + t.VCNID)
	}
	if t.ID == "" {
		t.ID = w.ocid("routetable", v.Region)
	}
	rt := &routeTableRec{ID: t.ID, CompartmentID: v.CompartmentID, VCN: key(v.ID), Region: v.Region,
		DisplayName: t.DisplayName, Rules: slices.Clone(t.Rules), ETag: w.etag()}
	w.st.RouteTables[key(t.ID)] = rt
	return rt.view(w)
}

// AddDRG seeds a pre-existing, AVAILABLE DRG and returns it.
func (w *World) AddDRG(d DRG) oci.DRG {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if d.Region == "" {
		d.Region = w.st.OCIRegion
	}
	if d.CompartmentID == "" {
		panic("sim: AddDRG needs a compartment")
	}
	if d.ID == "" {
		d.ID = w.ocid("drg", d.Region)
	}
	w.st.Compartments[d.CompartmentID] = true
	r := &drgRec{ociState: ociState{State: oci.Available}, ID: d.ID, CompartmentID: d.CompartmentID, Region: d.Region,
		DisplayName: d.DisplayName, Tags: cloneTags(d.FreeformTags)}
	w.st.DRGs[key(d.ID)] = r
	return r.view()
}

// DRGAttachment seeds a pre-existing, ATTACHED attachment of a seeded DRG to
// a seeded VCN, in the DRG's compartment (where OCI puts attachments). ID ""
// generates one.
type DRGAttachment struct {
	ID, DRGID, VCNID, DisplayName string
	FreeformTags                  map[string]string
}

// AddDRGAttachment seeds an ATTACHED DRG attachment and returns it. It panics
// when the DRG or VCN is not seeded, or the VCN is attached already (a VCN
// attaches to one DRG).
func (w *World) AddDRGAttachment(a DRGAttachment) oci.DRGAttachment {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	d, v := w.st.DRGs[key(a.DRGID)], w.st.VCNs[key(a.VCNID)]
	if d == nil || v == nil {
		panic(fmt.Sprintf("sim: AddDRGAttachment: no seeded DRG %s or VCN %s", a.DRGID, a.VCNID))
	}
	for _, x := range w.st.DRGAttachments {
		if x.VCN == key(v.ID) && x.State != oci.Detached {
			panic("sim: AddDRGAttachment: VCN " + v.ID + " is attached already")
		}
	}
	if a.ID == "" {
		a.ID = w.ocid("drgattachment", d.Region)
	}
	r := &attachmentRec{ociState: ociState{State: oci.Attached}, ID: a.ID, CompartmentID: d.CompartmentID, Region: d.Region,
		DisplayName: a.DisplayName, DRG: key(d.ID), VCN: key(v.ID), Tags: cloneTags(a.FreeformTags)}
	w.st.DRGAttachments[key(a.ID)] = r
	return r.view(w)
}

// AddGateway seeds a pre-existing ExpressRoute gateway (Succeeded) in the
// GatewaySubnet of a seeded VNet, with a new public IP, and returns it.
func (w *World) AddGateway(g Gateway) azure.Gateway {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if g.SubscriptionID == "" {
		g.SubscriptionID = w.subscription()
	}
	vnetID := armID(g.SubscriptionID, g.ResourceGroup, typeVirtualNetworks, g.VirtualNetwork)
	v := w.st.VirtualNetworks[key(vnetID)]
	if v == nil {
		panic("sim: AddGateway: no seeded virtual network " + vnetID)
	}
	sub := w.st.Subnets[key(subnetID(v.ID, azure.GatewaySubnetName))]
	if sub == nil {
		panic("sim: AddGateway: virtual network " + v.Name + " has no GatewaySubnet")
	}
	if !slices.Contains(azure.GatewaySKUs, g.SKU) {
		panic("sim: AddGateway: unknown SKU " + g.SKU)
	}
	if g.Region == "" {
		g.Region = v.Region
	}
	ok := armState{State: azure.Succeeded}
	pipID := armID(g.SubscriptionID, g.ResourceGroup, typePublicIPs, g.Name+"-pip")
	gw := &gatewayRec{armState: ok, ID: armID(g.SubscriptionID, g.ResourceGroup, typeGateways, g.Name), Name: g.Name,
		Location: g.Region, Type: azure.GatewayTypeExpressRoute, SKU: g.SKU, ScaleUnits: g.ScaleUnits,
		Subnet: sub.ID, PublicIP: pipID, Tags: cloneTags(g.Tags)}
	pip := &publicIPRec{armState: ok, ID: pipID, Name: g.Name + "-pip", Location: g.Region, SKU: "Standard", Static: true,
		Address: w.publicAddress(), IPConfigs: []string{gw.ipConfigID()}}
	sub.IPConfigs = append(sub.IPConfigs, gw.ipConfigID())
	sort.Strings(sub.IPConfigs)
	w.st.Gateways[key(gw.ID)] = gw
	w.st.PublicIPs[key(pip.ID)] = pip
	return gw.view()
}

// VirtualNetworkPeering seeds one side of a pre-existing peering of a seeded
// virtual network (SubscriptionID "" means the world's subscription) with
// the virtual network RemoteVirtualNetworkID names. Seed both sides for a
// Connected peering; a spoke's side that uses remote gateways needs the hub's
// gateway seeded first.
type VirtualNetworkPeering struct {
	SubscriptionID, ResourceGroup, VirtualNetwork, Name string
	RemoteVirtualNetworkID                              string
	AllowVirtualNetworkAccess, AllowForwardedTraffic    bool
	AllowGatewayTransit, UseRemoteGateways              bool
}

// AddVirtualNetworkPeering seeds one side of a peering (Succeeded) and
// returns it: Connected, with the remote side, when the remote virtual
// network holds a peering back, else Initiated. It panics on what Azure
// would refuse (see PutVirtualNetworkPeering).
func (w *World) AddVirtualNetworkPeering(p VirtualNetworkPeering) azure.VirtualNetworkPeering {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	if p.SubscriptionID == "" {
		p.SubscriptionID = w.subscription()
	}
	v := w.st.VirtualNetworks[key(armID(p.SubscriptionID, p.ResourceGroup, typeVirtualNetworks, p.VirtualNetwork))]
	if v == nil || p.Name == "" {
		panic(fmt.Sprintf("sim: AddVirtualNetworkPeering needs a name and a seeded virtual network: %+v", p))
	}
	id := vnetPeeringID(v.ID, p.Name)
	in := azure.VirtualNetworkPeering{Name: p.Name, RemoteVirtualNetworkID: p.RemoteVirtualNetworkID,
		AllowVirtualNetworkAccess: p.AllowVirtualNetworkAccess, AllowForwardedTraffic: p.AllowForwardedTraffic,
		AllowGatewayTransit: p.AllowGatewayTransit, UseRemoteGateways: p.UseRemoteGateways}
	if w.st.VNetPeerings[key(id)] != nil {
		panic("sim: AddVirtualNetworkPeering: peering " + id + " is seeded already")
	}
	if err := w.checkVNetPeering(v, id, in, nil); err != nil {
		panic("sim: AddVirtualNetworkPeering: " + err.Error())
	}
	r := &vnetPeeringRec{armState: armState{State: azure.Succeeded}, ID: id, VNet: key(v.ID), Name: p.Name, Remote: p.RemoteVirtualNetworkID,
		AllowVirtualNetworkAccess: p.AllowVirtualNetworkAccess, AllowForwardedTraffic: p.AllowForwardedTraffic,
		AllowGatewayTransit: p.AllowGatewayTransit, UseRemoteGateways: p.UseRemoteGateways, PeeringState: azure.PeeringInitiated}
	if back := w.counterpart(r); back != nil {
		r.PeeringState, back.PeeringState = azure.PeeringConnected, azure.PeeringConnected
	}
	w.st.VNetPeerings[key(id)] = r
	return r.view()
}
