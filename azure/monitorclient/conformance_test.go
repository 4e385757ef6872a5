package monitorclient_test

import (
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// TestMetricsConformanceFace runs the metrics conformance suite against the
// real armmonitor client talking to the simulator's ARM face. The face is
// reached in process (armface.Server.InProcessClientOptions), so that each
// test runs in a synctest bubble with the world's clock exact; the HTTPS
// wiring is tested in client_test.go.
func TestMetricsConformanceFace(t *testing.T) {
	azuretest.RunMetricsConformanceTests(t, azuretest.SimMetricsHarness(func(_ *testing.T, w *sim.World) (azure.Metrics, error) {
		return monitorclient.NewClient(&fake.TokenCredential{}, armface.New(w).InProcessClientOptions())
	}))
}
