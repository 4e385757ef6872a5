package main

import (
	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/internal/cloudauth"
)

// ociNames are the command's OCI flags, as the fixes name them.
var ociNames = cloudauth.Names{ConfigFile: "-oci-config", Profile: "-oci-profile"}

// ociConfigPath is the OCI config file to use and what chose it: the
// -oci-config flag, $OCI_CONFIG_FILE or the default.
type ociConfigPath struct {
	path   string // absolute, or relative to the working directory; "~" expanded
	source string // "-oci-config", "$OCI_CONFIG_FILE" or "default"
}

// findOCIConfig chooses the OCI config file: the -oci-config flag's value
// if given, else $OCI_CONFIG_FILE if set, else ~/.oci/config. A leading "~/"
// is expanded with home, as the OCI SDK does.
func findOCIConfig(flagValue, envValue, home string) ociConfigPath {
	p := cloudauth.FindOCIConfig(ociNames.ConfigFile, flagValue, envValue, home)
	return ociConfigPath{p.Path, p.Source}
}

// checkOCI checks, without contacting OCI, that profile of the config file
// at where can sign requests (see cloudauth.CheckOCI). No message holds the
// key or the passphrase.
func checkOCI(where ociConfigPath, profile, home string) (common.ConfigurationProvider, *credentialProblem) {
	cp, p := cloudauth.CheckOCI(cloudauth.OCIConfigPath{Path: where.path, Source: where.source}, profile, home, ociNames)
	return cp, problemOf(p)
}
