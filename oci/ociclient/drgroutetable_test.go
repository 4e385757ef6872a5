package ociclient_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim/ociface"
)

// drgTableEndpoint answers DRG route table requests, keeping the bodies of
// the updates.
type drgTableEndpoint struct {
	mu   sync.Mutex
	puts []map[string]any
}

func (e *drgTableEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w.Header().Set("opc-request-id", "fake-drgrt")
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != "/20160918/drgRouteTables/drgrt" {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"code":"NotAuthorizedOrNotFound","message":"no"}`)
		return
	}
	ecmp := false
	if r.Method == http.MethodPut {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		e.puts = append(e.puts, body)
		ecmp, _ = body["isEcmpEnabled"].(bool)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "drgrt", "compartmentId": "c", "drgId": "drg", "displayName": "users' table",
		"lifecycleState": "AVAILABLE", "isEcmpEnabled": ecmp, "importDrgRouteDistributionId": "dist", "timeCreated": "2025-01-01T00:00:00Z"})
}

// TestUpdateDRGRouteTableSendsECMPOnly: the update's body holds
// isEcmpEnabled and nothing else, so that the rest of a user's table (its
// name, tags, import route distribution) is left alone.
func TestUpdateDRGRouteTableSendsECMPOnly(t *testing.T) {
	e := &drgTableEndpoint{}
	srv := httptest.NewTLSServer(e)
	t.Cleanup(srv.Close)
	c, err := ociclient.NewClient(ociface.ConfigProvider(ociface.TestKey(), ocitest.Region), ociclient.WithEndpoint(srv.URL),
		ociclient.WithHTTPClient(srv.Client()), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	for _, ecmp := range []bool{true, false} {
		got, err := c.UpdateDRGRouteTable(t.Context(), "drgrt", ecmp)
		if err != nil {
			t.Fatal(err)
		}
		want := oci.DRGRouteTable{ID: "drgrt", CompartmentID: "c", DRGID: "drg", DisplayName: "users' table", ECMPEnabled: ecmp, State: oci.Available}
		if got != want {
			t.Errorf("UpdateDRGRouteTable(%v) = %+v, want %+v", ecmp, got, want)
		}
	}
	if len(e.puts) != 2 {
		t.Fatalf("%d updates sent", len(e.puts))
	}
	for i, body := range e.puts {
		if len(body) != 1 || body["isEcmpEnabled"] != (i == 0) {
			t.Errorf("update %d sent %v, want isEcmpEnabled alone", i, body)
		}
	}
}
