output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.ecs_cluster.cluster_name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = module.ecs_cluster.cluster_arn
}

output "capacity_provider_name" {
  description = "Name of the cluster's capacity provider."
  value       = module.ecs_cluster.capacity_provider_name
}

output "asg_name" {
  description = "Name of the container-instance Auto Scaling group."
  value       = module.ecs_cluster.asg_name
}

output "asg_arn" {
  description = "ARN of the container-instance Auto Scaling group."
  value       = module.ecs_cluster.asg_arn
}

output "launch_template_id" {
  description = "ID of the launch template."
  value       = module.ecs_cluster.launch_template_id
}

output "ami_id" {
  description = "AMI ID the container instances boot."
  value       = module.ecs_cluster.ami_id
}

output "instance_warmup_period" {
  description = "Seconds the capacity provider gives a new instance before counting it."
  value       = module.ecs_cluster.instance_warmup_period
}
