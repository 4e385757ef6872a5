package ocitest

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/oci"
)

// This file: the read-only tests. They run against every harness, a
// production tenancy included, and write nothing.

func testTenancyID(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	got := n.TenancyID()
	if !strings.HasPrefix(got, "ocid1.tenancy.") || got != env.Tenancy {
		t.Errorf("TenancyID = %q, want the harness's tenancy %q", got, env.Tenancy)
	}
	if again := network(t, h).TenancyID(); again != got {
		t.Errorf("two clients of one cloud report tenancies %q and %q", got, again)
	}
}

// testVCN reads the harness's VCN: exactly as seeded when the harness knows
// it, and in any case a well-formed AVAILABLE VCN of the compartment.
func testVCN(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	want := env.VCN
	v := must[oci.VCN](t)(n.GetVCN(t.Context(), want.ID))
	if v.ID != want.ID || v.CompartmentID != env.Compartment || v.State != oci.Available || len(v.CIDRs) == 0 ||
		v.DefaultRouteTableID == "" {
		t.Errorf("GetVCN = %+v, want an AVAILABLE VCN of %s with CIDRs and a default route table", v, env.Compartment)
	}
	if len(v.CIDRs) == 0 {
		return
	}
	if (want.DisplayName != "" && v.DisplayName != want.DisplayName) || (want.CIDRs != nil && !slices.Equal(v.CIDRs, want.CIDRs)) ||
		(want.DefaultRouteTableID != "" && v.DefaultRouteTableID != want.DefaultRouteTableID) {
		t.Errorf("GetVCN = %+v, want %+v", v, want)
	}
	first := v.CIDRs[0]
	v.CIDRs[0] = netip.MustParsePrefix("1.2.3.0/24")
	if again := must[oci.VCN](t)(n.GetVCN(t.Context(), want.ID)); again.CIDRs[0] != first {
		t.Errorf("a returned VCN aliases the implementation's memory: %v", again.CIDRs)
	}
}

// testDefaultRouteTable reads the VCN's default route table.
func testDefaultRouteTable(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	v := must[oci.VCN](t)(n.GetVCN(ctx, env.VCN.ID))
	rt := must[oci.RouteTable](t)(n.GetRouteTable(ctx, v.DefaultRouteTableID))
	if rt.ID != v.DefaultRouteTableID || rt.VCNID != v.ID || rt.CompartmentID == "" || rt.ETag == "" ||
		rt.State != oci.Available || rt.Rules == nil {
		t.Errorf("GetRouteTable(the default) = %+v, want the AVAILABLE table of %s with an etag and non-nil rules", rt, v.ID)
	}
	if env.Owned && (len(rt.Rules) != 0 || rt.CompartmentID != env.Compartment) {
		t.Errorf("the seeded default route table = %+v, want no rules, in %s", rt, env.Compartment)
	}
	for _, r := range rt.Rules {
		if !r.Destination.IsValid() || r.NetworkEntityID == "" {
			t.Errorf("rule %+v: want a CIDR destination and a target", r)
		}
	}
}

// testNotFound asks for what does not exist. Where the missing resource is
// named in the URL (path or query), OCI answers 404 NotAuthorizedOrNotFound
// (OCI's API Errors page), and every harness must: the reads run
// everywhere, the deletes of missing resources in the lifecycle subset.
// Where it is named in the request body of a create, OCI documents 400
// RelatedResourceNotAuthorizedOrNotFound or 409
// NotAuthorizedOrResourceAlreadyExists instead, while the simulator answers
// 404: those cases run on the simulator only.
func testNotFound(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	noComp := missingID(env, "compartment")
	missing := func(kind string) string { return missingID(env, kind) }
	var drg oci.DRG // for an attachment to a missing VCN, on the simulator only
	if _, ok := h.(Simulator); ok {
		drg = availableDRG(t, env, n, "drg")
	}
	const body = "the missing resource is in the request body of a create: OCI documents 400 " +
		"RelatedResourceNotAuthorizedOrNotFound or 409 NotAuthorizedOrResourceAlreadyExists there, the simulator answers 404"
	tests := []struct {
		op   string
		kind kind
		call func(ctx context.Context) error
	}{
		{"GetVCN", readOnly, func(ctx context.Context) error { _, err := n.GetVCN(ctx, missing("vcn")); return err }},
		{"GetDRG", readOnly, func(ctx context.Context) error { _, err := n.GetDRG(ctx, missing("drg")); return err }},
		{"DeleteDRG", lifecycle, func(ctx context.Context) error { return n.DeleteDRG(ctx, missing("drg")) }},
		{"ListDRGs", readOnly, func(ctx context.Context) error { _, err := n.ListDRGs(ctx, noComp); return err }},
		{"CreateDRG", simulated, func(ctx context.Context) error {
			_, err := n.CreateDRG(ctx, oci.DRG{CompartmentID: noComp}, "")
			return err
		}},
		{"GetDRGAttachment", readOnly, func(ctx context.Context) error {
			_, err := n.GetDRGAttachment(ctx, missing("drgattachment"))
			return err
		}},
		{"DeleteDRGAttachment", lifecycle, func(ctx context.Context) error {
			return n.DeleteDRGAttachment(ctx, missing("drgattachment"))
		}},
		{"ListDRGAttachments", readOnly, func(ctx context.Context) error {
			_, err := n.ListDRGAttachments(ctx, noComp, "", "")
			return err
		}},
		{"CreateDRGAttachment", simulated, func(ctx context.Context) error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: missing("drg"), VCNID: env.VCN.ID}, "")
			return err
		}},
		{"CreateDRGAttachment", simulated, func(ctx context.Context) error {
			_, err := n.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: drg.ID, VCNID: missing("vcn")}, "")
			return err
		}},
		{"ListProviderServices", readOnly, func(ctx context.Context) error { _, err := n.ListProviderServices(ctx, noComp); return err }},
		{"ListBandwidthShapes", readOnly, func(ctx context.Context) error {
			_, err := n.ListBandwidthShapes(ctx, missing("providerservice"))
			return err
		}},
		{"GetVirtualCircuit", readOnly, func(ctx context.Context) error {
			_, err := n.GetVirtualCircuit(ctx, missing("virtualcircuit"))
			return err
		}},
		{"DeleteVirtualCircuit", lifecycle, func(ctx context.Context) error {
			return n.DeleteVirtualCircuit(ctx, missing("virtualcircuit"))
		}},
		{"FindVirtualCircuits", readOnly, func(ctx context.Context) error {
			_, err := n.FindVirtualCircuits(ctx, noComp, "vc")
			return err
		}},
		{"CreateVirtualCircuit", simulated, func(ctx context.Context) error {
			_, err := n.CreateVirtualCircuit(ctx, vcSpec("vc", "key", missing("drg")), "")
			return err
		}},
		{"GetRouteTable", readOnly, func(ctx context.Context) error {
			_, err := n.GetRouteTable(ctx, missing("routetable"))
			return err
		}},
		{"UpdateRouteTable", readOnly, func(ctx context.Context) error { // its read fails: nothing is written
			_, err := n.UpdateRouteTable(ctx, missing("routetable"), func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return r, true })
			return err
		}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%02d-%s", i, tt.op), func(t *testing.T) {
			if reason := skipReason(h, tt.kind, body); reason != "" {
				t.Skip(reason)
			}
			wantErr(t, tt.call(t.Context()), tt.op, http.StatusNotFound, "NotAuthorizedOrNotFound")
		})
	}
}

// testCatalog lists the FastConnect provider services in the tenancy, as
// oci-go-sdk's ListFastConnectProviderServices asks, and Azure's shapes.
func testCatalog(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	ps := must[[]oci.ProviderService](t)(n.ListProviderServices(ctx, n.TenancyID()))
	i := slices.IndexFunc(ps, func(p oci.ProviderService) bool { return p.ProviderName == oci.AzureProviderName })
	if i < 0 {
		t.Fatalf("no %q among %v: the Azure interconnect is offered in the OCI regions paired with Azure only", oci.AzureProviderName,
			ids(ps, serviceName))
	}
	az := ps[i]
	if az.ID == "" || (env.AzureProviderServiceID != "" && az.ID != env.AzureProviderServiceID) || az.ProviderServiceName == "" ||
		az.Type != "LAYER3" || !slices.Contains(az.CircuitTypes, oci.CircuitTypePrivate) {
		t.Errorf("Azure's provider service = %+v", az)
	}
	shapes := must[[]oci.BandwidthShape](t)(n.ListBandwidthShapes(ctx, az.ID))
	want := []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000}, {Name: "5 Gbps", Mbps: 5000},
		{Name: "10 Gbps", Mbps: 10000}}
	if !slices.Equal(shapes, want) {
		t.Errorf("Azure's shapes = %+v, want %+v", shapes, want)
	}
}

// testLists lists the compartment's DRGs, attachments and virtual circuits:
// whatever is there must match the filters, and a compartment the tests own
// holds nothing yet.
func testLists(t *testing.T, h Harness) {
	env := h.Env()
	n := network(t, h)
	ctx := t.Context()
	drgs := must[[]oci.DRG](t)(n.ListDRGs(ctx, env.Compartment))
	for _, d := range drgs {
		if d.ID == "" || d.CompartmentID != env.Compartment || d.State == oci.Terminated {
			t.Errorf("ListDRGs(%s) lists %+v", env.Compartment, d)
		}
	}
	all := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, env.Compartment, "", ""))
	for _, a := range all {
		if a.ID == "" || a.CompartmentID != env.Compartment || a.DRGID == "" || a.State == oci.Detached {
			t.Errorf("ListDRGAttachments(%s) lists %+v", env.Compartment, a)
		}
	}
	byVCN := must[[]oci.DRGAttachment](t)(n.ListDRGAttachments(ctx, env.Compartment, env.VCN.ID, ""))
	for _, a := range byVCN {
		if !strings.EqualFold(a.VCNID, env.VCN.ID) || !slices.Contains(ids(all, attachmentID), a.ID) {
			t.Errorf("ListDRGAttachments(%s, VCN %s) lists %+v", env.Compartment, env.VCN.ID, a)
		}
	}
	const name = "azoci-conformance-no-such-circuit"
	vcs := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, env.Compartment, name))
	for _, v := range vcs {
		if v.DisplayName != name || v.State == oci.Terminated {
			t.Errorf("FindVirtualCircuits(%s, %q) lists %+v", env.Compartment, name, v)
		}
	}
	if env.Owned && (len(drgs) != 0 || len(all) != 0 || len(vcs) != 0) {
		t.Errorf("a compartment with nothing made yet lists DRGs %v, attachments %v, virtual circuits %v",
			ids(drgs, drgID), ids(all, attachmentID), ids(vcs, vcID))
	}
}
