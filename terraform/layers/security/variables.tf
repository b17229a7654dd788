# =====================================================================================================
# Layer inputs (validated by the security module)
# =====================================================================================================

variable "vpc_id" {
  type        = string
  description = "ID of the VPC (output vpc_id of the network layer)."
}

# The full service object, so the orchestrator can pass the same list to this layer and to services.
variable "services" {
  type = list(object({
    name                 = string
    image                = string
    container_port       = number
    cpu                  = number
    memory               = number
    desired_count        = number
    min_count            = number
    max_count            = number
    listener_priority    = number
    health_check_path    = optional(string, "/health")
    health_check_matcher = optional(string, "200")
    path_patterns        = optional(list(string), ["/*"])
    host_headers         = optional(list(string), [])
    environment          = optional(map(string), {})
    secrets              = optional(list(object({ name = string, value_from = string })), [])
    cpu_target           = optional(number, 60)
    memory_target        = optional(number, 70)
    scheduled_scaling    = optional(list(object({ name = string, schedule = string, min_count = number, max_count = number })), [])
    log_retention_days   = optional(number, 30)
    secret_kms_key_arns  = optional(list(string))
  }))
  description = "ECS services; this layer uses name, container_port, secrets (ARNs only) and secret_kms_key_arns (the keys of that service's own secrets)."
}

variable "secret_kms_key_arns" {
  type        = list(string)
  description = "KMS key ARNs shared by every service's secrets; the execution role of a service without its own secret_kms_key_arns gets kms:Decrypt on exactly these."
  default     = []
}
