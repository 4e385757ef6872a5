package ociclient

import (
	"context"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: DRG route tables, of which the interconnect reads and sets
// isEcmpEnabled alone.

// GetDRGRouteTable reads a DRG route table.
func (c *Client) GetDRGRouteTable(ctx context.Context, id string) (oci.DRGRouteTable, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetDrgRouteTable, core.GetDrgRouteTableRequest{DrgRouteTableId: common.String(id)})
	if err != nil {
		return oci.DRGRouteTable{}, fail("GetDRGRouteTable", id, r.RawResponse, err)
	}
	return drgRouteTableFromSDK(r.DrgRouteTable), nil
}

// UpdateDRGRouteTable sets isEcmpEnabled on a DRG route table. The request
// body holds that field alone, so the table's name, tags and import route
// distribution (a user's, on an adopted DRG) are left as they are.
func (c *Client) UpdateDRGRouteTable(ctx context.Context, id string, ecmp bool) (oci.DRGRouteTable, error) {
	r, err := ocisdk.Call(ctx, c.vn.UpdateDrgRouteTable, core.UpdateDrgRouteTableRequest{DrgRouteTableId: common.String(id),
		UpdateDrgRouteTableDetails: core.UpdateDrgRouteTableDetails{IsEcmpEnabled: common.Bool(ecmp)}})
	if err != nil {
		return oci.DRGRouteTable{}, fail("UpdateDRGRouteTable", id, r.RawResponse, err)
	}
	return drgRouteTableFromSDK(r.DrgRouteTable), nil
}

func drgRouteTableFromSDK(t core.DrgRouteTable) oci.DRGRouteTable {
	return oci.DRGRouteTable{ID: str(t.Id), CompartmentID: str(t.CompartmentId), DRGID: str(t.DrgId), DisplayName: str(t.DisplayName),
		ECMPEnabled: t.IsEcmpEnabled != nil && *t.IsEcmpEnabled, State: oci.LifecycleState(t.LifecycleState)}
}
