# The ECS-optimized AMI, only looked up when no AMI is pinned.
data "aws_ssm_parameter" "ami" {
  count = var.ami_id == null ? 1 : 0
  name  = var.ami_ssm_parameter
}

data "aws_default_tags" "this" {}
