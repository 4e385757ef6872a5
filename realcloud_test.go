package interconnect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file cover what the real clouds do that a first real run
// would meet (the simulator models each; see sim/realcloud_test.go).

// TestInvalidatedRetryTokenCreatesOnceMore: the DRG attachment is deleted out
// of band; once it is DETACHED, and after OCI purges it too, the token that
// made it is invalidated (409 InvalidatedRetryToken: "an entity created with
// the same token has since been deleted", OCI "API Errors"). Apply derives
// the next token and creates exactly one new attachment.
func TestInvalidatedRetryTokenCreatesOnceMore(t *testing.T) {
	for _, purged := range []bool{false, true} {
		t.Run(map[bool]string{false: "detached", true: "purged"}[purged], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, c, s := applied(t)
				removeOurRules(t, w, c, s)
				atts, err := w.OCI().ListDRGAttachments(ctx, simComp, simVCN, "")
				if err != nil || len(atts) != 1 {
					t.Fatalf("attachments %+v, %v", atts, err)
				}
				if err := w.OCI().DeleteDRGAttachment(ctx, atts[0].ID); err != nil {
					t.Fatal(err)
				}
				time.Sleep(sim.DefaultLatency().DRGAttachment)
				if a, err := w.OCI().GetDRGAttachment(ctx, atts[0].ID); err != nil || a.State != oci.Detached {
					t.Fatalf("the deleted attachment: %+v, %v; want DETACHED", a, err)
				}
				if purged {
					w.PurgeDeleted()
				}

				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if a := actions(p)[StepDRGAttachment]; a != plan.Create {
					t.Fatalf("Plan: attachment %s, want create", a)
				}
				mark := len(w.Calls())
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				var creates, invalidated int
				for _, call := range w.Calls()[mark:] {
					if call.Operation == "CreateDRGAttachment" {
						creates++
						if oci.IsInvalidatedRetryToken(call.Err) {
							invalidated++
						}
					}
				}
				if creates != 2 || invalidated != 1 {
					t.Errorf("CreateDRGAttachment calls: %d, %d of them InvalidatedRetryToken; want 2 and 1", creates, invalidated)
				}
				if inv := takeInventory(t, w, s); inv != complete {
					t.Fatalf("after Apply: %+v, want one of each", inv)
				}
				atts, _ = w.OCI().ListDRGAttachments(ctx, simComp, simVCN, "")
				if len(atts) != 1 || atts[0].ID == "" {
					t.Fatalf("after Apply: %+v, want one attachment", atts)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("Verify: %v %+v", err, rep.Failed())
				}
			})
		})
	}
}

// failedSteps returns the IDs of the steps of res that failed (not skipped).
func failedSteps(res *Result) []string {
	var out []string
	for _, s := range res.Steps {
		if s.Err != nil && !s.Skipped {
			out = append(out, s.ID)
		}
	}
	return out
}

var _ = errors.New
var _ = strings.Contains

// TestHubDRGInAnotherCompartment: the spec names a DRG that lives in a
// network compartment, where the VCN is already attached to it. Plan adopts
// the attachment (no second attach, which OCI would refuse), Apply builds the
// rest on it, and destroy leaves both the DRG and the attachment.
func TestHubDRGInAnotherCompartment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		const network = "ocid1.compartment.oc1..aaaaaaaanetworkcompartment"
		w := seedWorld()
		hub := w.AddDRG(sim.DRG{CompartmentID: network, DisplayName: "hub-drg"})
		att := w.AddDRGAttachment(sim.DRGAttachment{DRGID: hub.ID, VCNID: simVCN, DisplayName: "hub-attachment"})
		c := newSimClient(w)
		s := simSpec(t, "")
		s.OCI.DRGID = hub.ID

		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(p); a[StepDRGAttachment] != plan.NoOp || a[StepDRG] != plan.NoOp {
			t.Fatalf("Plan: %v, want the DRG and its attachment used as they are", a)
		}
		if !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, att.ID) }) {
			t.Errorf("no plan note names the adopted attachment: %q", p.Notes)
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
		for _, call := range w.Calls() {
			if call.Operation == "CreateDRGAttachment" || call.Operation == "CreateDRG" {
				t.Errorf("Apply made a %s", call.Operation)
			}
		}

		d, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{StepDRGAttachment, StepDRG} {
			if a, ok := actions(d)[id]; ok {
				t.Errorf("destroy plans %s %s, which the user brought", a, id)
			}
		}
		if _, err := c.Apply(ctx, d); err != nil {
			t.Fatalf("destroy: %v", err)
		}
		got, err := w.OCI().GetDRGAttachment(ctx, att.ID)
		if err != nil || got.State != oci.Attached {
			t.Errorf("adopted attachment after destroy: %+v, %v", got, err)
		}
		if got, err := w.OCI().GetDRG(ctx, hub.ID); err != nil || got.State != oci.Available {
			t.Errorf("hub DRG after destroy: %+v, %v", got, err)
		}
	})
}

// statusless is an azure.Network whose connections report a fixed status:
// a real ExpressRoute connection may read Unknown (which the simulator also
// answers for a while after it is made) or nothing.
type statusless struct {
	azure.Network
	status string
}

func (n statusless) GetConnection(ctx context.Context, rg, name string) (azure.Connection, error) {
	c, err := n.Network.GetConnection(ctx, rg, name)
	c.Status = n.status
	return c, err
}

// TestConnectionHealthFromLearnedRoutes: a connection whose status reads
// Unknown or empty passes when the gateway learned the VCN's CIDRs from
// Oracle, and the check says which evidence it used; without those routes it
// fails, as does the learned-routes check of its own.
//
// The status "Unknown" is the simulator's own, for
// sim.Latency.ConnectionStatus after the connection is made; "" (a status
// ARM leaves out) comes from a decorator.
func TestConnectionHealthFromLearnedRoutes(t *testing.T) {
	for _, status := range []string{"", "Unknown"} {
		t.Run(fmt.Sprintf("status %q", status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, c, s := applied(t)
				if status == "" {
					c = New(statusless{w.Azure(), status}, w.OCI(), WithPollInterval(simPoll))
				}
				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				conn, routes := checkNamed(rep, "azure.connection"), checkNamed(rep, "azure.gateway.learned-routes")
				if !rep.OK() || conn.Status != Pass || routes.Status != Pass {
					t.Fatalf("Verify: %+v", rep.Checks)
				}
				if !strings.Contains(conn.Detail, "status "+orUnknown(status)) {
					t.Errorf("the connection's detail %q does not report status %s", conn.Detail, orUnknown(status))
				}
				if !strings.Contains(conn.Detail, "learned routes") || !strings.Contains(routes.Detail, "31898") {
					t.Errorf("details do not name the evidence: %q; %q", conn.Detail, routes.Detail)
				}

				// Both paths down: no routes, so neither passes.
				ckt, _ := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
				for _, p := range []azure.DevicePath{azure.Primary, azure.Secondary} {
					if err := w.BreakPath(ckt.ID, p); err != nil {
						t.Fatal(err)
					}
				}
				rep, err = c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				conn, routes = checkNamed(rep, "azure.connection"), checkNamed(rep, "azure.gateway.learned-routes")
				if conn.Status != Fail || routes.Status != Fail || routes.Hint == "" {
					t.Errorf("with both paths down: connection %+v, learned routes %+v", conn, routes)
				}
			})
		})
	}
}

// checkNamed returns the check of rep with that name (the zero Check when
// there is none).
func checkNamed(rep *Report, name string) Check {
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{}
}

// TestChangesAzureRefuses: a gateway downgrade Azure does not do in place
// (ErGw3AZ → ErGw1AZ), a move between the AZ and non-AZ families and a
// circuit's UnlimitedData → MeteredData are refused by Plan, naming the field
// and what to do instead; ErGw2AZ → ErGw1AZ, which Azure does in place, is an
// update; leaving the field unset keeps what the resource has.
func TestChangesAzureRefuses(t *testing.T) {
	tests := []struct {
		name, first, then string // spec extras for the first Apply and the re-plan
		field             string // Plan must refuse naming this field; "" means it plans
		want              map[string]plan.Action
		note              string // a note the plan must carry
	}{
		{name: "gateway downgrade", first: "", then: "azure:\n  fastPath: false\n  gateway: {sku: ErGw1AZ}\n", field: "azure.gateway.sku"},
		{name: "AZ to non-AZ", first: "", then: "azure:\n  gateway: {sku: UltraPerformance}\n", field: "azure.gateway.sku"},
		{name: "FastPath off keeps the gateway's SKU", first: "", then: "azure:\n  fastPath: false\n",
			want: map[string]plan.Action{StepGateway: plan.NoOp, StepConnection: plan.Update}},
		{name: "gateway downgrade Azure does in place", first: "azure:\n  fastPath: false\n  gateway: {sku: ErGw2AZ}\n", then: "azure:\n  fastPath: false\n  gateway: {sku: ErGw1AZ}\n",
			want: map[string]plan.Action{StepGateway: plan.Update}, note: "from ErGw2AZ to ErGw1AZ, which costs less per hour"},
		{name: "gateway upgrade", first: "azure:\n  fastPath: false\n  gateway: {sku: ErGw1AZ}\n", then: "azure:\n  fastPath: false\n  gateway: {sku: ErGw2AZ}\n",
			want: map[string]plan.Action{StepGateway: plan.Update}, note: "from ErGw1AZ to ErGw2AZ, which costs more per hour"},
		{name: "circuit back to MeteredData", first: "azure:\n  circuitSku: {family: UnlimitedData}\n", then: "azure:\n  circuitSku: {family: MeteredData}\n", field: "azure.circuitSku.family"},
		{name: "circuit family unset keeps UnlimitedData", first: "azure:\n  circuitSku: {family: UnlimitedData}\n", then: "",
			want: map[string]plan.Action{StepCircuit: plan.NoOp}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				c := newSimClient(w)
				p, err := c.Plan(ctx, specWith(t, tt.first))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
				mark := len(w.Calls())
				p, err = c.Plan(ctx, specWith(t, tt.then))
				if tt.field != "" {
					var v *ValidationError
					if !errors.As(err, &v) || v.Problems[0].Field != tt.field || !strings.Contains(err.Error(), "destroy and apply again") {
						t.Fatalf("Plan error = %v, want a problem with %s saying what to do", err, tt.field)
					}
					if _, writes := callCounts(w.Calls()[mark:]); writes != 0 {
						t.Errorf("refused Plan made %d writes", writes)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				for id, a := range tt.want {
					if got := actions(p)[id]; got != a {
						t.Errorf("%s: %s, want %s", id, got, a)
					}
				}
				if notes := strings.Join(p.Notes, "\n"); !strings.Contains(notes, tt.note) {
					t.Errorf("the plan's notes lack %q:\n%s", tt.note, notes)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatalf("Apply: %v", err)
				}
			})
		})
	}
}

// specWith is simSpec with extra YAML merged in: the azure keys of extra
// replace or add to simSpec's.
func specWith(t *testing.T, extra string) Spec {
	t.Helper()
	s := simSpec(t, "")
	if extra == "" {
		return s
	}
	e, err := ParseSpec([]byte("name: x\n" + extra))
	if err != nil {
		t.Fatal(err)
	}
	if e.Azure.FastPath != nil {
		s.Azure.FastPath = e.Azure.FastPath
	}
	if e.Azure.Gateway.SKU != "" {
		s.Azure.Gateway.SKU = e.Azure.Gateway.SKU
	}
	if e.Azure.CircuitSKU.Family != "" {
		s.Azure.CircuitSKU.Family = e.Azure.CircuitSKU.Family
	}
	return s
}

// TestFastConnectStates: a virtual circuit the provider rejects (FAILED) or
// deactivates (INACTIVE) fails its step at once, saying what to check, and
// Verify hints at it; one that spends a while VERIFYING is waited for.
func TestFastConnectStates(t *testing.T) {
	tests := []struct {
		kind   sim.FaultKind
		state  oci.LifecycleState
		fails  bool
		verify string // in the oci.virtual-circuit hint
	}{
		{sim.ProviderRejects, oci.Failed, true, "rejected"},
		{sim.ProviderDeactivates, oci.Inactive, true, "deactivated"},
		{sim.ProviderVerifies, oci.Verifying, false, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				var seen []string
				c := newSimClient(w, WithEvents(func(e Event) {
					if e.Step == StepVirtualCircuit {
						seen = append(seen, e.Message)
					}
				}))
				s := simSpec(t, "")
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "CreateVirtualCircuit", Count: 1, Kind: tt.kind})
				res, err := c.Apply(ctx, p)
				vc, _ := res.Step(StepVirtualCircuit)
				lat := sim.DefaultLatency().VirtualCircuit
				if !tt.fails {
					if err != nil {
						t.Fatalf("Apply: %v", err)
					}
					if d := vc.Duration(); d < 2*lat {
						t.Errorf("virtual circuit step took %s, want the VERIFYING stage too (≥ %s)", d, 2*lat)
					}
					if !slices.ContainsFunc(seen, func(m string) bool { return strings.Contains(m, string(oci.Verifying)) }) {
						t.Errorf("no progress event shows VERIFYING: %q", seen)
					}
					return
				}
				if vc.Err == nil || !strings.Contains(vc.Err.Error(), string(tt.state)) || !strings.Contains(vc.Err.Error(), "service key") ||
					!strings.Contains(vc.Err.Error(), "provider state (now NotProvisioned") {
					t.Fatalf("virtual circuit step error = %v, want %s with what to check", vc.Err, tt.state)
				}
				// At once: a poll after the provider's verdict, not a timeout.
				if d := vc.Duration(); d > lat/3+simPoll+time.Second {
					t.Errorf("the step failed after %s, want right after the provider's verdict (%s + a poll)", d, lat/3)
				}
				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if ch := checkNamed(rep, "oci.virtual-circuit"); ch.Status != Fail || !strings.Contains(ch.Hint, tt.verify) {
					t.Errorf("Verify oci.virtual-circuit = %+v, want a hint that says %q", ch, tt.verify)
				}
				if _, err := c.Plan(ctx, s); err == nil || !strings.Contains(err.Error(), string(tt.state)) {
					t.Errorf("re-Plan error = %v, want it to refuse the %s circuit", err, tt.state)
				}
			})
		})
	}
}

// TestAdoptsASmallGatewaySubnet: an older VNet holds its ExpressRoute gateway
// in a /28 or /29 GatewaySubnet. Plan adopts both with a note recommending a
// /27; /27 stays the minimum for a subnet the library creates (see
// TestBadInputs).
func TestAdoptsASmallGatewaySubnet(t *testing.T) {
	for _, prefix := range []string{"10.10.255.0/28", "10.10.255.0/29"} {
		t.Run(prefix, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := sim.New()
				w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
					AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
					Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix(prefix)}})
				w.AddVCN(sim.VCN{ID: simVCN, CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
				w.AddGateway(sim.Gateway{ResourceGroup: "rg-network", Name: "legacy-ergw", VirtualNetwork: "vnet-app", SKU: azure.SKUErGw3AZ})
				c := newSimClient(w)
				s := simSpec(t, "")
				s.Azure.Gateway.SubnetPrefix = netip.Prefix{}

				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				if a := actions(p)[StepGateway]; a != plan.NoOp {
					t.Errorf("gateway: %s, want the adopted one used as it is", a)
				}
				bits := prefix[strings.Index(prefix, "/"):]
				if !slices.ContainsFunc(p.Notes, func(n string) bool {
					return strings.Contains(n, "is a "+bits) && strings.Contains(n, "legacy-ergw") && strings.Contains(n, "/27 or larger")
				}) {
					t.Errorf("no note about the %s recommending a /27: %q", bits, p.Notes)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("Verify: %v %+v", err, rep.Failed())
				}
			})
		})
	}
}

// TestFinalARMOperationFailure: an ARM operation that ends Failed with a
// final code is reported with ARM's code and message, and not put again; one
// that ends with a transient code is retried.
func TestFinalARMOperationFailure(t *testing.T) {
	for _, tt := range []struct {
		code  string
		puts  int
		final bool
	}{
		{"QuotaExceeded", 1, true},
		{"InternalServerError", 2, false},
	} {
		t.Run(tt.code, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, c, _, p := planned(t)
				w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutPublicIP", Count: 1, Kind: sim.AsyncFailure, Code: tt.code})
				res, err := c.Apply(ctx, p)
				puts := 0
				for _, call := range w.Calls() {
					if call.Operation == "PutPublicIP" {
						puts++
					}
				}
				if puts != tt.puts {
					t.Errorf("PutPublicIP calls: %d, want %d", puts, tt.puts)
				}
				ip, _ := res.Step(StepPublicIP)
				if !tt.final {
					if err != nil {
						t.Fatalf("Apply: %v", err)
					}
					return
				}
				if ip.Err == nil || !strings.Contains(ip.Err.Error(), tt.code) || !strings.Contains(ip.Err.Error(), "operation failed") {
					t.Fatalf("public IP step error = %v, want ARM's code %s", ip.Err, tt.code)
				}
				if gw, _ := res.Step(StepGateway); !gw.Skipped {
					t.Errorf("the gateway ran without its public IP: %+v", gw)
				}
			})
		})
	}
}

// TestPoolsMayOverlapTheNetworks: the BGP /30s come from the free part of
// any /8 to /29 pool, even one that overlaps the VNet or the VCN.
func TestPoolsMayOverlapTheNetworks(t *testing.T) {
	for _, tt := range []struct {
		pool, primary, secondary string
	}{
		{"10.0.0.0/8", "10.0.0.0/30", "10.0.0.4/30"},
		{"10.10.0.0/15", "10.11.0.0/30", "10.11.0.4/30"}, // half of it is the VNet
		{"10.20.0.0/15", "10.21.0.0/30", "10.21.0.4/30"}, // half of it is the VCN
		{"172.16.0.0/12", "172.16.0.0/30", "172.16.0.4/30"},
	} {
		t.Run(tt.pool, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := seedWorld()
				s := simSpec(t, "peering: {pool: "+tt.pool+"}\n")
				p, err := newSimClient(w).Plan(context.Background(), s)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				vc, _ := p.Step(StepVirtualCircuit)
				var got []string
				for i := range 2 {
					for _, end := range []string{"oracleBgpPeeringIp", "customerBgpPeeringIp"} {
						ch, _ := vc.Change(mappingField(i, end))
						got = append(got, ch.New)
					}
				}
				pri, sec := netip.MustParsePrefix(tt.primary), netip.MustParsePrefix(tt.secondary)
				want := []string{
					netip.PrefixFrom(pri.Addr().Next(), 30).String(), netip.PrefixFrom(pri.Addr().Next().Next(), 30).String(),
					netip.PrefixFrom(sec.Addr().Next(), 30).String(), netip.PrefixFrom(sec.Addr().Next().Next(), 30).String(),
				}
				if !slices.Equal(got, want) {
					t.Errorf("mappings %q, want %q", got, want)
				}
			})
		})
	}
}

// TestPlanReportsEveryProblem: what the reads reveal is reported all at
// once, as Validate does offline: a missing DRG does not hide a missing
// route table, nor either of them a missing VNet.
func TestPlanReportsEveryProblem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		s := simSpec(t, "")
		s.Azure.VirtualNetwork = "vnet-missing"
		s.OCI.DRGID = "ocid1.drg.oc1.iad.aaaaaaaamissing"
		s.OCI.RouteTableIDs = []string{"ocid1.routetable.oc1.iad.aaaaaaaamissing"}
		_, err := newSimClient(w).Plan(context.Background(), s)
		var v *ValidationError
		if !errors.As(err, &v) {
			t.Fatalf("Plan error = %v, want a *ValidationError", err)
		}
		var fields []string
		for _, p := range v.Problems {
			fields = append(fields, p.Field)
		}
		for _, want := range []string{"azure.virtualNetwork", "oci.drgId", "oci.routeTableIds"} {
			if !slices.Contains(fields, want) {
				t.Errorf("problems %q lack %s:\n%v", fields, want, err)
			}
		}
		if _, writes := callCounts(w.Calls()); writes != 0 {
			t.Errorf("Plan made %d writes", writes)
		}
	})
}

// TestExpressRouteLocal: tier Local plans with a note on cost and reach and
// builds on the simulator at every peering location of every default pair
// (each pair's Azure region is local to its locations in Microsoft's table,
// as the simulator's catalog has it). With a catalog override putting eastus
// at Phoenix, local to westus3 only, Azure accepts the circuit (its resource
// location does not matter) but the VNet's gateway learns no route from it:
// Verify fails azure.gateway.learned-routes.
func TestExpressRouteLocal(t *testing.T) {
	for _, pair := range DefaultCatalog().Pairs() {
		for _, loc := range pair.PeeringLocations {
			t.Run(pair.AzureRegion+"/"+loc, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx := context.Background()
					vcn := "ocid1.vcn.oc1." + pair.OCIRegionKey + ".aaaaaaaalocalvcn"
					w := sim.New()
					w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: pair.AzureRegion,
						AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}})
					w.AddVCN(sim.VCN{ID: vcn, CompartmentID: simComp, Region: pair.OCIRegion, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
					c := newSimClient(w)
					s := simSpec(t, "")
					s.Azure.Region, s.Azure.PeeringLocation, s.OCI.Region, s.OCI.VCNID = pair.AzureRegion, loc, pair.OCIRegion, vcn
					s.Azure.CircuitSKU.Tier = "Local"
					p, err := c.Plan(ctx, s)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.ContainsFunc(p.Notes, func(n string) bool {
						return strings.Contains(n, "ExpressRoute Local") && strings.Contains(n, "UnlimitedData") &&
							strings.Contains(n, "local to "+loc) && strings.Contains(n, pair.AzureRegion+" must be one of them")
					}) {
						t.Errorf("no note on ExpressRoute Local: %q", p.Notes)
					}
					if _, err := c.Apply(ctx, p); err != nil {
						t.Fatalf("Apply: %v", err)
					}
					ckt, _ := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
					if ckt.SKU != (azure.CircuitSKU{Tier: "Local", Family: "UnlimitedData"}) {
						t.Errorf("circuit SKU %+v", ckt.SKU)
					}
					if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
						t.Fatalf("Verify: %v %+v", err, rep.Failed())
					}
				})
			})
		}
	}
	t.Run("eastus at Phoenix", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx := context.Background()
			cat := DefaultCatalog()
			if err := cat.Add(RegionPair{AzureRegion: "eastus", OCIRegion: "us-ashburn-1", OCIRegionKey: "iad", PeeringLocations: []string{"Phoenix"}}); err != nil {
				t.Fatal(err)
			}
			w := seedWorld()
			w.SetPeeringLocations("us-ashburn-1", []string{"Phoenix"})
			c := newSimClient(w, WithCatalog(cat))
			s := simSpec(t, "")
			s.Azure.CircuitSKU.Tier = "Local"
			p, err := c.Plan(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Apply(ctx, p); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			rep, err := c.Verify(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if routes := checkNamed(rep, "azure.gateway.learned-routes"); routes.Status != Fail || routes.Hint == "" {
				t.Errorf("learned routes %+v, want a failure with a hint", routes)
			}
			if checkNamed(rep, "azure.circuit").Status != Pass || checkNamed(rep, "oci.bgp").Status != Pass {
				t.Errorf("the circuit and BGP should be up: %+v", rep.Checks)
			}
		})
	})
}
