package ociclient

import (
	"context"
	"fmt"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci/internal/ocisdk"
)

// This file: the operations on the FastConnect catalog (provider services,
// bandwidth shapes) and on virtual circuits.

// ListProviderServices lists the FastConnect provider services, following
// every page. Find Azure's by ProviderName == AzureProviderName.
func (c *Client) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	out := []oci.ProviderService{}
	req := core.ListFastConnectProviderServicesRequest{CompartmentId: common.String(compartmentID)}
	for {
		r, err := ocisdk.Call(ctx, c.vn.ListFastConnectProviderServices, req)
		if err != nil {
			return nil, fail("ListProviderServices", compartmentID, r.RawResponse, err)
		}
		for _, p := range r.Items {
			out = append(out, providerServiceFromSDK(p))
		}
		if req.Page = r.OpcNextPage; req.Page == nil {
			return out, nil
		}
	}
}

// ListBandwidthShapes lists the virtual circuit bandwidth shapes of a
// provider service, following every page.
func (c *Client) ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]oci.BandwidthShape, error) {
	out := []oci.BandwidthShape{}
	req := core.ListFastConnectProviderVirtualCircuitBandwidthShapesRequest{ProviderServiceId: common.String(providerServiceID)}
	for {
		r, err := ocisdk.Call(ctx, c.vn.ListFastConnectProviderVirtualCircuitBandwidthShapes, req)
		if err != nil {
			return nil, fail("ListBandwidthShapes", providerServiceID, r.RawResponse, err)
		}
		for _, s := range r.Items {
			out = append(out, shapeFromSDK(s))
		}
		if req.Page = r.OpcNextPage; req.Page == nil {
			return out, nil
		}
	}
}

// CreateVirtualCircuit orders a virtual circuit: the type, shape, DRG
// (GatewayId), provider service, service key, cross-connect mappings (BGP
// addresses written a.b.c.d/30, MD5 keys), display name and freeform tags of
// vc are sent. Neither key ever appears in a returned error.
func (c *Client) CreateVirtualCircuit(ctx context.Context, vc oci.VirtualCircuit, retryToken string) (oci.VirtualCircuit, error) {
	r, err := ocisdk.Call(ctx, c.vn.CreateVirtualCircuit, core.CreateVirtualCircuitRequest{
		CreateVirtualCircuitDetails: createVCDetails(vc), OpcRetryToken: token(retryToken)})
	if err != nil {
		return oci.VirtualCircuit{}, fail("CreateVirtualCircuit", vc.CompartmentID, r.RawResponse, err, vcSecrets(vc)...)
	}
	out, err := vcFromSDK(r.VirtualCircuit)
	if err != nil {
		return oci.VirtualCircuit{}, fmt.Errorf("oci: CreateVirtualCircuit %s: %w", vc.CompartmentID, err)
	}
	return out, nil
}

// GetVirtualCircuit reads a virtual circuit.
func (c *Client) GetVirtualCircuit(ctx context.Context, id string) (oci.VirtualCircuit, error) {
	r, err := ocisdk.Call(ctx, c.vn.GetVirtualCircuit, core.GetVirtualCircuitRequest{VirtualCircuitId: common.String(id)})
	if err != nil {
		return oci.VirtualCircuit{}, fail("GetVirtualCircuit", id, r.RawResponse, err)
	}
	out, err := vcFromSDK(r.VirtualCircuit)
	if err != nil {
		return oci.VirtualCircuit{}, fmt.Errorf("oci: GetVirtualCircuit %s: %w", id, err)
	}
	return out, nil
}

// UpdateVirtualCircuit changes a virtual circuit's bandwidth shape
// (UpdateVirtualCircuit with only BandwidthShapeName set).
func (c *Client) UpdateVirtualCircuit(ctx context.Context, id, bandwidthShapeName string) (oci.VirtualCircuit, error) {
	r, err := ocisdk.Call(ctx, c.vn.UpdateVirtualCircuit, core.UpdateVirtualCircuitRequest{
		VirtualCircuitId:            common.String(id),
		UpdateVirtualCircuitDetails: core.UpdateVirtualCircuitDetails{BandwidthShapeName: common.String(bandwidthShapeName)},
	})
	if err != nil {
		return oci.VirtualCircuit{}, fail("UpdateVirtualCircuit", id, r.RawResponse, err)
	}
	out, err := vcFromSDK(r.VirtualCircuit)
	if err != nil {
		return oci.VirtualCircuit{}, fmt.Errorf("oci: UpdateVirtualCircuit %s: %w", id, err)
	}
	return out, nil
}

// FindVirtualCircuits lists a compartment's virtual circuits named
// displayName that are not TERMINATED (ListVirtualCircuits with its
// displayName filter), following every page.
func (c *Client) FindVirtualCircuits(ctx context.Context, compartmentID, displayName string) ([]oci.VirtualCircuit, error) {
	out := []oci.VirtualCircuit{}
	req := core.ListVirtualCircuitsRequest{CompartmentId: common.String(compartmentID), DisplayName: common.String(displayName)}
	for {
		r, err := ocisdk.Call(ctx, c.vn.ListVirtualCircuits, req)
		if err != nil {
			return nil, fail("FindVirtualCircuits", compartmentID, r.RawResponse, err)
		}
		for _, item := range r.Items {
			if item.LifecycleState == core.VirtualCircuitLifecycleStateTerminated || str(item.DisplayName) != displayName {
				continue
			}
			vc, err := vcFromSDK(item)
			if err != nil {
				return nil, fmt.Errorf("oci: FindVirtualCircuits %s: %w", compartmentID, err)
			}
			out = append(out, vc)
		}
		if req.Page = r.OpcNextPage; req.Page == nil {
			return out, nil
		}
	}
}

// DeleteVirtualCircuit deletes a virtual circuit.
func (c *Client) DeleteVirtualCircuit(ctx context.Context, id string) error {
	r, err := ocisdk.Call(ctx, c.vn.DeleteVirtualCircuit, core.DeleteVirtualCircuitRequest{VirtualCircuitId: common.String(id)})
	if err != nil {
		return fail("DeleteVirtualCircuit", id, r.RawResponse, err)
	}
	return nil
}
