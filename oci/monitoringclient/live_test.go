package monitoringclient_test

import (
	"context"
	"os"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/monitoringclient"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim/ociface"
)

// The environment of a live run (TestLiveMetrics); the first three are
// those of oci/ociclient's TestLiveConformance.
const (
	// envConfig is the OCI config file; "" means the SDK's default
	// (~/.oci/config, or $OCI_CONFIG_FILE).
	envConfig = "AZOCI_LIVE_OCI_CONFIG"
	// envProfile is the profile of the config file; "" means DEFAULT. Its
	// region is the region read.
	envProfile = "AZOCI_LIVE_OCI_PROFILE"
	// envCompartment is the OCID of a compartment whose metrics the run
	// may read.
	envCompartment = "AZOCI_LIVE_OCI_COMPARTMENT"
	// envVirtualCircuit, optional, is the OCID of an existing virtual
	// circuit of that compartment, in the profile's region: the run reads
	// its link, BGP and traffic metrics for the last hour.
	envVirtualCircuit = "AZOCI_LIVE_OCI_VIRTUAL_CIRCUIT"
)

// TestLiveMetrics runs the read-only part of the metrics conformance suite
// against a real tenancy when envCompartment is set; without it the test is
// skipped before reading any configuration. It only reads (it needs "read
// metrics" in the compartment, see the package documentation): queries that
// select nothing, malformed queries, a compartment that does not exist, and
// with envVirtualCircuit the last hour of that circuit's ConnectionState,
// Ipv4BgpSessionState, BitsReceived and BitsSent. The simulator tests are
// skipped, saying why.
//
//	AZOCI_LIVE_OCI_COMPARTMENT=ocid1.compartment... AZOCI_LIVE_OCI_VIRTUAL_CIRCUIT=ocid1.virtualcircuit... \
//	  go test -run TestLiveMetrics -v ./oci/monitoringclient/
func TestLiveMetrics(t *testing.T) {
	compartment := os.Getenv(envCompartment)
	if compartment == "" {
		t.Skipf("set %s (and optionally %s, %s, %s) to read metrics of a real tenancy", envCompartment, envVirtualCircuit, envConfig, envProfile)
	}
	cp, err := ociclient.ConfigProvider(os.Getenv(envConfig), os.Getenv(envProfile))
	if err != nil {
		t.Fatal(err)
	}
	region, _ := cp.Region()
	env := ocitest.MetricsEnv{Compartment: compartment, VirtualCircuit: os.Getenv(envVirtualCircuit)}
	t.Logf("live run in %s, compartment %s, virtual circuit %q", region, env.Compartment, env.VirtualCircuit)
	ocitest.RunMetricsConformanceTests(t, func(context.Context, *testing.T) (ocitest.MetricsHarness, error) {
		return &liveHarness{env: env, newClient: func() (*monitoringclient.Client, error) { return monitoringclient.NewClient(cp) }}, nil
	})
}

// TestLiveHarnessOnTheSimulator runs the suite as a live run sees it (a
// harness that is not an ocitest.MetricsSimulator) against the face, with a
// recorded history's virtual circuit as envVirtualCircuit: the read-only
// tests, the virtual circuit's included, must pass.
func TestLiveHarnessOnTheSimulator(t *testing.T) {
	h := ocitest.RecordHistory(t)
	srv := ociface.Start(t, h.World)
	env := ocitest.MetricsEnv{Compartment: ocitest.Compartment, VirtualCircuit: h.VC.ID}
	newClient := func() (*monitoringclient.Client, error) {
		return monitoringclient.NewClient(srv.ConfigProvider(), monitoringclient.WithEndpoint(srv.URL()),
			monitoringclient.WithHTTPClient(srv.HTTPClient()), fastRetries)
	}
	ocitest.RunMetricsConformanceTests(t, func(context.Context, *testing.T) (ocitest.MetricsHarness, error) {
		return &liveHarness{env: env, newClient: newClient}, nil
	})
}

// liveHarness is an ocitest.MetricsHarness of Clients: over a real tenancy,
// or over the face in live mode. It is not an ocitest.MetricsSimulator.
type liveHarness struct {
	env       ocitest.MetricsEnv
	newClient func() (*monitoringclient.Client, error)
}

// MakeMetrics returns a new Client.
func (h *liveHarness) MakeMetrics(context.Context) (oci.Metrics, error) { return h.newClient() }

// MetricsEnv describes the cloud, as the test that made the harness was
// told.
func (h *liveHarness) MetricsEnv() ocitest.MetricsEnv { return h.env }

// Close does nothing: a Client holds nothing to release.
func (h *liveHarness) Close() {}
