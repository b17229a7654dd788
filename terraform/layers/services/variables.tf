# ---------------------------------------------------------------------------------------------------------------------
# Layer inputs: where the services run (outputs of network, security, loadbalancer, compute)
# ---------------------------------------------------------------------------------------------------------------------

variable "cluster_name" {
  type        = string
  description = "ECS cluster name (compute layer output)."
}

variable "cluster_arn" {
  type        = string
  description = "ECS cluster ARN (compute layer output)."
}

variable "capacity_provider_name" {
  type        = string
  description = "Capacity provider of the cluster (compute layer output)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the target groups (network layer output)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the task ENIs (network layer output)."
}

variable "tasks_security_group_id" {
  type        = string
  description = "Security group of the tasks (security layer output)."
}

variable "https_listener_arn" {
  type        = string
  description = "HTTPS listener of the ALB (loadbalancer layer output)."
}

variable "execution_role_arns" {
  type        = map(string)
  description = "Task execution role ARN per service name (security layer output)."
}

variable "task_role_arns" {
  type        = map(string)
  description = "Task role ARN per service name (security layer output)."
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key for the service log groups; null uses CloudWatch Logs' own encryption."
  default     = null
}

variable "on_demand_base_capacity" {
  type        = number
  description = "On-Demand baseline of the cluster (compute input); 0 means every task may run on Spot (warned)."
  default     = 1
}

# ---------------------------------------------------------------------------------------------------------------------
# The services (docs/layers.md; readonly_root_filesystem and user are optional extensions)
# ---------------------------------------------------------------------------------------------------------------------

variable "services" {
  type = list(object({
    name                     = string
    image                    = string
    container_port           = number
    cpu                      = number
    memory                   = number
    desired_count            = number
    min_count                = number
    max_count                = number
    listener_priority        = number
    health_check_path        = optional(string, "/health")
    health_check_matcher     = optional(string, "200")
    path_patterns            = optional(list(string), ["/*"])
    host_headers             = optional(list(string), [])
    environment              = optional(map(string), {})
    secrets                  = optional(list(object({ name = string, value_from = string })), [])
    cpu_target               = optional(number, 60)
    memory_target            = optional(number, 70)
    scheduled_scaling        = optional(list(object({ name = string, schedule = string, min_count = number, max_count = number })), [])
    log_retention_days       = optional(number, 30)
    readonly_root_filesystem = optional(bool, true)
    user                     = optional(string)
  }))
  description = "Services to run on the cluster, one ECS service each (see docs/layers.md)."

  validation {
    condition     = length(var.services) >= 1
    error_message = "services must hold at least one service."
  }

  validation {
    condition     = alltrue([for s in var.services : can(regex("^[a-z][a-z0-9-]{1,30}$", s.name))]) && length(distinct([for s in var.services : s.name])) == length(var.services)
    error_message = "Service names must be unique and match ^[a-z][a-z0-9-]{1,30}$."
  }

  validation {
    condition     = alltrue([for s in var.services : length(trimspace(s.image)) > 0])
    error_message = "Every service needs an image."
  }

  validation {
    condition     = alltrue([for s in var.services : s.container_port >= 1 && s.container_port <= 65535 && floor(s.container_port) == s.container_port])
    error_message = "container_port must be a whole number between 1 and 65535."
  }

  validation {
    condition     = alltrue([for s in var.services : s.cpu >= 128 && s.cpu <= 196608 && s.memory >= 128 && s.memory <= 1048576 && floor(s.cpu) == s.cpu && floor(s.memory) == s.memory])
    error_message = "cpu must be 128-196608 CPU units and memory 128-1048576 MiB (whole numbers)."
  }

  validation {
    condition     = alltrue([for s in var.services : s.min_count >= 0 && s.min_count <= s.desired_count && s.desired_count <= s.max_count])
    error_message = "Every service needs 0 <= min_count <= desired_count <= max_count."
  }

  validation {
    condition     = alltrue([for s in var.services : s.listener_priority >= 1 && s.listener_priority <= 50000]) && length(distinct([for s in var.services : s.listener_priority])) == length(var.services)
    error_message = "listener_priority must be unique across services and between 1 and 50000."
  }

  validation {
    condition = alltrue(flatten([for s in var.services : [
      for x in s.secrets : can(regex("^arn:aws[a-z-]*:(ssm:[a-z0-9-]+:[0-9]{12}:parameter/|secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)[^*?]+$", x.value_from))
    ]]))
    error_message = "Every secrets value_from must be the full ARN of an SSM parameter or a Secrets Manager secret, without wildcards (never a value)."
  }

  validation {
    condition = alltrue([for s in var.services :
      alltrue([for k in concat(keys(s.environment), [for x in s.secrets : x.name]) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))]) &&
      length(distinct(concat(keys(s.environment), [for x in s.secrets : x.name]))) == length(s.environment) + length(s.secrets)
    ])
    error_message = "environment keys and secrets names must be unique variable names like DB_HOST."
  }

  validation {
    condition     = alltrue(flatten([for s in var.services : [for k in keys(s.environment) : !can(regex("(?i)(password|passwd|secret|token|private_?key|api_?key)", k))]]))
    error_message = "An environment key looks like a secret (PASSWORD/SECRET/TOKEN/KEY): pass it through secrets as an ARN."
  }

  validation {
    condition     = alltrue([for s in var.services : s.user == null || (can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$", coalesce(s.user, "-"))) && !contains(["0", "root"], split(":", coalesce(s.user, "-"))[0]))])
    error_message = "user must be a non-root user or uid, optionally with a group (65534, 65534:65534, app:app); omit it to use the image's USER."
  }

  validation {
    condition     = alltrue([for s in var.services : s.cpu_target >= 10 && s.cpu_target <= 95 && s.memory_target >= 10 && s.memory_target <= 95])
    error_message = "cpu_target and memory_target must be percentages between 10 and 95."
  }

  validation {
    condition     = alltrue([for s in var.services : contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], s.log_retention_days)])
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }

  validation {
    condition = alltrue([for s in var.services :
      length(s.path_patterns) >= 1 && length(s.path_patterns) + length(s.host_headers) <= 5 &&
      startswith(s.health_check_path, "/") && can(regex("^[0-9]{3}([,-][0-9]{3})*$", s.health_check_matcher))
    ])
    error_message = "Each service needs 1-5 path_patterns + host_headers, a health_check_path starting with / and a matcher like 200 or 200-299."
  }

  validation {
    condition = alltrue([for s in var.services :
      alltrue([for a in s.scheduled_scaling : can(regex("^[A-Za-z0-9-]{1,64}$", a.name)) && can(regex("^(cron|rate|at)\\(.+\\)$", a.schedule)) && a.min_count >= 0 && a.min_count <= a.max_count]) &&
      length(distinct([for a in s.scheduled_scaling : a.name])) == length(s.scheduled_scaling)
    ])
    error_message = "scheduled_scaling entries need unique names, a cron(...)/rate(...)/at(...) schedule and 0 <= min_count <= max_count."
  }
}
