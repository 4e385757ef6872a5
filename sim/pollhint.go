package sim

import "time"

// This file: how often a caller waiting on the world should poll it.

// realPollInterval is the poll interval the library uses against the real
// clouds (interconnect.DefaultPollInterval), which DefaultLatency models.
const realPollInterval = 15 * time.Second

// minPollInterval keeps a caller from spinning on a world whose latencies
// are zero.
const minPollInterval = time.Millisecond

// PollIntervalHint is how long a caller waiting on the world's resources
// should wait between two reads: 15s, what the library uses against the real
// clouds, scaled as the world's latencies are scaled from DefaultLatency
// (by the largest ratio of one of its transition latencies to the default
// one), and at least 1ms. So DefaultLatency hints 15s,
// DefaultLatency().Scaled(1.0/500) 30ms, and the zero Latency 1ms: an
// interconnect.Client made without WithPollInterval polls at this pace
// (interconnect.PollIntervalHinter, which the faces of World.Azure and
// World.OCI implement), and an Apply on an instant world takes no time.
func (w *World) PollIntervalHint() time.Duration {
	l, d := w.lat, DefaultLatency()
	ratio := 0.0
	for _, p := range [][2]time.Duration{
		{l.Circuit, d.Circuit}, {l.Gateway, d.Gateway}, {l.PublicIP, d.PublicIP}, {l.Subnet, d.Subnet},
		{l.Connection, d.Connection}, {l.Peering, d.Peering}, {l.VNetPeering, d.VNetPeering}, {l.DRG, d.DRG},
		{l.DRGAttachment, d.DRGAttachment}, {l.VirtualCircuit, d.VirtualCircuit}, {l.BGP, d.BGP},
	} {
		ratio = max(ratio, float64(p[0])/float64(p[1]))
	}
	return max(time.Duration(ratio*float64(realPollInterval)), minPollInterval)
}

// PollIntervalHint is the world's (World.PollIntervalHint).
func (f *azureFace) PollIntervalHint() time.Duration { return f.w.PollIntervalHint() }

// PollIntervalHint is the world's (World.PollIntervalHint).
func (f *ociFace) PollIntervalHint() time.Duration { return f.w.PollIntervalHint() }
