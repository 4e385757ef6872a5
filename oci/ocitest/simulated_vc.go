package ocitest

import (
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// This file: the simulator tests of virtual circuits (see simulated.go):
// the order and its handoff with the ExpressRoute circuit, a bandwidth
// change, deletion, a key the provider refuses, and validation.

func testVirtualCircuit(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	er := erCircuit(t, w, "er")
	d := availableDRG(t, simEnv, n, "drg")
	attached(t, simEnv, n, d.ID, VCN)

	spec := vcSpec("vc-azure", er.ServiceKey, d.ID)
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, spec, ""))
	if vc.ID == "" || vc.CompartmentID != Compartment || vc.DisplayName != spec.DisplayName || vc.Type != oci.CircuitTypePrivate ||
		vc.BandwidthShapeName != "1 Gbps" || vc.GatewayID != d.ID || vc.ProviderServiceID != sim.AzureProviderServiceID ||
		vc.ProviderServiceKeyName.Reveal() != er.ServiceKey.Reveal() || !maps.Equal(vc.FreeformTags, spec.FreeformTags) ||
		vc.State != oci.PendingProvider || vc.ProviderState != oci.ProviderInactive || vc.BGPSessionState != oci.BGPDown ||
		vc.OracleBGPASN != oci.OracleASN {
		t.Errorf("CreateVirtualCircuit = %+v", vc)
	}
	if !slices.Equal(vc.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("cross-connect mappings = %+v, want %+v", vc.CrossConnectMappings, spec.CrossConnectMappings)
	}
	for _, s := range []string{fmt.Sprint(vc), fmt.Sprintf("%+v", vc), fmt.Sprintf("%#v", vc)} {
		if strings.Contains(s, er.ServiceKey.Reveal()) || strings.Contains(s, md5Key) {
			t.Errorf("a printed virtual circuit shows a secret: %s", s)
		}
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioning {
		t.Errorf("ExpressRoute circuit right after the order: %s, want Provisioning", c.ProviderState)
	}

	get := func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) }
	up := waitFor(t, SimPace, "PROVISIONED with BGP up", get, func(v oci.VirtualCircuit) bool {
		return v.State == oci.Provisioned && v.BGPSessionState == oci.BGPUp
	})
	if up.ProviderState != oci.ProviderActive || !slices.Equal(up.CrossConnectMappings, spec.CrossConnectMappings) {
		t.Errorf("provisioned virtual circuit = %+v", up)
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.Provisioned {
		t.Errorf("ExpressRoute circuit after PROVISIONED: %s", c.ProviderState)
	}
	p := must[azure.PrivatePeering](t)(w.Azure().GetPrivatePeering(ctx, resourceGroup, "er"))
	if p.PeerASN != oci.OracleASN || p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary {
		t.Errorf("the peering Oracle configured = %+v", p)
	}
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); !slices.Equal(ids(l, vcID), []string{vc.ID}) {
		t.Errorf("FindVirtualCircuits = %v", ids(l, vcID))
	}

	// A bandwidth change: refused until the ExpressRoute circuit runs at the
	// new rate, then made.
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "3 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
	er.BandwidthMbps = 2000
	must[azure.Circuit](t)(w.Azure().PutCircuit(ctx, resourceGroup, er))
	if v := must[oci.VirtualCircuit](t)(n.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps")); v.BandwidthShapeName != "2 Gbps" || v.State != oci.Provisioned {
		t.Errorf("UpdateVirtualCircuit = %+v", v)
	}
	if v := must[oci.VirtualCircuit](t)(get()); v.BandwidthShapeName != "2 Gbps" {
		t.Errorf("after the update the virtual circuit is at %s", v.BandwidthShapeName)
	}

	noErr(t, n.DeleteVirtualCircuit(ctx, vc.ID))
	waitFor(t, SimPace, "TERMINATED", get, func(v oci.VirtualCircuit) bool { return v.State == oci.Terminated })
	wantErr(t, func() error { _, err := n.UpdateVirtualCircuit(ctx, vc.ID, "1 Gbps"); return err }(), "UpdateVirtualCircuit", http.StatusConflict, "IncorrectState")
	if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, "vc-azure")); len(l) != 0 {
		t.Errorf("FindVirtualCircuits shows a TERMINATED circuit")
	}
	if c := must[azure.Circuit](t)(w.Azure().GetCircuit(ctx, resourceGroup, "er")); c.ProviderState != azure.NotProvisioned {
		t.Errorf("ExpressRoute circuit after the virtual circuit is gone: %s", c.ProviderState)
	}
	wantErr(t, n.DeleteVirtualCircuit(ctx, vc.ID), "DeleteVirtualCircuit", http.StatusNotFound, "NotAuthorizedOrNotFound")
}

func testVirtualCircuitUnknownKey(t *testing.T, h Harness) {
	w := NewWorld(small)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	vc := must[oci.VirtualCircuit](t)(n.CreateVirtualCircuit(ctx, vcSpec("vc", "00000000-0000-4000-8000-000000000000", d.ID), ""))
	waitFor(t, SimPace, "FAILED", func() (oci.VirtualCircuit, error) { return n.GetVirtualCircuit(ctx, vc.ID) },
		func(v oci.VirtualCircuit) bool { return v.State == oci.Failed })
}

func testVirtualCircuitValidation(t *testing.T, h Harness) {
	w := NewWorld(instant)
	n := over(t, h, w)
	ctx := t.Context()
	d := availableDRG(t, simEnv, n, "drg")
	key := erCircuit(t, w, "er").ServiceKey
	long := strings.Repeat("k", 33)
	tests := []struct {
		name string
		mod  func(*oci.VirtualCircuit)
	}{
		{"PUBLIC type", func(v *oci.VirtualCircuit) { v.Type = "PUBLIC" }},
		{"shape not offered", func(v *oci.VirtualCircuit) { v.BandwidthShapeName = "3 Gbps" }},
		{"unknown provider service", func(v *oci.VirtualCircuit) { v.ProviderServiceID = "ocid1.providerservice.oc1..aaaaaaaanosuch" }},
		{"one mapping", func(v *oci.VirtualCircuit) { v.CrossConnectMappings = v.CrossConnectMappings[:1] }},
		{"address without its /30", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].OracleBGPPeeringIP = netip.MustParsePrefix("192.168.240.1/32")
		}},
		{"addresses in different /30s", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = netip.MustParsePrefix("192.168.240.6/30")
		}},
		{"the same address twice", func(v *oci.VirtualCircuit) {
			v.CrossConnectMappings[0].CustomerBGPPeeringIP = v.CrossConnectMappings[0].OracleBGPPeeringIP
		}},
		{"both mappings in one /30", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1] = v.CrossConnectMappings[0] }},
		{"MD5 key too long", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[0].BGPMD5AuthKey = secret.Value(long) }},
		{"MD5 key with a space", func(v *oci.VirtualCircuit) { v.CrossConnectMappings[1].BGPMD5AuthKey = "top secret" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vcSpec("vc-"+tt.name, key, d.ID)
			tt.mod(&v)
			_, err := n.CreateVirtualCircuit(ctx, v, "")
			e := wantErr(t, err, "CreateVirtualCircuit", http.StatusBadRequest, "InvalidParameter")
			for _, s := range []string{key.Reveal(), md5Key, long, "top secret"} {
				if strings.Contains(err.Error(), s) || strings.Contains(e.Message, s) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
			if l := must[[]oci.VirtualCircuit](t)(n.FindVirtualCircuits(ctx, Compartment, v.DisplayName)); len(l) != 0 {
				t.Errorf("a rejected virtual circuit exists: %+v", l)
			}
		})
	}
}
