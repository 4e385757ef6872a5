package monitorclient_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/monitorclient"
)

// The BGP availability of each path of an ExpressRoute circuit over the last
// hour, in 5-minute points. (Not run: it needs a login and a circuit.)
func Example() {
	ctx := context.Background()
	cred, err := azidentity.NewDefaultAzureCredential(nil) // env, workload/managed identity, az login, …
	if err != nil {
		log.Fatal(err)
	}
	m, err := monitorclient.NewClient(cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	circuitID := "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-network/providers/Microsoft.Network/expressRouteCircuits/ora-link-er"
	now := time.Now()
	series, err := m.ListMetrics(ctx, azure.MetricQuery{
		ResourceID: circuitID,
		Names:      []string{azure.MetricBGPAvailability},
		Start:      now.Add(-time.Hour),
		End:        now,
		Interval:   5 * time.Minute,
		SplitBy:    []string{azure.DimensionPeer},
	})
	if err != nil {
		log.Fatal(err) // *azure.Error: 404 matches azure.ErrNotFound; 429 has RetryDelay
	}
	for _, s := range series {
		for _, p := range s.Points {
			fmt.Printf("%s %s %s: %.0f%%\n", s.Name, s.Dimensions[azure.DimensionPeer], p.Time.Format(time.Kitchen), p.Value)
		}
	}
}
