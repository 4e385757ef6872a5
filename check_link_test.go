package interconnect

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// metricCalls counts the OCI Monitoring calls logged since mark.
func metricCalls(w *sim.World, mark int) int {
	n := 0
	for _, c := range w.Calls()[mark:] {
		if c.Operation == "SummarizeMetrics" {
			n++
		}
	}
	return n
}

// TestVerifyLinkOrSession: while the virtual circuit is PROVISIONED and
// ACTIVE but BGP is down, Verify with OCI metrics reads ConnectionState and
// says in oci.virtual-circuit which is down: the link (both paths cut: it
// fails, pointing at the ARP checks) or only the session (an MD5 key
// changed on Azure's side: it passes, pointing at oci.bgp). A session that
// went down after the latest minute OCI reports cannot be told yet, and
// says so. Verify reads no metrics while BGP is up, nor without a metrics
// reader, whose check is as it was.
func TestVerifyLinkOrSession(t *testing.T) {
	tests := []struct {
		name  string
		cut   func(t *testing.T, w *sim.World, ckt azure.Circuit)
		after time.Duration // from the cut to Verify
		// status and what the detail and the hint say, with metrics
		status       Status
		detail, hint string
	}{
		{"link down", cutBothPaths, 2 * time.Minute, Fail, "its link is down: ConnectionState was 0", "azure.arp.primary"},
		{"session down on an up link", wrongMD5Key, 2 * time.Minute, Pass, "its link is up: ConnectionState was 1", ""},
		{"too recent to tell", cutBothPaths, 0, Pass, "BGP went down after", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, c, s, ckt := built(t)
				mark := len(w.Calls())
				rep, err := c.Verify(t.Context(), s)
				if err != nil || !rep.OK() || metricCalls(w, mark) != 0 {
					t.Fatalf("healthy: err %v, ok %v, %d metric calls; want OK without metrics", err, rep != nil && rep.OK(), metricCalls(w, mark))
				}
				before := checkNamed(rep, "oci.virtual-circuit")

				// Make the cut at a whole minute and a half, so that "too
				// recent" is 30s after OCI's latest point.
				time.Sleep(time.Until(time.Now().Truncate(time.Minute).Add(90 * time.Second)))
				tc.cut(t, w, ckt)
				time.Sleep(tc.after)

				mark = len(w.Calls())
				rep, err = c.Verify(t.Context(), s)
				if err != nil {
					t.Fatal(err)
				}
				if n := metricCalls(w, mark); n != 2 {
					t.Errorf("%d OCI Monitoring calls, want 2 (ConnectionState and Ipv4BgpSessionState)", n)
				}
				if bgp := checkNamed(rep, "oci.bgp"); bgp.Status != Fail {
					t.Fatalf("oci.bgp is %s after the cut", bgp.Status)
				}
				got := checkNamed(rep, "oci.virtual-circuit")
				if got.Status != tc.status || !strings.HasPrefix(got.Detail, before.Detail+"; ") || !strings.Contains(got.Detail, tc.detail) ||
					!strings.Contains(got.Hint, tc.hint) || (tc.hint == "") != (got.Hint == "") {
					t.Errorf("oci.virtual-circuit = %s %q (hint %q), want %s, %q added to %q, hint with %q",
						got.Status, got.Detail, got.Hint, tc.status, tc.detail, before.Detail, tc.hint)
				}
				t.Logf("%s: %s", got.Status, got.Detail)

				// Without metrics: as before, and no metric read.
				mark = len(w.Calls())
				plain, err := New(w.Azure(), w.OCI()).Verify(t.Context(), s)
				if err != nil {
					t.Fatal(err)
				}
				if ch := checkNamed(plain, "oci.virtual-circuit"); ch != before || metricCalls(w, mark) != 0 {
					t.Errorf("without metrics: %+v, %d metric calls; want %+v, none", ch, metricCalls(w, mark), before)
				}
			})
		})
	}
}

// TestVerifyLinkUnreadable: when OCI Monitoring cannot be read, Verify still
// answers; oci.virtual-circuit keeps its status and says what it could not
// tell, and why.
func TestVerifyLinkUnreadable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, c, s, ckt := built(t)
		cutBothPaths(t, w, ckt)
		time.Sleep(2 * time.Minute)
		w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "SummarizeMetrics", Count: 2, Kind: sim.Throttle, RetryAfter: time.Minute})
		rep, err := c.Verify(t.Context(), s)
		if err != nil {
			t.Fatalf("Verify failed on a metrics read: %v", err)
		}
		ch := checkNamed(rep, "oci.virtual-circuit")
		if ch.Status != Pass || !strings.Contains(ch.Detail, "could not be read to tell a down link from a down session") || !strings.Contains(ch.Detail, "429") {
			t.Errorf("oci.virtual-circuit = %s %q", ch.Status, ch.Detail)
		}
	})
}

func cutBothPaths(t *testing.T, w *sim.World, ckt azure.Circuit) {
	t.Helper()
	for _, p := range []azure.DevicePath{azure.Primary, azure.Secondary} {
		if err := w.BreakPath(ckt.ID, p); err != nil {
			t.Fatal(err)
		}
	}
}

// wrongMD5Key changes the private peering's MD5 key on Azure's side only:
// ARP still answers, BGP goes down.
func wrongMD5Key(t *testing.T, w *sim.World, ckt azure.Circuit) {
	t.Helper()
	rg := azure.ParseID(ckt.ID).ResourceGroup
	p, err := w.Azure().GetPrivatePeering(t.Context(), rg, ckt.Name)
	if err != nil {
		t.Fatal(err)
	}
	p.SharedKey = "not-the-virtual-circuits-key"
	if _, err := w.Azure().PutPrivatePeering(t.Context(), rg, ckt.Name, p); err != nil {
		t.Fatal(err)
	}
}
