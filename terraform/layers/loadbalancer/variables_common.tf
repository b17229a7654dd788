# Generated from terraform/common/variables_common.tf by tools/sync_layer_variables.py: edit that file, then run the tool.
# Variables every layer declares: one source, copied into each layer as terraform/layers/<layer>/variables_common.tf
# by tools/sync_layer_variables.py (Terraform has no include; tests/foundation checks the copies). docs/layers.md.

variable "environment" {
  type        = string
  description = "Environment name: local, dev, staging, prod, ..."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "project" {
  type        = string
  description = "Project name, the prefix of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "owner" {
  type        = string
  description = "Team that owns the deployment (Owner tag)."

  validation {
    condition     = can(regex("^[A-Za-z0-9 _.:/=+@-]{1,64}$", var.owner))
    error_message = "owner must be 1-64 characters valid in a tag value (letters, digits, spaces and _ . : / = + - @)."
  }
}

variable "aws_region" {
  type        = string
  description = "AWS region to deploy to, e.g. us-east-1."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be a region name such as us-east-1 or eu-west-3."
  }
}

variable "aws_account_id" {
  type        = string
  description = "12-digit ID of the only AWS account this layer may touch (the provider refuses any other)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be exactly 12 digits."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags merged into the provider's default_tags."
  default     = {}

  validation {
    condition = alltrue([
      for k, v in var.tags :
      length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")
    ])
    error_message = "tags keys must be 1-128 characters and not start with 'aws:'; values at most 256 characters."
  }
}
