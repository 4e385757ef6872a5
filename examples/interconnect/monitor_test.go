package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/azoci/interconnect"
)

// syncBuffer is a bytes buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually polls cond every 20ms until it holds or 10s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func post(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMonitorSim runs monitor on an applied simulated interconnect, cuts
// the primary path through /sim/break-path and watches the scrape and the
// status lines change, then stops it as Ctrl-C does.
func TestMonitorSim(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	e.must(0, "", "apply", "-auto-approve")

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		args := []string{"monitor", "-f", e.spec, "-sim", "-sim-state", e.state, "-sim-scale", testScale, "-no-color", "-interval", "100ms", "-listen", "127.0.0.1:0"}
		done <- runContext(ctx, args, strings.NewReader(""), &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`metrics at http://([0-9.:]+)/metrics`)
	eventually(t, "the listening address", func() bool { return addr.MatchString(stdout.String()) })
	base := "http://" + addr.FindStringSubmatch(stdout.String())[1]

	eventually(t, "the first round's metrics", func() bool { return strings.Contains(scrape(t, base+"/metrics"), "azoci_interconnect_check_passing") })
	before := scrape(t, base+"/metrics")
	for _, want := range []string{
		`azoci_interconnect_check_passing{check="azure.arp.primary",interconnect="ora-link",location="Washington DC",resource=""} 1`,
		`azoci_interconnect_check_passing{check="oci.bgp",interconnect="ora-link",location="Washington DC",resource=""} 1`,
		`azoci_interconnect_check_status{check="interconnect.resiliency",interconnect="ora-link",location="",resource=""} 0`,
		`azoci_interconnect_bgp_up{cloud="azure",interconnect="ora-link",location="Washington DC",path="primary"}`,
		`azoci_interconnect_bits_per_second{cloud="azure",direction="in",interconnect="ora-link",location="Washington DC",path="primary"}`,
		`azoci_interconnect_bits_per_second{cloud="azure",direction="in",interconnect="ora-link",location="Washington DC",path="secondary"}`,
		`azoci_interconnect_last_check_timestamp_seconds{interconnect="ora-link"}`,
		`azoci_interconnect_bandwidth_bits_per_second{interconnect="ora-link"} 1e+09`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(before, want) {
			t.Errorf("the scrape lacks %s:\n%s", want, before)
		}
	}
	if !strings.Contains(stdout.String(), "ora-link: 16 checks, 16 pass, 0 warn, 0 fail") {
		t.Errorf("no first-round summary:\n%s", stdout.String())
	}

	for _, bad := range []string{"/sim/break-path?path=tertiary", "/sim/traffic?in=x&out=1", "/sim/degrade-path?path=primary&errors=2",
		"/sim/degrade-path?path=primary&discards=NaN"} {
		if code, body := post(t, base+bad); code != http.StatusBadRequest {
			t.Errorf("POST %s: %d %s", bad, code, body)
		}
	}
	if code, body := post(t, base+"/sim/traffic?in=4e8&out=1e8"); code != http.StatusOK {
		t.Errorf("traffic: %d %s", code, body)
	}
	if code, body := post(t, base+"/sim/degrade-path?path=primary&errors=0.01&discards=0.02"); code != http.StatusOK {
		t.Errorf("degrade-path: %d %s", code, body)
	}
	if code, body := post(t, base+"/sim/break-path?path=primary"); code != http.StatusOK || !strings.Contains(body, "cut") {
		t.Fatalf("break-path: %d %s", code, body)
	}
	eventually(t, "the cut in the scrape", func() bool {
		m := scrape(t, base+"/metrics")
		return strings.Contains(m, `azoci_interconnect_check_passing{check="azure.arp.primary",interconnect="ora-link",location="Washington DC",resource=""} 0`) &&
			strings.Contains(m, `azoci_interconnect_bgp_up{cloud="azure",interconnect="ora-link",location="Washington DC",path="primary"} 0`)
	})
	eventually(t, "the status lines of the cut", func() bool {
		out := stdout.String()
		// (BGP's status line is not awaited: in a world applied a moment
		// ago, the latest minute was not all up even before the cut.)
		return strings.Contains(out, "ora-link: azure.arp.primary pass → fail: primary path: the Oracle address 192.168.240.1 is Incomplete")
	})
	if n := strings.Count(stdout.String(), "azure.arp.primary pass → fail"); n != 1 {
		t.Errorf("the change printed %d times, want once:\n%s", n, stdout.String())
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(stdout.String(), "Stopped after") {
			t.Errorf("monitor exited %d:\n%s\n%s", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("monitor did not stop when its context ended")
	}
	// The world it watched, with the cut, is saved for the next command.
	r := e.must(2, "", "verify")
	if !strings.Contains(r.stdout, "FAIL    azure.arp.primary") {
		t.Errorf("verify after monitor:\n%s", r)
	}
}

// TestMonitorPIDFile runs a monitor with -pid-file: the file holds its
// process ID once the first round's metrics are served; a second monitor on
// the same address fails at once, naming the port and what is likely on it;
// the first stops cleanly ("Stopped after 1 round.") and removes the file.
func TestMonitorPIDFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	e.must(0, "", "apply", "-auto-approve")
	pidFile := filepath.Join(e.dir, "monitor.pid")

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		args := []string{"monitor", "-f", e.spec, "-sim", "-sim-state", e.state, "-sim-scale", testScale, "-no-color", "-interval", "1h", "-listen", "127.0.0.1:0", "-pid-file", pidFile}
		done <- runContext(ctx, args, strings.NewReader(""), &stdout, &stderr)
	}()
	var pid []byte
	eventually(t, "the PID file", func() bool {
		var err error
		pid, err = os.ReadFile(pidFile)
		return err == nil
	})
	if string(pid) != strconv.Itoa(os.Getpid())+"\n" {
		t.Errorf("the PID file holds %q, want this process's ID %d", pid, os.Getpid())
	}
	addr := regexp.MustCompile(`metrics at http://([0-9.:]+)/metrics`).FindStringSubmatch(stdout.String())
	if addr == nil {
		t.Fatalf("no address in the output:\n%s", stdout.String())
	}
	// Once the PID file is there, the first round is served.
	if m := scrape(t, "http://"+addr[1]+"/metrics"); !strings.Contains(m, `azoci_interconnect_watch_rounds_total{interconnect="ora-link"} 1`) ||
		!strings.Contains(m, "azoci_interconnect_check_passing") {
		t.Errorf("the PID file came before the first round's metrics:\n%s", m)
	}

	second := e.sim("", "monitor", "-listen", addr[1], "-interval", "1h")
	_, port, _ := net.SplitHostPort(addr[1])
	want := "Error: -listen " + addr[1] + ": port " + port + " is in use: another interconnect monitor may be running"
	if second.code != exitError || !strings.Contains(second.stderr, want) {
		t.Errorf("a second monitor on %s: want exit 1 and %q, got %s", addr[1], want, second)
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(stdout.String(), "\nStopped after 1 round.\n") {
			t.Errorf("monitor exited %d:\n%s\n%s", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("monitor did not stop when its context ended")
	}
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Errorf("the PID file is still there after a clean stop: %v", err)
	}
}

func TestMonitorFlags(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-interval", "0s"}, "-interval 0s: give a positive duration"},
		{[]string{"-listen", "256.0.0.1:1"}, "-listen 256.0.0.1:1"},
		{[]string{"-interval", "soon"}, `invalid value "soon" for flag -interval`},
		{[]string{"-listen", "127.0.0.1:0", "-pid-file", filepath.Join(e.dir, "no-such-dir", "m.pid")}, "Error: monitor: -pid-file: open " + filepath.Join(e.dir, "no-such-dir", "m.pid")},
	} {
		r := e.sim("", "monitor", tt.args...)
		if r.code != exitError || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("monitor %v: want exit 1 and %q, got %s", tt.args, tt.stderr, r)
		}
	}
}

// TestExporter checks the exposition of one observation, metric by metric:
// the names and labels are a contract (README, "Monitoring").
func TestExporter(t *testing.T) {
	at := time.Unix(1796000000, 0)
	exp := newExporter("ora-link", 1e9, 60)
	exp.observe(interconnect.Observation{Round: 1, Time: at,
		Report: &interconnect.Report{Checks: []interconnect.Check{
			{Name: "azure.arp.primary", Status: interconnect.Fail, Location: "Washington DC"},
			{Name: "azure.peering", Status: interconnect.Warn, Resource: "Washington DC2", Location: "Washington DC2"},
			{Name: "oci.route-rules", Resource: "ocid1.routetable.oc1..a", Status: interconnect.Pass},
		}},
		Readings: interconnect.Readings{
			BGP:     []interconnect.LinkState{{Cloud: "azure", Path: "primary", Availability: 0.5, Location: "Washington DC"}, {Cloud: "oci", Path: "virtual-circuit", Availability: 1}},
			ARP:     []interconnect.LinkState{{Cloud: "azure", Path: "primary", Availability: 0.25}},
			Traffic: []interconnect.Traffic{{Cloud: "oci", Direction: "out", BitsPerSecond: 4e8}},
		},
	})
	// A round whose Verify failed keeps the checks and the timestamp.
	exp.observe(interconnect.Observation{Round: 2, Time: at.Add(time.Minute), Err: errors.New("throttled"),
		Readings: interconnect.Readings{BGP: []interconnect.LinkState{{Cloud: "azure", Path: "primary", Availability: 1, Location: "Washington DC"}}}})
	want := `
# HELP azoci_interconnect_arp_availability_ratio Share of the latest reported minute Azure's edge got ARP answers from Oracle on the path, 0 to 1 (Azure Monitor ArpAvailability).
# TYPE azoci_interconnect_arp_availability_ratio gauge
# HELP azoci_interconnect_bgp_availability_ratio Share of the latest reported minute the BGP session was up, 0 to 1.
# TYPE azoci_interconnect_bgp_availability_ratio gauge
azoci_interconnect_bgp_availability_ratio{cloud="azure",interconnect="ora-link",location="Washington DC",path="primary"} 1
# HELP azoci_interconnect_bgp_up 1 when the BGP session was up the whole latest minute its cloud reports, else 0; path is primary or secondary (Azure), virtual-circuit (OCI, one state per virtual circuit); location is the circuit's peering location.
# TYPE azoci_interconnect_bgp_up gauge
azoci_interconnect_bgp_up{cloud="azure",interconnect="ora-link",location="Washington DC",path="primary"} 1
# HELP azoci_interconnect_check_passing 1 while the Verify check passes or only warns, 0 while it fails; check is its name (README, Troubleshooting), resource tells apart the checks of one name (a route table, a spoke, a VCN of oci.vcns, a peering location), location is the peering location of a circuit's checks.
# TYPE azoci_interconnect_check_passing gauge
azoci_interconnect_check_passing{check="azure.arp.primary",interconnect="ora-link",location="Washington DC",resource=""} 0
azoci_interconnect_check_passing{check="azure.peering",interconnect="ora-link",location="Washington DC2",resource="Washington DC2"} 1
azoci_interconnect_check_passing{check="oci.route-rules",interconnect="ora-link",location="",resource="ocid1.routetable.oc1..a"} 1
# HELP azoci_interconnect_check_status The Verify check's status: 0 pass, 1 warn, 2 fail; labels as for check_passing.
# TYPE azoci_interconnect_check_status gauge
azoci_interconnect_check_status{check="azure.arp.primary",interconnect="ora-link",location="Washington DC",resource=""} 2
azoci_interconnect_check_status{check="azure.peering",interconnect="ora-link",location="Washington DC2",resource="Washington DC2"} 1
azoci_interconnect_check_status{check="oci.route-rules",interconnect="ora-link",location="",resource="ocid1.routetable.oc1..a"} 0
# HELP azoci_interconnect_last_check_timestamp_seconds Unix time of the latest round whose Verify report came back.
# TYPE azoci_interconnect_last_check_timestamp_seconds gauge
azoci_interconnect_last_check_timestamp_seconds{interconnect="ora-link"} 1.796e+09
# HELP azoci_interconnect_watch_round_errors_total Rounds in which a read failed (Verify's or a metric's); the monitor goes on, backing off.
# TYPE azoci_interconnect_watch_round_errors_total counter
azoci_interconnect_watch_round_errors_total{interconnect="ora-link"} 1
# HELP azoci_interconnect_watch_rounds_total Rounds the monitor made.
# TYPE azoci_interconnect_watch_rounds_total counter
azoci_interconnect_watch_rounds_total{interconnect="ora-link"} 2
`
	names := []string{"azoci_interconnect_arp_availability_ratio", "azoci_interconnect_bgp_availability_ratio", "azoci_interconnect_bgp_up",
		"azoci_interconnect_check_passing", "azoci_interconnect_check_status", "azoci_interconnect_last_check_timestamp_seconds", "azoci_interconnect_watch_round_errors_total",
		"azoci_interconnect_watch_rounds_total"}
	if err := testutil.CollectAndCompare(exp, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(exp); n != 13 {
		t.Errorf("%d metrics, want 13 (3 checks twice, 2 BGP, bandwidth, interval, timestamp, 2 counters)", n)
	}
	if err := testutil.CollectAndCompare(exp, bufio.NewReader(strings.NewReader(`
# HELP azoci_interconnect_bits_per_second Mean traffic of the latest reported minute, as each cloud counts it; direction in is into that cloud, out is out of it; path is primary or secondary (Azure, per path: sum them for the circuit), virtual-circuit (OCI).
# TYPE azoci_interconnect_bits_per_second gauge
`)), "azoci_interconnect_bits_per_second"); err != nil {
		t.Errorf("traffic missing from the latest round is not exported: %v", err)
	}
}

// TestExporterPathsAndLoss: traffic is exported per path (Azure's two,
// OCI's virtual circuit) with a path label added to bits_per_second, and
// OCI's lost packets as packet_errors_per_second and
// packet_discards_per_second.
func TestExporterPathsAndLoss(t *testing.T) {
	exp := newExporter("ora-link", 1e9, 60)
	exp.observe(interconnect.Observation{Round: 1, Time: time.Unix(1796000000, 0), Readings: interconnect.Readings{
		Traffic: []interconnect.Traffic{
			{Cloud: "azure", Direction: "in", Path: "primary", BitsPerSecond: 3e8},
			{Cloud: "azure", Direction: "in", Path: "secondary", BitsPerSecond: 1e8},
			{Cloud: "oci", Direction: "out", Path: "virtual-circuit", BitsPerSecond: 4e8},
		},
		PacketLoss: []interconnect.PacketLoss{
			{Cloud: "oci", Path: "virtual-circuit", Kind: interconnect.LossErrors, PacketsPerSecond: 312.5},
			{Cloud: "oci", Path: "virtual-circuit", Kind: interconnect.LossDiscards, PacketsPerSecond: 0},
		},
	}})
	want := `
# HELP azoci_interconnect_bits_per_second Mean traffic of the latest reported minute, as each cloud counts it; direction in is into that cloud, out is out of it; path is primary or secondary (Azure, per path: sum them for the circuit), virtual-circuit (OCI).
# TYPE azoci_interconnect_bits_per_second gauge
azoci_interconnect_bits_per_second{cloud="azure",direction="in",interconnect="ora-link",location="",path="primary"} 3e+08
azoci_interconnect_bits_per_second{cloud="azure",direction="in",interconnect="ora-link",location="",path="secondary"} 1e+08
azoci_interconnect_bits_per_second{cloud="oci",direction="out",interconnect="ora-link",location="",path="virtual-circuit"} 4e+08
# HELP azoci_interconnect_packet_discards_per_second Packets per second that OCI's end of the link discarded in the latest reported minute (OCI PacketsDiscarded; path virtual-circuit).
# TYPE azoci_interconnect_packet_discards_per_second gauge
azoci_interconnect_packet_discards_per_second{cloud="oci",interconnect="ora-link",location="",path="virtual-circuit"} 0
# HELP azoci_interconnect_packet_errors_per_second Packets per second that OCI's end of the link counted in error in the latest reported minute (OCI PacketsError; path virtual-circuit); Oracle: they indicate a misconfiguration.
# TYPE azoci_interconnect_packet_errors_per_second gauge
azoci_interconnect_packet_errors_per_second{cloud="oci",interconnect="ora-link",location="",path="virtual-circuit"} 312.5
`
	if err := testutil.CollectAndCompare(exp, strings.NewReader(want), "azoci_interconnect_bits_per_second",
		"azoci_interconnect_packet_discards_per_second", "azoci_interconnect_packet_errors_per_second"); err != nil {
		t.Error(err)
	}
}

func TestStatusLines(t *testing.T) {
	var out, errs strings.Builder
	l := &statusLines{s: &session{stdout: &out, stderr: &errs}, name: "ora-link"}
	at := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	bgp := func(avail ...float64) interconnect.Readings {
		var r interconnect.Readings
		for i, a := range avail {
			r.BGP = append(r.BGP, interconnect.LinkState{Cloud: "azure", Path: []string{"primary", "secondary"}[i], Availability: a})
		}
		return r
	}
	fail := interconnect.Check{Name: "oci.bgp", Status: interconnect.Fail, Detail: "BGP session is DOWN"}
	pass := interconnect.Check{Name: "azure.circuit", Status: interconnect.Pass}
	l.print(interconnect.Observation{Round: 1, Time: at, Report: &interconnect.Report{Checks: []interconnect.Check{pass, fail}},
		Changes: []interconnect.StatusChange{{Check: pass, New: true}, {Check: fail, New: true}}, Readings: bgp(1, 1)})
	l.print(interconnect.Observation{Round: 2, Time: at.Add(time.Minute), Readings: bgp(0.5), Err: errors.New("throttled\nretry later"), Next: 2 * time.Minute})
	l.print(interconnect.Observation{Round: 3, Time: at.Add(3 * time.Minute), Readings: bgp(0, 1)})
	want := `2026-11-30T03:00:00Z ora-link: 2 checks, 1 pass, 0 warn, 1 fail
2026-11-30T03:00:00Z ora-link: oci.bgp new → fail: BGP session is DOWN
2026-11-30T03:01:00Z ora-link: BGP azure primary up → down (50% of the latest minute up)
2026-11-30T03:03:00Z ora-link: round 3 read everything again
`
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), want)
	}
	if e := errs.String(); e != "2026-11-30T03:01:00Z ora-link: round 2 could not read everything (next round in 2m0s): throttled; retry later\n" {
		t.Errorf("stderr: %q", e)
	}
}

// TestMonitorHelpNamesEndpoints: help monitor names every /sim/ endpoint
// the monitor registers (read from this package's source, so that a new one
// cannot be left out).
func TestMonitorHelpNamesEndpoints(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("monitor.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := regexp.MustCompile(`"POST (/sim/[a-z-]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 4 {
		t.Fatalf("found %d /sim/ routes in monitor.go, want at least 4", len(routes))
	}
	for _, r := range routes {
		if !strings.Contains(monitorHelp, r[1]+"?") {
			t.Errorf("help monitor does not name %s", r[1])
		}
	}
}
