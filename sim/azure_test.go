package sim

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestAzureRules checks each rule Azure enforces: one row each, with the
// status and the ARM error code.
func TestAzureRules(t *testing.T) {
	sub := func(name, prefix string) azure.Subnet {
		return azure.Subnet{Name: name, Prefix: netip.MustParsePrefix(prefix)}
	}
	peering := func(p, s string, vlan int, asn int64) azure.PrivatePeering {
		pp := azure.PrivatePeering{PeerASN: asn, VLAN: vlan}
		pp.PrimaryPrefix, _ = netip.ParsePrefix(p)
		pp.SecondaryPrefix, _ = netip.ParsePrefix(s)
		return pp
	}
	conn := func(f *fx, gw, circuit string, fastPath bool) azure.Connection {
		return azure.Connection{Name: "conn", Location: "eastus", GatewayID: armID(testSub, testRG, typeGateways, gw),
			CircuitID: armID(testSub, testRG, typeCircuits, circuit), FastPath: fastPath}
	}
	tests := []struct {
		name   string
		act    func(f *fx) error
		status int
		code   string
	}{
		// any resource
		{"put into an unknown resource group", func(f *fx) error {
			_, err := f.az.PutPublicIP(f.ctx, "rg-nope", azure.PublicIP{Name: "p", Location: "eastus", Static: true})
			return err
		}, 404, "ResourceGroupNotFound"},
		{"put while updating", func(f *fx) error {
			spec := azure.PublicIP{Name: "p", Location: "eastus", SKU: "Standard", Static: true}
			must[azure.PublicIP](f.t)(f.nw.PutPublicIP(f.ctx, testRG, spec))
			_, err := f.az.PutPublicIP(f.ctx, testRG, spec)
			return err
		}, 409, "AnotherOperationInProgress"},
		{"put while deleting", func(f *fx) error {
			f.pip("p")
			noErr(f.t, f.nw.DeletePublicIP(f.ctx, testRG, "p"))
			_, err := f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "p", Location: "eastus", Static: true})
			return err
		}, 409, "AnotherOperationInProgress"},
		{"delete while updating", func(f *fx) error {
			must[azure.Circuit](f.t)(f.nw.PutCircuit(f.ctx, testRG, circuitSpec("er")))
			return f.az.DeleteCircuit(f.ctx, testRG, "er")
		}, 409, "AnotherOperationInProgress"},
		{"location required", func(f *fx) error {
			_, err := f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "p", Static: true})
			return err
		}, 400, "LocationRequired"},

		// subnets
		{"subnet not masked", func(f *fx) error {
			_, err := f.az.PutSubnet(f.ctx, testRG, testVNet, sub("s", "10.10.1.1/24"))
			return err
		}, 400, "NetcfgInvalidSubnet"},
		{"subnet outside the address space", func(f *fx) error {
			_, err := f.az.PutSubnet(f.ctx, testRG, testVNet, sub("s", "10.11.0.0/24"))
			return err
		}, 400, "NetcfgInvalidSubnet"},
		{"subnet IPv6", func(f *fx) error {
			_, err := f.az.PutSubnet(f.ctx, testRG, testVNet, sub("s", "fd00::/64"))
			return err
		}, 400, "NetcfgInvalidSubnet"},
		{"subnet overlaps another", func(f *fx) error {
			_, err := f.az.PutSubnet(f.ctx, testRG, testVNet, sub("s", "10.10.0.128/25"))
			return err
		}, 400, "NetcfgSubnetRangesOverlap"},
		{"subnet of an unknown vnet", func(f *fx) error {
			_, err := f.az.PutSubnet(f.ctx, testRG, "nope", sub("s", "10.10.1.0/24"))
			return err
		}, 404, "ResourceNotFound"},
		{"delete a subnet with a gateway", func(f *fx) error {
			f.gateway(azure.SKUErGw1AZ, 0)
			return f.az.DeleteSubnet(f.ctx, testRG, testVNet, "GatewaySubnet")
		}, 400, "InUseSubnetCannotBeDeleted"},
		{"change the prefix of a subnet in use", func(f *fx) error {
			f.gateway(azure.SKUErGw1AZ, 0)
			_, err := f.az.PutSubnet(f.ctx, testRG, testVNet, sub("GatewaySubnet", "10.10.254.0/26"))
			return err
		}, 400, "InUseSubnetCannotBeUpdated"},

		// public IPs
		{"standard public IP must be static", func(f *fx) error {
			_, err := f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "p", Location: "eastus", SKU: "Standard"})
			return err
		}, 400, "StandardSkuPublicIPAddressesMustBeStatic"},
		{"delete a public IP in use", func(f *fx) error {
			f.gateway(azure.SKUErGw1AZ, 0)
			return f.az.DeletePublicIP(f.ctx, testRG, "gw-pip")
		}, 400, "PublicIPAddressInUse"},

		// gateways
		{"gateway of type Vpn", func(f *fx) error {
			g := f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, f.pip("p").ID)
			g.GatewayType = "Vpn"
			_, err := f.az.PutGateway(f.ctx, testRG, g)
			return err
		}, 400, "InvalidGatewayType"},
		{"gateway SKU unknown", func(f *fx) error {
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", "VpnGw1", 0, f.pip("p").ID))
			return err
		}, 400, "InvalidGatewaySku"},
		{"gateway outside the GatewaySubnet", func(f *fx) error {
			g := f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, f.pip("p").ID)
			g.SubnetID = subnetID(f.vnetID(), "default")
			_, err := f.az.PutGateway(f.ctx, testRG, g)
			return err
		}, 400, "InvalidGatewaySubnet"},
		{"gateway subnet smaller than /27", func(f *fx) error {
			noErr(f.t, f.az.DeleteSubnet(f.ctx, testRG, testVNet, "GatewaySubnet"))
			must[azure.Subnet](f.t)(f.az.PutSubnet(f.ctx, testRG, testVNet, sub("GatewaySubnet", "10.10.255.0/28")))
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, f.pip("p").ID))
			return err
		}, 400, "GatewaySubnetTooSmall"},
		{"second gateway in the GatewaySubnet", func(f *fx) error {
			f.gateway(azure.SKUErGw1AZ, 0)
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw2", azure.SKUErGw1AZ, 0, f.pip("p2").ID))
			return err
		}, 400, "GatewaySubnetInUse"},
		{"gateway public IP missing", func(f *fx) error {
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, armID(testSub, testRG, typePublicIPs, "nope")))
			return err
		}, 400, "InvalidResourceReference"},
		{"AZ gateway with a Basic public IP", func(f *fx) error {
			p := must[azure.PublicIP](f.t)(f.az.PutPublicIP(f.ctx, testRG, azure.PublicIP{Name: "p", Location: "eastus", SKU: "Basic"}))
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, p.ID))
			return err
		}, 400, "VirtualNetworkGatewayPublicIpMustBeStandardStatic"},
		{"gateway public IP in use", func(f *fx) error {
			f.gateway(azure.SKUErGw1AZ, 0)
			f.w.AddVirtualNetwork(VirtualNetwork{ResourceGroup: testRG, Name: "vnet2", Region: "eastus",
				AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")},
				Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.30.0.0/27")}})
			g := f.gatewaySpec("gw2", azure.SKUErGw1AZ, 0, armID(testSub, testRG, typePublicIPs, "gw-pip"))
			g.SubnetID = subnetID(armID(testSub, testRG, typeVirtualNetworks, "vnet2"), "GatewaySubnet")
			_, err := f.az.PutGateway(f.ctx, testRG, g)
			return err
		}, 400, "PublicIPAddressInUse"},
		{"gateway in another location than its VNet", func(f *fx) error {
			g := f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, f.pip("p").ID)
			g.Location = "westus"
			_, err := f.az.PutGateway(f.ctx, testRG, g)
			return err
		}, 400, "InvalidResourceLocation"},
		{"scale units on a fixed SKU", func(f *fx) error {
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw3AZ, 4, f.pip("p").ID))
			return err
		}, 400, "InvalidScaleUnits"},
		{"ErGwScale without scale units", func(f *fx) error {
			_, err := f.az.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGwScale, 0, f.pip("p").ID))
			return err
		}, 400, "InvalidScaleUnits"},
		{"resize non-AZ to AZ", func(f *fx) error {
			g := f.gateway(azure.SKUStandard, 0)
			g.SKU = azure.SKUErGw3AZ
			_, err := f.az.PutGateway(f.ctx, testRG, g)
			return err
		}, 400, "InvalidGatewaySkuResize"},
		{"delete a gateway with a connection", func(f *fx) error {
			f.provisioned()
			f.gateway(azure.SKUErGw1AZ, 0)
			must[azure.Connection](f.t)(f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", false)))
			return f.az.DeleteGateway(f.ctx, testRG, "gw")
		}, 400, "GatewayInUse"},

		// circuits
		{"circuit from an unknown provider", func(f *fx) error {
			c := circuitSpec("er")
			c.ServiceProvider = "Nope Telecom"
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "InvalidServiceProviderName"},
		{"circuit at a location the provider does not serve", func(f *fx) error {
			c := circuitSpec("er")
			c.PeeringLocation = "Chicago"
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "InvalidPeeringLocation"},
		{"circuit bandwidth not offered", func(f *fx) error {
			c := circuitSpec("er")
			c.BandwidthMbps = 300
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "InvalidBandwidth"},
		{"circuit SKU tier unknown", func(f *fx) error {
			c := circuitSpec("er")
			c.SKU.Tier = "Basic"
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "InvalidSkuTier"},
		{"circuit SKU family unknown", func(f *fx) error {
			c := circuitSpec("er")
			c.SKU.Family = "Free"
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "InvalidSkuFamily"},
		{"circuit bandwidth decrease", func(f *fx) error {
			f.circuit("er")
			c := circuitSpec("er")
			c.BandwidthMbps = 500
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "CircuitBandwidthDecreaseNotAllowed"},
		{"circuit peering location change", func(f *fx) error {
			f.circuit("er")
			c := circuitSpec("er")
			c.PeeringLocation = "Washington DC2"
			_, err := f.az.PutCircuit(f.ctx, testRG, c)
			return err
		}, 400, "CircuitServiceProviderOrPeeringLocationCannotBeChanged"},

		// private peering
		{"peering on a circuit not provisioned", func(f *fx) error {
			f.circuit("er")
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "192.168.240.4/30", 100, 31898))
			return err
		}, 400, "ExpressRouteCircuitNotProvisioned"},
		{"peering prefix not a /30", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/29", "192.168.240.8/30", 100, 31898))
			return err
		}, 400, "InvalidPeeringAddressPrefix"},
		{"peering prefix not masked", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.1/30", "192.168.240.4/30", 100, 31898))
			return err
		}, 400, "InvalidPeeringAddressPrefix"},
		{"peering prefix missing", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "", 100, 31898))
			return err
		}, 400, "InvalidPeeringAddressPrefix"},
		{"peering prefixes the same", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "192.168.240.0/30", 100, 31898))
			return err
		}, 400, "PeeringAddressPrefixesOverlap"},
		{"peering VLAN 0", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "192.168.240.4/30", 0, 31898))
			return err
		}, 400, "InvalidVlanId"},
		{"peering VLAN 4095", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "192.168.240.4/30", 4095, 31898))
			return err
		}, 400, "InvalidVlanId"},
		{"peering ASN 0", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "er", peering("192.168.240.0/30", "192.168.240.4/30", 100, 0))
			return err
		}, 400, "InvalidPeerAsn"},
		{"peering of a missing circuit", func(f *fx) error {
			_, err := f.az.PutPrivatePeering(f.ctx, testRG, "nope", peering("192.168.240.0/30", "192.168.240.4/30", 100, 31898))
			return err
		}, 404, "ResourceNotFound"},

		// connections
		{"connection before the circuit is provisioned", func(f *fx) error {
			f.circuit("er")
			f.gateway(azure.SKUErGw3AZ, 0)
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", true))
			return err
		}, 400, "ExpressRouteCircuitNotProvisioned"},
		{"connection while the circuit is provisioning", func(f *fx) error {
			f.gateway(azure.SKUErGw3AZ, 0)
			c := f.circuit("er")
			must[oci.VirtualCircuit](f.t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, f.drg().ID), ""))
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", true))
			return err
		}, 400, "ExpressRouteCircuitNotProvisioned"},
		{"connection to a missing gateway", func(f *fx) error {
			f.provisioned()
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "nope", "er", false))
			return err
		}, 400, "InvalidResourceReference"},
		{"connection to a gateway still being made", func(f *fx) error {
			f.provisioned()
			p := f.pip("p")
			must[azure.Gateway](f.t)(f.nw.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw3AZ, 0, p.ID)))
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", false))
			return err
		}, 409, "AnotherOperationInProgress"},
		{"FastPath on ErGw1AZ", func(f *fx) error {
			f.provisioned()
			f.gateway(azure.SKUErGw1AZ, 0)
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", true))
			return err
		}, 400, "FastPathNotSupportedOnGatewaySku"},
		{"FastPath on ErGwScale with 9 units", func(f *fx) error {
			f.provisioned()
			f.gateway(azure.SKUErGwScale, 9)
			_, err := f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", true))
			return err
		}, 400, "FastPathNotSupportedOnGatewaySku"},
		{"delete a circuit with a connection", func(f *fx) error {
			_, _, vc := f.provisioned()
			f.gateway(azure.SKUErGw1AZ, 0)
			must[azure.Connection](f.t)(f.az.PutConnection(f.ctx, testRG, conn(f, "gw", "er", false)))
			noErr(f.t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
			time.Sleep(f.lat.VirtualCircuit)
			return f.az.DeleteCircuit(f.ctx, testRG, "er")
		}, 400, "InUseCircuitCannotBeDeleted"},

		// ARP and route tables
		{"ARP table without a peering", func(f *fx) error {
			f.circuit("er")
			_, err := f.az.ListARPTable(f.ctx, testRG, "er", azure.Primary)
			return err
		}, 404, "NotFound"},
		{"route table of a missing circuit", func(f *fx) error {
			_, err := f.az.ListRouteTable(f.ctx, testRG, "nope", azure.Secondary)
			return err
		}, 404, "ResourceNotFound"},
		{"ARP table of a bad path", func(f *fx) error {
			f.provisioned()
			_, err := f.az.ListARPTable(f.ctx, testRG, "er", "tertiary")
			return err
		}, 400, "InvalidDevicePath"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				err := tt.act(f)
				wantAzureErr(t, err, tt.status, tt.code)
				if got := errors.Is(err, azure.ErrNotFound); got != (tt.status == http.StatusNotFound) {
					t.Errorf("errors.Is(err, azure.ErrNotFound) = %v", got)
				}
			})
		})
	}
}

func TestAzureAllowed(t *testing.T) {
	tests := []struct {
		name string
		act  func(f *fx) error
	}{
		{"FastPath on ErGwScale with 10 units, then off and on again", func(f *fx) error {
			f.provisioned()
			f.gateway(azure.SKUErGwScale, 10)
			c := azure.Connection{Name: "conn", Location: "eastus", GatewayID: armID(testSub, testRG, typeGateways, "gw"),
				CircuitID: armID(testSub, testRG, typeCircuits, "er"), FastPath: true}
			if _, err := f.az.PutConnection(f.ctx, testRG, c); err != nil {
				return err
			}
			c.FastPath = false
			got, err := f.az.PutConnection(f.ctx, testRG, c)
			if err == nil && got.FastPath {
				f.t.Errorf("FastPath still on")
			}
			c.FastPath = true
			_, err = f.az.PutConnection(f.ctx, testRG, c)
			return err
		}},
		{"FastPath on UltraPerformance", func(f *fx) error {
			f.provisioned()
			f.gateway(azure.SKUUltraPerformance, 0)
			_, err := f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn", Location: "eastus",
				GatewayID: armID(testSub, testRG, typeGateways, "gw"), CircuitID: armID(testSub, testRG, typeCircuits, "er"), FastPath: true})
			return err
		}},
		{"circuit bandwidth increase and SKU upgrade while provisioned", func(f *fx) error {
			f.provisioned()
			c := circuitSpec("er")
			c.BandwidthMbps = 2000
			c.SKU = azure.CircuitSKU{Tier: "Premium", Family: "UnlimitedData"}
			got, err := f.az.PutCircuit(f.ctx, testRG, c)
			if err == nil && (got.BandwidthMbps != 2000 || got.ProviderState != azure.Provisioned) {
				f.t.Errorf("circuit after update = %+v", got)
			}
			return err
		}},
		{"delete of a missing resource is a no-op (ARM 204)", func(f *fx) error {
			return errors.Join(f.az.DeletePublicIP(f.ctx, testRG, "nope"), f.az.DeleteGateway(f.ctx, testRG, "nope"),
				f.az.DeleteCircuit(f.ctx, testRG, "nope"), f.az.DeleteConnection(f.ctx, testRG, "nope"),
				f.az.DeleteSubnet(f.ctx, testRG, testVNet, "nope"))
		}},
		{"lookups are case-insensitive", func(f *fx) error {
			f.circuit("ER-Circuit")
			_, err := f.az.GetCircuit(f.ctx, "RG-INTERCONNECT", "er-circuit")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				noErr(t, tt.act(newFx(t)))
			})
		})
	}
}

func TestGatewayLifecycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		t0 := time.Now()
		g := f.gateway(azure.SKUErGw1AZ, 0)
		if got, want := time.Since(t0), f.lat.PublicIP+f.lat.Gateway; got != want {
			t.Errorf("public IP + gateway took %v, want %v", got, want)
		}
		s := must[azure.Subnet](t)(f.az.GetSubnet(f.ctx, testRG, testVNet, "GatewaySubnet"))
		want := g.ID + "/ipConfigurations/default"
		if len(s.IPConfigurationIDs) != 1 || s.IPConfigurationIDs[0] != want {
			t.Errorf("GatewaySubnet ip configurations = %v, want [%s]", s.IPConfigurationIDs, want)
		}
		p := must[azure.PublicIP](t)(f.az.GetPublicIP(f.ctx, testRG, "gw-pip"))
		if !p.Address.IsValid() || p.State != azure.Succeeded {
			t.Errorf("public IP = %+v", p)
		}
		// ErGw1AZ → ErGw3AZ: an update taking half the creation time.
		g.SKU = azure.SKUErGw3AZ
		t1 := time.Now()
		g = must[azure.Gateway](t)(f.az.PutGateway(f.ctx, testRG, g))
		if got := time.Since(t1); got != f.lat.Gateway/2 || g.SKU != azure.SKUErGw3AZ || g.State != azure.Succeeded {
			t.Errorf("resize took %v → %+v", got, g)
		}
		// Delete: the ip configuration leaves the subnet and the public IP.
		noErr(t, f.az.DeleteGateway(f.ctx, testRG, "gw"))
		if s := must[azure.Subnet](t)(f.az.GetSubnet(f.ctx, testRG, testVNet, "GatewaySubnet")); len(s.IPConfigurationIDs) != 0 {
			t.Errorf("subnet still lists %v", s.IPConfigurationIDs)
		}
		noErr(t, f.az.DeletePublicIP(f.ctx, testRG, "gw-pip"))
		noErr(t, f.az.DeleteSubnet(f.ctx, testRG, testVNet, "GatewaySubnet"))
		v := must[azure.VirtualNetwork](t)(f.az.GetVirtualNetwork(f.ctx, testRG, testVNet))
		if len(v.Subnets) != 1 || v.Subnets[0].Name != "default" {
			t.Errorf("subnets = %+v", v.Subnets)
		}
	})
}

func TestAdoptSeededGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		g := f.w.AddGateway(Gateway{ResourceGroup: testRG, Name: "existing-gw", VirtualNetwork: testVNet, SKU: azure.SKUErGw2AZ,
			Tags: map[string]string{"owner": "them"}})
		v := must[azure.VirtualNetwork](t)(f.az.GetVirtualNetwork(f.ctx, testRG, testVNet))
		var found string
		for _, s := range v.Subnets {
			if s.Name == "GatewaySubnet" && len(s.IPConfigurationIDs) == 1 {
				found = s.IPConfigurationIDs[0]
			}
		}
		if found != g.ID+"/ipConfigurations/default" {
			t.Fatalf("GatewaySubnet ip configuration = %q", found)
		}
		got := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, "existing-gw"))
		if got.State != azure.Succeeded || got.SKU != azure.SKUErGw2AZ || got.Location != "eastus" || got.Tags["owner"] != "them" {
			t.Errorf("gateway = %+v", got)
		}
		if p := must[azure.PublicIP](t)(f.az.GetPublicIP(f.ctx, testRG, "existing-gw-pip")); p.ID != got.PublicIPID {
			t.Errorf("public IP %s, gateway says %s", p.ID, got.PublicIPID)
		}
	})
}

func TestBlockingAndNoWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency()))
		lat := f.lat
		p := f.pip("p")

		// NoWait: back after Read, Updating; Succeeded Gateway latency later.
		t0 := time.Now()
		g := must[azure.Gateway](t)(f.nw.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw3AZ, 0, p.ID)))
		if time.Since(t0) != lat.Read || g.State != azure.Updating {
			t.Errorf("no-wait put: %v, %s", time.Since(t0), g.State)
		}
		accepted := time.Now()
		f.at(accepted.Add(lat.Gateway - time.Second))
		if g := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, "gw")); g.State != azure.Updating {
			t.Errorf("before done: %s", g.State)
		}
		f.at(accepted.Add(lat.Gateway))
		if g := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, "gw")); g.State != azure.Succeeded {
			t.Errorf("at done: %s", g.State)
		}
		if err := f.w.azureOperationError(g.ID); err != nil {
			t.Errorf("AzureOperationError of a Succeeded gateway = %v", err)
		}

		// Blocking delete whose context ends mid-wait: the delete goes on.
		ctx, cancel := context.WithTimeout(f.ctx, 10*time.Minute)
		defer cancel()
		t1 := time.Now()
		err := f.az.DeleteGateway(ctx, testRG, "gw")
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(t1) != 10*time.Minute {
			t.Fatalf("delete with a 10m context: %v after %v", err, time.Since(t1))
		}
		if g := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, "gw")); g.State != azure.Deleting {
			t.Errorf("after the caller gave up: %s", g.State)
		}
		// A second Delete joins the operation in progress.
		noErr(t, f.az.DeleteGateway(f.ctx, testRG, "gw"))
		if got, want := time.Since(t1), lat.Read+lat.Gateway; got != want {
			t.Errorf("joined delete ended after %v, want %v", got, want)
		}
		if _, err := f.az.GetGateway(f.ctx, testRG, "gw"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
		if err := f.w.azureOperationError(g.ID); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("AzureOperationError of a deleted gateway = %v", err)
		}

		// A context that ends during Read: nothing happens.
		ctx2, cancel2 := context.WithTimeout(f.ctx, lat.Read/2)
		defer cancel2()
		if _, err := f.az.PutCircuit(ctx2, testRG, circuitSpec("er")); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("put with a short context: %v", err)
		}
		if _, err := f.az.GetCircuit(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("circuit made by a call that never arrived: %v", err)
		}

		// NoWait delete: Deleting, then gone.
		noErr(t, f.nw.DeletePublicIP(f.ctx, testRG, "p"))
		if p := must[azure.PublicIP](t)(f.az.GetPublicIP(f.ctx, testRG, "p")); p.State != azure.Deleting {
			t.Errorf("no-wait delete: %s", p.State)
		}
		time.Sleep(lat.PublicIP)
		if _, err := f.az.GetPublicIP(f.ctx, testRG, "p"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("after no-wait delete: %v", err)
		}
	})
}

func TestZeroLatencyIsInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(Latency{}))
		t0 := time.Now()
		c := must[azure.Circuit](t)(f.nw.PutCircuit(f.ctx, testRG, circuitSpec("er")))
		if c.State != azure.Succeeded {
			t.Errorf("no-wait put with zero latency: %s", c.State)
		}
		d := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp}, ""))
		if d.State != oci.Available {
			t.Errorf("DRG with zero latency: %s", d.State)
		}
		must[oci.DRGAttachment](t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d.ID, VCNID: testVCN}, ""))
		vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
		if vc.State != oci.Provisioned || vc.BGPSessionState != oci.BGPUp {
			t.Errorf("VC with zero latency: %s/%s", vc.State, vc.BGPSessionState)
		}
		if time.Since(t0) != 0 {
			t.Errorf("zero latency took %v", time.Since(t0))
		}
	})
}
