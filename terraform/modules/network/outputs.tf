output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "azs" {
  description = "Availability zones used, in the order of the subnet lists."
  value       = var.azs
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per AZ in the order of azs."
  value       = [for az in var.azs : aws_subnet.public[az].id]
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per AZ in the order of azs."
  value       = [for az in var.azs : aws_subnet.private[az].id]
}

output "nat_gateway_ids" {
  description = "IDs of the NAT gateways (one per AZ, or one in total with single_nat_gateway)."
  value       = [for az in local.nat_azs : aws_nat_gateway.this[az].id]
}

output "public_route_table_id" {
  description = "ID of the public route table."
  value       = aws_route_table.public.id
}

output "private_route_table_ids" {
  description = "IDs of the private route tables, one per AZ in the order of azs."
  value       = [for az in var.azs : aws_route_table.private[az].id]
}

output "s3_endpoint_id" {
  description = "ID of the S3 gateway endpoint."
  value       = aws_vpc_endpoint.s3.id
}

output "interface_endpoint_ids" {
  description = "IDs of the interface endpoints, keyed by short service name."
  value       = { for k, e in aws_vpc_endpoint.interface : k => e.id }
}

output "endpoints_security_group_id" {
  description = "ID of the security group of the interface endpoints."
  value       = aws_security_group.endpoints.id
}

output "flow_log_group_name" {
  description = "Name of the CloudWatch log group receiving the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
