# ---------------------------------------------------------------------------------------------------------------------
# Launch template: private, IMDSv2-only, encrypted, no SSH
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_launch_template" "this" {
  name                   = "${var.name_prefix}-ecs"
  description            = "ECS container instances of ${local.cluster_name}"
  image_id               = local.ami_id
  update_default_version = true
  user_data              = base64encode(local.user_data)
  tags                   = var.tags
  # No key_name: there is no SSH access, operators use SSM Session Manager.

  iam_instance_profile {
    arn = var.instance_profile_arn
  }

  # IMDSv2 only, one hop: the agent (host network) reaches IMDS, bridge-mode containers cannot reach the instance
  # credentials. The hop limit is set explicitly because Amazon Linux 2023 AMIs default to 2 (imds-support v2.0).
  # awsvpc tasks are blocked by ECS_AWSVPC_BLOCK_IMDS and get their task role's credentials from the agent.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
    delete_on_termination       = true
    security_groups             = [var.instances_security_group_id]
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size
      encrypted             = true
      kms_key_id            = var.ebs_kms_key_arn
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.propagated_tags
  }

  tag_specifications {
    resource_type = "volume"
    tags          = local.propagated_tags
  }

  lifecycle {
    precondition {
      condition     = can(regex("^ami-[0-9a-f]{8,17}$", local.ami_id))
      error_message = "The AMI ID (from ami_id or ${var.ami_ssm_parameter}) must look like ami-0123456789abcdef0; use an .../image_id parameter."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Auto Scaling group: On-Demand base, Spot above it, spread over the private subnets
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_autoscaling_group" "this" {
  name                  = "${var.name_prefix}-ecs"
  vpc_zone_identifier   = var.private_subnet_ids
  min_size              = var.asg_min_size
  max_size              = var.asg_max_size
  desired_capacity      = var.asg_desired_capacity
  health_check_type     = "EC2"
  capacity_rebalance    = true
  protect_from_scale_in = true # required by managed termination protection
  metrics_granularity   = "1Minute"
  enabled_metrics = [
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupMaxSize",
    "GroupMinSize",
    "GroupPendingInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
  ]

  mixed_instances_policy {
    instances_distribution {
      on_demand_base_capacity                  = var.on_demand_base_capacity
      on_demand_percentage_above_base_capacity = var.on_demand_percentage_above_base
      spot_allocation_strategy                 = var.spot_allocation_strategy
    }

    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.this.id
        version            = aws_launch_template.this.latest_version
      }

      dynamic "override" {
        for_each = var.instance_types
        content {
          instance_type = override.value
        }
      }
    }
  }

  # ECS refuses to manage a group without this tag once a capacity provider uses it.
  tag {
    key                 = "AmazonECSManaged"
    value               = ""
    propagate_at_launch = true
  }

  dynamic "tag" {
    for_each = local.propagated_tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false # instances get their tags from the launch template
    }
  }

  lifecycle {
    # The capacity provider's managed scaling owns the desired capacity after creation.
    ignore_changes = [desired_capacity]

    precondition {
      condition     = var.asg_min_size <= var.asg_desired_capacity && var.asg_desired_capacity <= var.asg_max_size
      error_message = "The Auto Scaling group sizes must satisfy asg_min_size <= asg_desired_capacity <= asg_max_size."
    }

    precondition {
      condition     = var.on_demand_base_capacity <= var.asg_min_size
      error_message = "on_demand_base_capacity must be <= asg_min_size, or the On-Demand floor could not be kept."
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# ECS cluster and its capacity provider
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_cluster" "this" {
  name = local.cluster_name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_ecs_capacity_provider" "this" {
  name = local.capacity_provider_name
  tags = var.tags

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.this.arn
    managed_termination_protection = "ENABLED"
    managed_draining               = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = var.capacity_provider_target_capacity
      minimum_scaling_step_size = var.minimum_scaling_step_size
      maximum_scaling_step_size = var.maximum_scaling_step_size
      instance_warmup_period    = var.instance_warmup_period
    }
  }

  lifecycle {
    precondition {
      condition     = var.minimum_scaling_step_size <= var.maximum_scaling_step_size
      error_message = "minimum_scaling_step_size must be <= maximum_scaling_step_size."
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.this.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    base              = 0
    weight            = 1
  }
}
