package interconnect

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure/armclient"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// The test in this file runs the whole job with the real Azure adapter
// (armclient.Client on armnetwork) talking HTTPS to the simulator's ARM face,
// and OCI through the simulator directly. HTTP cannot run in a synctest
// bubble, so latencies are the simulator's defaults divided by httpScale
// (a 40-minute gateway takes 1.2s) and the poll intervals with them.

const httpScale = 2000

// azureCalls counts the Azure calls the world served, and how many of them
// were writes.
func azureCalls(calls []sim.Call) (all, writes int) {
	for _, c := range calls {
		if c.Cloud == sim.CloudAzure {
			all++
			if c.Mutating {
				writes++
			}
		}
	}
	return all, writes
}

func TestEndToEndAzureHTTP(t *testing.T) {
	enginePoll := simPoll / httpScale
	tests := []struct {
		name string
		poll time.Duration // the adapter's PollUntilDone frequency
	}{
		// azcore's default 30s, scaled like the latencies.
		{"azcore default poll frequency (30s) scaled", armclient.DefaultPollFrequency / httpScale},
		// A 2-minute frequency, scaled: fewer polls, later ends.
		{"2m poll frequency scaled", 2 * time.Minute / httpScale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			w := seedWorld(sim.WithLatency(sim.DefaultLatency().Scaled(1.0 / httpScale)))
			face := armface.NewTLSServer(w)
			defer face.Close()
			az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, face.ClientOptions(), armclient.WithPollFrequency(tc.poll))
			if err != nil {
				t.Fatal(err)
			}
			c := New(az, w.OCI(), WithPollInterval(enginePoll))
			s := simSpec(t, "")

			p, err := c.Plan(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if _, writes := callCounts(w.Calls()); writes != 0 {
				t.Fatalf("Plan made %d writes", writes)
			}

			// The full Apply, counted in HTTP requests.
			mark, before := len(w.Calls()), face.Stats()
			start := time.Now()
			res, err := c.Apply(ctx, p)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			wall := time.Since(start)
			apply := face.Stats().Sub(before)
			simCalls, simWrites := azureCalls(w.Calls()[mark:])
			polls := 0
			for _, r := range res.Steps {
				polls += r.Polls
			}
			t.Logf("full Apply over HTTPS: wall %s, %d steps (%d mutations), adapter poll frequency %s, engine poll interval %s",
				wall.Round(time.Millisecond), len(p.Steps), p.Mutations(), tc.poll, enginePoll)
			t.Logf("full Apply HTTP requests: %s", apply)
			t.Logf("  GET resource %d, PUT %d, DELETE %d, operation-status polls %d, POST %d; the world served %d Azure calls (%d writes); the engine polled %d times",
				apply.ByKind[armface.KindGet], apply.ByKind[armface.KindPut], apply.ByKind[armface.KindDelete],
				apply.ByKind[armface.KindPoll], apply.ByKind[armface.KindPost], simCalls, simWrites, polls)
			if apply.ByKind[armface.KindPut]+apply.ByKind[armface.KindDelete] != simWrites {
				t.Errorf("%d PUT/DELETE requests for %d Azure writes the world served", apply.ByKind[armface.KindPut]+apply.ByKind[armface.KindDelete], simWrites)
			}
			for code, n := range apply.ByStatus {
				if code >= http.StatusInternalServerError || code == http.StatusUnauthorized {
					t.Errorf("%d answers with status %d", n, code)
				}
			}

			before = face.Stats()
			rep, err := c.Verify(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("Verify HTTP requests: %s", face.Stats().Sub(before))
			if !rep.OK() {
				t.Fatalf("Verify after Apply failed: %+v", rep.Failed())
			}

			// Re-plan: nothing to do, and its Apply writes nothing.
			p2, err := c.Plan(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if p2.Mutations() != 0 {
				t.Fatalf("re-plan has %d mutations: %+v", p2.Mutations(), p2.Steps)
			}
			before = face.Stats()
			if _, err := c.Apply(ctx, p2); err != nil {
				t.Fatal(err)
			}
			noop := face.Stats().Sub(before)
			t.Logf("no-op re-Apply HTTP requests: %s", noop)
			if n := noop.ByKind[armface.KindPut] + noop.ByKind[armface.KindDelete]; n != 0 {
				t.Errorf("the no-op Apply sent %d writes", n)
			}

			// Teardown.
			pd, err := c.PlanDestroy(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			mark, before = len(w.Calls()), face.Stats()
			start = time.Now()
			if _, err := c.Apply(ctx, pd); err != nil {
				t.Fatalf("destroy Apply: %v", err)
			}
			t.Logf("destroy Apply over HTTPS: wall %s; HTTP requests: %s", time.Since(start).Round(time.Millisecond), face.Stats().Sub(before))
			checkTeardownOrder(t, w.Calls()[mark:])
			pd2, err := c.PlanDestroy(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if pd2.Mutations() != 0 {
				t.Fatalf("after teardown, PlanDestroy still has %d mutations: %+v", pd2.Mutations(), pd2.Steps)
			}
			if _, err := az.GetVirtualNetwork(ctx, "rg-network", "vnet-app"); err != nil {
				t.Errorf("VNet gone after teardown: %v", err)
			}
			if total := face.Stats(); total.ByKind[armface.KindOther] != 0 {
				t.Errorf("requests for routes the face does not serve: %s", fmt.Sprint(total))
			}
		})
	}
}
