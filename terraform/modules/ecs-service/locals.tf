locals {
  service = var.service
  region  = split(":", var.cluster_arn)[3]

  # Target health checks, and the grace ECS gives a new task before it acts on them.
  health_check_interval            = 15
  health_check_unhealthy_threshold = 3
  health_check_grace_seconds       = 60
  deployment_maximum_percent       = 200
  # The longest a rollout the circuit breaker stops keeps failing targets registered. The breaker stops after
  # max(3, 0.5 x desired) failed tasks (Amazon ECS Developer Guide, "deployment circuit breaker"); a new revision
  # starts (maximum percent - 100) % of the count at a time, each failing at the latest after the grace plus the
  # unhealthy checks. The smallest count the service can run at (its minimum or a schedule's, 1 when that is 0) needs
  # the most attempts. The unhealthy-hosts alarm waits longer than this, so a failed rollout pages once, via
  # deployment-failed.
  smallest_count         = max(1, min(concat([local.service.min_count], [for s in local.service.scheduled_scaling : s.min_count])...))
  rollout_batch          = max(1, floor(local.smallest_count * (local.deployment_maximum_percent - 100) / 100))
  rollout_attempts       = ceil(max(3, ceil(0.5 * local.smallest_count)) / local.rollout_batch)
  failed_rollout_seconds = local.rollout_attempts * (local.health_check_grace_seconds + local.health_check_unhealthy_threshold * local.health_check_interval)

  log_group_name = "/ecs/${var.name_prefix}/${local.service.name}"

  # Target group names are limited to 32 characters: long names keep a readable head and a stable hash.
  tg_full_name = "${var.name_prefix}-${local.service.name}"
  tg_name      = length(local.tg_full_name) <= 32 ? local.tg_full_name : "${trimsuffix(substr(local.tg_full_name, 0, 25), "-")}-${substr(sha1(local.tg_full_name), 0, 6)}"

  # user only when set: an unset user keeps the rendered definition (and the registered revision) unchanged.
  container_definition = merge({
    name                   = local.service.name
    image                  = local.service.image
    essential              = true
    readonlyRootFilesystem = local.service.readonly_root_filesystem
    portMappings = [{
      containerPort = local.service.container_port
      hostPort      = local.service.container_port
      protocol      = "tcp"
    }]
    # Plain values only; anything sensitive goes through secrets (ARNs resolved by the agent at start-up).
    environment = [for k, v in local.service.environment : { name = k, value = v }]
    secrets     = [for s in local.service.secrets : { name = s.name, valueFrom = s.value_from }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "ecs"
      }
    }
  }, local.service.user == null ? {} : { user = local.service.user })

  autoscaling_resource_id = "service/${var.cluster_name}/${local.service.name}"
  scheduled_actions       = { for a in local.service.scheduled_scaling : a.name => a }
}
