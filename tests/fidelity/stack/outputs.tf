output "cluster_name" {
  value = aws_ecs_cluster.this.name
}

output "alb_dns_name" {
  value = aws_lb.front.dns_name
}

output "asg_names" {
  value = [aws_autoscaling_group.ondemand.name, aws_autoscaling_group.spot.name]
}

output "launch_template_version" {
  value = aws_launch_template.ondemand.latest_version
}

output "api_dns_name" {
  value = "${aws_service_discovery_service.api.name}.${aws_service_discovery_private_dns_namespace.internal.name}"
}
