# =====================================================================================================
# Security groups: Internet -> ALB -> tasks; instances take no inbound traffic at all
# =====================================================================================================
# Rules are separate resources (one per rule) so each can be referenced, tested and changed alone.
# The provider removes the default allow-all egress rule when it creates each group.

resource "aws_security_group" "alb" {
  #checkov:skip=CKV2_AWS_5:Attached to the ALB of the loadbalancer layer, which lives in another state.
  name        = "${local.name}-alb"
  description = "ALB: HTTP/HTTPS from the internet, to the ECS tasks on their container ports only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "tasks" {
  #checkov:skip=CKV2_AWS_5:Attached to the ECS services of the services layer, which lives in another state.
  name        = "${local.name}-tasks"
  description = "ECS tasks (awsvpc): inbound only from the ALB on the container ports"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-tasks" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "instances" {
  #checkov:skip=CKV2_AWS_5:Attached to the launch template of the compute layer, which lives in another state.
  name        = "${local.name}-instances"
  description = "ECS container instances: no inbound traffic (no SSH; use SSM), outbound HTTP/HTTPS"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-instances" })

  lifecycle {
    create_before_destroy = true
  }
}

# ---- ALB ---------------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  #checkov:skip=CKV_AWS_260:The ALB is public by design; port 80 only redirects to HTTPS.
  for_each = local.alb_ingress

  security_group_id = aws_security_group.alb.id
  description       = each.value.port == 443 ? "HTTPS from the internet" : "HTTP from the internet (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr_ipv4
  cidr_ipv6         = each.value.cidr_ipv6

  tags = merge(var.tags, { Name = "${local.name}-alb-in-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  for_each = local.container_ports

  security_group_id            = aws_security_group.alb.id
  description                  = "To the ECS tasks on container port ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = aws_security_group.tasks.id

  tags = merge(var.tags, { Name = "${local.name}-alb-to-tasks-${each.key}" })
}

# ---- tasks -------------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  for_each = local.container_ports

  security_group_id            = aws_security_group.tasks.id
  description                  = "From the ALB on container port ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = aws_security_group.alb.id

  tags = merge(var.tags, { Name = "${local.name}-tasks-from-alb-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to AWS APIs, VPC endpoints and image registries"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(var.tags, { Name = "${local.name}-tasks-https-out" })
}

# ---- instances ---------------------------------------------------------------------------------------

resource "aws_vpc_security_group_egress_rule" "instances" {
  for_each = local.instance_egress_ports

  security_group_id = aws_security_group.instances.id
  description       = "${upper(each.key)} out for the ECS agent, SSM and package repositories"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(var.tags, { Name = "${local.name}-instances-${each.key}-out" })
}

# =====================================================================================================
# Container instance role and profile
# =====================================================================================================

resource "aws_iam_role" "instance" {
  name = "${local.name}-ecs-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = merge(var.tags, { Name = "${local.name}-ecs-instance" })
}

# ECS agent: register, poll, pull from ECR, write logs. Its published document reads no secret (no ssm,
# secretsmanager or kms action). AmazonSSMManagedInstanceCore is deliberately NOT attached: it allows
# ssm:GetParameter(s) on "*", so any host (or an escaped container) could read every SSM secret.
resource "aws_iam_role_policy_attachment" "instance" {
  for_each = toset(["service-role/AmazonEC2ContainerServiceforEC2Role"])

  role       = aws_iam_role.instance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.key}"
}

# Session Manager instead of SSH: the actions of AWS's "custom IAM role for Session Manager", with the heartbeat
# scoped to this account's instances (its resource type in the service authorization reference); the ssmmessages
# actions have no resource type. No ec2messages (Run Command), no s3/kms (session logs to S3 and KMS-encrypted
# sessions are not configured by this design).
resource "aws_iam_role_policy" "instance_session_manager" {
  #checkov:skip=CKV_AWS_290:ssmmessages channel actions have no resource type; "*" is the only resource they take.
  name = "session-manager"
  role = aws_iam_role.instance.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "SessionManagerHeartbeat"
        Effect   = "Allow"
        Action   = ["ssm:UpdateInstanceInformation"]
        Resource = "arn:${local.partition}:ec2:${local.region}:${local.account_id}:instance/*"
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
  })
}

# Defence in depth: even if a broad policy is attached to the instance role later (by hand, or by another
# tool), an explicit Deny keeps the services' secrets and their keys out of the hosts' reach.
resource "aws_iam_role_policy" "instance_deny_secrets" {
  count = length(local.instance_deny_secrets_statements) > 0 ? 1 : 0

  name = "deny-service-secrets"
  role = aws_iam_role.instance.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.instance_deny_secrets_statements
  })
}

resource "aws_iam_instance_profile" "this" {
  name = "${local.name}-ecs-instance"
  role = aws_iam_role.instance.name

  tags = merge(var.tags, { Name = "${local.name}-ecs-instance" })
}

# =====================================================================================================
# Per-service task execution role (pull image, write logs, read exactly its own secrets) and task role
# =====================================================================================================

resource "aws_iam_role" "execution" {
  for_each = local.services

  name               = local.role_names[each.key].exec
  description        = "ECS task execution role of service ${each.key}"
  assume_role_policy = local.ecs_tasks_assume_role_policy

  tags = merge(var.tags, { Name = local.role_names[each.key].exec, Service = each.key })
}

# The managed policy grants ECR pulls and CloudWatch Logs writes on "*" (ECR auth tokens cannot be scoped).
resource "aws_iam_role_policy_attachment" "execution" {
  for_each = local.services

  role       = aws_iam_role.execution[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  for_each = local.secrets_policies

  name   = "read-own-secrets"
  role   = aws_iam_role.execution[each.key].id
  policy = jsonencode(each.value)
}

# Empty by default: the application's own AWS permissions are granted to it explicitly, elsewhere.
resource "aws_iam_role" "task" {
  for_each = local.services

  name               = local.role_names[each.key].task
  description        = "ECS task role of service ${each.key}"
  assume_role_policy = local.ecs_tasks_assume_role_policy

  tags = merge(var.tags, { Name = local.role_names[each.key].task, Service = each.key })
}
