// Package ocitest is the conformance suite of oci.Network, in the style of
// gocloud.dev's drivertest: every implementation (the simulator's
// World.OCI(), ociclient.Client against the simulator's HTTP face or against
// a real tenancy, an implementation of your own) runs RunConformanceTests
// with a HarnessMaker and must pass the same behaviour tests.
//
// The suite checks only what the oci.Network contract and OCI promise:
// round trips, lifecycles, ErrNotFound and the OCI error codes, retry tokens
// and their invalidation, paging, the route table read-modify-write,
// virtual circuit validation, provider faults and the FastConnect handoff
// with an ExpressRoute circuit made through World.Azure().
//
// Tests come in three kinds (see the list in RunConformanceTests):
//   - read-only tests run against every harness, a production tenancy
//     included: they only read (TenancyID, the VCN and its default route
//     table, not-found answers, the FastConnect catalog, lists);
//   - lifecycle tests create, change and delete resources, each deleting
//     what it made and touching nothing else: they run when Env.Mutable;
//   - simulator tests need a Simulator harness: they seed worlds of their
//     own, pick latencies, inject faults, purge deleted resources or drive
//     the Azure side. They are skipped, saying why, against a real tenancy.
//
// SimHarness makes the harness for the simulator; package oci/ociclient's
// tests run the suite over the simulator's signed HTTPS face and, when
// asked to, against a real tenancy.
//
// RunMetricsConformanceTests is the suite of oci.Metrics (OCI Monitoring),
// with a harness of its own (MetricsHarness, SimMetricsHarness): read-only
// tests for every harness, and simulator tests that read a History, a world
// whose past (links up, traffic, both paths broken) was recorded in a
// testing/synctest bubble. Package oci/monitoringclient's tests run it over
// the face and, when asked to, against a real tenancy.
package ocitest

import "testing"

// kind is what a test needs of its harness.
type kind int

const (
	// readOnly tests only read: they run against every harness.
	readOnly kind = iota
	// lifecycle tests create, change and delete resources of their own: they
	// run when Env.Mutable.
	lifecycle
	// simulated tests need a Simulator.
	simulated
)

// conformanceTest is one test of the suite.
type conformanceTest struct {
	name string
	kind kind
	// why says, for a simulated test, why it cannot run against a real
	// tenancy.
	why string
	run func(t *testing.T, h Harness)
}

// Reasons simulated tests give.
const (
	whySeeds   = "it seeds the cloud (VCNs, route tables, DRGs, catalog) and chooses its latencies"
	whyAzure   = "it orders virtual circuits against ExpressRoute circuits made through World.Azure(); live, a virtual circuit needs a real ExpressRoute circuit and bills a FastConnect port"
	whyFaults  = "it injects faults"
	whyPurge   = "it purges deleted resources (World.PurgeDeleted); OCI does so on its own schedule"
	whyTenancy = "OCI documents the tenancy for ListFastConnectProviderServices but not a refusal in a compartment; the simulator refuses so that callers are held to the tenancy"
)

// tests lists the suite, by kind.
var tests = []conformanceTest{
	{"TenancyID", readOnly, "", testTenancyID},
	{"VCN", readOnly, "", testVCN},
	{"DefaultRouteTable", readOnly, "", testDefaultRouteTable},
	{"NotFound", readOnly, "", testNotFound},
	{"ProviderServicesAndShapes", readOnly, "", testCatalog},
	{"Lists", readOnly, "", testLists},

	{"DRGLifecycle", lifecycle, "", testDRGLifecycle},
	{"AttachRouteDetach", lifecycle, "", testAttachRouteDetach},
	{"CanceledContext", lifecycle, "", testCanceled},
	{"DRGRouteTableECMP", lifecycle, "", testDRGRouteTableECMP},

	{"TransitionalStates", simulated, whySeeds, testTransitionalStates},
	{"DRGAttachments", simulated, whySeeds, testAttachments},
	{"Conflicts", simulated, whyAzure, testConflicts},
	{"RetryTokens", simulated, whyAzure, testRetryTokens},
	{"InvalidatedRetryTokens", simulated, whyPurge, testInvalidatedRetryTokens},
	{"Paging", simulated, whySeeds, testPaging},
	{"RouteTableReadModifyWrite", simulated, whySeeds, testRouteTable},
	{"RouteTableConcurrentEditors", simulated, whySeeds, testRouteTableConcurrent},
	{"ProviderServicesOnlyInTheTenancy", simulated, whyTenancy, testProviderServicesOnlyInTheTenancy},
	{"AttachmentInAnotherCompartment", simulated, whySeeds, testAttachmentInAnotherCompartment},
	{"VirtualCircuitHandoff", simulated, whyAzure, testVirtualCircuit},
	{"VirtualCircuitUnknownKeyFails", simulated, whyAzure, testVirtualCircuitUnknownKey},
	{"VirtualCircuitValidation", simulated, whyAzure, testVirtualCircuitValidation},
	{"VirtualCircuitProviderFaults", simulated, whyFaults, testProviderFaults},
	{"InjectedConflict", simulated, whyFaults, testInjectedConflict},
	{"DRGRouteTableChoice", simulated, whySeeds, testDRGRouteTableChoice},
	{"ECMPSharesTraffic", simulated, whyAzure, testECMPSharesTraffic},
}

// RunConformanceTests runs the suite, every test in parallel with the
// others, each with a harness of its own from newHarness (closed when the
// test ends). Tests the harness cannot run are skipped, saying why: the
// lifecycle tests when Env.Mutable is false, the simulator tests when the
// harness is not a Simulator.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, err := newHarness(t.Context(), t)
			if err != nil {
				t.Fatalf("making the harness: %v", err)
			}
			t.Cleanup(h.Close)
			if reason := skipReason(h, tc.kind, tc.why); reason != "" {
				t.Skip(reason)
			}
			tc.run(t, h)
		})
	}
}

// skipReason says why h cannot run a test of kind k, "" when it can.
func skipReason(h Harness, k kind, why string) string {
	switch k {
	case lifecycle:
		if !h.Env().Mutable {
			return "lifecycle test: it creates and deletes resources, and the harness allows reads only (Env.Mutable is false)"
		}
	case simulated:
		if _, ok := h.(Simulator); !ok {
			return "needs the simulator: " + why
		}
	}
	return ""
}
