package ocitest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// This file: what the tests share.

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// network returns a new client of the harness's cloud.
func network(t *testing.T, h Harness) oci.Network {
	t.Helper()
	n, err := h.MakeNetwork(t.Context())
	if err != nil {
		t.Fatalf("MakeNetwork: %v", err)
	}
	return n
}

// over returns a new client of w, a world the test made. Only the
// simulator-only tests call it, and RunConformanceTests runs those with a
// Simulator only.
func over(t *testing.T, h Harness, w *sim.World) oci.Network {
	t.Helper()
	n, err := h.(Simulator).NetworkOver(t.Context(), w)
	if err != nil {
		t.Fatalf("NetworkOver: %v", err)
	}
	return n
}

// wantErr checks err is an *oci.Error with status and code, naming op and a
// resource, and that errors.Is(err, oci.ErrNotFound) holds exactly for 404.
func wantErr(t *testing.T, err error, op string, status int, code string) *oci.Error {
	t.Helper()
	var e *oci.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *oci.Error %d %s", err, status, code)
	}
	if e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Op != op || e.Resource == "" || e.Message == "" {
		t.Errorf("error %#v: want Op %q, a resource and a message", e, op)
	}
	if got := errors.Is(err, oci.ErrNotFound); got != (status == http.StatusNotFound) {
		t.Errorf("errors.Is(%v, oci.ErrNotFound) = %v", err, got)
	}
	return e
}

// waitFor polls get every p.Poll until done holds, for at most p.Timeout.
func waitFor[T any](t *testing.T, p Pace, what string, get func() (T, error), done func(T) bool) T {
	t.Helper()
	deadline := time.Now().Add(p.Timeout)
	for {
		v, err := get()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if done(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; last %+v", p.Timeout, what, v)
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("waiting for %s: %v", what, t.Context().Err())
		case <-time.After(p.Poll):
		}
	}
}

// waitGone waits until a deleted resource is in its final state (TERMINATED
// or DETACHED: done), or, in a cloud that purges (Env.Purges), gone
// altogether.
func waitGone[T any](t *testing.T, env Env, what string, get func() (T, error), done func(T) bool) {
	t.Helper()
	gone := false
	waitFor(t, env.Pace, what, func() (T, error) {
		v, err := get()
		if env.Purges && errors.Is(err, oci.ErrNotFound) {
			gone, err = true, nil
		}
		return v, err
	}, func(v T) bool { return gone || done(v) })
}

// getDRG returns a getter of one DRG, for waitFor.
func getDRG(ctx context.Context, n oci.Network, id string) func() (oci.DRG, error) {
	return func() (oci.DRG, error) { return n.GetDRG(ctx, id) }
}

// availableDRG creates a DRG in env's compartment and waits until it is
// AVAILABLE. The DRG is deleted when the test ends (see cleanUpDRG).
func availableDRG(t *testing.T, env Env, n oci.Network, name string) oci.DRG {
	t.Helper()
	ctx := t.Context()
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: env.Compartment, DisplayName: name}, ""))
	cleanUpDRG(t, env, n, d.ID)
	return waitFor(t, env.Pace, "DRG AVAILABLE", func() (oci.DRG, error) { return n.GetDRG(ctx, d.ID) },
		func(d oci.DRG) bool { return d.State == oci.Available })
}

// attached attaches drg to vcn and waits until the attachment is ATTACHED.
// The attachment is deleted when the test ends (see cleanUpAttachment).
func attached(t *testing.T, env Env, n oci.Network, drg, vcn string) oci.DRGAttachment {
	t.Helper()
	ctx := t.Context()
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: drg, VCNID: vcn}, ""))
	cleanUpAttachment(t, env, n, a.ID)
	return waitFor(t, env.Pace, "attachment ATTACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Attached })
}

// cleanUpDRG deletes a DRG the test made when the test ends, in a real
// cloud (where a failed test must not leave it behind; the simulator's
// worlds go away with the test). It waits for the DRG to settle first (OCI
// refuses to delete a PROVISIONING DRG); a DRG already gone is fine.
// Cleanups run last-registered first, so attachments made later are
// detached before.
func cleanUpDRG(t *testing.T, env Env, n oci.Network, id string) {
	cleanUp(t, env, "DRG "+id, func(ctx context.Context) (bool, error) {
		d, err := n.GetDRG(ctx, id)
		switch {
		case errors.Is(err, oci.ErrNotFound) || (err == nil && d.State == oci.Terminated):
			return true, nil
		case err != nil:
			return false, err
		case d.State == oci.Available:
			err := n.DeleteDRG(ctx, id)
			return false, ignore(err, oci.ErrNotFound)
		}
		return false, nil // PROVISIONING or TERMINATING: wait
	})
}

// cleanUpAttachment detaches an attachment the test made when the test
// ends, in a real cloud; see cleanUpDRG.
func cleanUpAttachment(t *testing.T, env Env, n oci.Network, id string) {
	cleanUp(t, env, "DRG attachment "+id, func(ctx context.Context) (bool, error) {
		a, err := n.GetDRGAttachment(ctx, id)
		switch {
		case errors.Is(err, oci.ErrNotFound) || (err == nil && a.State == oci.Detached):
			return true, nil
		case err != nil:
			return false, err
		case a.State == oci.Attached:
			err := n.DeleteDRGAttachment(ctx, id)
			return false, ignore(err, oci.ErrNotFound)
		}
		return false, nil // ATTACHING or DETACHING: wait
	})
}

// cleanUp registers a cleanup that calls step until it reports done, every
// env.Pace.Poll for at most env.Pace.Timeout, with a context of its own (the
// test's has ended by then). It does nothing in a world the test owns (the
// simulator's), and reports by name what it could not delete.
func cleanUp(t *testing.T, env Env, what string, step func(ctx context.Context) (done bool, err error)) {
	if env.Owned {
		return
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), env.Pace.Timeout)
		defer cancel()
		var last error
		for {
			done, err := step(ctx)
			if done {
				return
			}
			if err != nil {
				last = err
			}
			select {
			case <-ctx.Done():
				t.Errorf("cleanup: could not delete %s (last error: %v); delete it by hand", what, last)
				return
			case <-time.After(env.Pace.Poll):
			}
		}
	})
}

// ignore returns nil when err matches target, else err.
func ignore(err, target error) error {
	if errors.Is(err, target) {
		return nil
	}
	return err
}

// runID returns a random name for what one test run makes in a real cloud,
// so that runs never pick up each other's resources: "azoci-conformance-"
// and 8 hex digits.
func runID(t *testing.T) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "azoci-conformance-" + hex.EncodeToString(b[:])
}

// missingID returns an OCID of kind that names nothing: like env's VCN's
// (same realm and region, so that OCI does not reject it as malformed: a
// malformed path component is 404 InvalidParameter, not
// NotAuthorizedOrNotFound, per OCI's API Errors page) with the end of its
// unique part changed. kind "compartment" gives a compartment's OCID, which
// names no region.
func missingID(env Env, kind string) string {
	parts := strings.Split(env.VCN.ID, ".")
	if len(parts) < 5 {
		return "ocid1." + kind + ".oc1..aaaaaaaanosuchresource"
	}
	unique := []byte(parts[len(parts)-1])
	for i := max(len(unique)-12, 0); i < len(unique); i++ {
		if unique[i] == 'a' {
			unique[i] = 'b'
		} else {
			unique[i] = 'a'
		}
	}
	if kind == "compartment" {
		return "ocid1.compartment." + parts[2] + ".." + string(unique)
	}
	parts[1], parts[len(parts)-1] = kind, string(unique)
	return strings.Join(parts, ".")
}

// erCircuit orders an ExpressRoute circuit from Oracle through the world's
// Azure and returns it (with its service key).
func erCircuit(t *testing.T, w *sim.World, name string) azure.Circuit {
	t.Helper()
	return must[azure.Circuit](t)(w.Azure().PutCircuit(t.Context(), resourceGroup, azure.Circuit{Name: name, Location: "eastus",
		SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
		PeeringLocation: "Washington DC", BandwidthMbps: 1000}))
}

func mapping(p netip.Prefix, key string) oci.CrossConnectMapping {
	o := p.Addr().Next()
	return oci.CrossConnectMapping{OracleBGPPeeringIP: netip.PrefixFrom(o, 30), CustomerBGPPeeringIP: netip.PrefixFrom(o.Next(), 30),
		BGPMD5AuthKey: secret.Value(key)}
}

// vcSpec is a valid virtual circuit to Azure on drg with the service key.
func vcSpec(name string, key secret.Value, drg string) oci.VirtualCircuit {
	return oci.VirtualCircuit{CompartmentID: Compartment, DisplayName: name, Type: oci.CircuitTypePrivate,
		BandwidthShapeName: "1 Gbps", GatewayID: drg, ProviderServiceID: sim.AzureProviderServiceID, ProviderServiceKeyName: key,
		CrossConnectMappings: []oci.CrossConnectMapping{mapping(primary, md5Key), mapping(secondary, md5Key)},
		FreeformTags:         map[string]string{"owner": "conformance"}}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	slices.Sort(out)
	return out
}

func drgID(d oci.DRG) string                   { return d.ID }
func attachmentID(a oci.DRGAttachment) string  { return a.ID }
func vcID(v oci.VirtualCircuit) string         { return v.ID }
func ruleKey(r oci.RouteRule) string           { return r.Destination.String() + "→" + r.NetworkEntityID }
func serviceName(p oci.ProviderService) string { return p.ProviderName }
