package interconnect

import (
	"context"
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
	az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, arm.ClientOptions(), armclient.WithPollFrequency(armclient.DefaultPollFrequency/httpScale))
	if err != nil {
		t.Fatal(err)
	}
	oc, err := ociclient.NewClient(ocs.ConfigProvider(), ociclient.WithEndpoint(ocs.URL()), ociclient.WithHTTPClient(ocs.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	c := New(az, oc, WithPollInterval(simPoll/httpScale))
	s := simSpec(t, "peering: {md5AuthKey: both-adapters-md5}")

	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	armMark, ociMark := arm.Stats(), len(ocs.Requests())
	start := time.Now()
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	t.Logf("Apply over both adapters: %s; ARM %s; OCI %d requests (%s)", time.Since(start), arm.Stats().Sub(armMark),
		len(ocs.Requests())-ociMark, ociface.FormatCounts(ocs.CountsSince(ociMark)))
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
