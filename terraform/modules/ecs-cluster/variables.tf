# ---------------------------------------------------------------------------------------------------------------------
# Naming and placement
# ---------------------------------------------------------------------------------------------------------------------

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, usually \"<project>-<environment>\" (lowercase letters, digits, hyphens)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-40 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the Auto Scaling group, one per Availability Zone (at least two)."

  validation {
    condition     = length(distinct(var.private_subnet_ids)) >= 2 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must hold at least two distinct IDs like subnet-0123456789abcdef0."
  }
}

variable "instances_security_group_id" {
  type        = string
  description = "Security group of the container instances (no ingress)."

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.instances_security_group_id))
    error_message = "instances_security_group_id must look like sg-0123456789abcdef0."
  }
}

variable "instance_profile_arn" {
  type        = string
  description = "ARN of the IAM instance profile of the container instances."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/[\\w+=,.@/-]+$", var.instance_profile_arn))
    error_message = "instance_profile_arn must be an IAM instance profile ARN: arn:aws:iam::<account>:instance-profile/<name>."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------------------------------------------------

variable "instance_types" {
  type        = list(string)
  description = "Instance types of the mixed-instances policy; two or more so Spot can pick from several pools."

  validation {
    condition     = length(distinct(var.instance_types)) >= 2
    error_message = "instance_types must hold at least two distinct instance types (Spot diversification)."
  }

  validation {
    condition     = alltrue([for t in var.instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t))])
    error_message = "Every instance_types entry must look like <family>.<size>, e.g. m6i.large."
  }
}

variable "ami_id" {
  type        = string
  description = "AMI of the container instances; null uses the ECS-optimized AMI published in ami_ssm_parameter."
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be null or look like ami-0123456789abcdef0."
  }
}

variable "ami_ssm_parameter" {
  type        = string
  description = "Public SSM parameter holding the ECS-optimized AMI ID (a plain string: use an .../image_id parameter). Amazon Linux 2023 by default; the Amazon Linux 2 image reached end of support on 2026-06-30."
  default     = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"

  validation {
    condition     = startswith(var.ami_ssm_parameter, "/aws/service/") && endswith(var.ami_ssm_parameter, "/image_id")
    error_message = "ami_ssm_parameter must be a public /aws/service/... parameter ending in /image_id (a plain AMI ID string)."
  }
}

variable "root_volume_size" {
  type        = number
  description = "Size of the encrypted gp3 root volume, in GiB (30-16384; the ECS-optimized AMI needs 30)."
  default     = 30

  validation {
    condition     = var.root_volume_size >= 30 && var.root_volume_size <= 16384 && floor(var.root_volume_size) == var.root_volume_size
    error_message = "root_volume_size must be a whole number of GiB between 30 and 16384."
  }
}

variable "ebs_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting the root volume; null uses the account's default EBS key (still encrypted)."
  default     = null

  validation {
    condition     = var.ebs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.ebs_kms_key_arn))
    error_message = "ebs_kms_key_arn must be null or a KMS key ARN: arn:aws:kms:<region>:<account>:key/<id>."
  }
}

variable "container_stop_timeout" {
  type        = string
  description = "ECS_CONTAINER_STOP_TIMEOUT of the agent: time a container gets after SIGTERM (e.g. 30s, 2m)."
  default     = "30s"

  validation {
    condition     = can(regex("^[0-9]+(s|m)$", var.container_stop_timeout))
    error_message = "container_stop_timeout must be a duration like 30s or 2m."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Auto Scaling group and capacity provider
# ---------------------------------------------------------------------------------------------------------------------

variable "asg_min_size" {
  type        = number
  description = "Minimum number of instances (>= on_demand_base_capacity)."
  default     = 2

  validation {
    condition     = var.asg_min_size >= 0 && floor(var.asg_min_size) == var.asg_min_size
    error_message = "asg_min_size must be a whole number >= 0."
  }
}

variable "asg_max_size" {
  type        = number
  description = "Maximum number of instances (>= asg_desired_capacity, >= 1)."
  default     = 6

  validation {
    condition     = var.asg_max_size >= 1 && floor(var.asg_max_size) == var.asg_max_size
    error_message = "asg_max_size must be a whole number >= 1."
  }
}

variable "asg_desired_capacity" {
  type        = number
  description = "Initial number of instances (min <= desired <= max); afterwards the capacity provider owns it."
  default     = 2

  validation {
    condition     = var.asg_desired_capacity >= 0 && floor(var.asg_desired_capacity) == var.asg_desired_capacity
    error_message = "asg_desired_capacity must be a whole number >= 0."
  }
}

variable "on_demand_base_capacity" {
  type        = number
  description = "Number of On-Demand instances always kept (the availability floor); must be <= asg_min_size."
  default     = 1

  validation {
    condition     = var.on_demand_base_capacity >= 0 && floor(var.on_demand_base_capacity) == var.on_demand_base_capacity
    error_message = "on_demand_base_capacity must be a whole number >= 0."
  }
}

variable "on_demand_percentage_above_base" {
  type        = number
  description = "Percentage of On-Demand instances above the base (0 = everything above the base is Spot)."
  default     = 0

  validation {
    condition     = var.on_demand_percentage_above_base >= 0 && var.on_demand_percentage_above_base <= 100 && floor(var.on_demand_percentage_above_base) == var.on_demand_percentage_above_base
    error_message = "on_demand_percentage_above_base must be a whole number between 0 and 100."
  }
}

variable "spot_allocation_strategy" {
  type        = string
  description = "Spot allocation strategy of the mixed-instances policy."
  default     = "price-capacity-optimized"

  validation {
    condition     = contains(["price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"], var.spot_allocation_strategy)
    error_message = "spot_allocation_strategy must be price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized or lowest-price."
  }
}

variable "capacity_provider_target_capacity" {
  type        = number
  description = "Target utilisation (percent) of the capacity provider's managed scaling (1-100)."
  default     = 80

  validation {
    condition     = var.capacity_provider_target_capacity >= 1 && var.capacity_provider_target_capacity <= 100 && floor(var.capacity_provider_target_capacity) == var.capacity_provider_target_capacity
    error_message = "capacity_provider_target_capacity must be a whole number between 1 and 100."
  }
}

variable "minimum_scaling_step_size" {
  type        = number
  description = "Fewest instances managed scaling adds or removes at a time (1-10000)."
  default     = 1

  validation {
    condition     = var.minimum_scaling_step_size >= 1 && var.minimum_scaling_step_size <= 10000
    error_message = "minimum_scaling_step_size must be between 1 and 10000."
  }
}

variable "maximum_scaling_step_size" {
  type        = number
  description = "Most instances managed scaling adds or removes at a time (1-10000, >= minimum_scaling_step_size)."
  default     = 4

  validation {
    condition     = var.maximum_scaling_step_size >= 1 && var.maximum_scaling_step_size <= 10000
    error_message = "maximum_scaling_step_size must be between 1 and 10000."
  }
}

variable "instance_warmup_period" {
  type        = number
  description = "Seconds a new instance needs before its metrics count for managed scaling (0-10000)."
  default     = 300

  validation {
    condition     = var.instance_warmup_period >= 0 && var.instance_warmup_period <= 10000
    error_message = "instance_warmup_period must be between 0 and 10000 seconds."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------------------------------------

variable "container_insights" {
  type        = bool
  description = "Enable CloudWatch Container Insights on the cluster (the running-task alarms need it)."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the resources of this module (on top of the provider's default_tags)."
  default     = {}
}
