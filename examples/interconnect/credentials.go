package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/internal/cloudauth"
)

// azureTokenTimeout bounds how long the Azure check waits for a token.
const azureTokenTimeout = 20 * time.Second

// newAzureCredential makes the Azure credential the command uses against the
// real clouds. Tests replace it with a fake so that nothing asks Microsoft
// Entra ID or a metadata service for a token; a test that replaces it must
// not run in parallel.
var newAzureCredential = func() (azcore.TokenCredential, error) {
	return armclient.DefaultCredential(nil)
}

// The one-line fixes of the Azure problems, and the instance metadata
// service's address (see cloudauth).
const (
	azureLoginFix   = cloudauth.AzureLoginFix
	azureRefusedFix = cloudauth.AzureRefusedFix
	azureNoMIFix    = cloudauth.AzureNoMIFix
	networkFix      = cloudauth.NetworkFix
	imdsHost        = cloudauth.IMDSHost
)

// credentialProblem is what is wrong with one cloud's credentials, as
// cloudauth.Problem says it. No field holds a key, token or passphrase: what
// and fix are cloudauth's words (with at most a file path or a file or key
// parsing error in them), and what and detail go through redactSecrets
// before they are printed.
type credentialProblem struct {
	cloud  string // "Azure" or "OCI"
	what   string // what failed, one line
	fix    string // how to fix it, one line
	detail string // the underlying error, printed only with -v; may be "" or span lines
}

// problemOf is p as the command reports it; nil for nil.
func problemOf(p *cloudauth.Problem) *credentialProblem {
	if p == nil {
		return nil
	}
	return &credentialProblem{cloud: p.Cloud, what: p.What, fix: p.Fix, detail: p.Detail}
}

// credentials are the two clouds' credentials, checked.
type credentials struct {
	azure azcore.TokenCredential
	oci   common.ConfigurationProvider
}

// checkCredentials checks both clouds' credentials before anything reads a
// cloud: Azure by asking for a token for Azure Resource Manager, OCI by
// reading the config file's profile and its key file (see checkOCI). It
// checks both whatever happens to the first, and returns every problem.
func checkCredentials(ctx context.Context, c *config) (credentials, []credentialProblem) {
	var problems []credentialProblem
	az, azProblem := checkAzure(ctx, newAzureCredential, azureTokenTimeout)
	if azProblem != nil {
		problems = append(problems, *azProblem)
	}
	home := homeDir()
	oc, ociProblem := checkOCI(findOCIConfig(c.ociConfig, os.Getenv("OCI_CONFIG_FILE"), home), c.ociProfile, home)
	if ociProblem != nil {
		problems = append(problems, *ociProblem)
	}
	if len(problems) > 0 {
		return credentials{}, problems
	}
	return credentials{azure: az, oci: oc}, nil
}

// homeDir is the home directory the OCI SDK expands "~/" with: the user's,
// else $HOME; "" when neither is known.
func homeDir() string { return cloudauth.HomeDir() }

// checkAzure makes the Azure credential with newCred and asks it for a token
// for Azure Resource Manager, waiting at most timeout (and no longer than
// ctx allows), and says what is wrong and how to fix it when there is none
// (see cloudauth.CheckAzure). The token is thrown away; a credential such as
// DefaultAzureCredential keeps it for the calls that follow.
func checkAzure(ctx context.Context, newCred func() (azcore.TokenCredential, error), timeout time.Duration) (azcore.TokenCredential, *credentialProblem) {
	cred, p := cloudauth.CheckAzure(ctx, newCred, timeout, "run the command again")
	return cred, problemOf(p)
}

// redactSecrets replaces the values of the environment variables that hold
// Azure secrets in s by "(sensitive)".
func redactSecrets(s string) string { return cloudauth.RedactSecrets(s) }

// reportCredentials prints the credential problems on stderr: a heading,
// then one line per cloud with what failed and its fix; with -v each line is
// followed by the underlying error, indented.
func (s *session) reportCredentials(problems []credentialProblem) {
	clouds := make([]string, len(problems))
	for i, p := range problems {
		clouds[i] = p.cloud
	}
	s.errorf("the credentials for %s do not work (no cloud was read or changed):", strings.Join(clouds, " and "))
	hidden := false
	for _, p := range problems {
		fmt.Fprintf(s.stderr, "  %s: %s. Fix: %s.\n", p.cloud, redactSecrets(p.what), p.fix)
		if p.detail == "" {
			continue
		}
		if !s.cfg.verbose {
			hidden = true
			continue
		}
		fmt.Fprintln(s.stderr, indent(indent(redactSecrets(p.detail))))
	}
	if hidden {
		fmt.Fprintln(s.stderr, "Run with -v to see the underlying errors.")
	}
}
