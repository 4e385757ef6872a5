package ociface

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// route is one served operation: pattern is its Kind ("GET /drgs/{drgId}").
type route struct {
	pattern string
	handler func(s *Server) handlerFunc
}

// routeTable lists what the face serves; see the package documentation.
var routeTable = []route{
	{"GET /vcns/{vcnId}", (*Server).getVCN},
	{"POST /drgs", (*Server).createDRG},
	{"GET /drgs", (*Server).listDRGs},
	{"GET /drgs/{drgId}", (*Server).getDRG},
	{"DELETE /drgs/{drgId}", (*Server).deleteDRG},
	{"POST /drgAttachments", (*Server).createAttachment},
	{"GET /drgAttachments", (*Server).listAttachments},
	{"GET /drgAttachments/{drgAttachmentId}", (*Server).getAttachment},
	{"DELETE /drgAttachments/{drgAttachmentId}", (*Server).deleteAttachment},
	{"GET /fastConnectProviderServices", (*Server).listProviderServices},
	{"GET /fastConnectProviderServices/{providerServiceId}/virtualCircuitBandwidthShapes", (*Server).listShapes},
	{"POST /virtualCircuits", (*Server).createVC},
	{"GET /virtualCircuits", (*Server).listVCs},
	{"GET /virtualCircuits/{virtualCircuitId}", (*Server).getVC},
	{"PUT /virtualCircuits/{virtualCircuitId}", (*Server).updateVC},
	{"DELETE /virtualCircuits/{virtualCircuitId}", (*Server).deleteVC},
	{"GET /routeTables/{rtId}", (*Server).getRouteTable},
	{"PUT /routeTables/{rtId}", (*Server).putRouteTable},
}

// Kinds lists the Kind of every request the face serves: the Networking
// API's, then the Monitoring API's.
func Kinds() []string {
	var out []string
	for _, r := range slices.Concat(routeTable, monitoringRoutes) {
		out = append(out, r.pattern)
	}
	return out
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for version, table := range map[string][]route{APIVersion: routeTable, MonitoringAPIVersion: monitoringRoutes} {
		for _, r := range table {
			method, path, _ := strings.Cut(r.pattern, " ")
			mux.HandleFunc(method+" "+version+path, s.serve(r.handler(s)))
		}
	}
	mux.HandleFunc("/", s.serve(func(w *recorder, r *http.Request, _ []byte) {
		s.fail(w, http.StatusNotFound, "NotAuthorizedOrNotFound", "Authorization failed or requested resource not found.")
	}))
	return mux
}

// ---------------------------------------------------------------------------
// Answers

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fail answers an error in OCI's shape.
func (s *Server) fail(w *recorder, status int, code, msg string) {
	w.code = code
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{Code: code, Message: msg})
}

// failErr answers the world's error: an *oci.Error as itself (with
// Retry-After when it has one), anything else (a context ending) as 500.
func (s *Server) failErr(w *recorder, err error) {
	var e *oci.Error
	if !errors.As(err, &e) {
		s.fail(w, http.StatusInternalServerError, "InternalServerError", "Internal error: "+err.Error())
		return
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	s.fail(w, e.StatusCode, e.Code, e.Message)
}

// reply answers v as JSON, with etag when it is not "".
func reply(w *recorder, status int, v any, etag string) {
	if etag != "" {
		w.Header().Set("etag", etag)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decode reads a request body into v, answering 400 when it cannot.
func (s *Server) decode(w *recorder, body []byte, v any) bool {
	if err := json.Unmarshal(body, v); err != nil {
		s.fail(w, http.StatusBadRequest, "InvalidParameter", "The request body is not valid JSON for this operation: "+err.Error())
		return false
	}
	return true
}

// required reads a mandatory query parameter, answering 400 when absent.
func (s *Server) required(w *recorder, r *http.Request, name string) (string, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		s.fail(w, http.StatusBadRequest, "MissingParameter", "Missing the required query parameter "+name+".")
		return "", false
	}
	return v, true
}

// page answers one page of items: at most the page size or the limit
// parameter, from the offset the page parameter carries (the opc-next-page
// token of the previous page), with opc-next-page when more remain.
func page[T any](s *Server, w *recorder, r *http.Request, items []T) {
	q := r.URL.Query()
	start, size := 0, s.pageSize
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p, "page-"))
		if err != nil || n < 0 || !strings.HasPrefix(p, "page-") {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "The page token is not valid.")
			return
		}
		start = min(n, len(items))
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			s.fail(w, http.StatusBadRequest, "InvalidParameter", "limit must be an integer from 1 to 1000.")
			return
		}
		size = min(size, n)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		w.Header().Set("opc-next-page", "page-"+strconv.Itoa(end))
	}
	reply(w, http.StatusOK, items[start:end], "")
}

// ---------------------------------------------------------------------------
// Wire conversions (the face's own: the client's are in package oci)

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return common.String(s)
}

func vcnToSDK(v oci.VCN) core.Vcn {
	out := core.Vcn{Id: strp(v.ID), CompartmentId: strp(v.CompartmentID), DisplayName: strp(v.DisplayName),
		DefaultRouteTableId: strp(v.DefaultRouteTableID), LifecycleState: core.VcnLifecycleStateEnum(v.State),
		CidrBlocks: []string{}}
	for _, p := range v.CIDRs {
		out.CidrBlocks = append(out.CidrBlocks, p.String())
	}
	if len(out.CidrBlocks) > 0 {
		out.CidrBlock = common.String(out.CidrBlocks[0])
	}
	return out
}

func drgToSDK(d oci.DRG) core.Drg {
	return core.Drg{Id: strp(d.ID), CompartmentId: strp(d.CompartmentID), DisplayName: strp(d.DisplayName),
		FreeformTags: d.FreeformTags, LifecycleState: core.DrgLifecycleStateEnum(d.State)}
}

func attachmentToSDK(a oci.DRGAttachment) core.DrgAttachment {
	return core.DrgAttachment{Id: strp(a.ID), CompartmentId: strp(a.CompartmentID), DisplayName: strp(a.DisplayName),
		DrgId: strp(a.DRGID), VcnId: strp(a.VCNID), FreeformTags: a.FreeformTags,
		LifecycleState: core.DrgAttachmentLifecycleStateEnum(a.State),
		NetworkDetails: core.VcnDrgAttachmentNetworkDetails{Id: strp(a.VCNID)}}
}

func providerServiceToSDK(p oci.ProviderService) core.FastConnectProviderService {
	out := core.FastConnectProviderService{Id: strp(p.ID), ProviderName: strp(p.ProviderName),
		ProviderServiceName: strp(p.ProviderServiceName), Type: core.FastConnectProviderServiceTypeEnum(p.Type),
		RequiredTotalCrossConnects:  common.Int(1),
		PrivatePeeringBgpManagement: core.FastConnectProviderServicePrivatePeeringBgpManagementCustomerManaged,
		PublicPeeringBgpManagement:  core.FastConnectProviderServicePublicPeeringBgpManagementOracleManaged,
		CustomerAsnManagement:       core.FastConnectProviderServiceCustomerAsnManagementCustomerManaged,
		// A LAYER3 provider (Azure) is ordered with its own key.
		ProviderServiceKeyManagement: core.FastConnectProviderServiceProviderServiceKeyManagementProviderManaged,
		BandwithShapeManagement:      core.FastConnectProviderServiceBandwithShapeManagementCustomerManaged}
	if p.Type == "LAYER3" {
		out.PrivatePeeringBgpManagement = core.FastConnectProviderServicePrivatePeeringBgpManagementProviderManaged
		out.CustomerAsnManagement = core.FastConnectProviderServiceCustomerAsnManagementProviderManaged
	}
	for _, t := range p.CircuitTypes {
		out.SupportedVirtualCircuitTypes = append(out.SupportedVirtualCircuitTypes,
			core.FastConnectProviderServiceSupportedVirtualCircuitTypesEnum(t))
	}
	return out
}

func shapeToSDK(b oci.BandwidthShape) core.VirtualCircuitBandwidthShape {
	return core.VirtualCircuitBandwidthShape{Name: strp(b.Name), BandwidthInMbps: common.Int(b.Mbps)}
}

func prefix(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return common.String(p.String())
}

func vcToSDK(v oci.VirtualCircuit) core.VirtualCircuit {
	out := core.VirtualCircuit{Id: strp(v.ID), CompartmentId: strp(v.CompartmentID), DisplayName: strp(v.DisplayName),
		Type: core.VirtualCircuitTypeEnum(v.Type), BandwidthShapeName: strp(v.BandwidthShapeName),
		GatewayId: strp(v.GatewayID), ProviderServiceId: strp(v.ProviderServiceID),
		ProviderServiceKeyName: strp(v.ProviderServiceKeyName.Reveal()), FreeformTags: v.FreeformTags,
		LifecycleState:  vcStateToSDK(v.State),
		ProviderState:   vcProviderStateToSDK(v.ProviderState),
		BgpSessionState: bgpStateToSDK(v.BGPSessionState),
		OracleBgpAsn:    common.Int(v.OracleBGPASN), CrossConnectMappings: []core.CrossConnectMapping{}}
	for _, m := range v.CrossConnectMappings {
		out.CrossConnectMappings = append(out.CrossConnectMappings, core.CrossConnectMapping{
			OracleBgpPeeringIp: prefix(m.OracleBGPPeeringIP), CustomerBgpPeeringIp: prefix(m.CustomerBGPPeeringIP),
			BgpMd5AuthKey: strp(m.BGPMD5AuthKey.Reveal())})
	}
	return out
}

// vcStateToSDK spells a virtual circuit's lifecycle state as oci-go-sdk's
// core.VirtualCircuitLifecycleStateEnum does: PENDING_PROVIDER, VERIFYING,
// PROVISIONING, PROVISIONED, FAILED, INACTIVE, TERMINATING, TERMINATED. A
// state the SDK does not know goes out unchanged, so that a client sees the
// simulator's mistake instead of an empty field.
func vcStateToSDK(s oci.LifecycleState) core.VirtualCircuitLifecycleStateEnum {
	if e, ok := core.GetMappingVirtualCircuitLifecycleStateEnum(string(s)); ok {
		return e
	}
	return core.VirtualCircuitLifecycleStateEnum(s)
}

// vcProviderStateToSDK spells a virtual circuit's provider state as
// core.VirtualCircuitProviderStateEnum does (ACTIVE, INACTIVE).
func vcProviderStateToSDK(s string) core.VirtualCircuitProviderStateEnum {
	if e, ok := core.GetMappingVirtualCircuitProviderStateEnum(s); ok {
		return e
	}
	return core.VirtualCircuitProviderStateEnum(s)
}

// bgpStateToSDK spells a BGP session state as
// core.VirtualCircuitBgpSessionStateEnum does (UP, DOWN).
func bgpStateToSDK(s string) core.VirtualCircuitBgpSessionStateEnum {
	if e, ok := core.GetMappingVirtualCircuitBgpSessionStateEnum(s); ok {
		return e
	}
	return core.VirtualCircuitBgpSessionStateEnum(s)
}

func routeTableToSDK(rt oci.RouteTable) core.RouteTable {
	out := core.RouteTable{Id: strp(rt.ID), CompartmentId: strp(rt.CompartmentID), VcnId: strp(rt.VCNID),
		DisplayName: strp(rt.DisplayName), LifecycleState: core.RouteTableLifecycleStateEnum(rt.State),
		RouteRules: []core.RouteRule{}}
	for _, r := range rt.Rules {
		out.RouteRules = append(out.RouteRules, core.RouteRule{Destination: common.String(r.Destination.String()),
			CidrBlock: common.String(r.Destination.String()), DestinationType: core.RouteRuleDestinationTypeCidrBlock,
			NetworkEntityId: strp(r.NetworkEntityID), Description: strp(r.Description), RouteType: core.RouteRuleRouteTypeStatic})
	}
	return out
}

// bgpAddr reads a BGP peering address of a request. One the world could not
// accept either (not a prefix) becomes the zero Prefix, which the world
// rejects with its own message.
func bgpAddr(s *string) netip.Prefix {
	if s == nil {
		return netip.Prefix{}
	}
	p, _ := netip.ParsePrefix(*s)
	return p
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func vcFromSDK(d core.CreateVirtualCircuitDetails) oci.VirtualCircuit {
	out := oci.VirtualCircuit{CompartmentID: str(d.CompartmentId), DisplayName: str(d.DisplayName), Type: string(d.Type),
		BandwidthShapeName: str(d.BandwidthShapeName), GatewayID: str(d.GatewayId), ProviderServiceID: str(d.ProviderServiceId),
		ProviderServiceKeyName: secret.Value(str(d.ProviderServiceKeyName)), FreeformTags: d.FreeformTags}
	for _, m := range d.CrossConnectMappings {
		out.CrossConnectMappings = append(out.CrossConnectMappings, oci.CrossConnectMapping{
			OracleBGPPeeringIP: bgpAddr(m.OracleBgpPeeringIp), CustomerBGPPeeringIP: bgpAddr(m.CustomerBgpPeeringIp),
			BGPMD5AuthKey: secret.Value(str(m.BgpMd5AuthKey))})
	}
	return out
}

// rulesFromSDK reads the rules of an UpdateRouteTable; the simulator holds
// CIDR_BLOCK rules only.
func rulesFromSDK(rules []core.RouteRule) ([]oci.RouteRule, error) {
	out := make([]oci.RouteRule, 0, len(rules))
	for i, r := range rules {
		if r.DestinationType != "" && r.DestinationType != core.RouteRuleDestinationTypeCidrBlock {
			return nil, errors.New("route rule " + strconv.Itoa(i) + ": destination type " + string(r.DestinationType) +
				" is not supported by the simulator (CIDR_BLOCK only)")
		}
		d := str(r.Destination)
		if d == "" {
			d = str(r.CidrBlock)
		}
		p, err := netip.ParsePrefix(d)
		if err != nil {
			return nil, errors.New("route rule " + strconv.Itoa(i) + ": destination " + strconv.Quote(d) + " is not a valid CIDR block")
		}
		out = append(out, oci.RouteRule{Destination: p, NetworkEntityID: str(r.NetworkEntityId), Description: str(r.Description)})
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Handlers

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
			DisplayName: str(d.DisplayName), FreeformTags: d.FreeformTags}, r.Header.Get("opc-retry-token"))
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

// FormatCounts renders request counts (Counts, CountsSince) on one line,
// sorted by kind, e.g. "GET /drgs/{drgId}=3 POST /drgs=1".
func FormatCounts(m map[string]int) string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k + "=" + strconv.Itoa(m[k])
	}
	return strings.Join(parts, " ")
}
