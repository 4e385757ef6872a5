package interconnect

// This file: what OCI Monitoring adds to the oci.virtual-circuit check when
// the virtual circuit is PROVISIONED and ACTIVE but its BGP session is down:
// whether the link itself is down (ConnectionState) or only the session.

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/oci"
)

// linkEvidence is what OCI Monitoring reports of a virtual circuit in the
// latest minute it reports both its ConnectionState and its
// Ipv4BgpSessionState: each the share of the minute it was up, 0 to 1.
type linkEvidence struct {
	at              time.Time
	connection, bgp float64
	found           bool  // false: no minute has both
	err             error // a query failed
}

// needsLinkEvidence reports whether the oci.virtual-circuit check would
// gain from OCI's ConnectionState: the virtual circuit is PROVISIONED and
// ACTIVE, so its state explains nothing, and its BGP session is down, which
// a down link and a misconfigured session both give.
func needsLinkEvidence(vc *oci.VirtualCircuit) bool {
	return vc != nil && vc.State == oci.Provisioned && vc.ProviderState == oci.ProviderActive && vc.BGPSessionState != oci.BGPUp
}

// readLinkEvidence reads the virtual circuit's ConnectionState and
// Ipv4BgpSessionState per minute (two queries, concurrently) and keeps the
// latest minute both have. Unlike GetVirtualCircuit's BGP state, which is
// live, OCI's metrics end at the latest whole minute: a session that went
// down after it still shows up in them.
func readLinkEvidence(ctx context.Context, m oci.Metrics, vc oci.VirtualCircuit, now time.Time) linkEvidence {
	var conn, bgp []oci.MetricSeries
	var g errgroup.Group
	g.Go(func() (err error) {
		conn, err = readOCIMinutes(ctx, m, vc, oci.MetricConnectionState, oci.StatisticMean, now)
		return err
	})
	g.Go(func() (err error) {
		bgp, err = readOCIMinutes(ctx, m, vc, oci.MetricIPv4BGPSessionState, oci.StatisticMean, now)
		return err
	})
	if err := g.Wait(); err != nil {
		return linkEvidence{err: err}
	}
	byMinute := func(ss []oci.MetricSeries) map[time.Time]float64 {
		out := map[time.Time]float64{}
		for _, s := range ss {
			for _, p := range s.Points {
				out[p.Time.UTC()] = p.Value
			}
		}
		return out
	}
	sessions := byMinute(bgp)
	var ev linkEvidence
	for at, c := range byMinute(conn) {
		if b, ok := sessions[at]; ok && (!ev.found || at.After(ev.at)) {
			ev = linkEvidence{at: at, connection: c, bgp: b, found: true}
		}
	}
	return ev
}

// amendVirtualCircuitCheck adds to the oci.virtual-circuit check ch, which
// passed on the virtual circuit's state, what the evidence says of its
// link: down the whole minute (Fail: a link or provider fault, not the
// session's configuration), up the whole minute (Pass: the session is down
// on an up link, see oci.bgp), or up part of it (Warn: it flapped). Without
// evidence, or when the session was still up in the latest minute OCI
// reports (it went down since), the check stays as it was and its detail
// says why ConnectionState could not tell.
func amendVirtualCircuitCheck(ch *Check, ev linkEvidence) {
	minute := ev.at.UTC().Format("15:04Z")
	switch {
	case ev.err != nil:
		ch.Detail += fmt.Sprintf("; BGP is down, and OCI Monitoring could not be read to tell a down link from a down session: %v", ev.err)
	case !ev.found:
		ch.Detail += "; BGP is down, and OCI Monitoring has no ConnectionState of the last minutes to tell a down link from a down session"
	case ev.bgp >= 1:
		ch.Detail += fmt.Sprintf("; BGP went down after %s, the latest minute OCI Monitoring reports: verify again in a minute to tell a down link from a down session", minute)
	case ev.connection <= 0:
		ch.Status = Fail
		ch.Detail += fmt.Sprintf("; its link is down: ConnectionState was 0 in the minute ending %s, so BGP is down because the link is", minute)
		ch.Hint = "the link itself is down, not only the BGP session: a physical or provider-side fault, not the session's configuration. " +
			"Check azure.arp.primary and azure.arp.secondary; if Oracle's address is Incomplete on both paths, open a service request with Oracle for the virtual circuit (and with Microsoft for the circuit)"
	case ev.connection >= 1:
		ch.Detail += fmt.Sprintf("; its link is up: ConnectionState was 1 in the minute ending %s, so the BGP session is down on an up link (see oci.bgp)", minute)
	default:
		ch.Status = Warn
		ch.Detail += fmt.Sprintf("; its link flapped: up %.0f%% of the minute ending %s (ConnectionState)", 100*ev.connection, minute)
		ch.Hint = "the link went down and up again: verify again; if it keeps flapping, open a service request with Oracle for the virtual circuit"
	}
}
