package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// JSONFormatVersion is the version of the plan's JSON form (WriteJSON,
// MarshalJSON, UnmarshalJSON). It changes only when a field changes meaning
// or goes away; new fields may appear within a version, and readers ignore
// fields they do not know. Version 2 made the JSON a complete plan that can
// be applied; version 1 was a rendering only.
const JSONFormatVersion = 2

type jsonPlan struct {
	FormatVersion int             `json:"formatVersion"`
	Name          string          `json:"name"`
	Destroy       bool            `json:"destroy"`
	Spec          json.RawMessage `json:"spec,omitempty"`
	Secrets       []string        `json:"secrets"`
	Summary       Summary         `json:"summary"`
	Steps         []jsonStep      `json:"steps"`
	CriticalPath  jsonCritical    `json:"criticalPath"`
	Notes         []string        `json:"notes"`
}

type jsonStep struct {
	ID              string   `json:"id"`
	Action          Action   `json:"action"`
	Cloud           string   `json:"cloud"`
	Kind            string   `json:"kind"`
	Name            string   `json:"name"`
	Resource        string   `json:"resource"`
	Reason          string   `json:"reason"`
	Group           string   `json:"group,omitempty"`
	Changes         []Change `json:"changes"`
	DependsOn       []string `json:"dependsOn"`
	EstimateSeconds float64  `json:"estimateSeconds"`
	Critical        bool     `json:"critical"`
}

type jsonCritical struct {
	Steps           []string `json:"steps"`
	EstimateSeconds float64  `json:"estimateSeconds"`
}

// MarshalJSON writes the plan in the documented JSON form (README.md, "Plan
// JSON"): formatVersion, name, destroy, spec, secrets (the names of the
// secrets Apply needs), summary, steps (id, action, cloud, kind, name,
// resource, reason, changes, dependsOn, estimateSeconds, critical),
// criticalPath and notes. Secret values (Change.IsSecret) are
// "(sensitive)", with "sensitive": true; secrets never appear. Lists are never null. summary, critical and criticalPath are
// computed, and ignored when read back.
func (p *Plan) MarshalJSON() ([]byte, error) {
	path, total := p.CriticalPath(EstimatedDuration)
	critical := map[string]bool{}
	for _, id := range path {
		critical[id] = true
	}
	out := jsonPlan{FormatVersion: JSONFormatVersion, Name: p.Name, Destroy: p.Destroy, Spec: p.Spec,
		Secrets: append([]string{}, p.Secrets()...), Summary: p.Summarize(), Steps: []jsonStep{}, Notes: append([]string{}, p.Notes...),
		CriticalPath: jsonCritical{Steps: append([]string{}, path...), EstimateSeconds: total.Seconds()}}
	for _, s := range p.Steps {
		js := jsonStep{ID: s.ID, Action: s.Action, Cloud: s.Cloud, Kind: s.Kind, Name: s.Name, Resource: s.Resource, Reason: s.Reason, Group: s.Group,
			Changes: []Change{}, DependsOn: append([]string{}, s.DependsOn...), EstimateSeconds: s.Estimate.Seconds(), Critical: critical[s.ID]}
		for _, c := range s.Changes {
			if c.IsSecret() {
				c.Old, c.New, c.Sensitive = redactIf(c.Old), redactIf(c.New), true
			}
			js.Changes = append(js.Changes, c)
		}
		out.Steps = append(out.Steps, js)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a plan written by MarshalJSON or WriteJSON. It refuses
// another format version, a secret change (Change.IsSecret: marked
// sensitive, or a field known to hold a secret whatever its "sensitive"
// says) that holds anything but "(sensitive)", and steps that do not form a
// DAG. Secret changes read back with Sensitive set. The plan holds no secrets:
// give those it needs (MissingSecrets) with SetSecret; Decoded reports true.
func (p *Plan) UnmarshalJSON(data []byte) error {
	var in jsonPlan
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("plan: not a saved plan: %w", err)
	}
	if in.FormatVersion != JSONFormatVersion {
		return fmt.Errorf("plan: the saved plan has format version %d; this version of the library reads version %d: make the plan again with it", in.FormatVersion, JSONFormatVersion)
	}
	out := Plan{Name: in.Name, Destroy: in.Destroy, Spec: in.Spec, Notes: nilIfEmpty(in.Notes), decoded: true}
	for _, js := range in.Steps {
		for i, c := range js.Changes {
			if !c.IsSecret() {
				continue
			}
			if redactIf(c.Old) != c.Old || redactIf(c.New) != c.New {
				return fmt.Errorf("plan: step %s holds a secret in clear in %s (%s); a saved plan never holds secrets, whatever its \"sensitive\" says: make the plan again, or put %q back in its place", js.ID, c.Field, secretKind(c), Redacted)
			}
			js.Changes[i].Sensitive = true
		}
		out.Steps = append(out.Steps, Step{ID: js.ID, Action: js.Action, Cloud: js.Cloud, Kind: js.Kind, Name: js.Name,
			Resource: js.Resource, Reason: js.Reason, Group: js.Group, Changes: nilIfEmpty(js.Changes), DependsOn: nilIfEmpty(js.DependsOn),
			Estimate: time.Duration(js.EstimateSeconds * float64(time.Second))})
	}
	if err := out.Validate(); err != nil {
		return err
	}
	*p = out
	return nil
}

// secretKind says, for an error, what secret a change holds, never its value.
func secretKind(c Change) string {
	switch f := c.Field[strings.LastIndexByte(c.Field, '.')+1:]; {
	case f == "providerServiceKeyName":
		return "the ExpressRoute service key"
	case f == "bgpMd5AuthKey" || f == "sharedKey" || c.Secret != "":
		return "the BGP MD5 key"
	}
	return "marked sensitive"
}

// nilIfEmpty makes an empty list read back as the nil a plan is built with.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// WriteJSON writes MarshalJSON's form, indented, with a final newline.
func (p *Plan) WriteJSON(w io.Writer) error {
	data, err := p.MarshalJSON()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err = w.Write(b.Bytes())
	return err
}

// ReadJSON reads a plan written by WriteJSON (see UnmarshalJSON).
func ReadJSON(r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := p.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &p, nil
}
