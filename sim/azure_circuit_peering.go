package sim

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// This file: a circuit's private peering (AzurePrivatePeering) and its ARP
// and route tables. Virtual network peerings are in azure_peering.go.

// AzureASN is Microsoft's ASN on an ExpressRoute private peering.
const AzureASN = 12076

// Peering LastModifiedBy values.
const (
	ModifiedByCustomer = "Customer"
	ModifiedByProvider = "ServiceProvider"
)

// ---------------------------------------------------------------------------
// Private peering

func (p *peeringRec) view() azure.PrivatePeering {
	return azure.PrivatePeering{ID: p.ID, PeerASN: p.PeerASN, AzureASN: p.AzureASN, PrimaryPrefix: p.Primary,
		SecondaryPrefix: p.Secondary, VLAN: p.VLAN, SharedKey: secret.Value(p.SharedKey), LastModifiedBy: p.LastModifiedBy, State: p.State}
}

func (w *World) findPeering(rg, circuit string) (*circuitRec, *peeringRec, error) {
	c, err := w.findCircuit(rg, circuit)
	if err != nil {
		return nil, nil, err
	}
	p := w.st.Peerings[key(c.peeringID())]
	if p == nil {
		return c, nil, w.azErr(httpstatus.NotFound, "NotFound", c.peeringID(), "Peering AzurePrivatePeering of circuit %s was not found.", c.Name)
	}
	return c, p, nil
}

func peeringID(circuitID string) string { return circuitID + "/peerings/AzurePrivatePeering" }

// GetPrivatePeering reads the circuit's AzurePrivatePeering.
func (f *azureFace) GetPrivatePeering(ctx context.Context, rg, circuit string) (azure.PrivatePeering, error) {
	w := f.w
	return azureRead(f, ctx, "GetPrivatePeering", func() string { return peeringID(w.id(rg, typeCircuits, circuit)) },
		func() (azure.PrivatePeering, error) {
			_, p, err := w.findPeering(rg, circuit)
			if err != nil {
				return azure.PrivatePeering{}, err
			}
			return p.view(), nil
		})
}

// PutPrivatePeering creates or updates the circuit's AzurePrivatePeering by
// hand (LastModifiedBy "Customer"). The circuit must be Provisioned; the
// prefixes must be two different masked IPv4 /30s, the VLAN 1–4094 and the
// peer ASN positive.
func (f *azureFace) PutPrivatePeering(ctx context.Context, rg, circuit string, in azure.PrivatePeering) (azure.PrivatePeering, error) {
	w := f.w
	var rec *peeringRec
	return azurePut(f, ctx, "PutPrivatePeering", func() string { return peeringID(w.id(rg, typeCircuits, circuit)) },
		func() (armResource, error) {
			c, err := w.findCircuit(rg, circuit)
			if err != nil {
				return nil, err
			}
			old := w.st.Peerings[key(c.peeringID())]
			switch {
			case c.busy():
				return nil, w.azConflict(c.ID)
			case c.State != azure.Succeeded:
				return nil, w.azBadRequest("CircuitNotReady", "Circuit %s is %s; a peering needs a Succeeded circuit.", c.Name, c.State)
			case c.ProviderState != azure.Provisioned:
				return nil, w.azBadRequest("ExpressRouteCircuitNotProvisioned",
					"Peering cannot be configured on circuit %s because its service provider provisioning state is %s, not Provisioned.", c.Name, c.ProviderState)
			case old != nil && old.busy():
				return nil, w.azConflict("")
			}
			if err := w.checkPeering(in); err != nil {
				return nil, err
			}
			if old == nil {
				old = &peeringRec{ID: c.peeringID(), Circuit: key(c.ID), AzureASN: AzureASN}
				w.st.Peerings[key(old.ID)] = old
			}
			changed := old.PeerASN != in.PeerASN || old.Primary != in.PrimaryPrefix || old.Secondary != in.SecondaryPrefix ||
				old.VLAN != in.VLAN || old.SharedKey != in.SharedKey.Reveal()
			old.PeerASN, old.Primary, old.Secondary, old.VLAN = in.PeerASN, in.PrimaryPrefix, in.SecondaryPrefix, in.VLAN
			old.SharedKey, old.LastModifiedBy = in.SharedKey.Reveal(), ModifiedByCustomer
			if changed {
				w.bgpReset(c)
			}
			rec = old
			w.startOp(&rec.armState, opPut, kindPeering, rec.ID, w.lat.Peering)
			return rec, nil
		},
		func() azure.PrivatePeering { return rec.view() })
}

func (w *World) checkPeering(in azure.PrivatePeering) error {
	for _, p := range []struct {
		name string
		p    netip.Prefix
	}{{"primaryPeerAddressPrefix", in.PrimaryPrefix}, {"secondaryPeerAddressPrefix", in.SecondaryPrefix}} {
		if !p.p.IsValid() || !p.p.Addr().Is4() || p.p.Bits() != 30 || p.p != p.p.Masked() {
			return w.azBadRequest("InvalidPeeringAddressPrefix", "The %s '%s' is not valid: it must be a masked IPv4 /30.", p.name, p.p)
		}
	}
	switch {
	case in.PrimaryPrefix.Overlaps(in.SecondaryPrefix):
		return w.azBadRequest("PeeringAddressPrefixesOverlap",
			"The primary (%s) and secondary (%s) peer address prefixes must be different, non-overlapping /30s.", in.PrimaryPrefix, in.SecondaryPrefix)
	case in.VLAN < 1 || in.VLAN > 4094:
		return w.azBadRequest("InvalidVlanId", "The VLAN ID %d is not valid: it must be between 1 and 4094.", in.VLAN)
	case in.PeerASN <= 0 || in.PeerASN > 4294967295:
		return w.azBadRequest("InvalidPeerAsn", "The peer ASN %d is not valid.", in.PeerASN)
	}
	return nil
}

// DeletePrivatePeering deletes the circuit's AzurePrivatePeering, whoever
// configured it; BGP goes down on both paths at once. A missing peering
// succeeds (ARM answers 204).
func (f *azureFace) DeletePrivatePeering(ctx context.Context, rg, circuit string) error {
	w := f.w
	return azureDelete(f, ctx, "DeletePrivatePeering", func() string { return peeringID(w.id(rg, typeCircuits, circuit)) },
		func() (*armState, error) {
			c, p, err := w.findPeering(rg, circuit)
			if p == nil {
				return nil, ignoreNotFound(err)
			}
			if c.busy() {
				return nil, w.azConflict(c.ID)
			}
			if join, err := w.deleteChecks(&p.armState); join || err != nil {
				return &p.armState, err
			}
			w.bgpReset(c)
			w.startOp(&p.armState, opDelete, kindPeering, p.ID, w.lat.Peering)
			return &p.armState, nil
		})
}

// ---------------------------------------------------------------------------
// ARP and route tables

func pathIndex(p azure.DevicePath) int {
	switch p {
	case azure.Primary:
		return 0
	case azure.Secondary:
		return 1
	}
	return -1
}

func (p *peeringRec) prefix(i int) netip.Prefix {
	if i == 0 {
		return p.Primary
	}
	return p.Secondary
}

// peeringPath finds the circuit, its peering and the path index (mu held).
func (w *World) peeringPath(rg, circuit string, path azure.DevicePath) (*circuitRec, *peeringRec, int, error) {
	i := pathIndex(path)
	if i < 0 {
		return nil, nil, 0, w.azBadRequest("InvalidDevicePath", "Device path '%s' is not valid: use primary or secondary.", path)
	}
	c, p, err := w.findPeering(rg, circuit)
	return c, p, i, err
}

// ListARPTable lists the ARP table of the private peering on one path: the
// Oracle end (first address of the path's /30, "Incomplete" unless the
// virtual circuit is PROVISIONED with matching addresses and the path is not
// broken) and the Microsoft end (second address).
func (f *azureFace) ListARPTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.ARPEntry, error) {
	w := f.w
	return azureRead(f, ctx, "ListARPTable", func() string { return peeringID(w.id(rg, typeCircuits, circuit)) },
		func() ([]azure.ARPEntry, error) {
			c, p, i, err := w.peeringPath(rg, circuit, path)
			if err != nil {
				return nil, err
			}
			oracle, ms := hostAddrs(p.prefix(i))
			oracleMAC := "Incomplete"
			if w.arpUp(c, i) {
				oracleMAC = mac(ouiOracle, oracle)
			}
			return []azure.ARPEntry{
				{IPAddress: oracle, MACAddress: oracleMAC, Interface: "On-Prem", AgeSeconds: 10},
				{IPAddress: ms, MACAddress: mac(ouiMicrosoft, ms), Interface: "Microsoft", AgeSeconds: 0},
			}, nil
		})
}

// ListRouteTable lists the routes the private peering learned on one path:
// while BGP is up there, the CIDRs of the VCNs the virtual circuit's DRG is
// attached to, next hop the Oracle address, AS path "31898".
func (f *azureFace) ListRouteTable(ctx context.Context, rg, circuit string, path azure.DevicePath) ([]azure.Route, error) {
	w := f.w
	return azureRead(f, ctx, "ListRouteTable", func() string { return peeringID(w.id(rg, typeCircuits, circuit)) },
		func() ([]azure.Route, error) {
			c, p, i, err := w.peeringPath(rg, circuit, path)
			if err != nil {
				return nil, err
			}
			if !w.pathUp(c, i) {
				return []azure.Route{}, nil
			}
			oracle, _ := hostAddrs(p.prefix(i))
			routes := []azure.Route{}
			for _, pre := range w.vcnCIDRsBehind(w.st.VirtualCircuits[c.VC]) {
				routes = append(routes, azure.Route{Network: pre, NextHop: oracle, Path: fmt.Sprint(oci.OracleASN)})
			}
			return routes, nil
		})
}
