package sim

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestDegradePath follows a path that loses packets through OCI's packet
// metrics (in a synctest bubble from midnight, with the virtual circuit of
// ociMetricsFx: created 00:03, BGP up 00:07, traffic 4e8 bit/s into Azure
// and 1e8 out of it from then on):
//
//	00:09  the primary path degraded: 1% of its packets in error, 2% discarded
//	00:11  the secondary path broken: the primary carries all the traffic,
//	       and stays degraded
//	00:13  the primary path mended (DegradePath with 0, 0)
//	00:15  the present
//
// Packets are of 1000 bytes: 7.5e5 a minute out of Azure, 3e6 into it.
// The loss outlives a save and a load.
func TestDegradePath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &ociMetricsFx{fx: newFx(t), t0: time.Now()}
		f.circuit, f.drg, f.vc = f.provisioned()
		noErr(t, f.w.SetTraffic(f.circuit.ID, toAzure, fromAzure))
		f.at(f.min(9))
		noErr(t, f.w.DegradePath(f.circuit.ID, azure.Primary, 0.01, 0.02))
		f.at(f.min(11))
		noErr(t, f.w.BreakPath(f.circuit.ID, azure.Secondary))
		f.at(f.min(13))
		noErr(t, f.w.DegradePath(f.circuit.ServiceKey.Reveal(), azure.Primary, 0, 0))
		f.at(f.min(15))
		f.m = f.w.OCIMetrics()

		perMinute := 60 * (toAzure + fromAzure) / 8 / 1000
		errs := span(span(span(span(minuteValues{}, 3, 9, 0), 10, 11, 0.01*perMinute/2), 12, 13, 0.01*perMinute), 14, 15, 0)
		f.series("errors [1m] sum", f.query(oci.MetricPacketsError, "1m", "sum"), errs)
		discards := minuteValues{}
		for m, v := range errs {
			discards[m] = 2 * v
		}
		f.series("discards [1m] sum", f.query(oci.MetricPacketsDiscarded, "1m", "sum"), discards)
		f.series("received [1m] sum", f.query(oci.MetricPacketsReceived, "1m", "sum"), span(span(minuteValues{}, 3, 7, 0), 8, 15, 60*fromAzure/8/1000))
		f.series("bytes sent [5m] sum", f.query(oci.MetricBytesSent, "5m", "sum"), minuteValues{5: 0, 10: 180 * toAzure / 8, 15: 300 * toAzure / 8})

		// Azure's availability does not see the loss.
		ss := must[[]azure.MetricSeries](t)(f.w.AzureMetrics().ListMetrics(f.ctx, azure.MetricQuery{ResourceID: f.circuit.ID,
			Names: []string{azure.MetricARPAvailability}, SplitBy: []string{azure.DimensionPeer}, Start: f.min(8), End: f.min(11), Interval: time.Minute}))
		wantPoints(t, series(t, ss, azure.MetricARPAvailability, azure.PeerPrimary), f.min(8), time.Minute, 100, 100, 100)

		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		w2, err := Load(&buf, instantReads())
		noErr(t, err)
		q := oci.MetricQuery{CompartmentID: testComp, Namespace: oci.NamespaceFastConnect, Query: `PacketsError[1m].sum()`, Start: f.min(0), End: f.min(15)}
		a := must[[]oci.MetricSeries](t)(f.m.SummarizeMetrics(t.Context(), q))
		b := must[[]oci.MetricSeries](t)(w2.OCIMetrics().SummarizeMetrics(t.Context(), q))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("loaded world answers %+v, want %+v", b, a)
		}
	})
}

// TestDegradePathRefuses: an unknown path or circuit, and shares outside
// [0, 1], are errors that change nothing.
func TestDegradePathRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c := f.circuit("er")
		for _, tc := range []struct {
			name             string
			circuit          string
			path             azure.DevicePath
			errors, discards float64
		}{
			{"unknown path", c.ID, "tertiary", 0.1, 0},
			{"errors above 1", c.ID, azure.Primary, 1.5, 0},
			{"negative discards", c.ID, azure.Secondary, 0, -0.1},
			{"NaN", c.ID, azure.Primary, math.NaN(), 0},
			{"unknown circuit", "nope", azure.Primary, 0.1, 0},
		} {
			if err := f.w.DegradePath(tc.circuit, tc.path, tc.errors, tc.discards); err == nil {
				t.Errorf("%s: no error", tc.name)
			} else if tc.name == "unknown circuit" && !errors.Is(err, azure.ErrNotFound) {
				t.Errorf("%s: %v does not match azure.ErrNotFound", tc.name, err)
			}
		}
		if h := f.w.st.Health[key(c.ID)]; len(h) != 0 {
			t.Errorf("refused calls recorded health %+v", h)
		}
	})
}
