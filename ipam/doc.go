// Package ipam allocates and checks the IPv4 /30 blocks that carry the two BGP
// sessions (primary and secondary) of an Azure ExpressRoute ↔ OCI FastConnect
// interconnect.
//
// # Addressing convention
//
// Each BGP session uses one /30 block. Following Microsoft's ExpressRoute
// documentation, the first usable address of the block (.1) is configured on
// the Oracle side and the second usable address (.2) on the customer (Azure)
// side; the network (.0) and broadcast (.3) addresses are never used. For
// 192.168.240.0/30 that is Oracle 192.168.240.1 and Azure 192.168.240.2. OCI
// wants both peering addresses written with the block length, as
// "192.168.240.1/30" and "192.168.240.2/30": see [Subnet.OracleCIDR] and
// [Subnet.CustomerCIDR]. (Oracle's own documentation also accepts /28 to /31
// blocks with a different layout; this package deliberately supports /30 only.)
//
// # Address families
//
// Only IPv4 is supported. An IPv4-mapped IPv6 prefix such as
// ::ffff:192.168.240.0/126 is treated as IPv6, not IPv4: it is rejected where a
// pool or a block is expected (the error suggests the plain IPv4 form), and it
// is ignored in avoid lists, exactly like any other IPv6 prefix. This matches
// [netip.Addr.Is4], which reports false for mapped addresses, and keeps a
// prefix's length meaning the same thing everywhere (a /126 of the IPv6 space
// is not silently reinterpreted as a /30).
//
// # Properties
//
// The package is pure: it uses only [net/netip] and the standard library, does
// no I/O, keeps no package-level state and never modifies its arguments.
// [AllocatePair] is deterministic (the same pool and set of avoided prefixes
// always give the same pair, whatever the order of the avoid slice) and costs
// O(n log n) in the number of avoided prefixes, independent of the pool's size.
package ipam
