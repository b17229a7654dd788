mock_provider "aws" {
  override_during = plan

  override_resource {
    target = aws_s3_bucket.this
    values = {
      id  = "acme-dev-tfstate"
      arn = "arn:aws:s3:::acme-dev-tfstate"
    }
  }
}

variables {
  bucket_name     = "acme-dev-tfstate"
  lock_table_name = "acme-dev-tflock"
}

run "bucket_is_versioned_private_and_owner_enforced" {
  command = plan

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "State bucket versioning must be enabled."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access block settings must be true."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "Object ownership must be BucketOwnerEnforced (ACLs disabled)."
  }
}

run "default_encryption_is_sse_s3_without_key" {
  command = plan

  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"
    error_message = "Without a KMS key the bucket must use AES256."
  }

  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "The lock table must have server-side encryption enabled."
  }
}

run "default_encryption_is_kms_with_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm]) == "aws:kms"
    error_message = "With a KMS key the bucket must use aws:kms."
  }

  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(r.apply_server_side_encryption_by_default).kms_master_key_id]) == var.kms_key_arn
    error_message = "The bucket must use the given KMS key."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule[*].bucket_key_enabled) == true
    error_message = "With a KMS key the bucket key must be on (one KMS request per bucket key, not per state write)."
  }

  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].kms_key_arn == var.kms_key_arn
    error_message = "The lock table must use the given KMS key."
  }

  assert {
    condition     = local.bucket_policy.Statement[1].Condition.StringNotEquals["s3:x-amz-server-side-encryption"] == "aws:kms"
    error_message = "With a KMS key, puts asking for another algorithm must be denied."
  }
}

run "bucket_policy_denies_insecure_transport" {
  command = plan

  assert {
    condition = (
      local.bucket_policy.Statement[0].Sid == "DenyInsecureTransport"
      && local.bucket_policy.Statement[0].Effect == "Deny"
      && local.bucket_policy.Statement[0].Action == "s3:*"
      && local.bucket_policy.Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
      && toset(local.bucket_policy.Statement[0].Resource) == toset(["arn:aws:s3:::acme-dev-tfstate", "arn:aws:s3:::acme-dev-tfstate/*"])
    )
    error_message = "The bucket policy must deny every non-TLS request on the bucket and its objects."
  }

  assert {
    condition = (
      local.bucket_policy.Statement[1].Effect == "Deny"
      && local.bucket_policy.Statement[1].Action == "s3:PutObject"
      && local.bucket_policy.Statement[1].Condition.StringNotEquals["s3:x-amz-server-side-encryption"] == "AES256"
    )
    error_message = "The bucket policy must deny puts that ask for another encryption algorithm."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Effect == "Deny"])
    error_message = "The bucket policy must only deny, never grant."
  }
}

run "noncurrent_versions_expire" {
  command = plan

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "Noncurrent versions must expire after var.noncurrent_version_expiration_days."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].newer_noncurrent_versions == 10
    error_message = "The newest noncurrent versions must be kept."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].status == "Enabled"
    error_message = "The lifecycle rule must be enabled."
  }
}

run "lock_table_shape" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "LockID" && one([for a in aws_dynamodb_table.this.attribute : a.type if a.name == "LockID"]) == "S"
    error_message = "The lock table must have the string hash key LockID."
  }

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST"
    error_message = "The lock table must be on-demand (PAY_PER_REQUEST)."
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
    error_message = "The lock table must have point-in-time recovery."
  }

  assert {
    condition     = output.lock_table_name == "acme-dev-tflock" && output.bucket_arn == "arn:aws:s3:::acme-dev-tfstate"
    error_message = "Outputs must expose the table name and the bucket ARN."
  }
}

# ---- validations ------------------------------------------------------------------------------------

run "rejects_uppercase_bucket_name" {
  command = plan
  variables {
    bucket_name = "Acme-State"
  }
  expect_failures = [var.bucket_name]
}

run "rejects_too_short_bucket_name" {
  command = plan
  variables {
    bucket_name = "ab"
  }
  expect_failures = [var.bucket_name]
}

run "rejects_bad_lock_table_name" {
  command = plan
  variables {
    lock_table_name = "lock table!"
  }
  expect_failures = [var.lock_table_name]
}

run "rejects_kms_alias_instead_of_key_arn" {
  command = plan
  variables {
    kms_key_arn = "alias/terraform-state"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_zero_expiration_days" {
  command = plan
  variables {
    noncurrent_version_expiration_days = 0
  }
  expect_failures = [var.noncurrent_version_expiration_days]
}

run "rejects_too_many_kept_versions" {
  command = plan
  variables {
    noncurrent_versions_to_keep = 101
  }
  expect_failures = [var.noncurrent_versions_to_keep]
}
