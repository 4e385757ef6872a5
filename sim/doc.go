// Package sim is an in-memory Azure and OCI: a World implements azure.Network
// (World.Azure) and oci.Network (World.OCI) faithfully enough that the
// interconnect can be planned, applied, verified and torn down against it
// without credentials, in tests and in the quickstart.
//
// # The model
//
// A World holds resources as plain data (records in maps, keyed by
// lower-cased ID) behind one mutex. Each kind of resource has the lifecycle
// of the real cloud: an Azure resource is Updating or Deleting while an ARM
// long-running operation runs, then Succeeded (or gone, or Failed); an OCI
// resource moves PROVISIONING → AVAILABLE, ATTACHING → ATTACHED,
// PENDING_PROVIDER → PROVISIONING → PROVISIONED, and so on.
//
// Time is the standard clock and nothing else. Future changes are data: a
// transition (time, kind, resource, operation) in a priority queue. Every
// entry point first applies, in time order, the transitions due at
// time.Now(), each at its own time, then acts. No goroutine polls and nothing
// busy-waits: a caller that must wait (the Read latency of every call, a
// blocking ARM operation) sleeps on a timer, honouring its context. So the
// sim runs unchanged inside a testing/synctest bubble, where 45 simulated
// minutes cost milliseconds and every time is exact, and a World can be
// saved and loaded (Save, Load) with its future intact.
//
// # Calls
//
// Every call waits Latency.Read (a context that ends first makes it return
// the context's error), then acts atomically under the lock, and is logged
// (Calls, SetCallHook). Azure Put and Delete, and the start and stop of a
// gateway's failover test, are ARM long-running operations: the face from
// Azure blocks until the operation ends, as the
// SDK's poller would (if ctx ends first the call returns ctx's error and the
// operation goes on); the face the HTTP faces use (internal/simworld) returns as soon as ARM has
// accepted the request, for HTTP faces that answer 201 with an
// Azure-AsyncOperation header. OCI Create and Delete return at once with the
// resource in its transitional state.
//
// Both faces tell a caller how often to poll them (PollIntervalHint, which
// interconnect.New reads through interconnect.PollIntervalHinter): 15s
// scaled as the world's latencies are scaled from DefaultLatency, at least
// 1ms, so that a client with default options runs at the world's pace and
// the zero Latency is instant for it too.
//
// # The handoff
//
// Creating an OCI virtual circuit whose ProviderServiceKeyName is the
// service key of a Succeeded, NotProvisioned ExpressRoute circuit ordered
// from "Oracle Cloud FastConnect", with the same bandwidth, at a peering
// location served from the OCI region, provisions both: the circuit's
// provider state turns Provisioning at once and Provisioned when the virtual
// circuit is PROVISIONED (Latency.VirtualCircuit later); Oracle then
// configures the AzurePrivatePeering (peer ASN 31898, the virtual circuit's
// /30s, a VLAN it picks, the MD5 key) unless one exists, and BGP comes up
// Latency.BGP later if both ends agree. The Azure route tables then list the
// CIDRs of the VCNs attached to the virtual circuit's DRG, and once an
// ExpressRoute connection links the circuit to a gateway (whatever status
// it reports; for a Local circuit, a gateway in one of its location's local
// regions), OCI learns the virtual network's address space
// (OCILearnedRoutes). Anything
// else (unknown key, wrong bandwidth or location, another provider, a
// circuit already in use) makes the virtual circuit FAILED, and leaves the
// circuit alone. Deleting the virtual circuit deprovisions the circuit; the
// peering stays until the circuit's owner deletes it (DeletePrivatePeering),
// which Azure requires before the circuit can go. A gateway connected to a
// circuit with BGP up learns the VCNs' CIDRs (ListLearnedRoutes, AS path
// 12076-31898), with next hops inside its GatewaySubnet (handoff.go,
// gatewaySubnetAddrs). ListGatewayConnections lists a gateway's connections
// from every resource group (ARM's VirtualNetworkGateways_ListConnections;
// azure-rest-api-specs example VirtualNetworkGatewaysListConnections.json),
// and AddCircuitConnection seeds another provider's provisioned circuit
// already connected to a seeded gateway (seed_circuit.go): it counts
// towards the gateway's limits below and carries no routes.
//
// # Rules and faults
//
// The sim enforces the rules the real clouds enforce that matter to the
// interconnect, answering *azure.Error and *oci.Error values with the real
// HTTP status and a realistic error code, naming the resource; a missing
// resource matches azure.ErrNotFound or oci.ErrNotFound. Where the real
// cloud's code is not published, the simulator names its own (in the
// peerings: InvalidRequestFormat for a missing remote VNet,
// LocalVnetHasGateway, AllowGatewayTransitAndUseRemoteGateways,
// AnotherPeeringUsesRemoteGateways, RemotePeeringDoesNotAllowGatewayTransit,
// GatewayInUseByPeering; azure_peering.go cites the source of every other
// one; elsewhere: CircuitHasPeerings, CircuitNotDeprovisionedByProvider,
// ExpressRouteLocalNotAvailable, GatewaySubnetTooSmallForCircuits). The codes:
//
// Azure (any resource): 404 ResourceGroupNotFound, 404 ResourceNotFound (404
// NotFound for a subnet or the peering), 409 AnotherOperationInProgress (a
// Put on a resource Updating or Deleting, a Delete on one Updating, or a
// reference to a resource still Updating), 400 LocationRequired,
// InvalidResourceLocation, InvalidResourceName, InvalidResourceReference (a
// referenced resource is missing). A Delete of a missing resource succeeds
// (ARM answers 204); a Delete of one Deleting joins that operation.
//
//   - subnets: 400 NetcfgInvalidSubnet (not a masked IPv4 prefix inside the
//     address space), NetcfgSubnetRangesOverlap, InUseSubnetCannotBeDeleted,
//     InUseSubnetCannotBeUpdated.
//   - public IPs: 400 StandardSkuPublicIPAddressesMustBeStatic,
//     PublicIPAddressInUse (delete while a gateway uses it),
//     PublicIPSkuCannotBeChanged, InvalidPublicIpSku.
//   - gateways: 400 InvalidGatewayType (not ExpressRoute), InvalidGatewaySku,
//     InvalidGatewaySubnet (not the GatewaySubnet), GatewaySubnetTooSmall
//     (smaller than /27), GatewaySubnetInUse (a second gateway),
//     VirtualNetworkGatewayPublicIpMustBeStandardStatic (AZ SKUs),
//     PublicIPAddressInUse, InvalidScaleUnits (only ErGwScale, 1–40),
//     InvalidGatewaySkuResize (AZ ↔ non-AZ, or a downgrade other than
//     HighPerformance → Standard and ErGw2AZ → ErGw1AZ), InvalidRequestFormat (type,
//     subnet or public IP changed), GatewayInUse (delete with a connection),
//     and, only with WithGatewayInUseByPeering, GatewayInUseByPeering
//     (delete while a peering uses it as its remote gateway: no vendor
//     source says ARM refuses it; tests turn it on to prove teardown's order).
//   - virtual network peerings (one side each, held by its local VNet;
//     Initiated, Connected once the remote VNet holds a peering back,
//     Disconnected once that one is deleted): 400
//     InvalidGlobalResourceReference (remote VNet missing),
//     VnetAddressSpacesOverlap, VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
//     AnotherPeeringAlreadyReferencesRemoteVnet,
//     ChangingRemoteVirtualNetworkNotAllowed, RemotePeeringIsDisconnected,
//     ReferencedResourceNotProvisioned (the remote VNet, or the peering's
//     own, has a subnet or another peering Updating or Deleting), and with UseRemoteGateways
//     RemoteVnetHasNoGateways (no Succeeded gateway in the remote VNet),
//     LocalVnetHasGateway, AllowGatewayTransitAndUseRemoteGateways,
//     AnotherPeeringUsesRemoteGateways, RemotePeeringDoesNotAllowGatewayTransit.
//   - circuits: 400 InvalidServiceProviderName, InvalidPeeringLocation,
//     InvalidBandwidth (each naming what is offered), InvalidSkuTier,
//     InvalidSkuFamily, CircuitBandwidthDecreaseNotAllowed,
//     CircuitServiceProviderOrPeeringLocationCannotBeChanged,
//     CircuitSkuFamilyDowngradeNotAllowed, ExpressRouteLocalNotAvailable
//     (tier Local at a peering location with no local Azure region; the
//     circuit resource's own location does not matter, and a Local circuit
//     exchanges routes only with gateways in its location's local regions),
//     InUseCircuitCannotBeDeleted, CircuitHasPeerings (a deprovisioned
//     circuit whose peering is still there). A delete of a circuit the
//     provider has not deprovisioned (Provisioning, Provisioned,
//     Deprovisioning) is accepted, as Azure does, and strands it: the
//     operation ends Failed (CircuitNotDeprovisionedByProvider), the circuit
//     stays, Failed and billed, and StrandedCircuits records it
//     (azure_circuit_stranded.go cites the sources).
//   - private peering: 400 ExpressRouteCircuitNotProvisioned,
//     CircuitNotReady, InvalidPeeringAddressPrefix (not a masked IPv4 /30),
//     PeeringAddressPrefixesOverlap, InvalidVlanId (1–4094), InvalidPeerAsn.
//   - connections: 400 ExpressRouteCircuitNotProvisioned,
//     ExpressRouteCircuitPeeringNotConfigured, FastPathNotSupportedOnGatewaySku
//     (FastPath needs ErGw3AZ, UltraPerformance or ErGwScale ≥ 10 units),
//     VirtualNetworkGatewayNotReady, DuplicateConnection,
//     GatewaySubnetTooSmallForCircuits (a 16th circuit on a gateway whose
//     GatewaySubnet is smaller than /26); 409
//     AnotherOperationInProgress for a create, update or delete while another
//     connection of the same gateway is being written (ARM serialises them:
//     hashicorp/terraform-provider-azurerm#10582, Azure/Azure-Landing-Zones#4134).
//     The simulator's own codes (azure_connection_rules.go): 400
//     GatewayConnectionLimitReached (more circuits than the gateway SKU
//     takes, azure.GatewayMaxConnections), TooManyCircuitsFromPeeringLocation
//     (a fifth circuit of one peering location; Microsoft, "About ExpressRoute
//     virtual network gateways"), InvalidRoutingWeight (outside 0–32000,
//     terraform-provider-azurerm#5540). A gateway sends traffic over the
//     connections of the highest RoutingWeight (TrafficConnections;
//     Microsoft, "Optimize routing for Azure ExpressRoute").
//     A connection's status is one of the swagger's Unknown, Connecting,
//     Connected, NotConnected: Connecting while it is made, Unknown for
//     Latency.ConnectionStatus once made (routes flow meanwhile), then
//     Connected while BGP is up.
//   - site failover simulation (resiliency validation, azure_failover.go;
//     Microsoft, "Azure ExpressRoute Gateway Resiliency Validation"): a
//     start is Starting, then Running Latency.Failover later; while it runs
//     the gateway holds off its connections to the location's circuits (no
//     routes learned through them, status NotConnected, Disconnected in the
//     test, no traffic, and Oracle no longer learns the virtual network
//     there) and the circuits are untouched. A stop is Stopping, then
//     Completed. Microsoft documents the conditions but not the codes, so
//     these are the simulator's: 400 FailoverTestPeeringLocationNotConnected,
//     FailoverTestNeedsTwoPeeringLocations, FailoverTestNotRunning,
//     InvalidFailoverTestType; 409 FailoverTestAlreadyInProgress (a test
//     Running or StopFailed); 404 FailoverTestNotFound; and 409
//     AnotherOperationInProgress while a test is Starting or Stopping. An
//     AsyncFailure fault ends a start StartFailed, a stop StopFailed.
//   - ARP and route tables: 404 without the circuit or its peering, 400
//     InvalidDevicePath. ARP rows: the Oracle end (first address of the
//     path's /30, interface "On-Prem", MAC "Incomplete" unless Oracle answers)
//     and the Microsoft end (second address, interface "Microsoft").
//
// OCI: 404 NotAuthorizedOrNotFound (missing resource or compartment, another
// region's resource), 409 IncorrectState (DRG not AVAILABLE, attachment
// ATTACHING, DRG PROVISIONING, a DRG route table update while its DRG is
// not AVAILABLE), 409 Conflict (DRG delete with attachments or
// virtual circuits; a VCN attached twice; detach while a route rule targets
// the DRG), 400 InvalidParameter (route rules: destination not a masked CIDR
// or repeated, a DRG target not ATTACHED to the VCN; virtual circuits: type,
// provider service, shape, cross-connect mappings, MD5 key — never echoing
// the key), 412 NoEtagMatch (a route-table PUT over the HTTP face with a stale If-Match), 409 InvalidatedRetryToken
// (a retry token whose resource has been deleted: TERMINATED, DETACHED or purged; OCI "API Errors",
// https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm; while the delete is under way the token
// still answers the resource). FastConnect provider
// services are listed only in the tenancy (WithTenancy). A TERMINATED or DETACHED
// resource is still returned by Get, never by List or Find; deleting it
// again answers 404, deleting one TERMINATING or DETACHING succeeds.
//
// DRG route tables (oci_drg_routetable.go): a DRG has a default table for
// VCN attachments and one for the other kinds (oci-go-sdk core
// DefaultDrgRouteTables); a VCN attachment gets the VCN default unless
// given another table of its DRG (400 InvalidParameter for another DRG's).
// ECMP is off until UpdateDRGRouteTable turns it on. A VCN's traffic to
// Azure leaves its DRG over every virtual circuit that learned Azure's
// routes (up to eight) when its attachment's table has ECMP on, else over
// the oldest (TrafficVirtualCircuits; Oracle, "Dynamic Routing Gateways",
// and oci-go-sdk DrgRouteTable.IsEcmpEnabled; which one OCI picks without
// ECMP is not documented).
//
// InjectFault makes the next calls of an operation fail with throttling,
// server errors or conflicts, makes an ARM operation end Failed (with a
// transient or a final code), makes the provider fail, deactivate or
// verify a virtual circuit (FAILED, INACTIVE, VERIFYING), or keeps a deleted
// one TERMINATING for good (ProviderStallsTermination); BreakPath makes a
// provider-side path fail, DegradePath makes one lose packets; PurgeDeleted
// purges deleted OCI resources.
//
// # Metrics
//
// The world records each circuit's link health over time (ARP and BGP per
// path, as BreakPath and RepairPath and the handoff change them, and the
// packets a path loses, as DegradePath sets it) and the traffic offered
// with SetTraffic, which the paths whose BGP is up share evenly (Microsoft
// runs them active-active). AzureMetrics serves Azure Monitor's ExpressRoute
// circuit metrics from that history, with the dimension values of
// Microsoft's ExpressRoute Insights workbook (metrics_azure*.go), and
// OCIMetrics OCI Monitoring's ten oci_fastconnect metrics and the DRG
// metrics, queried in a subset of MQL (metrics_oci*.go, metrics_loss.go,
// mql.go); these files cite the source of every rule they follow. Metric
// time is the world's clock.
//
// # Determinism
//
// IDs, service keys, addresses, VLANs and ETags come from counters, lists are
// sorted, and nothing depends on map order or on goroutine scheduling beyond
// the order calls reach the lock: the same calls give the same world.
package sim
