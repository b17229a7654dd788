output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "capacity_provider_name" {
  description = "Name of the cluster's capacity provider (attached to the cluster, default strategy)."
  value       = one(aws_ecs_cluster_capacity_providers.this.capacity_providers)
}

output "asg_name" {
  description = "Name of the Auto Scaling group of the container instances."
  value       = aws_autoscaling_group.this.name
}

output "asg_arn" {
  description = "ARN of the Auto Scaling group of the container instances."
  value       = aws_autoscaling_group.this.arn
}

output "launch_template_id" {
  description = "ID of the launch template of the container instances."
  value       = aws_launch_template.this.id
}

output "ami_id" {
  description = "AMI ID the launch template uses (pinned or resolved from SSM)."
  value       = aws_launch_template.this.image_id
}

output "instance_warmup_period" {
  description = "Seconds the capacity provider's managed scaling gives a new instance before counting it (the observability layer derives its running-task alarm window from it)."
  value       = one(one(aws_ecs_capacity_provider.this.auto_scaling_group_provider).managed_scaling).instance_warmup_period
}
