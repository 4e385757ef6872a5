package armclient_test

import (
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// testPoll is the poll frequency of the adapter in tests (azcore allows
// frequencies under a second in test binaries only).
const testPoll = 2 * time.Millisecond

// newHTTPClient serves w over HTTPS with its ARM face and returns an
// armclient.Client pointed at it, and the face.
func newHTTPClient(t *testing.T, w *sim.World, opts ...armface.Option) (*armclient.Client, *armface.Server) {
	t.Helper()
	face := armface.NewTLSServer(w, opts...)
	t.Cleanup(face.Close)
	c, err := armclient.NewClient(w.SubscriptionID(), &fake.TokenCredential{}, face.ClientOptions(), armclient.WithPollFrequency(testPoll))
	if err != nil {
		t.Fatal(err)
	}
	return c, face
}

// TestConformanceHTTP runs the conformance suite against the real
// armnetwork client talking HTTPS to the simulator's ARM face.
func TestConformanceHTTP(t *testing.T) {
	azuretest.RunConformanceTests(t, azuretest.SimHarness(func(t *testing.T, w *sim.World) (azure.Network, error) {
		c, _ := newHTTPClient(t, w)
		return c, nil
	}))
}
