# The ECS-optimized Amazon Linux 2 AMI, by its public SSM parameter (the plain image_id sub-parameter).
data "aws_ssm_parameter" "ecs_ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
}

locals {
  # Plain shell user data; the revision line is what makes version 2 of the On-Demand template.
  ondemand_user_data = <<-EOT
    #!/bin/bash
    # agent config revision ${var.agent_config_revision}
    cat >> /etc/ecs/ecs.config <<CFG
    ECS_CLUSTER=${aws_ecs_cluster.this.name}
    ECS_ENABLE_CONTAINER_METADATA=true
    CFG
  EOT

  spot_user_data = <<-EOT
    #!/bin/bash
    echo "ECS_CLUSTER=${aws_ecs_cluster.this.name}" >> /etc/ecs/ecs.config
    echo "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true" >> /etc/ecs/ecs.config
  EOT
}

resource "aws_launch_template" "ondemand" {
  name_prefix            = "${var.name}-ondemand-"
  image_id               = data.aws_ssm_parameter.ecs_ami.value
  instance_type          = "t3.medium"
  vpc_security_group_ids = [aws_security_group.hosts.id]
  user_data              = base64encode(local.ondemand_user_data)
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  monitoring {
    enabled = true
  }
}

resource "aws_launch_template" "spot" {
  name_prefix            = "${var.name}-spot-"
  image_id               = data.aws_ssm_parameter.ecs_ami.value
  vpc_security_group_ids = [aws_security_group.hosts.id]
  user_data              = base64encode(local.spot_user_data)

  iam_instance_profile {
    name = aws_iam_instance_profile.node.name
  }
}

resource "aws_autoscaling_group" "ondemand" {
  name                  = "${var.name}-ondemand"
  vpc_zone_identifier   = aws_subnet.public[*].id
  min_size              = 1
  max_size              = 4
  desired_capacity      = 2
  protect_from_scale_in = true # managed termination protection needs it
  health_check_type     = "EC2"

  launch_template {
    id      = aws_launch_template.ondemand.id
    version = aws_launch_template.ondemand.latest_version
  }

  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
      # ECS protects busy instances; replace them anyway (their tasks are rescheduled elsewhere)
      scale_in_protected_instances = "Refresh"
    }
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = true
    propagate_at_launch = true
  }

  tag {
    key                 = "Name"
    value               = "${var.name}-ondemand"
    propagate_at_launch = true
  }

  # ECS managed scaling owns the desired capacity once the capacity provider exists.
  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_autoscaling_group" "spot" {
  name                = "${var.name}-spot"
  vpc_zone_identifier = aws_subnet.public[*].id
  min_size            = 0
  max_size            = 6
  desired_capacity    = 2

  # Capacity counted in weights: a t3.large is 2 units, a t3.medium 1.
  mixed_instances_policy {
    instances_distribution {
      on_demand_base_capacity                  = 0
      on_demand_percentage_above_base_capacity = 0
      spot_allocation_strategy                 = "price-capacity-optimized"
    }

    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.spot.id
        version            = "$Latest"
      }

      override {
        instance_type     = "t3.large"
        weighted_capacity = "2"
      }

      override {
        instance_type     = "t3.medium"
        weighted_capacity = "1"
      }
    }
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = true
    propagate_at_launch = true
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}
