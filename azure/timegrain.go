package azure

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TimeGrains are the intervals (Azure Monitor calls them time grains) a
// MetricQuery may ask for, shortest first: PT1M, PT5M, PT15M, PT30M, PT1H,
// PT6H, PT12H and P1D. Azure Monitor refuses any other interval with 400
// BadRequest ("Invalid time grain duration: PT3M, supported ones are:
// 00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00",
// as quoted in Azure/azure-libraries-for-net#495; the same list is the
// "commonly allowed time grains" of its newer message). The ExpressRoute
// circuit metrics are sampled every minute (PT1M, Microsoft's "Supported
// metrics for Microsoft.Network/expressRouteCircuits").
var TimeGrains = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// FormatTimeGrain writes d as the ISO 8601 duration Azure Monitor's interval
// parameter takes: days, then T and hours, minutes and seconds, each only
// when not zero (P1D, PT12H, PT5M, PT1H30M, PT45S). A day is 24 hours. d is
// rounded down to whole seconds; a d under a second gives "PT0S".
func FormatTimeGrain(d time.Duration) string {
	secs := int64(d / time.Second)
	if secs <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteByte('P')
	if days := secs / 86400; days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		secs %= 86400
	}
	if secs > 0 {
		b.WriteByte('T')
		for _, u := range []struct {
			n    int64
			unit byte
		}{{3600, 'H'}, {60, 'M'}, {1, 'S'}} {
			if v := secs / u.n; v > 0 {
				fmt.Fprintf(&b, "%d%c", v, u.unit)
				secs %= u.n
			}
		}
	}
	return b.String()
}

// ParseTimeGrain reads an ISO 8601 duration of the form Azure Monitor uses
// for intervals: P[nD][T[nH][nM][nS]] with whole numbers, case-insensitive
// (PT1M, P1D, PT1H30M). Years, months and weeks, whose length varies, and
// fractions are refused, as is a duration of zero.
func ParseTimeGrain(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	if !ok || rest == "" {
		return 0, fmt.Errorf("azure: time grain %q is not an ISO 8601 duration such as PT5M or P1D", s)
	}
	var d time.Duration
	inTime := false
	units := map[bool]map[byte]time.Duration{
		false: {'D': 24 * time.Hour},
		true:  {'H': time.Hour, 'M': time.Minute, 'S': time.Second},
	}
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, fmt.Errorf("azure: time grain %q has two T separators", s)
			}
			inTime, rest = true, rest[1:]
			if rest == "" {
				return 0, fmt.Errorf("azure: time grain %q ends after T", s)
			}
			continue
		}
		i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
		if i <= 0 {
			return 0, fmt.Errorf("azure: time grain %q: expected a whole number at %q", s, rest)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 32)
		if err != nil {
			return 0, fmt.Errorf("azure: time grain %q: %w", s, err)
		}
		unit, ok := units[inTime][rest[i]]
		if !ok {
			return 0, fmt.Errorf("azure: time grain %q: unit %q is not D (before T) or H, M, S (after T)", s, rest[i])
		}
		d += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	if d <= 0 {
		return 0, errors.New("azure: time grain " + strconv.Quote(s) + " is zero")
	}
	return d, nil
}
