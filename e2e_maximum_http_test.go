package interconnect

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestEndToEndMaximumHTTP runs maximum resiliency as in production, over
// armclient and ociclient speaking HTTPS to the simulator's faces: plan,
// apply, verify, a drill (the failover simulation's start, list, stop and
// details over ARM), and destroy.
func TestEndToEndMaximumHTTP(t *testing.T) {
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
	s := maxSpec(t, "")
	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	t.Logf("Apply of maximum resiliency over both adapters: %s", time.Since(start))
	if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
		t.Fatalf("Verify: %v %+v", err, rep.Failed())
	}
	rep, err := c.Drill(ctx, s, "Washington DC2", DrillOptions{Hold: time.Minute / httpScale, StopTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Test == nil || !rep.Test.WasSimulationSuccessful {
		t.Fatalf("drill: %+v (test %+v)", rep, rep.Test)
	}
	if p2, err := c.Plan(ctx, s); err != nil || p2.Mutations() != 0 {
		t.Fatalf("re-plan: %v, %d mutations", err, p2.Mutations())
	}
	pd, err := c.PlanDestroy(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, pd); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if pd2, err := c.PlanDestroy(ctx, s); err != nil || pd2.Mutations() != 0 {
		t.Fatalf("after teardown: %v, %d mutations", err, pd2.Mutations())
	}
}
