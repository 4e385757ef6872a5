package interconnect

// This file: the metric readings of a Watch round, from Azure Monitor and
// OCI Monitoring, taken as the latest minute of each series.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// WithMetrics gives the Client the clouds' metric readers: Azure Monitor
// (azure/monitorclient, or sim.World.AzureMetrics) and OCI Monitoring
// (oci/monitoringclient, or sim.World.OCIMetrics). Watch reads both every
// round. Verify reads OCI's only when the virtual circuit is PROVISIONED
// and ACTIVE but its BGP session is down, to tell a down link from a down
// session in oci.virtual-circuit (its ConnectionState); without an OCI
// reader that check is as it is without metrics. Either may be nil: Watch
// then reads the other cloud's metrics only, and Verify's checks in any
// case.
func WithMetrics(az azure.Metrics, oc oci.Metrics) Option {
	return func(cfg *config) { cfg.azureMetrics, cfg.ociMetrics = az, oc }
}

// Clouds, paths and directions of Readings.
const (
	CloudAzure = "azure"
	CloudOCI   = "oci"

	// PathPrimary and PathSecondary are the circuit's two paths, as Azure
	// Monitor splits them (its Peer dimension).
	PathPrimary   = string(azure.Primary)
	PathSecondary = string(azure.Secondary)
	// PathVirtualCircuit is OCI's one reading per virtual circuit: OCI
	// Monitoring does not split BGP state by path.
	PathVirtualCircuit = "virtual-circuit"

	// DirectionIn is traffic into the cloud that reports it, DirectionOut
	// traffic out of it.
	DirectionIn  = "in"
	DirectionOut = "out"
)

// Readings are the latest metric values of an interconnect. A reading is
// missing when its cloud's metrics were not read (no reader, no circuit yet,
// an error) or had no point in the last minutes.
type Readings struct {
	// BGP is the state of the BGP sessions: per path from Azure Monitor's
	// BgpAvailability, and OCI's Ipv4BgpSessionState of the virtual circuit.
	BGP []LinkState `json:"bgp,omitempty"`
	// ARP is Azure Monitor's ArpAvailability per path.
	ARP []LinkState `json:"arp,omitempty"`
	// Traffic is the bits per second each cloud counts in and out, per
	// path where the cloud splits it (Azure Monitor's DeviceRole).
	Traffic []Traffic `json:"traffic,omitempty"`
	// PacketLoss is the packets per second OCI's end of the link counted
	// in error and discarded (PacketsError, PacketsDiscarded).
	PacketLoss []PacketLoss `json:"packetLoss,omitempty"`
}

// LinkState is the state of a link in the latest minute a cloud reports.
type LinkState struct {
	Cloud string `json:"cloud"`
	Path  string `json:"path"`
	// Location is the peering location of the circuit (Azure) or virtual
	// circuit (OCI): with maximum resiliency, readings come per location.
	Location string `json:"location,omitempty"`
	// Availability is the share of that minute the link was up, 0 to 1.
	Availability float64 `json:"availability"`
	// Time is the start of the minute (Azure) or its end (OCI), as each
	// cloud stamps its points.
	Time time.Time `json:"time"`
}

// Up reports whether the link was up the whole minute (to a millionth).
func (l LinkState) Up() bool { return l.Availability >= 1-1e-6 }

// Traffic is the mean rate of a cloud's traffic one way in the latest
// minute it reports, on one path.
type Traffic struct {
	Cloud     string `json:"cloud"`
	Direction string `json:"direction"`
	// Path is PathPrimary or PathSecondary for Azure, which counts the
	// traffic of each of the circuit's paths (Azure Monitor's DeviceRole,
	// which Microsoft's ExpressRoute Insights workbook filters Primary and
	// secondary), or PathVirtualCircuit for OCI, which counts the virtual
	// circuit's. A cloud's paths add up to its traffic one way.
	Path string `json:"path"`
	// Location is the peering location of the circuit or virtual circuit
	// counted.
	Location      string    `json:"location,omitempty"`
	BitsPerSecond float64   `json:"bitsPerSecond"`
	Time          time.Time `json:"time"`
}

// PacketLoss is the mean rate at which a cloud's end of the link lost
// packets, of one kind, in the latest minute it reports.
type PacketLoss struct {
	Cloud string `json:"cloud"`
	// Path is PathVirtualCircuit: OCI counts per virtual circuit.
	Path string `json:"path"`
	// Location is the peering location of the virtual circuit counted.
	Location string `json:"location,omitempty"`
	// Kind is LossErrors (OCI's PacketsError: packets dropped in error,
	// which Oracle says indicate a misconfiguration somewhere on the path)
	// or LossDiscards (PacketsDiscarded).
	Kind             string    `json:"kind"`
	PacketsPerSecond float64   `json:"packetsPerSecond"`
	Time             time.Time `json:"time"`
}

// Kinds of PacketLoss.
const (
	LossErrors   = "errors"
	LossDiscards = "discards"
)

// readingsWindow is how far back a round asks for points: long enough to
// find the latest minute despite the clouds' ingestion delay.
const readingsWindow = 10 * time.Minute

// readMetrics reads the latest metrics of the interconnect's circuits, each
// location's (both clouds, all concurrently). A failed read is not retried within the round:
// Watch backs off before the next one, honouring Retry-After. o is what Verify observed; nil when it could not
// read, then only Azure (whose circuit ID the spec determines) is read.
func (c *Client) readMetrics(ctx context.Context, s Spec, o *observed, now time.Time) (Readings, error) {
	var r Readings
	var mu sync.Mutex
	var errs []error
	keep := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
	}
	var g errgroup.Group
	// The sites: those Verify found, else those the spec names (Azure IDs
	// are known from the names).
	type target struct {
		location, circuitID string
		read                bool // the circuit exists, or Verify could not say
		vc                  *oci.VirtualCircuit
	}
	var targets []target
	if o != nil {
		for _, st := range wantedSites(o) {
			t := target{location: st.location, circuitID: azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "expressRouteCircuits", st.circuitName), vc: st.vc}
			if st.circuit != nil {
				t.circuitID, t.read = st.circuit.ID, true
			}
			targets = append(targets, t)
		}
	} else {
		for _, st := range sitesFor(s) {
			targets = append(targets, target{location: st.location, circuitID: azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "expressRouteCircuits", st.circuitName), read: true})
		}
	}
	for _, t := range targets {
		if m := c.cfg.azureMetrics; m != nil && t.read {
			g.Go(func() error {
				bgp, arp, traffic, err := readAzureMetrics(ctx, m, t.circuitID, now)
				setLocation(t.location, bgp, arp, traffic)
				mu.Lock()
				r.BGP, r.ARP, r.Traffic = append(r.BGP, bgp...), append(r.ARP, arp...), append(r.Traffic, traffic...)
				mu.Unlock()
				if err != nil {
					keep(fmt.Errorf("azure metrics: %w", err))
				}
				return nil
			})
		}
		if m := c.cfg.ociMetrics; m != nil && t.vc != nil {
			g.Go(func() error {
				bgp, traffic, loss, err := readOCIMetrics(ctx, m, *t.vc, now)
				setLocation(t.location, bgp, nil, traffic)
				for i := range loss {
					loss[i].Location = t.location
				}
				mu.Lock()
				r.BGP, r.Traffic, r.PacketLoss = append(r.BGP, bgp...), append(r.Traffic, traffic...), append(r.PacketLoss, loss...)
				mu.Unlock()
				if err != nil {
					keep(fmt.Errorf("oci metrics: %w", err))
				}
				return nil
			})
		}
	}
	g.Wait()
	return r, errors.Join(errs...)
}

// setLocation stamps readings with the peering location they are of.
func setLocation(location string, bgp, arp []LinkState, traffic []Traffic) {
	for i := range bgp {
		bgp[i].Location = location
	}
	for i := range arp {
		arp[i].Location = location
	}
	for i := range traffic {
		traffic[i].Location = location
	}
}

// readAzureMetrics reads the circuit's availability per path and its
// traffic per path: two queries, since the traffic metrics split by
// DeviceRole, not Peer.
func readAzureMetrics(ctx context.Context, m azure.Metrics, circuitID string, now time.Time) (bgp, arp []LinkState, traffic []Traffic, err error) {
	q := azure.MetricQuery{ResourceID: circuitID, Start: now.Add(-readingsWindow), End: now, Interval: time.Minute,
		Aggregation: azure.AggregationAverage}
	var g errgroup.Group
	var avail, bits []azure.MetricSeries
	g.Go(func() error {
		q := q
		q.Names, q.SplitBy = []string{azure.MetricBGPAvailability, azure.MetricARPAvailability}, []string{azure.DimensionPeer}
		var err error
		avail, err = m.ListMetrics(ctx, q)
		return err
	})
	g.Go(func() error {
		q := q
		q.Names, q.SplitBy = []string{azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond}, []string{azure.DimensionDeviceRole}
		var err error
		bits, err = m.ListMetrics(ctx, q)
		return err
	})
	err = g.Wait()
	paths := map[string]string{azure.PeerPrimary: PathPrimary, azure.PeerSecondary: PathSecondary}
	for _, se := range avail {
		p, ok := latestAzure(se.Points)
		path, known := paths[se.Dimensions[azure.DimensionPeer]]
		if !ok || !known {
			continue
		}
		st := LinkState{Cloud: CloudAzure, Path: path, Availability: p.Value / 100, Time: p.Time}
		switch se.Name {
		case azure.MetricBGPAvailability:
			bgp = append(bgp, st)
		case azure.MetricARPAvailability:
			arp = append(arp, st)
		}
	}
	directions := map[string]string{azure.MetricBitsInPerSecond: DirectionIn, azure.MetricBitsOutPerSecond: DirectionOut}
	for _, se := range bits {
		if p, ok := latestAzure(se.Points); ok && directions[se.Name] != "" {
			traffic = append(traffic, Traffic{Cloud: CloudAzure, Direction: directions[se.Name],
				Path: deviceRolePath(se.Dimensions[azure.DimensionDeviceRole]), BitsPerSecond: p.Value, Time: p.Time})
		}
	}
	return bgp, arp, traffic, err
}

// deviceRolePath is the path of an Azure Monitor DeviceRole value (any
// case): PathPrimary or PathSecondary; a value the workbook does not name,
// lower-cased, so that no traffic is lost; "" when the answer was not
// split.
func deviceRolePath(role string) string {
	switch {
	case strings.EqualFold(role, azure.DeviceRolePrimary):
		return PathPrimary
	case strings.EqualFold(role, azure.DeviceRoleSecondary):
		return PathSecondary
	}
	return strings.ToLower(role)
}

func latestAzure(ps []azure.MetricPoint) (azure.MetricPoint, bool) {
	if len(ps) == 0 {
		return azure.MetricPoint{}, false
	}
	return ps[len(ps)-1], true
}

// readOCIMetrics reads the virtual circuit's BGP state, traffic and lost
// packets: one MQL query per metric, each per minute. Bits and packets are
// counted per minute (oci.MetricBitsReceived), so a minute's sum over 60 is
// the mean rate.
func readOCIMetrics(ctx context.Context, m oci.Metrics, vc oci.VirtualCircuit, now time.Time) (bgp []LinkState, traffic []Traffic, loss []PacketLoss, err error) {
	perSecond := func(kind string) func(oci.MetricPoint) {
		return func(p oci.MetricPoint) {
			loss = append(loss, PacketLoss{Cloud: CloudOCI, Path: PathVirtualCircuit, Kind: kind, PacketsPerSecond: p.Value / 60, Time: p.Time})
		}
	}
	bits := func(direction string) func(oci.MetricPoint) {
		return func(p oci.MetricPoint) {
			traffic = append(traffic, Traffic{Cloud: CloudOCI, Direction: direction, Path: PathVirtualCircuit, BitsPerSecond: p.Value / 60, Time: p.Time})
		}
	}
	queries := []struct {
		metric, statistic string
		use               func(oci.MetricPoint)
	}{
		{oci.MetricIPv4BGPSessionState, oci.StatisticMean, func(p oci.MetricPoint) {
			bgp = append(bgp, LinkState{Cloud: CloudOCI, Path: PathVirtualCircuit, Availability: p.Value, Time: p.Time})
		}},
		{oci.MetricBitsReceived, oci.StatisticSum, bits(DirectionIn)},
		{oci.MetricBitsSent, oci.StatisticSum, bits(DirectionOut)},
		{oci.MetricPacketsError, oci.StatisticSum, perSecond(LossErrors)},
		{oci.MetricPacketsDiscarded, oci.StatisticSum, perSecond(LossDiscards)},
	}
	answers := make([]*oci.MetricPoint, len(queries))
	var g errgroup.Group
	for i, q := range queries {
		g.Go(func() error {
			series, err := readOCIMinutes(ctx, m, vc, q.metric, q.statistic, now)
			for _, se := range series {
				if n := len(se.Points); n > 0 && (answers[i] == nil || se.Points[n-1].Time.After(answers[i].Time)) {
					answers[i] = &se.Points[n-1]
				}
			}
			return err
		})
	}
	err = g.Wait()
	for i, p := range answers {
		if p != nil {
			queries[i].use(*p)
		}
	}
	return bgp, traffic, loss, err
}

// readOCIMinutes reads one oci_fastconnect metric of the virtual circuit,
// per minute, over the last readingsWindow.
func readOCIMinutes(ctx context.Context, m oci.Metrics, vc oci.VirtualCircuit, metric, statistic string, now time.Time) ([]oci.MetricSeries, error) {
	return m.SummarizeMetrics(ctx, oci.MetricQuery{CompartmentID: vc.CompartmentID, Namespace: oci.NamespaceFastConnect,
		Query: oci.MQL(metric, time.Minute, statistic, map[string]string{oci.DimensionResourceID: vc.ID}),
		Start: now.Add(-readingsWindow), End: now})
}
