mock_provider "aws" {}

variables {
  environment             = "local"
  project                 = "demo"
  owner                   = "platform"
  aws_region              = "us-east-1"
  aws_account_id          = "123456789012"
  cluster_name            = "demo-local-cluster"
  cluster_arn             = "arn:aws:ecs:us-east-1:123456789012:cluster/demo-local-cluster"
  capacity_provider_name  = "demo-local-cp"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"]
  tasks_security_group_id = "sg-0123456789abcdef0"
  https_listener_arn      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo-local-alb/0123456789abcdef/0123456789abcdef"
  execution_role_arns = {
    web = "arn:aws:iam::123456789012:role/demo-local-web-execution"
    api = "arn:aws:iam::123456789012:role/demo-local-api-execution"
  }
  task_role_arns = {
    web = "arn:aws:iam::123456789012:role/demo-local-web-task"
    api = "arn:aws:iam::123456789012:role/demo-local-api-task"
  }
  services = [
    { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 2, min_count = 2, max_count = 4, listener_priority = 100 },
    { name = "api", image = "nginx", container_port = 9000, cpu = 512, memory = 1024, desired_count = 1, min_count = 1, max_count = 3, listener_priority = 200, path_patterns = ["/api/*"] },
  ]
}

run "one_module_instance_per_service" {
  command = plan

  assert {
    condition     = toset(keys(module.service)) == toset(["web", "api"])
    error_message = "Each service must get its own module instance keyed by name."
  }
  assert {
    condition     = module.service["api"].log_group_name == "/ecs/demo-local/api"
    error_message = "Log groups are /ecs/<project>-<environment>/<service>."
  }
}

run "rejects_duplicate_listener_priority" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100 },
      { name = "api", image = "nginx", container_port = 9000, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100 },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_duplicate_names" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100 },
      { name = "web", image = "nginx", container_port = 9000, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 200 },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_wildcard_secret" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100,
      secrets = [{ name = "DB", value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:*" }] },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_counts_out_of_order" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 5, min_count = 1, max_count = 2, listener_priority = 100 },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_bad_cpu_and_port" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 0, cpu = 100, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100 },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_bad_account_id" {
  command = plan
  variables {
    aws_account_id = "12345"
  }
  expect_failures = [var.aws_account_id]
}

run "rejects_bad_environment" {
  command = plan
  variables {
    environment = "Prod!"
  }
  expect_failures = [var.environment]
}

# The module's own tests prove that user reaches the container definition; here the layer's type must carry it.
run "accepts_a_non_root_user" {
  command = plan
  variables {
    services = [
      { name = "web", image = "traefik/whoami:v1.11.0", container_port = 8080, cpu = 256, memory = 512, desired_count = 2, min_count = 2, max_count = 4, listener_priority = 100,
      environment = { WHOAMI_PORT_NUMBER = "8080" }, user = "65534:65534" },
    ]
  }
}

run "rejects_root_user" {
  command = plan
  variables {
    services = [
      { name = "web", image = "nginx", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 2, listener_priority = 100, user = "root" },
    ]
  }
  expect_failures = [var.services]
}
