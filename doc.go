// Package interconnect builds, checks and tears down the private interconnect
// between a Microsoft Azure virtual network and an Oracle Cloud
// Infrastructure VCN: an ExpressRoute circuit on the Azure side, a FastConnect
// virtual circuit on the OCI side, and everything that joins them to the two
// networks (DRG and its attachment, route rules, ExpressRoute gateway and
// connection with FastPath, BGP peering).
//
// # The flow
//
// A user describes the interconnect in a [Spec], usually read from YAML or
// JSON:
//
//	s, err := interconnect.ParseSpec(data)     // decode only: unknown keys, types, syntax
//	eff := s.WithDefaults(nil)                 // the spec as it will be used; print it with eff.Marshal()
//	err = s.Validate()                         // offline checks, every problem at once
//
// From there a Client, built on the azure.Network and oci.Network interfaces
// (real SDK adapters, the in-memory simulator in package sim, or mocks),
// reads both clouds and computes a plan:
//
//	Client.Plan(ctx, spec)        → *plan.Plan: what to create, update, wait for
//	Client.Apply(ctx, plan)       → runs the plan's steps in dependency order
//	Client.Verify(ctx, spec)      → checks circuit, BGP, ARP and routes on both sides
//	Client.PlanDestroy(ctx, spec) → the teardown plan, touching only what the library owns
//	Client.Drill(ctx, spec, loc, o) → a failover drill of maximum resiliency
//
// With Spec.Resiliency "maximum" the interconnect has an ExpressRoute circuit
// and a virtual circuit at each of two peering locations of the region pair,
// on one gateway and one DRG (README.md, "Maximum resiliency").
//
// State lives in the clouds, not in a state file: every resource is found
// again by name (Azure) or display name and tag (OCI), and the library tags
// what it creates with [OwnershipTagKey] so that teardown never deletes what
// the user brought.
//
// # Applying
//
// A plan is a DAG of steps ([plan.Plan]); [Client.Apply] starts each step as
// soon as the steps it depends on are done, so an interconnect is up in the
// time of its critical path (the 45-minute gateway overlaps the circuits).
// Each step reads its resource again before changing it and does only what
// is still needed, so Apply can be repeated, resumed after a crash (Plan and
// Apply again: a resource found still provisioning becomes a wait) and run
// from two places at once (Azure names are deterministic; OCI creates carry
// retry tokens). Waits poll at [WithPollInterval] and never sooner; throttled
// and transiently failing calls are retried no sooner than the cloud's
// Retry-After, which a Client remembers per cloud service for its later
// calls. Progress reaches [WithEvents] and [WithLogger]; the [Result]
// says what each step did and when.
//
// The clouds are reached through azure.Network and oci.Network, small
// interfaces with SDK-free value types in packages azure and oci. The SDK
// adapters live beside them (armclient.NewClient in azure/armclient,
// ociclient.NewClient in oci/ociclient), so only programs that talk to the
// real clouds compile the SDKs; package sim is an in-memory stand-in for
// both, with HTTP faces (sim/armface, sim/ociface) the real adapters can
// talk to.
//
// # Parsing, defaults and validation
//
// [ParseSpec] is strict: keys are case-sensitive, unknown and duplicate keys
// are errors with their line numbers, JSON goes through the same decoder as
// YAML, and input is limited in size ([MaxSpecSize]), in documents (one) and
// in alias expansion. It applies no defaults and checks no semantics.
//
// [Spec.WithDefaults] fills in the defaults (circuit SKU Standard/MeteredData,
// FastPath on, gateway SKU ErGw3AZ, pool 192.168.240.0/24, the region pair's
// first peering location, …) and canonicalises names; it never mutates its
// receiver.
//
// [Spec.Validate] (or [Spec.ValidateWith] for a custom [Catalog] of region
// pairs) checks the spec offline as it will be used and returns a
// *[ValidationError] listing every problem, each a *[FieldError] naming the
// field by its YAML path ("azure.gateway.subnetPrefix"), the value as written,
// and how to fix it. Checks that need the clouds are made by the Client; it
// reports them in the same form, built with [ValidationError.Add].
//
// # Region pairs and bandwidth
//
// Only some Azure regions are interconnected with OCI. [DefaultCatalog]
// holds the published pairs (eastus ↔ us-ashburn-1, …) with their ExpressRoute
// peering locations; [Catalog.Add] adds or overrides pairs. [Bandwidth] is the
// speed ordered on both sides: 1, 2, 5 or 10 Gbps.
//
// # Secrets
//
// The ExpressRoute service key and the BGP MD5 key are [secret.Value]s: they
// print, log and marshal as "(sensitive)" and are read in plain text only by
// the cloud adapters, at the moment they are sent. The MD5 key is never put
// in an error, even when it is the value at fault.
//
// [secret.Value]: https://pkg.go.dev/github.com/azoci/interconnect/secret#Value
package interconnect
