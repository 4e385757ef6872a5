package interconnect

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// This file: what the library names, tags and therefore owns. State lives in
// the clouds: a resource is found again by its name (Azure) or display name
// plus ownership tag (OCI), and only what carries the tag is ever deleted.
// Every "is this ours" question is answered here, once.

// OwnershipTagKey is the tag the library puts on every resource it creates,
// on both clouds, so that teardown touches only what it made. Users may not
// set it in Spec.Tags.
const OwnershipTagKey = "azoci-interconnect"

// gatewaySubnetTagKey marks, on a gateway the library created, that the
// library also created the GatewaySubnet (subnets carry no tags of their own),
// so teardown may delete it.
const gatewaySubnetTagKey = OwnershipTagKey + "-gateway-subnet"

// locationTagKey marks the virtual circuit of the second peering location
// of maximum resiliency; its value is that location. The two virtual
// circuits share a display name (so that the one read that finds the first
// also finds the second), and this tag tells them apart: the first location's
// has none.
const locationTagKey = OwnershipTagKey + "-location"

// names are the deterministic names of everything the library creates for
// one interconnect.
type names struct {
	circuit, gateway, publicIP, connection string // Azure resource names
	drg, drgAttachment, virtualCircuit     string // OCI display names
	// routeRule is the description of the route rules the library adds; it
	// marks them as owned.
	routeRule string
}

func namesFor(s Spec) names {
	return names{
		circuit:        s.Name + "-er",
		gateway:        s.Azure.Gateway.Name,
		publicIP:       s.Azure.Gateway.Name + "-pip",
		connection:     s.Name + "-conn",
		drg:            s.Name + "-drg",
		drgAttachment:  s.Name + "-drg-attachment",
		virtualCircuit: s.Name + "-vc",
		routeRule:      OwnershipTagKey + ":" + s.Name,
	}
}

// CircuitID is the ARM ID of the ExpressRoute circuit the interconnect
// creates and owns ("<name>-er" in azure.resourceGroup), for reading its
// metrics or finding it in the simulator; with maximum resiliency, the first
// location's (see CircuitIDs).
func (s Spec) CircuitID() string {
	return azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "expressRouteCircuits", namesFor(s).circuit)
}

// CircuitIDs are the ARM IDs of the interconnect's ExpressRoute circuits,
// one per peering location, the first location's first (CircuitID); call it
// on the result of [Spec.WithDefaults].
func (s Spec) CircuitIDs() []string {
	var out []string
	for _, st := range sitesFor(s) {
		out = append(out, azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "expressRouteCircuits", st.circuitName))
	}
	return out
}

// ownedBy reports whether tags carry the ownership tag of the interconnect
// named name.
func ownedBy(tags map[string]string, name string) bool {
	return tags[OwnershipTagKey] == name
}

// ownerTags are the user's tags plus the ownership tag.
func ownerTags(s Spec) map[string]string {
	t := maps.Clone(s.Tags)
	if t == nil {
		t = map[string]string{}
	}
	t[OwnershipTagKey] = s.Name
	return t
}

// ourDRG reports whether d is the live DRG this interconnect made: its
// display name, its tag, not TERMINATED.
func ourDRG(d oci.DRG, n names, name string) bool {
	return d.DisplayName == n.drg && ownedBy(d.FreeformTags, name) && d.State != oci.Terminated
}

// ourVirtualCircuit reports whether vc is a virtual circuit of this
// interconnect that still counts: its tag, not TERMINATED. One TERMINATING
// counts (Plan refuses to build on it; a teardown waits for it).
func ourVirtualCircuit(vc oci.VirtualCircuit, name string) bool {
	return ownedBy(vc.FreeformTags, name) && vc.State != oci.Terminated
}

// liveAttachment reports whether a DRG attachment still attaches (or is
// attaching, or detaching): not DETACHED.
func liveAttachment(a oci.DRGAttachment) bool { return a.State != oci.Detached }

// retryToken makes an OCI create idempotent across processes and crashes: two
// Applies of the same spec send the same token, so OCI makes one resource. The
// ExpressRoute service key is part of it so that a torn-down and re-applied
// interconnect (a new circuit, a new key) never reuses a token within OCI's
// 24 hours. The key is hashed, never sent.
func retryToken(kind, name, compartment string, serviceKey secret.Value) string {
	h := sha256.Sum256([]byte("azoci-interconnect/v1\x00" + kind + "\x00" + name + "\x00" + compartment + "\x00" + serviceKey.Reveal()))
	return hex.EncodeToString(h[:]) // 64 characters: OCI accepts up to 64
}

// nextRetryToken derives the token to use when token was answered with a
// resource that is being deleted (why is its ID), or was invalidated because
// that resource has been deleted (why is the error code).
func nextRetryToken(token, why string) string {
	h := sha256.Sum256([]byte(token + "\x00" + why))
	return hex.EncodeToString(h[:])
}
