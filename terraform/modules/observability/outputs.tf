output "sns_topic_arn" {
  description = "ARN of the encrypted alarm topic."
  value       = aws_sns_topic.this.arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the alarm topic."
  value       = aws_kms_key.this.arn
}

output "alarm_names" {
  description = "Names of every CloudWatch alarm of this module, sorted."
  value = sort(concat(
    [for a in aws_cloudwatch_metric_alarm.tasks_below_desired : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.unhealthy_hosts : a.alarm_name],
    aws_cloudwatch_metric_alarm.asg_below_baseline[*].alarm_name,
    [aws_cloudwatch_metric_alarm.deployment_failed.alarm_name, aws_cloudwatch_metric_alarm.spot_interruption_surge.alarm_name],
  ))
}

output "event_rule_names" {
  description = "Names of the EventBridge rules of this module, sorted."
  value       = sort([for r in local.event_rules : r.name])
}

output "event_log_group_name" {
  description = "Log group the EventBridge rules write the events they matched to (the rules' only target)."
  value       = aws_cloudwatch_log_group.events.name
}

output "unhealthy_hosts_evaluation_periods" {
  description = "Per service, one-minute periods, all breaching, before an unhealthy-hosts alarm fires (longer than a failed rollout)."
  value       = local.unhealthy_hosts_evaluation_periods
}

output "running_tasks_evaluation_periods" {
  description = "One-minute periods, all breaching, before a tasks-below-desired alarm fires (derived from the scaling settings)."
  value       = local.running_tasks_evaluation_periods
}
