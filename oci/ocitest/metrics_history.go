package ocitest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: a world with a known past, for the metrics tests. Metrics are
// per minute, and nobody waits twenty minutes for a test: the past is
// recorded in a testing/synctest bubble, where simulated minutes cost
// nothing, and read afterwards, outside the bubble, by any client (the
// simulator keeps the history of its links for good; OCI keeps 90 days).

// OtherCompartment is a second compartment of a History's world, with a
// virtual circuit of its own.
const OtherCompartment = "ocid1.compartment.oc1..aaaaaaaaconformanceother"

// History is a world (NewWorld's seeding) with this past, from Start,
// midnight UTC 2000-01-01 (a synctest bubble's epoch):
//
//	+0:00     ExpressRoute circuits Circuit and OtherCircuit ordered;
//	          virtual circuits VC (in Compartment) and OtherVC (in
//	          OtherCompartment) ordered with their service keys, on one DRG
//	          attached to VCN (Attachment); traffic offered on both circuits
//	+3:00     both virtual circuits PROVISIONED: the links are up
//	+4:00     BGP up on both; traffic flows, half on each path
//	+8:00     the primary path of Circuit degraded (World.DegradePath): of
//	          the packets it carries, 1% in error, 2% discarded
//	+12:30    both paths of Circuit broken (World.BreakPath): VC's link, BGP
//	          and traffic are down from then on; OtherVC's stay up
//	+20:00    the end of the recording
//
// Traffic offered, in bits per second, into Azure / out of Azure: 4e8 / 1e8
// on Circuit, 2e8 / 3e8 on OtherCircuit. The simulator counts packets of
// 1000 bytes.
type History struct {
	World *sim.World
	// Start is when the recording began.
	Start                 time.Time
	VC, OtherVC           oci.VirtualCircuit
	Circuit, OtherCircuit azure.Circuit
	Attachment            oci.DRGAttachment
}

// The traffic of a History, in bits per second, and the loss of Circuit's
// primary path from +8:00.
const (
	historyToAzure        = 4e8
	historyFromAzure      = 1e8
	historyOtherToAzure   = 2e8
	historyOtherFromAzure = 3e8

	historyErrors   = 0.01
	historyDiscards = 0.02
)

// historyLatency makes the virtual circuits provision in 3 minutes and BGP
// come up a minute later; everything else is instant.
var historyLatency = sim.Latency{VirtualCircuit: 3 * time.Minute, BGP: time.Minute}

// RecordHistory records a History in a synctest bubble of its own and
// returns it, for use outside the bubble. It must not be called from inside
// a bubble.
func RecordHistory(t *testing.T) *History {
	t.Helper()
	var h *History
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		w := NewWorld(historyLatency)
		w.AddCompartment(OtherCompartment)
		h = &History{World: w, Start: time.Now().UTC()}
		oc := w.OCI()
		d := must[oci.DRG](t)(oc.CreateDRG(ctx, oci.DRG{CompartmentID: Compartment, DisplayName: "drg"}, ""))
		h.Attachment = must[oci.DRGAttachment](t)(oc.CreateDRGAttachment(ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: VCN}, ""))
		h.Circuit, h.OtherCircuit = erCircuit(t, w, "er"), erCircuit(t, w, "er-other")
		h.VC = must[oci.VirtualCircuit](t)(oc.CreateVirtualCircuit(ctx, vcSpec("vc", h.Circuit.ServiceKey, d.ID), ""))
		other := vcSpec("vc-other", h.OtherCircuit.ServiceKey, d.ID)
		other.CompartmentID = OtherCompartment
		h.OtherVC = must[oci.VirtualCircuit](t)(oc.CreateVirtualCircuit(ctx, other, ""))
		noErr(t, w.SetTraffic(h.Circuit.ID, historyToAzure, historyFromAzure))
		noErr(t, w.SetTraffic(h.OtherCircuit.ID, historyOtherToAzure, historyOtherFromAzure))

		time.Sleep(8 * time.Minute)
		noErr(t, w.DegradePath(h.Circuit.ID, azure.Primary, historyErrors, historyDiscards))
		time.Sleep(4*time.Minute + 30*time.Second)
		for _, p := range []azure.DevicePath{azure.Primary, azure.Secondary} {
			noErr(t, w.BreakPath(h.Circuit.ID, p))
		}
		time.Sleep(7*time.Minute + 30*time.Second)
		for _, vc := range []*oci.VirtualCircuit{&h.VC, &h.OtherVC} {
			*vc = must[oci.VirtualCircuit](t)(oc.GetVirtualCircuit(ctx, vc.ID))
		}
		if h.VC.State != oci.Provisioned || h.VC.BGPSessionState != oci.BGPDown || h.OtherVC.BGPSessionState != oci.BGPUp {
			t.Fatalf("recording the history: virtual circuits %+v and %+v, want both PROVISIONED, BGP down on the first only", h.VC, h.OtherVC)
		}
	})
	if h == nil || t.Failed() {
		t.FailNow()
	}
	return h
}

// at is the history's minute m.
func (h *History) at(m int) time.Time { return h.Start.Add(time.Duration(m) * time.Minute) }
