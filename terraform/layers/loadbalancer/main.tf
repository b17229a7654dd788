locals {
  # ALB names are limited to 32 characters.
  alb_name = "${trimsuffix(substr("${var.project}-${var.environment}", 0, 28), "-")}-alb"
}

module "alb" {
  source = "../../modules/alb"

  name                = local.alb_name
  public_subnet_ids   = var.public_subnet_ids
  security_group_ids  = [var.alb_security_group_id]
  certificate_arn     = var.certificate_arn
  ssl_policy          = var.ssl_policy
  deletion_protection = var.deletion_protection
  idle_timeout        = var.idle_timeout
  access_logs_bucket  = var.access_logs_bucket
  route53_zone_id     = var.route53_zone_id
  domain_name         = var.route53_zone_id == null ? null : var.domain_name
}
