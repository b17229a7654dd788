mock_provider "aws" {
  override_during = plan

  override_data {
    target = data.aws_region.current
    values = { id = "us-east-1", name = "us-east-1" }
  }

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }

  override_data {
    target = data.aws_partition.current
    values = { partition = "aws" }
  }

  override_resource {
    target = aws_vpc.this
    values = { id = "vpc-0123456789abcdef0", cidr_block = "10.20.0.0/16" }
  }

  override_resource {
    target = aws_cloudwatch_log_group.flow_logs
    values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc-flow-logs/acme-dev" }
  }

  override_resource {
    target = aws_internet_gateway.this
    values = { id = "igw-0123456789abcdef0" }
  }

  override_resource {
    target = aws_security_group.endpoints
    values = { id = "sg-0e0000000000000e0" }
  }

  override_resource {
    target = aws_subnet.public["us-east-1a"]
    values = { id = "subnet-public-a" }
  }

  override_resource {
    target = aws_subnet.public["us-east-1b"]
    values = { id = "subnet-public-b" }
  }

  override_resource {
    target = aws_subnet.private["us-east-1a"]
    values = { id = "subnet-private-a" }
  }

  override_resource {
    target = aws_subnet.private["us-east-1b"]
    values = { id = "subnet-private-b" }
  }

  override_resource {
    target = aws_nat_gateway.this["us-east-1a"]
    values = { id = "nat-a" }
  }

  override_resource {
    target = aws_nat_gateway.this["us-east-1b"]
    values = { id = "nat-b" }
  }

  override_resource {
    target = aws_route_table.private["us-east-1a"]
    values = { id = "rtb-private-a" }
  }

  override_resource {
    target = aws_route_table.private["us-east-1b"]
    values = { id = "rtb-private-b" }
  }
}

variables {
  project              = "acme"
  environment          = "dev"
  vpc_cidr             = "10.20.0.0/16"
  azs                  = ["us-east-1a", "us-east-1b"]
  public_subnet_cidrs  = ["10.20.0.0/24", "10.20.1.0/24"]
  private_subnet_cidrs = ["10.20.10.0/24", "10.20.11.0/24"]
}

run "vpc_has_dns_and_locked_default_sg" {
  command = plan

  assert {
    condition     = aws_vpc.this.enable_dns_support && aws_vpc.this.enable_dns_hostnames
    error_message = "The VPC must have DNS support and DNS hostnames (private DNS of interface endpoints)."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must have no rules."
  }
}

run "one_public_and_one_private_subnet_per_az" {
  command = plan

  assert {
    condition     = tolist([for az in var.azs : aws_subnet.public[az].cidr_block]) == var.public_subnet_cidrs
    error_message = "Each AZ must get its public subnet in the given order."
  }

  assert {
    condition     = tolist([for az in var.azs : aws_subnet.private[az].cidr_block]) == var.private_subnet_cidrs
    error_message = "Each AZ must get its private subnet in the given order."
  }

  assert {
    condition     = alltrue([for s in values(aws_subnet.private) : !s.map_public_ip_on_launch]) && alltrue([for s in values(aws_subnet.public) : !s.map_public_ip_on_launch])
    error_message = "No subnet may assign public IPs automatically."
  }

  assert {
    condition     = toset([for s in values(aws_subnet.private) : s.availability_zone]) == toset(var.azs)
    error_message = "Private subnets must span every AZ."
  }
}

run "nat_gateway_per_az_by_default" {
  command = plan

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_eip.nat) == 2
    error_message = "Without single_nat_gateway there must be one NAT gateway and EIP per AZ."
  }

  assert {
    condition     = alltrue([for az in var.azs : aws_route.private_nat[az].nat_gateway_id == aws_nat_gateway.this[az].id])
    error_message = "Each private route table must use the NAT gateway of its own AZ."
  }

  assert {
    condition     = alltrue([for az in var.azs : aws_nat_gateway.this[az].subnet_id == aws_subnet.public[az].id])
    error_message = "NAT gateways must live in the public subnet of their AZ."
  }

  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id
    error_message = "The public route table must send 0.0.0.0/0 to the internet gateway."
  }
}

run "single_nat_gateway_is_shared" {
  command = plan

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && keys(aws_nat_gateway.this) == ["us-east-1a"]
    error_message = "single_nat_gateway must create exactly one NAT gateway, in the first AZ."
  }

  assert {
    condition     = alltrue([for az in var.azs : aws_route.private_nat[az].nat_gateway_id == aws_nat_gateway.this["us-east-1a"].id])
    error_message = "Every private route table must use the single NAT gateway."
  }

  assert {
    condition     = length(aws_route_table.private) == 2
    error_message = "There must still be one private route table per AZ."
  }
}

run "s3_gateway_endpoint_on_private_route_tables" {
  command = plan

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.us-east-1.s3"
    error_message = "There must be an S3 gateway endpoint."
  }

  assert {
    condition     = toset(aws_vpc_endpoint.s3.route_table_ids) == toset([for rt in values(aws_route_table.private) : rt.id])
    error_message = "The S3 gateway endpoint must be attached to every private route table."
  }
}

run "default_interface_endpoints_with_private_dns" {
  command = plan

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"])
    error_message = "The default interface endpoints must be ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr and logs."
  }

  assert {
    condition = alltrue([
      for k, e in aws_vpc_endpoint.interface :
      e.private_dns_enabled && e.vpc_endpoint_type == "Interface" && e.service_name == "com.amazonaws.us-east-1.${k}"
      && toset(e.subnet_ids) == toset([for s in values(aws_subnet.private) : s.id])
      && toset(e.security_group_ids) == toset([aws_security_group.endpoints.id])
    ])
    error_message = "Interface endpoints must be in the private subnets, with private DNS and the endpoint security group."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.endpoints_https.cidr_ipv4 == "10.20.0.0/16"
      && aws_vpc_security_group_ingress_rule.endpoints_https.from_port == 443
      && aws_vpc_security_group_ingress_rule.endpoints_https.to_port == 443
      && aws_vpc_security_group_ingress_rule.endpoints_https.ip_protocol == "tcp"
    )
    error_message = "The endpoint security group must allow only HTTPS from the VPC CIDR."
  }
}

run "interface_endpoint_list_is_configurable" {
  command = plan

  variables {
    interface_endpoints = ["ssm"]
  }

  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ssm"]
    error_message = "Only the listed interface endpoints may be created."
  }
}

run "flow_logs_to_scoped_log_group" {
  command = plan

  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL" && aws_flow_log.this.log_destination_type == "cloud-watch-logs"
    error_message = "Flow logs must capture all traffic into CloudWatch Logs."
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow_logs.retention_in_days == 30
    error_message = "The flow log group must have the configured retention."
  }

  assert {
    condition = toset(jsondecode(aws_iam_role_policy.flow_logs.policy).Statement[0].Resource) == toset([
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc-flow-logs/acme-dev",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc-flow-logs/acme-dev:*",
    ])
    error_message = "The flow log role may only write to its own log group."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.flow_logs.policy).Statement) == 1
    error_message = "The flow log role policy must have a single statement."
  }

  assert {
    condition     = jsondecode(aws_iam_role.flow_logs.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "The flow log role trust policy must be limited to this account."
  }
}

run "outputs_follow_az_order" {
  command = plan

  assert {
    condition     = output.azs == var.azs && tolist(output.private_subnet_ids) == tolist(["subnet-private-a", "subnet-private-b"]) && tolist(output.public_subnet_ids) == tolist(["subnet-public-a", "subnet-public-b"])
    error_message = "Outputs must list one subnet per AZ, in the order of azs."
  }

  assert {
    condition     = tolist(output.nat_gateway_ids) == tolist(["nat-a", "nat-b"]) && tolist(output.private_route_table_ids) == tolist(["rtb-private-a", "rtb-private-b"])
    error_message = "Outputs must list NAT gateways and private route tables in the order of azs."
  }

  assert {
    condition     = output.vpc_id == "vpc-0123456789abcdef0" && output.vpc_cidr_block == "10.20.0.0/16"
    error_message = "Outputs must expose the VPC id and CIDR."
  }
}

# ---- validations ------------------------------------------------------------------------------------

run "rejects_invalid_vpc_cidr" {
  command = plan
  variables {
    vpc_cidr = "10.20.0.0/33"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_too_large_vpc_cidr" {
  command = plan
  variables {
    vpc_cidr = "10.0.0.0/8"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_single_az" {
  command = plan
  variables {
    azs                  = ["us-east-1a"]
    public_subnet_cidrs  = ["10.20.0.0/24"]
    private_subnet_cidrs = ["10.20.10.0/24"]
  }
  expect_failures = [var.azs]
}

run "rejects_duplicate_azs" {
  command = plan
  variables {
    azs = ["us-east-1a", "us-east-1a"]
  }
  expect_failures = [var.azs]
}

run "rejects_malformed_az" {
  command = plan
  variables {
    azs = ["us-east-1", "us-east-1b"]
  }
  expect_failures = [var.azs]
}

run "rejects_public_subnet_count_mismatch" {
  command = plan
  variables {
    public_subnet_cidrs = ["10.20.0.0/24"]
  }
  expect_failures = [var.public_subnet_cidrs]
}

run "rejects_invalid_public_subnet_cidr" {
  command = plan
  variables {
    public_subnet_cidrs = ["10.20.0.0/24", "not-a-cidr"]
  }
  expect_failures = [var.public_subnet_cidrs]
}

run "rejects_private_subnet_count_mismatch" {
  command = plan
  variables {
    private_subnet_cidrs = ["10.20.10.0/24", "10.20.11.0/24", "10.20.12.0/24"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "rejects_invalid_private_subnet_cidr" {
  command = plan
  variables {
    private_subnet_cidrs = ["10.20.10.0/24", "10.20.300.0/24"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "rejects_overlapping_public_and_private_cidrs" {
  command = plan
  variables {
    private_subnet_cidrs = ["10.20.0.0/24", "10.20.11.0/24"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "rejects_bad_endpoint_name" {
  command = plan
  variables {
    interface_endpoints = ["com.amazonaws.us-east-1.ssm", "SSM"]
  }
  expect_failures = [var.interface_endpoints]
}

run "rejects_duplicate_endpoints" {
  command = plan
  variables {
    interface_endpoints = ["ssm", "ssm"]
  }
  expect_failures = [var.interface_endpoints]
}

run "rejects_unsupported_retention" {
  command = plan
  variables {
    flow_log_retention_days = 10
  }
  expect_failures = [var.flow_log_retention_days]
}

run "rejects_bad_flow_log_kms_key" {
  command = plan
  variables {
    flow_log_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/logs"
  }
  expect_failures = [var.flow_log_kms_key_arn]
}

run "rejects_bad_project" {
  command = plan
  variables {
    project = "Acme_Corp"
  }
  expect_failures = [var.project]
}

run "rejects_bad_environment" {
  command = plan
  variables {
    environment = "d"
  }
  expect_failures = [var.environment]
}
