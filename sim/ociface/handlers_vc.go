package ociface

import (
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/oci"
)

// This file: the handlers of the FastConnect catalog (provider services and
// their bandwidth shapes) and of virtual circuits.

// listProviderServices answers the world's provider services for the
// tenancy only: oci-go-sdk's ListFastConnectProviderServices asks for "the
// OCID of your tenancy (the root compartment)", and the world answers 404
// NotAuthorizedOrNotFound for any other compartment (see
// sim.World.TenancyID). Clients of ConfigProvider report that tenancy.
func (s *Server) listProviderServices() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		comp, ok := s.required(w, r, "compartmentId")
		if !ok {
			return
		}
		list, err := s.w.OCI().ListProviderServices(r.Context(), comp)
		if err != nil {
			s.failErr(w, err)
			return
		}
		items := make([]core.FastConnectProviderService, len(list))
		for i, p := range list {
			items[i] = providerServiceToSDK(p)
		}
		page(s, w, r, items)
	}
}

func (s *Server) listShapes() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		list, err := s.w.OCI().ListBandwidthShapes(r.Context(), r.PathValue("providerServiceId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		items := make([]core.VirtualCircuitBandwidthShape, len(list))
		for i, b := range list {
			items[i] = shapeToSDK(b)
		}
		page(s, w, r, items)
	}
}

func (s *Server) createVC() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var d core.CreateVirtualCircuitDetails
		if !s.decode(w, body, &d) {
			return
		}
		out, err := s.w.OCI().CreateVirtualCircuit(r.Context(), vcFromSDK(d), r.Header.Get("opc-retry-token"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, vcToSDK(out), "")
	}
}

func (s *Server) listVCs() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		comp, ok := s.required(w, r, "compartmentId")
		if !ok {
			return
		}
		q := r.URL.Query()
		var list []oci.VirtualCircuit
		var err error
		if name := q.Get("displayName"); name != "" {
			list, err = s.w.OCI().FindVirtualCircuits(r.Context(), comp, name)
		} else {
			list, err = simworld.Of(s.w).ListVirtualCircuits(r.Context(), comp)
		}
		if err != nil {
			s.failErr(w, err)
			return
		}
		items := []core.VirtualCircuit{}
		state := q.Get("lifecycleState")
		for _, v := range list {
			if state == "" || string(v.State) == state {
				items = append(items, vcToSDK(v))
			}
		}
		page(s, w, r, items)
	}
}

func (s *Server) getVC() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		v, err := s.w.OCI().GetVirtualCircuit(r.Context(), r.PathValue("virtualCircuitId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, vcToSDK(v), "")
	}
}

// updateVC serves the bandwidth change, the one update the library makes.
func (s *Server) updateVC() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var d core.UpdateVirtualCircuitDetails
		if !s.decode(w, body, &d) {
			return
		}
		if d.BandwidthShapeName == nil {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "The simulator only changes bandwidthShapeName.")
			return
		}
		v, err := s.w.OCI().UpdateVirtualCircuit(r.Context(), r.PathValue("virtualCircuitId"), *d.BandwidthShapeName)
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, vcToSDK(v), "")
	}
}

func (s *Server) deleteVC() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		if err := s.w.OCI().DeleteVirtualCircuit(r.Context(), r.PathValue("virtualCircuitId")); err != nil {
			s.failErr(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
