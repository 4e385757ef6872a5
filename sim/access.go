package sim

import "github.com/azoci/interconnect/internal/simworld"

// The HTTP faces reach what only they need through internal/simworld.
func init() {
	simworld.Of = func(world any) simworld.Access {
		w := world.(*World)
		return simworld.Access{
			AzureNoWait:                     w.azureNoWait,
			AzureOperationError:             w.azureOperationError,
			AzureResourceState:              w.azureResourceState,
			AzureCircuitPeering:             w.azureCircuitPeering,
			AzureVirtualNetworkAddressSpace: w.azureVirtualNetworkAddressSpace,
			ReplaceRouteRules:               w.replaceRouteRules,
			ListVirtualCircuits:             w.listVirtualCircuits,
			AzureFailoverTestState:          w.failoverTestState,
			AzureLatestFailoverTest:         w.latestFailoverTest,
		}
	}
}
