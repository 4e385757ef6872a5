package sim

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// This file: ExpressRoute circuits, their private peering, connections, the
// peering's ARP and route tables, and the service provider catalog.

// AzureASN is Microsoft's ASN on an ExpressRoute private peering.
const AzureASN = 12076

// Peering LastModifiedBy values.
const (
	ModifiedByCustomer = "Customer"
	ModifiedByProvider = "ServiceProvider"
)

// ---------------------------------------------------------------------------
// Circuits

func (c *circuitRec) view() azure.Circuit {
	return azure.Circuit{ID: c.ID, Name: c.Name, Location: c.Location, SKU: c.SKU, ServiceProvider: c.Provider,
		PeeringLocation: c.PeeringLocation, BandwidthMbps: c.BandwidthMbps, ServiceKey: secret.Value(c.ServiceKey),
		ProviderState: c.ProviderState, Tags: cloneTags(c.Tags), State: c.State}
}

func (w *World) findCircuit(rg, name string) (*circuitRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typeCircuits, name)
	if c := w.st.Circuits[key(id)]; c != nil {
		return c, nil
	}
	return nil, w.azNotFound(id, typeCircuits, name)
}

// GetCircuit reads an ExpressRoute circuit.
func (f *azureFace) GetCircuit(ctx context.Context, rg, name string) (azure.Circuit, error) {
	w := f.w
	return azureRead(f, ctx, "GetCircuit", func() string { return w.id(rg, typeCircuits, name) },
		func() (azure.Circuit, error) {
			c, err := w.findCircuit(rg, name)
			if err != nil {
				return azure.Circuit{}, err
			}
			return c.view(), nil
		})
}

// PutCircuit creates or updates an ExpressRoute circuit. The provider must
// offer the peering location and the bandwidth; once made, the provider and
// location cannot change and the bandwidth can only grow. Azure assigns the
// service key at once and the circuit starts NotProvisioned.
func (f *azureFace) PutCircuit(ctx context.Context, rg string, in azure.Circuit) (azure.Circuit, error) {
	w := f.w
	var rec *circuitRec
	return azurePut(f, ctx, "PutCircuit", func() string { return w.id(rg, typeCircuits, in.Name) },
		func() (armResource, error) {
			if _, err := w.needRG(rg); err != nil {
				return nil, err
			}
			id := w.id(rg, typeCircuits, in.Name)
			old := w.st.Circuits[key(id)]
			var oldLoc string
			if old != nil {
				oldLoc = old.Location
			}
			if err := w.putChecks(in.Name, in.Location, true, nilIfNone(old), oldLoc); err != nil {
				return nil, err
			}
			sp, loc, err := w.checkCircuit(in, old)
			if err != nil {
				return nil, err
			}
			if old == nil {
				old = &circuitRec{ID: id, Name: in.Name, Provider: sp.Name, PeeringLocation: loc,
					ServiceKey: w.serviceKey(), ProviderState: azure.NotProvisioned, Created: w.now}
				w.st.Circuits[key(id)] = old
			}
			old.Location, old.SKU, old.BandwidthMbps, old.Tags = in.Location, in.SKU, in.BandwidthMbps, cloneTags(in.Tags)
			rec = old
			w.startOp(&rec.armState, opPut, kindCircuit, rec.ID, w.lat.Circuit)
			return rec, nil
		},
		func() azure.Circuit { return rec.view() })
}

// checkCircuit enforces the circuit rules; it returns the catalog's provider
// and its spelling of the peering location (mu held).
func (w *World) checkCircuit(in azure.Circuit, old *circuitRec) (*azure.ServiceProvider, string, error) {
	switch in.SKU.Tier {
	case "Standard", "Premium", "Local":
	default:
		return nil, "", w.azBadRequest("InvalidSkuTier", "Circuit SKU tier '%s' is not valid: use Standard, Premium or Local.", in.SKU.Tier)
	}
	switch in.SKU.Family {
	case "MeteredData", "UnlimitedData":
	default:
		return nil, "", w.azBadRequest("InvalidSkuFamily", "Circuit SKU family '%s' is not valid: use MeteredData or UnlimitedData.", in.SKU.Family)
	}
	if in.SKU.Tier == "Local" && in.SKU.Family != "UnlimitedData" {
		return nil, "", w.azBadRequest("InvalidSkuFamily", "A Local circuit must use the UnlimitedData family.")
	}
	sp := w.serviceProvider(in.ServiceProvider)
	if sp == nil {
		var names []string
		for _, p := range w.st.ServiceProviders {
			names = append(names, p.Name)
		}
		return nil, "", w.azBadRequest("InvalidServiceProviderName",
			"Service provider '%s' is not an ExpressRoute service provider. Providers: %s.", in.ServiceProvider, strings.Join(names, ", "))
	}
	i := slices.IndexFunc(sp.PeeringLocations, func(l string) bool { return equalFold(l, in.PeeringLocation) })
	if i < 0 {
		return nil, "", w.azBadRequest("InvalidPeeringLocation",
			"Service provider '%s' is not available at peering location '%s'. It is available at: %s.",
			sp.Name, in.PeeringLocation, strings.Join(sp.PeeringLocations, ", "))
	}
	if in.SKU.Tier == "Local" && !slices.ContainsFunc(localRegions[sp.PeeringLocations[i]], func(r string) bool { return equalFold(r, in.Location) }) {
		// ExpressRoute Local reaches only the Azure regions local to its
		// peering location (Microsoft, "ExpressRoute FAQ: ExpressRoute
		// Local", and the "Local Azure regions" column of "Locations and
		// connectivity providers"). The code is the simulator's own name.
		return nil, "", w.azBadRequest("ExpressRouteLocalNotAvailable",
			"An ExpressRoute Local circuit at peering location '%s' must be in one of its local Azure regions (%s), not in '%s'; use tier Standard or Premium, or a peering location local to the region.",
			sp.PeeringLocations[i], strings.Join(localRegions[sp.PeeringLocations[i]], ", "), in.Location)
	}
	if !slices.Contains(sp.BandwidthsMbps, in.BandwidthMbps) {
		return nil, "", w.azBadRequest("InvalidBandwidth",
			"Service provider '%s' does not offer %d Mbps. It offers (Mbps): %s.", sp.Name, in.BandwidthMbps, joinInts(sp.BandwidthsMbps))
	}
	if old != nil {
		switch {
		case !equalFold(old.Provider, sp.Name) || !equalFold(old.PeeringLocation, in.PeeringLocation):
			return nil, "", w.azBadRequest("CircuitServiceProviderOrPeeringLocationCannotBeChanged",
				"The service provider and peering location of circuit %s cannot be changed (%s at %s).", old.Name, old.Provider, old.PeeringLocation)
		case in.BandwidthMbps < old.BandwidthMbps:
			return nil, "", w.azBadRequest("CircuitBandwidthDecreaseNotAllowed",
				"The bandwidth of circuit %s cannot be decreased from %d Mbps to %d Mbps; delete and recreate the circuit.", old.Name, old.BandwidthMbps, in.BandwidthMbps)
		case old.SKU.Family == "UnlimitedData" && in.SKU.Family == "MeteredData":
			return nil, "", w.azBadRequest("CircuitSkuFamilyDowngradeNotAllowed",
				"The SKU family of circuit %s cannot be changed from UnlimitedData to MeteredData.", old.Name)
		}
	}
	return sp, sp.PeeringLocations[i], nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// DeleteCircuit deletes an ExpressRoute circuit. Azure refuses while the
// provider has it Provisioned (or is provisioning or deprovisioning it),
// while a connection uses it and while it still has a peering.
func (f *azureFace) DeleteCircuit(ctx context.Context, rg, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteCircuit", func() string { return w.id(rg, typeCircuits, name) },
		func() (*armState, error) {
			c, err := w.findCircuit(rg, name)
			if c == nil {
				return nil, ignoreNotFound(err)
			}
			if join, err := w.deleteChecks(&c.armState); join || err != nil {
				return &c.armState, err
			}
			if c.ProviderState != azure.NotProvisioned {
				return nil, w.azBadRequest("CircuitCannotBeDeletedWhenProvisioned",
					"Circuit %s cannot be deleted while its service provider provisioning state is %s. Ask the service provider to deprovision it first (delete the Oracle FastConnect virtual circuit and wait for NotProvisioned).",
					c.Name, c.ProviderState)
			}
			if conn := w.connectionOf(c); conn != nil {
				return nil, w.azBadRequest("InUseCircuitCannotBeDeleted",
					"Circuit %s cannot be deleted because connection %s uses it. Delete the connection first.", c.Name, conn.ID)
			}
			// Microsoft's troubleshooting for "cannot delete ExpressRoute
			// circuit": every peering must be deprovisioned (deleted) first,
			// the provider's included. The code is the simulator's own name:
			// Microsoft publishes none for this refusal.
			if p := w.st.Peerings[key(c.peeringID())]; p != nil {
				if p.busy() {
					return nil, w.azConflict(p.ID)
				}
				return nil, w.azBadRequest("CircuitHasPeerings",
					"Circuit %s cannot be deleted while it has peerings: delete peering %s first.", c.Name, azure.PrivatePeeringName)
			}
			w.startOp(&c.armState, opDelete, kindCircuit, c.ID, w.lat.Circuit)
			return &c.armState, nil
		})
}

// connectionOf returns the first connection (by ID) that uses a circuit.
func (w *World) connectionOf(c *circuitRec) *connectionRec {
	for _, k := range sortedKeys(w.st.Connections) {
		if conn := w.st.Connections[k]; equalFold(conn.Circuit, c.ID) {
			return conn
		}
	}
	return nil
}

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
		return c, nil, w.azErr(http.StatusNotFound, "NotFound", c.peeringID(), "Peering AzurePrivatePeering of circuit %s was not found.", c.Name)
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
// Connections

func (w *World) connView(c *connectionRec) azure.Connection {
	return azure.Connection{ID: c.ID, Name: c.Name, Location: c.Location, GatewayID: c.Gateway, CircuitID: c.Circuit,
		FastPath: c.FastPath, Status: w.connStatus(c), Tags: cloneTags(c.Tags), State: c.State}
}

// connStatus is "Connecting" while the connection is being made, then
// "Connected" while BGP is up on one of its circuit's paths, else
// "NotConnected".
func (w *World) connStatus(c *connectionRec) string {
	switch c.State {
	case azure.Updating:
		return azure.Connecting
	case azure.Succeeded:
		if cir := w.st.Circuits[key(c.Circuit)]; cir != nil && (w.pathUp(cir, 0) || w.pathUp(cir, 1)) {
			return azure.Connected
		}
	}
	return azure.NotConnected
}

func (w *World) findConnection(rg, name string) (*connectionRec, error) {
	if _, err := w.needRG(rg); err != nil {
		return nil, err
	}
	id := w.id(rg, typeConnections, name)
	if c := w.st.Connections[key(id)]; c != nil {
		return c, nil
	}
	return nil, w.azNotFound(id, typeConnections, name)
}

// GetConnection reads a connection.
func (f *azureFace) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	w := f.w
	return azureRead(f, ctx, "GetConnection", func() string { return w.id(rg, typeConnections, name) },
		func() (azure.Connection, error) {
			c, err := w.findConnection(rg, name)
			if err != nil {
				return azure.Connection{}, err
			}
			return w.connView(c), nil
		})
}

// PutConnection creates or updates an ExpressRoute connection. The gateway
// must be a Succeeded ExpressRoute gateway; the circuit must be Provisioned
// with a Succeeded private peering; FastPath needs ErGw3AZ, UltraPerformance
// or ErGwScale with at least 10 scale units. FastPath may be switched later.
func (f *azureFace) PutConnection(ctx context.Context, rg string, in azure.Connection) (azure.Connection, error) {
	w := f.w
	var rec *connectionRec
	return azurePut(f, ctx, "PutConnection", func() string { return w.id(rg, typeConnections, in.Name) },
		func() (armResource, error) {
			if _, err := w.needRG(rg); err != nil {
				return nil, err
			}
			id := w.id(rg, typeConnections, in.Name)
			old := w.st.Connections[key(id)]
			var oldLoc string
			if old != nil {
				oldLoc = old.Location
			}
			if err := w.putChecks(in.Name, in.Location, true, nilIfNone(old), oldLoc); err != nil {
				return nil, err
			}
			g, c, err := w.checkConnection(id, in, old)
			if err != nil {
				return nil, err
			}
			if old == nil {
				old = &connectionRec{ID: id, Name: in.Name, Gateway: g.ID, Circuit: c.ID}
				w.st.Connections[key(id)] = old
			}
			old.Location, old.FastPath, old.Tags = in.Location, in.FastPath, cloneTags(in.Tags)
			rec = old
			w.startOp(&rec.armState, opPut, kindConnection, rec.ID, w.lat.Connection)
			return rec, nil
		},
		func() azure.Connection { return w.connView(rec) })
}

func (w *World) checkConnection(id string, in azure.Connection, old *connectionRec) (*gatewayRec, *circuitRec, error) {
	if old != nil && ((in.GatewayID != "" && !equalFold(in.GatewayID, old.Gateway)) || (in.CircuitID != "" && !equalFold(in.CircuitID, old.Circuit))) {
		return nil, nil, w.azBadRequest("InvalidRequestFormat", "The gateway and circuit of connection %s cannot be changed.", old.Name)
	}
	gid, cid := in.GatewayID, in.CircuitID
	if old != nil {
		gid, cid = old.Gateway, old.Circuit
	}
	g := w.st.Gateways[key(gid)]
	switch {
	case g == nil:
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", gid, id)
	case g.State == azure.Updating:
		return nil, nil, w.azConflict(g.ID)
	case g.State != azure.Succeeded:
		return nil, nil, w.azBadRequest("VirtualNetworkGatewayNotReady", "Virtual network gateway %s is %s.", g.ID, g.State)
	case g.Type != azure.GatewayTypeExpressRoute:
		return nil, nil, w.azBadRequest("InvalidGatewayType", "Gateway %s is of type %s; an ExpressRoute connection needs an ExpressRoute gateway.", g.ID, g.Type)
	case in.FastPath && !g.fastPathCapable():
		return nil, nil, w.azBadRequest("FastPathNotSupportedOnGatewaySku",
			"ExpressRoute FastPath (ExpressRouteGatewayBypass) needs gateway SKU ErGw3AZ, UltraPerformance or ErGwScale with at least 10 scale units; gateway %s is %s.",
			g.Name, skuDesc(g))
	}
	c := w.st.Circuits[key(cid)]
	if c == nil {
		return nil, nil, w.azBadRequest("InvalidResourceReference", "Resource %s referenced by resource %s was not found.", cid, id)
	}
	if c.ProviderState != azure.Provisioned {
		return nil, nil, w.azBadRequest("ExpressRouteCircuitNotProvisioned",
			"Circuit %s cannot be connected: its service provider provisioning state is %s, not Provisioned.", c.Name, c.ProviderState)
	}
	if p := w.st.Peerings[key(c.peeringID())]; p == nil || p.State != azure.Succeeded {
		return nil, nil, w.azBadRequest("ExpressRouteCircuitPeeringNotConfigured",
			"Circuit %s cannot be connected: its AzurePrivatePeering is not configured.", c.Name)
	}
	if old == nil {
		for _, k := range sortedKeys(w.st.Connections) {
			o := w.st.Connections[k]
			if equalFold(o.Gateway, g.ID) && equalFold(o.Circuit, c.ID) {
				return nil, nil, w.azBadRequest("DuplicateConnection", "Gateway %s is already connected to circuit %s by %s.", g.Name, c.Name, o.ID)
			}
		}
	}
	return g, c, nil
}

func skuDesc(g *gatewayRec) string {
	if g.SKU == azure.SKUErGwScale {
		return fmt.Sprintf("%s with %d scale units", g.SKU, g.ScaleUnits)
	}
	return g.SKU
}

// DeleteConnection deletes a connection.
func (f *azureFace) DeleteConnection(ctx context.Context, rg, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteConnection", func() string { return w.id(rg, typeConnections, name) },
		func() (*armState, error) {
			c, err := w.findConnection(rg, name)
			if c == nil {
				return nil, ignoreNotFound(err)
			}
			if join, err := w.deleteChecks(&c.armState); join || err != nil {
				return &c.armState, err
			}
			w.startOp(&c.armState, opDelete, kindConnection, c.ID, w.lat.Connection)
			return &c.armState, nil
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

// ListServiceProviders lists the ExpressRoute service provider catalog, by
// name.
func (f *azureFace) ListServiceProviders(ctx context.Context) ([]azure.ServiceProvider, error) {
	w := f.w
	return azureRead(f, ctx, "ListServiceProviders",
		func() string {
			return "/subscriptions/" + w.subscription() + "/providers/Microsoft.Network/expressRouteServiceProviders"
		},
		func() ([]azure.ServiceProvider, error) {
			out := cloneProviders(w.st.ServiceProviders)
			slices.SortFunc(out, func(a, b azure.ServiceProvider) int { return strings.Compare(a.Name, b.Name) })
			return out, nil
		})
}
