package ociclient

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: the operations on a VCN and its route tables, the route table
// read-modify-write included.

// GetVCN reads a VCN.
func (c *Client) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetVcn, core.GetVcnRequest{VcnId: common.String(id)})
	if err != nil {
		return oci.VCN{}, fail("GetVCN", id, r.RawResponse, err)
	}
	v, err := vcnFromSDK(r.Vcn)
	if err != nil {
		return oci.VCN{}, fmt.Errorf("oci: GetVCN %s: %w", id, err)
	}
	return v, nil
}

// GetRouteTable reads a route table and its ETag. Rules whose destination is
// not a CIDR block (service gateway rules) are not in Rules.
func (c *Client) GetRouteTable(ctx context.Context, id string) (oci.RouteTable, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetRouteTable, core.GetRouteTableRequest{RtId: common.String(id)})
	if err != nil {
		return oci.RouteTable{}, fail("GetRouteTable", id, r.RawResponse, err)
	}
	return routeTableFromSDK(r.RouteTable, r.Etag), nil
}

// maxRouteTableWrites bounds how often UpdateRouteTable starts again after
// a 412, so that a table rewritten non-stop cannot keep it busy forever.
const maxRouteTableWrites = 10

// UpdateRouteTable is the read-modify-write oci.Network describes: GET, edit,
// then PUT with If-Match on the ETag read; on 412 (someone wrote in between)
// or when the PUT got no answer (it may have been written: the SDK's own
// resends of it carry the same If-Match, see ocisdk's shouldRetry) it starts
// again from a fresh GET, at most maxRouteTableWrites times. Rules
// edit cannot see (non-CIDR destinations) are written back unchanged.
func (c *Client) UpdateRouteTable(ctx context.Context, id string, edit func(rules []oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
	for attempt := 1; ; attempt++ {
		got, err := ocisdk.Call(ctx, c.vn.GetRouteTable, core.GetRouteTableRequest{RtId: common.String(id)})
		if err != nil {
			return oci.RouteTable{}, fail("UpdateRouteTable", id, got.RawResponse, err)
		}
		cur := routeTableFromSDK(got.RouteTable, got.Etag)
		rules, changed := edit(slices.Clone(cur.Rules))
		if !changed {
			return cur, nil
		}
		put, err := ocisdk.Call(ctx, c.vn.UpdateRouteTable, core.UpdateRouteTableRequest{RtId: common.String(id), IfMatch: got.Etag,
			UpdateRouteTableDetails: core.UpdateRouteTableDetails{RouteRules: routeRulesToSDK(rules, got.RouteRules)}})
		if err == nil {
			return routeTableFromSDK(put.RouteTable, put.Etag), nil
		}
		// Someone wrote in between (412), or the PUT got no answer, so it
		// may or may not have been written: either way a fresh GET tells
		// what is still to write.
		se, answered := common.IsServiceError(err)
		again := (answered && se.GetHTTPStatusCode() == http.StatusPreconditionFailed) || (!answered && ocisdk.NoAnswer("", "", err) != nil)
		if again && attempt < maxRouteTableWrites && ctx.Err() == nil {
			continue
		}
		return oci.RouteTable{}, fail("UpdateRouteTable", id, put.RawResponse, err)
	}
}
