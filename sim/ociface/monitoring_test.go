package ociface_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/monitoring"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// monitoringRequest builds a request to the face's Monitoring API; body ""
// means none.
func monitoringRequest(t *testing.T, srv *ociface.Server, method, pathAndQuery, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, err := http.NewRequest(method, srv.URL()+ociface.MonitoringAPIVersion+pathAndQuery, rd)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// drgWorld is newWorld with a DRG attached to the VCN: its drop metrics are
// there to be read at once.
func drgWorld() (*sim.World, oci.DRGAttachment) {
	w := newWorld()
	d := w.AddDRG(sim.DRG{CompartmentID: comp, DisplayName: "drg"})
	return w, w.AddDRGAttachment(sim.DRGAttachment{DRGID: d.ID, VCNID: vcn})
}

// TestSummarizeMetricsData reads metrics over the signed Monitoring API and
// checks the answer's wire shape: a JSON list of MetricData with every
// mandatory field, the timestamps and values of the world's points.
func TestSummarizeMetricsData(t *testing.T) {
	w, a := drgWorld()
	srv := ociface.Start(t, w)
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	end := time.Now().UTC().Truncate(time.Minute)
	body, err := json.Marshal(map[string]any{"namespace": oci.NamespaceDRG,
		"query":     `PacketDropsToDrgAttachment[1m]{dropType = "noRoute"}.sum()`,
		"startTime": end.Add(-5 * time.Minute).Format(time.RFC3339Nano), "endTime": end.Format(time.RFC3339Nano), "resolution": "1m"})
	if err != nil {
		t.Fatal(err)
	}
	ans := do(t, srv, sign(t, monitoringRequest(t, srv, "POST", "/metrics/actions/summarizeMetricsData?compartmentId="+comp, string(body)), good))
	if ans.status != http.StatusOK || ans.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d %s: %s", ans.status, ans.header.Get("Content-Type"), ans.body)
	}
	var raw []map[string]json.RawMessage
	ans.json(t, &raw)
	if len(raw) != 1 {
		t.Fatalf("%d series, want 1: %s", len(raw), ans.body)
	}
	for _, k := range []string{"namespace", "name", "compartmentId", "dimensions", "aggregatedDatapoints"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("the answer lacks %q: %s", k, ans.body)
		}
	}
	var got []monitoring.MetricData
	ans.json(t, &got)
	m := got[0]
	if *m.Namespace != oci.NamespaceDRG || *m.Name != oci.MetricPacketDropsToDRGAttachment || *m.CompartmentId != comp ||
		m.Dimensions[oci.DimensionResourceID] != a.ID || m.Dimensions[oci.DimensionDropType] != oci.DropTypeNoRoute {
		t.Errorf("series %s", m)
	}
	if len(m.AggregatedDatapoints) != 5 {
		t.Fatalf("%d points, want 5 (start included, end excluded): %s", len(m.AggregatedDatapoints), ans.body)
	}
	for i, p := range m.AggregatedDatapoints {
		if want := end.Add(time.Duration(i-5) * time.Minute); !p.Timestamp.Equal(want) || *p.Value != 0 {
			t.Errorf("point %d: %s, want %v 0", i, p, want)
		}
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Kind != "POST /metrics/actions/summarizeMetricsData" || r[0].Status != http.StatusOK {
		t.Errorf("requests logged %+v", r)
	}
	if c := w.Calls(); len(c) != 1 || c[0].Operation != "SummarizeMetrics" || c[0].Resource != comp {
		t.Errorf("calls %+v", c)
	}
}

// TestSummarizeMetricsDataRefuses sends the requests the face or the world
// refuse, and an unsigned one.
func TestSummarizeMetricsDataRefuses(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	const path = "/metrics/actions/summarizeMetricsData?compartmentId=" + comp
	const query = `{"namespace": "oci_fastconnect", "query": "ConnectionState[1m].mean()"`
	tests := []struct {
		name, path, body string
		signed           bool
		status           int
		code             string
	}{
		{"unsigned", path, query + "}", false, http.StatusUnauthorized, "NotAuthenticated"},
		{"no compartmentId", "/metrics/actions/summarizeMetricsData", query + "}", true, http.StatusBadRequest, "MissingParameter"},
		{"in a subtree", path + "&compartmentIdInSubtree=true", query + "}", true, http.StatusBadRequest, "InvalidParameter"},
		{"not JSON", path, `{"namespace": `, true, http.StatusBadRequest, "InvalidParameter"},
		{"bad resolution", path, query + `, "resolution": "90s"}`, true, http.StatusBadRequest, "InvalidParameter"},
		{"malformed query", path, `{"namespace": "oci_fastconnect", "query": "ConnectionState.mean()"}`, true, http.StatusBadRequest, "InvalidParameter"},
		{"missing compartment", "/metrics/actions/summarizeMetricsData?compartmentId=ocid1.compartment.oc1..nosuch", query + "}", true,
			http.StatusNotFound, "NotAuthorizedOrNotFound"},
		{"GET, not served", path, "", true, http.StatusNotFound, "NotAuthorizedOrNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ociface.Start(t, newWorld())
			method := "POST"
			if tt.body == "" {
				method = "GET"
			}
			r := monitoringRequest(t, srv, method, tt.path, tt.body)
			if tt.signed {
				r = sign(t, r, good)
			}
			a := do(t, srv, r)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			if tt.code != "" {
				if code := a.errorCode(t); code != tt.code {
					t.Errorf("code %s, want %s: %s", code, tt.code, a.body)
				}
			}
		})
	}
}

// TestSummarizeMetricsDataThrottled checks that an injected throttle comes
// back as OCI's 429 with Retry-After in whole seconds.
func TestSummarizeMetricsDataThrottled(t *testing.T) {
	w, _ := drgWorld()
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "SummarizeMetrics", Count: 1, Kind: sim.Throttle, RetryAfter: 1500 * time.Millisecond})
	srv := ociface.Start(t, w)
	r := sign(t, monitoringRequest(t, srv, "POST", "/metrics/actions/summarizeMetricsData?compartmentId="+comp,
		`{"namespace": "oci_dynamic_routing_gateway", "query": "PacketDropsToDrgAttachment[1m].sum()"}`),
		ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1"))
	a := do(t, srv, r)
	if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") != "2" || a.errorCode(t) != "TooManyRequests" {
		t.Errorf("status %d, Retry-After %q: %s", a.status, a.header.Get("Retry-After"), a.body)
	}
}
