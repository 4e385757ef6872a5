package azure

import "testing"

func TestResourceIDRoundTrip(t *testing.T) {
	id := ResourceID("sub", "rg", "virtualNetworks", "vnet", "subnets", "GatewaySubnet")
	if want := "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/GatewaySubnet"; id != want {
		t.Fatalf("ResourceID = %s", id)
	}
	p := ParseID(id)
	if p.Subscription != "sub" || p.ResourceGroup != "rg" || p.Name("virtualNetworks") != "vnet" || p.Name("SUBNETS") != "GatewaySubnet" {
		t.Errorf("ParseID = %+v", p)
	}
	g := ParseID("/subscriptions/s/resourceGroups/RG-Net/providers/Microsoft.Network/virtualNetworkGateways/gw/ipConfigurations/default")
	if g.ResourceGroup != "RG-Net" || g.Name("virtualNetworkGateways") != "gw" || g.Name("ipConfigurations") != "default" {
		t.Errorf("ParseID(gateway IP configuration) = %+v", g)
	}
	if e := ParseID("not-an-id"); e.ResourceGroup != "" || len(e.Names) != 0 {
		t.Errorf("ParseID(garbage) = %+v", e)
	}
}
