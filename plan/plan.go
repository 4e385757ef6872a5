package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/secret"
)

// Action is what a step does to its resource.
type Action int

// The actions, in the order of the public contract.
const (
	NoOp   Action = iota // the resource already is as wanted
	Create               // make a resource that does not exist
	Update               // change a resource that exists
	Wait                 // wait for a resource another party is changing (a provider, an earlier run)
	Delete               // remove a resource
)

var actionNames = [...]string{"no-op", "create", "update", "wait", "delete"}

// String returns "no-op", "create", "update", "wait" or "delete".
func (a Action) String() string {
	if a < 0 || int(a) >= len(actionNames) {
		return fmt.Sprintf("Action(%d)", int(a))
	}
	return actionNames[a]
}

// Mutating reports whether the action writes to a cloud.
func (a Action) Mutating() bool { return a == Create || a == Update || a == Delete }

// MarshalText renders the action as its String form.
func (a Action) MarshalText() ([]byte, error) {
	if a < 0 || int(a) >= len(actionNames) {
		return nil, fmt.Errorf("plan: unknown action %d", int(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText parses the String form.
func (a *Action) UnmarshalText(b []byte) error {
	i := slices.Index(actionNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("plan: unknown action %q (want one of %v)", b, actionNames)
	}
	*a = Action(i)
	return nil
}

// Change is one field a step sets: what the plan shows and what Apply
// sends. Its value is New, unless it comes from elsewhere at apply time:
//   - Ref names the step whose result supplies it: "oci/drg" for that step's
//     resource ID (the OCID of a DRG still to be created), or
//     "azure/circuit#serviceKey" for another output. New then says what it
//     is now, or KnownAfterApply.
//   - Secret names the secret that supplies it, such as "peering.md5AuthKey";
//     the plan holds it only in memory (see Plan.SetSecret).
//
// When Sensitive is true, Old and New hold Redacted, never the secret: plans
// are printed, logged and saved. A change whose field is known to be secret
// (IsSecret) is treated as Sensitive whatever the flag says.
type Change struct {
	Field     string `json:"field"`
	Old       string `json:"old"`
	New       string `json:"new"`
	Sensitive bool   `json:"sensitive"`
	Ref       string `json:"ref,omitempty"`
	Secret    string `json:"secret,omitempty"`
}

// secretFields are the fields whose values are always secrets: the
// ExpressRoute service key as OCI takes it (providerServiceKeyName) and the
// BGP MD5 key, as OCI (bgpMd5AuthKey) and Azure (sharedKey) take it.
var secretFields = []string{"providerServiceKeyName", "bgpMd5AuthKey", "sharedKey"}

// IsSecretField reports whether field always holds a secret, whatever a
// Change's Sensitive flag says: providerServiceKeyName (the ExpressRoute
// service key), bgpMd5AuthKey and sharedKey (the BGP MD5 key). A field
// matches by its whole name or its last dotted part, as in
// "crossConnectMappings[0].bgpMd5AuthKey".
func IsSecretField(field string) bool {
	last := field[strings.LastIndexByte(field, '.')+1:]
	return slices.Contains(secretFields, last)
}

// IsSecret reports whether the change's values are secret: it is marked
// Sensitive, it takes its value from a secret (Secret), or its field always
// holds one (IsSecretField). Renderings and the JSON form redact such
// values, and ReadJSON refuses a plan that holds one in clear.
func (c Change) IsSecret() bool { return c.Sensitive || c.Secret != "" || IsSecretField(c.Field) }

// Redacted stands in for a secret in a Change.
const Redacted = "(sensitive)"

// KnownAfterApply stands in for a value a step produces, such as the OCID of
// a resource it creates.
const KnownAfterApply = "(known after apply)"

// Step is one node of the plan's DAG.
type Step struct {
	// ID is unique in the plan and stable across runs, e.g. "azure/circuit".
	ID     string
	Action Action
	// Cloud is "azure" or "oci"; Kind the resource kind
	// ("expressroute-circuit", "virtual-circuit", ...); Name the resource's
	// name or OCID, for people.
	Cloud string
	Kind  string
	Name  string
	// Resource identifies what the step acts on: its ARM ID (Azure, known
	// even before creation) or its OCID (OCI; "" for a resource still to be
	// created, which its Changes describe).
	Resource string
	Reason   string
	// Group names the network the step belongs to, such as "azure: spoke
	// VNet rg-apps/vnet-app1", so that renderings can group an estate's
	// steps by network; "" when the plan does not group.
	Group string
	// Changes are the fields the step sets (Create, Update), or the values it
	// needs (the fallback of a Wait, what a Delete removes).
	Changes []Change
	// DependsOn names the steps that must finish before this one starts.
	DependsOn []string
	// Estimate is how long the step typically takes in the real clouds; it
	// weights the critical path.
	Estimate time.Duration
}

// Groups returns the plan's step groups, each once, in the order their
// first step comes in Order; nil when no step has a group.
func (p *Plan) Groups() []string {
	order, err := p.Order()
	if err != nil {
		order = nil
		for _, s := range p.Steps {
			order = append(order, s.ID)
		}
	}
	var out []string
	for _, id := range order {
		s, _ := p.Step(id)
		if !slices.Contains(out, s.Group) {
			out = append(out, s.Group)
		}
	}
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}

// Change returns the change of the step with the given field.
func (s Step) Change(field string) (Change, bool) {
	for _, c := range s.Changes {
		if c.Field == field {
			return c, true
		}
	}
	return Change{}, false
}

// Plan is what Apply will do: Steps form a DAG through DependsOn. A plan is
// data: Apply executes its steps' changes, and it round-trips through JSON
// (MarshalJSON, UnmarshalJSON) so that it can be saved, reviewed and applied
// later. Secrets are never in its JSON.
type Plan struct {
	// Name is the interconnect's name (Spec.Name).
	Name string
	// Destroy is true for a plan made by PlanDestroy.
	Destroy bool
	Steps   []Step
	// Notes are things the user should know before applying: costs, what is
	// adopted rather than created, what is left alone.
	Notes []string
	// Spec is the effective spec the plan was made from, as JSON, without
	// its secrets: what Apply reads the clouds with again before applying a
	// saved plan.
	Spec json.RawMessage

	// secrets are held in memory only, behind a pointer so that printing a
	// Plan (fmt's %+v reads unexported fields) shows an address, never them.
	secrets *secretStore
	decoded bool // read from JSON
}

type secretStore struct{ m map[string]secret.Value }

// SetSecret gives the plan a secret by name (see Change.Secret and
// Change.Ref), in memory only: it is never marshalled.
func (p *Plan) SetSecret(name string, v secret.Value) {
	if p.secrets == nil {
		p.secrets = &secretStore{m: map[string]secret.Value{}}
	}
	p.secrets.m[name] = v
}

// Secret returns a secret given with SetSecret.
func (p *Plan) Secret(name string) (secret.Value, bool) {
	if p.secrets == nil {
		return "", false
	}
	v, ok := p.secrets.m[name]
	return v, ok
}

// Secrets returns the names of the secrets the plan's steps need (their
// changes' Secret), sorted.
func (p *Plan) Secrets() []string {
	var out []string
	for _, s := range p.Steps {
		for _, c := range s.Changes {
			if c.Secret != "" && !slices.Contains(out, c.Secret) {
				out = append(out, c.Secret)
			}
		}
	}
	slices.Sort(out)
	return out
}

// MissingSecrets returns the names of the secrets the plan needs and does not
// hold: a plan read from JSON needs them given with SetSecret before Apply.
func (p *Plan) MissingSecrets() []string {
	return slices.DeleteFunc(p.Secrets(), func(n string) bool { _, ok := p.Secret(n); return ok })
}

// Decoded reports whether the plan was read from JSON (rather than made in
// this process): Apply then checks that its starting point still holds.
func (p *Plan) Decoded() bool { return p.decoded }

// Mutations counts the steps whose Action is Create, Update or Delete.
func (p *Plan) Mutations() int {
	n := 0
	for _, s := range p.Steps {
		if s.Action.Mutating() {
			n++
		}
	}
	return n
}

// Step returns the step with the given ID.
func (p *Plan) Step(id string) (Step, bool) {
	for _, s := range p.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

// Requires reports whether step id cannot start before step dep is done:
// whether dep is among its dependencies, directly or through others.
func (p *Plan) Requires(id, dep string) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(id string) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		s, _ := p.Step(id)
		for _, d := range s.DependsOn {
			if d == dep || walk(d) {
				return true
			}
		}
		return false
	}
	return walk(id)
}

// Validate checks the plan is a DAG: unique IDs, known dependencies, no cycle.
func (p *Plan) Validate() error {
	_, err := p.Order()
	return err
}

// Order returns the step IDs in a dependency-respecting order (Kahn's
// algorithm; among steps that are ready together the plan's own order is
// kept, so the result is deterministic). It fails on a duplicate ID, an
// unknown dependency or a cycle, naming the steps involved.
func (p *Plan) Order() ([]string, error) {
	index := make(map[string]int, len(p.Steps))
	var errs []error
	for i, s := range p.Steps {
		if _, dup := index[s.ID]; dup {
			errs = append(errs, fmt.Errorf("plan: step ID %q is used twice", s.ID))
		}
		index[s.ID] = i
	}
	indegree := make([]int, len(p.Steps))
	dependents := make([][]int, len(p.Steps))
	for i, s := range p.Steps {
		for _, d := range s.DependsOn {
			j, ok := index[d]
			if !ok {
				errs = append(errs, fmt.Errorf("plan: step %q depends on unknown step %q", s.ID, d))
				continue
			}
			indegree[i]++
			dependents[j] = append(dependents[j], i)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var ready, order []int
	for i := range p.Steps {
		if indegree[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		slices.Sort(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, i)
		for _, j := range dependents[i] {
			if indegree[j]--; indegree[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	if len(order) != len(p.Steps) {
		var stuck []string
		for i, d := range indegree {
			if d > 0 {
				stuck = append(stuck, p.Steps[i].ID)
			}
		}
		return nil, fmt.Errorf("plan: dependency cycle among steps %v", stuck)
	}
	ids := make([]string, len(order))
	for k, i := range order {
		ids[k] = p.Steps[i].ID
	}
	return ids, nil
}

// CriticalPath returns the longest chain of dependent steps, weighting each
// step by duration(step), and the chain's total. It is the least time any
// schedule of the plan can take. The plan must be valid (see Validate).
func (p *Plan) CriticalPath(duration func(Step) time.Duration) ([]string, time.Duration) {
	order, err := p.Order()
	if err != nil {
		return nil, 0
	}
	finish := make(map[string]time.Duration, len(order))
	via := make(map[string]string, len(order))
	var last string
	for _, id := range order {
		s, _ := p.Step(id)
		var start time.Duration
		for _, d := range s.DependsOn {
			if finish[d] > start || (finish[d] == start && via[id] == "") {
				start, via[id] = finish[d], d
			}
		}
		finish[id] = start + duration(s)
		if last == "" || finish[id] > finish[last] {
			last = id
		}
	}
	if last == "" || finish[last] == 0 {
		return nil, 0
	}
	var path []string
	for id := last; id != ""; id = via[id] {
		path = append(path, id)
	}
	slices.Reverse(path)
	return path, finish[last]
}

// EstimatedDuration weights a step by its Estimate, and a no-op by nothing;
// pass it to CriticalPath.
func EstimatedDuration(s Step) time.Duration {
	if s.Action == NoOp {
		return 0
	}
	return s.Estimate
}
