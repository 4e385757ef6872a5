# A whole estate on one interconnect: a hub VNet with two spokes on Azure
# (VNet peering with gateway transit), the main VCN and two more on the DRG
# on OCI, at maximum resiliency (a circuit at each of Washington DC and
# Washington DC2). The same estate as the library's
# testdata/hub-and-spoke.yaml, with resiliency added.

terraform {
  required_providers {
    azoci = { source = "azoci/azoci" }
  }
}

variable "subscription_id" {
  type    = string
  default = "0b1f6471-1bf0-4dda-aec3-111122223333"
}

variable "compartment_id" {
  type    = string
  default = "ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample"
}

provider "azoci" {
  azure = { subscription_id = var.subscription_id }
  oci   = { config_file = "~/.oci/config", profile = "NETWORK" }
}

resource "azoci_interconnect" "estate" {
  name       = "ora-estate"
  bandwidth  = "2Gbps"
  resiliency = "maximum"

  azure = {
    subscription_id            = var.subscription_id
    resource_group             = "rg-network"
    region                     = "eastus"
    virtual_network            = "vnet-hub"
    preferred_peering_location = "Washington DC"
    spokes = [
      { virtual_network = "vnet-app1", resource_group = "rg-apps" },
      { virtual_network = "vnet-app2", resource_group = "rg-apps" },
    ]
  }

  oci = {
    region         = "us-ashburn-1"
    compartment_id = var.compartment_id
    vcn_id         = "ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn"
    vcns = [
      { vcn_id = "ocid1.vcn.oc1.iad.amaaaaaaexampleexampledb" },
      {
        vcn_id         = "ocid1.vcn.oc1.iad.amaaaaaaexampleexampleanalytics"
        compartment_id = "ocid1.compartment.oc1..aaaaaaaaexampleanalytics"
      },
    ]
  }

  tags = { env = "prod", owner = "network-team" }
}

data "azoci_interconnect_health" "estate" {
  name       = azoci_interconnect.estate.name
  bandwidth  = azoci_interconnect.estate.bandwidth
  resiliency = azoci_interconnect.estate.resiliency
  azure      = azoci_interconnect.estate.azure
  oci        = azoci_interconnect.estate.oci
  peering    = azoci_interconnect.estate.peering
  tags       = azoci_interconnect.estate.tags
}

check "estate_healthy" {
  assert {
    condition     = data.azoci_interconnect_health.estate.ok
    error_message = "The estate fails a check: ${data.azoci_interconnect_health.estate.summary}."
  }
}

output "peering_locations" {
  value = azoci_interconnect.estate.peering_locations
}
