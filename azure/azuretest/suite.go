// Package azuretest is the conformance suite of azure.Network, in the style
// of gocloud.dev's drivertest: one set of behaviour tests that every
// implementation must pass, each test run through a Harness that makes the
// Network under test and says where it works (Env).
//
// SimHarness runs the suite against a simulated world: the in-memory
// simulator itself (sim.World.Azure) or the armnetwork adapter
// (armclient.Client) talking HTTPS to the simulator's ARM face
// (sim/armface). Each test gets a fresh world (NewWorld): a subscription,
// resource group "rg-conformance" with virtual network "vnet-conformance"
// (eastus, 10.10.0.0/16, subnet "default" 10.10.0.0/24) and a us-ashburn-1
// VCN (10.20.0.0/16) on the OCI side, which drives the FastConnect handoff
// through World.OCI(). The virtual network peering tests seed more virtual
// networks beside it (spokes from 10.30.0.0/16 up, hubs with a seeded
// ExpressRoute gateway from 10.40.0.0/16 up) and peer them with it.
// Latencies are the simulator's defaults divided by 10,000 (a gateway takes
// 240ms), so the suite runs in seconds of real time.
//
// A harness of a real subscription (see azure/armclient's live test) has no
// world: the tests that need one are skipped, saying why; the read-only
// tests always run, and the lifecycle tests, which create resources named
// after Env.NamePrefix and delete them, run when Env.Writes allows.
//
// RunMetricsConformanceTests is the same for azure.Metrics (Azure Monitor):
// through a MetricsHarness, against the simulator (World.AzureMetrics) or
// the armmonitor adapter (azure/monitorclient) over the ARM face, each
// simulated test in a testing/synctest bubble so that minutes of metrics
// are exact; against a real subscription it reads an existing circuit.
package azuretest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// fixture is one test's environment, world and Network under test.
type fixture struct {
	t   *testing.T
	env Env
	w   *sim.World // nil on a real subscription
	n   azure.Network
	ctx context.Context
}

// scope says where a test may run.
type scope int

const (
	// readOnly tests only read (and POST the read-only list actions): they
	// are safe against a production subscription.
	readOnly scope = iota
	// lifecycle tests create resources, named after Env.NamePrefix, and
	// delete them: they run when Env.Writes is set.
	lifecycle
	// simulated tests need the harness's simulated world: its seed, its
	// faults and latencies, Oracle's side of the handoff, or what the
	// simulator itself answers. They are skipped when Harness.World is nil,
	// with the test's reason.
	simulated
)

// RunConformanceTests runs the suite. newHarness makes the harness of each
// test (see Harness): SimHarness for an implementation backed by a
// simulated world, or a harness of your own for a real subscription, whose
// Env says what the suite may do there.
//
// With an Env that is not Shared, every test runs in parallel with the
// others, each in its own environment; with a Shared one they run one at a
// time. Tests that need the simulated world are skipped, saying why, when
// the harness has none; lifecycle tests are skipped without Env.Writes.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			h, err := newHarness(ctx, t)
			if err != nil {
				t.Fatalf("making the harness: %v", err)
			}
			t.Cleanup(h.Close)
			env := h.Env()
			if !env.Shared {
				t.Parallel()
			}
			if tc.slow {
				s, ok := h.(slowable)
				if !ok {
					t.Skipf("needs a simulated world whose operations last an hour (SimHarness): %s", tc.reason)
				}
				if err := s.slowOperations(); err != nil {
					t.Fatal(err)
				}
			}
			if tc.slowConnections {
				s, ok := h.(slowable)
				if !ok {
					t.Skipf("needs a simulated world whose connection operations last an hour (SimHarness): %s", tc.reason)
				}
				if err := s.slowConnections(); err != nil {
					t.Fatal(err)
				}
			}
			w := h.World()
			switch {
			case tc.scope == simulated && w == nil:
				t.Skipf("needs the simulated world: %s", tc.reason)
			case tc.scope == lifecycle && !env.Writes:
				t.Skip("creates and deletes resources: the harness allows reads only (Env.Writes)")
			}
			n, err := h.MakeNetwork(ctx)
			if err != nil {
				t.Fatalf("making the Network: %v", err)
			}
			tc.run(&fixture{t: t, env: env, w: w, n: n, ctx: ctx})
		})
	}
}

// seededVNets is why the peering tests need the simulated world: Env names
// one virtual network, and a peering needs another.
const seededVNets = "it peers virtual networks the simulator seeds beside Env's (Env names one)"

// tests is the suite. reason says why a simulated test needs the world.
var tests = []struct {
	name   string
	scope  scope
	reason string
	slow   bool // needs operations that last (see SimHarness)
	// slowConnections: needs connection operations that last (see
	// SimHarness).
	slowConnections bool
	run             func(f *fixture)
}{
	{name: "SubscriptionID", scope: readOnly, run: testSubscriptionID},
	{name: "VirtualNetwork", scope: readOnly, run: testVirtualNetwork},
	{name: "NotFound", scope: readOnly, run: testNotFound},
	{name: "ServiceProviders", scope: readOnly, run: testServiceProviders},

	{name: "DeleteMissing", scope: lifecycle, run: testDeleteMissing},
	{name: "DeleteMissingPeering", scope: lifecycle, run: testDeleteMissingPeering},
	{name: "SubnetRoundTrip", scope: lifecycle, run: testSubnetRoundTrip},
	{name: "PublicIPRoundTrip", scope: lifecycle, run: testPublicIPRoundTrip},
	{name: "PublicIPRules", scope: lifecycle, run: testPublicIPRules},
	{name: "GatewayRoundTrip", scope: lifecycle, run: testGatewayRoundTrip},
	{name: "CircuitRoundTrip", scope: lifecycle, run: testCircuitRoundTrip},
	{name: "PeeringBeforeProvisioning", scope: lifecycle, run: testPeeringBeforeProvisioning},
	{name: "ValuesDoNotAlias", scope: lifecycle, run: testValuesDoNotAlias},
	{name: "VNetPeeringDeleteMissing", scope: lifecycle, run: testVNetPeeringDeleteMissing},

	{name: "SubnetRules", scope: simulated, run: testSubnetRules,
		reason: "its prefixes are chosen against the seeded address plan"},
	{name: "ScalableGateway", scope: simulated, run: testScalableGateway,
		reason: "on a real subscription it would be a second ExpressRoute gateway (up to 45 minutes and billed by the hour); GatewayRoundTrip makes the run's one"},
	{name: "GatewayRules", scope: simulated, run: testGatewayRules,
		reason: "its prefixes are chosen against the seeded address plan"},
	{name: "CircuitRules", scope: simulated, run: testCircuitRules,
		reason: "some refusals carry codes the simulator names itself (Microsoft publishes none)"},
	{name: "ConflictWhileUpdating", scope: simulated, slow: true, run: testConflictWhileUpdating,
		reason: "it starts an operation that must still run when the Network under test sees it"},
	{name: "ContextEndsFirst", scope: simulated, slow: true, run: testContextEndsFirst,
		reason: "it watches the world for the operation to be accepted"},
	{name: "ConnectionBeforeProvisioning", scope: simulated, run: testConnectionBeforeProvisioning,
		reason: "on a real subscription it would be a second ExpressRoute gateway (up to 45 minutes and billed by the hour); GatewayRoundTrip makes the run's one"},
	{name: "Handoff", scope: simulated, run: testHandoff, reason: "Oracle's side of the handoff"},
	{name: "PeeringRules", scope: simulated, run: testPeeringRules, reason: "Oracle's side of the handoff"},
	{name: "ARPAndRoutes", scope: simulated, run: testARPAndRoutes, reason: "Oracle's side of the handoff"},
	{name: "Connection", scope: simulated, run: testConnection, reason: "Oracle's side of the handoff"},
	{name: "Teardown", scope: simulated, run: testTeardown, reason: "Oracle's side of the handoff"},
	{name: "DeletePrivatePeering", scope: simulated, run: testDeletePrivatePeering, reason: "Oracle's side of the handoff"},
	{name: "LearnedRoutes", scope: simulated, run: testLearnedRoutes, reason: "Oracle's side of the handoff"},
	{name: "AsyncFailure", scope: simulated, run: testAsyncFailure, reason: "an injected fault"},
	{name: "OperationFailed", scope: simulated, run: testOperationFailed, reason: "injected faults"},
	{name: "ConflictFault", scope: simulated, run: testConflictFault, reason: "an injected fault"},

	{name: "VNetPeeringInitiated", scope: simulated, run: testVNetPeeringInitiated, reason: seededVNets},
	{name: "VNetPeeringConnected", scope: simulated, run: testVNetPeeringConnected, reason: seededVNets},
	{name: "VNetPeeringDisconnected", scope: simulated, run: testVNetPeeringDisconnected, reason: seededVNets},
	{name: "VNetPeeringGatewayTransit", scope: simulated, run: testVNetPeeringGatewayTransit,
		reason: seededVNets + "; the gateway-in-use refusal carries a code the simulator names itself (Microsoft publishes none)"},
	{name: "VNetPeeringRules", scope: simulated, run: testVNetPeeringRules,
		reason: seededVNets + "; some refusals carry codes the simulator names itself (Microsoft publishes none)"},
	{name: "VNetPeeringContext", scope: simulated, slow: true, run: testVNetPeeringContext,
		reason: seededVNets + "; it watches the world for the operation to be accepted"},
	{name: "VNetPeeringOperationFailed", scope: simulated, run: testVNetPeeringOperationFailed, reason: seededVNets + "; injected faults"},

	{name: "RoutingWeight", scope: simulated, run: testRoutingWeight,
		reason: "Oracle's side of the handoff; the refusal carries a code the simulator names itself"},
	{name: "ConnectionWritesSerialised", scope: simulated, slowConnections: true, run: testConnectionWritesSerialised,
		reason: "Oracle's side of the handoff for two circuits; it catches a connection operation in progress"},
	{name: "GatewayConnections", scope: simulated, run: testGatewayConnections, reason: twoSites},
	{name: "SiteFailover", scope: simulated, run: testSiteFailover, reason: twoSites},
	{name: "SiteFailoverRefusals", scope: simulated, run: testSiteFailoverRefusals,
		reason: twoSites + "; the refusals carry codes the simulator names itself (Microsoft publishes none)"},
	{name: "SiteFailoverFaults", scope: simulated, run: testSiteFailoverFaults, reason: twoSites + "; injected faults"},
}

// twoSites is why the failover tests need the simulated world: Oracle's
// side of the handoff for circuits at two peering locations, and on a real
// subscription the test would take the gateway off a location that carries
// traffic.
const twoSites = "Oracle's side of the handoff for circuits at two peering locations; live, it would take a location's traffic away"

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

// wantErr asserts err is an *azure.Error (found with errors.As) with the
// status and ARM code, naming its operation and resource.
func wantErr(t *testing.T, err error, status int, code string) *azure.Error {
	t.Helper()
	var e *azure.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *azure.Error %d %s", err, status, code)
	}
	if e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d %s", err, status, code)
	}
	if e.Op == "" || e.Resource == "" || e.Message == "" {
		t.Errorf("error lacks its operation, resource or message: %#v", e)
	}
	if !strings.Contains(err.Error(), e.Resource) || !strings.Contains(err.Error(), code) {
		t.Errorf("error text %q does not name the resource and the code", err)
	}
	return e
}

// eventually polls cond until it holds, failing the test after 20s.
func eventually(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// name is the name of a resource the suite creates (or expects to be
// missing): base after the environment's NamePrefix.
func (f *fixture) name(base string) string { return f.env.NamePrefix + base }

// id is the ARM ID of a resource of the environment's resource group.
func (f *fixture) id(typ, name string) string {
	return "/subscriptions/" + f.env.Subscription + "/resourceGroups/" + f.env.ResourceGroup + "/providers/Microsoft.Network/" + typ + "/" + name
}

func (f *fixture) vnetID() string { return f.id("virtualNetworks", f.env.VirtualNetwork) }

func (f *fixture) gatewaySubnetID() string { return f.vnetID() + "/subnets/" + azure.GatewaySubnetName }

func sameID(a, b string) bool { return strings.EqualFold(a, b) }

// ownerTags returns the tags the suite puts on what it creates (a fresh map each
// time, so an implementation that aliased one could not spoil another test).
func ownerTags() map[string]string {
	return map[string]string{"managed-by": "azoci-interconnect", "interconnect": "conformance"}
}

// cleanupTimeout bounds each cleanup in a shared environment (a gateway
// takes up to 45 minutes to delete).
const cleanupTimeout = time.Hour

// cleanup deletes, once the test is over, a resource the test created in a
// shared environment (in a fresh world it goes with the world). A delete of
// what is already gone succeeds; a failure is reported with what to delete
// by hand.
func (f *fixture) cleanup(what string, del func(ctx context.Context) error) {
	if !f.env.Shared {
		return
	}
	t := f.t
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := del(ctx); err != nil {
			t.Errorf("cleanup: could not delete %s (delete it by hand): %v", what, err)
		}
	})
}

// gatewaySubnet makes the GatewaySubnet at Env.GatewaySubnet.
func (f *fixture) gatewaySubnet() azure.Subnet {
	f.t.Helper()
	rg, vnet := f.env.ResourceGroup, f.env.VirtualNetwork
	f.cleanup(f.gatewaySubnetID(), func(ctx context.Context) error { return f.n.DeleteSubnet(ctx, rg, vnet, azure.GatewaySubnetName) })
	return must[azure.Subnet](f.t)(f.n.PutSubnet(f.ctx, rg, vnet, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: f.env.GatewaySubnet}))
}

// publicIP makes a Standard static public IP named f.name(base).
func (f *fixture) publicIP(base string) azure.PublicIP {
	f.t.Helper()
	rg, name := f.env.ResourceGroup, f.name(base)
	f.cleanup(f.id("publicIPAddresses", name), func(ctx context.Context) error { return f.n.DeletePublicIP(ctx, rg, name) })
	return must[azure.PublicIP](f.t)(f.n.PutPublicIP(f.ctx, rg, azure.PublicIP{Name: name, Location: f.env.Region, SKU: "Standard", Static: true, Tags: ownerTags()}))
}

// gatewaySpec is the suite's ExpressRoute gateway, f.name("ergw"), in the
// GatewaySubnet.
func (f *fixture) gatewaySpec(sku string, units int, pipID string) azure.Gateway {
	return azure.Gateway{Name: f.name("ergw"), Location: f.env.Region, GatewayType: azure.GatewayTypeExpressRoute, SKU: sku, ScaleUnits: units,
		SubnetID: f.gatewaySubnetID(), PublicIPID: pipID, Tags: ownerTags()}
}

// gateway makes the GatewaySubnet, a public IP and a gateway.
func (f *fixture) gateway(sku string, units int) azure.Gateway {
	f.t.Helper()
	f.gatewaySubnet()
	p := f.publicIP("ergw-pip")
	rg, name := f.env.ResourceGroup, f.name("ergw")
	f.cleanup(f.id("virtualNetworkGateways", name), func(ctx context.Context) error { return f.n.DeleteGateway(ctx, rg, name) })
	return must[azure.Gateway](f.t)(f.n.PutGateway(f.ctx, rg, f.gatewaySpec(sku, units, p.ID)))
}

// circuitSpec is an ExpressRoute circuit of the environment's peering
// location and bandwidth, named f.name(base), Standard and metered.
func (f *fixture) circuitSpec(base string) azure.Circuit {
	return azure.Circuit{Name: f.name(base), Location: f.env.Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: f.env.PeeringLocation, BandwidthMbps: f.env.CircuitBandwidthMbps,
		Tags: ownerTags()}
}

// circuit makes the circuit circuitSpec(base). Its cleanup deletes its
// peering first, as Azure requires.
func (f *fixture) circuit(base string) azure.Circuit {
	f.t.Helper()
	rg, name := f.env.ResourceGroup, f.name(base)
	f.cleanup(f.id("expressRouteCircuits", name), func(ctx context.Context) error {
		if err := f.n.DeletePrivatePeering(ctx, rg, name); err != nil && !errors.Is(err, azure.ErrNotFound) {
			return err
		}
		return f.n.DeleteCircuit(ctx, rg, name)
	})
	return must[azure.Circuit](f.t)(f.n.PutCircuit(f.ctx, rg, f.circuitSpec(base)))
}

func (f *fixture) handoff(c azure.Circuit) oci.VirtualCircuit {
	f.t.Helper()
	vc := Handoff(f.t, f.w, c)
	got := must[azure.Circuit](f.t)(f.n.GetCircuit(f.ctx, f.env.ResourceGroup, c.Name))
	if got.ProviderState != azure.Provisioned {
		f.t.Fatalf("after the handoff the circuit is %s, want Provisioned", got.ProviderState)
	}
	return vc
}

// ---------------------------------------------------------------------------
// Tests
