package sim

import (
	"context"

	"github.com/azoci/interconnect/oci"
)

// This file: what the OCI HTTP face (sim/ociface) needs beyond oci.Network.

// listVirtualCircuits lists a compartment's virtual circuits that are not
// TERMINATED, whatever their display name, by OCID: what OCI's
// ListVirtualCircuits answers without a displayName filter (oci.Network only
// has FindVirtualCircuits, which filters by name). A missing compartment
// answers 404 NotAuthorizedOrNotFound.
//
// It is an API call like those of World.OCI: it takes Latency.Read, is
// logged in Calls as "ListVirtualCircuits" and injected faults for that
// operation apply.
func (w *World) listVirtualCircuits(ctx context.Context, compartmentID string) ([]oci.VirtualCircuit, error) {
	f := &ociFace{w: w}
	return ociCall(f, ctx, "ListVirtualCircuits", compartmentID, 0, func() ([]oci.VirtualCircuit, error) {
		if err := w.needCompartment(compartmentID); err != nil {
			return nil, err
		}
		out := []oci.VirtualCircuit{}
		for _, k := range sortedKeys(w.st.VirtualCircuits) {
			vc := w.st.VirtualCircuits[k]
			if vc.CompartmentID == compartmentID && vc.State != oci.Terminated && w.visible(vc.Region) {
				out = append(out, w.vcView(vc))
			}
		}
		return out, nil
	})
}
