package sim

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/secret"
)

// This file: ExpressRoute circuits and the service provider catalog. The
// circuit's private peering and its ARP and route tables are in
// azure_circuit_peering.go, connections in azure_connection.go.

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
	if in.SKU.Tier == "Local" && len(localRegions[sp.PeeringLocations[i]]) == 0 {
		// ExpressRoute Local exists only at peering locations with local
		// Azure regions (the FAQ: "ExpressRoute Local may not be available
		// for an ExpressRoute Location"; the locations table's ✗). The
		// circuit resource's own location does not matter: "you can create
		// an ExpressRoute circuit with the resource location in East US for
		// the Seattle peering location" (expressroute-locations-providers.md);
		// what Local limits is which regions' VNets it exchanges routes with
		// (localReach). The code is the simulator's own name.
		return nil, "", w.azBadRequest("ExpressRouteLocalNotAvailable",
			"ExpressRoute Local is not available at peering location '%s': it has no local Azure region. Use tier Standard or Premium, or a peering location with local Azure regions.",
			sp.PeeringLocations[i])
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

// DeleteCircuit deletes an ExpressRoute circuit. Azure refuses while a
// connection uses it, and while a deprovisioned circuit still has a peering.
// While the provider has not deprovisioned it, Azure accepts the delete and
// strands the circuit (strandCircuit): it ends Failed, stays, and is billed.
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
			if conn := w.connectionOf(c); conn != nil {
				return nil, w.azBadRequest("InUseCircuitCannotBeDeleted",
					"Circuit %s cannot be deleted because connection %s uses it. Delete the connection first.", c.Name, conn.ID)
			}
			if c.ProviderState != azure.NotProvisioned {
				w.strandCircuit(c)
				return &c.armState, nil
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
// Service providers

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
