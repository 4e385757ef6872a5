package sim

import (
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// The tests in this file cover what the real clouds do that a first version
// of the simulator did not model: invalidated retry tokens, provider faults
// on virtual circuits, provider services listed in the tenancy only, the
// peering that outlives deprovisioning, gateway downgrades, ExpressRoute
// Local, learned routes and final ARM operation failures.

// TestInvalidatedRetryToken: a retry token answers with its DRG while the
// DRG is being deleted, and 409 InvalidatedRetryToken once it has been
// deleted, purged or not (OCI "API Errors"); a new token creates anew.
func TestInvalidatedRetryToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		d := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, "tok"))
		time.Sleep(f.lat.DRG)
		noErr(t, f.oc.DeleteDRG(f.ctx, d.ID))

		// Being deleted: the token answers with the dying DRG.
		again := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, "tok"))
		if again.ID != d.ID || again.State != oci.Terminating {
			t.Fatalf("token while the DRG is deleted answered %+v, want the TERMINATING %s", again, d.ID)
		}

		// Deleted, not purged yet: the token is invalidated.
		time.Sleep(f.lat.DRG)
		if got := must[oci.DRG](t)(f.oc.GetDRG(f.ctx, d.ID)); got.State != oci.Terminated {
			t.Fatalf("DRG after its delete: %s, want TERMINATED", got.State)
		}
		_, err := f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, "tok")
		wantOCIErr(t, err, http.StatusConflict, oci.CodeInvalidatedRetryToken)
		if !oci.IsInvalidatedRetryToken(err) {
			t.Errorf("IsInvalidatedRetryToken(%v) = false", err)
		}

		// Purged: still invalidated.
		f.w.PurgeDeleted()
		if _, err := f.oc.GetDRG(f.ctx, d.ID); !errors.Is(err, oci.ErrNotFound) {
			t.Errorf("GetDRG after purge: %v", err)
		}
		_, err = f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, "tok")
		wantOCIErr(t, err, http.StatusConflict, oci.CodeInvalidatedRetryToken)

		// A new token creates a new DRG.
		n := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "drg"}, "tok2"))
		if n.ID == d.ID || n.State != oci.Provisioning {
			t.Errorf("new token made %+v", n)
		}
	})
}

func TestProviderFaultsOnVirtualCircuits(t *testing.T) {
	for _, tc := range []struct {
		kind       FaultKind
		states     []oci.LifecycleState // at thirds of Latency.VirtualCircuit: 1/3, 2/3, 3/3, then 2×
		provider   azure.ProviderState  // the ExpressRoute circuit's at the end
		provisions bool
	}{
		{ProviderRejects, []oci.LifecycleState{oci.Failed, oci.Failed, oci.Failed, oci.Failed}, azure.NotProvisioned, false},
		{ProviderDeactivates, []oci.LifecycleState{oci.Inactive, oci.Inactive, oci.Inactive, oci.Inactive}, azure.NotProvisioned, false},
		{ProviderVerifies, []oci.LifecycleState{oci.Verifying, oci.Verifying, oci.Verifying, oci.Provisioned}, azure.Provisioned, true},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				c := f.circuit("er")
				d := f.drg()
				f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "CreateVirtualCircuit", Count: 1, Kind: tc.kind})
				start := time.Now()
				vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
				if vc.State != oci.PendingProvider {
					t.Fatalf("created %s, want PENDING_PROVIDER", vc.State)
				}
				third := f.lat.VirtualCircuit / 3
				for i, at := range []time.Duration{third, 2 * third, 3 * third, 2 * f.lat.VirtualCircuit} {
					time.Sleep(time.Until(start.Add(at)))
					got := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID))
					if got.State != tc.states[i] {
						t.Errorf("at %s: %s, want %s", at, got.State, tc.states[i])
					}
				}
				ckt := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er"))
				if ckt.ProviderState != tc.provider {
					t.Errorf("circuit provider state %s, want %s", ckt.ProviderState, tc.provider)
				}
				if _, err := f.az.GetPrivatePeering(f.ctx, testRG, "er"); (err == nil) != tc.provisions {
					t.Errorf("peering: %v, want one configured: %v", err, tc.provisions)
				}
				// A faulted circuit can be deleted like any other.
				noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
			})
		})
	}
}

func TestProviderServicesOnlyInTheTenancy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, instantReads(), WithTenancy("ocid1.tenancy.oc1..aaaaaaaamytenancy"))
		if got := f.oc.TenancyID(); got != "ocid1.tenancy.oc1..aaaaaaaamytenancy" {
			t.Fatalf("TenancyID = %q", got)
		}
		if ps := must[[]oci.ProviderService](t)(f.oc.ListProviderServices(f.ctx, f.oc.TenancyID())); len(ps) == 0 {
			t.Error("no provider services in the tenancy")
		}
		_, err := f.oc.ListProviderServices(f.ctx, testComp)
		wantOCIErr(t, err, http.StatusNotFound, "NotAuthorizedOrNotFound")
	})
}

func TestPeeringOutlivesDeprovisioning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		_, _, vc := f.provisioned()
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
		time.Sleep(f.lat.VirtualCircuit)
		c := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er"))
		if c.ProviderState != azure.NotProvisioned {
			t.Fatalf("circuit %s after the virtual circuit is gone", c.ProviderState)
		}
		wantAzureErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"), http.StatusBadRequest, "CircuitHasPeerings")

		// Deleting the peering takes Latency.Peering; the circuit may go after.
		start := time.Now()
		noErr(t, f.az.DeletePrivatePeering(f.ctx, testRG, "er"))
		if took := time.Since(start); took != f.lat.Peering {
			t.Errorf("DeletePrivatePeering took %s, want %s", took, f.lat.Peering)
		}
		noErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"))
	})
}

func TestDeletePrivatePeeringTakesBGPDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		_, _, vc := f.provisioned()
		noErr(t, f.nw.DeletePrivatePeering(f.ctx, testRG, "er"))
		if p := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, "er")); p.State != azure.Deleting {
			t.Errorf("peering %s while being deleted", p.State)
		}
		if got := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); got.BGPSessionState != oci.BGPDown {
			t.Errorf("BGP %s while the peering is being deleted", got.BGPSessionState)
		}
		// A second delete joins the first.
		noErr(t, f.az.DeletePrivatePeering(f.ctx, testRG, "er"))
		if _, err := f.az.GetPrivatePeering(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("peering after delete: %v", err)
		}
	})
}

func TestGatewayDowngradeIsRefused(t *testing.T) {
	for _, tc := range []struct{ from, to, code string }{
		{azure.SKUErGw3AZ, azure.SKUErGw1AZ, "InvalidGatewaySkuResize"},
		{azure.SKUErGw2AZ, azure.SKUErGw1AZ, "InvalidGatewaySkuResize"},
		{azure.SKUUltraPerformance, azure.SKUStandard, "InvalidGatewaySkuResize"},
		{azure.SKUErGw1AZ, azure.SKUStandard, "InvalidGatewaySkuResize"},
		{azure.SKUErGw1AZ, azure.SKUErGw3AZ, ""}, // an upgrade in place
		{azure.SKUStandard, azure.SKUHighPerformance, ""},
	} {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				g := f.gateway(tc.from, 0)
				g.SKU = tc.to
				_, err := f.az.PutGateway(f.ctx, testRG, g)
				if tc.code == "" {
					noErr(t, err)
					return
				}
				wantAzureErr(t, err, http.StatusBadRequest, tc.code)
			})
		})
	}
}

func TestExpressRouteLocal(t *testing.T) {
	for _, tc := range []struct {
		name, location, peering, family, code string
	}{
		{"local to the region", "eastus", "Washington DC", "UnlimitedData", ""},
		{"a pair's far location", "westus3", "Washington DC", "UnlimitedData", "ExpressRouteLocalNotAvailable"},
		{"metered", "eastus", "Washington DC", "MeteredData", "InvalidSkuFamily"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				c := circuitSpec("er")
				c.Location, c.PeeringLocation, c.SKU = tc.location, tc.peering, azure.CircuitSKU{Tier: "Local", Family: tc.family}
				_, err := f.az.PutCircuit(f.ctx, testRG, c)
				if tc.code == "" {
					noErr(t, err)
					return
				}
				wantAzureErr(t, err, http.StatusBadRequest, tc.code)
			})
		})
	}
}

func TestLearnedRoutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		g := f.gateway(azure.SKUErGw3AZ, 0)
		c, _, _ := f.provisioned()
		routes := must[[]azure.GatewayRoute](t)(f.az.ListLearnedRoutes(f.ctx, testRG, g.Name))
		if len(routes) != 1 || routes[0].Origin != azure.OriginNetwork || routes[0].Network != vnetSpace {
			t.Fatalf("before the connection: %+v, want only the VNet's own network", routes)
		}
		must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn", Location: "eastus", GatewayID: g.ID, CircuitID: c.ID}))
		routes = must[[]azure.GatewayRoute](t)(f.az.ListLearnedRoutes(f.ctx, testRG, g.Name))
		var ebgp []azure.GatewayRoute
		for _, r := range routes {
			if r.Origin == azure.OriginEBGP {
				ebgp = append(ebgp, r)
			}
		}
		if len(ebgp) != 2 {
			t.Fatalf("learned %+v, want the VCN's CIDR from both paths", routes)
		}
		for _, r := range ebgp {
			asns := r.ASNs()
			if r.Network != vcnCIDR || len(asns) != 2 || asns[0] != AzureASN || asns[1] != oci.OracleASN || !r.NextHop.IsValid() {
				t.Errorf("route %+v (ASNs %v), want %s via 12076-31898", r, asns, vcnCIDR)
			}
		}
		// A broken path takes its routes away.
		noErr(t, f.w.BreakPath(c.ID, azure.Primary))
		routes = must[[]azure.GatewayRoute](t)(f.az.ListLearnedRoutes(f.ctx, testRG, g.Name))
		n := 0
		for _, r := range routes {
			if r.Origin == azure.OriginEBGP {
				n++
			}
		}
		if n != 1 {
			t.Errorf("with the primary path broken: %d EBGP routes, want 1", n)
		}
		_, err := f.az.ListLearnedRoutes(f.ctx, testRG, "no-such-gateway")
		if !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("missing gateway: %v", err)
		}
	})
}

func TestFinalOperationFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutPublicIP", Count: 1, Kind: AsyncFailure, Code: "QuotaExceeded"})
		_, err := f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "pip", Location: "eastus", SKU: "Standard", Static: true})
		var e *azure.Error
		if !errors.As(err, &e) || !e.OperationFailed || e.Code != "QuotaExceeded" || e.Retryable() {
			t.Fatalf("err = %#v, want a final OperationFailed QuotaExceeded", err)
		}
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutPublicIP", Count: 1, Kind: AsyncFailure})
		_, err = f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "pip", Location: "eastus", SKU: "Standard", Static: true})
		if !errors.As(err, &e) || !e.OperationFailed || e.Code != "InternalServerError" || !e.Retryable() {
			t.Fatalf("err = %#v, want a transient OperationFailed InternalServerError", err)
		}
	})
}

func TestAddDRGAttachmentInAnotherCompartment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		const network = "ocid1.compartment.oc1..aaaaaaaanetwork"
		d := f.w.AddDRG(DRG{CompartmentID: network, DisplayName: "hub"})
		a := f.w.AddDRGAttachment(DRGAttachment{DRGID: d.ID, VCNID: testVCN})
		if a.State != oci.Attached || a.CompartmentID != network {
			t.Fatalf("seeded %+v", a)
		}
		if l := must[[]oci.DRGAttachment](t)(f.oc.ListDRGAttachments(f.ctx, testComp, testVCN, "")); len(l) != 0 {
			t.Errorf("the spec's compartment lists %+v", l)
		}
		if l := must[[]oci.DRGAttachment](t)(f.oc.ListDRGAttachments(f.ctx, network, testVCN, d.ID)); len(l) != 1 || l[0].ID != a.ID {
			t.Errorf("the DRG's compartment lists %+v", l)
		}
		// The VCN attaches to one DRG.
		other := f.drg()
		_, err := f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: other.ID, VCNID: testVCN}, "")
		wantOCIErr(t, err, http.StatusConflict, "Conflict")
	})
}
