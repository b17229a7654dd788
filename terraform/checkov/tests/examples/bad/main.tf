# Deliberately non-compliant: each resource must fail exactly one project check. Never applied; excluded from the
# repository scan by .checkov.yml (skip-path).

resource "aws_launch_template" "unencrypted_root" {
  name = "bad-unencrypted"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      encrypted   = false
    }
  }
}

resource "aws_launch_template" "encryption_not_set" {
  name = "bad-unset"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
    }
  }
}

resource "aws_launch_template" "no_mappings" {
  name = "bad-no-mappings"
}

resource "aws_iam_role_policy" "secrets_everywhere" {
  name = "bad-secrets"
  role = "bad-role"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "ssm_wildcard_action_and_path" {
  name = "bad-ssm"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ssm:GetParameter*"
      Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/*"
    }]
  })
}

resource "aws_iam_role" "inline_kms_star" {
  name               = "bad-inline"
  assume_role_policy = "{}"
  inline_policy {
    name = "kms"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }]
    })
  }
}

data "aws_iam_policy_document" "decrypt_anything" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}

# CKV_ECSEC2_4: AWS-managed policies whose published documents read secrets on "*", written as HEAD's security
# module attached AmazonSSMManagedInstanceCore (partition from a data source, the name from for_each).
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  role       = "bad-instance"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role_policy_attachment" "managed_secret_readers" {
  for_each = toset(["AmazonSSMManagedInstanceCore", "SecretsManagerReadWrite"])

  role       = "bad-instance"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.key}"
}
