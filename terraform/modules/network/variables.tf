variable "project" {
  type        = string
  description = "Project name, the first part of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name (local, dev, staging, prod, ...), the second part of every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters of lowercase letters, digits and '-', starting with a letter."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR block of the VPC, e.g. 10.0.0.0/16 (/16 to /28)."

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^[0-9.]+/(1[6-9]|2[0-8])$", var.vpc_cidr))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix between /16 and /28, e.g. 10.0.0.0/16."
  }
}

variable "azs" {
  type        = list(string)
  description = "Availability zones to spread the subnets over (at least 2, unique), e.g. [\"us-east-1a\", \"us-east-1b\"]."

  validation {
    condition     = length(var.azs) >= 2 && length(distinct(var.azs)) == length(var.azs)
    error_message = "azs must list at least 2 distinct availability zones."
  }

  validation {
    condition     = alltrue([for az in var.azs : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$", az))])
    error_message = "Every entry of azs must be an availability zone name such as us-east-1a."
  }
}

variable "public_subnet_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks of the public subnets (ALB, NAT gateways), one per AZ in the order of azs."

  validation {
    condition     = alltrue([for c in var.public_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "Every entry of public_subnet_cidrs must be a valid IPv4 CIDR block, e.g. 10.0.0.0/24."
  }

  validation {
    condition     = length(var.public_subnet_cidrs) == length(var.azs)
    error_message = "public_subnet_cidrs must have exactly one CIDR block per availability zone in azs."
  }
}

variable "private_subnet_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks of the private subnets (instances, tasks, endpoints), one per AZ in the order of azs."

  validation {
    condition     = alltrue([for c in var.private_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "Every entry of private_subnet_cidrs must be a valid IPv4 CIDR block, e.g. 10.0.10.0/24."
  }

  validation {
    condition     = length(var.private_subnet_cidrs) == length(var.azs)
    error_message = "private_subnet_cidrs must have exactly one CIDR block per availability zone in azs."
  }

  validation {
    condition     = length(distinct(concat(var.public_subnet_cidrs, var.private_subnet_cidrs))) == length(var.public_subnet_cidrs) + length(var.private_subnet_cidrs)
    error_message = "Public and private subnet CIDR blocks must all be different."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "true: one NAT gateway in the first AZ for all private subnets (cheaper, one AZ is a single point of failure for egress); false: one per AZ."
  default     = false
}

variable "interface_endpoints" {
  type        = list(string)
  description = "Short service names of the interface VPC endpoints to create in the private subnets (com.amazonaws.<region>.<name>)."
  default     = ["ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"]

  validation {
    condition     = alltrue([for e in var.interface_endpoints : can(regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", e))])
    error_message = "Every entry of interface_endpoints must be a short service name such as ssm, ecr.api or logs."
  }

  validation {
    condition     = length(distinct(var.interface_endpoints)) == length(var.interface_endpoints)
    error_message = "interface_endpoints must not contain duplicates."
  }
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of the VPC flow log group in days (a value CloudWatch Logs accepts)."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "flow_log_kms_key_arn" {
  type        = string
  description = "ARN of a KMS key to encrypt the flow log group; null keeps CloudWatch Logs' default encryption."
  default     = null

  validation {
    condition     = var.flow_log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.flow_log_kms_key_arn))
    error_message = "flow_log_kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key-id>."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource of the module (the provider's default_tags apply as well)."
  default     = {}
}
