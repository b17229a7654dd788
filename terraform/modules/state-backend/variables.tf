variable "bucket_name" {
  type        = string
  description = "Name of the S3 bucket that holds the Terraform state of every layer (globally unique)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(var.bucket_name, "..")
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits, '.' and '-', start and end with a letter or digit, and not contain '..'."
  }
}

variable "lock_table_name" {
  type        = string
  description = "Name of the DynamoDB table used for state locking (hash key LockID)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.lock_table_name))
    error_message = "lock_table_name must be 3-255 characters of letters, digits, '_', '.' and '-'."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of a customer-managed KMS key for the bucket and the table; null uses SSE-S3 (AES256) on the bucket and the AWS-owned key on the table."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key-id> (aliases are not accepted)."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which noncurrent versions of state objects are deleted."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number >= 1."
  }
}

variable "noncurrent_versions_to_keep" {
  type        = number
  description = "Newest noncurrent versions kept regardless of their age (1-100)."
  default     = 10

  validation {
    condition     = var.noncurrent_versions_to_keep >= 1 && var.noncurrent_versions_to_keep <= 100 && floor(var.noncurrent_versions_to_keep) == var.noncurrent_versions_to_keep
    error_message = "noncurrent_versions_to_keep must be a whole number between 1 and 100."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the bucket and the table (the provider's default_tags apply as well)."
  default     = {}
}
