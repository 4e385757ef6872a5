package ocitest

import (
	"context"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// Harness gives one test of the suite the cloud under test: clients of it,
// and what the test may assume and do there. RunConformanceTests makes one
// per test (with the HarnessMaker) and closes it when the test ends.
//
// A harness over the simulator also implements Simulator; a harness over a
// real tenancy does not, and the tests that need the simulator are skipped
// with it.
type Harness interface {
	// MakeNetwork returns a new client of the cloud. Every call makes a
	// separate client (as separate processes would); all of them see the
	// same cloud.
	MakeNetwork(ctx context.Context) (oci.Network, error)
	// Env describes the cloud. It is the same on every call.
	Env() Env
	// Close releases what the harness holds (servers, connections). It does
	// not delete resources: each test deletes what it made.
	Close()
}

// HarnessMaker makes the harness of one test; it may register cleanups with
// t. An error fails the test.
type HarnessMaker func(ctx context.Context, t *testing.T) (Harness, error)

// Simulator is implemented by a Harness over the simulator. The tests that
// seed the cloud, choose its latencies, inject faults, purge deleted
// resources or drive the Azure side of the FastConnect handoff
// (World.Azure()) make a world of their own with NewWorld and ask for a
// client of it.
type Simulator interface {
	// NetworkOver returns a new client of w. It may be called more than
	// once for one world (two clients of one cloud).
	NetworkOver(ctx context.Context, w *sim.World) (oci.Network, error)
}

// Env describes the cloud of a Harness: what exists before the tests run,
// and how they may use it. The zero Env allows nothing but reads.
type Env struct {
	// Tenancy is the tenancy's OCID as the harness knows it from its own
	// configuration (not from the Network under test): Network.TenancyID
	// must answer it.
	Tenancy string
	// Compartment is the compartment the tests read, and the lifecycle
	// tests create their DRGs (and attachments) in.
	Compartment string
	// VCN is an existing VCN of Compartment. ID is always set. The lifecycle
	// tests attach it to a DRG of their own and add a route rule to its
	// default route table (then remove both), so it must not be attached to
	// a DRG already. The harness sets the other fields only when it knows
	// them (a seeded world); GetVCN must then answer them exactly.
	VCN oci.VCN
	// AzureProviderServiceID, when not "", is the OCID the "Microsoft Azure"
	// FastConnect provider service must have.
	AzureProviderServiceID string

	// Owned reports that nothing but what the tests make is in
	// Compartment, so that lists must hold exactly that. False for a real
	// compartment, which other people and programs use.
	Owned bool
	// Mutable allows the lifecycle tests, which create, change and delete
	// resources (each deletes what it made, and touches nothing else).
	// False runs only the read-only tests.
	Mutable bool
	// Purges reports that the cloud purges deleted resources on its own:
	// once deleted, a DRG or an attachment may answer 404 instead of
	// TERMINATED or DETACHED. The simulator keeps them until
	// World.PurgeDeleted.
	Purges bool

	// Pace is how the tests wait for a resource to change state.
	Pace Pace
}

// Pace is how often a test reads a resource again while it waits for a
// state, and for how long at most.
type Pace struct {
	Poll, Timeout time.Duration
}

// SimPace suits the worlds the suite makes: their latencies are well under
// a second.
var SimPace = Pace{Poll: 5 * time.Millisecond, Timeout: 20 * time.Second}

// SimHarness returns a HarnessMaker over the simulator. connect returns the
// oci.Network under test over a world: w.OCI() for the simulator itself, or
// a client of a face serving w (it may register cleanups with t, such as
// closing the face).
//
// Each harness has a world of its own, NewWorld(HarnessLatency), for the
// tests that run on every harness; the simulator-only tests make theirs and
// connect to them through Simulator.
func SimHarness(connect func(ctx context.Context, t *testing.T, w *sim.World) (oci.Network, error)) HarnessMaker {
	return func(ctx context.Context, t *testing.T) (Harness, error) {
		return &simHarness{t: t, w: NewWorld(HarnessLatency), connect: connect}, nil
	}
}

// HarnessLatency is the latency of a SimHarness's own world: long enough to
// see the transitional states (PROVISIONING, ATTACHING), short enough to
// wait them out in a fraction of a second.
var HarnessLatency = sim.Latency{DRG: 60 * time.Millisecond, DRGAttachment: 60 * time.Millisecond,
	VirtualCircuit: 300 * time.Millisecond, BGP: 60 * time.Millisecond}

// simHarness is the Harness SimHarness makes.
type simHarness struct {
	t       *testing.T
	w       *sim.World
	connect func(ctx context.Context, t *testing.T, w *sim.World) (oci.Network, error)
}

// MakeNetwork returns a client of the harness's own world.
func (h *simHarness) MakeNetwork(ctx context.Context) (oci.Network, error) {
	return h.connect(ctx, h.t, h.w)
}

// NetworkOver returns a client of w.
func (h *simHarness) NetworkOver(ctx context.Context, w *sim.World) (oci.Network, error) {
	return h.connect(ctx, h.t, w)
}

// Env describes the harness's own world, seeded by NewWorld.
func (h *simHarness) Env() Env {
	e := simEnv
	e.Tenancy = h.w.TenancyID()
	return e
}

// Close does nothing: connect registers its cleanups with the test.
func (h *simHarness) Close() {}
