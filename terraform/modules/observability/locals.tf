locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  topic_name = "${var.name_prefix}-alarms"
  topic_arn  = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.topic_name}"
  alarm_arns = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name_prefix}-*"
  actions    = [aws_sns_topic.this.arn]

  # EventBridge's console names the log groups of its rules /aws/events/...; the key policy needs the ARN up front.
  events_log_group_name = "/aws/events/${var.name_prefix}"
  events_log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.events_log_group_name}"

  event_rules = {
    deployment_failed = aws_cloudwatch_event_rule.deployment_failed
    instance_lost     = aws_cloudwatch_event_rule.instance_lost
  }

  # The Cause of "EC2 Instance Terminate Successful" when Auto Scaling found the instance terminated or stopped by EC2
  # (a Spot reclaim, or by hand); a scale-in's cause speaks of "a difference between desired and actual capacity".
  # https://repost.aws/knowledge-center/auto-scaling-instance-how-terminated
  ec2_took_instance_cause = "*EC2 health check indicating it has been terminated or stopped*"

  # ---- tasks-below-desired: a window no scale-out through new instances fills ----------------------------------------
  # Seconds from a service's desired count going up to its new tasks RUNNING on instances launched for them:
  # - ECS managed scaling publishes CapacityProviderReservation every minute and its scale-out alarm needs one
  #   datapoint (Amazon ECS Developer Guide, "Amazon ECS cluster auto scaling"); then the ASG launches: 2 minutes.
  # - The capacity provider's instance_warmup_period (compute layer output): the time it gives a new instance to boot
  #   and register before counting it, the design's budget for launch + ECS agent registration.
  # - task_start_seconds: placement on the new instance, image pull (nothing is cached there yet), container start.
  # The services' health_check_grace_period is not added: RunningTaskCount counts a task from RUNNING, before its
  # first ALB health check; the grace period only delays ECS acting on failed checks.
  scale_out_reaction_seconds = 120
  scale_out_seconds          = local.scale_out_reaction_seconds + var.instance_warmup_period + var.task_start_seconds
  # Container Insights samples the counts once a minute: a scale-out of S seconds breaches at most ceil(S/60)
  # consecutive samples; one more minute keeps a sample on the window's edge from paging.
  running_tasks_evaluation_periods = ceil(local.scale_out_seconds / 60) + 1

  # ---- unhealthy-hosts: a window a failed rollout does not fill ----------------------------------------------------
  # A rollout the circuit breaker stops keeps failing targets registered for up to failed_rollout_seconds (services
  # layer); deployment-failed pages for it. Unhealthy targets for one minute more than that are something ECS's own
  # replacement does not fix. Never fewer than the 3 minutes a passing blip needs.
  unhealthy_hosts_evaluation_periods = {
    for k in keys(var.target_group_arn_suffixes) : k => max(3, ceil(var.failed_rollout_seconds[k] / 60) + 1)
  }
}
