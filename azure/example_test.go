package azure_test

import (
	"log"
	"time"

	"github.com/azoci/interconnect/azure"
)

// A program builds the client with the default credential chain (environment,
// workload identity, managed identity, Azure CLI, ...).
func ExampleNewClient() {
	cred, err := azure.DefaultCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	client, err := azure.NewClient("00000000-0000-0000-0000-000000000000", cred, nil, azure.WithPollFrequency(15*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	var _ azure.Network = client // hand it to interconnect.New
}
