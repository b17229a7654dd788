locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # `id` is the region name in provider 5.x and 6.x (`name` is deprecated in 6.x).
  region = data.aws_region.current.id

  services = { for s in var.services : s.name => s }

  # Distinct container ports, keyed by their string form for for_each.
  container_ports = { for p in distinct([for s in var.services : s.container_port]) : tostring(p) => p }

  alb_ingress = merge(
    { for pair in setproduct(var.alb_ingress_cidr_blocks, [80, 443]) : "${pair[0]}-${pair[1]}" => { cidr_ipv4 = pair[0], cidr_ipv6 = null, port = pair[1] } },
    var.alb_ingress_ipv6 ? { for p in [80, 443] : "ipv6-${p}" => { cidr_ipv4 = null, cidr_ipv6 = "::/0", port = p } } : {},
  )

  instance_egress_ports = { https = 443, http = 80 }

  # IAM role names are limited to 64 characters: long names are cut and made unique with a hash.
  role_names = {
    for n in keys(local.services) : n => {
      for kind in ["exec", "task"] : kind => (
        length("${local.name}-${n}-${kind}") <= 64
        ? "${local.name}-${n}-${kind}"
        : "${substr("${local.name}-${n}-${kind}", 0, 55)}-${substr(sha1("${local.name}-${n}-${kind}"), 0, 8)}"
      )
    }
  }

  # ---- secrets each execution role may read ---------------------------------------------------------
  # A Secrets Manager valueFrom may end in :<json-key>:<version-stage>:<version-id>; IAM needs the bare
  # secret ARN (the first 7 colon-separated fields). SSM parameter ARNs are used as they are.
  secret_arns = {
    for n, s in local.services : n => {
      ssm = sort(distinct([for sec in s.secrets : sec.value_from if split(":", sec.value_from)[2] == "ssm"]))
      secretsmanager = sort(distinct([
        for sec in s.secrets : join(":", slice(split(":", sec.value_from), 0, 7))
        if split(":", sec.value_from)[2] == "secretsmanager"
      ]))
    }
  }

  # KMS keys each execution role may decrypt with: the service's own secret_kms_key_arns when it sets
  # them (even []), else the deployment-wide secret_kms_key_arns (kept for keys shared by every service).
  secret_kms_keys = {
    for n, s in local.services : n => sort(distinct(s.secret_kms_key_arns != null ? s.secret_kms_key_arns : var.secret_kms_key_arns))
  }

  secrets_policies = {
    for n, a in local.secret_arns : n => {
      Version = "2012-10-17"
      Statement = concat(
        length(a.ssm) > 0 ? [{
          Sid      = "ReadSsmParameters"
          Effect   = "Allow"
          Action   = ["ssm:GetParameters"]
          Resource = a.ssm
        }] : [],
        length(a.secretsmanager) > 0 ? [{
          Sid      = "ReadSecretsManagerSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = a.secretsmanager
        }] : [],
        length(local.secret_kms_keys[n]) > 0 ? [{
          Sid      = "DecryptSecretsThroughTheirService"
          Effect   = "Allow"
          Action   = ["kms:Decrypt"]
          Resource = local.secret_kms_keys[n]
          Condition = {
            StringEquals = {
              "kms:ViaService" = compact([
                length(a.ssm) > 0 ? "ssm.${local.region}.amazonaws.com" : "",
                length(a.secretsmanager) > 0 ? "secretsmanager.${local.region}.amazonaws.com" : "",
              ])
            }
          }
        }] : [],
      )
    }
    # No policy at all for a service without secrets.
    if length(a.ssm) + length(a.secretsmanager) > 0
  }

  # ---- what the container instances may never read (explicit Deny on the instance role) --------------
  all_secret_ssm_arns = sort(distinct(flatten([for a in values(local.secret_arns) : a.ssm])))
  all_secret_sm_arns  = sort(distinct(flatten([for a in values(local.secret_arns) : a.secretsmanager])))
  all_secret_kms_keys = sort(distinct(concat(var.secret_kms_key_arns, flatten(values(local.secret_kms_keys)))))

  instance_deny_secrets_statements = concat(
    length(local.all_secret_ssm_arns) > 0 ? [{
      Sid      = "DenyServiceSsmParameters"
      Effect   = "Deny"
      Action   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"]
      Resource = local.all_secret_ssm_arns
    }] : [],
    length(local.all_secret_sm_arns) > 0 ? [{
      Sid      = "DenyServiceSecrets"
      Effect   = "Deny"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = local.all_secret_sm_arns
    }] : [],
    length(local.all_secret_kms_keys) > 0 ? [{
      Sid      = "DenySecretKeys"
      Effect   = "Deny"
      Action   = ["kms:Decrypt"]
      Resource = local.all_secret_kms_keys
    }] : [],
  )

  ecs_tasks_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Confused-deputy guard: only ECS acting for this account may assume the role.
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
}
