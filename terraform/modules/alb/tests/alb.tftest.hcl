mock_provider "aws" {}

variables {
  name               = "demo-local-alb"
  public_subnet_ids  = ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"]
  security_group_ids = ["sg-0123456789abcdef0"]
  certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0f6e1b0c-1d2e-4f3a-9b8c-7d6e5f4a3b2c"
}

run "alb_is_public_hardened_and_protected" {
  command = plan

  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application"
    error_message = "The ALB must be an Internet-facing application load balancer."
  }
  assert {
    condition     = aws_lb.this.drop_invalid_header_fields == true
    error_message = "Invalid HTTP header fields must be dropped."
  }
  assert {
    condition     = aws_lb.this.enable_deletion_protection == true
    error_message = "Deletion protection must default to true."
  }
  assert {
    condition     = toset(aws_lb.this.subnets) == toset(var.public_subnet_ids)
    error_message = "The ALB must sit in the given public subnets."
  }
  assert {
    condition     = length(aws_lb.this.access_logs) == 0
    error_message = "Access logs must be off when no bucket is given."
  }
}

run "https_listener_uses_tls13_and_answers_404" {
  command = plan

  assert {
    condition     = aws_lb_listener.https.port == 443 && aws_lb_listener.https.protocol == "HTTPS"
    error_message = "The HTTPS listener must listen on 443/HTTPS."
  }
  assert {
    condition     = aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The default TLS policy must be ELBSecurityPolicy-TLS13-1-2-2021-06."
  }
  assert {
    condition     = aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "The HTTPS listener must serve the given certificate."
  }
  assert {
    condition     = aws_lb_listener.https.default_action[0].type == "fixed-response" && aws_lb_listener.https.default_action[0].fixed_response[0].status_code == "404"
    error_message = "Unmatched HTTPS requests must get a fixed 404."
  }
}

run "http_listener_redirects_permanently_to_https" {
  command = plan

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP"
    error_message = "The HTTP listener must listen on 80/HTTP."
  }
  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "redirect" &&
      aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" &&
      aws_lb_listener.http.default_action[0].redirect[0].port == "443" &&
      aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "HTTP must redirect to HTTPS:443 with a 301."
  }
}

run "access_logs_and_protection_follow_inputs" {
  command = plan

  variables {
    access_logs_bucket  = "demo-alb-logs"
    deletion_protection = false
  }

  assert {
    condition     = aws_lb.this.access_logs[0].bucket == "demo-alb-logs" && aws_lb.this.access_logs[0].enabled == true
    error_message = "Access logs must go to the given bucket."
  }
  assert {
    condition     = aws_lb.this.enable_deletion_protection == false
    error_message = "deletion_protection = false must reach the ALB."
  }
}

run "no_dns_record_without_a_zone" {
  command = plan

  variables {
    domain_name = "shop.example.com"
  }

  assert {
    condition     = length(aws_route53_record.this) == 0
    error_message = "Without route53_zone_id no record may be created."
  }
}

run "alias_record_points_the_domain_at_the_alb" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
    domain_name     = "shop.example.com"
  }

  override_resource {
    target          = aws_lb.this
    override_during = plan
    values = {
      arn      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo-local-alb/50dc6c495c0c9188"
      dns_name = "demo-local-alb-1234567890.us-east-1.elb.amazonaws.com"
      zone_id  = "Z35SXDOTRQ7X7K"
    }
  }

  assert {
    condition = (
      length(aws_route53_record.this) == 1 &&
      aws_route53_record.this[0].zone_id == var.route53_zone_id &&
      aws_route53_record.this[0].name == "shop.example.com" &&
      aws_route53_record.this[0].type == "A"
    )
    error_message = "One A record for domain_name must be created in the given zone."
  }
  assert {
    condition = (
      one(aws_route53_record.this[0].alias).name == "demo-local-alb-1234567890.us-east-1.elb.amazonaws.com" &&
      one(aws_route53_record.this[0].alias).zone_id == "Z35SXDOTRQ7X7K" &&
      one(aws_route53_record.this[0].alias).evaluate_target_health == true
    )
    error_message = "The record must be an alias to the ALB's DNS name and zone, evaluating target health."
  }
  assert {
    condition     = aws_route53_record.this[0].records == null && aws_route53_record.this[0].ttl == null
    error_message = "An alias record has no TTL and no plain records."
  }
}

# ---- validations ------------------------------------------------------------------------------------------------------

run "rejects_non_acm_certificate" {
  command = plan
  variables {
    certificate_arn = "arn:aws:iam::123456789012:server-certificate/demo"
  }
  expect_failures = [var.certificate_arn]
}

run "rejects_weak_ssl_policy" {
  command = plan
  variables {
    ssl_policy = "ELBSecurityPolicy-2016-08"
  }
  expect_failures = [var.ssl_policy]
}

run "rejects_single_subnet" {
  command = plan
  variables {
    public_subnet_ids = ["subnet-0a0a0a0a0a0a0a0a0"]
  }
  expect_failures = [var.public_subnet_ids]
}

run "rejects_malformed_subnet" {
  command = plan
  variables {
    public_subnet_ids = ["subnet-0a0a0a0a0a0a0a0a0", "sn-1"]
  }
  expect_failures = [var.public_subnet_ids]
}

run "rejects_long_name" {
  command = plan
  variables {
    name = "a-load-balancer-name-that-is-way-too-long"
  }
  expect_failures = [var.name]
}

run "rejects_bad_security_group" {
  command = plan
  variables {
    security_group_ids = []
  }
  expect_failures = [var.security_group_ids]
}

run "rejects_bad_idle_timeout" {
  command = plan
  variables {
    idle_timeout = 0
  }
  expect_failures = [var.idle_timeout]
}

run "rejects_bad_bucket_name" {
  command = plan
  variables {
    access_logs_bucket = "Not_A_Bucket"
  }
  expect_failures = [var.access_logs_bucket]
}

run "rejects_zone_without_domain" {
  command = plan
  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }
  expect_failures = [var.domain_name]
}

run "rejects_zone_id_with_prefix" {
  command = plan
  variables {
    route53_zone_id = "/hostedzone/Z0123456789ABCDEFGHIJ"
    domain_name     = "shop.example.com"
  }
  expect_failures = [var.route53_zone_id]
}
