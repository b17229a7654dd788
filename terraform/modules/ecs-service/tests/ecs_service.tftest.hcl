mock_provider "aws" {
  override_resource {
    target          = aws_lb_target_group.this
    override_during = plan
    values = {
      arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-local-web/0123456789abcdef"
      arn_suffix = "targetgroup/demo-local-web/0123456789abcdef"
    }
  }
  override_resource {
    target          = aws_ecs_task_definition.this
    override_during = plan
    values = {
      arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-local-web:1"
    }
  }
}

variables {
  name_prefix             = "demo-local"
  cluster_name            = "demo-local-cluster"
  cluster_arn             = "arn:aws:ecs:us-east-1:123456789012:cluster/demo-local-cluster"
  capacity_provider_name  = "demo-local-cp"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"]
  tasks_security_group_id = "sg-0123456789abcdef0"
  https_listener_arn      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-local-alb/0123456789abcdef/0123456789abcdef"
  execution_role_arn      = "arn:aws:iam::123456789012:role/demo-local-web-execution"
  task_role_arn           = "arn:aws:iam::123456789012:role/demo-local-web-task"
  service = {
    name              = "web"
    image             = "public.ecr.aws/nginx/nginx:1.27"
    container_port    = 8080
    cpu               = 256
    memory            = 512
    desired_count     = 2
    min_count         = 2
    max_count         = 6
    listener_priority = 100
    environment       = { LOG_LEVEL = "info" }
    secrets = [
      { name = "DB_PASSWORD", value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/db-AbCdEf" },
      { name = "API_URL", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/demo/api-url" },
    ]
  }
}

run "log_group_and_task_definition" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/ecs/demo-local/web" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The log group is /ecs/<prefix>/<service> with 30 days retention by default."
  }
  assert {
    condition = (
      aws_ecs_task_definition.this.network_mode == "awsvpc" &&
      aws_ecs_task_definition.this.requires_compatibilities == toset(["EC2"]) &&
      aws_ecs_task_definition.this.cpu == "256" && aws_ecs_task_definition.this.memory == "512"
    )
    error_message = "The task definition must be awsvpc/EC2 with the service's cpu and memory."
  }
  assert {
    condition = (
      aws_ecs_task_definition.this.execution_role_arn == var.execution_role_arn &&
      aws_ecs_task_definition.this.task_role_arn == var.task_role_arn
    )
    error_message = "Execution and task roles must come from the inputs."
  }
}

run "container_gets_secrets_by_arn_only" {
  command = plan

  assert {
    condition = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets == [
      { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/db-AbCdEf" },
      { name = "API_URL", valueFrom = "arn:aws:ssm:us-east-1:123456789012:parameter/demo/api-url" },
    ]
    error_message = "Secrets must be passed as {name, valueFrom} with the ARNs."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment == [{ name = "LOG_LEVEL", value = "info" }]
    error_message = "Only the plain environment map goes into environment."
  }
  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].essential == true &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].containerPort == 8080
    )
    error_message = "The container is essential, read-only by default and maps the container port."
  }
  assert {
    condition = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration == {
      logDriver = "awslogs"
      options   = { awslogs-group = "/ecs/demo-local/web", awslogs-region = "us-east-1", awslogs-stream-prefix = "ecs" }
    }
    error_message = "Logs must go to the service's log group through awslogs."
  }
}

run "target_group_and_listener_rule" {
  command = plan

  assert {
    condition = (
      aws_lb_target_group.this.name == "demo-local-web" &&
      aws_lb_target_group.this.target_type == "ip" &&
      aws_lb_target_group.this.port == 8080 &&
      aws_lb_target_group.this.protocol == "HTTP" &&
      aws_lb_target_group.this.deregistration_delay == "30"
    )
    error_message = "The target group must be ip/HTTP on the container port with a 30 s deregistration delay."
  }
  assert {
    condition = (
      aws_lb_target_group.this.health_check[0].path == "/health" &&
      aws_lb_target_group.this.health_check[0].matcher == "200" &&
      aws_lb_target_group.this.health_check[0].interval == 15 &&
      aws_lb_target_group.this.health_check[0].healthy_threshold == 2 &&
      aws_lb_target_group.this.health_check[0].unhealthy_threshold == 3 &&
      aws_lb_target_group.this.health_check[0].timeout == 5
    )
    error_message = "Health check must be /health 200, every 15 s, 2 healthy / 3 unhealthy, 5 s timeout."
  }
  assert {
    condition     = aws_lb_listener_rule.this.listener_arn == var.https_listener_arn && aws_lb_listener_rule.this.priority == 100
    error_message = "The rule must sit on the HTTPS listener with the service's priority."
  }
  assert {
    condition     = length(aws_lb_listener_rule.this.condition) == 1
    error_message = "Without host_headers only the path condition may exist."
  }
  assert {
    condition     = aws_lb_listener_rule.this.action[0].type == "forward"
    error_message = "The rule must forward to the target group."
  }
}

run "service_deploys_without_downtime" {
  command = plan

  assert {
    condition = (
      aws_ecs_service.this.deployment_minimum_healthy_percent == 100 &&
      aws_ecs_service.this.deployment_maximum_percent == 200 &&
      aws_ecs_service.this.health_check_grace_period_seconds == 60
    )
    error_message = "Deployments must keep 100% healthy, allow 200% and give 60 s grace."
  }
  # At 2 tasks the breaker's 3 failures take two attempts of 60 s grace + 3 x 15 s checks.
  assert {
    condition     = output.failed_rollout_seconds == 210
    error_message = "A failed rollout at 2 tasks keeps failing targets for up to 2 x 105 s."
  }
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable == true && aws_ecs_service.this.deployment_circuit_breaker[0].rollback == true
    error_message = "The circuit breaker must be on with rollback."
  }
  assert {
    condition = (
      [for s in aws_ecs_service.this.capacity_provider_strategy : "${s.capacity_provider}/${s.base}/${s.weight}"] == ["demo-local-cp/0/1"]
    )
    error_message = "Tasks must be placed through the capacity provider (base 0, weight 1), not a launch type."
  }
  assert {
    condition = (
      aws_ecs_service.this.network_configuration[0].assign_public_ip == false &&
      aws_ecs_service.this.network_configuration[0].subnets == toset(var.private_subnet_ids) &&
      aws_ecs_service.this.network_configuration[0].security_groups == toset([var.tasks_security_group_id])
    )
    error_message = "Tasks must run in the private subnets with the tasks SG and no public IP."
  }
  assert {
    condition = (
      one(aws_ecs_service.this.load_balancer).container_name == "web" &&
      one(aws_ecs_service.this.load_balancer).container_port == 8080 &&
      one(aws_ecs_service.this.load_balancer).target_group_arn == aws_lb_target_group.this.arn
    )
    error_message = "The service must register its container port in its target group."
  }
  assert {
    condition = (
      [for p in aws_ecs_service.this.ordered_placement_strategy : "${p.type}:${p.field}"] ==
      ["spread:attribute:ecs.availability-zone", "binpack:memory"]
    )
    error_message = "Placement must spread over AZs first, then binpack memory."
  }
  assert {
    condition     = aws_ecs_service.this.availability_zone_rebalancing == "ENABLED"
    error_message = "A service placed unevenly across AZs (spread is best effort) must be rebalanced by ECS."
  }
  assert {
    condition = (
      aws_ecs_service.this.enable_ecs_managed_tags == true &&
      aws_ecs_service.this.propagate_tags == "SERVICE" &&
      aws_ecs_service.this.wait_for_steady_state == false &&
      aws_ecs_service.this.desired_count == 2
    )
    error_message = "Managed tags, SERVICE tag propagation, no steady-state wait and the desired count are required."
  }
}

run "autoscaling_tracks_cpu_and_memory" {
  command = plan

  assert {
    condition = (
      aws_appautoscaling_target.this[0].resource_id == "service/demo-local-cluster/web" &&
      aws_appautoscaling_target.this[0].scalable_dimension == "ecs:service:DesiredCount" &&
      aws_appautoscaling_target.this[0].min_capacity == 2 && aws_appautoscaling_target.this[0].max_capacity == 6
    )
    error_message = "The scalable target is the service's DesiredCount within min/max."
  }
  assert {
    condition     = length(aws_appautoscaling_target.scheduled) == 0 && length(aws_appautoscaling_scheduled_action.this) == 0
    error_message = "Without schedules there is no scheduled action."
  }
  assert {
    condition = (
      aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" &&
      aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration[0].target_value == 60
    )
    error_message = "CPU target tracking at 60% by default."
  }
  assert {
    condition = (
      aws_appautoscaling_policy.memory.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageMemoryUtilization" &&
      aws_appautoscaling_policy.memory.target_tracking_scaling_policy_configuration[0].target_value == 70
    )
    error_message = "Memory target tracking at 70% by default."
  }
}

run "scheduled_scaling_host_headers_and_long_names" {
  command = plan

  variables {
    name_prefix = "platform-team-staging"
    service = {
      name                     = "payments-api-gateway"
      image                    = "public.ecr.aws/nginx/nginx:1.27"
      container_port           = 80
      cpu                      = 512
      memory                   = 1024
      desired_count            = 1
      min_count                = 1
      max_count                = 4
      listener_priority        = 200
      host_headers             = ["api.example.com"]
      readonly_root_filesystem = false
      scheduled_scaling = [
        { name = "night", schedule = "cron(0 20 ? * MON-FRI *)", min_count = 0, max_count = 1 },
        { name = "day", schedule = "cron(0 7 ? * MON-FRI *)", min_count = 1, max_count = 4 },
      ]
    }
  }

  # A schedule's minimum of 0 means the service may run 1 task: 3 attempts of one task each.
  assert {
    condition     = output.failed_rollout_seconds == 315
    error_message = "The smallest count a schedule allows must set the attempts (3 x 105 s at 1 task)."
  }
  assert {
    condition     = length(aws_lb_target_group.this.name) <= 32 && startswith(aws_lb_target_group.this.name, "platform-team-staging-pa")
    error_message = "Long target group names must be shortened to 32 characters."
  }
  assert {
    condition     = length(aws_lb_listener_rule.this.condition) == 2
    error_message = "host_headers must add a host-header condition."
  }
  assert {
    condition     = length(aws_appautoscaling_target.this) == 0 && length(aws_appautoscaling_target.scheduled) == 1
    error_message = "With schedules the target variant that tolerates scheduled min/max changes must be used."
  }
  assert {
    condition = (
      aws_appautoscaling_scheduled_action.this["night"].schedule == "cron(0 20 ? * MON-FRI *)" &&
      aws_appautoscaling_scheduled_action.this["night"].scalable_target_action[0].min_capacity == "0" &&
      aws_appautoscaling_scheduled_action.this["night"].resource_id == "service/demo-local-cluster/payments-api-gateway"
    )
    error_message = "Scheduled actions must carry their schedule and capacity."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == false
    error_message = "readonly_root_filesystem = false must reach the container."
  }
}

# ---- validations ------------------------------------------------------------------------------------------------------

run "rejects_wildcard_secret_arn" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      secrets       = [{ name = "DB", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/demo/*" }]
    }
  }
  expect_failures = [var.service]
}

run "rejects_secret_value_instead_of_arn" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      secrets       = [{ name = "DB", value_from = "hunter2" }]
    }
  }
  expect_failures = [var.service]
}

run "rejects_secret_in_environment" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      environment   = { DB_PASSWORD = "x" }
    }
  }
  expect_failures = [var.service]
}

run "rejects_desired_above_max" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 3, min_count = 1, max_count = 2, listener_priority = 1
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_port" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 70000, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_name" {
  command = plan
  variables {
    service = {
      name          = "Web_App", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
    }
  }
  expect_failures = [var.service]
}

run "rejects_tiny_cpu" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 64, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_priority" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 0
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_schedule" {
  command = plan
  variables {
    service = {
      name              = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count     = 1, min_count = 1, max_count = 2, listener_priority = 1
      scheduled_scaling = [{ name = "night", schedule = "0 20 * * *", min_count = 0, max_count = 1 }]
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_retention" {
  command = plan
  variables {
    service = {
      name               = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count      = 1, min_count = 1, max_count = 2, listener_priority = 1
      log_retention_days = 10
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_target" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      cpu_target    = 100
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_matcher" {
  command = plan
  variables {
    service = {
      name                 = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count        = 1, min_count = 1, max_count = 2, listener_priority = 1
      health_check_matcher = "ok"
    }
  }
  expect_failures = [var.service]
}

run "rejects_duplicate_variable_names" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      environment   = { DB = "x" }
      secrets       = [{ name = "DB", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/demo/db" }]
    }
  }
  expect_failures = [var.service]
}

run "rejects_bad_listener_arn" {
  command = plan
  variables {
    https_listener_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/123"
  }
  expect_failures = [var.https_listener_arn]
}

run "rejects_bad_cluster_arn" {
  command = plan
  variables {
    cluster_arn = "demo-local-cluster"
  }
  expect_failures = [var.cluster_arn]
}

run "rejects_bad_role_arns" {
  command = plan
  variables {
    execution_role_arn = "arn:aws:iam::123456789012:user/deployer"
    task_role_arn      = "task-role"
  }
  expect_failures = [var.execution_role_arn, var.task_role_arn]
}

run "rejects_bad_log_kms_key" {
  command = plan
  variables {
    log_kms_key_arn = "alias/aws/logs"
  }
  expect_failures = [var.log_kms_key_arn]
}

run "rejects_same_execution_and_task_role" {
  command = plan
  variables {
    task_role_arn = "arn:aws:iam::123456789012:role/demo-local-web-execution"
  }
  expect_failures = [aws_ecs_task_definition.this]
}

# ---- user: run an image whose Dockerfile has no USER (e.g. FROM scratch) as a non-root user ---------------------------

run "user_is_left_out_unless_set" {
  command = plan

  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "user")
    error_message = "Without service.user the container definition must not carry a user (the image's USER applies)."
  }
}

run "user_reaches_the_container" {
  command = plan

  variables {
    service = {
      name          = "web", image = "traefik/whoami:v1.11.0", container_port = 8080, cpu = 256, memory = 512
      desired_count = 2, min_count = 2, max_count = 4, listener_priority = 1
      environment   = { WHOAMI_PORT_NUMBER = "8080" }
      user          = "65534:65534"
    }
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].user == "65534:65534"
    error_message = "service.user must reach the container definition."
  }
}

run "rejects_root_user" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      user          = "0:0"
    }
  }
  expect_failures = [var.service]
}

run "rejects_malformed_user" {
  command = plan
  variables {
    service = {
      name          = "web", image = "nginx", container_port = 80, cpu = 256, memory = 512
      desired_count = 1, min_count = 1, max_count = 2, listener_priority = 1
      user          = "app user"
    }
  }
  expect_failures = [var.service]
}
