package sim

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// ociMetricsFx is a world with one provisioned virtual circuit and a known
// history, in a synctest bubble starting at midnight UTC 2000-01-01:
//
//	00:03:00  virtual circuit created          (vc.Created)
//	00:06:00  PROVISIONED: Oracle answers ARP  (ConnectionState 1)
//	00:07:00  BGP up; traffic starts to flow   (SetTraffic in 4e8, out 1e8 bps)
//	00:12:30  both paths broken                (everything 0 from then on)
//	00:20:00  the present
type ociMetricsFx struct {
	*fx
	t0      time.Time
	circuit azure.Circuit
	drg     oci.DRG
	vc      oci.VirtualCircuit
	m       oci.Metrics
}

// Traffic the history offers, in bits per second: into Azure (out of OCI)
// and out of Azure (into OCI).
const (
	toAzure   = 4e8
	fromAzure = 1e8
)

func newOCIMetricsFx(t *testing.T) *ociMetricsFx {
	t.Helper()
	f := &ociMetricsFx{fx: newFx(t), t0: time.Now()}
	f.circuit, f.drg, f.vc = f.provisioned()
	noErr(t, f.w.SetTraffic(f.circuit.ID, toAzure, fromAzure))
	f.at(f.min(12).Add(30 * time.Second))
	noErr(t, f.w.BreakPath(f.circuit.ServiceKey.Reveal(), azure.Primary))
	noErr(t, f.w.BreakPath(f.circuit.ID, azure.Secondary))
	f.at(f.min(20))
	f.m = f.w.OCIMetrics()
	return f
}

// min is the history's minute m.
func (f *ociMetricsFx) min(m int) time.Time { return f.t0.Add(time.Duration(m) * time.Minute) }

// query runs a query about the virtual circuit over [00:00, 00:20).
func (f *ociMetricsFx) query(metric, interval, statistic string) []oci.MetricSeries {
	f.t.Helper()
	q := metric + "[" + interval + `]{resourceId = "` + f.vc.ID + `"}.` + statistic + "()"
	return must[[]oci.MetricSeries](f.t)(f.m.SummarizeMetrics(context.Background(), oci.MetricQuery{
		CompartmentID: testComp, Namespace: oci.NamespaceFastConnect, Query: q, Start: f.min(0), End: f.min(20)}))
}

// minuteValues maps minute → value, for the expectations of a test.
type minuteValues map[int]float64

// series checks that got is one series of the virtual circuit with exactly
// the values want (minute → value).
func (f *ociMetricsFx) series(what string, got []oci.MetricSeries, want minuteValues) {
	f.t.Helper()
	if len(got) != 1 {
		f.t.Fatalf("%s: %d series, want 1: %+v", what, len(got), got)
	}
	s := got[0]
	wantDims := map[string]string{oci.DimensionResourceID: f.vc.ID, oci.DimensionResourceName: "vc", oci.DimensionComponent: "virtualcircuit"}
	if s.Namespace != oci.NamespaceFastConnect || !reflect.DeepEqual(s.Dimensions, wantDims) {
		f.t.Errorf("%s: series %s %s %v", what, s.Namespace, s.Name, s.Dimensions)
	}
	gotPoints := minuteValues{}
	for _, p := range s.Points {
		if p.Time.Location() != time.UTC {
			f.t.Errorf("%s: point time %v is not UTC", what, p.Time)
		}
		gotPoints[int(p.Time.Sub(f.t0)/time.Minute)] = p.Value
	}
	if !reflect.DeepEqual(gotPoints, want) {
		f.t.Errorf("%s:\n got %v\nwant %v", what, gotPoints, want)
	}
}

// span returns minutes from..to (included) all at v, merged into p.
func span(p minuteValues, from, to int, v float64) minuteValues {
	for m := from; m <= to; m++ {
		p[m] = v
	}
	return p
}

// TestOCIMetricsStates checks ConnectionState and Ipv4BgpSessionState
// through the history: 1 while up, 0 from the instant both paths broke, a
// fraction with mean() over the interval of the break.
func TestOCIMetricsStates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newOCIMetricsFx(t)
		// [1m]: the raw point of minute W, sampled at W.
		f.series("BGP [1m] mean", f.query(oci.MetricIPv4BGPSessionState, "1m", "mean"), span(span(span(minuteValues{}, 3, 6, 0), 7, 12, 1), 13, 19, 0))
		f.series("link [1m] mean", f.query(oci.MetricConnectionState, "1m", "mean"), span(span(span(minuteValues{}, 3, 5, 0), 6, 12, 1), 13, 19, 0))
		// [5m]: the raw minuteValues of (W-5m, W]; the virtual circuit exists from 00:03.
		f.series("BGP [5m] mean", f.query(oci.MetricIPv4BGPSessionState, "5m", "mean"), minuteValues{5: 0, 10: 0.8, 15: 0.4})
		f.series("BGP [5m] max", f.query(oci.MetricIPv4BGPSessionState, "5m", "max"), minuteValues{5: 0, 10: 1, 15: 1})
		f.series("BGP [5m] min", f.query(oci.MetricIPv4BGPSessionState, "5m", "min"), minuteValues{5: 0, 10: 0, 15: 0})
		f.series("BGP [5m] count", f.query(oci.MetricIPv4BGPSessionState, "5m", "count"), minuteValues{5: 3, 10: 5, 15: 5})
		f.series("BGP [5m] sum", f.query(oci.MetricIPv4BGPSessionState, "5m", "sum"), minuteValues{5: 0, 10: 4, 15: 2})
		f.series("link [5m] mean", f.query(oci.MetricConnectionState, "5m", "mean"), minuteValues{5: 0, 10: 1, 15: 0.4})
		if got := f.query(oci.MetricIPv4BGPSessionState, "1h", "mean"); got == nil || len(got) != 0 {
			t.Errorf("[1h]: %+v, want no series (the only window, ending 00:00, has no raw point)", got)
		}

		// A 5m interval at a 1m resolution: sliding windows.
		s := must[[]oci.MetricSeries](t)(f.m.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp,
			Namespace: oci.NamespaceFastConnect, Query: oci.MQL(oci.MetricIPv4BGPSessionState, 5*time.Minute, oci.StatisticMean,
				map[string]string{oci.DimensionResourceID: f.vc.ID}), Start: f.min(10), End: f.min(15), Resolution: time.Minute}))
		f.series("BGP [5m] at 1m resolution", s, minuteValues{10: 0.8, 11: 1, 12: 1, 13: 0.8, 14: 0.6})

		// Later, with the paths repaired, it is 1 again (from the repair on).
		noErr(t, f.w.RepairPath(f.circuit.ID, azure.Primary))
		time.Sleep(90 * time.Second)
		s = must[[]oci.MetricSeries](t)(f.m.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp,
			Namespace: oci.NamespaceFastConnect, Query: `Ipv4BgpSessionState[1m].max()`, Start: f.min(19), End: f.min(30)}))
		f.series("BGP after a repair at 00:20", s, minuteValues{19: 0, 20: 1, 21: 1})
	})
}

// TestOCIMetricsTraffic checks BitsReceived (into OCI: Azure's out) and
// BitsSent (out of OCI: Azure's in) as counts per minute, their sums and
// rates, and the packet counters at 0.
func TestOCIMetricsTraffic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newOCIMetricsFx(t)
		// Traffic flows over [00:07, 00:12:30): the minute ending 00:13 has half.
		received := span(span(span(minuteValues{}, 3, 7, 0), 8, 12, 60*fromAzure), 14, 19, 0)
		received[13] = 30 * fromAzure
		f.series("received [1m] sum", f.query(oci.MetricBitsReceived, "1m", "sum"), received)
		sent := span(span(span(minuteValues{}, 3, 7, 0), 8, 12, 60*toAzure), 14, 19, 0)
		sent[13] = 30 * toAzure
		f.series("sent [1m] sum", f.query(oci.MetricBitsSent, "1m", "sum"), sent)
		rate := span(span(span(minuteValues{}, 3, 7, 0), 8, 12, fromAzure), 14, 19, 0)
		rate[13] = fromAzure / 2
		f.series("received [1m] rate", f.query(oci.MetricBitsReceived, "1m", "rate"), rate)
		f.series("received [5m] sum", f.query(oci.MetricBitsReceived, "5m", "sum"), minuteValues{5: 0, 10: 180 * fromAzure, 15: 150 * fromAzure})
		f.series("received [5m] rate", f.query(oci.MetricBitsReceived, "5m", "rate"), minuteValues{5: 0, 10: 0.6 * fromAzure, 15: 0.5 * fromAzure})
		f.series("sent [5m] mean", f.query(oci.MetricBitsSent, "5m", "mean"), minuteValues{5: 0, 10: 36 * toAzure, 15: 30 * toAzure})
		f.series("errors [5m] sum", f.query(oci.MetricPacketsError, "5m", "sum"), minuteValues{5: 0, 10: 0, 15: 0})
		f.series("discards [1m] max", f.query(oci.MetricPacketsDiscarded, "1m", "max"), span(minuteValues{}, 3, 19, 0))
	})
}

// TestOCIMetricsSelection checks which streams a query selects: the
// compartment's virtual circuits, narrowed by dimensions, grouped; nothing
// for another namespace, metric or resource; and a deleted virtual
// circuit's metrics end when it is TERMINATED.
func TestOCIMetricsSelection(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		t0 := time.Now()
		_, d, vc := f.provisioned() // BGP up at 00:07
		const other = "ocid1.compartment.oc1..aaaaaaaaothercompartment"
		f.w.AddCompartment(other)
		c2 := f.circuit("er-2")
		spec := vcSpec(c2.ServiceKey, d.ID)
		spec.CompartmentID, spec.DisplayName = other, "vc-2"
		vc2 := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, spec, "")) // 00:08; BGP up at 00:12
		time.Sleep(10 * time.Minute)                                                   // 00:18

		ctx := t.Context()
		run := func(compartment, namespace, query string) []oci.MetricSeries {
			t.Helper()
			return must[[]oci.MetricSeries](t)(f.w.OCIMetrics().SummarizeMetrics(ctx, oci.MetricQuery{CompartmentID: compartment,
				Namespace: namespace, Query: query, Start: t0, End: t0.Add(20 * time.Minute)}))
		}
		ids := func(l []oci.MetricSeries) []string {
			out := []string{}
			for _, s := range l {
				out = append(out, s.Dimensions[oci.DimensionResourceID])
			}
			return out
		}
		tests := []struct {
			name, compartment, namespace, query string
			want                                []string
		}{
			{"the compartment's", testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[1m].mean()`, []string{vc.ID}},
			{"the other compartment's", other, oci.NamespaceFastConnect, `Ipv4BgpSessionState[1m].mean()`, []string{vc2.ID}},
			{"by resourceId", testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[1m]{resourceId = "` + vc.ID + `"}.mean()`, []string{vc.ID}},
			{"by resourceName", other, oci.NamespaceFastConnect, `BitsSent[1m]{resourceName = "vc-2", component = "virtualcircuit"}.sum()`, []string{vc2.ID}},
			{"another compartment's virtual circuit", testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[1m]{resourceId = "` + vc2.ID + `"}.mean()`, []string{}},
			{"an unknown resourceId", testComp, oci.NamespaceFastConnect, `ConnectionState[1m]{resourceId = "ocid1.virtualcircuit.oc1..nosuch"}.mean()`, []string{}},
			{"a dimension nobody has", testComp, oci.NamespaceFastConnect, `ConnectionState[1m]{dropType = "noRoute"}.mean()`, []string{}},
			{"an unknown metric", testComp, oci.NamespaceFastConnect, `Ipv6BgpSessionState[1m].mean()`, []string{}},
			{"an unknown namespace", testComp, "oci_vcn", `Ipv4BgpSessionState[1m].mean()`, []string{}},
			{"another namespace's metric", testComp, oci.NamespaceDRG, `Ipv4BgpSessionState[1m].mean()`, []string{}},
		}
		for _, tt := range tests {
			got := run(tt.compartment, tt.namespace, tt.query)
			if got == nil || !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, ids(got), tt.want)
			}
		}

		// Both in one compartment: grouped.
		vc2rec := f.w.st.VirtualCircuits[key(vc2.ID)]
		vc2rec.CompartmentID = testComp
		all := run(testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[5m].grouping().sum()`)
		if len(all) != 1 || len(all[0].Dimensions) != 0 {
			t.Fatalf("grouping(): %+v, want one series without dimensions", all)
		}
		// 00:15 covers 00:11..00:15: vc up all along (5), vc-2 up from 00:12 (4).
		// 00:10 covers 00:06..00:10: vc up from 00:07 (4), vc-2 not yet.
		if p := all[0].Points; len(p) != 3 || p[0].Value != 0 || p[1].Value != 4 || p[2].Value != 9 {
			t.Errorf("grouping().sum() minuteValues %+v, want 00:05 0, 00:10 4, 00:15 9", p)
		}
		by := run(testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[5m].groupBy(resourceName, nothing).count()`)
		if len(by) != 2 || !reflect.DeepEqual(by[0].Dimensions, map[string]string{oci.DimensionResourceName: "vc"}) ||
			!reflect.DeepEqual(by[1].Dimensions, map[string]string{oci.DimensionResourceName: "vc-2"}) {
			t.Errorf("groupBy(resourceName, nothing): %+v", by)
		}
		one := run(testComp, oci.NamespaceFastConnect, `Ipv4BgpSessionState[5m].groupBy(component).count()`)
		if len(one) != 1 || one[0].Points[2].Value != 10 {
			t.Errorf("groupBy(component).count(): %+v, want one series counting both circuits' minuteValues", one)
		}

		// Deleted at 00:18, TERMINATED at 00:21: its minuteValues end there.
		noErr(t, f.oc.DeleteVirtualCircuit(ctx, vc2.ID))
		time.Sleep(10 * time.Minute)
		s := must[[]oci.MetricSeries](t)(f.w.OCIMetrics().SummarizeMetrics(ctx, oci.MetricQuery{CompartmentID: testComp,
			Namespace: oci.NamespaceFastConnect, Query: `ConnectionState[1m]{resourceName = "vc-2"}.count()`, Start: t0, End: t0.Add(time.Hour)}))
		if len(s) != 1 || !s[0].Points[0].Time.Equal(t0.Add(8*time.Minute)) || !s[0].Points[len(s[0].Points)-1].Time.Equal(t0.Add(20*time.Minute)) {
			t.Errorf("a terminated virtual circuit's minuteValues: %+v, want 00:08 to 00:20", s)
		}
	})
}

// TestOCIMetricsDRG checks the DRG drop metrics: one stream per attachment
// and drop type, all 0, narrowed by dimensions.
func TestOCIMetricsDRG(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		t0 := time.Now()
		d := f.drg()
		a := f.attach(d.ID)
		time.Sleep(10 * time.Minute)
		for _, metric := range []string{oci.MetricPacketDropsToDRGAttachment, oci.MetricPacketDropsFromDRGAttachment} {
			all := must[[]oci.MetricSeries](t)(f.w.OCIMetrics().SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp,
				Namespace: oci.NamespaceDRG, Query: metric + "[5m].sum()", Start: t0, End: t0.Add(10 * time.Minute)}))
			if len(all) != 3 {
				t.Fatalf("%s: %d series, want 3 (one per drop type)", metric, len(all))
			}
			for i, dt := range []string{oci.DropTypeNoRoute, oci.DropTypeOthers, oci.DropTypeThroughput} {
				want := map[string]string{oci.DimensionResourceID: a.ID, oci.DimensionDRGID: d.ID, oci.DimensionAttachmentType: "VCN",
					oci.DimensionDropType: dt}
				if !reflect.DeepEqual(all[i].Dimensions, want) || len(all[i].Points) != 2 || all[i].Points[1].Value != 0 {
					t.Errorf("%s series %d: %+v, want %v with 2 minuteValues at 0", metric, i, all[i], want)
				}
			}
			noRoute := must[[]oci.MetricSeries](t)(f.w.OCIMetrics().SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp,
				Namespace: oci.NamespaceDRG, Query: metric + `[1m]{dropType = "noRoute", drgOcid = "` + d.ID + `"}.max()`}))
			if len(noRoute) != 1 || len(noRoute[0].Points) != 180 {
				t.Errorf("%s noRoute over the default 3 hours: %+v, want 1 series of 180 minuteValues", metric, noRoute)
			}
		}
	})
}

// TestOCIMetricsRefuses checks the answers to requests OCI refuses: 400
// InvalidParameter naming the problem, 404 for a missing compartment.
func TestOCIMetricsRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		time.Sleep(53 * time.Minute)
		f.provisioned() // 01:00
		now := time.Now()
		good := oci.MetricQuery{CompartmentID: testComp, Namespace: oci.NamespaceFastConnect, Query: `ConnectionState[1m].mean()`}
		tests := []struct {
			name   string
			mod    func(q *oci.MetricQuery)
			status int
			code   string
			msg    string
		}{
			{"missing compartment", func(q *oci.MetricQuery) { q.CompartmentID = "ocid1.compartment.oc1..nosuch" }, 404,
				"NotAuthorizedOrNotFound", "Authorization failed or requested resource not found."},
			{"no namespace", func(q *oci.MetricQuery) { q.Namespace = "" }, 400, "InvalidParameter", "The namespace is required (e.g. oci_fastconnect)."},
			{"no query", func(q *oci.MetricQuery) { q.Query = " " }, 400, "InvalidParameter",
				"The query is required: an MQL expression such as Ipv4BgpSessionState[1m].mean()."},
			{"malformed query", func(q *oci.MetricQuery) { q.Query = `ConnectionState[1m]{resourceId = x}.mean()` }, 400, "InvalidParameter",
				`Invalid query "ConnectionState[1m]{resourceId = x}.mean()": at offset 33: want the value of dimension resourceId in double quotes, found "x".`},
			{"resolution longer than the interval", func(q *oci.MetricQuery) { q.Resolution = 5 * time.Minute }, 400, "InvalidParameter",
				"The resolution 5m must be equal to or less than the query's interval 1m."},
			{"resolution not an interval", func(q *oci.MetricQuery) { q.Query = `ConnectionState[1h].mean()`; q.Resolution = 90 * time.Second }, 400,
				"InvalidParameter", "Invalid resolution 1m30s: it must be one of 1m-60m, 1h-24h, 1d."},
			{"start after end", func(q *oci.MetricQuery) { q.Start = now; q.End = now.Add(-time.Minute) }, 400, "InvalidParameter",
				"The start time 2000-01-01T01:00:00Z must be before the end time 2000-01-01T00:59:00Z."},
			{"too many points", func(q *oci.MetricQuery) { q.Start = now.Add(-100 * 24 * time.Hour) }, 400, "InvalidParameter",
				"The query would return 144000 data points, more than the limit of 100000: shorten the time range, lengthen the resolution or select fewer streams."},
		}
		for _, tt := range tests {
			q := good
			tt.mod(&q)
			_, err := f.w.OCIMetrics().SummarizeMetrics(t.Context(), q)
			var e *oci.Error
			if !errors.As(err, &e) || e.StatusCode != tt.status || e.Code != tt.code || e.Message != tt.msg ||
				e.Op != "SummarizeMetrics" || e.Resource != q.CompartmentID {
				t.Errorf("%s: %v\nwant %d %s: %s", tt.name, err, tt.status, tt.code, tt.msg)
			}
			if got := errors.Is(err, oci.ErrNotFound); got != (tt.status == http.StatusNotFound) {
				t.Errorf("%s: errors.Is(ErrNotFound) = %v", tt.name, got)
			}
		}
	})
}

// TestOCIMetricsIsAnAPICall checks that SummarizeMetrics takes the Read
// latency, is logged, reads nothing into the future, defaults its time range
// to the last 3 hours, and answers injected faults (429 with Retry-After).
func TestOCIMetricsIsAnAPICall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency()))
		f.provisioned()
		time.Sleep(4 * time.Hour)
		m := f.w.OCIMetrics()
		before := time.Now()
		s := must[[]oci.MetricSeries](t)(m.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp,
			Namespace: oci.NamespaceFastConnect, Query: `Ipv4BgpSessionState[1h].mean()`, End: before.Add(10 * time.Hour)}))
		if took := time.Since(before); took != f.lat.Read {
			t.Errorf("SummarizeMetrics took %v, want Read %v", took, f.lat.Read)
		}
		// Called at 04:08:xx+150ms: minuteValues at 02:00 (start 01:08:xx rounded up), 03:00, 04:00; none in the future.
		if len(s) != 1 || len(s[0].Points) != 3 || !s[0].Points[2].Time.Equal(before.Truncate(time.Hour)) {
			t.Errorf("minuteValues %+v, want the 3 whole hours of the last 3 hours up to now", s)
		}
		c := f.w.Calls()[len(f.w.Calls())-1]
		if c.Cloud != CloudOCI || c.Operation != "SummarizeMetrics" || c.Resource != testComp || c.Mutating || c.Err != nil {
			t.Errorf("call logged %+v", c)
		}

		f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "SummarizeMetrics", Count: 1, Kind: Throttle, RetryAfter: 3 * time.Second})
		_, err := m.SummarizeMetrics(t.Context(), oci.MetricQuery{CompartmentID: testComp, Namespace: oci.NamespaceFastConnect,
			Query: `Ipv4BgpSessionState[1m].mean()`})
		var e *oci.Error
		if !errors.As(err, &e) || e.StatusCode != http.StatusTooManyRequests || e.Code != "TooManyRequests" || e.RetryAfter != 3*time.Second ||
			!e.Retryable() {
			t.Errorf("throttled: %v (%#v), want 429 TooManyRequests retrying after 3s", err, e)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := m.SummarizeMetrics(ctx, oci.MetricQuery{CompartmentID: testComp}); !errors.Is(err, context.Canceled) {
			t.Errorf("canceled context: %v", err)
		}
	})
}

// TestOCIMetricsSaveLoad checks that a saved world answers the same metrics
// once loaded: the virtual circuit's life and the health history are kept.
func TestOCIMetricsSaveLoad(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newOCIMetricsFx(t)
		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		if !strings.Contains(buf.String(), `"Created"`) {
			t.Fatalf("the saved world lacks the virtual circuit's creation time")
		}
		w2, err := Load(&buf, instantReads())
		noErr(t, err)
		q := oci.MetricQuery{CompartmentID: testComp, Namespace: oci.NamespaceFastConnect, Query: `BitsSent[5m].sum()`, Start: f.min(0), End: f.min(20)}
		a := must[[]oci.MetricSeries](t)(f.m.SummarizeMetrics(t.Context(), q))
		b := must[[]oci.MetricSeries](t)(w2.OCIMetrics().SummarizeMetrics(t.Context(), q))
		if !reflect.DeepEqual(a, b) || len(a) != 1 {
			t.Errorf("loaded world answers %+v, want %+v", b, a)
		}
	})
}
