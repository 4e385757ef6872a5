package armclient_test

import (
	"log"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
)

// A program builds the client with the default credential chain (environment,
// workload identity, managed identity, Azure CLI, ...).
func ExampleNewClient() {
	cred, err := armclient.DefaultCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	client, err := armclient.NewClient("00000000-0000-0000-0000-000000000000", cred, nil, armclient.WithPollFrequency(15*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	var _ azure.Network = client // hand it to interconnect.New
}
