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
	// interconnect exists: the ExpressRoute circuit, the connection, the
	// virtual circuit, or the DRG or gateway it made. Adopted resources (a
	// gateway already in the VNet, oci.drgId) do not count.
	Exists bool
	// CircuitID is the ARM ID of the ExpressRoute circuit; PeeringLocation
	// its peering location and ServiceKey its service key (a secret).
	CircuitID       string
	PeeringLocation string
	ServiceKey      secret.Value
	// GatewayID is the ARM ID of the VNet's ExpressRoute gateway, adopted or
	// the library's.
	GatewayID string
	// ConnectionID is the ARM ID of the connection from the gateway to the
	// circuit.
	ConnectionID string
	// DRGID is the OCID of the DRG, given (oci.drgId) or the library's.
	DRGID string
	// VirtualCircuitID is the OCID of the FastConnect virtual circuit.
	VirtualCircuitID string
	// Primary and Secondary are the BGP /30s in use: the virtual circuit's,
	// else the private peering's.
	Primary, Secondary netip.Prefix
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
	if ckt := o.circuit; ckt != nil {
		inv.CircuitID, inv.PeeringLocation, inv.ServiceKey = ckt.ID, ckt.PeeringLocation, ckt.ServiceKey
	}
	gwOwned := false
	if gw := o.gateway(); gw != nil {
		inv.GatewayID = gw.ID
		gwOwned = ownedBy(gw.Tags, s.Name)
	}
	if o.connection != nil {
		inv.ConnectionID = o.connection.ID
	}
	drgOwned := false
	if o.drg != nil {
		inv.DRGID = o.drg.ID
		drgOwned = s.OCI.DRGID == ""
	}
	switch {
	case o.vc != nil && len(o.vc.CrossConnectMappings) == 2:
		inv.Primary = o.vc.CrossConnectMappings[0].OracleBGPPeeringIP.Masked()
		inv.Secondary = o.vc.CrossConnectMappings[1].OracleBGPPeeringIP.Masked()
	case o.peering != nil && o.peering.PrimaryPrefix.IsValid():
		inv.Primary, inv.Secondary = o.peering.PrimaryPrefix, o.peering.SecondaryPrefix
	}
	if o.vc != nil {
		inv.VirtualCircuitID = o.vc.ID
	}
	inv.Exists = inv.CircuitID != "" || inv.ConnectionID != "" || inv.VirtualCircuitID != "" || gwOwned || drgOwned
	return inv, nil
}
