package sim

import (
	"reflect"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
)

// TestParseMQL parses the queries of the subset the simulator serves.
func TestParseMQL(t *testing.T) {
	const vc = "ocid1.virtualcircuit.oc1.iad.aaaa"
	tests := []struct {
		query string
		want  mqlQuery
	}{
		{`Ipv4BgpSessionState[1m].mean()`, mqlQuery{metric: "Ipv4BgpSessionState", interval: time.Minute, statistic: "mean"}},
		{`Ipv4BgpSessionState[1m]{resourceId = "` + vc + `"}.mean()`, mqlQuery{metric: "Ipv4BgpSessionState", interval: time.Minute,
			filters: []mqlFilter{{"resourceId", vc}}, statistic: "mean"}},
		{` BitsReceived [ 5m ] { resourceId="a" , dropType = "noRoute" } . sum ( ) `, mqlQuery{metric: "BitsReceived",
			interval: 5 * time.Minute, filters: []mqlFilter{{"resourceId", "a"}, {"dropType", "noRoute"}}, statistic: "sum"}},
		{`ConnectionState[1h].grouping().max()`, mqlQuery{metric: "ConnectionState", interval: time.Hour, grouping: true, statistic: "max"}},
		{`PacketDropsToDrgAttachment[1d]{drgOcid = "d"}.groupBy(dropType, resourceId).count()`, mqlQuery{
			metric: "PacketDropsToDrgAttachment", interval: 24 * time.Hour, filters: []mqlFilter{{"drgOcid", "d"}},
			groupBy: []string{"dropType", "resourceId"}, statistic: "count"}},
		{`BitsSent[60m].rate()`, mqlQuery{metric: "BitsSent", interval: time.Hour, statistic: "rate"}},
		{`PacketsError[24h].min()`, mqlQuery{metric: "PacketsError", interval: 24 * time.Hour, statistic: "min"}},
		{`m[1m]{resourceName = "say \"hi\" \\ bye"}.mean()`, mqlQuery{metric: "m", interval: time.Minute,
			filters: []mqlFilter{{"resourceName", `say "hi" \ bye`}}, statistic: "mean"}},
		{`custom.metric-name$1[1m]{dim_1 = ""}.sum()`, mqlQuery{metric: "custom.metric-name$1", interval: time.Minute,
			filters: []mqlFilter{{"dim_1", ""}}, statistic: "sum"}},
	}
	for _, tt := range tests {
		got, err := parseMQL(tt.query)
		if err != nil {
			t.Errorf("parseMQL(%s): %v", tt.query, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseMQL(%s) = %+v, want %+v", tt.query, got, tt.want)
		}
	}
}

// TestParseMQLRefuses checks that every malformed query, and every query
// outside the subset, is refused with an error that names the problem and
// where it is.
func TestParseMQLRefuses(t *testing.T) {
	tests := []struct{ query, want string }{
		{``, `at offset 0: want a metric name, found the end of the query`},
		{`   `, `at offset 3: want a metric name, found the end of the query`},
		{`1Metric[1m].mean()`, `at offset 0: want a metric name, found "1"`},
		{`Ipv4BgpSessionState.mean()`, `at offset 24: want "[" after the metric name "Ipv4BgpSessionState.mean" (the interval, e.g. [1m], is required), found "("`},
		{`Ipv4BgpSessionState {resourceId = "a"}.mean()`, `at offset 20: want "[" after the metric name "Ipv4BgpSessionState" (the interval, e.g. [1m], is required), found "{"`},
		{`Ipv4BgpSessionState[1m`, `at offset 20: the interval has no closing "]"`},
		{`Ipv4BgpSessionState[1x].mean()`, `at offset 20: interval "1x" is not one of 1m-60m, 1h-24h, 1d`},
		{`Ipv4BgpSessionState[90m].mean()`, `at offset 20: interval "90m" is not one of 1m-60m, 1h-24h, 1d`},
		{`Ipv4BgpSessionState[].mean()`, `at offset 20: interval "" is not one of 1m-60m, 1h-24h, 1d`},
		{`Ipv4BgpSessionState[1m]`, `at offset 23: want "." after the metric's interval and dimensions (the statistic, e.g. .mean(), is required), found the end of the query`},
		{`Ipv4BgpSessionState[1m].`, `at offset 24: want a grouping function or a statistic, found the end of the query`},
		{`Ipv4BgpSessionState[1m].mean(`, `at offset 29: want ")" (the statistic takes no argument), found the end of the query`},
		{`Ipv4BgpSessionState[1m].mean`, `at offset 28: want "(" after the statistic, found the end of the query`},
		{`Ipv4BgpSessionState[1m].mean(5)`, `at offset 29: want ")" (the statistic takes no argument), found "5"`},
		{`Ipv4BgpSessionState[1m].median()`, `at offset 24: statistic "median" is not served by the simulator (it serves mean, max, min, sum, count, rate)`},
		{`Ipv4BgpSessionState[1m].percentile(0.9)`, `at offset 24: statistic "percentile" is not served by the simulator (it serves mean, max, min, sum, count, rate)`},
		{`Ipv4BgpSessionState[1m].absent()`, `at offset 24: statistic "absent" is not served by the simulator (it serves mean, max, min, sum, count, rate)`},
		{`Ipv4BgpSessionState[1m].mean() < 1`, `at offset 31: unexpected "<" after the statistic (alarm conditions, nested and joined queries are not served by the simulator)`},
		{`Ipv4BgpSessionState[1m].mean().max()`, `at offset 30: unexpected "." after the statistic (alarm conditions, nested and joined queries are not served by the simulator)`},
		{`Ipv4BgpSessionState[1m]{}.mean()`, `at offset 24: want a dimension name, found "}"`},
		{`Ipv4BgpSessionState[1m]{resourceId}.mean()`, `at offset 34: want "=" after dimension resourceId, found "}"`},
		{`Ipv4BgpSessionState[1m]{resourceId = }.mean()`, `at offset 37: want the value of dimension resourceId in double quotes, found "}"`},
		{`Ipv4BgpSessionState[1m]{resourceId = ocid1}.mean()`, `at offset 37: want the value of dimension resourceId in double quotes, found "ocid1"`},
		{`Ipv4BgpSessionState[1m]{resourceId = "abc}.mean()`, `at offset 37: the value of dimension resourceId has no closing double quote`},
		{`Ipv4BgpSessionState[1m]{resourceId = "a\b"}.mean()`, `at offset 39: the value of dimension resourceId has a backslash that escapes neither " nor \`},
		{`Ipv4BgpSessionState[1m]{resourceId = "a" resourceName = "b"}.mean()`, `at offset 41: want "," or "}" after the value of dimension resourceId, found "resourceName"`},
		{`Ipv4BgpSessionState[1m]{resourceId = "a"`, `at offset 40: want "," or "}" after the value of dimension resourceId, found the end of the query`},
		{`Ipv4BgpSessionState[1m]{resourceId != "a"}.mean()`, `at offset 35: operator "!=" for dimension resourceId is not served by the simulator (only =)`},
		{`Ipv4BgpSessionState[1m]{resourceId =~ "a*"}.mean()`, `at offset 35: operator "=~" for dimension resourceId is not served by the simulator (only =)`},
		{`Ipv4BgpSessionState[1m]{resourceId = "a" || resourceId = "b"}.mean()`, `at offset 41: operator "||" is not served by the simulator (separate dimensions with commas)`},
		{`Ipv4BgpSessionState[1m].grouping`, `at offset 32: want "(" after grouping, found the end of the query`},
		{`Ipv4BgpSessionState[1m].grouping(resourceId).mean()`, `at offset 33: want ")" (grouping takes no argument), found "resourceId"`},
		{`Ipv4BgpSessionState[1m].grouping()`, `at offset 34: want "." after the grouping function (the statistic, e.g. .mean(), is required), found the end of the query`},
		{`Ipv4BgpSessionState[1m].groupBy().mean()`, `at offset 32: want a dimension name in groupBy, found ")"`},
		{`Ipv4BgpSessionState[1m].groupBy(a b).mean()`, `at offset 34: want "," or ")" after dimension a in groupBy, found "b"`},
		{`Ipv4BgpSessionState[1m].grouping().grouping().mean()`, `at offset 35: statistic "grouping" is not served by the simulator (it serves mean, max, min, sum, count, rate)`},
	}
	for _, tt := range tests {
		_, err := parseMQL(tt.query)
		if err == nil {
			t.Errorf("parseMQL(%s) succeeded, want %q", tt.query, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("parseMQL(%s)\n got: %s\nwant: %s", tt.query, err, tt.want)
		}
	}
}

// TestParseMQLReadsWhatMQLWrites: every query oci.MQL writes parses back to
// its parts.
func TestParseMQLReadsWhatMQLWrites(t *testing.T) {
	dims := map[string]string{oci.DimensionResourceID: "ocid1.virtualcircuit.oc1..x", oci.DimensionResourceName: `a "quoted" \ name`}
	for _, stat := range mqlStatistics {
		for _, iv := range []time.Duration{time.Minute, 5 * time.Minute, time.Hour, 24 * time.Hour} {
			s := oci.MQL(oci.MetricBitsReceived, iv, stat, dims)
			q, err := parseMQL(s)
			if err != nil {
				t.Fatalf("parseMQL(%s): %v", s, err)
			}
			want := mqlQuery{metric: oci.MetricBitsReceived, interval: iv, statistic: stat,
				filters: []mqlFilter{{oci.DimensionResourceID, dims[oci.DimensionResourceID]}, {oci.DimensionResourceName, dims[oci.DimensionResourceName]}}}
			if !reflect.DeepEqual(q, want) {
				t.Errorf("parseMQL(%s) = %+v, want %+v", s, q, want)
			}
		}
	}
}
