output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of AWS/ApplicationELB metrics)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer (for alias records)."
  value       = aws_lb.this.zone_id
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener (services attach their listener rules here)."
  value       = aws_lb_listener.https.arn
}

output "http_listener_arn" {
  description = "ARN of the HTTP listener (redirects to HTTPS)."
  value       = aws_lb_listener.http.arn
}

output "dns_record_fqdn" {
  description = "Name of the alias record pointing at the ALB (null without route53_zone_id)."
  value       = one(aws_route53_record.this[*].fqdn)
}
