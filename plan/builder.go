package plan

import "slices"

// Builder collects a plan's steps. A step may depend on steps that turn out
// not to be in the plan (a resource that needs nothing done): Steps drops
// those dependencies.
type Builder struct{ steps []Step }

// Add appends a step.
func (b *Builder) Add(s Step) { b.steps = append(b.steps, s) }

// Steps returns the steps added, each depending only on steps present and
// only directly: a dependency implied by another is dropped (a transitive
// reduction), so a plan lists what each step waits for itself.
func (b *Builder) Steps() []Step {
	present := map[string]bool{}
	for _, s := range b.steps {
		present[s.ID] = true
	}
	deps := map[string][]string{}
	for i := range b.steps {
		b.steps[i].DependsOn = slices.DeleteFunc(slices.Clone(b.steps[i].DependsOn), func(d string) bool { return !present[d] })
		deps[b.steps[i].ID] = b.steps[i].DependsOn
	}
	var reaches func(from, to string, seen map[string]bool) bool
	reaches = func(from, to string, seen map[string]bool) bool {
		if seen[from] {
			return false
		}
		seen[from] = true
		for _, d := range deps[from] {
			if d == to || reaches(d, to, seen) {
				return true
			}
		}
		return false
	}
	for i := range b.steps {
		own := b.steps[i].DependsOn
		b.steps[i].DependsOn = slices.DeleteFunc(slices.Clone(own), func(d string) bool {
			return slices.ContainsFunc(own, func(other string) bool { return other != d && reaches(other, d, map[string]bool{}) })
		})
	}
	return b.steps
}
