package armface_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"

	"github.com/azoci/interconnect/azure/armclient"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// Point the real Azure adapter at a simulated world over HTTPS.
func Example() {
	w := sim.New(sim.WithLatency(sim.Latency{})) // instant
	w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: "rg",
		Name: "vnet", Region: "eastus", AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}})

	face := armface.NewTLSServer(w)
	defer face.Close()
	client, err := armclient.NewClient(w.SubscriptionID(), &fake.TokenCredential{}, face.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	v, err := client.GetVirtualNetwork(context.Background(), "rg", "vnet")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Name, v.AddressSpace)
	fmt.Println(face.Stats())
	// Output:
	// vnet [10.10.0.0/16]
	// 1 requests: GET 1; responses 200×1
}
