locals {
  name = "${var.project}-${var.environment}"

  # `id` is the region name in provider 5.x and 6.x (`name` is deprecated in 6.x).
  region     = data.aws_region.current.id
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  public_subnets  = { for i, az in var.azs : az => var.public_subnet_cidrs[i] }
  private_subnets = { for i, az in var.azs : az => var.private_subnet_cidrs[i] }

  # AZs that get a NAT gateway, and the NAT gateway each private route table uses.
  nat_azs    = var.single_nat_gateway ? [var.azs[0]] : var.azs
  nat_for_az = { for az in var.azs : az => var.single_nat_gateway ? var.azs[0] : az }

  flow_log_group_name = "/aws/vpc-flow-logs/${local.name}"
}
