package sim

import (
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// TestOCIRules checks each rule OCI enforces: one row each, with the status
// and the OCI error code.
func TestOCIRules(t *testing.T) {
	vcWith := func(f *fx, mod func(*oci.VirtualCircuit)) error {
		v := vcSpec(f.circuit("er").ServiceKey, f.drg().ID)
		mod(&v)
		_, err := f.oc.CreateVirtualCircuit(f.ctx, v, "")
		return err
	}
	addRule := func(f *fx, r oci.RouteRule) error {
		_, err := f.oc.UpdateRouteTable(f.ctx, testRT, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
			return append(rules, r), true
		})
		return err
	}
	tests := []struct {
		name   string
		act    func(f *fx) error
		status int
		code   string
	}{
		{"unknown compartment", func(f *fx) error {
			_, err := f.oc.ListDRGs(f.ctx, "ocid1.compartment.oc1..nope")
			return err
		}, 404, "NotAuthorizedOrNotFound"},
		{"create in an unknown compartment", func(f *fx) error {
			_, err := f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: "ocid1.compartment.oc1..nope"}, "")
			return err
		}, 404, "NotAuthorizedOrNotFound"},
		{"missing VCN", func(f *fx) error {
			_, err := f.oc.GetVCN(f.ctx, "ocid1.vcn.oc1.us-ashburn-1.nope")
			return err
		}, 404, "NotAuthorizedOrNotFound"},
		{"attach a DRG still provisioning", func(f *fx) error {
			d := must[oci.DRG](f.t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp}, ""))
			_, err := f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: testVCN}, "")
			return err
		}, 409, "IncorrectState"},
		{"attach a VCN attached elsewhere", func(f *fx) error {
			f.attach(f.drg().ID)
			_, err := f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: f.drg().ID, VCNID: testVCN}, "")
			return err
		}, 409, "Conflict"},
		{"attach to a missing VCN", func(f *fx) error {
			_, err := f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: f.drg().ID, VCNID: "ocid1.vcn.oc1.us-ashburn-1.nope"}, "")
			return err
		}, 404, "NotAuthorizedOrNotFound"},
		{"delete a DRG with an attachment", func(f *fx) error {
			d := f.drg()
			f.attach(d.ID)
			return f.oc.DeleteDRG(f.ctx, d.ID)
		}, 409, "Conflict"},
		{"delete a DRG while its attachment is detaching", func(f *fx) error {
			d := f.drg()
			noErr(f.t, f.oc.DeleteDRGAttachment(f.ctx, f.attach(d.ID).ID))
			return f.oc.DeleteDRG(f.ctx, d.ID)
		}, 409, "Conflict"},
		{"delete a DRG a virtual circuit uses", func(f *fx) error {
			_, d, _ := f.provisioned()
			_ = d
			for _, a := range must[[]oci.DRGAttachment](f.t)(f.oc.ListDRGAttachments(f.ctx, testComp, "", d.ID)) {
				noErr(f.t, f.oc.DeleteDRGAttachment(f.ctx, a.ID))
			}
			time.Sleep(f.lat.DRGAttachment)
			return f.oc.DeleteDRG(f.ctx, d.ID)
		}, 409, "Conflict"},
		{"detach while a route rule targets the DRG", func(f *fx) error {
			d := f.drg()
			a := f.attach(d.ID)
			noErr(f.t, addRule(f, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID}))
			return f.oc.DeleteDRGAttachment(f.ctx, a.ID)
		}, 409, "Conflict"},
		{"route rule to a DRG not attached", func(f *fx) error {
			return addRule(f, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: f.drg().ID})
		}, 400, "InvalidParameter"},
		{"route rule to a DRG still attaching", func(f *fx) error {
			d := f.drg()
			must[oci.DRGAttachment](f.t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: testVCN}, ""))
			return addRule(f, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID})
		}, 400, "InvalidParameter"},
		{"route rule destination not masked", func(f *fx) error {
			d := f.drg()
			f.attach(d.ID)
			return addRule(f, oci.RouteRule{Destination: netip.MustParsePrefix("10.10.0.1/16"), NetworkEntityID: d.ID})
		}, 400, "InvalidParameter"},
		{"route rule destination missing", func(f *fx) error {
			return addRule(f, oci.RouteRule{NetworkEntityID: "ocid1.internetgateway.oc1.us-ashburn-1.x"})
		}, 400, "InvalidParameter"},
		{"stale etag", func(f *fx) error {
			rt := must[oci.RouteTable](f.t)(f.oc.GetRouteTable(f.ctx, testRT))
			must[oci.RouteTable](f.t)(f.w.replaceRouteRules(testRT, rt.ETag, nil))
			_, err := f.w.replaceRouteRules(testRT, rt.ETag, nil)
			return err
		}, 412, "NoEtagMatch"},
		{"virtual circuit of type PUBLIC", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.Type = "PUBLIC" })
		}, 400, "InvalidParameter"},
		{"virtual circuit on a DRG still provisioning", func(f *fx) error {
			c := f.circuit("er")
			d := must[oci.DRG](f.t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp}, ""))
			_, err := f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), "")
			return err
		}, 409, "IncorrectState"},
		{"virtual circuit on a missing DRG", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.GatewayID = "ocid1.drg.oc1.us-ashburn-1.nope" })
		}, 404, "NotAuthorizedOrNotFound"},
		{"virtual circuit of an unknown provider service", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.ProviderServiceID = "ocid1.providerservice.oc1..nope" })
		}, 400, "InvalidParameter"},
		{"virtual circuit shape not offered", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.BandwidthShapeName = "3 Gbps" })
		}, 400, "InvalidParameter"},
		{"virtual circuit with one mapping", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.CrossConnectMappings = v.CrossConnectMappings[:1] })
		}, 400, "InvalidParameter"},
		{"mapping address written without its /30", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) {
				v.CrossConnectMappings[0].OracleBGPPeeringIP = netip.MustParsePrefix("192.168.240.1/32")
			})
		}, 400, "InvalidParameter"},
		{"mapping addresses in different /30s", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) {
				v.CrossConnectMappings[0].CustomerBGPPeeringIP = netip.MustParsePrefix("192.168.240.6/30")
			})
		}, 400, "InvalidParameter"},
		{"mapping addresses the same", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) {
				v.CrossConnectMappings[0].CustomerBGPPeeringIP = v.CrossConnectMappings[0].OracleBGPPeeringIP
			})
		}, 400, "InvalidParameter"},
		{"mapping address is the network address", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) {
				v.CrossConnectMappings[0].OracleBGPPeeringIP = netip.MustParsePrefix("192.168.240.0/30")
			})
		}, 400, "InvalidParameter"},
		{"both mappings in one /30", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1] = v.CrossConnectMappings[0] })
		}, 400, "InvalidParameter"},
		{"MD5 key too long", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) {
				v.CrossConnectMappings[0].BGPMD5AuthKey = secret.Value(strings.Repeat("k", 33))
			})
		}, 400, "InvalidParameter"},
		{"MD5 key with a space", func(f *fx) error {
			return vcWith(f, func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1].BGPMD5AuthKey = "top secret" })
		}, 400, "InvalidParameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				err := tt.act(f)
				wantOCIErr(t, err, tt.status, tt.code)
				if got := errors.Is(err, oci.ErrNotFound); got != (tt.status == http.StatusNotFound) {
					t.Errorf("errors.Is(err, oci.ErrNotFound) = %v", got)
				}
				if strings.Contains(err.Error(), "kkkkkkkk") || strings.Contains(err.Error(), "top secret") {
					t.Errorf("error echoes the MD5 key: %v", err)
				}
			})
		})
	}
}

func TestOCILifecycles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		d := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "d", FreeformTags: map[string]string{"k": "v"}}, ""))
		if d.State != oci.Provisioning || !strings.HasPrefix(d.ID, "ocid1.drg.oc1.us-ashburn-1.aaaaaaaa") {
			t.Errorf("new DRG = %+v", d)
		}
		time.Sleep(f.lat.DRG)
		a := must[oci.DRGAttachment](t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: testVCN}, ""))
		if a.State != oci.Attaching || a.CompartmentID != testComp || a.VCNID != testVCN || a.DRGID != d.ID {
			t.Errorf("new attachment = %+v", a)
		}
		time.Sleep(f.lat.DRGAttachment)
		if l := must[[]oci.DRGAttachment](t)(f.oc.ListDRGAttachments(f.ctx, testComp, testVCN, "")); len(l) != 1 || l[0].State != oci.Attached {
			t.Errorf("attachments = %+v", l)
		}
		rt := must[oci.RouteTable](t)(f.oc.UpdateRouteTable(f.ctx, testRT, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
			return append(r, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID}), true
		}))
		etag := rt.ETag
		rt = must[oci.RouteTable](t)(f.oc.UpdateRouteTable(f.ctx, testRT, func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return r, false }))
		if rt.ETag != etag || len(rt.Rules) != 1 || rt.VCNID != testVCN {
			t.Errorf("no-op update changed the table: %+v", rt)
		}
		calls := f.w.Calls()
		if last := calls[len(calls)-1]; last.Operation != "UpdateRouteTable" || last.Mutating {
			t.Errorf("no-op update logged as %+v", last)
		}
		if calls[len(calls)-2].Mutating != true {
			t.Errorf("writing update not logged as mutating")
		}
		// Teardown order: rules, attachment, DRG.
		must[oci.RouteTable](t)(f.oc.UpdateRouteTable(f.ctx, testRT, func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return nil, true }))
		noErr(t, f.oc.DeleteDRGAttachment(f.ctx, a.ID))
		noErr(t, f.oc.DeleteDRGAttachment(f.ctx, a.ID)) // again while DETACHING: fine
		time.Sleep(f.lat.DRGAttachment)
		if a := must[oci.DRGAttachment](t)(f.oc.GetDRGAttachment(f.ctx, a.ID)); a.State != oci.Detached {
			t.Errorf("attachment %s", a.State)
		}
		if l := must[[]oci.DRGAttachment](t)(f.oc.ListDRGAttachments(f.ctx, testComp, "", d.ID)); len(l) != 0 {
			t.Errorf("List shows a DETACHED attachment")
		}
		noErr(t, f.oc.DeleteDRG(f.ctx, d.ID))
		if got := must[oci.DRG](t)(f.oc.GetDRG(f.ctx, d.ID)); got.State != oci.Terminating {
			t.Errorf("DRG %s", got.State)
		}
		time.Sleep(f.lat.DRG)
		if got := must[oci.DRG](t)(f.oc.GetDRG(f.ctx, d.ID)); got.State != oci.Terminated {
			t.Errorf("DRG %s; Get must still answer for a TERMINATED DRG", got.State)
		}
		if l := must[[]oci.DRG](t)(f.oc.ListDRGs(f.ctx, testComp)); len(l) != 0 {
			t.Errorf("List shows a TERMINATED DRG")
		}
		wantOCIErr(t, f.oc.DeleteDRG(f.ctx, d.ID), 404, "NotAuthorizedOrNotFound")

		// Catalog.
		ps := must[[]oci.ProviderService](t)(f.oc.ListProviderServices(f.ctx, f.oc.TenancyID()))
		var azureID string
		for _, p := range ps {
			if p.ProviderName == oci.AzureProviderName {
				azureID = p.ID
			}
		}
		shapes := must[[]oci.BandwidthShape](t)(f.oc.ListBandwidthShapes(f.ctx, azureID))
		if len(shapes) != 4 || shapes[0] != (oci.BandwidthShape{Name: "1 Gbps", Mbps: 1000}) || shapes[3].Mbps != 10000 {
			t.Errorf("shapes = %+v", shapes)
		}
		// Another region's face sees nothing of us.
		v := must[oci.VCN](t)(f.oc.GetVCN(f.ctx, testVCN))
		if v.DefaultRouteTableID != testRT || v.State != oci.Available {
			t.Errorf("VCN = %+v", v)
		}
	})
}

func TestRetryTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		d1 := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "d"}, "tok-1"))
		time.Sleep(f.lat.DRG)
		d2 := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "d"}, "tok-1"))
		if d2.ID != d1.ID || d2.State != oci.Available {
			t.Errorf("retried create: %+v, first %+v", d2, d1)
		}
		d3 := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "d"}, ""))
		if d3.ID == d1.ID {
			t.Errorf("no token made the same DRG")
		}
		c := f.circuit("er")
		vc1 := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d1.ID), "vc-tok"))
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc1.ID))
		vc2 := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d1.ID), "vc-tok"))
		if vc2.ID != vc1.ID || vc2.State != oci.Terminating {
			t.Errorf("retried VC = %s %s (whatever its state now)", vc2.ID, vc2.State)
		}
		a1 := must[oci.DRGAttachment](t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: testVCN}, "a-tok"))
		a2 := must[oci.DRGAttachment](t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d1.ID, VCNID: testVCN}, "a-tok"))
		if a1.ID != a2.ID {
			t.Errorf("retried attachment made another")
		}
		time.Sleep(24 * time.Hour)
		d4 := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: "d"}, "tok-1"))
		if d4.ID == d1.ID {
			t.Errorf("a token older than 24h still answered")
		}
		var drgs int
		for _, c := range f.w.Calls() {
			if c.Operation == "CreateDRG" {
				drgs++
			}
		}
		if drgs != 4 {
			t.Errorf("%d CreateDRG calls logged, want 4", drgs)
		}
	})
}

func TestSecondRegionFace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := New(WithOCIRegion("eu-frankfurt-1"), instantReads())
		w.AddVCN(VCN{ID: testVCN, CompartmentID: testComp, Region: testRegion, CIDRs: []netip.Prefix{vcnCIDR}})
		if _, err := w.OCI().GetVCN(t.Context(), testVCN); !errors.Is(err, oci.ErrNotFound) {
			t.Errorf("a Frankfurt face sees an Ashburn VCN: %v", err)
		}
		d := must[oci.DRG](t)(w.OCI().CreateDRG(t.Context(), oci.DRG{CompartmentID: testComp}, ""))
		if !strings.Contains(d.ID, ".eu-frankfurt-1.") {
			t.Errorf("DRG OCID %s", d.ID)
		}
	})
}
