package sim

import "time"

// Latency is how long the simulated clouds take. Every duration is simulated
// time measured with the standard clock, so inside a testing/synctest bubble
// the waits cost nothing. The zero Latency makes every call and every
// transition instant.
type Latency struct {
	// Read is how long every API call takes to answer (reads and writes
	// alike), so that a caller's concurrency shows.
	Read time.Duration

	// Azure operations: creation (or update) until the ARM operation has
	// finished. Deletions take as long as the creation of the same kind.
	Circuit    time.Duration
	Gateway    time.Duration // an update between SKUs takes Gateway/2
	PublicIP   time.Duration
	Subnet     time.Duration
	Connection time.Duration
	Peering    time.Duration // a private peering made through ARM (by hand)
	// VNetPeering is one side of a virtual network peering (a create, an
	// update or a deletion).
	VNetPeering time.Duration

	// OCI operations: creation until the resource is AVAILABLE / ATTACHED.
	DRG           time.Duration
	DRGAttachment time.Duration
	// VirtualCircuit is the time from the virtual circuit's creation until it
	// is PROVISIONED; at that moment the ExpressRoute circuit turns
	// Provisioned and Oracle configures the private peering.
	VirtualCircuit time.Duration
	// RouteTable is added to Read for every UpdateRouteTable.
	RouteTable time.Duration
	// BGP is the time from PROVISIONED (or from a private peering that
	// matches) until the BGP session is UP.
	BGP time.Duration
	// Failover is how long a gateway's site failover simulation takes to
	// start (Starting to Running) and to stop (Stopping to Completed).
	Failover time.Duration
}

// DefaultLatency returns realistic latencies: Read 150ms, Circuit 1m, Gateway
// 40m, PublicIP 10s, Subnet 10s, Connection 3m, Peering 1m, VNetPeering 30s,
// DRG 1m, DRGAttachment 1m, VirtualCircuit 3m, RouteTable 0, BGP 1m,
// Failover 15s (Microsoft: "traffic failover typically completes within 15
// seconds", azure-docs articles/expressroute/resiliency-validation.md).
func DefaultLatency() Latency {
	return Latency{
		Read:           150 * time.Millisecond,
		Circuit:        time.Minute,
		Gateway:        40 * time.Minute,
		PublicIP:       10 * time.Second,
		Subnet:         10 * time.Second,
		Connection:     3 * time.Minute,
		Peering:        time.Minute,
		VNetPeering:    30 * time.Second,
		DRG:            time.Minute,
		DRGAttachment:  time.Minute,
		VirtualCircuit: 3 * time.Minute,
		RouteTable:     0,
		BGP:            time.Minute,
		Failover:       15 * time.Second,
	}
}

// Scaled returns l with every field multiplied by f (the quickstart uses about
// 1/500, so that a 45-minute job runs in seconds of real time).
func (l Latency) Scaled(f float64) Latency {
	s := func(d time.Duration) time.Duration { return time.Duration(float64(d) * f) }
	return Latency{
		Read:           s(l.Read),
		Circuit:        s(l.Circuit),
		Gateway:        s(l.Gateway),
		PublicIP:       s(l.PublicIP),
		Subnet:         s(l.Subnet),
		Connection:     s(l.Connection),
		Peering:        s(l.Peering),
		VNetPeering:    s(l.VNetPeering),
		DRG:            s(l.DRG),
		DRGAttachment:  s(l.DRGAttachment),
		VirtualCircuit: s(l.VirtualCircuit),
		RouteTable:     s(l.RouteTable),
		BGP:            s(l.BGP),
		Failover:       s(l.Failover),
	}
}

// Option configures a World made by New or Load.
type Option func(*options)

type options struct {
	latency      *Latency
	subscription string
	ociRegion    string
	tenancy      string
	callLimit    int
}

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// WithLatency sets the world's latencies. Without it a World uses
// DefaultLatency(); the zero Latency means instant.
func WithLatency(l Latency) Option { return func(o *options) { o.latency = &l } }

// WithSubscription sets the subscription that World.Azure serves. Without it,
// the subscription is the SubscriptionID of the first virtual network seeded,
// or "00000000-0000-0000-0000-000000000000" when none is.
func WithSubscription(id string) Option { return func(o *options) { o.subscription = id } }

// WithOCIRegion sets the region that World.OCI serves (e.g. "us-ashburn-1").
// Without it, the region is the Region of the first VCN seeded.
func WithOCIRegion(region string) Option { return func(o *options) { o.ociRegion = region } }

// WithTenancy sets the OCI tenancy (the root compartment, where FastConnect
// provider services are listed); DefaultTenancy without it.
func WithTenancy(id string) Option { return func(o *options) { o.tenancy = id } }

// WithCallLogLimit keeps only the latest n calls in the log Calls returns
// (by default it keeps them all), so that a world served for days, as
// under a monitor, does not grow without bound. n <= 0 keeps them all.
func WithCallLogLimit(n int) Option { return func(o *options) { o.callLimit = n } }
