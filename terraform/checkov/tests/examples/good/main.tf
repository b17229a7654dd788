# Compliant counterparts: every resource must pass the project checks.

resource "aws_launch_template" "encrypted_root" {
  name = "good-encrypted"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      volume_type = "gp3"
      encrypted   = true
    }
  }
}

resource "aws_iam_role_policy" "exact_secret" {
  name = "good-secrets"
  role = "good-role"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "ssm:GetParameters"]
        Resource = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/db-AbCdEf", "arn:aws:ssm:us-east-1:123456789012:parameter/demo/api-url"]
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "ecr:GetAuthorizationToken"]
        Resource = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "key_policy" {
  # A key policy: the Principal makes "*" mean "this key".
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "exact_key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
  }
}

# CKV_ECSEC2_4: the ECS agent's AWS-managed policy reads no secret.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "ecs_agent" {
  for_each = toset(["service-role/AmazonEC2ContainerServiceforEC2Role"])

  role       = "good-instance"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.key}"
}
