package sim

import (
	"net/netip"
	"slices"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: what an HTTP face needs to report the status of ARM
// long-running operations without acting as an API call.

// azureResourceState reports the provisioning state of an Azure resource as
// the world knows it now. resourceID is any ARM ID the world hands out
// (case-insensitive), including subnets, the private peering and virtual
// network peerings. A missing
// resource gives an error that matches azure.ErrNotFound.
//
// Unlike the azure.Network faces it is not an API call: it takes no latency,
// is not logged in Calls and is never answered by an injected fault. An HTTP
// face uses it to answer Azure-AsyncOperation and Location polls (ARM serves
// those from its operation store, not from the resource provider) and to tell
// a create (201) from an update (200).
func (w *World) azureResourceState(resourceID string) (azure.ProvisioningState, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	k := key(resourceID)
	for _, kind := range armKinds {
		if r := w.armLookup(kind, k); r != nil {
			return r.arm().State, nil
		}
	}
	return "", &azure.Error{Op: "AzureResourceState", Resource: resourceID, StatusCode: httpstatus.NotFound, Code: "ResourceNotFound",
		Message: "The resource was not found."}
}

// azureCircuitPeering returns the AzurePrivatePeering of the circuit with ID
// circuitID as GetPrivatePeering would, and false when the circuit has none.
// Like azureResourceState it is not an API call. An HTTP face uses it to list
// a circuit's peerings inline in the circuit, as ARM does.
func (w *World) azureCircuitPeering(circuitID string) (azure.PrivatePeering, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	p := w.st.Peerings[key(peeringID(circuitID))]
	if p == nil {
		return azure.PrivatePeering{}, false
	}
	return p.view(), true
}

// azureVirtualNetworkAddressSpace returns the address space of the virtual
// network with ID vnetID (any subscription the world holds), and false when
// there is no such virtual network. Like azureResourceState it is not an API
// call. An HTTP face uses it to answer a peering's remoteAddressSpace, as ARM
// does.
func (w *World) azureVirtualNetworkAddressSpace(vnetID string) ([]netip.Prefix, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	v := w.st.VirtualNetworks[key(vnetID)]
	if v == nil {
		return nil, false
	}
	return slices.Clone(v.AddressSpace), true
}
