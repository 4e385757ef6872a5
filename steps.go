package interconnect

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/plan"
)

// This file: the vocabulary of a plan's steps. A plan is data: each step
// carries its resource and every value Apply sends (plan.Change), so what is
// reviewed is what runs. The deciders (decide*.go) write these fields, the
// executors (exec_*.go) read them, and nothing else passes between the two.

// Step IDs. They are stable across runs and releases: users and tools key on
// them (plan JSON, events, Result).
const (
	StepGatewaySubnet  = "azure/gateway-subnet"
	StepPublicIP       = "azure/public-ip"
	StepGateway        = "azure/gateway"
	StepCircuit        = "azure/circuit"
	StepPeering        = "azure/private-peering"
	StepConnection     = "azure/connection"
	StepDRG            = "oci/drg"
	StepDRGAttachment  = "oci/drg-attachment"
	StepRouteRules     = "oci/route-rules"
	StepVirtualCircuit = "oci/virtual-circuit"
	StepBGP            = "oci/bgp-session"
	// StepCircuitDeprovisioned waits, during teardown, for the ExpressRoute
	// circuit to show NotProvisioned once the virtual circuit is gone.
	StepCircuitDeprovisioned = "azure/circuit-deprovisioned"
	// StepDRGECMP turns ECMP on in the DRG route tables of the VCN
	// attachments (maximum resiliency), or back off when removing the
	// second location from a DRG given in oci.drgId.
	StepDRGECMP = "oci/drg-ecmp"
)

// Step kinds (plan.Step.Kind): what a step acts on. Executors are chosen by
// kind, so a plan may hold several steps of one kind.
const (
	kindSubnet         = "subnet"
	kindPublicIP       = "public-ip"
	kindGateway        = "gateway"
	kindCircuit        = "expressroute-circuit"
	kindPeering        = "private-peering"
	kindConnection     = "connection"
	kindDRG            = "drg"
	kindAttachment     = "drg-attachment"
	kindRouteRules     = "route-rules"
	kindVirtualCircuit = "virtual-circuit"
	kindBGP            = "bgp-session"
	kindVNetPeering    = "vnet-peering"
	kindDRGRouteTable  = "drg-route-table"
)

// refServiceKey refers to the ExpressRoute circuit's service key, which the
// circuit step supplies at apply time (a secret: never in a plan's JSON); the
// second location's is site.serviceKeyRef.
const refServiceKey = StepCircuit + "#serviceKey"

// secretMD5 is the name under which a plan holds the BGP MD5 key, the spec
// path it comes from.
const secretMD5 = "peering.md5AuthKey"

// change is a plan.Change that sets field to value.
func change(field, value string) plan.Change { return plan.Change{Field: field, New: value} }

// update is a plan.Change from old to value.
func update(field, old, value string) plan.Change {
	return plan.Change{Field: field, Old: old, New: value}
}

// refChange is a plan.Change whose value a step produces: known (the
// resource exists) or plan.KnownAfterApply.
func refChange(field, known, ref string) plan.Change {
	if known == "" {
		known = plan.KnownAfterApply
	}
	return plan.Change{Field: field, New: known, Ref: ref}
}

// tagChanges sets one "tags.<key>" field per tag, in key order.
func tagChanges(tags map[string]string) []plan.Change {
	var out []plan.Change
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, change("tags."+k, tags[k]))
	}
	return out
}

// stepTags collects a step's "tags.<key>" fields.
func stepTags(s plan.Step) map[string]string {
	tags := map[string]string{}
	for _, c := range s.Changes {
		if k, ok := strings.CutPrefix(c.Field, "tags."); ok {
			tags[k] = c.New
		}
	}
	return tags
}

// ruleField names the change of one route rule: "<route table OCID>: rule
// <destination>".
func ruleField(table, destination string) string { return table + ": rule " + destination }

// parseRuleField reverses ruleField.
func parseRuleField(f string) (table, destination string, ok bool) {
	return strings.Cut(f, ": rule ")
}

// mappingField names a field of cross-connect mapping i.
func mappingField(i int, name string) string {
	return "crossConnectMappings[" + strconv.Itoa(i) + "]." + name
}

// plural is "1 route rule", "2 route rules".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}
