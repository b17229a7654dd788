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
# Layer inputs (outputs of loadbalancer, compute and services)
# ---------------------------------------------------------------------------------------------------------------------

variable "cluster_name" {
  type        = string
  description = "ECS cluster name (compute layer output)."
}

variable "asg_name" {
  type        = string
  description = "Container-instance Auto Scaling group (compute layer output)."
}

variable "on_demand_base_capacity" {
  type        = number
  description = "On-Demand baseline; the capacity alarm fires below it."
  default     = 1
}

variable "alb_arn_suffix" {
  type        = string
  description = "ALB ARN suffix (loadbalancer layer output)."
}

variable "service_names" {
  type        = map(string)
  description = "ECS service name per service (services layer output)."
}

variable "target_group_arn_suffixes" {
  type        = map(string)
  description = "Target group ARN suffix per service (services layer output)."
}

variable "alarm_email_endpoints" {
  type        = list(string)
  description = "E-mail addresses subscribed to the alarm topic."
  default     = []
}

variable "spot_interruption_threshold" {
  type        = number
  description = "Instances of the ASG taken away by EC2 (Spot reclaims) within 5 minutes that page."
  default     = 3
}

variable "tasks_below_desired_alarm" {
  type        = bool
  description = "Create the running < desired alarm of every service (needs container_insights)."
  default     = true
}

variable "container_insights" {
  type        = bool
  description = "Whether Container Insights is on for the cluster (the compute layer's input of the same name)."
  default     = true
}

variable "instance_warmup_period" {
  type        = number
  description = "The capacity provider's instance warm-up in seconds (compute layer output)."
}
