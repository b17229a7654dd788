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

variable "failed_rollout_seconds" {
  type        = map(number)
  description = "Per service, the longest a rollout the circuit breaker stops keeps failing targets registered (services layer output)."
}
