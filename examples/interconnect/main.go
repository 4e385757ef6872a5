// Command interconnect plans, applies, verifies and destroys the private
// interconnect between an Azure virtual network and an OCI VCN described in a
// spec file, with package github.com/azoci/interconnect.
//
// Usage:
//
//	interconnect plan    -f spec.yaml [-o text|json|mermaid] [-destroy] [-detailed-exitcode]
//	interconnect apply   -f spec.yaml [-auto-approve]
//	interconnect verify  -f spec.yaml [-o text|json]
//	interconnect destroy -f spec.yaml [-auto-approve]
//	interconnect help [command]
//
// Every command takes -sim to run against the built-in simulator instead of
// the real clouds. The simulated clouds are kept in a state file
// (.interconnect-sim.json, see -sim-state) so that consecutive commands see
// the same world, and the spec's VNet and VCN are seeded into it when they are
// missing. Time runs 500 times faster than in the real clouds (-sim-scale), so
// an apply that takes 45 minutes in Azure finishes in seconds.
//
// Without -sim the command uses the real adapters: Azure with
// DefaultAzureCredential (environment, workload identity, managed identity,
// az login, ...), OCI with a profile of the config file (-oci-config, else
// $OCI_CONFIG_FILE, else ~/.oci/config; profile DEFAULT, see -oci-profile).
// Before it reads either cloud it checks both credentials: it asks Azure for a
// token for Azure Resource Manager (20 s at most), and checks locally that the
// OCI profile exists, has user, fingerprint, tenancy, region and key_file, and
// that the key file is a readable RSA private key. It reports both clouds'
// problems together, one line per cloud with its fix (az login, AZURE_TENANT_ID,
// AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or a managed identity; oci setup
// config), adds the underlying errors with -v, and exits 1.
//
// Exit codes: 0 success; 1 error (bad spec, credentials, cloud error, cancelled, interrupted);
// 2 verify found a failing check, or plan -detailed-exitcode found changes.
//
// Run it from the repository with go run ./examples/interconnect.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
