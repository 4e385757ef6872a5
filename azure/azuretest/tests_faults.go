package azuretest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/sim"
)

// testConflictWhileUpdating: a Put or Delete on a resource whose operation
// is still running is ARM's 409 AnotherOperationInProgress, retryable.
func testConflictWhileUpdating(f *fixture) {
	t := f.t
	started := must[azure.Circuit](t)(simworld.Of(f.w).AzureNoWait().PutCircuit(f.ctx, f.env.ResourceGroup, f.circuitSpec("er")))
	if started.State != azure.Updating {
		t.Fatalf("the slow world's circuit is %s, want Updating", started.State)
	}
	got := must[azure.Circuit](t)(f.n.GetCircuit(f.ctx, f.env.ResourceGroup, f.name("er")))
	if got.State != azure.Updating {
		t.Errorf("GetCircuit during the operation: %s, want Updating", got.State)
	}
	_, err := f.n.PutCircuit(f.ctx, f.env.ResourceGroup, f.circuitSpec("er"))
	if e := wantErr(t, err, http.StatusConflict, "AnotherOperationInProgress"); !e.Retryable() {
		t.Errorf("%v is not Retryable", err)
	}
	wantErr(t, f.n.DeleteCircuit(f.ctx, f.env.ResourceGroup, f.name("er")), http.StatusConflict, "AnotherOperationInProgress")
}

// testContextEndsFirst: a Put whose context ends while the operation runs
// returns the context's error; the operation goes on.
func testContextEndsFirst(f *fixture) {
	t := f.t
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	go func() { // end the context once ARM has accepted the operation
		defer cancel()
		for ctx.Err() == nil {
			if st, _ := simworld.Of(f.w).AzureResourceState(f.id("publicIPAddresses", f.name("pip"))); st == azure.Updating {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := f.n.PutPublicIP(ctx, f.env.ResourceGroup, azure.PublicIP{Name: f.name("pip"), Location: f.env.Region, SKU: "Standard", Static: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PutPublicIP whose context ends during the operation: %v, want context.Canceled", err)
	}
	got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, f.env.ResourceGroup, f.name("pip")))
	if got.State != azure.Updating {
		t.Errorf("after the context ended the public IP is %s, want Updating (the operation goes on)", got.State)
	}
}

// testAsyncFailure: an operation ARM accepted that ends Failed is an error
// with ARM's code, and leaves the resource Failed; putting it again repairs
// it.
func testAsyncFailure(f *fixture) {
	t := f.t
	spec := azure.PublicIP{Name: f.name("pip"), Location: f.env.Region, SKU: "Standard", Static: true}
	for _, op := range []string{"PutPublicIP", "DeletePublicIP"} {
		f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: op, Count: 1, Kind: sim.AsyncFailure})
	}
	_, err := f.n.PutPublicIP(f.ctx, f.env.ResourceGroup, spec)
	wantErr(t, err, http.StatusInternalServerError, "InternalServerError")
	if got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, f.env.ResourceGroup, f.name("pip"))); got.State != azure.Failed {
		t.Errorf("after the failed operation the public IP is %s, want Failed", got.State)
	}
	if p := must[azure.PublicIP](t)(f.n.PutPublicIP(f.ctx, f.env.ResourceGroup, spec)); p.State != azure.Succeeded {
		t.Errorf("putting it again: %s, want Succeeded", p.State)
	}
	wantErr(t, f.n.DeletePublicIP(f.ctx, f.env.ResourceGroup, f.name("pip")), http.StatusInternalServerError, "InternalServerError")
	if got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, f.env.ResourceGroup, f.name("pip"))); got.State != azure.Failed {
		t.Errorf("after the failed delete the public IP is %s, want Failed", got.State)
	}
	noErr(t, f.n.DeletePublicIP(f.ctx, f.env.ResourceGroup, f.name("pip")))
}

// testConflictFault: an injected conflict is 409 AnotherOperationInProgress,
// with no effect; the next call succeeds.
func testConflictFault(f *fixture) {
	t := f.t
	f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutCircuit", Count: 1, Kind: sim.Conflict})
	_, err := f.n.PutCircuit(f.ctx, f.env.ResourceGroup, f.circuitSpec("er"))
	if e := wantErr(t, err, http.StatusConflict, "AnotherOperationInProgress"); !e.Retryable() {
		t.Errorf("%v is not Retryable", err)
	}
	if _, err := f.n.GetCircuit(f.ctx, f.env.ResourceGroup, f.name("er")); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("the refused Put made a circuit: %v", err)
	}
	f.circuit("er")
}

func testValuesDoNotAlias(f *fixture) {
	p := f.publicIP("pip")
	p.Tags["managed-by"] = "someone else"
	got := must[azure.PublicIP](f.t)(f.n.GetPublicIP(f.ctx, f.env.ResourceGroup, f.name("pip")))
	if !maps.Equal(got.Tags, ownerTags()) {
		f.t.Errorf("changing a returned value changed the resource: %v", got.Tags)
	}
}

// testOperationFailed: an operation ARM accepted that then ends Failed is
// an *azure.Error with OperationFailed and the operation's code; it is
// Retryable only for a transient code (azure.TransientOperationCodes), for
// a Put as for a Delete.
func testOperationFailed(f *fixture) {
	rg := f.env.ResourceGroup
	tests := []struct {
		name, op, code, want string
		retryable            bool
	}{
		{"final, on a Put", "PutPublicIP", "QuotaExceeded", "QuotaExceeded", false},
		{"transient, on a Put", "PutPublicIP", "", "InternalServerError", true},
		{"final, on a Delete", "DeletePublicIP", "QuotaExceeded", "QuotaExceeded", false},
		{"transient, on a Delete", "DeletePublicIP", "", "InternalServerError", true},
	}
	for i, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			name := f.name(fmt.Sprintf("pip%d", i))
			spec := azure.PublicIP{Name: name, Location: f.env.Region, SKU: "Standard", Static: true}
			if tc.op == "DeletePublicIP" {
				must[azure.PublicIP](t)(f.n.PutPublicIP(f.ctx, rg, spec))
			}
			f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: tc.op, Count: 1, Kind: sim.AsyncFailure, Code: tc.code})
			var err error
			if tc.op == "PutPublicIP" {
				_, err = f.n.PutPublicIP(f.ctx, rg, spec)
			} else {
				err = f.n.DeletePublicIP(f.ctx, rg, name)
			}
			e := wantErr(t, err, http.StatusInternalServerError, tc.want)
			if !e.OperationFailed || e.Op != tc.op || e.Retryable() != tc.retryable {
				t.Errorf("err = %#v, want OperationFailed in %s, Retryable %v", e, tc.op, tc.retryable)
			}
			if !strings.Contains(err.Error(), "the operation failed with "+tc.want) {
				t.Errorf("error text %q does not say the operation failed", err)
			}
			if got := must[azure.PublicIP](t)(f.n.GetPublicIP(f.ctx, rg, name)); got.State != azure.Failed {
				t.Errorf("after the failed operation the public IP is %s, want Failed", got.State)
			}
		})
	}
}
