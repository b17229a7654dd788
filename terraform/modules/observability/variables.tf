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
  description = "Instances of the ASG taken away by EC2 (Spot reclaims, or terminated or stopped by hand) within 5 minutes that count as a surge (page)."
  default     = 3

  validation {
    condition     = var.spot_interruption_threshold >= 1 && floor(var.spot_interruption_threshold) == var.spot_interruption_threshold
    error_message = "spot_interruption_threshold must be a whole number >= 1."
  }
}

variable "event_log_retention_days" {
  type        = number
  description = "Days the log group /aws/events/<name_prefix> keeps the events the rules matched (for the runbooks)."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.event_log_retention_days)
    error_message = "event_log_retention_days must be one of the CloudWatch Logs retention values (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

# ---- tasks-below-desired -------------------------------------------------------------------------------------------

variable "tasks_below_desired_alarm" {
  type        = bool
  description = "Create the running < desired alarm of every service (it reads Container Insights; see container_insights)."
  default     = true
}

variable "container_insights" {
  type        = bool
  description = "Whether Container Insights is on for the cluster (compute layer input): the running < desired alarm reads its metrics."
  default     = true

  validation {
    condition     = var.container_insights || !var.tasks_below_desired_alarm
    error_message = "container_insights is false while tasks_below_desired_alarm is true: the tasks-below-desired alarm reads Container Insights' RunningTaskCount and DesiredTaskCount, and without them it would page for missing data. Turn Container Insights on, or set tasks_below_desired_alarm = false."
  }
}

variable "instance_warmup_period" {
  type        = number
  description = "The capacity provider's instance_warmup_period in seconds (compute layer output): part of the window a scale-out through new instances needs before running < desired may page."

  validation {
    condition     = var.instance_warmup_period >= 0 && var.instance_warmup_period <= 10000 && floor(var.instance_warmup_period) == var.instance_warmup_period
    error_message = "The capacity provider's instance_warmup_period must be a whole number of seconds between 0 and 10000."
  }
}

variable "failed_rollout_seconds" {
  type        = map(number)
  description = "Per service (the keys of target_group_arn_suffixes), the longest a rollout the deployment circuit breaker stops keeps failing targets registered, in seconds (services layer output): the unhealthy-hosts alarm waits longer, so a failed rollout pages once (deployment-failed)."

  validation {
    condition     = alltrue([for s in values(var.failed_rollout_seconds) : s >= 0 && s <= 86400 && floor(s) == s])
    error_message = "failed_rollout_seconds values must be whole numbers of seconds between 0 and 86400."
  }

  validation {
    condition     = alltrue([for k in keys(var.target_group_arn_suffixes) : contains(keys(var.failed_rollout_seconds), k)])
    error_message = "failed_rollout_seconds needs a value for every service in target_group_arn_suffixes."
  }
}

variable "task_start_seconds" {
  type        = number
  description = "Seconds a task needs on a new instance from placement to RUNNING (image pull with an empty cache, container start); part of the running < desired window."
  default     = 120

  validation {
    condition     = var.task_start_seconds >= 30 && var.task_start_seconds <= 3600 && floor(var.task_start_seconds) == var.task_start_seconds
    error_message = "task_start_seconds must be a whole number between 30 and 3600."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the resources of this module (on top of the provider's default_tags)."
  default     = {}
}
