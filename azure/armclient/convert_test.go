package armclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"
)

func TestStateFromARM(t *testing.T) {
	tests := []struct {
		in   *armnetwork.ProvisioningState
		want azure.ProvisioningState
	}{
		{nil, ""},
		{to.Ptr(armnetwork.ProvisioningStateSucceeded), azure.Succeeded},
		{to.Ptr(armnetwork.ProvisioningStateUpdating), azure.Updating},
		{to.Ptr(armnetwork.ProvisioningStateCreating), azure.Updating},
		{to.Ptr(armnetwork.ProvisioningStateDeleting), azure.Deleting},
		{to.Ptr(armnetwork.ProvisioningStateFailed), azure.Failed},
		{to.Ptr(armnetwork.ProvisioningStateCanceled), azure.Failed},
	}
	for _, tc := range tests {
		if got := stateFromARM(tc.in); got != tc.want {
			t.Errorf("stateFromARM(%v) = %q, want %q", deref(tc.in), got, tc.want)
		}
	}
}

func TestFailWithoutAnARMAnswer(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cause := errors.New("dial tcp: connection refused, key s3cret")
	tests := []struct {
		name    string
		ctx     context.Context
		err     error
		secrets []string
		want    string
		wraps   bool
	}{
		{"nil", context.Background(), nil, nil, "", false},
		{"context ended", canceled, cause, nil, "context canceled", true},
		{"transport", context.Background(), cause, nil, "azure: GetCircuit /x: dial tcp: connection refused, key s3cret", true},
		{"transport naming a secret", context.Background(), cause, []string{"s3cret"},
			"azure: GetCircuit /x: dial tcp: connection refused, key (sensitive)", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := fail(tc.ctx, "GetCircuit", "/x", tc.err, tc.secrets...)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("fail(nil) = %v", err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("fail = %v, want %q", err, tc.want)
			}
			if wraps := errors.Is(err, cause) || errors.Is(err, context.Canceled); wraps != tc.wraps {
				t.Errorf("wraps the cause: %v, want %v", wraps, tc.wraps)
			}
		})
	}
}

// TestFailReadsEitherBodyShape: an ARM answer's code and message come from
// ARM's {"error":{...}} and, as Azure Monitor and some front doors answer,
// from a top-level {"code","message"} (azure/internal/armerror reads both);
// secrets are redacted from either.
func TestFailReadsEitherBodyShape(t *testing.T) {
	tests := []struct {
		name, body    string
		code, message string
	}{
		{"ARM's body", `{"error":{"code":"InvalidRequestFormat","message":"key s3cret is wrong"}}`, "InvalidRequestFormat", "key (sensitive) is wrong"},
		{"a top-level body", `{"code":"BadRequest","message":"key s3cret is wrong"}`, "BadRequest", "key (sensitive) is wrong"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Retry-After": {"3"}},
				Body:    io.NopCloser(strings.NewReader(tc.body)),
				Request: &http.Request{Method: http.MethodPut, URL: &url.URL{Scheme: "https", Host: "management.azure.com", Path: "/x"}}}
			err := fail(context.Background(), "PutCircuit", "/x", runtime.NewResponseError(resp), "s3cret")
			var e *azure.Error
			if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest || e.Code != tc.code || e.Message != tc.message ||
				e.RetryAfter != 3*time.Second || e.Op != "PutCircuit" || e.Resource != "/x" || e.OperationFailed {
				t.Errorf("fail = %#v (%v), want %s %q", e, err, tc.code, tc.message)
			}
		})
	}
}

func TestConversionEdges(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"circuit SKU from its name alone",
			circuitFromARM(&armnetwork.ExpressRouteCircuit{SKU: &armnetwork.ExpressRouteCircuitSKU{Name: to.Ptr("Premium_UnlimitedData")}}).SKU,
			azure.CircuitSKU{Tier: "Premium", Family: "UnlimitedData"}},
		{"subnet from addressPrefixes",
			subnetFromARM(&armnetwork.Subnet{Properties: &armnetwork.SubnetPropertiesFormat{AddressPrefixes: []*string{to.Ptr("10.0.0.0/27")}}}).Prefix,
			netip.MustParsePrefix("10.0.0.0/27")},
		{"zones round trip",
			publicIPFromARM(to.Ptr(publicIPToARM(nil, azure.PublicIP{Name: "p", Zones: []string{"1", "2", "3"}}))).Zones,
			[]string{"1", "2", "3"}},
		{"no zones", stringsToARM(nil), []*string(nil)},
		{"public IP SKU defaults to Standard",
			string(*publicIPToARM(nil, azure.PublicIP{Name: "p"}).SKU.Name), "Standard"},
		{"unparsable addresses read as zero",
			routesFromARM([]*armnetwork.ExpressRouteCircuitRoutesTable{nil, {Network: to.Ptr("x"), NextHop: to.Ptr("y"), Path: to.Ptr("31898")}}),
			[]azure.Route{{Path: "31898"}}},
		{"ARP age is in minutes",
			arpFromARM([]*armnetwork.ExpressRouteCircuitArpTable{nil, {Age: to.Ptr[int32](2), IPAddress: to.Ptr("192.168.240.1")}}),
			[]azure.ARPEntry{{IPAddress: netip.MustParseAddr("192.168.240.1"), AgeSeconds: 120}}},
		{"learned routes: nil rows are skipped, unparsable addresses read as zero",
			gatewayRoutesFromARM([]*armnetwork.GatewayRoute{nil, {Network: to.Ptr("10.20.0.0/16"), NextHop: to.Ptr("x"),
				Origin: to.Ptr("EBgp"), AsPath: to.Ptr("12076-31898"), Weight: to.Ptr[int32](32769)}}),
			[]azure.GatewayRoute{{Network: netip.MustParsePrefix("10.20.0.0/16"), Origin: azure.OriginEBGP, ASPath: "12076-31898", Weight: 32769}}},
		{"no learned routes is an empty list", gatewayRoutesFromARM(nil), []azure.GatewayRoute{}},
		{"gateway without properties", gatewayFromARM(&armnetwork.VirtualNetworkGateway{Name: to.Ptr("g")}), azure.Gateway{Name: "g"}},
		{"gateway ipConfiguration without properties is skipped",
			gatewayFromARM(&armnetwork.VirtualNetworkGateway{Properties: &armnetwork.VirtualNetworkGatewayPropertiesFormat{
				IPConfigurations: []*armnetwork.VirtualNetworkGatewayIPConfiguration{nil, {Name: to.Ptr("x")}}}}).SubnetID, ""},
		{"scale bounds: a larger maximum is kept",
			*scaleToARM(&armnetwork.VirtualNetworkGatewayAutoScaleConfiguration{Bounds: &armnetwork.VirtualNetworkGatewayAutoScaleBounds{
				Min: to.Ptr[int32](2), Max: to.Ptr[int32](20)}}, azure.Gateway{SKU: azure.SKUErGwScale, ScaleUnits: 10}).Bounds,
			armnetwork.VirtualNetworkGatewayAutoScaleBounds{Min: to.Ptr[int32](10), Max: to.Ptr[int32](20)}},
		{"scale bounds: a smaller maximum is raised",
			*scaleToARM(&armnetwork.VirtualNetworkGatewayAutoScaleConfiguration{Bounds: &armnetwork.VirtualNetworkGatewayAutoScaleBounds{
				Min: to.Ptr[int32](2), Max: to.Ptr[int32](3)}}, azure.Gateway{SKU: azure.SKUErGwScale, ScaleUnits: 10}).Bounds,
			armnetwork.VirtualNetworkGatewayAutoScaleBounds{Min: to.Ptr[int32](10), Max: to.Ptr[int32](10)}},
		{"no scale bounds for other SKUs", scaleToARM(nil, azure.Gateway{SKU: azure.SKUErGw3AZ}), (*armnetwork.VirtualNetworkGatewayAutoScaleConfiguration)(nil)},
		{"no empty tags", tagsToARM(map[string]string{}), map[string]*string(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %#v, want %#v", tc.got, tc.want)
			}
		})
	}
}

// TestGatewayUpdateNamesANewSubnet: a Put that names another subnet or
// public IP sends it on the existing IP configuration (for ARM to judge),
// without changing the value it was given.
func TestGatewayUpdateNamesANewSubnet(t *testing.T) {
	cur := &armnetwork.VirtualNetworkGateway{Properties: &armnetwork.VirtualNetworkGatewayPropertiesFormat{
		IPConfigurations: []*armnetwork.VirtualNetworkGatewayIPConfiguration{{Name: to.Ptr("ipconf"),
			Properties: &armnetwork.VirtualNetworkGatewayIPConfigurationPropertiesFormat{
				Subnet: &armnetwork.SubResource{ID: to.Ptr("old-subnet")}, PublicIPAddress: &armnetwork.SubResource{ID: to.Ptr("old-pip")}}}}}}
	out := gatewayToARM(cur, azure.Gateway{Name: "g", GatewayType: azure.GatewayTypeExpressRoute, SKU: azure.SKUErGw3AZ, SubnetID: "new-subnet", PublicIPID: "new-pip"})
	c := out.Properties.IPConfigurations[0]
	if deref(c.Name) != "ipconf" || deref(c.Properties.Subnet.ID) != "new-subnet" || deref(c.Properties.PublicIPAddress.ID) != "new-pip" {
		t.Errorf("sent %+v", c.Properties)
	}
	if was := cur.Properties.IPConfigurations[0].Properties; deref(was.Subnet.ID) != "old-subnet" || deref(was.PublicIPAddress.ID) != "old-pip" {
		t.Errorf("the resource read from ARM was changed: %+v", was)
	}
}
