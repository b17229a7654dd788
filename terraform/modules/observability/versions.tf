terraform {
  # Floors and where they come from: docs/layers.md, "Version floors". The layers' .terraform.lock.hcl pins the
  # tested provider release.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.77, < 6.0"
    }
  }
}
