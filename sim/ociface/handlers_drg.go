package ociface

import (
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci"
)

// This file: the handlers of DRGs and DRG attachments.

func (s *Server) createDRG() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var d core.CreateDrgDetails
		if !s.decode(w, body, &d) {
			return
		}
		out, err := s.w.OCI().CreateDRG(r.Context(), oci.DRG{CompartmentID: str(d.CompartmentId), DisplayName: str(d.DisplayName),
			FreeformTags: d.FreeformTags}, r.Header.Get("opc-retry-token"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, drgToSDK(out), "")
	}
}

func (s *Server) listDRGs() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		comp, ok := s.required(w, r, "compartmentId")
		if !ok {
			return
		}
		list, err := s.w.OCI().ListDRGs(r.Context(), comp)
		if err != nil {
			s.failErr(w, err)
			return
		}
		items := make([]core.Drg, len(list))
		for i, d := range list {
			items[i] = drgToSDK(d)
		}
		page(s, w, r, items)
	}
}

func (s *Server) getDRG() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		d, err := s.w.OCI().GetDRG(r.Context(), r.PathValue("drgId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, drgToSDK(d), "")
	}
}

func (s *Server) deleteDRG() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		if err := s.w.OCI().DeleteDRG(r.Context(), r.PathValue("drgId")); err != nil {
			s.failErr(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) createAttachment() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var d core.CreateDrgAttachmentDetails
		if !s.decode(w, body, &d) {
			return
		}
		vcn := str(d.VcnId)
		switch n := d.NetworkDetails.(type) {
		case nil:
		case core.VcnDrgAttachmentNetworkCreateDetails:
			vcn = str(n.Id)
		default:
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "The simulator attaches DRGs to VCNs only.")
			return
		}
		out, err := s.w.OCI().CreateDRGAttachment(r.Context(), oci.DRGAttachment{DRGID: str(d.DrgId), VCNID: vcn,
			DisplayName: str(d.DisplayName), FreeformTags: d.FreeformTags, DRGRouteTableID: str(d.DrgRouteTableId)},
			r.Header.Get("opc-retry-token"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, attachmentToSDK(out), "")
	}
}

func (s *Server) listAttachments() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		comp, ok := s.required(w, r, "compartmentId")
		if !ok {
			return
		}
		q := r.URL.Query()
		vcn := q.Get("vcnId")
		if vcn == "" {
			vcn = q.Get("networkId")
		}
		list, err := s.w.OCI().ListDRGAttachments(r.Context(), comp, vcn, q.Get("drgId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		items := []core.DrgAttachment{}
		if t := q.Get("attachmentType"); t == "" || t == "VCN" || t == "ALL" {
			for _, a := range list {
				items = append(items, attachmentToSDK(a))
			}
		}
		page(s, w, r, items)
	}
}

func (s *Server) getAttachment() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		a, err := s.w.OCI().GetDRGAttachment(r.Context(), r.PathValue("drgAttachmentId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, attachmentToSDK(a), "")
	}
}

func (s *Server) deleteAttachment() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		if err := s.w.OCI().DeleteDRGAttachment(r.Context(), r.PathValue("drgAttachmentId")); err != nil {
			s.failErr(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
