module "state_backend" {
  source = "../../modules/state-backend"

  bucket_name     = var.state_bucket_name
  lock_table_name = var.lock_table_name
  kms_key_arn     = var.state_kms_key_arn
}
