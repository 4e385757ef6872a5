package ociface_test

import (
	"net/http"
	"testing"

	"github.com/azoci/interconnect/sim/ociface"
)

// TestDRGRouteTableWire: a DRG names its default route tables
// (defaultDrgRouteTables.vcn), a VCN attachment its drgRouteTableId; GET
// and PUT /drgRouteTables/{id} read and set isEcmpEnabled, and a PUT that
// sets anything else is refused, since the simulator could not honour it.
func TestDRGRouteTableWire(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	w := newWorld()
	srv := ociface.Start(t, w)
	call := func(method, path, body string) answer {
		t.Helper()
		return do(t, srv, sign(t, request(t, srv, method, path, body), good))
	}
	var drg struct {
		Id                    string
		DefaultDrgRouteTables struct{ Vcn string }
	}
	call("POST", "/drgs", `{"compartmentId":"`+comp+`"}`).json(t, &drg)
	if drg.DefaultDrgRouteTables.Vcn == "" {
		t.Fatalf("the DRG names no default VCN route table")
	}
	table := "/drgRouteTables/" + drg.DefaultDrgRouteTables.Vcn
	var att struct{ DrgRouteTableId string }
	call("POST", "/drgAttachments", `{"drgId":"`+drg.Id+`","networkDetails":{"type":"VCN","id":"`+vcn+`"}}`).json(t, &att)
	if att.DrgRouteTableId != drg.DefaultDrgRouteTables.Vcn {
		t.Errorf("the attachment's drgRouteTableId is %q, want %q", att.DrgRouteTableId, drg.DefaultDrgRouteTables.Vcn)
	}

	type tableBody struct {
		Id, DrgId, CompartmentId, LifecycleState string
		IsEcmpEnabled                            *bool
	}
	var rt tableBody
	if a := call("GET", table, ""); a.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", table, a.status, a.body)
	} else {
		a.json(t, &rt)
	}
	if rt.IsEcmpEnabled == nil || *rt.IsEcmpEnabled || rt.DrgId != drg.Id || rt.CompartmentId != comp || rt.LifecycleState != "AVAILABLE" {
		t.Errorf("GET %s = %+v", table, rt)
	}
	call("PUT", table, `{"isEcmpEnabled":true}`).json(t, &rt)
	if rt.IsEcmpEnabled == nil || !*rt.IsEcmpEnabled {
		t.Errorf("PUT isEcmpEnabled true answered %+v", rt)
	}
	call("PUT", table, `{}`).json(t, &rt)
	if !*rt.IsEcmpEnabled {
		t.Errorf("an empty PUT changed ECMP: %+v", rt)
	}
	for _, body := range []string{`{"displayName":"x"}`, `{"isEcmpEnabled":false,"importDrgRouteDistributionId":"ocid1.drgroutedistribution.oc1..x"}`} {
		if a := call("PUT", table, body); a.status != http.StatusBadRequest || a.errorCode(t) != "InvalidParameter" {
			t.Errorf("PUT %s: %d %s, want 400 InvalidParameter", body, a.status, a.body)
		}
	}
	call("GET", table, "").json(t, &rt)
	if !*rt.IsEcmpEnabled {
		t.Errorf("a refused PUT changed the table: %+v", rt)
	}
	if a := call("GET", "/drgRouteTables/ocid1.drgroutetable.oc1.us-ashburn-1.aaaaaaaanone", ""); a.status != http.StatusNotFound ||
		a.errorCode(t) != "NotAuthorizedOrNotFound" {
		t.Errorf("GET of a missing table: %d %s", a.status, a.body)
	}
}
