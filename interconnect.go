package interconnect

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// Client plans, applies, verifies and destroys interconnects through an
// azure.Network and an oci.Network. Any implementation of the two interfaces
// works: the real adapters, the simulator or your own. A Client is safe for
// concurrent use. The state of an interconnect lives in the clouds; all a
// Client keeps between calls is the Retry-After each cloud service last
// asked it for (Microsoft.Network, Azure Monitor, OCI Networking, OCI
// Monitoring), and every call to a service first waits out what remains of
// it (or until its context ends), so that a Plan run again right after one
// that failed, or Watch's next round, does not call a throttled service
// early.
type Client struct {
	az  azure.Network
	oc  oci.Network
	cfg config
}

type config struct {
	catalog      *Catalog
	logger       *slog.Logger
	events       func(Event)
	eventsMu     *sync.Mutex
	pollInterval time.Duration
	pollSet      bool // WithPollInterval was given
	peeringGrace time.Duration
	waitTimeout  time.Duration
	maxRetries   int
	azureMetrics azure.Metrics // the metric readers of Watch (and of Verify's oci.virtual-circuit): WithMetrics
	ociMetrics   oci.Metrics
}

// Option configures a Client.
type Option func(*config)

// WithCatalog replaces the region-pair catalog (DefaultCatalog by default), so
// pairs can be added or overridden.
func WithCatalog(c *Catalog) Option { return func(cfg *config) { cfg.catalog = c } }

// WithLogger sends structured logs to l: step events at info level (errors
// at error level); at debug level also every call made through the
// azure.Network, oci.Network and Metrics the Client was given (operation,
// resource, duration, outcome, and the request IDs of a failure), every
// poll of a wait with the state it saw, and every retry. Names and IDs
// only: secrets are never logged. The default discards logs. With a logger
// not enabled at debug level, a call costs one Enabled check.
func WithLogger(l *slog.Logger) Option { return func(cfg *config) { cfg.logger = l } }

// WithEvents calls f for every progress event of Apply. Calls are serialised,
// so f need not be safe for concurrent use, but it should return quickly.
func WithEvents(f func(Event)) Option { return func(cfg *config) { cfg.events = f } }

// DefaultPollInterval is how often Apply reads a resource it is waiting on
// when neither WithPollInterval nor the networks (PollIntervalHinter) say
// otherwise.
const DefaultPollInterval = 15 * time.Second

// WithPollInterval sets how often Apply reads a resource it is waiting on
// (default: DefaultPollInterval, or the networks' hint, see
// PollIntervalHinter); d <= 0 means 1s. A resource is never read more often
// than this while waiting.
func WithPollInterval(d time.Duration) Option {
	return func(cfg *config) { cfg.pollInterval, cfg.pollSet = d, true }
}

// PollIntervalHinter is an optional interface of an azure.Network or an
// oci.Network that knows how quickly its resources change, such as the
// simulator (sim.World's faces, whose hint follows its Latency: the zero
// Latency hints 1ms, so that an Apply on it takes no time). Unless
// WithPollInterval is given, New polls at the longer of the two networks'
// hints, a network without one counting as DefaultPollInterval: a hint
// never makes the Client poll a real cloud faster.
type PollIntervalHinter interface {
	// PollIntervalHint is how long to wait between two reads of a resource
	// that is changing; positive.
	PollIntervalHint() time.Duration
}

// pollIntervalHint is the poll interval the two networks suggest (see
// PollIntervalHinter).
func pollIntervalHint(az azure.Network, oc oci.Network) time.Duration {
	hint := func(n any) time.Duration {
		if h, ok := n.(PollIntervalHinter); ok && h.PollIntervalHint() > 0 {
			return h.PollIntervalHint()
		}
		return DefaultPollInterval
	}
	return max(hint(az), hint(oc))
}

// WithPeeringGracePeriod sets how long Apply waits, after the virtual circuit
// is PROVISIONED, for Oracle to configure the Azure private peering before it
// creates the peering itself (default 10m).
func WithPeeringGracePeriod(d time.Duration) Option {
	return func(cfg *config) { cfg.peeringGrace = d }
}

// WithWaitTimeout bounds each wait of Apply beyond the step's estimate
// (default 30m extra). A timed-out wait fails its step with an error saying
// what the resource was still doing; re-running Apply resumes waiting.
func WithWaitTimeout(d time.Duration) Option { return func(cfg *config) { cfg.waitTimeout = d } }

// WithMaxRetries sets how many times a throttled or transiently failing call
// is retried (default 8). Retries honour the cloud's Retry-After.
func WithMaxRetries(n int) Option { return func(cfg *config) { cfg.maxRetries = n } }

// New returns a Client over the two clouds. It polls at the networks' hint
// when they give one (PollIntervalHinter) and WithPollInterval is not given.
func New(az azure.Network, oc oci.Network, opts ...Option) *Client {
	cfg := config{
		peeringGrace: 10 * time.Minute,
		waitTimeout:  30 * time.Minute,
		maxRetries:   8,
		eventsMu:     new(sync.Mutex),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.catalog == nil {
		cfg.catalog = DefaultCatalog()
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch {
	case !cfg.pollSet:
		cfg.pollInterval = pollIntervalHint(az, oc)
	case cfg.pollInterval <= 0:
		cfg.pollInterval = time.Second
	}
	// Every call through the clouds' interfaces is logged at debug level,
	// here and nowhere else (calllog.go); the throttles wrap the logged
	// clients, so a call's logged duration is the cloud's alone.
	az, oc = logCalls(az, oc, &cfg)
	c := &Client{az: az, oc: oc, cfg: cfg}
	c.rememberThrottles()
	return c
}

// emit delivers an event to the WithEvents handler and logs it.
func (c *Client) emit(ctx context.Context, e Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	level := slog.LevelInfo
	if e.Kind == StepFailed {
		level = slog.LevelError
	}
	c.cfg.logger.Log(ctx, level, e.Message, "step", e.Step, "event", e.Kind.String(), "action", e.Action.String())
	if c.cfg.events == nil {
		return
	}
	c.cfg.eventsMu.Lock()
	defer c.cfg.eventsMu.Unlock()
	c.cfg.events(e)
}
