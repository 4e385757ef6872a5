package ociclient_test

import (
	"net/http"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestInvalidatedRetryTokenIsNotRetried reuses a retry token after its DRG
// was deleted and purged: the caller gets OCI's 409 InvalidatedRetryToken as
// an *oci.Error that is not Retryable, after one request only, under the
// client's retry policy and under the SDK's own default one (which retries
// 409 IncorrectState and LockConflict, no other 409: common/retry.go).
func TestInvalidatedRetryTokenIsNotRetried(t *testing.T) {
	policies := []struct {
		name string
		opts []ociclient.Option
	}{
		{"DefaultRetryPolicy", nil},
		{"the SDK's default policy", []ociclient.Option{ociclient.WithRetryPolicy(common.DefaultRetryPolicyWithoutEventualConsistency())}},
	}
	for _, p := range policies {
		t.Run(p.name, func(t *testing.T) {
			ctx := t.Context()
			w := ocitest.NewWorld(sim.Latency{})
			srv := ociface.Start(t, w)
			c, err := ociclient.NewClient(srv.ConfigProvider(),
				append([]ociclient.Option{ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient())}, p.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			d, err := c.CreateDRG(ctx, oci.DRG{CompartmentID: ocitest.Compartment}, "tok")
			if err != nil {
				t.Fatal(err)
			}
			if err := c.DeleteDRG(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
			w.PurgeDeleted()
			before := len(srv.Requests())
			_, err = c.CreateDRG(ctx, oci.DRG{CompartmentID: ocitest.Compartment}, "tok")
			e := wantOCIError(t, err, http.StatusConflict, oci.CodeInvalidatedRetryToken)
			if !oci.IsInvalidatedRetryToken(err) || e.Retryable() || e.Op != "CreateDRG" || e.Message == "" || e.OpcRequestID == "" {
				t.Errorf("error %#v: want InvalidatedRetryToken, not retryable, with OCI's message and request ID", e)
			}
			if got := srv.CountsSince(before)["POST /drgs"]; got != 1 {
				t.Errorf("%d POST /drgs for the refused create, want 1 (no retry)", got)
			}
			fresh, err := c.CreateDRG(ctx, oci.DRG{CompartmentID: ocitest.Compartment}, "tok-2")
			if err != nil || fresh.ID == d.ID {
				t.Errorf("a new token: %+v, %v; want a new DRG", fresh, err)
			}
		})
	}
}
