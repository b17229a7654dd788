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
