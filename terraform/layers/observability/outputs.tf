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
