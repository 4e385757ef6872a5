package interconnect

import (
	"context"
	"errors"
	"net/netip"
	"reflect"
	"testing"

	"go.uber.org/mock/gomock"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/mock_azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/mock_oci"
	"github.com/azoci/interconnect/plan"
)

// These tests pin the exact cloud calls of the client against gomock mocks: a
// call the test did not expect fails it, so they prove what is NOT called.

const (
	mockSub     = "0b1f6471-1bf0-4dda-aec3-111122223333"
	mockRG      = "rg-network"
	mockVNet    = "vnet-app"
	mockComp    = "ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample"
	mockTenancy = "ocid1.tenancy.oc1..aaaaaaaa4exampletenancy"
	mockVCN     = "ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn"
	mockRT      = "ocid1.routetable.oc1.iad.aaaaaaaaexampledefaultrt"
	mockDRG     = "ocid1.drg.oc1.iad.aaaaaaaaexampleexampledrg"
	mockAtt     = "ocid1.drgattachment.oc1.iad.aaaaaaaaexampleatt"
	mockVC      = "ocid1.virtualcircuit.oc1.iad.aaaaaaaaexamplevc"
	mockSvc     = "ocid1.providerservice.oc1.iad.aaaaaaaaexamplesvc"
	mockKey     = "5f1c0a2e-0000-4000-8000-000000000abc"
	mockGwID    = "/subscriptions/" + mockSub + "/resourceGroups/" + mockRG + "/providers/Microsoft.Network/virtualNetworkGateways/ora-link-ergw"
	mockCktID   = "/subscriptions/" + mockSub + "/resourceGroups/" + mockRG + "/providers/Microsoft.Network/expressRouteCircuits/ora-link-er"
	mockSubnet  = "/subscriptions/" + mockSub + "/resourceGroups/" + mockRG + "/providers/Microsoft.Network/virtualNetworks/" + mockVNet + "/subnets/GatewaySubnet"
	mockPIPName = "ora-link-ergw-pip"
)

var (
	azNotFound  = &azure.Error{StatusCode: 404, Code: "ResourceNotFound"}
	ociNotFound = &oci.Error{StatusCode: 404, Code: "NotAuthorizedOrNotFound"}
)

func mockSpec(t *testing.T) Spec {
	t.Helper()
	s, err := ParseSpec([]byte(`
name: ora-link
bandwidth: 1Gbps
azure:
  subscriptionId: ` + mockSub + `
  resourceGroup: ` + mockRG + `
  region: eastus
  virtualNetwork: ` + mockVNet + `
  gateway: {subnetPrefix: 10.10.255.0/27}
oci:
  region: us-ashburn-1
  compartmentId: ` + mockComp + `
  vcnId: ` + mockVCN + `
`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newMocks(t *testing.T) (*mock_azure.MockNetwork, *mock_oci.MockNetwork) {
	ctrl := gomock.NewController(t)
	az, oc := mock_azure.NewMockNetwork(ctrl), mock_oci.NewMockNetwork(ctrl)
	az.EXPECT().SubscriptionID().Return(mockSub).AnyTimes()
	oc.EXPECT().TenancyID().Return(mockTenancy).AnyTimes()
	return az, oc
}

// world describes what the mocked clouds hold; nil means absent.
type mockWorld struct {
	subnet     *azure.Subnet
	gateway    *azure.Gateway
	publicIP   *azure.PublicIP
	circuit    *azure.Circuit
	peering    *azure.PrivatePeering
	connection *azure.Connection
	drg        *oci.DRG
	attachment *oci.DRGAttachment
	vc         *oci.VirtualCircuit
	rules      []oci.RouteRule
}

// expectReads sets up exactly the reads Plan makes, each once.
func expectReads(az *mock_azure.MockNetwork, oc *mock_oci.MockNetwork, w mockWorld) {
	vnet := azure.VirtualNetwork{ID: "/vnet", Name: mockVNet, Location: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}}
	if w.subnet != nil {
		vnet.Subnets = []azure.Subnet{*w.subnet}
	}
	az.EXPECT().GetVirtualNetwork(gomock.Any(), mockRG, mockVNet).Return(vnet, nil)
	ret := func(_ any, ok bool) error {
		if ok {
			return nil
		}
		return azNotFound
	}
	az.EXPECT().GetGateway(gomock.Any(), mockRG, "ora-link-ergw").Return(deref(w.gateway), ret(nil, w.gateway != nil))
	if w.gateway != nil {
		// An existing gateway's connections, for its limits: here only ours.
		var conns []azure.Connection
		if w.connection != nil {
			conns = append(conns, *w.connection)
		}
		az.EXPECT().ListGatewayConnections(gomock.Any(), mockRG, "ora-link-ergw").Return(conns, nil)
	}
	az.EXPECT().GetPublicIP(gomock.Any(), mockRG, mockPIPName).Return(deref(w.publicIP), ret(nil, w.publicIP != nil))
	az.EXPECT().GetCircuit(gomock.Any(), mockRG, "ora-link-er").Return(deref(w.circuit), ret(nil, w.circuit != nil))
	if w.circuit != nil {
		az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(deref(w.peering), ret(nil, w.peering != nil))
	}
	az.EXPECT().GetConnection(gomock.Any(), mockRG, "ora-link-conn").Return(deref(w.connection), ret(nil, w.connection != nil))
	az.EXPECT().ListServiceProviders(gomock.Any()).Return([]azure.ServiceProvider{
		{Name: azure.OracleServiceProvider, PeeringLocations: []string{"Washington DC", "Washington DC2"}, BandwidthsMbps: []int{1000, 2000, 5000, 10000}},
	}, nil)

	oc.EXPECT().GetVCN(gomock.Any(), mockVCN).Return(oci.VCN{ID: mockVCN, CompartmentID: mockComp, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}, DefaultRouteTableID: mockRT}, nil)
	oc.EXPECT().GetRouteTable(gomock.Any(), mockRT).Return(oci.RouteTable{ID: mockRT, VCNID: mockVCN, Rules: w.rules, ETag: "1"}, nil)
	var drgs []oci.DRG
	if w.drg != nil {
		drgs = append(drgs, *w.drg)
	}
	oc.EXPECT().ListDRGs(gomock.Any(), mockComp).Return(drgs, nil)
	var atts []oci.DRGAttachment
	if w.attachment != nil {
		atts = append(atts, *w.attachment)
	}
	oc.EXPECT().ListDRGAttachments(gomock.Any(), mockComp, mockVCN, "").Return(atts, nil)
	var vcs []oci.VirtualCircuit
	if w.vc != nil {
		vcs = append(vcs, *w.vc)
	}
	oc.EXPECT().FindVirtualCircuits(gomock.Any(), mockComp, "ora-link-vc").Return(vcs, nil)
	// Provider services are listed in the tenancy, not the spec's compartment.
	oc.EXPECT().ListProviderServices(gomock.Any(), mockTenancy).Return([]oci.ProviderService{{ID: mockSvc, ProviderName: oci.AzureProviderName}}, nil)
	oc.EXPECT().ListBandwidthShapes(gomock.Any(), mockSvc).Return([]oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000}}, nil)
}

// gcall returns the *gomock.Call behind a typed mock call (or the call itself),
// for After.
func gcall(c any) *gomock.Call {
	if gc, ok := c.(*gomock.Call); ok {
		return gc
	}
	return reflect.ValueOf(c).Elem().FieldByName("Call").Interface().(*gomock.Call)
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func actions(p *plan.Plan) map[string]plan.Action {
	m := map[string]plan.Action{}
	for _, s := range p.Steps {
		m[s.ID] = s.Action
	}
	return m
}

func TestPlanGreenfieldReadsOnlyAndPlansEverything(t *testing.T) {
	az, oc := newMocks(t)
	expectReads(az, oc, mockWorld{})
	p, err := New(az, oc).Plan(context.Background(), mockSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]plan.Action{
		StepGatewaySubnet: plan.Create, StepPublicIP: plan.Create, StepGateway: plan.Create, StepCircuit: plan.Create,
		StepPeering: plan.Wait, StepConnection: plan.Create, StepDRG: plan.Create, StepDRGAttachment: plan.Create,
		StepRouteRules: plan.Update, StepVirtualCircuit: plan.Create, StepBGP: plan.Wait,
	}
	got := actions(p)
	for id, a := range want {
		if got[id] != a {
			t.Errorf("step %s: action %s, want %s", id, got[id], a)
		}
	}
	if len(got) != len(want) {
		t.Errorf("plan has %d steps, want %d: %v", len(got), len(want), got)
	}
	if p.Mutations() != 9 {
		t.Errorf("Mutations = %d, want 9", p.Mutations())
	}
	// The allocated /30s are the pool's lowest two.
	vc, _ := p.Step(StepVirtualCircuit)
	if !hasChange(vc, "crossConnectMappings[0].oracleBgpPeeringIp", "192.168.240.1/30") || !hasChange(vc, "crossConnectMappings[0].customerBgpPeeringIp", "192.168.240.2/30") ||
		!hasChange(vc, "crossConnectMappings[1].oracleBgpPeeringIp", "192.168.240.5/30") || !hasChange(vc, "crossConnectMappings[1].customerBgpPeeringIp", "192.168.240.6/30") {
		t.Errorf("virtual circuit changes = %+v", vc.Changes)
	}
}

func hasChange(s plan.Step, field, newValue string) bool {
	for _, c := range s.Changes {
		if c.Field == field && c.New == newValue {
			return true
		}
	}
	return false
}

// converged is a mocked world in which the interconnect is complete.
func converged() mockWorld {
	owned := map[string]string{OwnershipTagKey: "ora-link"}
	gwTags := map[string]string{OwnershipTagKey: "ora-link", gatewaySubnetTagKey: "true"}
	return mockWorld{
		subnet:     &azure.Subnet{ID: mockSubnet, Name: "GatewaySubnet", Prefix: netip.MustParsePrefix("10.10.255.0/27"), IPConfigurationIDs: []string{mockGwID + "/ipConfigurations/default"}, State: azure.Succeeded},
		gateway:    &azure.Gateway{ID: mockGwID, Name: "ora-link-ergw", GatewayType: azure.GatewayTypeExpressRoute, SKU: azure.SKUErGw3AZ, Tags: gwTags, State: azure.Succeeded},
		publicIP:   &azure.PublicIP{ID: "/pip", Name: mockPIPName, SKU: "Standard", Static: true, Tags: owned, State: azure.Succeeded},
		circuit:    &azure.Circuit{ID: mockCktID, Name: "ora-link-er", SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000, ServiceKey: mockKey, ProviderState: azure.Provisioned, Tags: owned, State: azure.Succeeded},
		peering:    &azure.PrivatePeering{PeerASN: 31898, PrimaryPrefix: netip.MustParsePrefix("192.168.240.0/30"), SecondaryPrefix: netip.MustParsePrefix("192.168.240.4/30"), VLAN: 100, LastModifiedBy: "ServiceProvider", State: azure.Succeeded},
		connection: &azure.Connection{ID: "/conn", Name: "ora-link-conn", GatewayID: mockGwID, CircuitID: mockCktID, FastPath: true, Status: azure.Connected, Tags: owned, State: azure.Succeeded},
		drg:        &oci.DRG{ID: mockDRG, CompartmentID: mockComp, DisplayName: "ora-link-drg", FreeformTags: owned, State: oci.Available},
		attachment: &oci.DRGAttachment{ID: mockAtt, DRGID: mockDRG, VCNID: mockVCN, DisplayName: "ora-link-drg-attachment", FreeformTags: owned, State: oci.Attached},
		vc: &oci.VirtualCircuit{ID: mockVC, DisplayName: "ora-link-vc", BandwidthShapeName: "1 Gbps", GatewayID: mockDRG, ProviderServiceKeyName: mockKey, FreeformTags: owned,
			CrossConnectMappings: []oci.CrossConnectMapping{
				{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.1/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.2/30")},
				{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.5/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.6/30")},
			},
			State: oci.Provisioned, ProviderState: oci.ProviderActive, BGPSessionState: oci.BGPUp},
		rules: []oci.RouteRule{{Destination: netip.MustParsePrefix("10.10.0.0/16"), NetworkEntityID: mockDRG, Description: OwnershipTagKey + ":ora-link"}},
	}
}

func TestConvergedPlanIsAllNoOpAndApplyMakesNoCalls(t *testing.T) {
	az, oc := newMocks(t)
	expectReads(az, oc, converged())
	c := New(az, oc)
	p, err := c.Plan(context.Background(), mockSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Mutations() != 0 {
		t.Fatalf("Mutations = %d, want 0; plan %v", p.Mutations(), actions(p))
	}
	for _, s := range p.Steps {
		if s.Action != plan.NoOp {
			t.Errorf("step %s is %s, want no-op (%s)", s.ID, s.Action, s.Reason)
		}
	}
	// No expectation is left: any call Apply makes fails the test.
	res, err := c.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != len(p.Steps) {
		t.Fatalf("result has %d steps, want %d", len(res.Steps), len(p.Steps))
	}
}

func TestOfflineErrorsMakeNoCalls(t *testing.T) {
	az, oc := newMocks(t)
	c := New(az, oc)
	bad := mockSpec(t)
	bad.Peering.VLAN = 4095
	bad.OCI.Region = "eu-frankfurt-1"
	for name, f := range map[string]func() error{
		"plan":    func() error { _, err := c.Plan(context.Background(), bad); return err },
		"destroy": func() error { _, err := c.PlanDestroy(context.Background(), bad); return err },
		"verify":  func() error { _, err := c.Verify(context.Background(), bad); return err },
	} {
		err := f()
		var v *ValidationError
		if !errors.As(err, &v) || len(v.Problems) < 2 {
			t.Errorf("%s: error = %v, want a ValidationError with both problems", name, err)
		}
	}
}

func TestSubscriptionMismatchMakesNoCalls(t *testing.T) {
	ctrl := gomock.NewController(t)
	az, oc := mock_azure.NewMockNetwork(ctrl), mock_oci.NewMockNetwork(ctrl)
	az.EXPECT().SubscriptionID().Return("11111111-2222-3333-4444-555555555555").AnyTimes()
	_, err := New(az, oc).Plan(context.Background(), mockSpec(t))
	var v *ValidationError
	if !errors.As(err, &v) || v.Problems[0].Field != "azure.subscriptionId" {
		t.Fatalf("error = %v, want azure.subscriptionId problem", err)
	}
}

func TestDestroyOrder(t *testing.T) {
	az, oc := newMocks(t)
	w := converged()
	// PlanDestroy reads what may need deleting (no provider offers).
	vnet := azure.VirtualNetwork{Name: mockVNet, Location: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}, Subnets: []azure.Subnet{*w.subnet}}
	az.EXPECT().GetVirtualNetwork(gomock.Any(), mockRG, mockVNet).Return(vnet, nil)
	az.EXPECT().GetGateway(gomock.Any(), mockRG, "ora-link-ergw").Return(*w.gateway, nil)
	az.EXPECT().GetPublicIP(gomock.Any(), mockRG, mockPIPName).Return(*w.publicIP, nil)
	az.EXPECT().GetCircuit(gomock.Any(), mockRG, "ora-link-er").Return(*w.circuit, nil)
	az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(*w.peering, nil)
	az.EXPECT().GetConnection(gomock.Any(), mockRG, "ora-link-conn").Return(*w.connection, nil)
	oc.EXPECT().GetVCN(gomock.Any(), mockVCN).Return(oci.VCN{ID: mockVCN, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}, DefaultRouteTableID: mockRT}, nil)
	oc.EXPECT().GetRouteTable(gomock.Any(), mockRT).Return(oci.RouteTable{ID: mockRT, Rules: w.rules}, nil)
	oc.EXPECT().ListDRGs(gomock.Any(), mockComp).Return([]oci.DRG{*w.drg}, nil)
	oc.EXPECT().ListDRGAttachments(gomock.Any(), mockComp, mockVCN, "").Return([]oci.DRGAttachment{*w.attachment}, nil)
	oc.EXPECT().FindVirtualCircuits(gomock.Any(), mockComp, "ora-link-vc").Return([]oci.VirtualCircuit{*w.vc}, nil)

	c := New(az, oc, WithPollInterval(1))
	p, err := c.PlanDestroy(context.Background(), mockSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Mutations() != 10 {
		t.Fatalf("destroy Mutations = %d, want 10: %v", p.Mutations(), actions(p))
	}

	// Apply: each delete re-reads its resource, deletes it and (OCI) waits.
	conn := az.EXPECT().GetConnection(gomock.Any(), mockRG, "ora-link-conn").Return(*w.connection, nil)
	delConn := az.EXPECT().DeleteConnection(gomock.Any(), mockRG, "ora-link-conn").Return(nil).After(gcall(conn))
	vcGet := oc.EXPECT().GetVirtualCircuit(gomock.Any(), mockVC).Return(*w.vc, nil).After(gcall(delConn))
	delVC := oc.EXPECT().DeleteVirtualCircuit(gomock.Any(), mockVC).Return(nil).After(gcall(vcGet))
	vcGone := oc.EXPECT().GetVirtualCircuit(gomock.Any(), mockVC).Return(oci.VirtualCircuit{ID: mockVC, State: oci.Terminated}, nil).After(gcall(delVC))
	deprov := *w.circuit
	deprov.ProviderState = azure.NotProvisioned
	waitCkt := az.EXPECT().GetCircuit(gomock.Any(), mockRG, "ora-link-er").Return(deprov, nil).After(gcall(vcGone))
	peerGet := az.EXPECT().GetPrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(*w.peering, nil).After(gcall(waitCkt))
	delPeer := az.EXPECT().DeletePrivatePeering(gomock.Any(), mockRG, "ora-link-er").Return(nil).After(gcall(peerGet))
	cktGet := az.EXPECT().GetCircuit(gomock.Any(), mockRG, "ora-link-er").Return(deprov, nil).After(gcall(delPeer))
	az.EXPECT().DeleteCircuit(gomock.Any(), mockRG, "ora-link-er").Return(nil).After(gcall(cktGet))

	// The owned leftovers go as soon as nothing uses them, alongside the
	// circuit chain: the route rules at once.
	rules := oc.EXPECT().UpdateRouteTable(gomock.Any(), mockRT, gomock.Any()).DoAndReturn(
		func(_ context.Context, _ string, edit func([]oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
			user := oci.RouteRule{Destination: netip.MustParsePrefix("0.0.0.0/0"), NetworkEntityID: "ocid1.internetgateway.oc1.iad.x"}
			out, changed := edit(append([]oci.RouteRule{user}, w.rules...))
			if !changed || len(out) != 1 || out[0] != user {
				t.Errorf("route edit = %v, %v; want only the user's rule kept", out, changed)
			}
			return oci.RouteTable{ID: mockRT, Rules: out}, nil
		})
	attGet := oc.EXPECT().GetDRGAttachment(gomock.Any(), mockAtt).Return(*w.attachment, nil).After(gcall(rules))
	delAtt := oc.EXPECT().DeleteDRGAttachment(gomock.Any(), mockAtt).Return(nil).After(gcall(attGet))
	attGone := oc.EXPECT().GetDRGAttachment(gomock.Any(), mockAtt).Return(oci.DRGAttachment{}, ociNotFound).After(gcall(delAtt))
	drgGet := oc.EXPECT().GetDRG(gomock.Any(), mockDRG).Return(*w.drg, nil).After(gcall(attGone)).After(gcall(vcGone))
	delDRG := oc.EXPECT().DeleteDRG(gomock.Any(), mockDRG).Return(nil).After(gcall(drgGet))
	oc.EXPECT().GetDRG(gomock.Any(), mockDRG).Return(oci.DRG{ID: mockDRG, State: oci.Terminated}, nil).After(gcall(delDRG))
	gwGet := az.EXPECT().GetGateway(gomock.Any(), mockRG, "ora-link-ergw").Return(*w.gateway, nil).After(gcall(delConn))
	delGw := az.EXPECT().DeleteGateway(gomock.Any(), mockRG, "ora-link-ergw").Return(nil).After(gcall(gwGet))
	ipGet := az.EXPECT().GetPublicIP(gomock.Any(), mockRG, mockPIPName).Return(*w.publicIP, nil).After(gcall(delGw))
	az.EXPECT().DeletePublicIP(gomock.Any(), mockRG, mockPIPName).Return(nil).After(gcall(ipGet))
	snGet := az.EXPECT().GetSubnet(gomock.Any(), mockRG, mockVNet, "GatewaySubnet").Return(*w.subnet, nil).After(gcall(delGw))
	az.EXPECT().DeleteSubnet(gomock.Any(), mockRG, mockVNet, "GatewaySubnet").Return(nil).After(gcall(snGet))

	if _, err := c.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}
