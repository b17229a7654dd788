# =====================================================================================================
# Layer inputs (validated by the network module)
# =====================================================================================================

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR block of the VPC, e.g. 10.0.0.0/16."
}

variable "azs" {
  type        = list(string)
  description = "Availability zones (at least 2, unique)."
}

variable "public_subnet_cidrs" {
  type        = list(string)
  description = "Public subnet CIDR blocks, one per AZ in the order of azs."
}

variable "private_subnet_cidrs" {
  type        = list(string)
  description = "Private subnet CIDR blocks, one per AZ in the order of azs."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all AZs (cheaper, less available) instead of one per AZ."
  default     = false
}

variable "interface_endpoints" {
  type        = list(string)
  description = "Short service names of the interface VPC endpoints (com.amazonaws.<region>.<name>)."
  default     = ["ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"]
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of the VPC flow log group in days."
  default     = 30
}
