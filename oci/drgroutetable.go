package oci

// DRGRouteTable is a DRG route table, reduced to what the interconnect reads
// and changes: whether it spreads traffic over equal routes (ECMP).
//
// A DRG routes the traffic that enters it through an attachment with that
// attachment's DRG route table (DRGAttachment.DRGRouteTableID). When two
// virtual circuits of the DRG learn the same prefix, the VCN attachment's
// table sends VCN traffic to that prefix over both only when ECMP is
// enabled on it; otherwise over one of them (oci-go-sdk core
// DrgRouteTable.IsEcmpEnabled; Oracle, "Dynamic Routing Gateways",
// docs.oracle.com/en-us/iaas/Content/Network/Tasks/managingDRGs.htm). ECMP
// is off on a new table.
type DRGRouteTable struct {
	ID            string
	CompartmentID string // the DRG's: a DRG route table lives with its DRG
	DRGID         string
	DisplayName   string
	// ECMPEnabled is isEcmpEnabled.
	ECMPEnabled bool
	State       LifecycleState // PROVISIONING, AVAILABLE, TERMINATING, TERMINATED
}
