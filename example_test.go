package interconnect_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// exampleSpec is a spec for the world newExampleWorld makes.
const exampleSpec = `
name: ora-link
bandwidth: 1Gbps
azure:
  subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  gateway:
    subnetPrefix: 10.10.255.0/27
oci:
  region: us-ashburn-1
  compartmentId: ocid1.compartment.oc1..aaaaaaaaexamplecompartment
  vcnId: ocid1.vcn.oc1.iad.aaaaaaaaexamplevcn
peering:
  md5AuthKey: s3cret-bgp-key
`

// newExampleWorld returns an instant simulator (the zero Latency) holding the
// user's VNet in eastus and VCN in us-ashburn-1, and a Client on it.
func newExampleWorld() (*sim.World, *interconnect.Client) {
	w := sim.New(sim.WithLatency(sim.Latency{}))
	w.AddVirtualNetwork(sim.VirtualNetwork{
		SubscriptionID: "0b1f6471-1bf0-4dda-aec3-111122223333",
		ResourceGroup:  "rg-network", Name: "vnet-app", Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
		Subnets:      map[string]netip.Prefix{"apps": netip.MustParsePrefix("10.10.1.0/24")},
	})
	w.AddVCN(sim.VCN{
		ID:            "ocid1.vcn.oc1.iad.aaaaaaaaexamplevcn",
		CompartmentID: "ocid1.compartment.oc1..aaaaaaaaexamplecompartment",
		Region:        "us-ashburn-1",
		CIDRs:         []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")},
	})
	c := interconnect.New(w.Azure(), w.OCI(), interconnect.WithPollInterval(time.Millisecond))
	return w, c
}

func mustParse(yaml string) interconnect.Spec {
	s, err := interconnect.ParseSpec([]byte(yaml))
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func ExampleParseSpec() {
	s, err := interconnect.ParseSpec([]byte(exampleSpec))
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Name, s.Bandwidth, s.Azure.Region, "↔", s.OCI.Region)
	fmt.Println("md5AuthKey:", s.Peering.MD5AuthKey) // secrets print redacted

	// The spec as the library uses it, defaults filled in.
	eff := s.WithDefaults(nil)
	fmt.Println("peering location:", eff.Azure.PeeringLocation)
	fmt.Println("gateway:", eff.Azure.Gateway.Name, eff.Azure.Gateway.SKU, "fastPath:", eff.Azure.FastPathEnabled())
	fmt.Println("pool:", eff.Peering.Pool)

	// Unknown keys are errors, with their line and a suggestion.
	_, err = interconnect.ParseSpec([]byte("name: ora-link\nbandwith: 1Gbps\n"))
	fmt.Println(err != nil)
	// Output:
	// ora-link 1Gbps eastus ↔ us-ashburn-1
	// md5AuthKey: (sensitive)
	// peering location: Washington DC
	// gateway: ora-link-ergw ErGw3AZ fastPath: true
	// pool: 192.168.240.0/24
	// true
}

func ExampleClient_Plan() {
	_, c := newExampleWorld()
	p, err := c.Plan(context.Background(), mustParse(exampleSpec))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Summarize()) // every step counts once: the parts add up to the total
	for _, s := range p.Steps {
		fmt.Printf("%-7s %s\n", s.Action, s.ID)
	}
	path, _ := p.CriticalPath(plan.EstimatedDuration)
	fmt.Println("critical path:", path)
	// Output:
	// 11 steps, 8 to create, 1 to update, 0 to delete, 2 to wait for, 0 unchanged
	// create  azure/gateway-subnet
	// create  azure/public-ip
	// create  azure/gateway
	// create  azure/circuit
	// wait    azure/private-peering
	// create  azure/connection
	// create  oci/drg
	// create  oci/drg-attachment
	// update  oci/route-rules
	// create  oci/virtual-circuit
	// wait    oci/bgp-session
	// critical path: [azure/gateway-subnet azure/gateway azure/connection]
}

func ExampleClient_Apply() {
	ctx := context.Background()
	_, c := newExampleWorld()
	s := mustParse(exampleSpec)
	p, err := c.Plan(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Apply(ctx, p)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res.Steps {
		fmt.Printf("%-22s %-7s %s\n", r.ID, r.Action, r.Outcome)
	}
	fmt.Println(res.Summary())

	// Applying is idempotent: a new plan finds nothing left to do.
	again, err := c.Plan(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("mutations after apply:", again.Mutations())
	// Output:
	// azure/gateway-subnet   create  created
	// azure/public-ip        create  created
	// azure/gateway          create  created
	// azure/circuit          create  created
	// azure/private-peering  wait    configured by the provider
	// azure/connection       create  created
	// oci/drg                create  created
	// oci/drg-attachment     create  created
	// oci/route-rules        update  1 route rule in place in 1 table
	// oci/virtual-circuit    create  created
	// oci/bgp-session        wait    BGP is up
	// 11 steps, 11 done, 0 failed, 0 not run, 0 unchanged
	// mutations after apply: 0
}

func ExampleClient_Verify() {
	ctx := context.Background()
	_, c := newExampleWorld()
	s := mustParse(exampleSpec)

	// Before Apply, Verify reports what is missing: a Report, not an error.
	before, err := c.Verify(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	first := before.Failed()[0]
	fmt.Printf("before apply: ok=%t, %d checks failed; first %s: %s\n", before.OK(), len(before.Failed()), first.Name, first.Hint)

	p, err := c.Plan(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		log.Fatal(err)
	}
	rep, err := c.Verify(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	for _, ch := range rep.Checks {
		fmt.Printf("%-4s %s\n", ch.Status, ch.Name)
	}
	fmt.Println("ok:", rep.OK())
	// Output:
	// before apply: ok=false, 7 checks failed; first azure.circuit: run apply to create or repair it
	// pass azure.circuit
	// pass azure.circuit.bandwidth
	// pass oci.virtual-circuit
	// pass oci.bgp
	// pass azure.peering
	// pass azure.arp.primary
	// pass azure.routes.primary
	// pass azure.arp.secondary
	// pass azure.routes.secondary
	// pass azure.gateway
	// pass azure.gateway.learned-routes
	// pass azure.connection
	// pass azure.connection.fastpath
	// pass oci.drg-attachment
	// pass oci.route-rules
	// pass interconnect.resiliency
	// ok: true
}

func ExampleClient_PlanDestroy() {
	ctx := context.Background()
	_, c := newExampleWorld()
	s := mustParse(exampleSpec)
	p, err := c.Plan(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		log.Fatal(err)
	}
	d, err := c.PlanDestroy(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	order, _ := d.Order()
	for _, id := range order {
		st, _ := d.Step(id)
		fmt.Printf("%-7s %s\n", st.Action, id)
	}
	if _, err := c.Apply(ctx, d); err != nil {
		log.Fatal(err)
	}
	// Output:
	// delete  azure/connection
	// delete  oci/virtual-circuit
	// wait    azure/circuit-deprovisioned
	// delete  azure/private-peering
	// delete  azure/circuit
	// update  oci/route-rules
	// delete  oci/drg-attachment
	// delete  oci/drg
	// delete  azure/gateway
	// delete  azure/public-ip
	// delete  azure/gateway-subnet
}

func ExampleClient_Watch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, c := newExampleWorld()
	s := mustParse(exampleSpec)
	p, err := c.Plan(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		log.Fatal(err)
	}

	ckt, err := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
	if err != nil {
		log.Fatal(err)
	}

	// A Client that also reads both clouds' metrics.
	watcher := interconnect.New(w.Azure(), w.OCI(), interconnect.WithMetrics(w.AzureMetrics(), w.OCIMetrics()))
	err = watcher.Watch(ctx, s, interconnect.WatchOptions{Interval: 10 * time.Millisecond}, func(o interconnect.Observation) {
		switch o.Round {
		case 1:
			fmt.Printf("round 1: %d checks, ok=%v, %d new\n", len(o.Report.Checks), o.Report.OK(), len(o.Changes))
			// The provider's secondary link fails.
			if err := w.BreakPath(ckt.ID, azure.Secondary); err != nil {
				log.Fatal(err)
			}
		case 2:
			for _, ch := range o.Changes {
				fmt.Printf("round 2: %s %s → %s\n", ch.Check.Name, ch.Was, ch.Check.Status)
			}
			cancel()
		}
	})
	fmt.Println("Watch returned:", err)
	// Output:
	// round 1: 16 checks, ok=true, 16 new
	// round 2: azure.arp.secondary pass → fail
	// round 2: azure.routes.secondary pass → fail
	// Watch returned: context canceled
}
