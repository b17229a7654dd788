# =====================================================================================================
# Common variables (every layer)
# =====================================================================================================

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

# =====================================================================================================
# Layer inputs (validated by the security module)
# =====================================================================================================

variable "vpc_id" {
  type        = string
  description = "ID of the VPC (output vpc_id of the network layer)."
}

# The full service object, so the orchestrator can pass the same list to this layer and to services.
variable "services" {
  type = list(object({
    name                 = string
    image                = string
    container_port       = number
    cpu                  = number
    memory               = number
    desired_count        = number
    min_count            = number
    max_count            = number
    listener_priority    = number
    health_check_path    = optional(string, "/health")
    health_check_matcher = optional(string, "200")
    path_patterns        = optional(list(string), ["/*"])
    host_headers         = optional(list(string), [])
    environment          = optional(map(string), {})
    secrets              = optional(list(object({ name = string, value_from = string })), [])
    cpu_target           = optional(number, 60)
    memory_target        = optional(number, 70)
    scheduled_scaling    = optional(list(object({ name = string, schedule = string, min_count = number, max_count = number })), [])
    log_retention_days   = optional(number, 30)
    secret_kms_key_arns  = optional(list(string))
  }))
  description = "ECS services; this layer uses name, container_port, secrets (ARNs only) and secret_kms_key_arns (the keys of that service's own secrets)."
}

variable "secret_kms_key_arns" {
  type        = list(string)
  description = "KMS key ARNs shared by every service's secrets; the execution role of a service without its own secret_kms_key_arns gets kms:Decrypt on exactly these."
  default     = []
}
