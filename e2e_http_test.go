package interconnect

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci/ociclient"

	"github.com/azoci/interconnect/azure/armclient"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestEndToEndBothAdaptersHTTP runs the whole job the way it runs in
// production: armclient.Client (armnetwork) and ociclient.Client (oci-go-sdk), each
// speaking HTTPS to the simulator's face for its cloud (bearer token on one,
// signed requests on the other), both faces backed by one world. Latencies
// are scaled down httpScale× so the 45-minute job takes about a second.
func TestEndToEndBothAdaptersHTTP(t *testing.T) {
	ctx := context.Background()
	w := seedWorld(sim.WithTenancy(ociface.TestTenancy), sim.WithLatency(sim.DefaultLatency().Scaled(1.0/httpScale)))
	arm := armface.NewTLSServer(w)
	defer arm.Close()
	ocs := ociface.Start(t, w)
	// One debug log for the engine and both adapters, as the CLI's -v has it.
	var logs lockedBuffer
	debug := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, arm.ClientOptions(), armclient.WithPollFrequency(armclient.DefaultPollFrequency/httpScale),
		armclient.WithLogger(debug))
	if err != nil {
		t.Fatal(err)
	}
	oc, err := ociclient.NewClient(ocs.ConfigProvider(), ociclient.WithEndpoint(ocs.URL()), ociclient.WithHTTPClient(ocs.HTTPClient()), ociclient.WithLogger(debug))
	if err != nil {
		t.Fatal(err)
	}
	c := New(az, oc, WithPollInterval(simPoll/httpScale), WithLogger(debug))
	const md5 = "both-adapters-md5"
	s := simSpec(t, "peering: {md5AuthKey: "+md5+"}")

	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	armMark, ociMark := arm.Stats(), len(ocs.Requests())
	logMark := len(logs.String())
	start := time.Now()
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	t.Logf("Apply over both adapters: %s; ARM %s; OCI %d requests (%s)", time.Since(start), arm.Stats().Sub(armMark),
		len(ocs.Requests())-ociMark, ociface.FormatCounts(ocs.CountsSince(ociMark)))
	checkApplyLog(t, logs.String()[logMark:], md5, serviceKey(t, w))
	rep, err := c.Verify(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("Verify: %+v", rep.Failed())
	}
	p2, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Mutations() != 0 {
		t.Fatalf("re-plan has %d mutations", p2.Mutations())
	}
	pd, err := c.PlanDestroy(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	mark := len(w.Calls())
	if _, err := c.Apply(ctx, pd); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	checkTeardownOrder(t, w.Calls()[mark:])
	if inv := takeInventory(t, w, s); inv != (inventory{}) {
		t.Fatalf("after teardown: %+v", inv)
	}
}

// serviceKey reads the ExpressRoute circuit's service key from the world.
func serviceKey(t *testing.T, w *sim.World) string {
	t.Helper()
	ckt, err := w.Azure().GetCircuit(context.Background(), "rg-network", "ora-link-er")
	if err != nil || ckt.ServiceKey.IsZero() {
		t.Fatalf("no service key: %v", err)
	}
	return ckt.ServiceKey.Reveal()
}

// checkApplyLog checks the debug log of an apply through both adapters:
// every request either adapter sent carries the cloud's request IDs, no
// secret appears, and it prints the counts and an excerpt.
func checkApplyLog(t *testing.T, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Fatalf("a secret is in the debug log")
		}
	}
	count := map[string]int{}
	debug := 0
	var excerpt []string
	for line := range strings.Lines(out) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		msg := r["msg"].(string)
		if r["level"] == "DEBUG" {
			debug++
			count[msg]++
		}
		switch {
		case msg == "azure request" && (r["request_id"] == "" || r["correlation_id"] == ""),
			msg == "oci request" && r["opc_request_id"] == "":
			t.Errorf("a request without its IDs: %s", line)
		}
		if count[msg] == 1 && r["level"] == "DEBUG" {
			excerpt = append(excerpt, strings.TrimSpace(line))
		}
	}
	for _, msg := range []string{"azure request", "oci request", "azure call", "oci call", "poll"} {
		if count[msg] == 0 {
			t.Errorf("no %q line in the debug log", msg)
		}
	}
	t.Logf("debug log of the apply: %d debug lines (%v); the first of each kind:\n%s", debug, count, strings.Join(excerpt, "\n"))
}
