// Package cloudauth checks the credentials of both clouds before anything
// reads a cloud, and says for each problem what failed and how to fix it:
// Azure by asking for a token for Azure Resource Manager, OCI by reading the
// config file's profile and its key file without contacting OCI. The
// interconnect CLI and the OpenTofu provider both report through it, each
// naming its own settings (Names).
//
// No Problem holds a key, token or passphrase: What and Fix are this
// package's words (with at most a file path, or a file or key parsing error,
// in them), and callers pass What and Detail through RedactSecrets before
// printing them.
package cloudauth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Problem is what is wrong with one cloud's credentials.
type Problem struct {
	Cloud  string // "Azure" or "OCI"
	What   string // what failed, one line
	Fix    string // how to fix it, one line
	Detail string // the underlying error; may be "" or span lines
}

// ARMScope is the OAuth scope of Azure Resource Manager in Azure's public
// cloud, the one armclient.NewClient talks to.
const ARMScope = "https://management.azure.com/.default"

// The one-line fixes of the Azure problems.
const (
	azureLoginFix   = "run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned"
	azureRefusedFix = "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login` again (logins expire)"
)

// CheckAzure makes the Azure credential with newCred and asks it for a token
// for Azure Resource Manager, waiting at most timeout (and no longer than
// ctx allows). The token is thrown away; a credential such as
// DefaultAzureCredential keeps it for the calls that follow. retry is what
// the user runs again after an interruption ("run the command again").
func CheckAzure(ctx context.Context, newCred func() (azcore.TokenCredential, error), timeout time.Duration, retry string) (azcore.TokenCredential, *Problem) {
	cred, err := newCred()
	if err != nil {
		return nil, &Problem{Cloud: "Azure", What: "the credential cannot be set up", Fix: azureLoginFix, Detail: err.Error()}
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err = cred.GetToken(tctx, policy.TokenRequestOptions{Scopes: []string{ARMScope}})
	if err == nil {
		return cred, nil
	}
	p := &Problem{Cloud: "Azure", Fix: azureLoginFix, Detail: err.Error()}
	var refused *azidentity.AuthenticationFailedError
	switch {
	case ctx.Err() != nil:
		p.What = "interrupted while asking for a token"
		p.Fix = retry
	case errors.Is(tctx.Err(), context.DeadlineExceeded):
		p.What = fmt.Sprintf("no token for Azure Resource Manager within %s", timeout)
	case errors.As(err, &refused):
		p.What = "a credential was found, but Microsoft Entra ID refused it"
		p.Fix = azureRefusedFix
	default:
		p.What = "DefaultAzureCredential found no credential"
	}
	return nil, p
}

// HomeDir is the home directory the OCI SDK expands "~/" with: the user's,
// else $HOME; "" when neither is known.
func HomeDir() string {
	if u, err := user.Current(); err == nil && u.HomeDir != "" {
		return u.HomeDir
	}
	home, _ := os.UserHomeDir()
	return home
}

// secretEnvVars are the environment variables whose values are secrets: they
// are cut out of every error text the callers print.
var secretEnvVars = []string{"AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"}

// RedactSecrets replaces the values of the environment variables that hold
// Azure secrets (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PASSWORD,
// AZURE_PASSWORD) in s by "(sensitive)".
func RedactSecrets(s string) string {
	for _, name := range secretEnvVars {
		if v := os.Getenv(name); v != "" {
			s = strings.ReplaceAll(s, v, "(sensitive)")
		}
	}
	return s
}
