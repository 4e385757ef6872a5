package armface_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
)

// The examples live with the adapter's tests.
var examples = filepath.Join("..", "..", "azure", "armclient", "testdata", "azure-rest-examples")

// ref names a response body of one of Microsoft's examples, and either
// where in it the resource sits (at: "properties.subnets[]" for a subnet
// listed in its virtual network) or where in the resource the example's body
// sits (under: "properties.peerings[]" for a circuit's peering).
type ref struct {
	example, status, at, under string
}

// refKeys returns the key paths of a reference, relative to where the
// resource sits.
func refKeys(t *testing.T, r ref) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, r.example+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Responses map[string]struct{ Body json.RawMessage }
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for k := range keyPaths(t, e.Responses[r.status].Body) {
		switch {
		case r.under != "":
			out[r.under], out[r.under+"."+k] = true, true
		case r.at == "":
			out[k] = true
		case strings.HasPrefix(k, r.at+"."):
			out[strings.TrimPrefix(k, r.at+".")] = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("reference %+v has no keys", r)
	}
	return out
}

// keyPaths lists the object key paths of a JSON document; array elements
// add "[]".
func keyPaths(t *testing.T, raw []byte) map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %s", raw)
	}
	out := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				out[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	return out
}

func decodeAs[T any](b []byte) error {
	var v T
	return json.Unmarshal(b, &v)
}

// TestShapes: every field the face answers with appears in Microsoft's
// examples of that answer (or is named in extra, with the reason), the
// fields that matter are there, and the body decodes with the SDK's model.
func TestShapes(t *testing.T) {
	w, _, c := newFace(t, azuretest.Latency())
	ctx, az := t.Context(), w.Azure()
	if _, err := az.PutSubnet(ctx, rg, azuretest.VirtualNetwork, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: mustPrefix("10.10.255.0/27")}); err != nil {
		t.Fatal(err)
	}
	pip, err := az.PutPublicIP(ctx, rg, azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true,
		Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	gw, err := az.PutGateway(ctx, rg, azure.Gateway{Name: "ergw", Location: azuretest.Region, GatewayType: azure.GatewayTypeExpressRoute,
		SKU: azure.SKUErGwScale, ScaleUnits: 10, SubnetID: "/subscriptions/" + azuretest.Subscription + "/resourceGroups/" + rg +
			"/providers/Microsoft.Network/virtualNetworks/" + azuretest.VirtualNetwork + "/subnets/GatewaySubnet", PublicIPID: pip.ID})
	if err != nil {
		t.Fatal(err)
	}
	ckt, err := az.PutCircuit(ctx, rg, azure.Circuit{Name: "er", Location: azuretest.Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	if _, err := az.PutConnection(ctx, rg, azure.Connection{Name: "conn", Location: azuretest.Region, GatewayID: gw.ID, CircuitID: ckt.ID, FastPath: true}); err != nil {
		t.Fatal(err)
	}
	spokeID := seedSpoke(w)
	if _, err := az.PutVirtualNetworkPeering(ctx, rg, azuretest.VirtualNetwork, azure.VirtualNetworkPeering{Name: "hub-to-spoke",
		RemoteVirtualNetworkID: spokeID, AllowVirtualNetworkAccess: true, AllowGatewayTransit: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := az.PutVirtualNetworkPeering(ctx, rg, spokeName, azure.VirtualNetworkPeering{Name: "spoke-to-hub",
		RemoteVirtualNetworkID: gw.SubnetID[:strings.Index(gw.SubnetID, "/subnets/")], AllowVirtualNetworkAccess: true, UseRemoteGateways: true}); err != nil {
		t.Fatal(err)
	}
	table := func(kind, device string) func() []byte {
		return func() []byte {
			resp, _ := c.do(http.MethodPost, path("expressRouteCircuits/er/peerings/AzurePrivatePeering/"+kind+"/"+device), "")
			_, body := c.do(http.MethodGet, resp.Header.Get("Location"), "")
			return body
		}
	}
	learned := func() []byte {
		resp, _ := c.do(http.MethodPost, path("virtualNetworkGateways/ergw/getLearnedRoutes"), "")
		_, body := c.do(http.MethodGet, resp.Header.Get("Location"), "")
		return body
	}
	get := func(p string) func() []byte {
		return func() []byte {
			resp, body := c.do(http.MethodGet, p, "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", p, resp.StatusCode, body)
			}
			return body
		}
	}
	tests := []struct {
		name   string
		body   func() []byte
		refs   []ref
		extra  []string // fields no example shows
		must   []string
		decode func([]byte) error
	}{
		{"virtual network", get(path("virtualNetworks/" + azuretest.VirtualNetwork)),
			[]ref{{example: "VirtualNetworkGet", status: "200"},
				{example: "VirtualNetworkPeeringGet", status: "200", under: "properties.virtualNetworkPeerings[]"}}, nil,
			[]string{"id", "name", "type", "location", "properties.addressSpace.addressPrefixes", "properties.subnets[].properties.addressPrefix",
				"properties.subnets[].properties.ipConfigurations[].id", "properties.virtualNetworkPeerings[].name",
				"properties.virtualNetworkPeerings[].properties.peeringState", "properties.virtualNetworkPeerings[].properties.allowGatewayTransit"},
			decodeAs[armnetwork.VirtualNetwork]},
		{"virtual network peering", get(path("virtualNetworks/" + spokeName + "/virtualNetworkPeerings/spoke-to-hub")),
			[]ref{{example: "VirtualNetworkPeeringGet", status: "200"}, {example: "VirtualNetworkPeeringCreate", status: "201"}}, nil,
			[]string{"id", "name", "properties.remoteVirtualNetwork.id", "properties.allowVirtualNetworkAccess", "properties.allowForwardedTraffic",
				"properties.allowGatewayTransit", "properties.useRemoteGateways", "properties.peeringState", "properties.provisioningState",
				"properties.remoteAddressSpace.addressPrefixes", "properties.remoteVirtualNetworkAddressSpace.addressPrefixes",
				"properties.peeringSyncLevel"},
			decodeAs[armnetwork.VirtualNetworkPeering]},
		{"subnet", get(path("virtualNetworks/" + azuretest.VirtualNetwork + "/subnets/GatewaySubnet")),
			[]ref{{example: "SubnetCreate", status: "200"}, {example: "VirtualNetworkGet", status: "200", at: "properties.subnets[]"}}, nil,
			[]string{"id", "name", "properties.addressPrefix", "properties.provisioningState", "properties.ipConfigurations[].id"},
			decodeAs[armnetwork.Subnet]},
		{"public IP", get(path("publicIPAddresses/pip")),
			[]ref{{example: "PublicIpAddressCreateDefaults", status: "200"}},
			[]string{"tags", "tags.k", "properties.ipAddress"}, // the example has neither tags nor an assigned address
			[]string{"id", "name", "location", "sku.name", "properties.publicIPAllocationMethod", "properties.provisioningState"},
			decodeAs[armnetwork.PublicIPAddress]},
		{"ExpressRoute gateway", get(path("virtualNetworkGateways/ergw")),
			[]ref{{example: "VirtualNetworkScalableGatewayGet", status: "200"}}, nil,
			[]string{"id", "name", "location", "properties.gatewayType", "properties.sku.name", "properties.sku.tier",
				"properties.autoScaleConfiguration.bounds.min", "properties.ipConfigurations[].properties.subnet.id",
				"properties.ipConfigurations[].properties.publicIPAddress.id"},
			decodeAs[armnetwork.VirtualNetworkGateway]},
		{"circuit", get(path("expressRouteCircuits/er")),
			[]ref{{example: "ExpressRouteCircuitGet", status: "200"}, {example: "ExpressRouteCircuitPeeringCreate", status: "201", under: "properties.peerings[]"},
				{example: "ExpressRouteCircuitPeeringGet", status: "200", under: "properties.peerings[]"}},
			[]string{"properties.peerings[].properties.sharedKey"}, // the swagger's, in no example
			[]string{"id", "name", "location", "sku.name", "sku.tier", "sku.family", "properties.serviceKey",
				"properties.serviceProviderProvisioningState", "properties.serviceProviderProperties.bandwidthInMbps",
				"properties.peerings[].properties.vlanId", "properties.authorizations"},
			decodeAs[armnetwork.ExpressRouteCircuit]},
		{"private peering", get(path("expressRouteCircuits/er/peerings/AzurePrivatePeering")),
			[]ref{{example: "ExpressRouteCircuitPeeringCreate", status: "201"}, {example: "ExpressRouteCircuitPeeringGet", status: "200"}},
			[]string{"properties.sharedKey"},
			[]string{"id", "name", "properties.peeringType", "properties.peerASN", "properties.azureASN", "properties.vlanId",
				"properties.primaryPeerAddressPrefix", "properties.secondaryPeerAddressPrefix", "properties.lastModifiedBy"},
			decodeAs[armnetwork.ExpressRouteCircuitPeering]},
		{"ExpressRoute connection", get(path("connections/conn")),
			[]ref{{example: "VirtualNetworkGatewayConnectionCreate", status: "200"}, {example: "ExpressRouteConnectionCreate", status: "200"}},
			[]string{"properties.peer", "properties.peer.id", "properties.connectionStatus"}, // no ExpressRoute example exists
			[]string{"id", "name", "location", "properties.connectionType", "properties.virtualNetworkGateway1.id",
				"properties.expressRouteGatewayBypass", "properties.peer.id"},
			decodeAs[armnetwork.VirtualNetworkGatewayConnection]},
		{"a gateway's connections", get(path("virtualNetworkGateways/ergw/connections")),
			[]ref{{example: "VirtualNetworkGatewaysListConnections", status: "200"}},
			// The example lists a VPN connection: these are an ExpressRoute
			// connection's, as its GET has them.
			[]string{"value[].properties.peer", "value[].properties.peer.id", "value[].properties.expressRouteGatewayBypass",
				"value[].properties.connectionStatus"},
			[]string{"value[].id", "value[].name", "value[].type", "value[].location", "value[].properties.connectionType",
				"value[].properties.virtualNetworkGateway1.id", "value[].properties.peer.id", "value[].properties.provisioningState",
				"value[].properties.routingWeight"},
			decodeAs[armnetwork.VirtualNetworkGatewayListConnectionsResult]},
		{"ARP table", table("arpTables", "primary"),
			[]ref{{example: "ExpressRouteCircuitARPTableList", status: "200"}}, nil,
			[]string{"value[].ipAddress", "value[].macAddress", "value[].interface", "value[].age"},
			decodeAs[armnetwork.ExpressRouteCircuitsArpTableListResult]},
		{"route table", table("routeTables", "primary"),
			[]ref{{example: "ExpressRouteCircuitRouteTableList", status: "200"}}, nil,
			[]string{"value[].network", "value[].nextHop", "value[].path"},
			decodeAs[armnetwork.ExpressRouteCircuitsRoutesTableListResult]},
		{"learned routes", learned,
			nil,
			// Microsoft's VirtualNetworkGatewayLearnedRoutes example answers
			// {}: these are the fields of the swagger's GatewayRoute
			// (armnetwork.GatewayRoute), which decode checks.
			[]string{"value", "value[].network", "value[].nextHop", "value[].sourcePeer", "value[].localAddress",
				"value[].origin", "value[].asPath", "value[].weight"},
			[]string{"value[].network", "value[].nextHop", "value[].sourcePeer", "value[].localAddress",
				"value[].origin", "value[].asPath", "value[].weight"},
			decodeAs[armnetwork.GatewayRouteListResult]},
		{"service providers", get("/subscriptions/" + azuretest.Subscription + "/providers/Microsoft.Network/expressRouteServiceProviders"),
			[]ref{{example: "ExpressRouteProviderList", status: "200"}}, nil,
			[]string{"value[].name", "value[].properties.peeringLocations", "value[].properties.bandwidthsOffered[].valueInMbps"},
			decodeAs[armnetwork.ExpressRouteServiceProviderListResult]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body()
			known := map[string]bool{}
			for _, r := range tc.refs {
				for k := range refKeys(t, r) {
					known[k] = true
				}
			}
			for _, k := range tc.extra {
				known[k] = true
			}
			got := keyPaths(t, body)
			var unknown, missing []string
			for k := range got {
				if !known[k] {
					unknown = append(unknown, k)
				}
			}
			for _, k := range tc.must {
				if !got[k] {
					missing = append(missing, k)
				}
			}
			slices.Sort(unknown)
			if len(unknown) > 0 {
				t.Errorf("fields in no example: %v\n%s", unknown, body)
			}
			if len(missing) > 0 {
				t.Errorf("fields missing: %v\n%s", missing, body)
			}
			if err := tc.decode(body); err != nil {
				t.Errorf("the SDK cannot decode the answer: %v", err)
			}
		})
	}
}

// TestHeaderShapes: where Microsoft's example of an answer carries headers
// (the URLs a client polls), the face's answer carries them too.
func TestHeaderShapes(t *testing.T) {
	lat := azuretest.Latency()
	lat.Peering, lat.VNetPeering = time.Hour, time.Hour // the deletes are caught in progress
	w, _, c := newFace(t, lat)
	provisioned(t, w, true)
	w.AddVirtualNetworkPeering(sim.VirtualNetworkPeering{ResourceGroup: rg, VirtualNetwork: azuretest.VirtualNetwork, Name: "hub-to-spoke",
		RemoteVirtualNetworkID: seedSpoke(w)})
	tests := []struct {
		example, method, target string
	}{
		{"ExpressRouteCircuitPeeringDelete", http.MethodDelete, "expressRouteCircuits/er/peerings/AzurePrivatePeering"},
		{"VirtualNetworkPeeringDelete", http.MethodDelete, "virtualNetworks/" + azuretest.VirtualNetwork + "/virtualNetworkPeerings/hub-to-spoke"},
		{"VirtualNetworkGatewayLearnedRoutes", http.MethodPost, "virtualNetworkGateways/ergw/getLearnedRoutes"},
		{"ExpressRouteCircuitARPTableList", http.MethodPost, "expressRouteCircuits/er/peerings/AzurePrivatePeering/arpTables/primary"},
		{"ExpressRouteCircuitRouteTableList", http.MethodPost, "expressRouteCircuits/er/peerings/AzurePrivatePeering/routeTables/primary"},
	}
	for _, tc := range tests {
		t.Run(tc.example, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(examples, tc.example+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var e struct {
				Responses map[string]struct{ Headers map[string]string }
			}
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
			ref := e.Responses["202"].Headers
			if len(ref) == 0 {
				t.Fatalf("%s has no 202 headers", tc.example)
			}
			resp, body := c.do(tc.method, path(tc.target), "")
			if resp.StatusCode != http.StatusAccepted {
				t.Fatalf("%s %s: %d %s, want 202", tc.method, tc.target, resp.StatusCode, body)
			}
			for h := range ref {
				if v := resp.Header.Get(h); !strings.HasPrefix(v, "https://") || !strings.Contains(v, "api-version=") {
					t.Errorf("header %s = %q, want a URL as in the example", h, v)
				}
			}
		})
	}
}
