package ociface

import (
	"encoding/json"
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci"
)

// This file: the handlers of DRG route tables. The simulator models a DRG
// route table's isEcmpEnabled alone, so an UpdateDrgRouteTable that sets
// anything else (a name, tags, an import route distribution) is refused
// with 400 InvalidParameter rather than silently ignored: OCI would change
// those, the simulator cannot.

func drgRouteTableToSDK(t oci.DRGRouteTable) core.DrgRouteTable {
	return core.DrgRouteTable{Id: strp(t.ID), CompartmentId: strp(t.CompartmentID), DrgId: strp(t.DRGID),
		DisplayName: strp(t.DisplayName), IsEcmpEnabled: common.Bool(t.ECMPEnabled),
		LifecycleState: core.DrgRouteTableLifecycleStateEnum(t.State)}
}

func (s *Server) getDRGRouteTable() handlerFunc {
	return func(w *recorder, r *http.Request, _ []byte) {
		t, err := s.w.OCI().GetDRGRouteTable(r.Context(), r.PathValue("drgRouteTableId"))
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, drgRouteTableToSDK(t), "")
	}
}

func (s *Server) putDRGRouteTable() handlerFunc {
	return func(w *recorder, r *http.Request, body []byte) {
		var fields map[string]json.RawMessage
		if !s.decode(w, body, &fields) {
			return
		}
		for name := range fields {
			if name != "isEcmpEnabled" {
				s.fail(w, http.StatusBadRequest, "InvalidParameter",
					"The simulator changes a DRG route table's isEcmpEnabled only, not "+name+".")
				return
			}
		}
		var d core.UpdateDrgRouteTableDetails
		if !s.decode(w, body, &d) {
			return
		}
		id := r.PathValue("drgRouteTableId")
		var (
			t   oci.DRGRouteTable
			err error
		)
		if d.IsEcmpEnabled == nil { // nothing to change
			t, err = s.w.OCI().GetDRGRouteTable(r.Context(), id)
		} else {
			t, err = s.w.OCI().UpdateDRGRouteTable(r.Context(), id, *d.IsEcmpEnabled)
		}
		if err != nil {
			s.failErr(w, err)
			return
		}
		reply(w, http.StatusOK, drgRouteTableToSDK(t), "")
	}
}
