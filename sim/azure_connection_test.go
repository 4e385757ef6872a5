package sim

import (
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
)

// TestConnectionStatusUnknownAtFirst: a new connection reads Connecting while
// it is made, Unknown for Latency.ConnectionStatus once made (routes flow
// meanwhile: the gateway learns the VCN, OCI learns the VNet), then
// Connected; an update does not bring Unknown back.
func TestConnectionStatusUnknownAtFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		g := f.gateway(azure.SKUErGw3AZ, 0)
		c, _, vc := f.provisioned()
		in := azure.Connection{Name: "conn", Location: "eastus", GatewayID: g.ID, CircuitID: c.ID}
		if got := must[azure.Connection](t)(f.nw.PutConnection(f.ctx, testRG, in)); got.Status != azure.Connecting {
			t.Errorf("while being made: %q, want Connecting", got.Status)
		}
		time.Sleep(f.lat.Connection)
		status := func() string {
			t.Helper()
			return must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, "conn")).Status
		}
		if s := status(); s != azure.ConnectionUnknown {
			t.Errorf("once made: %q, want Unknown", s)
		}
		routes := must[[]azure.GatewayRoute](t)(f.az.ListLearnedRoutes(f.ctx, testRG, g.Name))
		if !slices.ContainsFunc(routes, func(r azure.GatewayRoute) bool { return r.Network == vcnCIDR && r.Origin == azure.OriginEBGP }) {
			t.Errorf("while Unknown the gateway learned %+v, want the VCN's %s", routes, vcnCIDR)
		}
		if got := f.w.OCILearnedRoutes(vc.ID); !slices.Equal(got, []netip.Prefix{vnetSpace}) {
			t.Errorf("while Unknown OCI learned %v, want %v", got, vnetSpace)
		}
		time.Sleep(f.lat.ConnectionStatus - time.Nanosecond)
		if s := status(); s != azure.ConnectionUnknown {
			t.Errorf("just before Latency.ConnectionStatus: %q, want Unknown", s)
		}
		time.Sleep(time.Nanosecond)
		if s := status(); s != azure.Connected {
			t.Errorf("after Latency.ConnectionStatus: %q, want Connected", s)
		}
		in.FastPath = true
		must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, in))
		if s := status(); s != azure.Connected {
			t.Errorf("after an update: %q, want Connected", s)
		}
	})
}
