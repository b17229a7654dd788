# Input validation lives in the module; errors name the module variable that rejected the value.
module "observability" {
  source = "../../modules/observability"

  name_prefix                 = "${var.project}-${var.environment}"
  cluster_name                = var.cluster_name
  asg_name                    = var.asg_name
  on_demand_base_capacity     = var.on_demand_base_capacity
  alb_arn_suffix              = var.alb_arn_suffix
  service_names               = var.service_names
  target_group_arn_suffixes   = var.target_group_arn_suffixes
  alarm_email_endpoints       = var.alarm_email_endpoints
  spot_interruption_threshold = var.spot_interruption_threshold
  tasks_below_desired_alarm   = var.tasks_below_desired_alarm
  container_insights          = var.container_insights
  instance_warmup_period      = var.instance_warmup_period
  failed_rollout_seconds      = var.failed_rollout_seconds
}
