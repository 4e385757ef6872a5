// Package plan holds what the interconnect client intends to do as data: a
// Plan is a DAG of Steps, each with an Action, a reason and the field changes
// it makes. The package is pure — it never does I/O — so plans can be built,
// checked, rendered (text, JSON, Mermaid) and reasoned about in tests without
// any cloud.
//
// The package also holds the pure checks a plan depends on, such as matching
// the chosen bandwidth against what each cloud offers.
package plan
