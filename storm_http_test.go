package interconnect

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/internal/faultproxy"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
	"github.com/azoci/interconnect/sim/ociface"
)

// stormRuns is how many rounds TestNetworkStormThroughAdapters runs:
// -storm.runs, else $AZOCI_STORM_RUNS, else 2 (the suite must stay fast; the
// figure in the README of issue 16 is from 200).
var stormRuns = flag.Int("storm.runs", 0, "rounds of TestNetworkStormThroughAdapters (default $AZOCI_STORM_RUNS, else 2)")

// stormRate is the share of requests the proxies fault.
const stormRate = 0.05

// armPoll tells ARM's operation polls (Azure-AsyncOperation and Location
// URLs of the face).
func armPoll(r *http.Request) bool {
	return r.Method == http.MethodGet && (strings.Contains(r.URL.Path, "/operations/") || strings.Contains(r.URL.Path, "/operationResults/"))
}

// stormRound is what one round of the storm saw.
type stormRound struct {
	firstTry bool     // Plan and Apply succeeded at once
	errs     []string // the errors of the attempts that failed
	arm, oci faultproxy.Stats
}

// TestNetworkStormThroughAdapters runs greenfield Plan and Apply rounds
// through both real adapters, armclient over sim/armface and ociclient over
// sim/ociface, each behind a faultproxy that faults 5% of the requests by a
// seeded schedule: 429 and 503 with Retry-After (1 s), 500/502/504, TCP
// resets, connections closed before the answer, bodies cut in half, slow
// answers and, on ARM, failed operation polls. Every round must converge
// with exactly one of each resource (a round that fails is planned and
// applied again); the log says how many applied at the first try, the
// faults by kind, and how many Retry-After answers the client honoured. The
// SDKs' retry policies are their defaults (the ARM face's test options:
// 3 retries), so the figures are what a user would meet.
func TestNetworkStormThroughAdapters(t *testing.T) {
	runs := *stormRuns
	if runs <= 0 {
		runs, _ = strconv.Atoi(os.Getenv("AZOCI_STORM_RUNS"))
	}
	if runs <= 0 {
		runs = 2
	}
	rounds := make([]stormRound, runs)
	start := time.Now()
	t.Run("rounds", func(t *testing.T) {
		for i := range runs {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				rounds[i] = stormRoundThroughAdapters(t, uint64(i))
			})
		}
	})

	var arm, oc faultproxy.Stats
	firstTry := 0
	var errs []string
	for _, r := range rounds {
		arm.Add(r.arm)
		oc.Add(r.oci)
		if r.firstTry {
			firstTry++
		}
		errs = append(errs, r.errs...)
	}
	var all faultproxy.Stats
	all.Add(arm)
	all.Add(oc)
	t.Logf("%d rounds in %s; Plan and Apply succeeded at the first try in %d of %d", runs, time.Since(start).Round(time.Second), firstTry, runs)
	t.Logf("ARM: %s", arm)
	t.Logf("OCI: %s", oc)
	t.Logf("Retry-After answers: %d; the next request to the same host (any request: the SDKs wait per request, so others go on) came no sooner than asked after %d of %d; "+
		"the same request (method and path) came again no sooner than asked after %d of %d", all.RetryAfters, all.HostHonoured, all.HostFollowed, all.RetryHonoured, all.RetryFollowed)
	slices.Sort(errs)
	for i, e := range slices.Compact(errs) {
		if i == 10 {
			t.Logf("  … %d more", len(slices.Compact(errs))-10)
			break
		}
		t.Logf("  a failed attempt: %s", e)
	}
	if all.RetryHonoured != all.RetryFollowed {
		t.Errorf("%d times the same request came again sooner than its Retry-After asked", all.RetryFollowed-all.RetryHonoured)
	}
}

// stormRoundThroughAdapters runs one round: a world, both faces behind
// proxies seeded with seed, and Plan and Apply until the interconnect is up
// (at most 4 tries).
func stormRoundThroughAdapters(t *testing.T, seed uint64) stormRound {
	ctx := context.Background()
	w := seedWorld(sim.WithTenancy(ociface.TestTenancy), sim.WithLatency(sim.DefaultLatency().Scaled(1.0/httpScale)))
	arm := armface.NewTLSServer(w)
	defer arm.Close()
	ocs := ociface.NewServer(w)
	defer ocs.Close()
	armOpts := arm.ClientOptions()
	armPx, err := faultproxy.Start(arm.URL(), armOpts.Transport.(*http.Client).Transport, faultproxy.Config{
		Seed: 2 * seed, Rate: stormRate, IsPoll: armPoll, ErrorBody: faultproxy.ARMError})
	if err != nil {
		t.Fatal(err)
	}
	defer armPx.Close()
	ociPx, err := faultproxy.Start(ocs.URL(), ocs.HTTPClient().Transport, faultproxy.Config{Seed: 2*seed + 1, Rate: stormRate})
	if err != nil {
		t.Fatal(err)
	}
	defer ociPx.Close()

	armOpts.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: armPx.URL() + "/",
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{cloud.ResourceManager: {Endpoint: armPx.URL(), Audience: armface.Audience}}}
	armOpts.Transport = armPx.Client()
	az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, armOpts, armclient.WithPollFrequency(armclient.DefaultPollFrequency/httpScale))
	if err != nil {
		t.Fatal(err)
	}
	oc, err := ociclient.NewClient(ocs.ConfigProvider(), ociclient.WithEndpoint(ociPx.URL()), ociclient.WithHTTPClient(ociPx.Client()))
	if err != nil {
		t.Fatal(err)
	}
	c := New(az, oc, WithPollInterval(simPoll/httpScale))
	s := simSpec(t, "")

	var r stormRound
	for try := range 4 {
		p, err := c.Plan(ctx, s)
		if err == nil {
			_, err = c.Apply(ctx, p)
		}
		if err == nil {
			r.firstTry = try == 0
			break
		}
		r.errs = append(r.errs, fmt.Sprintf("round %d, try %d: %v", seed, try+1, err))
	}
	r.arm, r.oci = armPx.Stats(), ociPx.Stats()
	if inv := takeInventory(t, w, s); inv != complete {
		t.Errorf("round %d: after %d tries: %+v, want one of each; errors %q", seed, len(r.errs)+1, inv, r.errs)
	}
	return r
}
