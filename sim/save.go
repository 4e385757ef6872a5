package sim

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
)

// Save writes the whole world as JSON: every resource, the pending
// transitions with their absolute times, the counters, the catalogs, the
// faults not used up and the retry tokens. It does not write the latencies
// (Load takes them as options), the call log or the call hook.
//
// The file holds secrets in plaintext (service keys, BGP MD5 keys): it is
// the test double's own state, not something to share.
func (w *World) Save(wr io.Writer) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	enc := json.NewEncoder(wr)
	enc.SetIndent("", "  ")
	return enc.Encode(w.st)
}

// Load reads a world written by Save. It continues exactly where the saved
// one was: transitions that fell due meanwhile are applied (at their own
// times) on its first call. Options apply as for New; WithSubscription and
// WithOCIRegion override the saved values.
func Load(r io.Reader, opts ...Option) (*World, error) {
	st := &state{}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(st); err != nil {
		return nil, fmt.Errorf("sim: load: %w", err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("sim: load: state version %d, want %d", st.Version, stateVersion)
	}
	st.init()
	heap.Init(&st.Queue)
	w := &World{lat: DefaultLatency(), st: st}
	w.configure(collect(opts))
	return w, nil
}
