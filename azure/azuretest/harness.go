package azuretest

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// Harness gives one conformance test the azure.Network under test and says
// where it works, as gocloud.dev's drivertest harnesses do. A harness serves
// one test: RunConformanceTests makes one per test with a HarnessMaker and
// closes it when the test and its cleanups are done.
type Harness interface {
	// MakeNetwork returns the azure.Network under test. The suite calls it
	// once per harness.
	MakeNetwork(ctx context.Context) (azure.Network, error)
	// Env describes where the Network works and what the suite may do
	// there. It does not change during the test.
	Env() Env
	// World returns the simulated world the Network serves, or nil when it
	// serves a real subscription. Tests that need the world (to seed it,
	// inject faults, drive Oracle's side of the handoff through World.OCI,
	// or read what the simulator itself answers) are skipped when it is nil.
	World() *sim.World
	// Close releases what the harness holds (servers, worlds).
	Close()
}

// HarnessMaker makes the harness of one test. t is that test: a maker may
// register cleanups with it, and fail it.
type HarnessMaker func(ctx context.Context, t *testing.T) (Harness, error)

// Env is where a harness's Network works: a subscription, a resource group
// the suite may use and an existing virtual network in it.
type Env struct {
	Subscription   string
	ResourceGroup  string
	VirtualNetwork string
	// Region is the virtual network's region, in ARM's canonical form
	// ("eastus"); the suite creates its resources there.
	Region string

	// AddressSpace and Subnets are the virtual network as the harness made
	// it, which the VirtualNetwork test checks exactly. Nil when the harness
	// does not know them in advance (a real subscription): the test then
	// checks only their form.
	AddressSpace []netip.Prefix
	Subnets      map[string]netip.Prefix

	// GatewaySubnet is where the suite may create the virtual network's
	// GatewaySubnet: a /27 or larger prefix inside the address space that
	// overlaps no subnet. WiderGatewaySubnet contains it and overlaps no
	// subnet either (SubnetRoundTrip widens the GatewaySubnet to it). The
	// virtual network must have no GatewaySubnet when Writes is set.
	GatewaySubnet, WiderGatewaySubnet netip.Prefix

	// PeeringLocation and CircuitBandwidthMbps are those of the ExpressRoute
	// circuits the suite creates (provider azure.OracleServiceProvider).
	PeeringLocation      string
	CircuitBandwidthMbps int

	// NamePrefix starts the name of every resource the suite creates (and
	// of every name it expects to be missing), so that it never touches what
	// it did not create. "" in a fresh world.
	NamePrefix string

	// Writes allows the tests that create and delete resources (the
	// lifecycle tests); without it only the read-only tests run.
	Writes bool

	// Shared says that the environment outlives the test and is shared by
	// all of them (a real subscription): the tests then run one at a time
	// and delete what they create with t.Cleanup, even when they fail.
	// Without it every test has an environment of its own (a fresh world),
	// and the tests run in parallel.
	Shared bool
}

// SimEnv is the Env of a world made by NewWorld.
func SimEnv() Env {
	return Env{Subscription: Subscription, ResourceGroup: ResourceGroup, VirtualNetwork: VirtualNetwork, Region: Region,
		AddressSpace: []netip.Prefix{vnetSpace}, Subnets: map[string]netip.Prefix{"default": defaultSubnet},
		GatewaySubnet: gwPrefix, WiderGatewaySubnet: widerGWPrefix,
		PeeringLocation: "Washington DC", CircuitBandwidthMbps: 1000, Writes: true}
}

// SimHarness returns a HarnessMaker for Networks backed by a simulated
// world: each test gets a fresh world made by NewWorld with the suite's
// Latency, and network turns it into the Network under test (w.Azure() for
// the simulator itself; an adapter pointed at the world's HTTP face).
// network may register cleanups with t.
//
// Tests that must catch an operation in progress get a world whose public
// IPs, circuits, gateways and virtual network peerings take an hour
// (operations never waited for), or one whose connections do.
func SimHarness(network func(t *testing.T, w *sim.World) (azure.Network, error)) HarnessMaker {
	return func(_ context.Context, t *testing.T) (Harness, error) {
		return &simHarness{t: t, network: network, lat: Latency()}, nil
	}
}

// simHarness makes its world on first use, so that a test may slow it down
// first (slowOperations). Like the test it serves, it is used from one
// goroutine.
type simHarness struct {
	t       *testing.T
	network func(t *testing.T, w *sim.World) (azure.Network, error)
	lat     sim.Latency

	w *sim.World // made on first use
}

func (h *simHarness) world() *sim.World {
	if h.w == nil {
		h.w = NewWorld(h.lat)
	}
	return h.w
}

// slowOperations makes public IPs, circuits, gateways and virtual network
// peerings take an hour. It must come before the world is used.
func (h *simHarness) slowOperations() error {
	if h.w != nil {
		return errors.New("azuretest: the world is already made")
	}
	h.lat.PublicIP, h.lat.Circuit, h.lat.Gateway, h.lat.VNetPeering = time.Hour, time.Hour, time.Hour, time.Hour
	return nil
}

// MakeNetwork returns the Network the harness's function makes of its world.
func (h *simHarness) MakeNetwork(context.Context) (azure.Network, error) {
	return h.network(h.t, h.world())
}

// Env is SimEnv.
func (h *simHarness) Env() Env { return SimEnv() }

// World returns the test's world.
func (h *simHarness) World() *sim.World { return h.world() }

// Close does nothing: the world is garbage.
func (h *simHarness) Close() {}

// slowConnections makes connection operations take an hour. It must come
// before the world is used.
func (h *simHarness) slowConnections() error {
	if h.w != nil {
		return errors.New("azuretest: the world is already made")
	}
	h.lat.Connection = time.Hour
	return nil
}

// slowable is implemented by the harnesses SimHarness makes.
type slowable interface {
	slowOperations() error
	slowConnections() error
}

// GatewaySubnetPrefixes picks, for a virtual network without a
// GatewaySubnet, the prefixes Env.GatewaySubnet and Env.WiderGatewaySubnet
// name: the highest-addressed IPv4 /26 of its address space that overlaps
// none of its subnets, and the /27 at its start. ok is false when there is
// no such /26.
func GatewaySubnetPrefixes(v azure.VirtualNetwork) (gw, wider netip.Prefix, ok bool) {
	taken := make([]netip.Prefix, 0, len(v.Subnets))
	for _, s := range v.Subnets {
		taken = append(taken, s.Prefix)
	}
	spaces := slices.Clone(v.AddressSpace)
	slices.SortFunc(spaces, func(a, b netip.Prefix) int { return b.Addr().Compare(a.Addr()) })
	for _, space := range spaces {
		space = space.Masked()
		if !space.Addr().Is4() || space.Bits() > 26 {
			continue
		}
		// The /26s of space, from the last down.
		first := binary.BigEndian.Uint32(space.Addr().AsSlice())
		for i := 1<<(26-space.Bits()) - 1; i >= 0; i-- {
			var a [4]byte
			binary.BigEndian.PutUint32(a[:], first+uint32(i)<<6)
			cand := netip.PrefixFrom(netip.AddrFrom4(a), 26)
			if !slices.ContainsFunc(taken, cand.Overlaps) {
				return netip.PrefixFrom(cand.Addr(), 27), cand, true
			}
		}
	}
	return netip.Prefix{}, netip.Prefix{}, false
}
