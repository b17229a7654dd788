output "state_bucket_name" {
  description = "Name of the S3 state bucket."
  value       = module.state_backend.bucket_name
}

output "state_bucket_arn" {
  description = "ARN of the S3 state bucket."
  value       = module.state_backend.bucket_arn
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table."
  value       = module.state_backend.lock_table_name
}

output "lock_table_arn" {
  description = "ARN of the DynamoDB lock table."
  value       = module.state_backend.lock_table_arn
}
