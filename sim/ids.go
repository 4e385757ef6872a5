package sim

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"maps"
	"net/netip"
	"strings"
)

// key is the map key of a resource ID: ARM IDs are case-insensitive.
func key(id string) string { return strings.ToLower(id) }

// Azure resource types, as they appear in ARM IDs.
const (
	typeVirtualNetworks = "virtualNetworks"
	typePublicIPs       = "publicIPAddresses"
	typeGateways        = "virtualNetworkGateways"
	typeCircuits        = "expressRouteCircuits"
	typeConnections     = "connections"
)

// armID builds "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/{typ}/{name}".
func armID(sub, rg, typ, name string) string {
	return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/" + typ + "/" + name
}

func rgID(sub, rg string) string { return "/subscriptions/" + sub + "/resourceGroups/" + rg }

func rgKey(sub, rg string) string { return key(sub + "/" + rg) }

// splitmix64 scrambles a counter into a well-mixed 64-bit value, so generated
// keys look random yet are the same on every run.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (w *World) nextUnique() uint64 {
	w.st.Unique++
	return w.st.Unique
}

var ocidEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// ocid makes "ocid1.<kind>.oc1.<region>.aaaaaaaa<base32 of a counter>". The
// counter is written big-endian in a fixed width, so OCIDs of one kind sort
// in creation order.
func (w *World) ocid(kind, region string) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], w.nextUnique())
	return "ocid1." + kind + ".oc1." + region + ".aaaaaaaa" + ocidEncoding.EncodeToString(b[:])
}

// serviceKey makes a GUID-shaped ExpressRoute service key.
func (w *World) serviceKey() string {
	n := w.nextUnique()
	a, b := splitmix64(n), splitmix64(^n)
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, (uint16(b>>48)&0x3fff)|0x8000, b&0xffffffffffff)
}

// etag makes a route table ETag.
func (w *World) etag() string { return fmt.Sprintf("%016x", splitmix64(w.nextUnique())) }

// publicAddress hands out the next public IP address, from 20.42.0.10 on.
func (w *World) publicAddress() netip.Addr {
	w.st.Addresses++
	n := w.st.Addresses + 9
	return netip.AddrFrom4([4]byte{20, 42, byte(n >> 8), byte(n)})
}

// pickVLAN is the VLAN Oracle chooses for a peering it configures.
func (w *World) pickVLAN() int {
	w.st.VLANs++
	return 100 + int(w.st.VLANs%3900)
}

// hostAddrs returns the first and second usable address of a /30 (Oracle's
// and Azure's end of a BGP link).
func hostAddrs(p netip.Prefix) (first, second netip.Addr) {
	first = p.Masked().Addr().Next()
	return first, first.Next()
}

// mac makes a MAC address from an OUI and the low three bytes of an address.
func mac(oui string, a netip.Addr) string {
	b := a.As4()
	return fmt.Sprintf("%s:%02x:%02x:%02x", oui, b[1], b[2], b[3])
}

const (
	ouiOracle    = "00:00:17" // Oracle Corporation
	ouiMicrosoft = "00:22:bd" // the MSEE routers' vendor
)

func cloneTags(m map[string]string) map[string]string { return maps.Clone(m) }

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
