variable "name" {
  type        = string
  description = "Name of the load balancer (1-32 characters: letters, digits, hyphens; no leading or trailing hyphen)."

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", var.name))
    error_message = "name must be 1-32 letters, digits or hyphens and must not start or end with a hyphen (AWS ALB limit)."
  }
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnet IDs, at least two in different Availability Zones."

  validation {
    condition     = length(distinct(var.public_subnet_ids)) >= 2
    error_message = "public_subnet_ids must hold at least two distinct subnets (an ALB needs two Availability Zones)."
  }

  validation {
    condition     = alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "Every public_subnet_ids entry must look like subnet-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the load balancer (the ALB SG of the security layer)."

  validation {
    condition     = length(var.security_group_ids) >= 1 && alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", s))])
    error_message = "security_group_ids must hold at least one ID like sg-0123456789abcdef0."
  }
}

variable "certificate_arn" {
  type        = string
  description = "ARN of the ACM certificate served by the HTTPS listener."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>."
  }
}

variable "ssl_policy" {
  type        = string
  description = "TLS security policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "ssl_policy must be a TLS 1.2+ policy: ELBSecurityPolicy-TLS13-* (preferred) or ELBSecurityPolicy-FS-1-2-*."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Enable ALB deletion protection (keep true outside throwaway environments)."
  default     = true
}

variable "idle_timeout" {
  type        = number
  description = "Idle connection timeout of the ALB, in seconds (1-4000)."
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000 && floor(var.idle_timeout) == var.idle_timeout
    error_message = "idle_timeout must be a whole number of seconds between 1 and 4000."
  }
}

variable "access_logs_bucket" {
  type        = string
  description = "S3 bucket receiving ALB access logs; null disables access logging."
  default     = null

  validation {
    condition     = var.access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be null or a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "access_logs_prefix" {
  type        = string
  description = "Key prefix of the access logs inside access_logs_bucket."
  default     = "alb"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the resources of this module (on top of the provider's default_tags)."
  default     = {}
}

variable "route53_zone_id" {
  type        = string
  description = "ID of an existing Route 53 hosted zone that gets an A alias record of domain_name to the ALB; null creates no record."
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^[A-Z0-9]{1,32}$", var.route53_zone_id))
    error_message = "route53_zone_id must be null or a hosted zone ID such as Z0123456789ABCDEFGHIJ (without /hostedzone/)."
  }
}

variable "domain_name" {
  type        = string
  description = "Name of the alias record (the domain the ALB serves, inside the hosted zone); needed with route53_zone_id."
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.domain_name))
    error_message = "domain_name must be null or a lowercase DNS name such as shop.example.com (no trailing dot, no wildcard)."
  }

  validation {
    condition     = var.route53_zone_id == null || var.domain_name != null
    error_message = "domain_name is needed when route53_zone_id is set: it is the name of the alias record."
  }
}
