package oci

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file: the pieces of MQL (OCI Monitoring Query Language) the library
// writes: intervals, statistics and whole queries. Source: Oracle,
// "Monitoring Query Language (MQL) Reference"
// (https://docs.oracle.com/iaas/Content/Monitoring/Reference/mql.htm) and
// oci-go-sdk's monitoring.SummarizeMetricsDataDetails.

// Statistics an MQL query ends with (Oracle, "Selecting the Statistic for a
// Query"): each aggregates the raw points of one interval.
const (
	// StatisticMean is the sum of the raw points divided by their count.
	StatisticMean = "mean"
	// StatisticMax is the highest raw point.
	StatisticMax = "max"
	// StatisticMin is the lowest raw point.
	StatisticMin = "min"
	// StatisticSum is the raw points added together.
	StatisticSum = "sum"
	// StatisticCount is the number of raw points.
	StatisticCount = "count"
	// StatisticRate is, in Oracle's words, "the per-interval average rate of
	// change", per second.
	StatisticRate = "rate"
)

// MQL returns the query metric[interval]{name = "value", ...}.statistic(),
// with the dimensions sorted by name and their values quoted (a double quote
// or a backslash in a value is escaped with a backslash, as
// SummarizeMetricsDataDetails asks). Without dimensions the braces are left
// out. For example
//
//	MQL(MetricIPv4BGPSessionState, time.Minute, StatisticMean,
//		map[string]string{DimensionResourceID: "ocid1.virtualcircuit.oc1..x"})
//
// is `Ipv4BgpSessionState[1m]{resourceId = "ocid1.virtualcircuit.oc1..x"}.mean()`.
// MQL checks nothing: OCI (or the simulator) answers 400 for a bad query.
func MQL(metric string, interval time.Duration, statistic string, dimensions map[string]string) string {
	var b strings.Builder
	b.WriteString(metric)
	b.WriteString("[" + FormatInterval(interval) + "]")
	if len(dimensions) > 0 {
		b.WriteString("{")
		for i, k := range slices.Sorted(maps.Keys(dimensions)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + " = " + quoteMQL(dimensions[k]))
		}
		b.WriteString("}")
	}
	b.WriteString("." + statistic + "()")
	return b.String()
}

// quoteMQL writes a dimension value in double quotes, escaping double quotes
// and backslashes.
func quoteMQL(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// Interval bounds of MQL (and of a query's resolution): 1m–60m, 1h–24h, 1d.
const (
	minInterval = time.Minute
	maxInterval = 24 * time.Hour
)

// FormatInterval writes d as MQL writes an interval or a resolution: in
// days, hours or minutes, whichever unit divides it exactly first ("1d",
// "6h", "5m"). A duration that is not a whole number of minutes comes out as
// time.Duration.String writes it ("90s"), which OCI refuses, as it refuses
// anything ParseInterval refuses.
func FormatInterval(d time.Duration) string {
	switch {
	case d <= 0:
		return d.String()
	case d%maxInterval == 0:
		return strconv.FormatInt(int64(d/maxInterval), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}

// ParseInterval reads an MQL interval or resolution: a whole number of
// minutes from 1m to 60m, of hours from 1h to 24h, or 1d (Oracle, MQL
// Reference, "Interval"; SummarizeMetricsDataDetails.Resolution).
func ParseInterval(s string) (time.Duration, error) {
	bad := fmt.Errorf("interval %q is not one of 1m-60m, 1h-24h, 1d", s)
	if len(s) < 2 {
		return 0, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || s[0] == '+' || s[0] == '0' {
		return 0, bad
	}
	switch s[len(s)-1] {
	case 'm':
		if n <= 60 {
			return time.Duration(n) * time.Minute, nil
		}
	case 'h':
		if n <= 24 {
			return time.Duration(n) * time.Hour, nil
		}
	case 'd':
		if n == 1 {
			return maxInterval, nil
		}
	}
	return 0, bad
}

// ValidInterval reports whether d is an interval MQL accepts: ParseInterval
// reads FormatInterval(d) back as d.
func ValidInterval(d time.Duration) bool {
	got, err := ParseInterval(FormatInterval(d))
	return err == nil && got == d
}
