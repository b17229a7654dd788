terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# Endpoint and credentials come from the environment (AWS_ENDPOINT_URL & co.), as for real AWS.
provider "aws" {
  region = var.region
}
