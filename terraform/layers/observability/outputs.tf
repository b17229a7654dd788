output "sns_topic_arn" {
  description = "ARN of the alarm topic."
  value       = module.observability.sns_topic_arn
}

output "alarm_names" {
  description = "Names of every alarm, sorted."
  value       = module.observability.alarm_names
}

output "event_rule_names" {
  description = "Names of the EventBridge rules, sorted."
  value       = module.observability.event_rule_names
}

output "event_log_group_name" {
  description = "Log group holding the events the rules matched."
  value       = module.observability.event_log_group_name
}

output "running_tasks_evaluation_periods" {
  description = "Minutes of running < desired before a tasks-below-desired alarm fires."
  value       = module.observability.running_tasks_evaluation_periods
}

output "unhealthy_hosts_evaluation_periods" {
  description = "Per service, minutes of unhealthy targets before its unhealthy-hosts alarm fires (longer than a failed rollout)."
  value       = module.observability.unhealthy_hosts_evaluation_periods
}
