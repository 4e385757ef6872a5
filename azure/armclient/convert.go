package armclient

import (
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

// This file holds the helpers of every conversion between the armnetwork
// model types and this package's value types, in both directions, so the
// client stays thin. The conversions themselves are in convert_vnet.go,
// convert_gateway.go and convert_circuit.go (peering.go holds those of
// virtual network peerings).
//
// Reads (…FromARM) are lenient: a field ARM leaves out, or sends in a form
// that does not parse (an address that is not an IP), reads as the zero
// value. Writes (…ToARM) start from the resource as ARM returned it (nil
// when it does not exist yet) and replace only the fields this package
// models, so a PUT keeps what the library does not manage (peerings and
// authorizations of a circuit, a gateway's other settings, ...). The result
// of a write shares no memory that the caller will see change: each level
// of properties that is modified is copied first. Names travel in the URL,
// not in the body.

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func ptrOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func parsePrefix(s *string) netip.Prefix {
	p, err := netip.ParsePrefix(strings.TrimSpace(deref(s)))
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

func parseAddr(s *string) netip.Addr {
	a, err := netip.ParseAddr(strings.TrimSpace(deref(s)))
	if err != nil {
		return netip.Addr{}
	}
	return a
}

func prefixString(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return to.Ptr(p.String())
}

func tagsFromARM(m map[string]*string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = deref(v)
	}
	return out
}

func tagsToARM(m map[string]string) map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		out[k] = to.Ptr(v)
	}
	return out
}

func stringsFromARM(ps []*string) []string {
	if len(ps) == 0 {
		return nil
	}
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func stringsToARM(ss []string) []*string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = to.Ptr(s)
	}
	return out
}

// stateFromARM maps ARM's provisioningState onto the four states this
// package knows: Creating is an operation in progress (Updating), Canceled
// an operation that did not succeed (Failed).
func stateFromARM(p *armnetwork.ProvisioningState) azure.ProvisioningState {
	switch s := deref(p); s {
	case armnetwork.ProvisioningStateCreating:
		return azure.Updating
	case armnetwork.ProvisioningStateCanceled:
		return azure.Failed
	default:
		return azure.ProvisioningState(s)
	}
}

func subResourceID(r *armnetwork.SubResource) string {
	if r == nil {
		return ""
	}
	return deref(r.ID)
}

func subResource(id string) *armnetwork.SubResource {
	if id == "" {
		return nil
	}
	return &armnetwork.SubResource{ID: to.Ptr(id)}
}
