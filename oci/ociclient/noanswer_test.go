package ociclient_test

import (
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/faultproxy"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestUpdateVirtualCircuitSentAgain: a bandwidth change whose answer is lost
// (the connection closes before it, or its body is cut) after OCI made it is
// sent again, sets the same shape once more and succeeds: the update sets a
// value, so it is safe to send twice (ocisdk's shouldRetry). Creates,
// deletes and the route table's PUT are covered through Apply by the root
// package's TestOCIConnectionsClosedMidAnswer.
func TestUpdateVirtualCircuitSentAgain(t *testing.T) {
	for _, kind := range []faultproxy.Kind{faultproxy.Close, faultproxy.CutBody} {
		t.Run(kind.String(), func(t *testing.T) {
			ctx := t.Context()
			w := ocitest.NewWorld(sim.Latency{})
			er, err := w.Azure().PutCircuit(ctx, "rg-conformance", azure.Circuit{Name: "er", Location: "eastus",
				SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"}, ServiceProvider: azure.OracleServiceProvider,
				PeeringLocation: "Washington DC", BandwidthMbps: 1000})
			if err != nil {
				t.Fatal(err)
			}
			mapping := func(p string) oci.CrossConnectMapping {
				o := netip.MustParsePrefix(p).Addr().Next()
				return oci.CrossConnectMapping{OracleBGPPeeringIP: netip.PrefixFrom(o, 30), CustomerBGPPeeringIP: netip.PrefixFrom(o.Next(), 30),
					BGPMD5AuthKey: secret.Value("md5")}
			}
			vc, err := w.OCI().CreateVirtualCircuit(ctx, oci.VirtualCircuit{CompartmentID: ocitest.Compartment, DisplayName: "vc",
				Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps", GatewayID: w.AddDRG(sim.DRG{CompartmentID: ocitest.Compartment}).ID,
				ProviderServiceID: sim.AzureProviderServiceID, ProviderServiceKeyName: er.ServiceKey,
				CrossConnectMappings: []oci.CrossConnectMapping{mapping("192.168.240.0/30"), mapping("192.168.240.4/30")}}, "")
			if err != nil {
				t.Fatal(err)
			}
			if vc, err = w.OCI().GetVirtualCircuit(ctx, vc.ID); err != nil || vc.State != oci.Provisioned {
				t.Fatalf("virtual circuit %+v, %v: want PROVISIONED", vc, err)
			}
			er.BandwidthMbps = 2000
			if _, err := w.Azure().PutCircuit(ctx, "rg-conformance", er); err != nil {
				t.Fatal(err)
			}

			face := ociface.Start(t, w)
			px, err := faultproxy.Start(face.URL(), face.HTTPClient().Transport, faultproxy.Config{
				Rules: []faultproxy.Rule{{Method: http.MethodPut, Path: "/virtualCircuits/", Kind: kind, Count: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			defer px.Close()
			c, err := ociclient.NewClient(face.ConfigProvider(), ociclient.WithEndpoint(px.URL()), ociclient.WithHTTPClient(px.Client()),
				ociclient.WithRetryPolicy(ociclient.NewRetryPolicy(3, time.Millisecond, 10*time.Millisecond)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.UpdateVirtualCircuit(ctx, vc.ID, "2 Gbps")
			if err != nil || got.BandwidthShapeName != "2 Gbps" || got.State != oci.Provisioned {
				t.Fatalf("UpdateVirtualCircuit = %+v, %v", got, err)
			}
			puts := 0
			for _, r := range face.Requests() {
				if r.Method == http.MethodPut {
					puts++
				}
			}
			if st := px.Stats(); st.Faults[kind] != 1 || puts != 2 {
				t.Errorf("%s; the face answered %d PUTs, want the lost one and the one sent again", st, puts)
			}
		})
	}
}
