package interconnect

import (
	"fmt"

	"github.com/azoci/interconnect/azure"
)

// circuitDeletable is the last guard against a stranded ExpressRoute circuit,
// asked about the circuit as read right before its delete is sent: it allows
// the delete only when the provider state is NotProvisioned. Azure accepts
// the delete of a circuit its provider has not deprovisioned and leaves it in
// a failed state that Microsoft keeps billing (azure.Network's DeleteCircuit).
// The plan's wait for NotProvisioned came earlier; in between another Apply
// may have ordered a virtual circuit with the circuit's service key again.
func circuitDeletable(rg, name string) func(azure.Circuit) error {
	return func(c azure.Circuit) error {
		if c.ProviderState == azure.NotProvisioned {
			return nil
		}
		return fmt.Errorf("refusing to delete ExpressRoute circuit %s/%s: its provider state is %s, not NotProvisioned (a virtual circuit provisions it again); Azure would accept the delete and leave a failed circuit that Microsoft keeps billing. Delete the Oracle virtual circuit ordered with its service key, wait for NotProvisioned, then run destroy again",
			rg, name, orUnknown(string(c.ProviderState)))
	}
}
