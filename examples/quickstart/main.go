// Command quickstart runs the whole interconnect job — plan, apply, verify,
// destroy — against the built-in simulator, with no credentials and no
// network. Simulated time runs 1000× faster than real time, so the
// 45-minute ExpressRoute gateway takes under three seconds.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// scale is how much faster than real time the simulator runs.
const scale = 1000

const spec = `
name: quickstart
bandwidth: 1Gbps
azure:
  subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  gateway: {subnetPrefix: 10.10.255.0/27}
oci:
  region: us-ashburn-1
  compartmentId: ocid1.compartment.oc1..aaaaaaaaquickstart
  vcnId: ocid1.vcn.oc1.iad.aaaaaaaaquickstartvcn
peering:
  md5AuthKey: quickstart-bgp-secret
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	s, err := interconnect.ParseSpec([]byte(spec))
	if err != nil {
		return err
	}

	// The simulated clouds: an existing VNet in eastus and VCN in us-ashburn-1.
	w := sim.New(sim.WithLatency(sim.DefaultLatency().Scaled(1.0 / scale)))
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: s.Azure.SubscriptionID, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
		Subnets:      map[string]netip.Prefix{"apps": netip.MustParsePrefix("10.10.1.0/24")}})
	w.AddVCN(sim.VCN{ID: s.OCI.VCNID, CompartmentID: s.OCI.CompartmentID, Region: "us-ashburn-1",
		CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
	fmt.Fprintln(out, "Simulated clouds: VNet vnet-app 10.10.0.0/16 (eastus), VCN 10.20.0.0/16 (us-ashburn-1).")

	start := time.Now()
	sim := func() string { return simMinutes(time.Since(start)) }
	// The simulator tells the client how often to poll it (15s/scale: see
	// sim.World.PollIntervalHint); the grace period is the library's own.
	c := interconnect.New(w.Azure(), w.OCI(),
		interconnect.WithPeeringGracePeriod(10*time.Minute/scale),
		interconnect.WithEvents(func(e interconnect.Event) {
			if e.Kind == interconnect.StepProgress && strings.HasPrefix(e.Message, "creating") {
				return // the started line already says it
			}
			fmt.Fprintf(out, "  [%s] %-8s %s\n", sim(), e.Kind, e.Message)
		}))

	p, err := c.Plan(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := p.WriteText(out, plan.TextOptions{}); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nApplying (simulated time runs %d× faster)...\n", scale)
	start = time.Now()
	res, err := c.Apply(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Applied in %s of simulated time: %s.\n\n", simMinutes(res.Duration()), res.Summary())

	rep, err := c.Verify(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Verification:")
	for _, ch := range rep.Checks {
		fmt.Fprintf(out, "  %-4s  %-28s %s\n", ch.Status, ch.Name, ch.Detail)
	}
	if !rep.OK() {
		return fmt.Errorf("verification failed")
	}

	fmt.Fprintln(out, "\nTimeline (simulated minutes; steps run as soon as what they need is done):")
	writeTimeline(out, res)
	path, critical := res.CriticalPath(p)
	var sequential time.Duration
	for _, r := range res.Steps {
		sequential += r.Duration()
	}
	fmt.Fprintf(out, "Critical path %s: %s (elapsed/critical path %.3f). One step after another would take %s.\n",
		strings.Join(path, " → "), simMinutes(critical), res.Ratio(p), simMinutes(sequential))

	pd, err := c.PlanDestroy(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := pd.WriteText(out, plan.TextOptions{}); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nDestroying...")
	start = time.Now()
	dres, err := c.Apply(ctx, pd)
	if err != nil {
		return err
	}
	dpath, dcritical := dres.CriticalPath(pd)
	fmt.Fprintf(out, "Destroyed in %s of simulated time: %s; the VNet and VCN are untouched.\n", simMinutes(dres.Duration()), dres.Summary())
	fmt.Fprintf(out, "Critical path %s: %s (elapsed/critical path %.3f).\n", strings.Join(dpath, " → "), simMinutes(dcritical), dres.Ratio(pd))
	return nil
}

// simMinutes renders a real duration as the simulated time it stands for.
func simMinutes(d time.Duration) string {
	s := d * scale
	return fmt.Sprintf("%dm%02ds", int(s.Minutes()), int(s.Seconds())%60)
}

// writeTimeline draws each step as a bar on a shared time axis.
func writeTimeline(out io.Writer, res *interconnect.Result) {
	const width = 50
	total := res.Duration()
	if total <= 0 {
		return
	}
	for _, r := range res.Steps {
		if r.Started.IsZero() || r.Duration() == 0 {
			continue
		}
		from := int(float64(r.Started.Sub(res.Started)) / float64(total) * width)
		n := max(1, int(float64(r.Duration())/float64(total)*width))
		n = min(n, width-from)
		bar := strings.Repeat(" ", from) + strings.Repeat("█", n)
		fmt.Fprintf(out, "  %-24s %-*s %s → %s\n", r.ID, width, bar, simMinutes(r.Started.Sub(res.Started)), simMinutes(r.Finished.Sub(res.Started)))
	}
}
