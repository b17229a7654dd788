locals {
  cluster_name = "${var.name_prefix}-cluster"

  # Capacity provider names may not start with "aws", "ecs" or "fargate".
  capacity_provider_name = can(regex("^(aws|ecs|fargate)", var.name_prefix)) ? "cp-${var.name_prefix}" : "${var.name_prefix}-cp"

  ami_id = var.ami_id != null ? var.ami_id : data.aws_ssm_parameter.ami[0].insecure_value

  # Launch-template tag specifications and ASG tags are not covered by the provider's default_tags.
  propagated_tags = merge(data.aws_default_tags.this.tags, var.tags, { Name = "${var.name_prefix}-ecs" })

  # Plain shell run by cloud-init before ecs.service starts (Amazon Linux 2023 and 2 alike): only appends the
  # agent settings. No package manager (AL2023 has dnf, no amazon-linux-extras) and no agent restart, which
  # would wait on cloud-final and deadlock the boot.
  user_data = <<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<'CONFIG'
    ECS_CLUSTER=${local.cluster_name}
    ECS_ENABLE_SPOT_INSTANCE_DRAINING=true
    ECS_CONTAINER_STOP_TIMEOUT=${var.container_stop_timeout}
    ECS_ENABLE_CONTAINER_METADATA=true
    ECS_AWSVPC_BLOCK_IMDS=true
    CONFIG
  EOT
}
