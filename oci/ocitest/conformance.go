// Package ocitest is the conformance suite of oci.Network, in the style of
// gocloud.dev's drivertest: every implementation (the simulator's
// World.OCI(), ociclient.Client against the simulator's HTTP face, a real tenancy
// adapter of your own) runs RunConformance and must pass the same behaviour
// tests.
//
// The suite seeds its own sim.World for each test (with zero or tiny
// latencies, so it runs in seconds of real time) and asks the implementation
// under test for an oci.Network over that world. It checks only what the
// oci.Network contract and OCI promise: round trips, lifecycles, ErrNotFound
// and the OCI error codes, retry tokens, paging, the route table
// read-modify-write, virtual circuit validation and the FastConnect handoff
// with an ExpressRoute circuit made through World.Azure().
package ocitest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// The world the suite seeds.
const (
	Region      = "us-ashburn-1"
	Compartment = "ocid1.compartment.oc1..aaaaaaaaconformancecompartment"
	VCN         = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaaconformancevcn"
	RouteTable  = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaaconformancert"
	// OtherVCN is a second VCN of Compartment, with its default route table.
	OtherVCN = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaaconformancevcn2"
	// RulesTable is an extra route table of VCN that holds ForeignRule.
	RulesTable = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaaconformancerules"

	resourceGroup = "rg-conformance"
	md5Key        = "conf0rmance-md5"
	missingDRG    = "ocid1.drg.oc1.us-ashburn-1.aaaaaaaanosuchdrg"
)

// ForeignRule is a rule somebody else keeps in RulesTable: every update must
// keep it.
var ForeignRule = oci.RouteRule{Destination: netip.MustParsePrefix("0.0.0.0/0"),
	NetworkEntityID: "ocid1.internetgateway.oc1.us-ashburn-1.aaaaaaaaconformanceigw", Description: "internet"}

var (
	vcnCIDR   = netip.MustParsePrefix("10.20.0.0/16")
	vnetSpace = netip.MustParsePrefix("10.10.0.0/16")
	primary   = netip.MustParsePrefix("192.168.240.0/30")
	secondary = netip.MustParsePrefix("192.168.240.4/30")
)

// Latencies the tests use: instant, small enough to watch transitions in
// real time, and stuck (transitional states that last the whole test).
var (
	instant = sim.Latency{}
	small   = sim.Latency{DRG: 60 * time.Millisecond, DRGAttachment: 60 * time.Millisecond,
		VirtualCircuit: 300 * time.Millisecond, BGP: 60 * time.Millisecond}
	stuck = sim.Latency{DRG: time.Hour, DRGAttachment: time.Hour, VirtualCircuit: time.Hour, BGP: time.Hour}
)

// NewWorld returns a world seeded as the suite expects: the VCNs and route
// tables above in Region, an Azure virtual network in eastus (for
// ExpressRoute circuits) and the simulator's default FastConnect catalog.
func NewWorld(lat sim.Latency) *sim.World {
	w := sim.New(sim.WithLatency(lat), sim.WithOCIRegion(Region))
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: resourceGroup,
		Name: "vnet-conformance", Region: "eastus", AddressSpace: []netip.Prefix{vnetSpace}})
	w.AddVCN(sim.VCN{ID: VCN, CompartmentID: Compartment, CIDRs: []netip.Prefix{vcnCIDR}, DefaultRouteTableID: RouteTable,
		DisplayName: "vcn-conformance"})
	w.AddVCN(sim.VCN{ID: OtherVCN, CompartmentID: Compartment, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")}})
	w.AddRouteTable(sim.RouteTable{ID: RulesTable, VCNID: VCN, DisplayName: "rules", Rules: []oci.RouteRule{ForeignRule}})
	return w
}

// RunConformance runs the suite. newNetwork returns the oci.Network under
// test over w; it may be called more than once for one world (as two
// processes would each make their own client), and should register its
// cleanups with t.
func RunConformance(t *testing.T, newNetwork func(t *testing.T, w *sim.World) oci.Network) {
	tests := []struct {
		name string
		run  func(*testing.T, func(*testing.T, *sim.World) oci.Network)
	}{
		{"VCN", testVCN},
		{"NotFound", testNotFound},
		{"DRGLifecycle", testDRGLifecycle},
		{"TransitionalStates", testTransitionalStates},
		{"DRGAttachments", testAttachments},
		{"Conflicts", testConflicts},
		{"RetryTokens", testRetryTokens},
		{"Paging", testPaging},
		{"RouteTableReadModifyWrite", testRouteTable},
		{"RouteTableConcurrentEditors", testRouteTableConcurrent},
		{"ProviderServicesAndShapes", testCatalog},
		{"VirtualCircuitHandoff", testVirtualCircuit},
		{"VirtualCircuitUnknownKeyFails", testVirtualCircuitUnknownKey},
		{"VirtualCircuitValidation", testVirtualCircuitValidation},
		{"InjectedConflict", testInjectedConflict},
		{"CanceledContext", testCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newNetwork)
		})
	}
}

// ---------------------------------------------------------------------------
// Helpers

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

// waitFor polls get until done holds (at most 20s of real time; the
// suite's latencies are well under a second).
func waitFor[T any](t *testing.T, what string, get func() (T, error), done func(T) bool) T {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, err := get()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if done(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last %+v", what, v)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// getDRG returns a getter of one DRG, for waitFor.
func getDRG(ctx context.Context, n oci.Network, id string) func() (oci.DRG, error) {
	return func() (oci.DRG, error) { return n.GetDRG(ctx, id) }
}

// availableDRG creates a DRG and waits until it is AVAILABLE.
func availableDRG(t *testing.T, n oci.Network, name string) oci.DRG {
	t.Helper()
	ctx := t.Context()
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: name}, ""))
	return waitFor(t, "DRG AVAILABLE", func() (oci.DRG, error) { return n.GetDRG(ctx, d.ID) },
		func(d oci.DRG) bool { return d.State == oci.Available })
}

// attached attaches drg to vcn and waits until the attachment is ATTACHED.
func attached(t *testing.T, n oci.Network, drg, vcn string) oci.DRGAttachment {
	t.Helper()
	ctx := t.Context()
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: drg, VCNID: vcn}, ""))
	return waitFor(t, "attachment ATTACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Attached })
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

// ---------------------------------------------------------------------------
// Tests

func testVCN(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	v := must[oci.VCN](t)(n.GetVCN(t.Context(), VCN))
	want := oci.VCN{ID: VCN, CompartmentID: Compartment, DisplayName: "vcn-conformance", CIDRs: []netip.Prefix{vcnCIDR},
		DefaultRouteTableID: RouteTable, State: oci.Available}
	if v.ID != want.ID || v.CompartmentID != want.CompartmentID || v.DisplayName != want.DisplayName ||
		!slices.Equal(v.CIDRs, want.CIDRs) || v.DefaultRouteTableID != want.DefaultRouteTableID || v.State != want.State {
		t.Errorf("GetVCN = %+v, want %+v", v, want)
	}
	v.CIDRs[0] = netip.MustParsePrefix("1.2.3.0/24")
	if again := must[oci.VCN](t)(n.GetVCN(t.Context(), VCN)); again.CIDRs[0] != vcnCIDR {
		t.Errorf("a returned VCN aliases the implementation's memory: %v", again.CIDRs)
	}
}

func testNotFound(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	const noComp = "ocid1.compartment.oc1..aaaaaaaanosuchcompartment"
	drg := availableDRG(t, n, "drg")
	tests := []struct {
		op   string
		call func(ctx context.Context) error
	}{
		{"GetVCN", func(ctx context.Context) error {
			_, err := n.GetVCN(ctx, "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaanosuchvcn")
			return err
		}},
		{"GetDRG", func(ctx context.Context) error { _, err := n.GetDRG(ctx, missingDRG); return err }},
		{"DeleteDRG", func(ctx context.Context) error { return n.DeleteDRG(ctx, missingDRG) }},
		{"ListDRGs", func(ctx context.Context) error { _, err := n.ListDRGs(ctx, noComp); return err }},
		{"CreateDRG", func(ctx context.Context) error {
			_, err := n.CreateDRG(ctx, oci.DRG{CompartmentID: noComp}, "")
			return err
		}},
		{"GetDRGAttachment", func(ctx context.Context) error {
			_, err := n.GetDRGAttachment(ctx, "ocid1.drgattachment.oc1.us-ashburn-1.aaaaaaaanosuch")
			return err
		}},
		{"DeleteDRGAttachment", func(ctx context.Context) error {
			return n.DeleteDRGAttachment(ctx, "ocid1.drgattachment.oc1.us-ashburn-1.aaaaaaaanosuch")
		}},
		{"ListDRGAttachments", func(ctx context.Context) error { _, err := n.ListDRGAttachments(ctx, noComp, "", ""); return err }},
		{"CreateDRGAttachment", func(ctx context.Context) error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: missingDRG, VCNID: VCN}, "")
			return err
		}},
		{"CreateDRGAttachment", func(ctx context.Context) error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: drg.ID, VCNID: "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaanosuchvcn"}, "")
			return err
		}},
		{"ListProviderServices", func(ctx context.Context) error { _, err := n.ListProviderServices(ctx, noComp); return err }},
		{"ListBandwidthShapes", func(ctx context.Context) error {
			_, err := n.ListBandwidthShapes(ctx, "ocid1.providerservice.oc1..aaaaaaaanosuch")
			return err
		}},
		{"GetVirtualCircuit", func(ctx context.Context) error {
			_, err := n.GetVirtualCircuit(ctx, "ocid1.virtualcircuit.oc1.us-ashburn-1.aaaaaaaanosuch")
			return err
		}},
		{"DeleteVirtualCircuit", func(ctx context.Context) error {
			return n.DeleteVirtualCircuit(ctx, "ocid1.virtualcircuit.oc1.us-ashburn-1.aaaaaaaanosuch")
		}},
		{"FindVirtualCircuits", func(ctx context.Context) error { _, err := n.FindVirtualCircuits(ctx, noComp, "vc"); return err }},
		{"CreateVirtualCircuit", func(ctx context.Context) error {
			_, err := n.CreateVirtualCircuit(ctx, vcSpec("vc", "key", missingDRG), "")
			return err
		}},
		{"GetRouteTable", func(ctx context.Context) error {
			_, err := n.GetRouteTable(ctx, "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaanosuch")
			return err
		}},
		{"UpdateRouteTable", func(ctx context.Context) error {
			_, err := n.UpdateRouteTable(ctx, "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaanosuch",
				func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return r, true })
			return err
		}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%02d-%s", i, tt.op), func(t *testing.T) {
			wantErr(t, tt.call(t.Context()), tt.op, http.StatusNotFound, "NotAuthorizedOrNotFound")
		})
	}
}

func testDRGLifecycle(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(small))
	ctx := t.Context()
	tags := map[string]string{"owner": "conformance", "spec": "drg"}
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg-1", FreeformTags: tags}, ""))
	if d.ID == "" || d.CompartmentID != Compartment || d.DisplayName != "drg-1" || !maps.Equal(d.FreeformTags, tags) ||
		d.State != oci.Provisioning {
		t.Errorf("CreateDRG = %+v, want PROVISIONING with the given fields", d)
	}
	d.FreeformTags["owner"] = "changed"
	got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID))
	if got.ID != d.ID || !maps.Equal(got.FreeformTags, tags) {
		t.Errorf("GetDRG = %+v (a returned map must not alias)", got)
	}
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); !slices.Equal(ids(l, drgID), []string{d.ID}) {
		t.Errorf("ListDRGs = %v, want [%s]", ids(l, drgID), d.ID)
	}
	waitFor(t, "DRG AVAILABLE", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Available })

	noErr(t, n.DeleteDRG(ctx, d.ID))
	if got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID)); got.State != oci.Terminating && got.State != oci.Terminated {
		t.Errorf("DRG right after DeleteDRG is %s", got.State)
	}
	waitFor(t, "DRG TERMINATED", getDRG(ctx, n, d.ID), func(d oci.DRG) bool { return d.State == oci.Terminated })
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); len(l) != 0 {
		t.Errorf("ListDRGs shows a TERMINATED DRG: %+v", l)
	}
	wantErr(t, n.DeleteDRG(ctx, d.ID), "DeleteDRG", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

// testTransitionalStates checks the states that last while a change is under
// way, in a world where nothing finishes during the test.
func testTransitionalStates(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(stuck)
	n := newNetwork(t, w)
	ctx := t.Context()
	seeded := w.AddDRG(sim.DRG{CompartmentID: Compartment, DisplayName: "seeded"})
	d := must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "new"}, ""))
	if got := must[oci.DRG](t)(n.GetDRG(ctx, d.ID)); got.State != oci.Provisioning {
		t.Errorf("new DRG is %s, want PROVISIONING", got.State)
	}
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: seeded.ID, VCNID: VCN}, ""))
	if got := must[oci.DRGAttachment](t)(n.GetDRGAttachment(ctx, a.ID)); got.State != oci.Attaching {
		t.Errorf("new attachment is %s, want ATTACHING", got.State)
	}
	wantErr(t, n.DeleteDRGAttachment(ctx, a.ID), "DeleteDRGAttachment", http.StatusConflict, "IncorrectState")
	wantErr(t, n.DeleteDRG(ctx, d.ID), "DeleteDRG", http.StatusConflict, "IncorrectState")
	_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: OtherVCN}, "")
	wantErr(t, err, "CreateDRGAttachment", http.StatusConflict, "IncorrectState")
	_, err = n.CreateVirtualCircuit(ctx, vcSpec("vc", erCircuit(t, w, "er").ServiceKey, d.ID), "")
	wantErr(t, err, "CreateVirtualCircuit", http.StatusConflict, "IncorrectState")

	other := w.AddDRG(sim.DRG{CompartmentID: Compartment, DisplayName: "other"})
	noErr(t, n.DeleteDRG(ctx, other.ID))
	for range 2 { // deleting one TERMINATING again is accepted
		noErr(t, n.DeleteDRG(ctx, other.ID))
		if got := must[oci.DRG](t)(n.GetDRG(ctx, other.ID)); got.State != oci.Terminating {
			t.Errorf("deleted DRG is %s, want TERMINATING", got.State)
		}
	}
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); !slices.Contains(ids(l, drgID), other.ID) {
		t.Errorf("ListDRGs leaves out a TERMINATING DRG")
	}
}

func testAttachments(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(small))
	ctx := t.Context()
	d1, d2 := availableDRG(t, n, "drg-1"), availableDRG(t, n, "drg-2")
	tags := map[string]string{"owner": "conformance"}
	a := must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN,
		DisplayName: "att-1", FreeformTags: tags}, ""))
	if a.ID == "" || a.DRGID != d1.ID || a.VCNID != VCN || a.CompartmentID != Compartment || a.DisplayName != "att-1" ||
		!maps.Equal(a.FreeformTags, tags) || a.State != oci.Attaching {
		t.Errorf("CreateDRGAttachment = %+v, want ATTACHING with the given fields, in the DRG's compartment", a)
	}
	a = waitFor(t, "ATTACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Attached })
	b := attached(t, n, d2.ID, OtherVCN)

	filters := []struct {
		name     string
		vcn, drg string
		want     []string
	}{
		{"all", "", "", ids([]oci.DRGAttachment{a, b}, attachmentID)},
		{"by VCN", VCN, "", []string{a.ID}},
		{"by other VCN", OtherVCN, "", []string{b.ID}},
		{"by DRG", "", d1.ID, []string{a.ID}},
		{"by VCN and DRG", VCN, d1.ID, []string{a.ID}},
		{"by VCN and another DRG", VCN, d2.ID, []string{}},
	}
	for _, f := range filters {
		t.Run(f.name, func(t *testing.T) {
			l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, f.vcn, f.drg))
			if got := ids(l, attachmentID); !slices.Equal(got, f.want) {
				t.Errorf("ListDRGAttachments(%q, %q) = %v, want %v", f.vcn, f.drg, got, f.want)
			}
		})
	}

	noErr(t, n.DeleteDRGAttachment(ctx, a.ID))
	waitFor(t, "DETACHED", func() (oci.DRGAttachment, error) { return n.GetDRGAttachment(ctx, a.ID) },
		func(a oci.DRGAttachment) bool { return a.State == oci.Detached })
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, "", "")); !slices.Equal(ids(l, attachmentID), []string{b.ID}) {
		t.Errorf("after detaching, ListDRGAttachments = %v, want [%s]", ids(l, attachmentID), b.ID)
	}
	wantErr(t, n.DeleteDRGAttachment(ctx, a.ID), "DeleteDRGAttachment", http.StatusNotFound, "NotAuthorizedOrNotFound")
	noErr(t, n.DeleteDRG(ctx, d1.ID)) // no attachment left
}

func testConflicts(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(instant)
	n := newNetwork(t, w)
	ctx := t.Context()
	d := availableDRG(t, n, "drg")
	a := attached(t, n, d.ID, VCN)
	other := availableDRG(t, n, "other")
	tests := []struct {
		name, op string
		call     func() error
		status   int
		code     string
	}{
		{"attach a VCN already attached", "CreateDRGAttachment", func() error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: other.ID, VCNID: VCN}, "")
			return err
		}, http.StatusConflict, "Conflict"},
		{"delete a DRG with an attachment", "DeleteDRG", func() error { return n.DeleteDRG(ctx, d.ID) }, http.StatusConflict, "Conflict"},
		{"detach while a rule targets the DRG", "DeleteDRGAttachment", func() error {
			must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RouteTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
				return append(r, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID}), true
			}))
			return n.DeleteDRGAttachment(ctx, a.ID)
		}, http.StatusConflict, "Conflict"},
		{"delete a DRG a virtual circuit uses", "DeleteDRG", func() error {
			must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", erCircuit(t, w, "er").ServiceKey, other.ID), ""))
			return n.DeleteDRG(ctx, other.ID)
		}, http.StatusConflict, "Conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErr(t, tt.call(), tt.op, tt.status, tt.code) })
	}
}

func testRetryTokens(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(instant)
	first, second := newNetwork(t, w), newNetwork(t, w) // two processes, one cloud
	ctx := t.Context()
	d1 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "token-drg"))
	d2 := must[oci.DRG](t)(second.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "token-drg"))
	if d2.ID != d1.ID {
		t.Errorf("CreateDRG with the same retry token made %s and %s", d1.ID, d2.ID)
	}
	d3 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, "another-token"))
	d4 := must[oci.DRG](t)(first.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, ""))
	if d3.ID == d1.ID || d4.ID == d1.ID || d4.ID == d3.ID {
		t.Errorf("different or no tokens must make different DRGs: %s %s %s", d1.ID, d3.ID, d4.ID)
	}
	if l := must[[]oci.DRG](t)(second.ListDRGs(ctx, Compartment)); len(l) != 3 {
		t.Errorf("%d DRGs, want 3", len(l))
	}

	a1 := must[oci.DRGAttachment](t)(first.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN}, "token-att"))
	a2 := must[oci.DRGAttachment](t)(second.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: VCN}, "token-att"))
	if a2.ID != a1.ID {
		t.Errorf("CreateDRGAttachment with the same retry token made %s and %s", a1.ID, a2.ID)
	}

	key := erCircuit(t, w, "er").ServiceKey
	v1 := must[oci.VirtualCircuit](t)(first.CreateVirtualCircuit(ctx, vcSpec("vc", key, d1.ID), "token-vc"))
	v2 := must[oci.VirtualCircuit](t)(second.CreateVirtualCircuit(ctx, vcSpec("vc", key, d1.ID), "token-vc"))
	if v2.ID != v1.ID {
		t.Errorf("CreateVirtualCircuit with the same retry token made %s and %s", v1.ID, v2.ID)
	}
	if l := must[[]oci.VirtualCircuit](t)(first.FindVirtualCircuits(ctx, Compartment, "vc")); len(l) != 1 {
		t.Errorf("%d virtual circuits named vc, want 1", len(l))
	}
}

func testPaging(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(instant)
	var services []sim.ProviderService
	for i := range 5 {
		services = append(services, sim.ProviderService{ProviderService: oci.ProviderService{
			ID: fmt.Sprintf("ocid1.providerservice.oc1..aaaaaaaaprovider%d", i), ProviderName: fmt.Sprintf("Provider %d", i),
			ProviderServiceName: "Service", Type: "LAYER2", CircuitTypes: []string{oci.CircuitTypePrivate}},
			Shapes: []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000}, {Name: "5 Gbps", Mbps: 5000}}})
	}
	w.SetProviderServices(services)
	n := newNetwork(t, w)
	ctx := t.Context()

	var made []oci.DRG
	for i := range 5 {
		made = append(made, must[oci.DRG](t)(n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: fmt.Sprint("drg-", i)}, "")))
	}
	if l := must[[]oci.DRG](t)(n.ListDRGs(ctx, Compartment)); !slices.Equal(ids(l, drgID), ids(made, drgID)) {
		t.Errorf("ListDRGs = %v, want %v", ids(l, drgID), ids(made, drgID))
	}

	var atts []oci.DRGAttachment
	for i := range 3 {
		vcn := fmt.Sprintf("ocid1.vcn.oc1.us-ashburn-1.aaaaaaaapaging%d", i)
		w.AddVCN(sim.VCN{ID: vcn, CompartmentID: Compartment, CIDRs: []netip.Prefix{netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 100, byte(i), 0}), 24)}})
		atts = append(atts, must[oci.DRGAttachment](t)(n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: made[0].ID, VCNID: vcn}, "")))
	}
	if l := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, Compartment, "", made[0].ID)); !slices.Equal(ids(l, attachmentID), ids(atts, attachmentID)) {
		t.Errorf("ListDRGAttachments = %v, want %v", ids(l, attachmentID), ids(atts, attachmentID))
	}

	var vcs []oci.VirtualCircuit
	for i := range 5 {
		spec := vcSpec("vc-many", secret.Value(fmt.Sprintf("key-%d", i)), made[1].ID)
		spec.ProviderServiceID = services[0].ID
		vcs = append(vcs, must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, "")))
	}
	lone := vcSpec("vc-lone", "key-lone", made[1].ID)
	lone.ProviderServiceID = services[1].ID
	must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, lone, ""))
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-many")); !slices.Equal(ids(l, vcID), ids(vcs, vcID)) {
		t.Errorf("FindVirtualCircuits = %v, want %v", ids(l, vcID), ids(vcs, vcID))
	}
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-none")); len(l) != 0 {
		t.Errorf("FindVirtualCircuits of an unused name = %+v", l)
	}

	ps := must[[]oci.ProviderService](t)(n.ListProviderServices(ctx, Compartment))
	if got := ids(ps, serviceName); len(got) != 5 || got[0] != "Provider 0" || got[4] != "Provider 4" {
		t.Errorf("ListProviderServices = %v", got)
	}
	shapes := must[[]oci.BandwidthShape](t)(n.ListBandwidthShapes(ctx, services[2].ID))
	if !slices.Equal(shapes, services[2].Shapes) {
		t.Errorf("ListBandwidthShapes = %+v, want %+v", shapes, services[2].Shapes)
	}
}

func testRouteTable(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	ctx := t.Context()
	before := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if before.ID != RulesTable || before.VCNID != VCN || before.CompartmentID != Compartment || before.DisplayName != "rules" ||
		before.ETag == "" || before.State != oci.Available || !slices.Equal(before.Rules, []oci.RouteRule{ForeignRule}) {
		t.Fatalf("GetRouteTable = %+v", before)
	}
	d := availableDRG(t, n, "drg")
	unattached := availableDRG(t, n, "unattached")
	attached(t, n, d.ID, VCN)
	ours := oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID, Description: "azure"}

	add := func(r oci.RouteRule) func([]oci.RouteRule) ([]oci.RouteRule, bool) {
		return func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
			if slices.Contains(rules, r) {
				return rules, false
			}
			return append(rules, r), true
		}
	}
	after := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, add(ours)))
	if !slices.Equal(after.Rules, []oci.RouteRule{ForeignRule, ours}) || after.ETag == "" || after.ETag == before.ETag {
		t.Errorf("after adding a rule: %+v (etag before %s)", after, before.ETag)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); !slices.Equal(got.Rules, after.Rules) || got.ETag != after.ETag {
		t.Errorf("GetRouteTable after the update = %+v, want %+v", got, after)
	}

	calls := 0
	same := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		calls++
		return add(ours)(r)
	}))
	if calls != 1 || same.ETag != after.ETag || !slices.Equal(same.Rules, after.Rules) {
		t.Errorf("an edit that changes nothing: %d calls, table %+v; want 1 call and the table unchanged", calls, same)
	}

	_, err := n.UpdateRouteTable(ctx, RulesTable, add(oci.RouteRule{Destination: netip.MustParsePrefix("10.99.0.0/16"),
		NetworkEntityID: unattached.ID}))
	wantErr(t, err, "UpdateRouteTable", http.StatusBadRequest, "InvalidParameter")
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); got.ETag != after.ETag {
		t.Errorf("a rejected update changed the table: %+v", got)
	}

	removed := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
		return slices.DeleteFunc(r, func(r oci.RouteRule) bool { return r.NetworkEntityID == d.ID }), true
	}))
	if !slices.Equal(removed.Rules, []oci.RouteRule{ForeignRule}) {
		t.Errorf("after removing our rule: %+v", removed.Rules)
	}
	empty := must[oci.RouteTable](t)(n.UpdateRouteTable(ctx, RulesTable, func([]oci.RouteRule) ([]oci.RouteRule, bool) { return nil, true }))
	if len(empty.Rules) != 0 {
		t.Errorf("after removing every rule: %+v", empty.Rules)
	}
	if got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable)); len(got.Rules) != 0 || got.Rules == nil {
		t.Errorf("GetRouteTable of an empty table: Rules = %#v, want empty and not nil", got.Rules)
	}
}

// testRouteTableConcurrentEditors runs editors side by side: none may lose
// another's rule.
func testRouteTableConcurrent(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	ctx := t.Context()
	const editors = 4
	var wg sync.WaitGroup
	errs := make([]error, editors)
	for i := range editors {
		wg.Go(func() {
			r := oci.RouteRule{Destination: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i), 0}), 24),
				NetworkEntityID: fmt.Sprintf("ocid1.localpeeringgateway.oc1.us-ashburn-1.aaaaaaaalpg%d", i)}
			_, errs[i] = n.UpdateRouteTable(ctx, RulesTable, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
				if slices.Contains(rules, r) {
					return rules, false
				}
				return append(rules, r), true
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		noErr(t, err)
	}
	got := must[oci.RouteTable](t)(n.GetRouteTable(ctx, RulesTable))
	if len(got.Rules) != editors+1 || !slices.Contains(got.Rules, ForeignRule) {
		t.Errorf("after %d concurrent editors: %v", editors, ids(got.Rules, ruleKey))
	}
}

func testCatalog(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	ctx := t.Context()
	ps := must[[]oci.ProviderService](t)(n.ListProviderServices(ctx, Compartment))
	i := slices.IndexFunc(ps, func(p oci.ProviderService) bool { return p.ProviderName == oci.AzureProviderName })
	if i < 0 {
		t.Fatalf("no %q among %v", oci.AzureProviderName, ids(ps, serviceName))
	}
	az := ps[i]
	if az.ID != sim.AzureProviderServiceID || az.ProviderServiceName == "" || az.Type != "LAYER3" ||
		!slices.Contains(az.CircuitTypes, oci.CircuitTypePrivate) {
		t.Errorf("Azure's provider service = %+v", az)
	}
	shapes := must[[]oci.BandwidthShape](t)(n.ListBandwidthShapes(ctx, az.ID))
	want := []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000}, {Name: "5 Gbps", Mbps: 5000},
		{Name: "10 Gbps", Mbps: 10000}}
	if !slices.Equal(shapes, want) {
		t.Errorf("Azure's shapes = %+v, want %+v", shapes, want)
	}
}

func testVirtualCircuit(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(small)
	n := newNetwork(t, w)
	ctx := t.Context()
	er := erCircuit(t, w, "er")
	d := availableDRG(t, n, "drg")
	attached(t, n, d.ID, VCN)

	spec := vcSpec("vc-azure", er.ServiceKey, d.ID)
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, ""))
	if vc.ID == "" || vc.CompartmentID != Compartment || vc.DisplayName != spec.DisplayName || vc.Type != oci.CircuitTypePrivate ||
		vc.BandwidthShapeName != "1 Gbps" || vc.GatewayID != d.ID || vc.ProviderServiceID != sim.AzureProviderServiceID ||
		vc.ProviderServiceKeyName.Reveal() != er.ServiceKey.Reveal() || !maps.Equal(vc.FreeformTags, spec.FreeformTags) ||
		vc.State != oci.PendingProvider || vc.ProviderState != oci.ProviderInactive || vc.BGPSessionState != oci.BGPDown ||
		vc.OracleBGPASN != oci.OracleASN {
		t.Errorf("CreateVirtualCircuit = %+v", vc)
	}
	if !slices.Equal(vc.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("cross-connect mappings = %+v, want %+v", vc.CrossConnectMappings, spec.CrossConnectMappings)
	}
	for _, s := range []string{fmt.Sprint(vc), fmt.Sprintf("%+v", vc), fmt.Sprintf("%#v", vc)} {
		if strings.Contains(s, er.ServiceKey.Reveal()) || strings.Contains(s, md5Key) {
			t.Errorf("a printed virtual circuit shows a secret: %s", s)
		}
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioning {
		t.Errorf("ExpressRoute circuit right after the order: %s, want Provisioning", c.ProviderState)
	}

	get := func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) }
	up := waitFor(t, "PROVISIONED with BGP up", get, func(v oci.VirtualCircuit) bool {
		return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp
	})
	if up.ProviderState != oci.ProviderActive || !slices.Equal(up.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("provisioned virtual circuit = %+v", up)
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioned {
		t.Errorf("ExpressRoute circuit after PROVISIONED: %s", c.ProviderState)
	}
	p := must[azure.PrivatePeering](t)(w.Azure().GetPrivatePeering(ctx, resourceGroup, "er"))
	if p.PeerASN != oci.OracleASN || p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary {
		t.Errorf("the peering Oracle configured = %+v", p)
	}
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); !slices.Equal(ids(l, vcID), []string{vc.ID}) {
		t.Errorf("FindVirtualCircuits = %v", ids(l, vcID))
	}

	// A bandwidth change: refused until the ExpressRoute circuit runs at the
	// new rate, then made.
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "3 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	er.BandwidthMbps = 2000
	must[azure.Circuit](t)(w.Azure().PutCircuit(ctx, resourceGroup, er))
	if v := must[oci.VirtualCircuit](t)(n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps")); v.BandwidthShapeName != "2 Gbps" || v.State != oci.Provisioned {
		t.Errorf("UpdateVirtualCircuit = %+v", v)
	}
	if v := must[oci.VirtualCircuit](t)(get()); v.BandwidthShapeName != "2 Gbps" {
		t.Errorf("after the update the virtual circuit is at %s", v.BandwidthShapeName)
	}

	noErr(t, n.DeleteVirtualCircuit(ctx, vc.ID))
	waitFor(t, "TERMINATED", get, func(v oci.VirtualCircuit) bool { return v.State == oci.Terminated })
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "1 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusConflict, "IncorrectState")
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); len(l) != 0 {
		t.Errorf("FindVirtualCircuits shows a TERMINATED circuit")
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.NotProvisioned {
		t.Errorf("ExpressRoute circuit after the virtual circuit is gone: %s", c.ProviderState)
	}
	wantErr(t, n.DeleteVirtualCircuit(ctx, vc.ID), "DeleteVirtualCircuit", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

func testVirtualCircuitUnknownKey(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(small)
	n := newNetwork(t, w)
	ctx := t.Context()
	d := availableDRG(t, n, "drg")
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", "00000000-0000-4000-8000-000000000000", d.ID), ""))
	waitFor(t, "FAILED", func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) },
		func(v oci.VirtualCircuit) bool { return v.State == oci.Failed })
}

func testVirtualCircuitValidation(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(instant)
	n := newNetwork(t, w)
	ctx := t.Context()
	d := availableDRG(t, n, "drg")
	key := erCircuit(t, w, "er").ServiceKey
	long := strings.Repeat("k", 33)
	tests := []struct {
		name string
		mod  func(*oci.VirtualCircuit)
	}{
		{"PUBLIC type", func(v *oci.VirtualCircuit) { v.Type = "PUBLIC" }},
		{"shape not offered", func(v *oci.VirtualCircuit) { v.BandwidthShapeName = "3 Gbps" }},
		{"unknown provider service", func(v *oci.VirtualCircuit) { v.ProviderServiceID = "ocid1.providerservice.oc1..aaaaaaaanosuch" }},
		{"one mapping", func(v *oci.VirtualCircuit) { v.CrossConnectMappings = v.CrossConnectMappings[:1] }},
		{"address without its /30", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].OracleBGPPeeringIP = netip.MustParsePrefix("192.168.240.1/32")
		}},
		{"addresses in different /30s", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = netip.MustParsePrefix("192.168.240.6/30")
		}},
		{"the same address twice", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = v.CrossConnectMappings[0].OracleBGPPeeringIP
		}},
		{"both mappings in one /30", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1] = v.CrossConnectMappings[0] }},
		{"MD5 key too long", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[0].BGPMD5AuthKey = secret.Value(long) }},
		{"MD5 key with a space", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1].BGPMD5AuthKey = "top secret" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vcSpec("vc-"+tt.name, key, d.ID)
			tt.mod(&v)
			_, err := n.CreateVirtualCircuit(ctx, v, "")
			e := wantErr(t, err, "CreateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
			for _, s := range []string{key.Reveal(), md5Key, long, "top secret"} {
				if strings.Contains(err.Error(), s) || strings.Contains(e.Message, s) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
			if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, v.DisplayName)); len(l) != 0 {
				t.Errorf("a rejected virtual circuit exists: %+v", l)
			}
		})
	}
}

// testInjectedConflict checks that a 409 IncorrectState (which OCI's own
// default retry policy would retry) reaches the caller as a retryable
// *oci.Error: waiting out a resource's state is the caller's job.
func testInjectedConflict(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	w := NewWorld(instant)
	n := newNetwork(t, w)
	ctx := t.Context()
	d := availableDRG(t, n, "drg")
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "GetDRG", Count: 1, Kind: sim.Conflict})
	_, err := n.GetDRG(ctx, d.ID)
	if e := wantErr(t, err, "GetDRG", http.StatusConflict, "IncorrectState"); !e.Retryable() {
		t.Errorf("409 IncorrectState is not Retryable")
	}
	must[oci.DRG](t)(n.GetDRG(ctx, d.ID))
}

func testCanceled(t *testing.T, newNetwork func(*testing.T, *sim.World) oci.Network) {
	n := newNetwork(t, NewWorld(instant))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := n.GetVCN(ctx, VCN); !errors.Is(err, context.Canceled) {
		t.Errorf("GetVCN with a canceled context: err = %v, want context.Canceled", err)
	}
	if _, err := n.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment}, "t"); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateDRG with a canceled context: err = %v, want context.Canceled", err)
	}
}
