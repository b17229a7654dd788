# ---------------------------------------------------------------------------------------------------------------------
# Application Load Balancer: the only thing reachable from the Internet
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_28: WAF is not part of this design; attach a web ACL outside this module when needed
  #checkov:skip=CKV_AWS_91: access logging is optional (var.access_logs_bucket) because the bucket lives outside this stack
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = var.security_group_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout
  tags                       = var.tags

  dynamic "access_logs" {
    for_each = var.access_logs_bucket == null ? [] : [var.access_logs_bucket]
    content {
      bucket  = access_logs.value
      prefix  = var.access_logs_prefix
      enabled = true
    }
  }

  lifecycle {
    # Replacing the ALB changes its DNS name and drops every connection.
    prevent_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Listeners: HTTPS serves (404 unless a service rule matches), HTTP only redirects
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn
  tags              = var.tags

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not Found"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# DNS: an optional alias record for the domain, in a hosted zone that exists outside this stack
# ---------------------------------------------------------------------------------------------------------------------

# Only an A alias: the ALB is IPv4 (ip_address_type is not dualstack), so an AAAA alias would answer nothing.
resource "aws_route53_record" "this" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
