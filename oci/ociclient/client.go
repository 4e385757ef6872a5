package ociclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/secret"
)

// Client implements oci.Network with oci-go-sdk's core.VirtualNetworkClient, in
// the region of its configuration provider (or at WithEndpoint). It is a thin
// layer: it converts values (convert.go), follows pages, runs the route
// table read-modify-write and maps errors to *Error. It waits for nothing:
// callers poll Get, as oci.Network says. Requests that OCI throttles (429) or
// fails (5xx) are retried by the SDK under the policy NewClient installs
// (DefaultRetryPolicy); every Create carries the caller's retry token, so a
// retried or repeated Create never makes a second resource.
//
// Secrets (the service key, MD5 keys) leave the process only in request
// bodies: they are never in an error, and VirtualCircuit redacts them when
// printed. The SDK's own debug logging (OCI_GO_SDK_DEBUG=verbose) dumps
// request bodies, keys included: keep it off where logs are kept.
//
// A Client is safe for concurrent use.
type Client struct {
	vn      core.VirtualNetworkClient
	tenancy string
}

var _ oci.Network = (*Client)(nil)

// Option configures a Client made by NewClient.
type Option func(*options)

type options struct {
	endpoint   string
	httpClient *http.Client
	retry      *common.RetryPolicy
}

// WithEndpoint sends requests to endpoint ("https://host[:port]", no path)
// instead of the region's public Networking endpoint: for private endpoints,
// proxies and tests.
func WithEndpoint(endpoint string) Option { return func(o *options) { o.endpoint = endpoint } }

// WithHTTPClient makes the SDK send requests with hc (for instance one that
// trusts a test server's certificate) instead of its own HTTP client.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithRetryPolicy replaces DefaultRetryPolicy for every request of the
// client. Build policies with NewRetryPolicy or common.NewRetryPolicy (see
// NewRetryPolicy about common.NewRetryPolicyWithOptions).
func WithRetryPolicy(p common.RetryPolicy) Option { return func(o *options) { o.retry = &p } }

// NewClient returns a Client that authenticates with cp (see ConfigProvider
// and InstancePrincipalProvider) and talks to the Networking service of cp's
// region, or to WithEndpoint's. cp must name a tenancy (TenancyOCID): the
// client's TenancyID. NewClient sends no request.
func NewClient(cp common.ConfigurationProvider, opts ...Option) (*Client, error) {
	if cp == nil {
		return nil, errors.New("oci: NewClient: nil configuration provider")
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	tenancy, err := cp.TenancyOCID()
	if err != nil {
		return nil, fmt.Errorf("oci: NewClient: the configuration names no tenancy (the tenancy key of the OCI config profile): %w", err)
	}
	if tenancy == "" {
		return nil, errors.New("oci: NewClient: the configuration names no tenancy (the tenancy key of the OCI config profile is empty)")
	}
	vn, err := core.NewVirtualNetworkClientWithConfigurationProvider(cp)
	if err != nil {
		return nil, fmt.Errorf("oci: NewClient: %w", err)
	}
	if o.endpoint != "" {
		u, err := url.Parse(o.endpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("oci: NewClient: endpoint %q is not an http(s)://host[:port] URL", o.endpoint)
		}
		vn.Host = u.Scheme + "://" + u.Host
	}
	if o.httpClient != nil {
		vn.HTTPClient = o.httpClient
	}
	vn.HTTPClient = dispatcher{next: vn.HTTPClient}
	policy := DefaultRetryPolicy()
	if o.retry != nil {
		policy = *o.retry
	}
	vn.Configuration.RetryPolicy = &policy
	return &Client{vn: vn, tenancy: tenancy}, nil
}

// TenancyID returns the OCID of the tenancy of the client's configuration
// provider: the root compartment, where FastConnect provider services are
// listed.
func (c *Client) TenancyID() string { return c.tenancy }

// Endpoint returns the URL the client sends requests to.
func (c *Client) Endpoint() string {
	base := c.vn.BaseClient // a copy: resolving the endpoint template edits Host
	common.UpdateEndpointTemplateForOptions(&base)
	return base.Endpoint()
}

// callerCtx is the context key under which sdk passes the caller's context
// to dispatcher.
type callerCtx struct{}

// sdk runs one SDK operation for a caller whose context is ctx.
//
// It works around a data race in oci-go-sdk's common.Retry (v65.130.0; see
// https://github.com/oracle/oci-go-sdk/pull/603): when the context ends
// while a request is in flight, Retry returns the response variable its
// retry goroutine is still writing, and the generated operation then reads
// it. So the SDK gets a context that never ends (carrying ctx's values), the
// request itself still runs under ctx (dispatcher puts ctx back on it), and
// sdk returns ctx's error as soon as ctx ends, without reading what the SDK
// may still be writing.
func sdk[Req, Resp any](ctx context.Context, op func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
	var zero Resp
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type result struct {
		resp Resp
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := op(context.WithValue(context.WithoutCancel(ctx), callerCtx{}, ctx), req)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// dispatcher sends the SDK's HTTP requests under the caller's context (see
// sdk), so that ending it cancels the request in flight.
type dispatcher struct{ next common.HTTPRequestDispatcher }

// Do sends r with the caller's context.
func (d dispatcher) Do(r *http.Request) (*http.Response, error) {
	if ctx, ok := r.Context().Value(callerCtx{}).(context.Context); ok {
		r = r.WithContext(ctx)
	}
	return d.next.Do(r)
}

// token returns the SDK's retry token for a caller's token; nil lets the SDK
// make one up for this call alone.
func token(t string) *string { return optString(t) }

// fail maps an SDK error to the library's: *Error for an answer of OCI (404
// matches ErrNotFound), else the SDK's error wrapped (context errors stay
// visible to errors.Is). secrets are plaintexts that must not appear in the
// error: they are replaced by secret.Redacted wherever OCI's message or the
// SDK's text would echo them.
func fail(op, resource string, raw *http.Response, err error, secrets ...string) error {
	if se, ok := common.IsServiceError(err); ok {
		e := &oci.Error{Op: op, Resource: resource, StatusCode: se.GetHTTPStatusCode(), Code: se.GetCode(),
			Message: scrub(se.GetMessage(), secrets), OpcRequestID: se.GetOpcRequestID()}
		if e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusServiceUnavailable {
			e.RetryAfter = retryAfter(raw)
		}
		return e
	}
	if slices.ContainsFunc(secrets, func(s string) bool { return s != "" && strings.Contains(err.Error(), s) }) {
		e := &scrubbedError{msg: fmt.Sprintf("oci: %s %s: %s", op, resource, scrub(err.Error(), secrets))}
		for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
			if errors.Is(err, c) {
				e.cause = c
			}
		}
		return e
	}
	return fmt.Errorf("oci: %s %s: %w", op, resource, err)
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, secret.Redacted)
		}
	}
	return s
}

// scrubbedError stands for an SDK error whose text held a secret: it prints
// without it, and does not unwrap to the original (which would show it),
// only to the context error that caused it, if any.
type scrubbedError struct {
	msg   string
	cause error
}

// Error returns the scrubbed text.
func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns context.Canceled or context.DeadlineExceeded when the SDK's
// error was one, else nil.
func (e *scrubbedError) Unwrap() error { return e.cause }

// GetVCN reads a VCN.
func (c *Client) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	r, err := sdk(ctx, c.vn.GetVcn, core.GetVcnRequest{VcnId: common.String(id)})
	if err != nil {
		return oci.VCN{}, fail("GetVCN", id, r.RawResponse, err)
	}
	v, err := vcnFromSDK(r.Vcn)
	if err != nil {
		return oci.VCN{}, fmt.Errorf("oci: GetVCN %s: %w", id, err)
	}
	return v, nil
}

// CreateDRG creates a DRG (PROVISIONING at first).
func (c *Client) CreateDRG(ctx context.Context, d oci.DRG, retryToken string) (oci.DRG, error) {
	r, err := sdk(ctx, c.vn.CreateDrg, core.CreateDrgRequest{CreateDrgDetails: createDRGDetails(d), OpcRetryToken: token(retryToken)})
	if err != nil {
		return oci.DRG{}, fail("CreateDRG", d.CompartmentID, r.RawResponse, err)
	}
	return drgFromSDK(r.Drg), nil
}

// GetDRG reads a DRG.
func (c *Client) GetDRG(ctx context.Context, id string) (oci.DRG, error) {
	r, err := sdk(ctx, c.vn.GetDrg, core.GetDrgRequest{DrgId: common.String(id)})
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
		r, err := sdk(ctx, c.vn.ListDrgs, req)
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
	r, err := sdk(ctx, c.vn.DeleteDrg, core.DeleteDrgRequest{DrgId: common.String(id)})
	if err != nil {
		return fail("DeleteDRG", id, r.RawResponse, err)
	}
	return nil
}

// CreateDRGAttachment attaches a DRG to a VCN (VCN network details). The
// attachment lives in the DRG's compartment; a.CompartmentID is not sent.
func (c *Client) CreateDRGAttachment(ctx context.Context, a oci.DRGAttachment, retryToken string) (oci.DRGAttachment, error) {
	r, err := sdk(ctx, c.vn.CreateDrgAttachment, core.CreateDrgAttachmentRequest{
		CreateDrgAttachmentDetails: createAttachmentDetails(a), OpcRetryToken: token(retryToken)})
	if err != nil {
		return oci.DRGAttachment{}, fail("CreateDRGAttachment", a.DRGID, r.RawResponse, err)
	}
	return attachmentFromSDK(r.DrgAttachment), nil
}

// GetDRGAttachment reads a DRG attachment.
func (c *Client) GetDRGAttachment(ctx context.Context, id string) (oci.DRGAttachment, error) {
	r, err := sdk(ctx, c.vn.GetDrgAttachment, core.GetDrgAttachmentRequest{DrgAttachmentId: common.String(id)})
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
		r, err := sdk(ctx, c.vn.ListDrgAttachments, req)
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
	r, err := sdk(ctx, c.vn.DeleteDrgAttachment, core.DeleteDrgAttachmentRequest{DrgAttachmentId: common.String(id)})
	if err != nil {
		return fail("DeleteDRGAttachment", id, r.RawResponse, err)
	}
	return nil
}

// ListProviderServices lists the FastConnect provider services, following
// every page. Find Azure's by ProviderName == AzureProviderName.
func (c *Client) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	out := []oci.ProviderService{}
	req := core.ListFastConnectProviderServicesRequest{CompartmentId: common.String(compartmentID)}
	for {
		r, err := sdk(ctx, c.vn.ListFastConnectProviderServices, req)
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
		r, err := sdk(ctx, c.vn.ListFastConnectProviderVirtualCircuitBandwidthShapes, req)
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
	r, err := sdk(ctx, c.vn.CreateVirtualCircuit, core.CreateVirtualCircuitRequest{
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
	r, err := sdk(ctx, c.vn.GetVirtualCircuit, core.GetVirtualCircuitRequest{VirtualCircuitId: common.String(id)})
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
	r, err := sdk(ctx, c.vn.UpdateVirtualCircuit, core.UpdateVirtualCircuitRequest{
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
		r, err := sdk(ctx, c.vn.ListVirtualCircuits, req)
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
	r, err := sdk(ctx, c.vn.DeleteVirtualCircuit, core.DeleteVirtualCircuitRequest{VirtualCircuitId: common.String(id)})
	if err != nil {
		return fail("DeleteVirtualCircuit", id, r.RawResponse, err)
	}
	return nil
}

// GetRouteTable reads a route table and its ETag. Rules whose destination is
// not a CIDR block (service gateway rules) are not in Rules.
func (c *Client) GetRouteTable(ctx context.Context, id string) (oci.RouteTable, error) {
	r, err := sdk(ctx, c.vn.GetRouteTable, core.GetRouteTableRequest{RtId: common.String(id)})
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
// it starts again from a fresh GET, at most maxRouteTableWrites times. Rules
// edit cannot see (non-CIDR destinations) are written back unchanged.
func (c *Client) UpdateRouteTable(ctx context.Context, id string, edit func(rules []oci.RouteRule) ([]oci.RouteRule, bool)) (oci.RouteTable, error) {
	for attempt := 1; ; attempt++ {
		got, err := sdk(ctx, c.vn.GetRouteTable, core.GetRouteTableRequest{RtId: common.String(id)})
		if err != nil {
			return oci.RouteTable{}, fail("UpdateRouteTable", id, got.RawResponse, err)
		}
		cur := routeTableFromSDK(got.RouteTable, got.Etag)
		rules, changed := edit(slices.Clone(cur.Rules))
		if !changed {
			return cur, nil
		}
		put, err := sdk(ctx, c.vn.UpdateRouteTable, core.UpdateRouteTableRequest{RtId: common.String(id), IfMatch: got.Etag,
			UpdateRouteTableDetails: core.UpdateRouteTableDetails{RouteRules: routeRulesToSDK(rules, got.RouteRules)}})
		if err == nil {
			return routeTableFromSDK(put.RouteTable, put.Etag), nil
		}
		if se, ok := common.IsServiceError(err); ok && se.GetHTTPStatusCode() == http.StatusPreconditionFailed &&
			attempt < maxRouteTableWrites && ctx.Err() == nil {
			continue
		}
		return oci.RouteTable{}, fail("UpdateRouteTable", id, put.RawResponse, err)
	}
}
