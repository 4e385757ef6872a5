package sim

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/azoci/interconnect/internal/httpstatus"
	"github.com/azoci/interconnect/oci"
)

// This file: the OCI face and what its calls share (errors, retry tokens,
// lifecycle steps), VCNs and the FastConnect catalog. DRGs and their
// attachments are in oci_drg.go, route tables in oci_routing.go, virtual
// circuits in oci_vc.go.

// ociFace is the oci.Network a World hands out.
type ociFace struct{ w *World }

var _ oci.Network = (*ociFace)(nil)

// retryTokenTTL is how long OCI remembers a retry token.
const retryTokenTTL = 24 * time.Hour

// ociCall serves one OCI call (fn runs with mu held).
func ociCall[T any](f *ociFace, ctx context.Context, op, resource string, extra time.Duration, fn func() (T, error)) (T, error) {
	var out T
	err := f.w.do(ctx, CloudOCI, op, func() string { return resource }, extra, func() error {
		v, err := fn()
		out = v
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// ociErr makes an OCI error for the current call (mu held).
func (w *World) ociErr(status int, code, resource, format string, args ...any) *oci.Error {
	if resource == "" {
		resource = w.cur.resource
	}
	return &oci.Error{Op: w.cur.op, Resource: resource, StatusCode: status, Code: code, Message: fmt.Sprintf(format, args...),
		OpcRequestID: fmt.Sprintf("sim-%d", w.st.Seq)}
}

func (w *World) ociNotFound(resource string) *oci.Error {
	return w.ociErr(httpstatus.NotFound, "NotAuthorizedOrNotFound", resource, "Authorization failed or requested resource not found.")
}

func (w *World) ociInvalid(format string, args ...any) *oci.Error {
	return w.ociErr(httpstatus.BadRequest, "InvalidParameter", "", format, args...)
}

func (w *World) ociConflict(code, format string, args ...any) *oci.Error {
	return w.ociErr(httpstatus.Conflict, code, "", format, args...)
}

// visible reports whether a resource of region is seen by the face.
func (w *World) visible(region string) bool {
	return region == "" || w.st.OCIRegion == "" || region == w.st.OCIRegion
}

func (w *World) needCompartment(id string) error {
	if !w.st.Compartments[id] {
		return w.ociNotFound(id)
	}
	return nil
}

// retried returns the resource a Create with the same retry token made, if
// the token is known and fresh (mu held). Once that resource has been
// deleted (TERMINATED or DETACHED, or purged by PurgeDeleted), the token is
// invalidated: 409 InvalidatedRetryToken, and the caller must use a new
// token. OCI's "API Errors" page lists 409 InvalidatedRetryToken for a token
// "used in an earlier request" that "a subsequent operation invalidated"
// (https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm),
// and Oracle's error-code text gives as its example "an entity created with
// the same token has since been deleted". While the delete is still under
// way (TERMINATING, DETACHING) the token answers the dying resource: no
// source says which of the two OCI does then, and it is harmless either way,
// since the engine makes a new token from either answer (createOnce).
func (w *World) retried(kind, token string) (string, bool, error) {
	if token == "" {
		return "", false, nil
	}
	t, ok := w.st.RetryTokens[kind+"/"+token]
	if !ok || w.now.Sub(t.At) >= retryTokenTTL {
		return "", false, nil
	}
	w.cur.resource = t.ID
	if st := w.ociLookup(t.Kind, t.ID); st == nil || st.State == oci.Terminated || st.State == oci.Detached {
		return "", false, w.ociConflict(oci.CodeInvalidatedRetryToken,
			"The retry token was used by an earlier request whose resource has since been deleted; retry the request with a new token.")
	}
	return t.ID, true, nil
}

// remember keeps a retry token (and forgets expired ones).
func (w *World) remember(kind, token, id string) {
	w.cur.resource = id
	if token == "" {
		return
	}
	for k, t := range w.st.RetryTokens {
		if w.now.Sub(t.At) >= retryTokenTTL {
			delete(w.st.RetryTokens, k)
		}
	}
	w.st.RetryTokens[kind+"/"+token] = retryToken{ID: id, Kind: kind, At: w.now}
}

// step puts a lifecycle into state now and schedules state to after d.
func (w *World) step(s *ociState, kind, id string, now oci.LifecycleState, d time.Duration, to oci.LifecycleState) {
	s.State, s.Op = now, w.nextSeq()
	w.schedule(d, kind, key(id), s.Op, string(to))
}

func defaultName(prefix string, t time.Time) string { return prefix + t.UTC().Format("20060102150405") }

// TenancyID returns the world's tenancy (see WithTenancy).
func (f *ociFace) TenancyID() string {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	return f.w.st.Tenancy
}

// ---------------------------------------------------------------------------
// VCNs

func (v *vcnRec) view() oci.VCN {
	return oci.VCN{ID: v.ID, CompartmentID: v.CompartmentID, DisplayName: v.DisplayName, CIDRs: slices.Clone(v.CIDRs),
		DefaultRouteTableID: v.DefaultRouteTableID, State: oci.Available}
}

// GetVCN reads a VCN.
func (f *ociFace) GetVCN(ctx context.Context, id string) (oci.VCN, error) {
	w := f.w
	return ociCall(f, ctx, "GetVCN", id, 0, func() (oci.VCN, error) {
		v := w.st.VCNs[key(id)]
		if v == nil || !w.visible(v.Region) {
			return oci.VCN{}, w.ociNotFound(id)
		}
		return v.view(), nil
	})
}

// ---------------------------------------------------------------------------
// FastConnect catalog

// ListProviderServices lists the FastConnect provider services; compartmentID
// must be the tenancy.
func (f *ociFace) ListProviderServices(ctx context.Context, compartmentID string) ([]oci.ProviderService, error) {
	w := f.w
	return ociCall(f, ctx, "ListProviderServices", compartmentID, 0, func() ([]oci.ProviderService, error) {
		// oci-go-sdk's ListFastConnectProviderServices asks for the OCID of
		// the tenancy (the root compartment); the simulator answers only
		// there, so that callers are held to it.
		if compartmentID != w.st.Tenancy {
			return nil, w.ociErr(httpstatus.NotFound, "NotAuthorizedOrNotFound", compartmentID,
				"FastConnect provider services are listed in the tenancy (root compartment) %s, not in compartment %s.", w.st.Tenancy, compartmentID)
		}
		out := []oci.ProviderService{}
		for _, p := range cloneProviderServices(w.st.ProviderServices) {
			out = append(out, p.ProviderService)
		}
		return out, nil
	})
}

// ListBandwidthShapes lists the shapes a provider service offers.
func (f *ociFace) ListBandwidthShapes(ctx context.Context, providerServiceID string) ([]oci.BandwidthShape, error) {
	w := f.w
	return ociCall(f, ctx, "ListBandwidthShapes", providerServiceID, 0, func() ([]oci.BandwidthShape, error) {
		p := w.providerService(providerServiceID)
		if p == nil {
			return nil, w.ociNotFound(providerServiceID)
		}
		return slices.Clone(p.Shapes), nil
	})
}
