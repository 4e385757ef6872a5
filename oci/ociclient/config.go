package ociclient

import (
	"fmt"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/common/auth"
)

// ConfigProvider returns the OCI SDK configuration provider of an OCI CLI
// config file, checked: the tenancy, user, fingerprint, region and private
// key must all be readable.
//
// path "" means ~/.oci/config; profile "" means DEFAULT. With both "" it is
// the SDK's DefaultConfigProvider, which also honours OCI_CONFIG_FILE and
// ~/.obmcs/config. Fields a named profile lacks are taken from DEFAULT, then
// from TF_VAR_* environment variables, as the SDK does.
func ConfigProvider(path, profile string) (common.ConfigurationProvider, error) {
	var cp common.ConfigurationProvider
	if path == "" && profile == "" {
		cp = common.DefaultConfigProvider()
	} else {
		if profile == "" {
			profile = "DEFAULT"
		}
		cp = common.CustomProfileConfigProvider(path, profile)
	}
	if ok, err := common.IsConfigurationProviderValid(cp); !ok {
		where := path
		if where == "" {
			where = "the default OCI config file"
		}
		if profile == "" {
			profile = "DEFAULT"
		}
		return nil, fmt.Errorf("oci: configuration from %s, profile %s: %w", where, profile, err)
	}
	return cp, nil
}

// InstancePrincipalProvider returns a configuration provider that
// authenticates as the OCI compute instance the program runs on (instance
// principals). It asks the instance metadata service, so it fails anywhere
// else.
func InstancePrincipalProvider() (common.ConfigurationProvider, error) {
	cp, err := auth.InstancePrincipalConfigurationProvider()
	if err != nil {
		return nil, fmt.Errorf("oci: instance principal configuration: %w", err)
	}
	return cp, nil
}
