module "security" {
  source = "../../modules/security"

  project             = var.project
  environment         = var.environment
  vpc_id              = var.vpc_id
  services            = var.services
  secret_kms_key_arns = var.secret_kms_key_arns
}
