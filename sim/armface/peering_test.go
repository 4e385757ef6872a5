package armface_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
)

const spokeName = "vnet-spoke"

// seedSpoke seeds a second virtual network (10.30.0.0/16) and returns its ID.
func seedSpoke(w *sim.World) string {
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: rg, Name: spokeName, Region: azuretest.Region,
		AddressSpace: []netip.Prefix{mustPrefix("10.30.0.0/16")}})
	return "/subscriptions/" + azuretest.Subscription + "/resourceGroups/" + rg + "/providers/Microsoft.Network/virtualNetworks/" + spokeName
}

func peeringBody(remote string, useRemoteGateways bool) string {
	flag := "false"
	if useRemoteGateways {
		flag = "true"
	}
	return `{"properties":{"allowVirtualNetworkAccess":true,"allowForwardedTraffic":true,"allowGatewayTransit":false,` +
		`"useRemoteGateways":` + flag + `,"remoteVirtualNetwork":{"id":"` + remote + `"}}}`
}

// TestVNetPeeringLifecycle: PUT answers 201 with an Azure-AsyncOperation
// and accepts syncRemoteAddressSpace; the peering is then read alone and
// inline in its virtual network; both sides turn Connected; a refusal is
// the world's ARM error; DELETE answers 202 with a Location, then 204 for a
// peering that is gone; the other side is then Disconnected.
func TestVNetPeeringLifecycle(t *testing.T) {
	w, _, c := newFace(t, azuretest.Latency())
	spokeID := seedSpoke(w)
	hubID := "/subscriptions/" + azuretest.Subscription + "/resourceGroups/" + rg + "/providers/Microsoft.Network/virtualNetworks/" + azuretest.VirtualNetwork
	hubSide := path("virtualNetworks/" + azuretest.VirtualNetwork + "/virtualNetworkPeerings/hub-to-spoke")
	spokeSide := path("virtualNetworks/" + spokeName + "/virtualNetworkPeerings/spoke-to-hub")

	resp, body := c.do(http.MethodPut, c.base+hubSide+"?api-version="+apiVersion+"&syncRemoteAddressSpace=true", peeringBody(spokeID, false))
	if resp.StatusCode != http.StatusCreated || field(t, body, "properties", "peeringState") != "Initiated" ||
		field(t, body, "properties", "provisioningState") != "Updating" {
		t.Fatalf("PUT with syncRemoteAddressSpace: %d %s", resp.StatusCode, body)
	}
	op := resp.Header.Get("Azure-AsyncOperation")
	if !strings.Contains(op, "/operations/") {
		t.Fatalf("Azure-AsyncOperation %q", op)
	}
	_, body, _ = c.pollUntil(op, func(_ *http.Response, b []byte) bool { return field(t, b, "status") != "InProgress" })
	if field(t, body, "status") != "Succeeded" {
		t.Fatalf("operation ended %s", body)
	}
	resp, body = c.do(http.MethodGet, hubSide, "")
	if resp.StatusCode != http.StatusOK || field(t, body, "properties", "remoteVirtualNetwork", "id") != spokeID ||
		field(t, body, "properties", "allowForwardedTraffic") != true || field(t, body, "properties", "provisioningState") != "Succeeded" {
		t.Errorf("GET: %d %s", resp.StatusCode, body)
	}
	if got := field(t, body, "properties", "remoteAddressSpace", "addressPrefixes"); len(got.([]any)) != 1 || got.([]any)[0] != "10.30.0.0/16" {
		t.Errorf("remoteAddressSpace %v", got)
	}

	resp, body = c.do(http.MethodPut, spokeSide, peeringBody(hubID, true))
	if code := armError(t, resp, body, http.StatusBadRequest); code != "RemoteVnetHasNoGateways" {
		t.Errorf("spoke's side using the hub's missing gateway: %s", code)
	}
	resp, body = c.do(http.MethodPut, spokeSide, peeringBody(hubID, false))
	if resp.StatusCode != http.StatusCreated || field(t, body, "properties", "peeringState") != "Connected" {
		t.Fatalf("spoke's side: %d %s", resp.StatusCode, body)
	}
	_, body, _ = c.pollUntil(resp.Header.Get("Azure-AsyncOperation"), func(_ *http.Response, b []byte) bool { return field(t, b, "status") != "InProgress" })
	if field(t, body, "status") != "Succeeded" {
		t.Fatalf("operation ended %s", body)
	}
	_, body = c.do(http.MethodGet, path("virtualNetworks/"+azuretest.VirtualNetwork), "")
	inline, _ := field(t, body, "properties", "virtualNetworkPeerings").([]any)
	if len(inline) != 1 || inline[0].(map[string]any)["name"] != "hub-to-spoke" ||
		inline[0].(map[string]any)["properties"].(map[string]any)["peeringState"] != "Connected" {
		t.Errorf("the VNet lists %v", inline)
	}

	resp, body = c.do(http.MethodGet, path("virtualNetworks/"+azuretest.VirtualNetwork+"/virtualNetworkPeerings/nope"), "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "NotFound" {
		t.Errorf("GET of a missing peering: %s", code)
	}
	resp, _ = c.do(http.MethodDelete, path("virtualNetworks/"+azuretest.VirtualNetwork+"/virtualNetworkPeerings/nope"), "")
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE of a missing peering: %d, want 204", resp.StatusCode)
	}
	resp, body = c.do(http.MethodDelete, path("virtualNetworks/vnet-nope/virtualNetworkPeerings/p"), "")
	if code := armError(t, resp, body, http.StatusNotFound); code != "ResourceNotFound" {
		t.Errorf("DELETE under a missing VNet: %s", code)
	}

	resp, _ = c.do(http.MethodDelete, hubSide, "")
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Location") == "" {
		t.Fatalf("DELETE: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _, _ = c.pollUntil(resp.Header.Get("Location"), func(r *http.Response, _ []byte) bool { return r.StatusCode != http.StatusAccepted })
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("Location after the delete: %d", resp.StatusCode)
	}
	_, body = c.do(http.MethodGet, spokeSide, "")
	if field(t, body, "properties", "peeringState") != "Disconnected" {
		t.Errorf("spoke's side after the delete: %s", body)
	}
	resp, body = c.do(http.MethodPost, hubSide, "")
	if code := armError(t, resp, body, http.StatusMethodNotAllowed); code != "MethodNotAllowed" {
		t.Errorf("POST: %s", code)
	}
	resp, body = c.do(http.MethodPut, hubSide, "{not json")
	if code := armError(t, resp, body, http.StatusBadRequest); code != "InvalidRequestContent" {
		t.Errorf("PUT of a body that is not JSON: %s", code)
	}
}

// TestVNetPeeringFlagsLeftOut: a PUT body without properties reaches the
// world as a peering without a remote virtual network, which it refuses.
func TestVNetPeeringFlagsLeftOut(t *testing.T) {
	_, _, c := newFace(t, sim.Latency{})
	resp, body := c.do(http.MethodPut, path("virtualNetworks/"+azuretest.VirtualNetwork+"/virtualNetworkPeerings/p"), `{}`)
	if code := armError(t, resp, body, http.StatusBadRequest); code != "InvalidRequestFormat" {
		t.Errorf("PUT of {}: %s", code)
	}
}

// TestVNetPeeringGetIsARead: the GET of one peering is served by reading
// its virtual network, an API call of the world (logged, faults apply).
func TestVNetPeeringGetIsARead(t *testing.T) {
	w, _, c := newFace(t, sim.Latency{})
	w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "GetVirtualNetwork", Count: 1, Kind: sim.Throttle, RetryAfter: 2 * time.Second})
	resp, body := c.do(http.MethodGet, path("virtualNetworks/"+azuretest.VirtualNetwork+"/virtualNetworkPeerings/p"), "")
	if code := armError(t, resp, body, http.StatusTooManyRequests); code != "TooManyRequests" || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("throttled GET: %s, Retry-After %q", code, resp.Header.Get("Retry-After"))
	}
	var reads int
	for _, call := range w.Calls() {
		if call.Operation == "GetVirtualNetwork" {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("%d GetVirtualNetwork calls logged, want 1", reads)
	}
}
