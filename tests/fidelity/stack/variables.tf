variable "region" {
  type    = string
  default = "us-east-1"
}

variable "name" {
  description = "Prefix of every name in the stack."
  type        = string
  default     = "fidelity-demo"
}

variable "vpc_cidr" {
  type    = string
  default = "10.77.0.0/16"
}

# Bumping it changes the On-Demand launch template's user data: a new template version and an instance refresh.
variable "agent_config_revision" {
  type    = number
  default = 1
}
