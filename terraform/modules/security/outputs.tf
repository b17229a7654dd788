output "alb_security_group_id" {
  description = "ID of the ALB security group."
  value       = aws_security_group.alb.id
}

output "tasks_security_group_id" {
  description = "ID of the ECS tasks security group (ingress only from the ALB)."
  value       = aws_security_group.tasks.id
}

output "instances_security_group_id" {
  description = "ID of the container instances security group (no ingress)."
  value       = aws_security_group.instances.id
}

output "instance_role_arn" {
  description = "ARN of the container instance IAM role."
  value       = aws_iam_role.instance.arn
}

output "instance_profile_arn" {
  description = "ARN of the container instance profile."
  value       = aws_iam_instance_profile.this.arn
}

output "instance_profile_name" {
  description = "Name of the container instance profile."
  value       = aws_iam_instance_profile.this.name
}

output "execution_role_arns" {
  description = "Task execution role ARN of each service, keyed by service name."
  value       = { for k, r in aws_iam_role.execution : k => r.arn }
}

output "task_role_arns" {
  description = "Task role ARN of each service, keyed by service name."
  value       = { for k, r in aws_iam_role.task : k => r.arn }
}
