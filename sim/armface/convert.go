package armface

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: the server side of the wire. Responses are built as armnetwork
// models in the shapes of Microsoft's examples; requests are read from
// armnetwork models into the world's azure.* values. It is written
// independently of package azure's client-side conversions on purpose: the
// same mistake on both sides of a round trip would hide itself. This file
// holds the helpers; the conversions are in convert_vnet.go,
// convert_gateway.go and convert_circuit.go (those of virtual network
// peerings in peering.go).

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return to.Ptr(s)
}

func tags(m map[string]string) map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		out[k] = to.Ptr(v)
	}
	return out
}

func tagsIn(m map[string]*string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = deref(v)
	}
	return out
}

func strs(ss []string) []*string {
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = to.Ptr(s)
	}
	return out
}

func strsIn(ps []*string) []string {
	var out []string
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func state(s azure.ProvisioningState) *armnetwork.ProvisioningState {
	if s == "" {
		return nil
	}
	return to.Ptr(armnetwork.ProvisioningState(s))
}

func sub(id string) *armnetwork.SubResource {
	if id == "" {
		return nil
	}
	return &armnetwork.SubResource{ID: to.Ptr(id)}
}

func subIn(r *armnetwork.SubResource) string {
	if r == nil {
		return ""
	}
	return deref(r.ID)
}

// prefixIn parses a prefix; what does not parse is the zero Prefix, which
// the world refuses with its own error.
func prefixIn(s *string) netip.Prefix {
	p, _ := netip.ParsePrefix(deref(s))
	return p
}

func prefixOut(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return to.Ptr(p.String())
}

func badRequest(id, code, format string, args ...any) error {
	return &azure.Error{Op: "decode", Resource: id, StatusCode: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}
