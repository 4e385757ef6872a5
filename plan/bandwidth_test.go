package plan

import (
	"strings"
	"testing"
)

func TestMatchBandwidth(t *testing.T) {
	azure := []int{50, 100, 200, 500, 1000, 2000, 5000, 10000}
	oci := []Shape{{"1 Gbps", 1000}, {"2 Gbps", 2000}, {"5 Gbps", 5000}, {"10 Gbps", 10000}}
	offers := func(az []int, sh []Shape) BandwidthOffers {
		return BandwidthOffers{AzureProvider: "Oracle Cloud FastConnect", PeeringLocation: "Washington DC", AzureMbps: az, OCIService: "Microsoft Azure", OCIShapes: sh}
	}
	tests := []struct {
		name      string
		want      int
		offers    BandwidthOffers
		shape     string
		errSubstr []string
	}{
		{"both offer", 1000, offers(azure, oci), "1 Gbps", nil},
		{"10g", 10000, offers(azure, oci), "10 Gbps", nil},
		{"azure lacks", 5000, offers([]int{1000, 2000}, oci), "", []string{`"Washington DC" does not offer 5Gbps (it offers 1Gbps, 2Gbps)`, "choose one both offer: 1Gbps, 2Gbps"}},
		{"oci lacks", 2000, offers(azure, []Shape{{"1 Gbps", 1000}}), "", []string{`"Microsoft Azure" has no 2Gbps shape (it offers 1Gbps)`, "choose one both offer: 1Gbps"}},
		{"both lack", 3000, offers(azure, oci), "", []string{"does not offer 3Gbps", "has no 3Gbps shape", "1Gbps, 2Gbps, 5Gbps, 10Gbps"}},
		{"nothing common", 1000, offers([]int{500}, []Shape{{"2 Gbps", 2000}}), "", []string{"(it offers 500Mbps)", "no bandwidth is offered by both"}},
		{"empty offers", 1000, offers(nil, nil), "", []string{"(it offers nothing)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MatchBandwidth(tt.want, tt.offers)
			if tt.errSubstr == nil {
				if err != nil || got.Name != tt.shape {
					t.Fatalf("MatchBandwidth = %v, %v; want %q", got, err, tt.shape)
				}
				return
			}
			if err == nil {
				t.Fatalf("MatchBandwidth = %v, want error", got)
			}
			for _, s := range tt.errSubstr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}
