mock_provider "aws" {
  override_during = plan

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }

  override_data {
    target = data.aws_partition.current
    values = { partition = "aws" }
  }

  override_data {
    target = data.aws_region.current
    values = { id = "us-east-1", name = "us-east-1" }
  }

  override_resource {
    target = aws_security_group.alb
    values = { id = "sg-0a1b0000000000a1b" }
  }

  override_resource {
    target = aws_security_group.tasks
    values = { id = "sg-07a5000000000007a" }
  }

  override_resource {
    target = aws_security_group.instances
    values = { id = "sg-0150000000000015a" }
  }
}

variables {
  project     = "acme"
  environment = "dev"
  vpc_id      = "vpc-0123456789abcdef0"
  services = [
    {
      name              = "web"
      image             = "public.ecr.aws/nginx/nginx:1.27"
      container_port    = 8080
      cpu               = 256
      memory            = 512
      desired_count     = 2
      min_count         = 2
      max_count         = 6
      listener_priority = 10
      secrets = [
        { name = "DB_PASSWORD", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/dev/web/db-password" },
        { name = "API_TOKEN", value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/dev/web/api-AbCdEf:token::" },
        { name = "API_USER", value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/dev/web/api-AbCdEf:user:AWSCURRENT:" },
      ]
    },
    {
      name              = "worker"
      image             = "public.ecr.aws/docker/library/busybox:1.36"
      container_port    = 9000
      cpu               = 256
      memory            = 512
      desired_count     = 1
      min_count         = 1
      max_count         = 2
      listener_priority = 20
    },
  ]
}

# ---- security groups ----------------------------------------------------------------------------------

run "alb_accepts_http_and_https_from_internet_ipv4_only_by_default" {
  command = plan

  assert {
    condition = toset([for r in values(aws_vpc_security_group_ingress_rule.alb_http) : "${r.cidr_ipv4}:${r.from_port}-${r.to_port}/${r.ip_protocol}"]) == toset([
      "0.0.0.0/0:80-80/tcp", "0.0.0.0/0:443-443/tcp",
    ])
    error_message = "The ALB must accept exactly TCP 80 and 443 from 0.0.0.0/0."
  }

  assert {
    condition     = alltrue([for r in values(aws_vpc_security_group_ingress_rule.alb_http) : r.security_group_id == "sg-0a1b0000000000a1b" && r.cidr_ipv6 == null])
    error_message = "ALB ingress rules must belong to the ALB group and not open IPv6 unless asked."
  }
}

run "alb_ipv6_ingress_is_optional" {
  command = plan

  variables {
    alb_ingress_ipv6 = true
  }

  assert {
    condition     = toset([for r in values(aws_vpc_security_group_ingress_rule.alb_http) : r.from_port if r.cidr_ipv6 == "::/0"]) == toset([80, 443])
    error_message = "With alb_ingress_ipv6 the ALB must also accept 80 and 443 from ::/0."
  }
}

run "alb_egress_only_to_tasks_on_container_ports" {
  command = plan

  assert {
    condition     = toset(keys(aws_vpc_security_group_egress_rule.alb_to_tasks)) == toset(["8080", "9000"])
    error_message = "The ALB must have one egress rule per container port."
  }

  assert {
    condition = alltrue([
      for k, r in aws_vpc_security_group_egress_rule.alb_to_tasks :
      r.security_group_id == "sg-0a1b0000000000a1b" && r.referenced_security_group_id == "sg-07a5000000000007a"
      && r.cidr_ipv4 == null && r.from_port == tonumber(k) && r.to_port == tonumber(k) && r.ip_protocol == "tcp"
    ])
    error_message = "ALB egress may only go to the task security group on the container ports."
  }
}

run "tasks_accept_only_the_alb_on_container_ports" {
  command = plan

  assert {
    condition     = toset([for r in values(aws_vpc_security_group_ingress_rule.tasks_from_alb) : r.from_port]) == toset([8080, 9000])
    error_message = "Tasks must accept exactly the container ports."
  }

  assert {
    condition = alltrue([
      for r in values(aws_vpc_security_group_ingress_rule.tasks_from_alb) :
      r.security_group_id == "sg-07a5000000000007a" && r.referenced_security_group_id == "sg-0a1b0000000000a1b"
      && r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.from_port == r.to_port
    ])
    error_message = "Task ingress must come only from the ALB security group."
  }

  assert {
    condition = (
      aws_vpc_security_group_egress_rule.tasks_https.security_group_id == "sg-07a5000000000007a"
      && aws_vpc_security_group_egress_rule.tasks_https.from_port == 443
      && aws_vpc_security_group_egress_rule.tasks_https.to_port == 443
    )
    error_message = "Tasks may only send HTTPS out."
  }
}

run "two_services_on_the_same_port_share_a_rule" {
  command = plan

  variables {
    services = [
      { name = "aa", image = "x", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 },
      { name = "bb", image = "x", container_port = 8080, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 2 },
    ]
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.tasks_from_alb) == ["8080"] && keys(aws_vpc_security_group_egress_rule.alb_to_tasks) == ["8080"]
    error_message = "A port used by several services must get a single rule."
  }
}

run "instances_have_no_ingress_and_only_web_egress" {
  command = plan

  assert {
    condition = length([
      for r in concat(values(aws_vpc_security_group_ingress_rule.alb_http), values(aws_vpc_security_group_ingress_rule.tasks_from_alb)) :
      r if r.security_group_id == "sg-0150000000000015a"
    ]) == 0
    error_message = "No ingress rule may target the instance security group."
  }

  assert {
    condition = toset([
      for r in values(aws_vpc_security_group_egress_rule.instances) : "${r.security_group_id}:${r.cidr_ipv4}:${r.from_port}-${r.to_port}/${r.ip_protocol}"
      ]) == toset([
      "sg-0150000000000015a:0.0.0.0/0:443-443/tcp", "sg-0150000000000015a:0.0.0.0/0:80-80/tcp",
    ])
    error_message = "Instances may only send HTTP and HTTPS out."
  }
}

# ---- IAM ----------------------------------------------------------------------------------------------

run "instance_role_has_the_ecs_agent_policy_and_scoped_session_manager" {
  command = plan

  assert {
    condition = toset([for a in values(aws_iam_role_policy_attachment.instance) : a.policy_arn]) == toset([
      "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    ])
    error_message = "The instance role must attach only AmazonEC2ContainerServiceforEC2Role: AmazonSSMManagedInstanceCore allows ssm:GetParameter(s) on \"*\" (every SSM secret of the account)."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.instance_session_manager.policy).Statement == [
      {
        Sid      = "SessionManagerHeartbeat"
        Effect   = "Allow"
        Action   = ["ssm:UpdateInstanceInformation"]
        Resource = "arn:aws:ec2:us-east-1:123456789012:instance/*"
      },
      {
        Sid    = "SessionManagerChannels"
        Effect = "Allow"
        Action = [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ]
        Resource = "*"
      },
    ]
    error_message = "The instance role's Session Manager policy must hold exactly the actions of AWS's minimal Session Manager role, and no read of parameters or secrets."
  }

  assert {
    condition     = jsondecode(aws_iam_role.instance.assume_role_policy).Statement[0].Principal.Service == "ec2.amazonaws.com"
    error_message = "Only EC2 may assume the instance role."
  }

  assert {
    condition     = aws_iam_instance_profile.this.role == aws_iam_role.instance.name
    error_message = "The instance profile must carry the instance role."
  }
}

run "instance_role_denies_every_service_secret_and_key" {
  command = plan

  variables {
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.instance_deny_secrets[0].policy).Statement == [
      {
        Sid      = "DenyServiceSsmParameters"
        Effect   = "Deny"
        Action   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"]
        Resource = ["arn:aws:ssm:us-east-1:123456789012:parameter/acme/dev/web/db-password"]
      },
      {
        Sid      = "DenyServiceSecrets"
        Effect   = "Deny"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/dev/web/api-AbCdEf"]
      },
      {
        Sid      = "DenySecretKeys"
        Effect   = "Deny"
        Action   = ["kms:Decrypt"]
        Resource = ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
      },
    ]
    error_message = "The instance role must explicitly deny reading every service secret and decrypting with every secret key."
  }
}

run "instance_role_has_no_deny_policy_without_secrets" {
  command = plan

  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 }]
  }

  assert {
    condition     = length(aws_iam_role_policy.instance_deny_secrets) == 0
    error_message = "Without secrets or keys there is nothing to deny (an empty policy is invalid)."
  }
}

run "roles_per_service_trust_ecs_tasks_of_this_account" {
  command = plan

  assert {
    condition     = toset(keys(aws_iam_role.execution)) == toset(["web", "worker"]) && toset(keys(aws_iam_role.task)) == toset(["web", "worker"])
    error_message = "Every service must get an execution role and a task role."
  }

  assert {
    condition = alltrue([
      for r in concat(values(aws_iam_role.execution), values(aws_iam_role.task)) :
      jsondecode(r.assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"
      && jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    ])
    error_message = "Execution and task roles must trust ecs-tasks.amazonaws.com with an aws:SourceAccount condition."
  }

  assert {
    condition     = aws_iam_role.execution["web"].name == "acme-dev-web-exec" && aws_iam_role.task["web"].name == "acme-dev-web-task"
    error_message = "Role names must be <project>-<environment>-<service>-exec|task."
  }

  assert {
    condition     = alltrue([for a in values(aws_iam_role_policy_attachment.execution) : a.policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"])
    error_message = "Execution roles must have the AmazonECSTaskExecutionRolePolicy managed policy."
  }
}

run "execution_role_reads_exactly_its_secrets" {
  command = plan

  assert {
    condition     = keys(aws_iam_role_policy.execution_secrets) == ["web"]
    error_message = "Only services with secrets may get a secrets policy."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.execution_secrets["web"].policy).Statement == [
      {
        Sid      = "ReadSsmParameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = ["arn:aws:ssm:us-east-1:123456789012:parameter/acme/dev/web/db-password"]
      },
      {
        Sid      = "ReadSecretsManagerSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/dev/web/api-AbCdEf"]
      },
    ]
    error_message = "The secrets policy must list exactly the service's SSM parameter and bare secret ARNs, without KMS when no key is given."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.execution_secrets["web"].policy, "*")
    error_message = "The secrets policy must not contain a wildcard."
  }
}

run "kms_decrypt_only_on_given_keys" {
  command = plan

  variables {
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  }

  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.execution_secrets["web"].policy).Statement : s if s.Action == ["kms:Decrypt"]]) == {
      Sid       = "DecryptSecretsThroughTheirService"
      Effect    = "Allow"
      Action    = ["kms:Decrypt"]
      Resource  = ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
      Condition = { StringEquals = { "kms:ViaService" = ["ssm.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"] } }
    }
    error_message = "kms:Decrypt must be granted on exactly the given keys, through SSM / Secrets Manager only."
  }

  assert {
    condition     = keys(aws_iam_role_policy.execution_secrets) == ["web"]
    error_message = "A KMS key alone must not give a secrets policy to a service without secrets."
  }
}

run "kms_decrypt_per_service_only_on_its_own_keys" {
  command = plan

  variables {
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000a"]
    services = [
      { name    = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
        secrets = [{ name = "A", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/web/a" }]
      secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000b"] },
      { name    = "api", image = "x", container_port = 81, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 2,
        secrets = [{ name = "B", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/api/b" }]
      secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000c"] },
      { name    = "aws-key", image = "x", container_port = 82, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 3,
        secrets = [{ name = "C", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/aws-key/c" }]
      secret_kms_key_arns = [] },
      { name = "legacy", image = "x", container_port = 83, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 4,
      secrets = [{ name = "D", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/legacy/d" }] },
    ]
  }

  assert {
    condition = {
      for n, p in aws_iam_role_policy.execution_secrets : n => flatten([for s in jsondecode(p.policy).Statement : s.Resource if s.Action == ["kms:Decrypt"]])
      } == {
      web     = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000b"]
      api     = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000c"]
      aws-key = []
      legacy  = ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000a"]
    }
    error_message = "Each execution role may decrypt only with its own service's keys (secret_kms_key_arns, [] for AWS-managed keys); a service without its own list gets the shared keys."
  }

  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.instance_deny_secrets[0].policy).Statement : s.Resource if s.Sid == "DenySecretKeys"]) == [
      "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000a",
      "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000b",
      "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000000c",
    ]
    error_message = "The instance role must deny every secret key, shared and per service."
  }
}

run "rejects_per_service_kms_alias" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:alias/web"] }]
  }
  expect_failures = [var.services]
}

run "outputs_are_keyed_by_service" {
  command = plan

  assert {
    condition     = toset(keys(output.execution_role_arns)) == toset(["web", "worker"]) && toset(keys(output.task_role_arns)) == toset(["web", "worker"])
    error_message = "Role ARN outputs must be maps keyed by service name."
  }

  assert {
    condition     = output.alb_security_group_id == "sg-0a1b0000000000a1b" && output.tasks_security_group_id == "sg-07a5000000000007a" && output.instances_security_group_id == "sg-0150000000000015a"
    error_message = "Security group outputs must expose the three groups."
  }
}

run "long_names_stay_within_iam_limits" {
  command = plan

  variables {
    project     = "abcdefghijklmnopqrst"
    environment = "abcdefghijklmnop"
    services = [
      { name = "a23456789012345678901234567890b", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 },
      { name = "a23456789012345678901234567890c", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 2 },
    ]
  }

  assert {
    condition     = alltrue([for r in concat(values(aws_iam_role.execution), values(aws_iam_role.task)) : length(r.name) <= 64])
    error_message = "Role names must be at most 64 characters."
  }

  assert {
    condition     = length(distinct([for r in concat(values(aws_iam_role.execution), values(aws_iam_role.task)) : r.name])) == 4
    error_message = "Shortened role names must stay unique."
  }
}

# ---- validations ------------------------------------------------------------------------------------

run "rejects_bad_service_name" {
  command = plan
  variables {
    services = [{ name = "Web_1", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 }]
  }
  expect_failures = [var.services]
}

run "rejects_duplicate_service_names" {
  command = plan
  variables {
    services = [
      { name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 },
      { name = "web", image = "x", container_port = 81, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 2 },
    ]
  }
  expect_failures = [var.services]
}

run "rejects_port_zero" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 0, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 }]
  }
  expect_failures = [var.services]
}

run "rejects_port_above_65535" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 70000, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1 }]
  }
  expect_failures = [var.services]
}

run "rejects_secret_by_name_instead_of_arn" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secrets = [{ name = "DB_PASSWORD", value_from = "/acme/dev/db-password" }] }]
  }
  expect_failures = [var.services]
}

run "rejects_wildcard_ssm_arn" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secrets = [{ name = "DB_PASSWORD", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/*" }] }]
  }
  expect_failures = [var.services]
}

run "rejects_wildcard_secretsmanager_arn" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secrets = [{ name = "TOKEN", value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-??????" }] }]
  }
  expect_failures = [var.services]
}

run "rejects_arn_of_another_service" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secrets = [{ name = "TOKEN", value_from = "arn:aws:s3:::acme-secrets/token" }] }]
  }
  expect_failures = [var.services]
}

run "rejects_bad_secret_env_name" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
    secrets = [{ name = "1-TOKEN", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/token" }] }]
  }
  expect_failures = [var.services]
}

run "rejects_duplicate_secret_names" {
  command = plan
  variables {
    services = [{ name = "web", image = "x", container_port = 80, cpu = 256, memory = 512, desired_count = 1, min_count = 1, max_count = 1, listener_priority = 1,
      secrets = [
        { name = "TOKEN", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/a" },
        { name = "TOKEN", value_from = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/b" },
    ] }]
  }
  expect_failures = [var.services]
}

run "rejects_kms_alias" {
  command = plan
  variables {
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:alias/secrets"]
  }
  expect_failures = [var.secret_kms_key_arns]
}

run "rejects_kms_wildcard" {
  command = plan
  variables {
    secret_kms_key_arns = ["arn:aws:kms:us-east-1:123456789012:key/*"]
  }
  expect_failures = [var.secret_kms_key_arns]
}

run "rejects_bad_vpc_id" {
  command = plan
  variables {
    vpc_id = "vpc-XYZ"
  }
  expect_failures = [var.vpc_id]
}

run "rejects_bad_alb_cidr" {
  command = plan
  variables {
    alb_ingress_cidr_blocks = ["::/0"]
  }
  expect_failures = [var.alb_ingress_cidr_blocks]
}

run "rejects_bad_project" {
  command = plan
  variables {
    project = "ACME"
  }
  expect_failures = [var.project]
}

run "rejects_bad_environment" {
  command = plan
  variables {
    environment = "production-environment-1"
  }
  expect_failures = [var.environment]
}
