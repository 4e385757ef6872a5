package main

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/azoci/interconnect"
)

// This file: the Prometheus metrics of interconnect monitor. The names are
// a contract (README, "Monitoring"): add, never rename.

const metricPrefix = "azoci_interconnect_"

// circuitDesc describes a series about one of the interconnect's circuits,
// as one cloud reports it on one path: its labels are interconnect, cloud,
// path, location (the circuit's peering location, which tells the circuits
// of maximum resiliency apart), then labels.
func circuitDesc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(metricPrefix+name, help, append([]string{"interconnect", "cloud", "path", "location"}, labels...), nil)
}

var (
	descCheckPassing = prometheus.NewDesc(metricPrefix+"check_passing",
		"1 while the Verify check passes or only warns, 0 while it fails; check is its name (README, Troubleshooting), resource tells apart the checks of one name (a route table, a spoke, a VCN of oci.vcns, a peering location), location is the peering location of a circuit's checks.",
		[]string{"interconnect", "check", "resource", "location"}, nil)
	descCheckStatus = prometheus.NewDesc(metricPrefix+"check_status",
		"The Verify check's status: 0 pass, 1 warn, 2 fail; labels as for check_passing.",
		[]string{"interconnect", "check", "resource", "location"}, nil)
	descBGPUp = circuitDesc("bgp_up",
		"1 when the BGP session was up the whole latest minute its cloud reports, else 0; path is primary or secondary (Azure), virtual-circuit (OCI, one state per virtual circuit); location is the circuit's peering location.")
	descBGPAvailability = circuitDesc("bgp_availability_ratio",
		"Share of the latest reported minute the BGP session was up, 0 to 1.")
	descARPAvailability = circuitDesc("arp_availability_ratio",
		"Share of the latest reported minute Azure's edge got ARP answers from Oracle on the path, 0 to 1 (Azure Monitor ArpAvailability).")
	descBits = circuitDesc("bits_per_second",
		"Mean traffic of the latest reported minute, as each cloud counts it; direction in is into that cloud, out is out of it; path is primary or secondary (Azure, per path: sum them for the circuit), virtual-circuit (OCI).",
		"direction")
	descPacketErrors = circuitDesc("packet_errors_per_second",
		"Packets per second that OCI's end of the link counted in error in the latest reported minute (OCI PacketsError; path virtual-circuit); Oracle: they indicate a misconfiguration.")
	descPacketDiscards = circuitDesc("packet_discards_per_second",
		"Packets per second that OCI's end of the link discarded in the latest reported minute (OCI PacketsDiscarded; path virtual-circuit).")
	descBandwidth = prometheus.NewDesc(metricPrefix+"bandwidth_bits_per_second",
		"The interconnect's bandwidth, as the spec says (both circuits run at it).",
		[]string{"interconnect"}, nil)
	descLastCheck = prometheus.NewDesc(metricPrefix+"last_check_timestamp_seconds",
		"Unix time of the latest round whose Verify report came back.",
		[]string{"interconnect"}, nil)
	descRounds = prometheus.NewDesc(metricPrefix+"watch_rounds_total",
		"Rounds the monitor made.",
		[]string{"interconnect"}, nil)
	descRoundErrors = prometheus.NewDesc(metricPrefix+"watch_round_errors_total",
		"Rounds in which a read failed (Verify's or a metric's); the monitor goes on, backing off.",
		[]string{"interconnect"}, nil)
	descInterval = prometheus.NewDesc(metricPrefix+"watch_interval_seconds",
		"The monitor's interval (-interval), for alerts on missing checks.",
		[]string{"interconnect"}, nil)
)

// exporter is a prometheus.Collector of the monitor's latest observations.
// It keeps the checks of the last report that came back (a round whose
// Verify failed leaves them, and last_check_timestamp_seconds, as they
// were) and the readings of the latest round (a reading its round lacked is
// not exported).
type exporter struct {
	name      string
	bandwidth float64
	interval  float64

	mu                 sync.Mutex
	checks             []interconnect.Check
	readings           interconnect.Readings
	lastCheck          float64
	rounds, roundFails float64
}

func newExporter(name string, bandwidthBits, intervalSeconds float64) *exporter {
	return &exporter{name: name, bandwidth: bandwidthBits, interval: intervalSeconds}
}

// observe records a round.
func (e *exporter) observe(o interconnect.Observation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rounds++
	if o.Err != nil {
		e.roundFails++
	}
	if o.Report != nil {
		e.checks = o.Report.Checks
		e.lastCheck = float64(o.Time.UnixNano()) / 1e9
	}
	e.readings = o.Readings
}

// Describe sends the descriptors of every metric the exporter makes.
func (e *exporter) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCheckPassing, descCheckStatus, descBGPUp, descBGPAvailability, descARPAvailability, descBits,
		descPacketErrors, descPacketDiscards, descBandwidth, descLastCheck, descRounds, descRoundErrors, descInterval} {
		ch <- d
	}
}

// Collect sends the metrics of the latest observations.
func (e *exporter) Collect(ch chan<- prometheus.Metric) {
	e.mu.Lock()
	defer e.mu.Unlock()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, append([]string{e.name}, labels...)...)
	}
	// circuitGauge sends a series of circuitDesc.
	circuitGauge := func(d *prometheus.Desc, v float64, cloud, path, location string, labels ...string) {
		gauge(d, v, append([]string{cloud, path, location}, labels...)...)
	}
	for _, c := range e.checks {
		gauge(descCheckPassing, boolValue(c.Status != interconnect.Fail), c.Name, c.Resource, c.Location)
		gauge(descCheckStatus, float64(c.Status), c.Name, c.Resource, c.Location)
	}
	for _, l := range e.readings.BGP {
		circuitGauge(descBGPUp, boolValue(l.Up()), l.Cloud, l.Path, l.Location)
		circuitGauge(descBGPAvailability, l.Availability, l.Cloud, l.Path, l.Location)
	}
	for _, l := range e.readings.ARP {
		circuitGauge(descARPAvailability, l.Availability, l.Cloud, l.Path, l.Location)
	}
	for _, t := range e.readings.Traffic {
		circuitGauge(descBits, t.BitsPerSecond, t.Cloud, t.Path, t.Location, t.Direction)
	}
	for _, l := range e.readings.PacketLoss {
		switch l.Kind {
		case interconnect.LossErrors:
			circuitGauge(descPacketErrors, l.PacketsPerSecond, l.Cloud, l.Path, l.Location)
		case interconnect.LossDiscards:
			circuitGauge(descPacketDiscards, l.PacketsPerSecond, l.Cloud, l.Path, l.Location)
		}
	}
	gauge(descBandwidth, e.bandwidth)
	gauge(descInterval, e.interval)
	if e.lastCheck > 0 {
		gauge(descLastCheck, e.lastCheck)
	}
	ch <- prometheus.MustNewConstMetric(descRounds, prometheus.CounterValue, e.rounds, e.name)
	ch <- prometheus.MustNewConstMetric(descRoundErrors, prometheus.CounterValue, e.roundFails, e.name)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
