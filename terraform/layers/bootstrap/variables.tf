# =====================================================================================================
# Layer inputs (validated again by the state-backend module)
# =====================================================================================================

variable "state_bucket_name" {
  type        = string
  description = "Name of the S3 bucket that will hold the Terraform state of every layer (globally unique)."
}

variable "lock_table_name" {
  type        = string
  description = "Name of the DynamoDB table used for state locking."
}

variable "state_kms_key_arn" {
  type        = string
  description = "Optional customer-managed KMS key ARN for the bucket and the table; null uses SSE-S3 / the AWS-managed DynamoDB key."
  default     = null
}
