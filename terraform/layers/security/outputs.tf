output "alb_security_group_id" {
  description = "ID of the ALB security group."
  value       = module.security.alb_security_group_id
}

output "tasks_security_group_id" {
  description = "ID of the ECS tasks security group."
  value       = module.security.tasks_security_group_id
}

output "instances_security_group_id" {
  description = "ID of the container instances security group."
  value       = module.security.instances_security_group_id
}

output "instance_role_arn" {
  description = "ARN of the container instance role."
  value       = module.security.instance_role_arn
}

output "instance_profile_arn" {
  description = "ARN of the container instance profile."
  value       = module.security.instance_profile_arn
}

output "instance_profile_name" {
  description = "Name of the container instance profile."
  value       = module.security.instance_profile_name
}

output "execution_role_arns" {
  description = "Task execution role ARN per service name."
  value       = module.security.execution_role_arns
}

output "task_role_arns" {
  description = "Task role ARN per service name."
  value       = module.security.task_role_arns
}
