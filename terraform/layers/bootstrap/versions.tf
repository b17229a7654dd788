terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }

  # Partial configuration: the orchestrator passes bucket, key, region, dynamodb_table, use_lockfile,
  # encrypt (and use_path_style for the emulator) with -backend-config.
  backend "s3" {}
}
