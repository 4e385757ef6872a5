# The least an interconnect needs, on the real clouds. Azure credentials come
# from DefaultAzureCredential (az login, the environment, a managed
# identity); OCI's from ~/.oci/config, profile DEFAULT. The VNet and the VCN
# must exist; everything else has a default (see ../../README.md).

terraform {
  required_providers {
    azoci = { source = "azoci/azoci" }
  }
}

provider "azoci" {
  azure = { subscription_id = "0b1f6471-1bf0-4dda-aec3-111122223333" }
  oci   = { profile = "DEFAULT" }
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

  # The ExpressRoute gateway takes up to 45 minutes; the default create
  # timeout is 90 minutes.
  timeouts {
    create = "90m"
  }
}

output "service_key" {
  value     = azoci_interconnect.link.service_key
  sensitive = true
}
