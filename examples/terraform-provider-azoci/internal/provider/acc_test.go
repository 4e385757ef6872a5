package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simfile"
	"github.com/azoci/interconnect/sim"
)

// stateAttr reads one attribute of the link from the state into *v.
func stateAttr(name string, v *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[accAddress]
		if !ok {
			return fmt.Errorf("%s not in state", accAddress)
		}
		*v = rs.Primary.Attributes[name]
		return nil
	}
}

// (1) Create, then an empty plan; and (6) destroy, with nothing left that
// the library owned, and the networks it was given still there.
func TestAccCreateThenEmptyPlanThenDestroy(t *testing.T) {
	w := newAccWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: func(*terraform.State) error {
			inv := w.inventory(accSpec())
			if inv.Exists || len(inv.Locations) > 0 || inv.DRGID != "" || inv.GatewayID != "" {
				return fmt.Errorf("after destroy the clouds still hold %+v", inv)
			}
			var err error
			w.edit(func(ctx context.Context, world *sim.World) {
				if _, e := world.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app"); e != nil {
					err = fmt.Errorf("the VNet the interconnect was given is gone: %v", e)
				}
				if _, e := world.OCI().GetVCN(ctx, accVCN); e != nil {
					err = fmt.Errorf("the VCN the interconnect was given is gone: %v", e)
				}
			})
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: w.config(nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(accAddress, "in_sync", "true"),
					resource.TestCheckResourceAttr(accAddress, "id", accSub+"/rg-network/ora-link/"+accComp),
					resource.TestCheckResourceAttr(accAddress, "circuit_id", accSpec().CircuitID()),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.#", "1"),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.0", "Washington DC"),
					resource.TestCheckResourceAttr(accAddress, "bgp_primary", "192.168.240.0/30"),
					resource.TestCheckResourceAttr(accAddress, "bgp_secondary", "192.168.240.4/30"),
					resource.TestCheckResourceAttrSet(accAddress, "service_key"),
					resource.TestMatchResourceAttr(accAddress, "gateway_id", regexp.MustCompile(`/virtualNetworkGateways/ora-link-ergw$`)),
					resource.TestMatchResourceAttr(accAddress, "connection_id", regexp.MustCompile(`/connections/ora-link-conn$`)),
					resource.TestMatchResourceAttr(accAddress, "drg_id", regexp.MustCompile(`^ocid1\.drg\.`)),
					resource.TestMatchResourceAttr(accAddress, "virtual_circuit_id", regexp.MustCompile(`^ocid1\.virtualcircuit\.`)),
					func(*terraform.State) error {
						if inv := w.inventory(accSpec()); !inv.Exists || len(inv.Locations) != 1 || inv.Locations[0].VirtualCircuitID == "" {
							return fmt.Errorf("the clouds hold %+v", inv)
						}
						return nil
					},
				),
			},
			{
				// The same configuration again: nothing to do.
				Config:   w.config(nil, ""),
				PlanOnly: true,
			},
		},
	})
}

// (2) Drift repaired: the route rules removed by hand; a refresh finds the
// interconnect out of sync, the plan shows an update, apply repairs it, and
// the plan is empty again.
func TestAccDriftRepaired(t *testing.T) {
	w := newAccWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(nil, "")},
			{
				PreConfig:    func() { w.edit(removeRouteRules(t)) },
				RefreshState: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionUpdate)},
				},
				Check:              resource.TestCheckResourceAttr(accAddress, "in_sync", "false"),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: w.config(nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(accAddress, "in_sync", "true"),
					func(*terraform.State) error {
						var err error
						w.edit(func(ctx context.Context, world *sim.World) {
							vcn, _ := world.OCI().GetVCN(ctx, accVCN)
							rt, e := world.OCI().GetRouteTable(ctx, vcn.DefaultRouteTableID)
							if e != nil || len(rt.Rules) == 0 {
								err = fmt.Errorf("route rules not repaired: %+v %v", rt.Rules, e)
							}
						})
						return err
					},
				),
			},
		},
	})
}

// (3) An in-place change: bandwidth up. The circuit is the same (same
// service key) at the new bandwidth.
func TestAccBandwidthUpInPlace(t *testing.T) {
	w := newAccWorld(t)
	var key1, key2 string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(nil, ""), Check: stateAttr("service_key", &key1)},
			{
				Config: w.config(map[string]string{"bandwidth": `"2Gbps"`}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateAttr("service_key", &key2),
					func(*terraform.State) error {
						if key1 == "" || key1 != key2 {
							return fmt.Errorf("the circuit was remade: service key %q, then %q", key1, key2)
						}
						var err error
						w.edit(func(ctx context.Context, world *sim.World) {
							c, e := world.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
							if e != nil || c.BandwidthMbps != 2000 {
								err = fmt.Errorf("circuit at %d Mbps (%v), want 2000", c.BandwidthMbps, e)
							}
						})
						return err
					},
				),
			},
		},
	})
}

// (4) Changes that must replace: the bandwidth lowered (the library
// refuses it: Azure cannot lower a circuit's bandwidth), then the peering
// location moved. Each tears the interconnect down and builds it again: a
// new circuit, with a new service key.
func TestAccReplace(t *testing.T) {
	w := newAccWorld(t)
	var key1, key2, key3 string
	replaced := func(a, b *string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if *a == "" || *a == *b {
				return fmt.Errorf("service key %q, then %q: the circuit was not remade", *a, *b)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(map[string]string{"bandwidth": `"2Gbps"`}, ""), Check: stateAttr("service_key", &key1)},
			{
				Config: w.config(nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(stateAttr("service_key", &key2), replaced(&key1, &key2),
					resource.TestCheckResourceAttr(accAddress, "in_sync", "true")),
			},
			{
				Config: w.config(map[string]string{"azure": fmt.Sprintf(`{
    subscription_id  = %q
    resource_group   = "rg-network"
    region           = "eastus"
    virtual_network  = "vnet-app"
    peering_location = "Washington DC2"
  }`, accSub)}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(stateAttr("service_key", &key3), replaced(&key2, &key3),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.0", "Washington DC2")),
			},
		},
	})
}

// (5) Import, by the command (the state read back equals the state the
// create wrote) and by an import block (the first plan is empty).
func TestAccImport(t *testing.T) {
	w := newAccWorld(t)
	full := map[string]string{
		"tags":    `{ env = "prod" }`,
		"peering": `{ md5_auth_key = "s3cret-md5" }`,
		"azure": fmt.Sprintf(`{
    subscription_id = %q
    resource_group  = "rg-network"
    region          = "eastus"
    virtual_network = "vnet-app"
    fast_path       = false
    gateway         = { sku = "ErGw2AZ" }
  }`, accSub),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(full, "")},
			{
				Config:                  w.config(full, ""),
				ResourceName:            accAddress,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config:          w.config(full, ""),
				ResourceName:    accAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// (7) Bad configurations: the error is on the attribute at fault. First
// an offline check (ValidateConfig), then one that needs the clouds (the
// library's Plan, in ModifyPlan): a VNet and a VCN that overlap.
func TestAccBadConfig(t *testing.T) {
	w := newAccWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: w.config(map[string]string{"azure": fmt.Sprintf(`{
    subscription_id = %q
    resource_group  = "rg-network"
    region          = "eastus"
    virtual_network = "vnet-app"
    gateway         = { subnet_prefix = "10.10.255.0/28" }
  }`, accSub)}, ""),
				// OpenTofu points at the resource for an attribute inside an
				// object; the detail names the attribute's path.
				ExpectError: regexp.MustCompile(`(?s)Error: Invalid interconnect.*azure\.gateway\.subnet_prefix: 10\.10\.255\.0/28 is smaller than\s+the /27`),
			},
			{
				PreConfig: func() {
					w.edit(func(_ context.Context, world *sim.World) {
						world.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: accSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
							AddressSpace: []netipPrefix{mustPrefix("10.1.0.0/16")}, Subnets: map[string]netipPrefix{"GatewaySubnet": mustPrefix("10.1.255.0/27")}})
						world.AddVCN(sim.VCN{ID: accVCN, CompartmentID: accComp, Region: "us-ashburn-1", CIDRs: []netipPrefix{mustPrefix("10.1.0.0/16")}})
					})
				},
				Config:      w.config(nil, ""),
				ExpectError: regexp.MustCompile(`(?s)Error: The interconnect cannot be planned.*oci\.vcn_id: ocid1\.vcn\S* CIDR 10\.1\.0\.0/16 of.*overlaps address space\s+10\.1\.0\.0/16 of VNet vnet-app`),
			},
		},
	})
}

// (8) The health data source: every check passes on a built interconnect;
// with one path broken at the provider, ok turns false and the failing
// check says why and what to do.
func TestAccHealth(t *testing.T) {
	w := newAccWorld(t)
	health := `
data "azoci_interconnect_health" "link" {
  name      = azoci_interconnect.link.name
  bandwidth = azoci_interconnect.link.bandwidth
  azure     = azoci_interconnect.link.azure
  oci       = azoci_interconnect.link.oci
  peering   = azoci_interconnect.link.peering
}
`
	const ds = "data.azoci_interconnect_health.link"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: w.config(nil, health),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "ok", "true"),
					resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`^\d+ checks, \d+ pass, 0 warn, 0 fail$`)),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "oci.bgp", "status": "pass"}),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "azure.arp.secondary", "status": "pass"}),
				),
			},
			{
				PreConfig: func() {
					w.edit(func(_ context.Context, world *sim.World) {
						if err := world.BreakPath(accSpec().CircuitID(), azure.Secondary); err != nil {
							t.Fatal(err)
						}
					})
				},
				Config: w.config(nil, health),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "ok", "false"),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "azure.arp.secondary", "status": "fail"}),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "azure.arp.primary", "status": "pass"}),
				),
			},
		},
	})
}

// A failed create saves what it built, and the next apply resumes it: the
// connection's creation fails in Azure (an injected QuotaExceeded); the
// interconnect is recorded, tainted; the next apply replaces the tainted
// object by resuming it, so the circuit is the same one (same service key)
// and nothing is built twice.
func TestAccFailedCreateResumes(t *testing.T) {
	w := newAccWorld(t)
	var before, after string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					w.edit(func(_ context.Context, world *sim.World) {
						world.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutConnection", Count: 1, Kind: sim.AsyncFailure, Code: "QuotaExceeded"})
					})
				},
				Config:      w.config(nil, ""),
				ExpectError: regexp.MustCompile(`(?s)Applying the interconnect failed.*QuotaExceeded.*the next apply resumes where this one stopped`),
			},
			{
				PreConfig: func() {
					inv := w.inventory(accSpec())
					l, ok := inv.Location(0)
					if !inv.Exists || !ok || l.CircuitID == "" || l.VirtualCircuitID == "" {
						t.Fatalf("after the failed create the clouds hold %+v", inv)
					}
					before = l.ServiceKey.Reveal()
				},
				Config: w.config(nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(accAddress, "in_sync", "true"),
					resource.TestCheckResourceAttrSet(accAddress, "connection_id"),
					stateAttr("service_key", &after),
					func(*terraform.State) error {
						if before == "" || after != before {
							return fmt.Errorf("service key %q before, %q after: the circuit was remade instead of resumed", before, after)
						}
						return nil
					},
				),
			},
		},
	})
}

// Maximum resiliency: a circuit at each of the pair's two locations, the
// second described by second_location; back to standard in place (the
// first location's circuit stays), then imported back as it is.
func TestAccMaximumResiliency(t *testing.T) {
	w := newAccWorld(t)
	maximum := map[string]string{"resiliency": `"maximum"`}
	health := `
data "azoci_interconnect_health" "link" {
  name       = azoci_interconnect.link.name
  bandwidth  = azoci_interconnect.link.bandwidth
  resiliency = azoci_interconnect.link.resiliency
  azure      = azoci_interconnect.link.azure
  oci        = azoci_interconnect.link.oci
}
`
	const ds = "data.azoci_interconnect_health.link"
	var key1, key2 string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: w.config(maximum, health),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "ok", "true"),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "interconnect.resiliency", "status": "pass"}),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "checks.*", map[string]string{"name": "oci.bgp", "location": "Washington DC2", "status": "pass"}),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.#", "2"),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.1", "Washington DC2"),
					resource.TestCheckResourceAttr(accAddress, "second_location.peering_location", "Washington DC2"),
					resource.TestMatchResourceAttr(accAddress, "second_location.circuit_id", regexp.MustCompile(`/expressRouteCircuits/ora-link-er-2$`)),
					resource.TestMatchResourceAttr(accAddress, "second_location.connection_id", regexp.MustCompile(`/connections/ora-link-conn-2$`)),
					resource.TestCheckResourceAttrSet(accAddress, "second_service_key"),
					resource.TestCheckResourceAttr(accAddress, "second_location.bgp_primary", "192.168.240.8/30"),
					stateAttr("service_key", &key1),
				),
			},
			{
				Config: w.config(maximum, health), ResourceName: accAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			},
			{
				Config: w.config(nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(accAddress, "second_location.circuit_id"),
					resource.TestCheckResourceAttr(accAddress, "peering_locations.#", "1"),
					stateAttr("service_key", &key2),
					func(*terraform.State) error {
						if key1 == "" || key1 != key2 {
							return fmt.Errorf("the first location's circuit changed: %q, then %q", key1, key2)
						}
						if inv := w.inventory(accSpec()); len(inv.Locations) != 1 {
							return fmt.Errorf("after going back to standard the clouds hold %d locations", len(inv.Locations))
						}
						return nil
					},
				),
			},
		},
	})
}

// An interconnect torn down outside OpenTofu (here by the library itself)
// is gone from the state at the next refresh, and the plan creates it again.
func TestAccGoneIsRemovedFromState(t *testing.T) {
	w := newAccWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(nil, "")},
			{
				PreConfig: func() {
					w.edit(func(ctx context.Context, world *sim.World) {
						c := interconnect.New(world.Azure(), world.OCI(), simfile.ClientOptions(accScale)...)
						p, err := c.PlanDestroy(ctx, accSpec())
						if err != nil {
							t.Fatal(err)
						}
						if _, err := c.Apply(ctx, p); err != nil {
							t.Fatal(err)
						}
					})
				},
				RefreshState: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[accAddress]; ok {
						return fmt.Errorf("%s is still in the state", accAddress)
					}
					return nil
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// A failed update records what was done (in_sync false, not tainted) and
// the next apply resumes it in place: the circuit's bandwidth change fails
// in Azure (an injected QuotaExceeded), then succeeds on the next apply.
func TestAccFailedUpdateResumes(t *testing.T) {
	w := newAccWorld(t)
	twoGbps := map[string]string{"bandwidth": `"2Gbps"`}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: w.config(nil, "")},
			{
				PreConfig: func() {
					w.edit(func(_ context.Context, world *sim.World) {
						world.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutCircuit", Count: 1, Kind: sim.AsyncFailure, Code: "QuotaExceeded"})
					})
				},
				Config:      w.config(twoGbps, ""),
				ExpectError: regexp.MustCompile(`(?s)Applying the interconnect failed.*QuotaExceeded.*in_sync = false.*resumes`),
			},
			{
				Config: w.config(twoGbps, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddress, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(accAddress, "in_sync", "true"),
					func(*terraform.State) error {
						var err error
						w.edit(func(ctx context.Context, world *sim.World) {
							c, e := world.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
							if e != nil || c.BandwidthMbps != 2000 {
								err = fmt.Errorf("circuit at %d Mbps (%v), want 2000", c.BandwidthMbps, e)
							}
						})
						return err
					},
				),
			},
		},
	})
}
