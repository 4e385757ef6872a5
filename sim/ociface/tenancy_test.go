package ociface_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestServerServesTheWorldsTenancy checks that a face stands for its world's
// tenancy: Server.ConfigProvider signs as a user of it, provider services
// are answered there and refused elsewhere, and a key of another tenancy is
// refused with a hint.
func TestServerServesTheWorldsTenancy(t *testing.T) {
	const tenancy = "ocid1.tenancy.oc1..aaaaaaaaanothertenancy"
	w := sim.New(sim.WithLatency(sim.Latency{}), sim.WithTenancy(tenancy))
	w.AddVCN(sim.VCN{ID: vcn, CompartmentID: comp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
	srv := ociface.Start(t, w)
	cp := srv.ConfigProvider()
	if got, err := cp.TenancyOCID(); err != nil || got != tenancy || srv.TenancyID() != tenancy {
		t.Fatalf("ConfigProvider tenancy %q (%v), TenancyID %q; want %s", got, err, srv.TenancyID(), tenancy)
	}
	if id, _ := cp.KeyID(); !strings.HasPrefix(id, tenancy+"/"+ociface.TestUser+"/") {
		t.Errorf("keyId %s does not name the world's tenancy", id)
	}

	a := do(t, srv, sign(t, request(t, srv, "GET", "/fastConnectProviderServices?compartmentId="+tenancy+"&limit=1", ""), cp))
	var items []core.FastConnectProviderService
	if a.json(t, &items); a.status != http.StatusOK || len(items) != 1 || a.header.Get("opc-next-page") == "" {
		t.Errorf("provider services in the tenancy: %d %s", a.status, a.body)
	}
	a = do(t, srv, sign(t, request(t, srv, "GET", "/fastConnectProviderServices?compartmentId="+comp, ""), cp))
	if a.status != http.StatusNotFound || a.errorCode(t) != "NotAuthorizedOrNotFound" {
		t.Errorf("provider services in a compartment: %d %s, want 404 NotAuthorizedOrNotFound", a.status, a.body)
	}

	// The package-level provider signs as TestTenancy: not this world's.
	a = do(t, srv, sign(t, request(t, srv, "GET", "/vcns/"+vcn, ""), ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")))
	if a.status != http.StatusUnauthorized || a.errorCode(t) != "NotAuthenticated" || !strings.Contains(string(a.body), tenancy) {
		t.Errorf("a key of another tenancy: %d %s, want 401 naming the tenancy served", a.status, a.body)
	}
	if calls := w.Calls(); len(calls) != 2 {
		t.Errorf("the world saw %d calls, want the 2 authenticated ones: %+v", len(calls), calls)
	}
}

// TestInvalidatedRetryTokenOnTheWire reuses a retry token after its DRG was
// deleted, then purged: OCI's 409 InvalidatedRetryToken in OCI's error
// shape, both times.
func TestInvalidatedRetryTokenOnTheWire(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	w := newWorld()
	srv := ociface.Start(t, w)
	create := func(token string) answer {
		t.Helper()
		r := request(t, srv, "POST", "/drgs", `{"compartmentId":"`+comp+`"}`)
		r.Header.Set("opc-retry-token", token)
		return do(t, srv, sign(t, r, good))
	}
	var made core.Drg
	a := create("tok")
	if a.json(t, &made); a.status != http.StatusOK {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	if a := do(t, srv, sign(t, request(t, srv, "DELETE", "/drgs/"+*made.Id, ""), good)); a.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", a.status, a.body)
	}
	for _, purged := range []bool{false, true} {
		if purged {
			w.PurgeDeleted()
		}
		a = create("tok")
		if a.status != http.StatusConflict || a.errorCode(t) != oci.CodeInvalidatedRetryToken || a.header.Get("Content-Type") != "application/json" {
			t.Errorf("the token after the delete (purged %v): %d %s, want 409 InvalidatedRetryToken as JSON", purged, a.status, a.body)
		}
		if r := srv.Requests(); r[len(r)-1].Code != oci.CodeInvalidatedRetryToken {
			t.Errorf("logged %+v", r[len(r)-1])
		}
	}
	var fresh core.Drg
	a = create("tok2")
	if a.json(t, &fresh); a.status != http.StatusOK || *fresh.Id == *made.Id {
		t.Errorf("a new token: %d %s, want a new DRG", a.status, a.body)
	}
}

// TestVirtualCircuitFaultStatesOnTheWire makes the provider reject or
// deactivate virtual circuits (zero latency: at once) and reads them back as
// JSON: FAILED and INACTIVE as OCI spells them.
func TestVirtualCircuitFaultStatesOnTheWire(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	w := newWorld()
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: "rg",
		Name: "vnet", Region: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}})
	drg := w.AddDRG(sim.DRG{CompartmentID: comp})
	srv := ociface.Start(t, w)
	tests := []struct {
		name  string
		fault sim.FaultKind // 0: none
		want  core.VirtualCircuitLifecycleStateEnum
	}{
		{"no fault", 0, core.VirtualCircuitLifecycleStateProvisioned},
		{"rejected", sim.ProviderRejects, core.VirtualCircuitLifecycleStateFailed},
		{"deactivated", sim.ProviderDeactivates, core.VirtualCircuitLifecycleStateInactive},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			er, err := w.Azure().PutCircuit(t.Context(), "rg", azure.Circuit{Name: "er-" + string(rune('a'+i)), Location: "eastus",
				SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
				PeeringLocation: "Washington DC", BandwidthMbps: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if tt.fault != 0 {
				w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "CreateVirtualCircuit", Count: 1, Kind: tt.fault})
			}
			details := core.CreateVirtualCircuitDetails{CompartmentId: common.String(comp), Type: core.CreateVirtualCircuitDetailsTypePrivate,
				BandwidthShapeName: common.String("1 Gbps"), GatewayId: common.String(drg.ID),
				ProviderServiceId: common.String(sim.AzureProviderServiceID), ProviderServiceKeyName: common.String(er.ServiceKey.Reveal()),
				CrossConnectMappings: []core.CrossConnectMapping{
					{OracleBgpPeeringIp: common.String("192.168.240.1/30"), CustomerBgpPeeringIp: common.String("192.168.240.2/30")},
					{OracleBgpPeeringIp: common.String("192.168.240.5/30"), CustomerBgpPeeringIp: common.String("192.168.240.6/30")}}}
			body, err := json.Marshal(details)
			if err != nil {
				t.Fatal(err)
			}
			var vc core.VirtualCircuit
			a := do(t, srv, sign(t, request(t, srv, "POST", "/virtualCircuits", string(body)), good))
			if a.json(t, &vc); a.status != http.StatusOK {
				t.Fatalf("create: %d %s", a.status, a.body)
			}
			a = do(t, srv, sign(t, request(t, srv, "GET", "/virtualCircuits/"+*vc.Id, ""), good))
			if !strings.Contains(string(a.body), `"lifecycleState":"`+string(tt.want)+`"`) {
				t.Errorf("GET answered %s, want lifecycleState %s", a.body, tt.want)
			}
			if a.json(t, &vc); vc.LifecycleState != tt.want {
				t.Errorf("the SDK reads lifecycleState %q, want %q", vc.LifecycleState, tt.want)
			}
		})
	}
}
