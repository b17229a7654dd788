# ---------------------------------------------------------------------------------------------------------------------
# Common to every layer (docs/layers.md)
# ---------------------------------------------------------------------------------------------------------------------

variable "environment" {
  type        = string
  description = "Deployment environment, e.g. local, dev, staging, prod."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "project" {
  type        = string
  description = "Project name, the prefix of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "owner" {
  type        = string
  description = "Team that owns the deployment (Owner tag)."

  validation {
    condition     = length(trimspace(var.owner)) > 0 && length(var.owner) <= 256
    error_message = "owner must be a non-empty tag value of at most 256 characters."
  }
}

variable "aws_region" {
  type        = string
  description = "AWS region, e.g. us-east-1."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like us-east-1."
  }
}

variable "aws_account_id" {
  type        = string
  description = "The only AWS account this layer may touch (12 digits)."

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
    condition     = alltrue([for k, v in var.tags : length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])
    error_message = "tags keys must be <= 128 characters and not start with aws:, values <= 256 characters."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Layer inputs
# ---------------------------------------------------------------------------------------------------------------------

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer (network layer output); the ALB itself follows its subnets."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets of the ALB, at least two in different AZs (network layer output)."

  validation {
    condition     = length(distinct(var.public_subnet_ids)) >= 2
    error_message = "public_subnet_ids must hold at least two distinct subnets."
  }
}

variable "alb_security_group_id" {
  type        = string
  description = "Security group of the ALB (security layer output)."

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.alb_security_group_id))
    error_message = "alb_security_group_id must look like sg-0123456789abcdef0."
  }
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate ARN served by the HTTPS listener."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>."
  }
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "ssl_policy must be ELBSecurityPolicy-TLS13-* (preferred) or ELBSecurityPolicy-FS-1-2-*."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "ALB deletion protection (true outside throwaway environments)."
  default     = true
}

variable "idle_timeout" {
  type        = number
  description = "ALB idle timeout in seconds (1-4000)."
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be between 1 and 4000 seconds."
  }
}

variable "access_logs_bucket" {
  type        = string
  description = "S3 bucket for ALB access logs; null disables them."
  default     = null
}

variable "domain_name" {
  type        = string
  description = "Domain the ALB serves: the name of the alias record when route53_zone_id is set (validated by the alb module)."
  default     = null
}

variable "route53_zone_id" {
  type        = string
  description = "Existing Route 53 hosted zone that gets an A alias record of domain_name to the ALB; null creates no record."
  default     = null
}
