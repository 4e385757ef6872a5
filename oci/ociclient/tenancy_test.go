package ociclient_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// noTenancy is a configuration provider that names no tenancy, with no
// error (as a hand-made provider may).
type noTenancy struct{ common.ConfigurationProvider }

func (noTenancy) TenancyOCID() (string, error) { return "", nil }

// brokenTenancy is a configuration provider that cannot read its tenancy.
type brokenTenancy struct{ common.ConfigurationProvider }

var errNoTenancy = errors.New("no tenancy in this profile")

func (brokenTenancy) TenancyOCID() (string, error) { return "", errNoTenancy }

// TestTenancyID checks that a Client's tenancy is its configuration
// provider's, and that NewClient refuses a provider that names none.
func TestTenancyID(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), ocitest.Region)
	c, err := ociclient.NewClient(good)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.TenancyID(); got != ociface.TestTenancy {
		t.Errorf("TenancyID = %q, want %s", got, ociface.TestTenancy)
	}

	// Over the face: the tenancy of the world it serves.
	const tenancy = "ocid1.tenancy.oc1..aaaaaaaaclienttenancy"
	srv := ociface.Start(t, sim.New(sim.WithTenancy(tenancy)))
	c, err = ociclient.NewClient(srv.ConfigProvider(), ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.TenancyID(); got != tenancy {
		t.Errorf("TenancyID over the face = %q, want %s", got, tenancy)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("NewClient and TenancyID sent %d requests", n)
	}

	tests := []struct {
		name string
		cp   common.ConfigurationProvider
		is   error // the cause the error must wrap, if any
	}{
		{"empty tenancy key", common.NewRawConfigurationProvider("", ociface.TestUser, ocitest.Region,
			ociface.Fingerprint(&ociface.TestKey().PublicKey), ociface.PrivateKeyPEM(ociface.TestKey()), nil), nil},
		{"a provider answering no tenancy", noTenancy{good}, nil},
		{"a provider failing to read it", brokenTenancy{good}, errNoTenancy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ociclient.NewClient(tt.cp)
			if err == nil {
				t.Fatalf("NewClient = %v, want an error", c)
			}
			if !strings.Contains(err.Error(), "tenancy") || strings.Contains(err.Error(), "<nil>") {
				t.Errorf("error %q does not say the tenancy is missing", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
}
