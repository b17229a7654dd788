variable "name_prefix" {
  type        = string
  description = "Prefix of resource names, usually \"<project>-<environment>\"."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-40 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen."
  }
}

variable "cluster_name" {
  type        = string
  description = "Name of the ECS cluster watched by the alarms and the deployment-failure rule."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "asg_name" {
  type        = string
  description = "Name of the container-instance Auto Scaling group (its GroupInServiceInstances is watched)."

  validation {
    condition     = length(var.asg_name) >= 1 && length(var.asg_name) <= 255
    error_message = "asg_name must be 1-255 characters."
  }
}

variable "on_demand_base_capacity" {
  type        = number
  description = "On-Demand baseline of the ASG; the capacity alarm fires when fewer instances are in service."

  validation {
    condition     = var.on_demand_base_capacity >= 0 && floor(var.on_demand_base_capacity) == var.on_demand_base_capacity
    error_message = "on_demand_base_capacity must be a whole number >= 0."
  }
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the ALB (app/<name>/<id>), the LoadBalancer dimension of the target-group alarms."

  validation {
    condition     = can(regex("^app/[A-Za-z0-9-]+/[0-9a-zA-Z]+$", var.alb_arn_suffix))
    error_message = "alb_arn_suffix must look like app/<name>/<id>."
  }
}

variable "service_names" {
  type        = map(string)
  description = "ECS services to watch: key => service name (the services layer's service_names output)."
  default     = {}
}

variable "target_group_arn_suffixes" {
  type        = map(string)
  description = "Target groups to watch: key => ARN suffix targetgroup/<name>/<id> (the services layer output)."
  default     = {}

  validation {
    condition     = alltrue([for s in values(var.target_group_arn_suffixes) : can(regex("^targetgroup/[A-Za-z0-9-]+/[0-9a-zA-Z]+$", s))])
    error_message = "Every target_group_arn_suffixes value must look like targetgroup/<name>/<id>."
  }
}

variable "alarm_email_endpoints" {
  type        = list(string)
  description = "E-mail addresses subscribed to the alarm topic (each must confirm the subscription)."
  default     = []

  validation {
    condition     = alltrue([for e in var.alarm_email_endpoints : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Every alarm_email_endpoints entry must be an e-mail address like oncall@example.com."
  }
}

variable "spot_interruption_threshold" {
  type        = number
  description = "Spot interruption warnings within 5 minutes that count as a surge (page)."
  default     = 3

  validation {
    condition     = var.spot_interruption_threshold >= 1 && floor(var.spot_interruption_threshold) == var.spot_interruption_threshold
    error_message = "spot_interruption_threshold must be a whole number >= 1."
  }
}

variable "running_tasks_evaluation_periods" {
  type        = number
  description = "One-minute periods (all breaching) before the running < desired alarm fires."
  default     = 3

  validation {
    condition     = var.running_tasks_evaluation_periods >= 1 && var.running_tasks_evaluation_periods <= 60
    error_message = "running_tasks_evaluation_periods must be between 1 and 60."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the resources of this module (on top of the provider's default_tags)."
  default     = {}
}
