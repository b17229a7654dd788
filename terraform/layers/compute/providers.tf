provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = merge(var.tags, {
      Environment = var.environment
      Project     = var.project
      Owner       = var.owner
      Layer       = "compute"
      ManagedBy   = "terraform"
    })
  }
}
