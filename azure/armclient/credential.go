package armclient

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// DefaultCredential returns the credential a program should usually give
// NewClient: azidentity's DefaultAzureCredential, which tries in turn the
// environment (AZURE_CLIENT_ID, AZURE_TENANT_ID and a secret or certificate),
// workload identity, a managed identity, then the Azure CLI, Azure Developer
// CLI and Azure PowerShell logins (AZURE_TOKEN_CREDENTIALS narrows the
// chain). opts may be nil.
//
// Building it does not authenticate; the first request does, so a missing
// login shows up as the first call's error.
func DefaultCredential(opts *azidentity.DefaultAzureCredentialOptions) (azcore.TokenCredential, error) {
	cred, err := azidentity.NewDefaultAzureCredential(opts)
	if err != nil {
		return nil, err
	}
	return cred, nil
}
