package sim

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
)

// TestHealthHistory: the world records each change of a circuit's link
// health at the simulated time it happened, and the traffic it carries.
func TestHealthHistory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		start := time.Now()
		c, _, _ := f.provisioned()
		up := time.Now()
		noErr(t, f.w.SetTraffic(c.ID, 4e8, 1e8))
		time.Sleep(time.Minute)
		noErr(t, f.w.BreakPath(c.ServiceKey.Reveal(), azure.Primary))
		broken := time.Now()
		time.Sleep(time.Minute)

		f.w.mu.Lock()
		defer f.w.mu.Unlock()
		k := key(c.ID)
		if h := f.w.healthAt(k, start); h.BGP != [2]bool{} || h.ARP != [2]bool{} {
			t.Errorf("at the start: %+v, want all down", h)
		}
		if h := f.w.healthAt(k, up); h.BGP != [2]bool{true, true} || h.ARP != [2]bool{true, true} {
			t.Errorf("once provisioned: %+v, want both paths up", h)
		}
		if h := f.w.healthAt(k, broken); h.BGP != [2]bool{false, true} || h.ARP != [2]bool{false, true} {
			t.Errorf("with the primary broken: %+v", h)
		}
		if in, out := f.w.trafficAt(k, up.Add(30*time.Second)); in != 4e8 || out != 1e8 {
			t.Errorf("traffic %v/%v, want 4e8/1e8", in, out)
		}
		if in, _ := f.w.trafficAt(k, start); in != 0 {
			t.Errorf("traffic before BGP was up: %v", in)
		}
		if n := len(f.w.st.Health[k]); n != 3 {
			t.Errorf("%d health records, want 3 (ARP up, BGP up, primary broken): %+v", n, f.w.st.Health[k])
		}
	})
}
