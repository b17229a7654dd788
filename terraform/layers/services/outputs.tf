output "service_names" {
  description = "ECS service name per service."
  value       = { for k, m in module.service : k => m.service_name }
}

output "service_arns" {
  description = "ECS service ARN per service."
  value       = { for k, m in module.service : k => m.service_arn }
}

output "target_group_arns" {
  description = "Target group ARN per service."
  value       = { for k, m in module.service : k => m.target_group_arn }
}

output "target_group_arn_suffixes" {
  description = "Target group ARN suffix (CloudWatch TargetGroup dimension) per service."
  value       = { for k, m in module.service : k => m.target_group_arn_suffix }
}

output "failed_rollout_seconds" {
  description = "Per service, the longest a rollout the circuit breaker stops keeps failing targets registered (seconds)."
  value       = { for k, m in module.service : k => m.failed_rollout_seconds }
}

output "task_definition_arns" {
  description = "Task definition ARN (with revision) per service."
  value       = { for k, m in module.service : k => m.task_definition_arn }
}

output "log_group_names" {
  description = "CloudWatch log group per service."
  value       = { for k, m in module.service : k => m.log_group_name }
}
