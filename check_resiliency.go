package interconnect

// This file: the interconnect.resiliency check, whether the interconnect
// survives the loss of a peering location.

import (
	"fmt"
	"strings"
)

// resiliencyCheck is the name of the check of the peering locations.
const resiliencyCheck = "interconnect.resiliency"

// checkResiliency adds interconnect.resiliency. With one site it passes,
// saying what maximum resiliency adds. With two it passes when both
// locations carry the routes both ways, warns naming the location that does
// not when one does, and fails when neither does, by siteState.carries.
func checkResiliency(add addFunc, sites []*siteState) {
	if len(sites) < 2 {
		location := "its peering location"
		if len(sites) == 1 && sites[0].location != "" {
			location = sites[0].location
		}
		add(resiliencyCheck, Pass, "",
			"resiliency standard: one circuit at %s, whose two paths (primary, secondary) Oracle and Microsoft keep redundant; the loss of the whole location cuts the interconnect. resiliency: maximum adds a circuit at a second peering location of the pair, where it has one (README, \"Maximum resiliency\")",
			location)
		return
	}
	var up, down []string
	for _, st := range sites {
		if st.carries {
			up = append(up, st.location)
		} else {
			down = append(down, st.location)
		}
	}
	see := func(locs []string) string {
		return fmt.Sprintf("see the checks of %s (azure.routes.*, oci.bgp, azure.connection)", strings.Join(locs, " and "))
	}
	switch len(up) {
	case len(sites):
		add(resiliencyCheck, Pass, "", "both peering locations carry the routes both ways: %s", strings.Join(up, " and "))
	case 0:
		add(resiliencyCheck, Fail, "neither location exchanges the routes: "+see(down),
			"neither peering location carries the routes: %s", strings.Join(down, " and "))
	default:
		add(resiliencyCheck, Warn, "the interconnect runs on one location and would not survive its loss: "+see(down)+" (during a drill of that location this is expected)",
			"%s does not carry the routes; %s carries them alone", strings.Join(down, " and "), strings.Join(up, " and "))
	}
}
