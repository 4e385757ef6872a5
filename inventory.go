package interconnect

// This file: Inventory, what the clouds hold of one interconnect, for tools
// that record its resources (the OpenTofu provider's computed attributes).

import (
	"context"
	"net/netip"

	"github.com/azoci/interconnect/secret"
)

// Inventory is what the clouds hold of one interconnect: the IDs of its
// resources and the BGP blocks in use. A field is "" (or the zero Prefix, or
// the empty secret) when its resource does not exist.
type Inventory struct {
	// Exists reports whether anything the library creates and owns for the
	// interconnect exists: a circuit, a connection or a virtual circuit (of
	// either location), or the DRG or gateway it made. Adopted resources (a
	// gateway already in the VNet, oci.drgId) do not count.
	Exists bool
	// GatewayID is the ARM ID of the VNet's ExpressRoute gateway, adopted or
	// the library's.
	GatewayID string
	// DRGID is the OCID of the DRG, given (oci.drgId) or the library's.
	DRGID string
	// Locations are the peering locations of which anything exists, the
	// first location (a standard interconnect's) before the second (maximum
	// resiliency's): at most two, each with its Index.
	Locations []LocationInventory
}

// LocationInventory is what one peering location of an interconnect holds.
type LocationInventory struct {
	// Index is 0 for the first location, 1 for the second.
	Index int
	// PeeringLocation is the location, as the spec or the circuit names it.
	PeeringLocation string
	// CircuitID is the ARM ID of the location's ExpressRoute circuit, and
	// ServiceKey its service key (a secret).
	CircuitID  string
	ServiceKey secret.Value
	// ConnectionID is the ARM ID of the gateway's connection to the circuit.
	ConnectionID string
	// VirtualCircuitID is the OCID of the location's FastConnect virtual
	// circuit.
	VirtualCircuitID string
	// Primary and Secondary are the location's BGP /30s in use: its virtual
	// circuit's, else its private peering's.
	Primary, Secondary netip.Prefix
}

// Location returns the location of the given index, and whether anything of
// it exists.
func (inv *Inventory) Location(index int) (LocationInventory, bool) {
	for _, l := range inv.Locations {
		if l.Index == index {
			return l, true
		}
	}
	return LocationInventory{}, false
}

// Inventory reads both clouds, as Verify does, and returns what they hold of
// the interconnect s describes. It writes nothing. Like Verify it returns a
// *ValidationError when s is invalid or names networks that do not exist.
func (c *Client) Inventory(ctx context.Context, s Spec) (*Inventory, error) {
	s, o, err := c.observe(ctx, s, readExisting)
	if err != nil {
		return nil, err
	}
	inv := &Inventory{}
	gwOwned := false
	if gw := o.gateway(); gw != nil {
		inv.GatewayID = gw.ID
		gwOwned = ownedBy(gw.Tags, s.Name)
	}
	drgOwned := false
	if o.drg != nil {
		inv.DRGID = o.drg.ID
		drgOwned = s.OCI.DRGID == ""
	}
	for _, st := range o.sites {
		if !st.exists() {
			continue
		}
		st.learnLocation()
		l := LocationInventory{Index: st.index, PeeringLocation: st.location}
		if st.circuit != nil {
			l.CircuitID, l.ServiceKey = st.circuit.ID, st.circuit.ServiceKey
			l.PeeringLocation = st.circuit.PeeringLocation
		}
		if st.connection != nil {
			l.ConnectionID = st.connection.ID
		}
		switch {
		case st.vc != nil && len(st.vc.CrossConnectMappings) == 2:
			l.Primary = st.vc.CrossConnectMappings[0].OracleBGPPeeringIP.Masked()
			l.Secondary = st.vc.CrossConnectMappings[1].OracleBGPPeeringIP.Masked()
		case st.peering != nil && st.peering.PrimaryPrefix.IsValid():
			l.Primary, l.Secondary = st.peering.PrimaryPrefix, st.peering.SecondaryPrefix
		}
		if st.vc != nil {
			l.VirtualCircuitID = st.vc.ID
		}
		inv.Locations = append(inv.Locations, l)
	}
	inv.Exists = len(inv.Locations) > 0 || gwOwned || drgOwned
	return inv, nil
}
