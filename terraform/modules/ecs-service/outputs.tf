output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_arn" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "target_group_arn" {
  description = "ARN of the service's target group."
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of AWS/ApplicationELB metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "log_group_name" {
  description = "Name of the service's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "autoscaling_resource_id" {
  description = "Application Auto Scaling resource ID of the service (service/<cluster>/<service>)."
  value       = local.scalable_target.resource_id
}

output "failed_rollout_seconds" {
  description = "The longest a rollout the deployment circuit breaker stops keeps failing targets registered (seconds)."
  value       = local.failed_rollout_seconds
}
