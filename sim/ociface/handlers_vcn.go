package ociface

import (
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/oci"
)

// This file: the handlers of VCNs and their route tables (GET a VCN, GET
// and PUT a route table).

func (s *Server) getVCN() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		v, err := s.w.OCI().GetVCN(r.Context(), r.PathValue("vcnId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, vcnToSDK(v), "")
	}
}

func (s *Server) getRouteTable() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		rt, err := s.w.OCI().GetRouteTable(r.Context(), r.PathValue("rtId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, routeTableToSDK(rt), rt.ETag)
	}
}

// putRouteTable replaces a table's rules with If-Match (World.
// ReplaceRouteRules). A body without routeRules keeps the rules.
func (s *Server) putRouteTable() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var d core.UpdateRouteTableDetails
		if !s.decode(w, body, &d) {
			return
		}
		id := r.PathValue("rtId")
		var rules []oci.RouteRule
		if d.RouteRules == nil {
			cur, err := s.w.OCI().GetRouteTable(r.Context(), id)
			if err != nil {
				s.failErr(w, err)
				return
			}
			rules = cur.Rules
		} else {
			var err error
			if rules, err = rulesFromSDK(d.RouteRules); err != nil {
				s.fail(w, http.StatusBadRequest, "InvalidParameter", err.Error())
				return
			}
		}
		rt, err := simworld.Of(s.w).ReplaceRouteRules(id, r.Header.Get("If-Match"), rules)
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, routeTableToSDK(rt), rt.ETag)
	}
}
