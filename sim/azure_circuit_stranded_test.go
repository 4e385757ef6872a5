package sim

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestDeleteCircuitBeforeTheProviderStrandsIt: deleting a circuit Oracle has
// provisioned (its peering still there) or is still provisioning is accepted;
// the operation ends Failed with CircuitNotDeprovisionedByProvider, the
// circuit stays, Failed, with its provider state, and StrandedCircuits
// records it as billed. Once the virtual circuit is gone and the peering
// deleted, a new delete goes through and the record reads not billed.
func TestDeleteCircuitBeforeTheProviderStrandsIt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(f *fx) (ckt azure.Circuit, vcID string)
		state azure.ProviderState
	}{
		{"Provisioned, with the provider's peering", func(f *fx) (azure.Circuit, string) {
			c, _, vc := f.provisioned()
			return c, vc.ID
		}, azure.Provisioned},
		{"Provisioning", func(f *fx) (azure.Circuit, string) {
			c := f.circuit("er")
			vc := must[oci.VirtualCircuit](f.t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, f.drg().ID), ""))
			return c, vc.ID
		}, azure.Provisioning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				c, vcID := tc.setup(f)
				start := time.Now()
				err := f.az.DeleteCircuit(f.ctx, testRG, "er")
				wantAzureErr(t, err, http.StatusBadRequest, "CircuitNotDeprovisionedByProvider")
				if e := (*azure.Error)(nil); !errors.As(err, &e) || !e.OperationFailed {
					t.Errorf("the delete's error %v is not an operation ARM accepted and then failed", err)
				}
				if d := time.Since(start); d != f.lat.Circuit {
					t.Errorf("the delete took %s, want Latency.Circuit %s", d, f.lat.Circuit)
				}
				got := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er"))
				if got.State != azure.Failed || got.ProviderState != tc.state {
					t.Errorf("after the delete the circuit is %s, provider %s; want Failed, %s", got.State, got.ProviderState, tc.state)
				}
				stranded := f.w.StrandedCircuits()
				if len(stranded) != 1 || stranded[0].ID != c.ID || stranded[0].ProviderState != tc.state || !stranded[0].Billed || !stranded[0].At.Equal(start) {
					t.Fatalf("StrandedCircuits = %+v, want the circuit, %s, billed, at %s", stranded, tc.state, start)
				}

				// Deprovision, then delete for good.
				noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vcID))
				time.Sleep(f.lat.VirtualCircuit)
				if got := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er")); got.ProviderState != azure.NotProvisioned {
					t.Fatalf("after the virtual circuit's deletion the circuit is %s", got.ProviderState)
				}
				noErr(t, f.az.DeletePrivatePeering(f.ctx, testRG, "er"))
				noErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"))
				if _, err := f.az.GetCircuit(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
					t.Errorf("circuit after the second delete: %v", err)
				}
				if s := f.w.StrandedCircuits(); len(s) != 1 || s[0].Billed {
					t.Errorf("StrandedCircuits after the circuit went = %+v, want one record, not billed", s)
				}
			})
		})
	}
}

// TestStrandedCircuitsSurviveSaveAndLoad: the record is part of the world's
// state.
func TestStrandedCircuitsSurviveSaveAndLoad(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		f.provisioned()
		_ = f.az.DeleteCircuit(f.ctx, testRG, "er")
		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		w, err := Load(&buf, instantReads())
		noErr(t, err)
		if s := w.StrandedCircuits(); len(s) != 1 || !s[0].Billed {
			t.Errorf("after Save and Load: %+v", s)
		}
	})
}

// TestProviderStallsTermination: the fault keeps a deleted virtual circuit
// TERMINATING and its ExpressRoute circuit Deprovisioning for good; the
// delete itself succeeds, and the fault is used up by that one call.
func TestProviderStallsTermination(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		_, _, vc := f.provisioned()
		f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "DeleteVirtualCircuit", Count: 1, Kind: ProviderStallsTermination})
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
		time.Sleep(10 * f.lat.VirtualCircuit)
		if got := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); got.State != oci.Terminating {
			t.Errorf("virtual circuit %s, want TERMINATING still", got.State)
		}
		if got := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er")); got.ProviderState != azure.Deprovisioning {
			t.Errorf("circuit %s, want Deprovisioning still", got.ProviderState)
		}
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID)) // deleting it again joins
		if len(f.w.Faults()) != 0 {
			t.Errorf("faults left: %+v", f.w.Faults())
		}
	})
}
