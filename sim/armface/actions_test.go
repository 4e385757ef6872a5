package armface_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// provisioned seeds a face's world with the suite's GatewaySubnet, a public
// IP, an ExpressRoute gateway "ergw" and a circuit "er" that Oracle has
// provisioned (BGP up on both paths). connect links them with connection
// "conn".
func provisioned(t *testing.T, w *sim.World, connect bool) azure.Circuit {
	t.Helper()
	ctx, az := t.Context(), w.Azure()
	if _, err := az.PutSubnet(ctx, rg, azuretest.VirtualNetwork, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: mustPrefix("10.10.255.0/27")}); err != nil {
		t.Fatal(err)
	}
	pip, err := az.PutPublicIP(ctx, rg, azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true})
	if err != nil {
		t.Fatal(err)
	}
	gw, err := az.PutGateway(ctx, rg, azure.Gateway{Name: "ergw", Location: azuretest.Region, GatewayType: azure.GatewayTypeExpressRoute,
		SKU: azure.SKUErGw3AZ, SubnetID: path("virtualNetworks/" + azuretest.VirtualNetwork + "/subnets/GatewaySubnet"), PublicIPID: pip.ID})
	if err != nil {
		t.Fatal(err)
	}
	ckt, err := az.PutCircuit(ctx, rg, azure.Circuit{Name: "er", Location: azuretest.Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	azuretest.Handoff(t, w, ckt)
	if connect {
		if _, err := az.PutConnection(ctx, rg, azure.Connection{Name: "conn", Location: azuretest.Region, GatewayID: gw.ID, CircuitID: ckt.ID}); err != nil {
			t.Fatal(err)
		}
	}
	return ckt
}

// TestDeletePeering: DELETE of the private peering is a long-running delete
// in the shape of Microsoft's ExpressRouteCircuitPeeringDelete example: 202
// with a Location (polled 202, then 204) and an Azure-AsyncOperation; 204 once
// there is nothing to delete.
func TestDeletePeering(t *testing.T) {
	lat := azuretest.Latency()
	lat.Peering = 300 * time.Millisecond
	w, face, c := newFace(t, lat)
	provisioned(t, w, false)
	peering := path("expressRouteCircuits/er/peerings/AzurePrivatePeering")

	before := face.Stats()
	resp, body := c.do(http.MethodDelete, peering, "")
	loc, op := resp.Header.Get("Location"), resp.Header.Get("Azure-AsyncOperation")
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(loc, "/operationResults/") || !strings.Contains(op, "/operations/") {
		t.Fatalf("DELETE: %d %s, Location %q, Azure-AsyncOperation %q", resp.StatusCode, body, loc, op)
	}
	if d := face.Stats().Sub(before); d.ByKind[armface.KindDelete] != 1 || d.ByStatus[http.StatusAccepted] != 1 {
		t.Errorf("counted %s, want one DELETE answered 202", d)
	}
	if resp, _ := c.do(http.MethodGet, loc, ""); resp.StatusCode != http.StatusAccepted {
		t.Errorf("Location poll while Deleting: %d, want 202", resp.StatusCode)
	}
	if resp, body := c.do(http.MethodGet, peering, ""); field(t, body, "properties", "provisioningState") != "Deleting" {
		t.Errorf("GET while being deleted: %d %s", resp.StatusCode, body)
	}
	c.pollUntil(loc, func(r *http.Response, _ []byte) bool { return r.StatusCode == http.StatusNoContent })
	if _, body := c.do(http.MethodGet, op, ""); field(t, body, "status") != "Succeeded" {
		t.Errorf("operation status once deleted: %s", body)
	}
	resp, body = c.do(http.MethodGet, peering, "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "NotFound" {
		t.Errorf("GET after the delete: %s", code)
	}
	if resp, body := c.do(http.MethodDelete, peering, ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE of a missing peering: %d %s, want 204", resp.StatusCode, body)
	}
	// The circuit no longer lists it.
	if _, body := c.do(http.MethodGet, path("expressRouteCircuits/er"), ""); len(field(t, body, "properties", "peerings").([]any)) != 0 {
		t.Errorf("the circuit still lists a peering: %s", body)
	}
}

// TestLearnedRoutes: getLearnedRoutes is the long-running POST of Microsoft's
// VirtualNetworkGatewayLearnedRoutes example, with the Location armnetwork
// reads the result from; the result lists the VNet's own network and, once
// the gateway is connected to a provisioned circuit, the VCN's CIDR learned
// over EBGP from each path's Microsoft edge.
func TestLearnedRoutes(t *testing.T) {
	w, face, c := newFace(t, azuretest.Latency())
	provisioned(t, w, true)
	before := face.Stats()
	resp, body := c.do(http.MethodPost, path("virtualNetworkGateways/ergw/getLearnedRoutes"), "")
	loc, op := resp.Header.Get("Location"), resp.Header.Get("Azure-AsyncOperation")
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(loc, "/operationResults/") || !strings.Contains(op, "/operations/") {
		t.Fatalf("POST: %d %s, Location %q, Azure-AsyncOperation %q", resp.StatusCode, body, loc, op)
	}
	if d := face.Stats().Sub(before); d.ByKind[armface.KindPost] != 1 {
		t.Errorf("counted %s, want one POST", d)
	}
	if _, body := c.do(http.MethodGet, op, ""); field(t, body, "status") != "Succeeded" {
		t.Errorf("operation status: %s", body)
	}
	resp, body = c.do(http.MethodGet, loc, "")
	rows, _ := field(t, body, "value").([]any)
	if resp.StatusCode != http.StatusOK || len(rows) != 3 {
		t.Fatalf("Location: %d %s, want the VNet and the VCN from both paths", resp.StatusCode, body)
	}
	want := []map[string]any{
		{"network": "10.10.0.0/16", "origin": "Network", "sourcePeer": "10.10.255.12", "localAddress": "10.10.255.12", "weight": 32768.0},
		{"network": "10.20.0.0/16", "origin": "EBgp", "nextHop": "10.10.255.4", "sourcePeer": "10.10.255.4", "localAddress": "10.10.255.12",
			"asPath": "12076-31898", "weight": 32769.0},
		{"network": "10.20.0.0/16", "origin": "EBgp", "nextHop": "10.10.255.5", "sourcePeer": "10.10.255.5", "localAddress": "10.10.255.12",
			"asPath": "12076-31898", "weight": 32769.0},
	}
	for i, row := range rows {
		got := row.(map[string]any)
		if len(got) != len(want[i]) {
			t.Errorf("row %d = %v, want exactly %v", i, got, want[i])
		}
		for k, v := range want[i] {
			if got[k] != v {
				t.Errorf("row %d: %s = %v, want %v", i, k, got[k], v)
			}
		}
	}

	resp, body = c.do(http.MethodPost, path("virtualNetworkGateways/nope/getLearnedRoutes"), "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "ResourceNotFound" {
		t.Errorf("a missing gateway: %s", code)
	}
	resp, body = c.do(http.MethodGet, path("virtualNetworkGateways/ergw/getLearnedRoutes"), "")
	if code := armError(t, resp, body, http.StatusMethodNotAllowed); code != "MethodNotAllowed" || resp.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET of the action: %s, Allow %q", code, resp.Header.Get("Allow"))
	}
	resp, body = c.do(http.MethodPost, path("virtualNetworkGateways/ergw/getAdvertisedRoutes"), "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "InvalidResourceType" {
		t.Errorf("an action the face does not serve: %s", code)
	}
}

// TestFailedOperationCodes: an operation that ends Failed reports the
// world's code in its status, a final one (QuotaExceeded) as well as the
// default transient one, for a PUT and for the peering's DELETE.
func TestFailedOperationCodes(t *testing.T) {
	tests := []struct {
		name, code string
	}{
		{"final", "QuotaExceeded"},
		{"transient (the default)", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _, c := newFace(t, azuretest.Latency())
			provisioned(t, w, false)
			want := tc.code
			if want == "" {
				want = "InternalServerError"
			}
			for _, op := range []string{"PutPublicIP", "DeletePrivatePeering"} {
				w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: op, Count: 1, Kind: sim.AsyncFailure, Code: tc.code})
			}
			resp, _ := c.do(http.MethodPut, path("publicIPAddresses/pip2"), pipBody)
			_, body, _ := c.pollUntil(resp.Header.Get("Azure-AsyncOperation"), func(_ *http.Response, b []byte) bool {
				return field(t, b, "status") != "InProgress"
			})
			if field(t, body, "status") != "Failed" || field(t, body, "error", "code") != want || field(t, body, "error", "message") == "" {
				t.Errorf("failed PUT's status: %s, want Failed with %s", body, want)
			}
			resp, _ = c.do(http.MethodDelete, path("expressRouteCircuits/er/peerings/AzurePrivatePeering"), "")
			op, loc := resp.Header.Get("Azure-AsyncOperation"), resp.Header.Get("Location")
			_, body, _ = c.pollUntil(op, func(_ *http.Response, b []byte) bool { return field(t, b, "status") != "InProgress" })
			if field(t, body, "status") != "Failed" || field(t, body, "error", "code") != want {
				t.Errorf("failed DELETE's status: %s, want Failed with %s", body, want)
			}
			resp, body = c.do(http.MethodGet, loc, "")
			if code := armError(t, resp, body, http.StatusInternalServerError); code != want {
				t.Errorf("failed DELETE's Location: %s, want %s", code, want)
			}
		})
	}
}

// TestLearnedRoutesAsyncOnly: with WithLearnedRoutesAsyncOnly, getLearnedRoutes
// answers as Microsoft's VirtualNetworkGatewayLearnedRoutes example: 202 with
// an Azure-AsyncOperation header and no Location; the status polls Succeeded
// and carries no routes.
func TestLearnedRoutesAsyncOnly(t *testing.T) {
	w, _, c := newFace(t, azuretest.Latency(), armface.WithLearnedRoutesAsyncOnly())
	provisioned(t, w, true)
	resp, body := c.do(http.MethodPost, path("virtualNetworkGateways/ergw/getLearnedRoutes"), "")
	loc, op := resp.Header.Get("Location"), resp.Header.Get("Azure-AsyncOperation")
	if resp.StatusCode != http.StatusAccepted || loc != "" || !strings.Contains(op, "/operations/") {
		t.Fatalf("POST: %d %s, Location %q, Azure-AsyncOperation %q; want 202 with the Azure-AsyncOperation only", resp.StatusCode, body, loc, op)
	}
	_, body = c.do(http.MethodGet, op, "")
	if field(t, body, "status") != "Succeeded" || strings.Contains(string(body), "10.20.0.0/16") {
		t.Errorf("operation status: %s, want Succeeded without routes", body)
	}
}
