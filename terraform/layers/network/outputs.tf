output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = module.network.vpc_cidr_block
}

output "azs" {
  description = "Availability zones, in the order of the subnet lists."
  value       = module.network.azs
}

output "public_subnet_ids" {
  description = "Public subnet IDs, one per AZ."
  value       = module.network.public_subnet_ids
}

output "private_subnet_ids" {
  description = "Private subnet IDs, one per AZ."
  value       = module.network.private_subnet_ids
}

output "nat_gateway_ids" {
  description = "NAT gateway IDs."
  value       = module.network.nat_gateway_ids
}

output "private_route_table_ids" {
  description = "Private route table IDs, one per AZ."
  value       = module.network.private_route_table_ids
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs keyed by short service name."
  value       = module.network.interface_endpoint_ids
}

output "endpoints_security_group_id" {
  description = "ID of the interface endpoints' security group."
  value       = module.network.endpoints_security_group_id
}
