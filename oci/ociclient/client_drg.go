package ociclient

import (
	"context"
	"strings"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: the operations on DRGs and DRG attachments.

// CreateDRG creates a DRG (PROVISIONING at first).
func (c *Client) CreateDRG(ctx context.Context, d oci.DRG, retryToken string) (oci.DRG, error) {
	r, err := ocisdk.Call(ctx, c.vn.CreateDrg, core.CreateDrgRequest{CreateDrgDetails: createDRGDetails(d), OpcRetryToken: token(retryToken)})
	if err != nil {
		return oci.DRG{}, fail("CreateDRG", d.CompartmentID, r.RawResponse, err)
	}
	return drgFromSDK(r.Drg), nil
}

// GetDRG reads a DRG.
func (c *Client) GetDRG(ctx context.Context, id string) (oci.DRG, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetDrg, core.GetDrgRequest{DrgId: common.String(id)})
	if err != nil {
		return oci.DRG{}, fail("GetDRG", id, r.RawResponse, err)
	}
	return drgFromSDK(r.Drg), nil
}

// ListDRGs lists a compartment's DRGs that are not TERMINATED, following
// every page.
func (c *Client) ListDRGs(ctx context.Context, compartmentID string) ([]oci.DRG, error) {
	out := []oci.DRG{}
	req := core.ListDrgsRequest{CompartmentId: common.String(compartmentID)}
	for {
		r, err := ocisdk.Call(ctx, c.vn.ListDrgs, req)
		if err != nil {
			return nil, fail("ListDRGs", compartmentID, r.RawResponse, err)
		}
		for _, d := range r.Items {
			if d.LifecycleState != core.DrgLifecycleStateTerminated {
				out = append(out, drgFromSDK(d))
			}
		}
		if req.Page = r.OpcNextPage; req.Page == nil {
			return out, nil
		}
	}
}

// DeleteDRG deletes a DRG.
func (c *Client) DeleteDRG(ctx context.Context, id string) error {
	r, err := ocisdk.Call(ctx, c.vn.DeleteDrg, core.DeleteDrgRequest{DrgId: common.String(id)})
	if err != nil {
		return fail("DeleteDRG", id, r.RawResponse, err)
	}
	return nil
}

// CreateDRGAttachment attaches a DRG to a VCN (VCN network details). The
// attachment lives in the DRG's compartment; a.CompartmentID is not sent.
func (c *Client) CreateDRGAttachment(ctx context.Context, a oci.DRGAttachment, retryToken string) (oci.DRGAttachment, error) {
	r, err := ocisdk.Call(ctx, c.vn.CreateDrgAttachment, core.CreateDrgAttachmentRequest{
		CreateDrgAttachmentDetails: createAttachmentDetails(a), OpcRetryToken: token(retryToken)})
	if err != nil {
		return oci.DRGAttachment{}, fail("CreateDRGAttachment", a.DRGID, r.RawResponse, err)
	}
	return attachmentFromSDK(r.DrgAttachment), nil
}

// GetDRGAttachment reads a DRG attachment.
func (c *Client) GetDRGAttachment(ctx context.Context, id string) (oci.DRGAttachment, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetDrgAttachment, core.GetDrgAttachmentRequest{DrgAttachmentId: common.String(id)})
	if err != nil {
		return oci.DRGAttachment{}, fail("GetDRGAttachment", id, r.RawResponse, err)
	}
	return attachmentFromSDK(r.DrgAttachment), nil
}

// ListDRGAttachments lists a compartment's attachments that are not
// DETACHED, narrowed to a VCN and/or a DRG, following every page.
func (c *Client) ListDRGAttachments(ctx context.Context, compartmentID, vcnID, drgID string) ([]oci.DRGAttachment, error) {
	out := []oci.DRGAttachment{}
	req := core.ListDrgAttachmentsRequest{CompartmentId: common.String(compartmentID), VcnId: optString(vcnID),
		DrgId: optString(drgID)}
	for {
		r, err := ocisdk.Call(ctx, c.vn.ListDrgAttachments, req)
		if err != nil {
			return nil, fail("ListDRGAttachments", compartmentID, r.RawResponse, err)
		}
		for _, item := range r.Items {
			a := attachmentFromSDK(item)
			if a.State == oci.Detached || (vcnID != "" && !strings.EqualFold(a.VCNID, vcnID)) ||
				(drgID != "" && !strings.EqualFold(a.DRGID, drgID)) {
				continue
			}
			out = append(out, a)
		}
		if req.Page = r.OpcNextPage; req.Page == nil {
			return out, nil
		}
	}
}

// DeleteDRGAttachment detaches a DRG from a VCN.
func (c *Client) DeleteDRGAttachment(ctx context.Context, id string) error {
	r, err := ocisdk.Call(ctx, c.vn.DeleteDrgAttachment, core.DeleteDrgAttachmentRequest{DrgAttachmentId: common.String(id)})
	if err != nil {
		return fail("DeleteDRGAttachment", id, r.RawResponse, err)
	}
	return nil
}
