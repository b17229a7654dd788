locals {
  sse_algorithm = var.kms_key_arn == null ? "AES256" : "aws:kms"
}

data "aws_partition" "current" {}

# =====================================================================================================
# S3 state bucket
# =====================================================================================================

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Access logging needs a second bucket; the state bucket is reached only by Terraform roles and CloudTrail records its API calls.
  #checkov:skip=CKV_AWS_144:Cross-region replication is an organisation-level choice; versioning protects the state here.
  #checkov:skip=CKV2_AWS_62:No consumer for event notifications on Terraform state objects.
  #checkov:skip=CKV_AWS_145:SSE-KMS is used when var.kms_key_arn is set; SSE-S3 otherwise (static analysis cannot see the variable).
  bucket = var.bucket_name
  tags   = merge(var.tags, { Name = var.bucket_name })

  # Losing the bucket loses the state of every layer.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-noncurrent-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = var.noncurrent_version_expiration_days
      newer_noncurrent_versions = var.noncurrent_versions_to_keep
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # A lifecycle rule on an unversioned bucket would be meaningless.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode(local.bucket_policy)

  # The public access block must exist first or S3 may evaluate the policy without it.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

locals {
  bucket_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      # Default encryption already encrypts every object; this refuses a put that asks for another algorithm
      # than the bucket's (with a KMS key, the backend must then be configured with kms_key_id).
      [{
        Sid       = "DenyWrongEncryptionHeader"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.this.arn}/*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = local.sse_algorithm }
          Null            = { "s3:x-amz-server-side-encryption" = "false" }
        }
      }],
    )
  }
}

# =====================================================================================================
# DynamoDB lock table
# =====================================================================================================

resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119:A customer-managed key is used when var.kms_key_arn is set; otherwise the AWS-managed key (static analysis cannot see the variable).
  name         = var.lock_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # Without a customer key, the AWS-managed key alias/aws/dynamodb is used.
  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  deletion_protection_enabled = true

  tags = merge(var.tags, { Name = var.lock_table_name })

  lifecycle {
    prevent_destroy = true
  }
}
