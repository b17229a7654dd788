# ---------------------------------------------------------------------------------------------------------------------
# Logs and task definition
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338: retention is chosen per service (log_retention_days); one year is not needed for app logs
  #checkov:skip=CKV_AWS_158: KMS is optional (log_kms_key_arn); CloudWatch Logs encrypts at rest without it
  name              = local.log_group_name
  retention_in_days = local.service.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_ecs_task_definition" "this" {
  #checkov:skip=CKV_AWS_249: the roles arrive through variables checkov cannot resolve; the precondition below enforces it
  family                   = "${var.name_prefix}-${local.service.name}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  cpu                      = tostring(local.service.cpu)
  memory                   = tostring(local.service.memory)
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  container_definitions    = jsonencode([local.container_definition])
  tags                     = var.tags

  # Keep the previous revision registered so a circuit-breaker rollback can always start it again.
  skip_destroy = true

  lifecycle {
    precondition {
      condition     = var.execution_role_arn != var.task_role_arn
      error_message = "execution_role_arn and task_role_arn must be different roles (the application must not read the secrets)."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Load balancing: target group (ip targets for awsvpc) and the HTTPS listener rule
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378: TLS ends at the ALB; ALB-to-task traffic stays in the VPC between two security groups
  name                 = local.tg_name
  target_type          = "ip"
  port                 = local.service.container_port
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    enabled             = true
    path                = local.service.health_check_path
    matcher             = local.service.health_check_matcher
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = local.health_check_interval
    healthy_threshold   = 2
    unhealthy_threshold = local.health_check_unhealthy_threshold
    timeout             = 5
  }
}

resource "aws_lb_listener_rule" "this" {
  listener_arn = var.https_listener_arn
  priority     = local.service.listener_priority
  tags         = var.tags

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  condition {
    path_pattern {
      values = local.service.path_patterns
    }
  }

  dynamic "condition" {
    for_each = length(local.service.host_headers) > 0 ? [local.service.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# ECS service: zero-downtime rolling deployment with automatic rollback
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_service" "this" {
  name                               = local.service.name
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = local.service.desired_count
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = local.deployment_maximum_percent
  health_check_grace_period_seconds  = local.health_check_grace_seconds
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  wait_for_steady_state              = false
  # Spread by AZ is best effort: ECS moves tasks back once the other AZ has room. Set, not left to the API's
  # default for new services (ENABLED today, DISABLED before), which provider 5.x does not track.
  availability_zone_rebalancing = "ENABLED"
  tags                          = var.tags

  capacity_provider_strategy {
    capacity_provider = var.capacity_provider_name
    base              = 0
    weight            = 1
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.service.name
    container_port   = local.service.container_port
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }

  # ECS only accepts a target group that is already attached to a load balancer.
  depends_on = [aws_lb_listener_rule.this]

  lifecycle {
    # Application Auto Scaling owns the running count after creation.
    ignore_changes = [desired_count]
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Service auto scaling: CPU + memory target tracking, optional scheduled capacity
# ---------------------------------------------------------------------------------------------------------------------

# Without schedules Terraform owns min/max; with schedules the scheduled actions move them, so Terraform must not
# report that as drift. Two variants of the target keep both cases honest (switching re-registers the target).
resource "aws_appautoscaling_target" "this" {
  count              = length(local.scheduled_actions) == 0 ? 1 : 0
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = local.autoscaling_resource_id
  min_capacity       = local.service.min_count
  max_capacity       = local.service.max_count
  tags               = var.tags

  depends_on = [aws_ecs_service.this]
}

resource "aws_appautoscaling_target" "scheduled" {
  count              = length(local.scheduled_actions) == 0 ? 0 : 1
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = local.autoscaling_resource_id
  min_capacity       = local.service.min_count
  max_capacity       = local.service.max_count
  tags               = var.tags

  depends_on = [aws_ecs_service.this]

  lifecycle {
    ignore_changes = [min_capacity, max_capacity]
  }
}

locals {
  scalable_target = one(concat(aws_appautoscaling_target.this, aws_appautoscaling_target.scheduled))
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name_prefix}-${local.service.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = local.service.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  name               = "${var.name_prefix}-${local.service.name}-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = local.service.memory_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_scheduled_action" "this" {
  for_each           = local.scheduled_actions
  name               = "${var.name_prefix}-${local.service.name}-${each.key}"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id
  schedule           = each.value.schedule
  timezone           = "UTC"

  scalable_target_action {
    min_capacity = each.value.min_count
    max_capacity = each.value.max_count
  }
}
