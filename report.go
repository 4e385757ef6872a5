package interconnect

// This file: what Verify reports: checks, their statuses, the report.

import (
	"fmt"
	"time"
)

// Status is the verdict of one Check.
type Status int

// Check statuses, from good to bad.
const (
	Pass Status = iota
	Warn
	Fail
)

// String returns "pass", "warn" or "fail".
func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Warn:
		return "warn"
	}
	return "fail"
}

// MarshalText renders the status as its String form.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Check is one named verification. Names are stable (see README,
// "Troubleshooting"); Hint says what to do when the check does not pass.
type Check struct {
	Name string `json:"name"`
	// Resource tells apart the checks of one name that a report holds
	// several of: the route table's OCID (oci.route-rules), the spoke's
	// "<resource group>/<VNet>" (azure.spoke.peering), the VCN's OCID (the
	// checks of a VCN of oci.vcns), the peering location (the checks of
	// each circuit, with maximum resiliency: see Location); "" for the
	// others. Name and Resource together are unique in a report.
	Resource string `json:"resource,omitempty"`
	// Location is the peering location of the circuit the check is about,
	// for the checks of a circuit, its virtual circuit, peering, paths and
	// connection (azure.circuit, oci.bgp, azure.arp.primary, ...); "" for
	// the others. With maximum resiliency such checks come once per
	// location, and their Resource starts with it ("Washington DC2", or
	// "Washington DC2/<VCN OCID>" for a route check of a VCN of oci.vcns).
	Location string `json:"location,omitempty"`
	Status   Status `json:"status"`
	Detail   string `json:"detail"`
	Hint     string `json:"hint,omitempty"`
}

// Report is what Verify found.
type Report struct {
	Name   string    `json:"name"`
	Time   time.Time `json:"time"`
	Checks []Check   `json:"checks"`
}

// OK reports whether no check failed (warnings are allowed).
func (r *Report) OK() bool {
	for _, c := range r.Checks {
		if c.Status == Fail {
			return false
		}
	}
	return true
}

// Key is what identifies the check in a report: its name, and its resource
// when it has one ("oci.route-rules ocid1.routetable...").
func (c Check) Key() string {
	if c.Resource == "" {
		return c.Name
	}
	return c.Name + " " + c.Resource
}

// Summary counts the checks by status: "15 checks, 14 pass, 0 warn, 1 fail".
func (r *Report) Summary() string {
	var n [3]int
	for _, c := range r.Checks {
		n[min(max(c.Status, Pass), Fail)]++
	}
	return fmt.Sprintf("%d checks, %d pass, %d warn, %d fail", len(r.Checks), n[Pass], n[Warn], n[Fail])
}

// Failed returns the checks that failed.
func (r *Report) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Status == Fail {
			out = append(out, c)
		}
	}
	return out
}
