package monitorclient_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// The metrics conformance suite against a real subscription. It only
// reads, and needs an existing ExpressRoute circuit: without
// AZOCI_LIVE_AZURE_CIRCUIT it is skipped before anything authenticates.

// The environment variables of a live run (the subscription variable is
// the one azure/armclient's live run uses).
const (
	envCircuit      = "AZOCI_LIVE_AZURE_CIRCUIT"      // the ARM ID of an existing ExpressRoute circuit
	envSubscription = "AZOCI_LIVE_AZURE_SUBSCRIPTION" // optional here: if set, the circuit must be in it
)

// liveMetricsEnv reads the environment: ok is false when no circuit is
// named (no live run). A circuit ID that is not one, or that lies outside
// AZOCI_LIVE_AZURE_SUBSCRIPTION, is an error.
func liveMetricsEnv() (env azuretest.MetricsEnv, ok bool, err error) {
	id := strings.TrimSpace(os.Getenv(envCircuit))
	if id == "" {
		return env, false, nil
	}
	segs := strings.Split(strings.Trim(id, "/"), "/")
	if len(segs) != 8 || !strings.EqualFold(segs[0], "subscriptions") || !strings.EqualFold(segs[2], "resourceGroups") ||
		!strings.EqualFold(segs[4], "providers") || !strings.EqualFold(segs[5], "Microsoft.Network") ||
		!strings.EqualFold(segs[6], "expressRouteCircuits") {
		return env, true, fmt.Errorf("%s is %q, not the ARM ID of an ExpressRoute circuit "+
			"(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/expressRouteCircuits/<name>; az network express-route show --query id)", envCircuit, id)
	}
	if sub := strings.TrimSpace(os.Getenv(envSubscription)); sub != "" && !strings.EqualFold(sub, segs[1]) {
		return env, true, fmt.Errorf("%s is in subscription %s, but %s is %s", envCircuit, segs[1], envSubscription, sub)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return azuretest.MetricsEnv{Subscription: segs[1], ResourceGroup: segs[3], Circuit: "/" + strings.Join(segs, "/"),
		NamePrefix: "azoci-conf-" + hex.EncodeToString(b[:]) + "-"}, true, nil
}

// liveMetricsHarness is the MetricsHarness of a real subscription: no
// world, the circuit the environment names.
type liveMetricsHarness struct {
	m   azure.Metrics
	env azuretest.MetricsEnv
}

// MakeMetrics returns the client.
func (h liveMetricsHarness) MakeMetrics(context.Context, *testing.T, *sim.World) (azure.Metrics, error) {
	return h.m, nil
}

// Env is the run's environment.
func (h liveMetricsHarness) Env() azuretest.MetricsEnv { return h.env }

// Close does nothing.
func (liveMetricsHarness) Close() {}

// runLiveMetrics runs the suite against m as a live run does, then logs the
// circuit's latest values.
func runLiveMetrics(t *testing.T, m azure.Metrics, env azuretest.MetricsEnv) {
	t.Helper()
	t.Logf("live metrics conformance on %s", env.Circuit)
	azuretest.RunMetricsConformanceTests(t, func(context.Context, *testing.T) (azuretest.MetricsHarness, error) {
		return liveMetricsHarness{m: m, env: env}, nil
	})
	end := time.Now()
	for _, q := range []azure.MetricQuery{
		{Names: []string{azure.MetricARPAvailability, azure.MetricBGPAvailability}, SplitBy: []string{azure.DimensionPeer}},
		{Names: []string{azure.MetricBitsInPerSecond, azure.MetricBitsOutPerSecond}},
	} {
		q.ResourceID, q.Start, q.End, q.Interval = env.Circuit, end.Add(-time.Hour), end, 5*time.Minute
		ss, err := m.ListMetrics(t.Context(), q)
		if err != nil {
			t.Errorf("%v over the last hour: %v", q.Names, err)
			continue
		}
		for _, s := range ss {
			if n := len(s.Points); n > 0 {
				t.Logf("%s %v: %v %s at %s (points in the last hour: %d)", s.Name, s.Dimensions, s.Points[n-1].Value, s.Unit,
					s.Points[n-1].Time.Format(time.RFC3339), n)
			} else {
				t.Logf("%s %v: no data in the last hour", s.Name, s.Dimensions)
			}
		}
	}
}

// TestLiveMetrics runs the metrics conformance suite against the circuit
// AZOCI_LIVE_AZURE_CIRCUIT names, reading its metrics over the last hour,
// and logs their latest values. It only reads: the credential needs
// Microsoft.Insights/metrics/read on the circuit (Monitoring Reader or
// Reader). Credentials come from azidentity's DefaultAzureCredential.
func TestLiveMetrics(t *testing.T) {
	env, ok, err := liveMetricsEnv()
	if !ok {
		t.Skipf("set %s to the ARM ID of an existing ExpressRoute circuit to read its metrics from Azure Monitor", envCircuit)
	}
	if err != nil {
		t.Fatal(err)
	}
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := monitorclient.NewClient(cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	runLiveMetrics(t, c, env)
}

// TestLiveMetricsHarnessOnTheSimulator runs a live run (no world, an
// existing circuit, read-only tests) against the adapter over the
// simulator's ARM face, over HTTPS in real time.
func TestLiveMetricsHarnessOnTheSimulator(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	face := armface.NewTLSServer(w)
	t.Cleanup(face.Close)
	ckt, err := w.Azure().PutCircuit(t.Context(), azuretest.ResourceGroup, azure.Circuit{Name: "er", Location: azuretest.Region,
		SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
		PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	c, err := monitorclient.NewClient(&fake.TokenCredential{}, face.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(envCircuit, ckt.ID)
	t.Setenv(envSubscription, "")
	env, ok, err := liveMetricsEnv()
	if !ok || err != nil {
		t.Fatalf("the simulated circuit as a live one: %v, %v", ok, err)
	}
	before := len(w.Calls())
	runLiveMetrics(t, c, env)
	for _, call := range w.Calls()[before:] {
		if call.Mutating || call.Operation != "ListMetrics" {
			t.Errorf("a live metrics run made %+v", call)
		}
	}
}

// TestLiveMetricsConfig: without a circuit there is no live run (and no
// login); a circuit ID must be one, in the subscription named if any.
func TestLiveMetricsConfig(t *testing.T) {
	const id = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-network/providers/Microsoft.Network/expressRouteCircuits/ora-link-er"
	tests := []struct {
		circuit, sub string
		ok           bool
		err          string // in the error; "" for none
	}{
		{"", "", false, ""},
		{"", "0b1f6471-1bf0-4dda-aec3-111122223333", false, ""},
		{id, "", true, ""},
		{strings.TrimPrefix(id, "/") + "/", "0B1F6471-1BF0-4DDA-AEC3-111122223333", true, ""},
		{id, "another", true, envSubscription},
		{"ora-link-er", "", true, "not the ARM ID"},
		{strings.Replace(id, "expressRouteCircuits", "virtualNetworks", 1), "", true, "not the ARM ID"},
	}
	for _, tc := range tests {
		t.Setenv(envCircuit, tc.circuit)
		t.Setenv(envSubscription, tc.sub)
		env, ok, err := liveMetricsEnv()
		if ok != tc.ok || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q in %q: ok %v, err %v; want ok %v, an error with %q", tc.circuit, tc.sub, ok, err, tc.ok, tc.err)
			continue
		}
		if ok && err == nil && (env.Circuit != id || env.Subscription != "0b1f6471-1bf0-4dda-aec3-111122223333" ||
			env.ResourceGroup != "rg-network" || env.Simulated || !strings.HasPrefix(env.NamePrefix, "azoci-conf-")) {
			t.Errorf("%q: env %+v", tc.circuit, env)
		}
	}
}
