# The interconnect on the library's simulator: no credentials, no cloud.
# The simulated world is kept in sim-world.json next to this file; the VNet
# and VCN it names are seeded there the first time, and simulated time runs
# 500 times faster than the real clouds (the gateway's 40 minutes take about
# 5 seconds). See ../../README.md, "Try it on the simulator".

terraform {
  required_providers {
    azoci = { source = "azoci/azoci" }
  }
}

provider "azoci" {
  simulator = { state_file = "sim-world.json" }
}

resource "azoci_interconnect" "link" {
  name      = "ora-link"
  bandwidth = "1Gbps"

  azure = {
    subscription_id = "0b1f6471-1bf0-4dda-aec3-111122223333"
    resource_group  = "rg-network"
    region          = "eastus"
    virtual_network = "vnet-app"
  }

  oci = {
    region         = "us-ashburn-1"
    compartment_id = "ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample"
    vcn_id         = "ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn"
  }

  peering = {
    md5_auth_key = "s3cret-md5-key-42" # sensitive: never shown in plans
  }

  tags = { env = "demo" }
}

# Every check of the library's Verify, on the same spec.
data "azoci_interconnect_health" "link" {
  name       = azoci_interconnect.link.name
  bandwidth  = azoci_interconnect.link.bandwidth
  resiliency = azoci_interconnect.link.resiliency
  azure      = azoci_interconnect.link.azure
  oci        = azoci_interconnect.link.oci
  peering    = azoci_interconnect.link.peering
  tags       = azoci_interconnect.link.tags
}

check "interconnect_healthy" {
  assert {
    condition     = data.azoci_interconnect_health.link.ok
    error_message = "The interconnect fails a check: ${data.azoci_interconnect_health.link.summary}."
  }
}

output "circuit_id" {
  value = azoci_interconnect.link.circuit_id
}

output "health" {
  value = data.azoci_interconnect_health.link.summary
}
