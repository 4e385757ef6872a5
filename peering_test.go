package interconnect

import (
	"context"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/mock/gomock"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/ipam"
	"github.com/azoci/interconnect/plan"
)

// peeringRunner is a runner for one interconnect over mocks, for exercising
// the private-peering step alone: the step as Plan makes it, in a plan that
// holds the MD5 key.
func peeringRunner(t *testing.T, az azure.Network, c *Client) (*runner, *stepCtx) {
	s := mockSpec(t).WithDefaults(nil)
	s.Peering.MD5AuthKey = "bgp-md5"
	p, sec, err := ipam.AllocatePair(netip.MustParsePrefix("192.168.240.0/24"), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &decision{spec: s, n: namesFor(s)}
	sd := &siteDecision{siteState: &siteState{site: sitesFor(s)[0]}, primary: p, secondary: sec}
	step := plan.Step{ID: StepPeering, Action: plan.Wait, Kind: kindPeering, Resource: d.circuitIDOf(sd.site) + "/peerings/AzurePrivatePeering",
		Changes: d.peeringChanges(sd), Estimate: estimates[kindPeering]}
	pl := &plan.Plan{Name: s.Name, Steps: []plan.Step{step}}
	pl.SetSecret(secretMD5, s.Peering.MD5AuthKey)
	r := &runner{c: c, p: pl, out: map[string]output{}}
	return r, &stepCtx{r: r, step: step, started: time.Now()}
}

// TestPeeringIsMadeByHandAfterTheGracePeriod: when Oracle has not configured
// the private peering after the grace period, the library makes it with the
// virtual circuit's /30s, Oracle's ASN, the VLAN and the MD5 key — polling at
// the poll interval meanwhile, and nothing more.
func TestPeeringIsMadeByHandAfterTheGracePeriod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		az, oc := newMocks(t)
		c := New(az, oc, WithPollInterval(15*time.Second), WithPeeringGracePeriod(10*time.Minute))
		r, sc := peeringRunner(t, az, c)
		start := time.Now()
		// Polls at 0s, 15s, ..., 600s, then the re-read before the write.
		az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(azure.PrivatePeering{}, azNotFound).Times(600/15 + 2)
		az.EXPECT().PutPrivatePeering(gomock.Any(), mockRG, "ora-link-er", azure.PrivatePeering{
			PeerASN: 31898, PrimaryPrefix: netip.MustParsePrefix("192.168.240.0/30"), SecondaryPrefix: netip.MustParsePrefix("192.168.240.4/30"),
			VLAN: 100, SharedKey: "bgp-md5",
		}).Return(azure.PrivatePeering{State: azure.Succeeded}, nil)
		outcome, err := r.ensurePeering(context.Background(), sc)
		if err != nil {
			t.Fatal(err)
		}
		if outcome != "created by hand after the grace period" || time.Since(start) != 10*time.Minute {
			t.Fatalf("outcome %q after %s", outcome, time.Since(start))
		}
		if sc.polls != 600/15+1 {
			t.Errorf("polls = %d, want %d", sc.polls, 600/15+1)
		}
	})
}

// TestPeeringConfiguredByTheProviderIsNeverOverwritten: once Oracle's peering
// shows up, the step ends without writing (the mock fails on any Put).
func TestPeeringConfiguredByTheProviderIsNeverOverwritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		az, oc := newMocks(t)
		c := New(az, oc, WithPollInterval(15*time.Second), WithPeeringGracePeriod(10*time.Minute))
		r, sc := peeringRunner(t, az, c)
		absent := az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(azure.PrivatePeering{}, azNotFound).Times(4)
		az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").
			Return(azure.PrivatePeering{PrimaryPrefix: netip.MustParsePrefix("10.99.0.0/30"), LastModifiedBy: "ServiceProvider", State: azure.Succeeded}, nil).After(gcall(absent))
		outcome, err := r.ensurePeering(context.Background(), sc)
		if err != nil || outcome != "configured by the provider" {
			t.Fatalf("ensurePeering = %q, %v", outcome, err)
		}
	})
}
