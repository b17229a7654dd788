output "alb_arn" {
  description = "ARN of the load balancer."
  value       = module.alb.alb_arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch LoadBalancer dimension)."
  value       = module.alb.alb_arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.alb.alb_dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone ID of the load balancer."
  value       = module.alb.alb_zone_id
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = module.alb.https_listener_arn
}

output "http_listener_arn" {
  description = "ARN of the HTTP (redirect) listener."
  value       = module.alb.http_listener_arn
}

output "dns_record_fqdn" {
  description = "Name of the alias record pointing at the ALB (null without route53_zone_id)."
  value       = module.alb.dns_record_fqdn
}
