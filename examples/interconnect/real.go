package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/monitoringclient"
	"github.com/azoci/interconnect/oci/ociclient"
)

// openReal connects to the real clouds with credentials checkCredentials
// has checked: Azure for the spec's subscription, OCI in the spec's OCI
// region, whatever region the config profile names (it says so on log when
// they differ). It returns the Client's options for the metric readers too
// (Azure Monitor, OCI Monitoring), which monitor uses. It makes no call to
// either cloud.
func openReal(spec interconnect.Spec, creds credentials, log io.Writer) (azure.Network, oci.Network, interconnect.Option, error) {
	s := spec.WithDefaults(nil)
	az, err := armclient.NewClient(s.Azure.SubscriptionID, creds.azure, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	azm, err := monitorclient.NewClient(creds.azure, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	cp := creds.oci
	if region, err := cp.Region(); err == nil && !strings.EqualFold(region, s.OCI.Region) {
		fmt.Fprintf(log, "OCI: the config profile's region is %s; using the spec's oci.region %s.\n", region, s.OCI.Region)
		cp = inRegion{cp, s.OCI.Region}
	}
	oc, err := ociclient.NewClient(cp)
	if err != nil {
		return nil, nil, nil, err
	}
	ocm, err := monitoringclient.NewClient(cp)
	if err != nil {
		return nil, nil, nil, err
	}
	return az, oc, interconnect.WithMetrics(azm, ocm), nil
}

// inRegion is a configuration provider with its region replaced, so that the
// OCI client talks to the spec's region whatever the profile says.
type inRegion struct {
	common.ConfigurationProvider
	region string
}

// Region returns the spec's OCI region.
func (p inRegion) Region() (string, error) { return p.region, nil }
