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

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the container instances (network layer output)."
}

variable "instances_security_group_id" {
  type        = string
  description = "Security group of the container instances (security layer output)."
}

variable "instance_profile_arn" {
  type        = string
  description = "Instance profile of the container instances (security layer output)."
}

variable "instance_types" {
  type        = list(string)
  description = "Instance types of the mixed-instances policy (two or more)."
  default     = ["m6i.large", "m5.large", "m5a.large"]
}

variable "ami_id" {
  type        = string
  description = "Pinned AMI ID; null uses the ECS-optimized AMI from ami_ssm_parameter."
  default     = null
}

variable "ami_ssm_parameter" {
  type        = string
  description = "Public SSM parameter with the ECS-optimized AMI ID (plain string, .../image_id); Amazon Linux 2023 by default."
  default     = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

variable "asg_min_size" {
  type        = number
  description = "Minimum number of container instances."
  default     = 2
}

variable "asg_max_size" {
  type        = number
  description = "Maximum number of container instances."
  default     = 6
}

variable "asg_desired_capacity" {
  type        = number
  description = "Initial number of container instances (the capacity provider owns it afterwards)."
  default     = 2
}

variable "on_demand_base_capacity" {
  type        = number
  description = "On-Demand instances always kept (<= asg_min_size)."
  default     = 1
}

variable "on_demand_percentage_above_base" {
  type        = number
  description = "Percentage of On-Demand above the base (0 = Spot only above the base)."
  default     = 0
}

variable "spot_allocation_strategy" {
  type        = string
  description = "Spot allocation strategy."
  default     = "price-capacity-optimized"
}

variable "capacity_provider_target_capacity" {
  type        = number
  description = "Target utilisation (percent) of the capacity provider's managed scaling."
  default     = 80
}

variable "root_volume_size" {
  type        = number
  description = "Root volume size in GiB (encrypted gp3)."
  default     = 30
}

variable "ebs_kms_key_arn" {
  type        = string
  description = "KMS key for the root volume; null uses the account's default EBS key."
  default     = null
}

variable "container_insights" {
  type        = bool
  description = "Enable Container Insights on the cluster (the running-task alarms need it)."
  default     = true
}
