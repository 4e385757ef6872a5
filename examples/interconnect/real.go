package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/azoci/interconnect/oci/ociclient"

	"github.com/azoci/interconnect/azure/armclient"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// openReal connects to the real clouds: Azure with DefaultAzureCredential
// (environment, workload identity, managed identity, then the az, azd and
// PowerShell logins) for the spec's subscription, OCI with a profile of the
// OCI CLI config file, in the spec's OCI region. Nothing authenticates here:
// a missing login shows up as the first call's error.
func openReal(ctx context.Context, c *config, spec interconnect.Spec, log io.Writer) (azure.Network, oci.Network, error) {
	s := spec.WithDefaults(nil)
	cred, err := armclient.DefaultCredential(nil)
	if err != nil {
		return nil, nil, fmt.Errorf("azure credential: %w (log in with az login, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET)", err)
	}
	az, err := armclient.NewClient(s.Azure.SubscriptionID, cred, nil)
	if err != nil {
		return nil, nil, err
	}
	profile := c.ociProfile
	if c.ociConfig == "" && profile == defaultProfile {
		profile = "" // the SDK's default provider, which honours OCI_CONFIG_FILE
	}
	cp, err := ociclient.ConfigProvider(c.ociConfig, profile)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (see -oci-config and -oci-profile; oci setup config writes a config file)", err)
	}
	if region, err := cp.Region(); err == nil && !strings.EqualFold(region, s.OCI.Region) {
		fmt.Fprintf(log, "OCI: the config profile's region is %s; using the spec's oci.region %s.\n", region, s.OCI.Region)
		cp = inRegion{cp, s.OCI.Region}
	}
	oc, err := ociclient.NewClient(cp)
	if err != nil {
		return nil, nil, err
	}
	return az, oc, nil
}

// inRegion is a configuration provider with its region replaced, so that the
// OCI client talks to the spec's region whatever the profile says.
type inRegion struct {
	common.ConfigurationProvider
	region string
}

// Region returns the spec's OCI region.
func (p inRegion) Region() (string, error) { return p.region, nil }
