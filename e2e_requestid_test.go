package interconnect

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestRequestIDsOverTheFaces: an error that the real adapters read from the
// simulator's HTTPS faces carries the cloud's request IDs, as fields and in
// its message (ARM's x-ms-request-id and x-ms-correlation-request-id, OCI's
// opc-request-id), and each adapter given a logger logs the request with the
// same IDs at debug level.
func TestRequestIDsOverTheFaces(t *testing.T) {
	ctx := context.Background()
	w := seedWorld(sim.WithTenancy(ociface.TestTenancy), sim.WithLatency(sim.Latency{}))
	arm := armface.NewTLSServer(w)
	defer arm.Close()
	ocs := ociface.Start(t, w)
	var azLog, monLog, ocLog lockedBuffer
	debug := func(b *lockedBuffer) *slog.Logger {
		return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, arm.ClientOptions(), armclient.WithLogger(debug(&azLog)))
	if err != nil {
		t.Fatal(err)
	}
	mon, err := monitorclient.NewClient(&fake.TokenCredential{}, arm.ClientOptions(), monitorclient.WithLogger(debug(&monLog)))
	if err != nil {
		t.Fatal(err)
	}
	oc, err := ociclient.NewClient(ocs.ConfigProvider(), ociclient.WithEndpoint(ocs.URL()), ociclient.WithHTTPClient(ocs.HTTPClient()),
		ociclient.WithLogger(debug(&ocLog)))
	if err != nil {
		t.Fatal(err)
	}

	missing := "/subscriptions/" + simSub + "/resourceGroups/rg-network/providers/Microsoft.Network/expressRouteCircuits/missing"
	for name, call := range map[string]struct {
		err func() error
		log *lockedBuffer
	}{
		"armclient": {func() error { _, err := az.GetCircuit(ctx, "rg-network", "missing"); return err }, &azLog},
		"monitorclient": {func() error {
			_, err := mon.ListMetrics(ctx, azure.MetricQuery{ResourceID: missing, Names: []string{azure.MetricBGPAvailability}})
			return err
		}, &monLog},
	} {
		err := call.err()
		var e *azure.Error
		if !errors.As(err, &e) || e.RequestID == "" || e.CorrelationID == "" ||
			!strings.Contains(err.Error(), "x-ms-request-id "+e.RequestID) || !strings.Contains(err.Error(), "x-ms-correlation-request-id "+e.CorrelationID) {
			t.Errorf("%s: error %v (%#v) lacks ARM's request IDs", name, err, e)
			continue
		}
		recs := logRecords(t, call.log.String())
		if len(recs) == 0 || recs[len(recs)-1]["msg"] != "azure request" || recs[len(recs)-1]["request_id"] != e.RequestID ||
			recs[len(recs)-1]["correlation_id"] != e.CorrelationID || recs[len(recs)-1]["status"] != float64(e.StatusCode) {
			t.Errorf("%s: log %v does not show the request with IDs %s, %s", name, recs, e.RequestID, e.CorrelationID)
		}
		t.Logf("%s: %v", name, err)
	}

	_, err = oc.GetVCN(ctx, "ocid1.vcn.oc1.iad.aaaaaaaamissing")
	var e *oci.Error
	if !errors.As(err, &e) || e.OpcRequestID == "" || !strings.Contains(err.Error(), "opc-request-id "+e.OpcRequestID) {
		t.Fatalf("ociclient: error %v (%#v) lacks OCI's opc-request-id", err, e)
	}
	recs := logRecords(t, ocLog.String())
	if len(recs) != 1 || recs[0]["msg"] != "oci request" || recs[0]["opc_request_id"] != e.OpcRequestID || recs[0]["status"] != float64(404) {
		t.Errorf("ociclient: log %v does not show the request with its opc-request-id %s", recs, e.OpcRequestID)
	}
	t.Logf("ociclient: %v", err)
}
