# ---------------------------------------------------------------------------------------------------------------------
# The service (same object as docs/layers.md, one element of var.services)
# ---------------------------------------------------------------------------------------------------------------------

variable "service" {
  type = object({
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
  })
  description = "The service to run: image, port, size, counts, routing, environment, secret ARNs and scaling (see docs/layers.md)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.service.name))
    error_message = "service.name must match ^[a-z][a-z0-9-]{1,30}$."
  }

  validation {
    condition     = var.service.container_port >= 1 && var.service.container_port <= 65535 && floor(var.service.container_port) == var.service.container_port
    error_message = "service.container_port must be a whole number between 1 and 65535."
  }

  validation {
    condition     = var.service.cpu >= 128 && var.service.cpu <= 196608 && var.service.memory >= 128 && var.service.memory <= 1048576
    error_message = "service.cpu must be 128-196608 CPU units and service.memory 128-1048576 MiB."
  }

  validation {
    condition     = var.service.min_count >= 0 && var.service.min_count <= var.service.desired_count && var.service.desired_count <= var.service.max_count
    error_message = "service counts must satisfy 0 <= min_count <= desired_count <= max_count."
  }

  validation {
    condition     = var.service.listener_priority >= 1 && var.service.listener_priority <= 50000 && floor(var.service.listener_priority) == var.service.listener_priority
    error_message = "service.listener_priority must be a whole number between 1 and 50000."
  }

  validation {
    condition     = alltrue([for s in var.service.secrets : can(regex("^arn:aws[a-z-]*:(ssm:[a-z0-9-]+:[0-9]{12}:parameter/|secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)[^*?]+$", s.value_from))])
    error_message = "Every service.secrets value_from must be the full ARN of an SSM parameter or a Secrets Manager secret, without wildcards."
  }

  validation {
    condition     = alltrue([for k in concat(keys(var.service.environment), [for s in var.service.secrets : s.name]) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))]) && length(distinct(concat(keys(var.service.environment), [for s in var.service.secrets : s.name]))) == length(var.service.environment) + length(var.service.secrets)
    error_message = "service.environment keys and service.secrets names must be unique variable names like DB_HOST."
  }

  validation {
    condition     = alltrue([for k in keys(var.service.environment) : !can(regex("(?i)(password|passwd|secret|token|private_?key|api_?key)", k))])
    error_message = "service.environment looks like it holds a secret (PASSWORD/SECRET/TOKEN/KEY): pass it through service.secrets as an ARN."
  }

  validation {
    condition     = var.service.user == null || (can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$", coalesce(var.service.user, "-"))) && !contains(["0", "root"], split(":", coalesce(var.service.user, "-"))[0]))
    error_message = "service.user must be a non-root user or uid, optionally with a group (65534, 65534:65534, app:app); omit it to use the image's USER."
  }

  validation {
    condition     = var.service.cpu_target >= 10 && var.service.cpu_target <= 95 && var.service.memory_target >= 10 && var.service.memory_target <= 95
    error_message = "service.cpu_target and service.memory_target must be percentages between 10 and 95."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.service.log_retention_days)
    error_message = "service.log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }

  validation {
    condition     = length(var.service.path_patterns) >= 1 && length(var.service.path_patterns) + length(var.service.host_headers) <= 5 && startswith(var.service.health_check_path, "/") && can(regex("^[0-9]{3}([,-][0-9]{3})*$", var.service.health_check_matcher))
    error_message = "service needs 1-5 path_patterns + host_headers in total, a health_check_path starting with / and a matcher like 200 or 200-299."
  }

  validation {
    condition = alltrue([for a in var.service.scheduled_scaling :
      can(regex("^[A-Za-z0-9-]{1,64}$", a.name)) && can(regex("^(cron|rate|at)\\(.+\\)$", a.schedule)) && a.min_count >= 0 && a.min_count <= a.max_count
    ]) && length(distinct([for a in var.service.scheduled_scaling : a.name])) == length(var.service.scheduled_scaling)
    error_message = "service.scheduled_scaling entries need unique names, a cron(...)/rate(...)/at(...) schedule and 0 <= min_count <= max_count."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Where it runs
# ---------------------------------------------------------------------------------------------------------------------

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
  description = "Name of the ECS cluster (part of the autoscaling resource ID)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "cluster_arn" {
  type        = string
  description = "ARN of the ECS cluster the service runs in."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN: arn:aws:ecs:<region>:<account>:cluster/<name>."
  }
}

variable "capacity_provider_name" {
  type        = string
  description = "Capacity provider the service places its tasks with."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.capacity_provider_name))
    error_message = "capacity_provider_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the target group."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the task ENIs (awsvpc)."

  validation {
    condition     = length(var.private_subnet_ids) >= 1 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must hold IDs like subnet-0123456789abcdef0."
  }
}

variable "tasks_security_group_id" {
  type        = string
  description = "Security group of the task ENIs (ingress only from the ALB)."

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.tasks_security_group_id))
    error_message = "tasks_security_group_id must look like sg-0123456789abcdef0."
  }
}

variable "https_listener_arn" {
  type        = string
  description = "HTTPS listener the service's listener rule is attached to."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/", var.https_listener_arn))
    error_message = "https_listener_arn must be an ALB listener ARN (arn:aws:elasticloadbalancing:...:listener/app/...)."
  }
}

variable "execution_role_arn" {
  type        = string
  description = "Task execution role (pulls the image, writes logs, reads exactly this service's secrets)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", var.execution_role_arn))
    error_message = "execution_role_arn must be an IAM role ARN."
  }
}

variable "task_role_arn" {
  type        = string
  description = "Task role (what the application itself may call)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", var.task_role_arn))
    error_message = "task_role_arn must be an IAM role ARN."
  }
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting the log group; null uses CloudWatch Logs' own encryption."
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN: arn:aws:kms:<region>:<account>:key/<id>."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the resources of this module (on top of the provider's default_tags)."
  default     = {}
}
