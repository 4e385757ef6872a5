package ocitest

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// This file: the simulator tests of the oci.Metrics suite (see
// metrics_conformance.go). They read a History, a world with a known past,
// or inject faults.

// testMetricsBGP reads Ipv4BgpSessionState: 1 while BGP is up, 0 from the
// instant both paths broke; over 5 minutes, mean() is the fraction of the
// interval's minutes that it was up.
func testMetricsBGP(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	ctx := t.Context()
	run := func(iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(ctx,
			hist.fastConnect(Compartment, vcQuery(oci.MetricIPv4BGPSessionState, iv, stat, hist.VC.ID))))
	}
	id, name := hist.VC.ID, oci.MetricIPv4BGPSessionState
	hist.wantSeries(t, "[1m].mean()", run(time.Minute, "mean"), name, id, minutes{}.span(0, 3, 0).span(4, 12, 1).span(13, 19, 0))
	hist.wantSeries(t, "[5m].mean()", run(5*time.Minute, "mean"), name, id, minutes{0: 0, 5: 0.4, 10: 1, 15: 0.4})
	hist.wantSeries(t, "[5m].max()", run(5*time.Minute, "max"), name, id, minutes{0: 0, 5: 1, 10: 1, 15: 1})
	hist.wantSeries(t, "[5m].min()", run(5*time.Minute, "min"), name, id, minutes{0: 0, 5: 0, 10: 1, 15: 0})
	hist.wantSeries(t, "[5m].count()", run(5*time.Minute, "count"), name, id, minutes{0: 1, 5: 5, 10: 5, 15: 5})
	other := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(ctx,
		hist.fastConnect(OtherCompartment, vcQuery(name, time.Minute, "mean", hist.OtherVC.ID))))
	hist.wantSeries(t, "the other virtual circuit", other, name, hist.OtherVC.ID, minutes{}.span(0, 3, 0).span(4, 19, 1))
}

// testMetricsConnection reads ConnectionState: 1 from PROVISIONED (the link
// is up) until both paths broke.
func testMetricsConnection(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	run := func(iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
			hist.fastConnect(Compartment, vcQuery(oci.MetricConnectionState, iv, stat, hist.VC.ID))))
	}
	id, name := hist.VC.ID, oci.MetricConnectionState
	hist.wantSeries(t, "[1m].mean()", run(time.Minute, "mean"), name, id, minutes{}.span(0, 2, 0).span(3, 12, 1).span(13, 19, 0))
	hist.wantSeries(t, "[5m].mean()", run(5*time.Minute, "mean"), name, id, minutes{0: 0, 5: 0.6, 10: 1, 15: 0.4})
}

// testMetricsTraffic reads BitsReceived (into OCI: what Azure sends) and
// BitsSent (out of OCI: what Azure receives), counted per minute: they flow
// from BGP up until both paths broke, half of the minute of the break.
func testMetricsTraffic(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	run := func(metric string, iv time.Duration, stat string) []oci.MetricSeries {
		return must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
			hist.fastConnect(Compartment, vcQuery(metric, iv, stat, hist.VC.ID))))
	}
	id := hist.VC.ID
	perMinute := func(bps float64) minutes {
		w := minutes{}.span(0, 4, 0).span(5, 12, 60*bps).span(14, 19, 0)
		w[13] = 30 * bps
		return w
	}
	hist.wantSeries(t, "BitsReceived[1m].sum()", run(oci.MetricBitsReceived, time.Minute, "sum"), oci.MetricBitsReceived, id, perMinute(historyFromAzure))
	hist.wantSeries(t, "BitsSent[1m].sum()", run(oci.MetricBitsSent, time.Minute, "sum"), oci.MetricBitsSent, id, perMinute(historyToAzure))
	hist.wantSeries(t, "BitsReceived[5m].sum()", run(oci.MetricBitsReceived, 5*time.Minute, "sum"), oci.MetricBitsReceived, id,
		minutes{0: 0, 5: 60 * historyFromAzure, 10: 300 * historyFromAzure, 15: 150 * historyFromAzure})
	other := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
		hist.fastConnect(OtherCompartment, vcQuery(oci.MetricBitsSent, time.Minute, "sum", hist.OtherVC.ID))))
	hist.wantSeries(t, "the other virtual circuit", other, oci.MetricBitsSent, hist.OtherVC.ID,
		minutes{}.span(0, 4, 0).span(5, 19, 60*historyOtherToAzure))
}

// testMetricsPackets reads the other six counted metrics of Oracle's
// "FastConnect Metrics" page: bytes and packets received and sent (the
// simulator's packets are of 1000 bytes), and the packets in error and
// discarded, which the primary path's loss gives from +8:00 (it carries
// half the traffic) until the link broke.
func testMetricsPackets(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	id := hist.VC.ID
	perMinute := func(count float64) minutes { // a count per minute of traffic, and half of it the minute of the break
		w := minutes{}.span(0, 4, 0).span(5, 12, count).span(14, 19, 0)
		w[13] = count / 2
		return w
	}
	packets := 60 * (historyToAzure + historyFromAzure) / 8 / 1000 // a minute's, both ways
	lost := func(share float64) minutes {
		w := minutes{}.span(0, 8, 0).span(9, 12, share*packets/2).span(14, 19, 0)
		w[13] = share * packets / 4
		return w
	}
	for _, tc := range []struct {
		metric string
		want   minutes
	}{
		{oci.MetricBytesReceived, perMinute(60 * historyFromAzure / 8)},
		{oci.MetricBytesSent, perMinute(60 * historyToAzure / 8)},
		{oci.MetricPacketsReceived, perMinute(60 * historyFromAzure / 8 / 1000)},
		{oci.MetricPacketsSent, perMinute(60 * historyToAzure / 8 / 1000)},
		{oci.MetricPacketsError, lost(historyErrors)},
		{oci.MetricPacketsDiscarded, lost(historyDiscards)},
	} {
		got := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), hist.fastConnect(Compartment, vcQuery(tc.metric, time.Minute, "sum", id))))
		hist.wantSeries(t, tc.metric+"[1m].sum()", got, tc.metric, id, tc.want)
		if len(got) == 1 && (got[0].Dimensions[oci.DimensionComponent] != oci.ComponentVirtualCircuit || got[0].Dimensions[oci.DimensionResourceName] != "vc") {
			t.Errorf("%s: dimensions %v, want component virtualcircuit and resourceName vc", tc.metric, got[0].Dimensions)
		}
	}
	for _, metric := range []string{oci.MetricPacketsError, oci.MetricPacketsDiscarded} {
		other := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(),
			hist.fastConnect(OtherCompartment, vcQuery(metric, 5*time.Minute, "max", hist.OtherVC.ID))))
		hist.wantSeries(t, "the other virtual circuit's "+metric, other, metric, hist.OtherVC.ID, minutes{0: 0, 5: 0, 10: 0, 15: 0})
	}
}

// testMetricsSelection checks that a query selects the streams of its
// compartment only, narrowed by its dimensions.
func testMetricsSelection(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	ids := func(compartment, query string) []string {
		out := []string{}
		for _, s := range must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), hist.fastConnect(compartment, query))) {
			out = append(out, s.Dimensions[oci.DimensionResourceID])
		}
		return out
	}
	tests := []struct {
		name, compartment, query string
		want                     []string
	}{
		{"every stream of the compartment", Compartment, `ConnectionState[1m].mean()`, []string{hist.VC.ID}},
		{"of the other compartment", OtherCompartment, `ConnectionState[1m].mean()`, []string{hist.OtherVC.ID}},
		{"by resourceId", Compartment, vcQuery(oci.MetricConnectionState, time.Minute, "mean", hist.VC.ID), []string{hist.VC.ID}},
		{"another compartment's virtual circuit", Compartment, vcQuery(oci.MetricConnectionState, time.Minute, "mean", hist.OtherVC.ID), []string{}},
		{"by resourceName", OtherCompartment, `BitsSent[1m]{resourceName = "vc-other"}.sum()`, []string{hist.OtherVC.ID}},
		{"by a resourceName of the other compartment", Compartment, `BitsSent[1m]{resourceName = "vc-other"}.sum()`, []string{}},
	}
	for _, tt := range tests {
		if got := ids(tt.compartment, tt.query); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// testMetricsResolution asks for 5-minute windows every minute (a
// resolution below the interval), the same at the interval's resolution,
// and refuses a resolution above it.
func testMetricsResolution(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	q := hist.fastConnect(Compartment, vcQuery(oci.MetricIPv4BGPSessionState, 5*time.Minute, "mean", hist.VC.ID))
	q.Start, q.End, q.Resolution = hist.at(10), hist.at(15), time.Minute
	hist.wantSeries(t, "[5m] every 1m", must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q)),
		oci.MetricIPv4BGPSessionState, hist.VC.ID, minutes{10: 1, 11: 1, 12: 1, 13: 0.8, 14: 0.6})
	q.Start, q.End, q.Resolution = hist.Start, hist.at(20), 5*time.Minute
	hist.wantSeries(t, "[5m] every 5m", must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q)),
		oci.MetricIPv4BGPSessionState, hist.VC.ID, minutes{0: 0, 5: 0.4, 10: 1, 15: 0.4})
	q.Resolution = 10 * time.Minute
	_, err := m.SummarizeMetrics(t.Context(), q)
	wantMetricsErr(t, "a resolution above the interval", err, Compartment, http.StatusBadRequest, "InvalidParameter")
}

// testMetricsDRG reads the DRG drop metrics of the history's attachment:
// one stream per drop type, with the attachment's dimensions.
func testMetricsDRG(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	for _, metric := range []string{oci.MetricPacketDropsToDRGAttachment, oci.MetricPacketDropsFromDRGAttachment} {
		q := hist.fastConnect(Compartment, oci.MQL(metric, 5*time.Minute, oci.StatisticSum,
			map[string]string{oci.DimensionResourceID: hist.Attachment.ID}))
		q.Namespace = oci.NamespaceDRG
		got := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), q))
		var types []string
		for _, s := range got {
			types = append(types, s.Dimensions[oci.DimensionDropType])
			if s.Dimensions[oci.DimensionResourceID] != hist.Attachment.ID || s.Dimensions[oci.DimensionDRGID] != hist.Attachment.DRGID ||
				s.Dimensions[oci.DimensionAttachmentType] != "VCN" || len(s.Points) != 4 ||
				slices.ContainsFunc(s.Points, func(p oci.MetricPoint) bool { return p.Value != 0 }) {
				t.Errorf("%s: series %+v, want the attachment's, 4 points at 0", metric, s)
			}
		}
		slices.Sort(types)
		if want := []string{oci.DropTypeNoRoute, oci.DropTypeOthers, oci.DropTypeThroughput}; !slices.Equal(types, want) {
			t.Errorf("%s: drop types %v, want %v", metric, types, want)
		}
	}
}

// testMetricsThrottled makes Monitoring throttle every request: the caller
// gets a retryable 429 TooManyRequests with the Retry-After OCI sent.
func testMetricsThrottled(t *testing.T, h MetricsHarness) {
	hist, m := historyClient(t, h)
	hist.World.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "SummarizeMetrics", Count: 1000, Kind: sim.Throttle,
		RetryAfter: 2 * time.Second})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := m.SummarizeMetrics(ctx, hist.fastConnect(Compartment, `ConnectionState[1m].mean()`))
	if e := wantMetricsErr(t, "throttled", err, Compartment, http.StatusTooManyRequests, "TooManyRequests"); e != nil &&
		(!e.Retryable() || e.RetryDelay() != 2*time.Second) {
		t.Errorf("throttled: %#v, want Retryable with RetryDelay 2s", e)
	}
}
