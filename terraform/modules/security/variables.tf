variable "project" {
  type        = string
  description = "Project name, the first part of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name (local, dev, staging, prod, ...), the second part of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC the security groups belong to (output vpc_id of the network layer)."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as vpc-0123456789abcdef0."
  }
}

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
  description = "ECS services (the same list the services layer takes). This module uses name, container_port, secrets and secret_kms_key_arns: one execution role and one task role per service, and task ingress on each container_port. secret_kms_key_arns (optional) lists the customer-managed KMS keys of that service's own secrets; when set (even to []) it replaces var.secret_kms_key_arns for that service."
  default     = []

  validation {
    condition     = alltrue([for s in var.services : can(regex("^[a-z][a-z0-9-]{1,30}$", s.name))])
    error_message = "Every service name must match ^[a-z][a-z0-9-]{1,30}$ (2-31 characters, lowercase letters, digits and '-', starting with a letter)."
  }

  validation {
    condition     = length(distinct([for s in var.services : s.name])) == length(var.services)
    error_message = "Service names must be unique."
  }

  validation {
    condition     = alltrue([for s in var.services : s.container_port >= 1 && s.container_port <= 65535 && floor(s.container_port) == s.container_port])
    error_message = "Every container_port must be a whole number between 1 and 65535."
  }

  validation {
    condition = alltrue(flatten([for s in var.services : [for sec in s.secrets : (
      can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9_.\\-/]+$", sec.value_from)) ||
      can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:*?]*:[^:*?]*:[^:*?]*)?$", sec.value_from))
    )]]))
    error_message = "Every secrets[].value_from must be the full ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>) or of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]); wildcards are not allowed."
  }

  validation {
    condition = alltrue(flatten([for s in var.services : [
      for k in coalesce(s.secret_kms_key_arns, []) : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", k))
    ]]))
    error_message = "Every services[].secret_kms_key_arns entry must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key-id> (no aliases, no wildcards)."
  }

  validation {
    condition     = alltrue(flatten([for s in var.services : [for sec in s.secrets : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", sec.name))]]))
    error_message = "Every secrets[].name must be an environment variable name (letters, digits and '_', not starting with a digit)."
  }

  validation {
    condition     = alltrue([for s in var.services : length(distinct([for sec in s.secrets : sec.name])) == length(s.secrets)])
    error_message = "Secret names must be unique within a service."
  }
}

variable "secret_kms_key_arns" {
  type        = list(string)
  description = "ARNs of customer-managed KMS keys shared by the secrets of every service: the execution role of each service with secrets and without its own services[].secret_kms_key_arns gets kms:Decrypt on exactly these keys (through SSM / Secrets Manager only). Empty for AWS-managed keys. Prefer the per-service list so a role gets only the keys of its own secrets."
  default     = []

  validation {
    condition     = alltrue([for k in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", k))])
    error_message = "Every entry of secret_kms_key_arns must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key-id> (no aliases, no wildcards)."
  }
}

variable "alb_ingress_cidr_blocks" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach the ALB on ports 80 and 443."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidr_blocks) > 0 && alltrue([for c in var.alb_ingress_cidr_blocks : can(cidrhost(c, 0)) && !strcontains(c, ":")])
    error_message = "alb_ingress_cidr_blocks must list at least one valid IPv4 CIDR block, e.g. 0.0.0.0/0."
  }
}

variable "alb_ingress_ipv6" {
  type        = bool
  description = "Also allow ::/0 to reach the ALB on ports 80 and 443 (for a dual-stack ALB)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource of the module (the provider's default_tags apply as well)."
  default     = {}
}
