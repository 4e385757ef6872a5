// Command interconnect plans, applies, verifies, destroys and monitors the
// private interconnect between Azure virtual networks and OCI VCNs described
// in a spec file, with package github.com/azoci/interconnect.
//
// Usage:
//
//	interconnect plan    -f spec.yaml [-o text|json|mermaid] [-destroy] [-detailed-exitcode] [-out plan.json]
//	interconnect apply   -f spec.yaml [-auto-approve]
//	interconnect apply   plan.json [-f spec.yaml]
//	interconnect show    plan.json [-o text|json|mermaid]
//	interconnect verify  -f spec.yaml [-o text|json]
//	interconnect destroy -f spec.yaml [-auto-approve]
//	interconnect monitor -f spec.yaml [-interval 1m] [-listen 127.0.0.1:9108] [-pid-file FILE]
//	interconnect drill   -f spec.yaml -location LOC [-hold 1m] [-timeout 30m]
//	interconnect version
//	interconnect help [command]
//
// apply plan.json applies exactly a plan saved with plan -out (the BGP MD5
// key, which a saved plan never holds, comes from -f or
// INTERCONNECT_MD5_AUTH_KEY), and refuses it when the clouds changed since.
// monitor serves Prometheus metrics at /metrics and prints one line per
// status change until Ctrl-C or SIGTERM; with -pid-file it writes its
// process ID once the first round is served. drill fails one peering location
// of a maximum-resiliency interconnect over with Azure's site failover
// simulation, checks that the other carries the traffic, and stops the
// simulation whatever happens (Ctrl-C included). apply and destroy ask for
// confirmation on a terminal, and without -auto-approve refuse when standard
// input is not one. version prints the module, VCS and SDK versions the
// binary was built with.
//
// The commands that read the clouds take -sim to run against the built-in
// simulator instead of the real clouds. The simulated clouds are kept in a state file
// (.interconnect-sim.json, see -sim-state) so that consecutive commands see
// the same world, and the spec's networks are seeded into it when they are
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
// Exit codes: 0 success (and monitor stopped by Ctrl-C or SIGTERM); 1 error
// (bad spec, credentials, cloud error, cancelled, interrupted, a drill
// refused); 2 verify found a failing check, plan -detailed-exitcode found
// changes, or a drill's other location did not carry the routes.
//
// Build it from the repository with go build -o interconnect
// ./examples/interconnect (or go install ./examples/interconnect), and run
// the binary: go run turns exit code 2 into 1.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
