mock_provider "aws" {
  override_data {
    target = data.aws_ssm_parameter.ami
    values = {
      insecure_value = "ami-0123456789abcdef0"
      value          = "ami-0123456789abcdef0"
    }
  }
  override_data {
    target = data.aws_default_tags.this
    values = {
      tags = { Project = "demo" }
    }
  }
}

variables {
  name_prefix                 = "demo-local"
  private_subnet_ids          = ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"]
  instances_security_group_id = "sg-0123456789abcdef0"
  instance_profile_arn        = "arn:aws:iam::123456789012:instance-profile/demo-local-ecs"
  instance_types              = ["m6i.large", "m5.large", "m5a.large"]
}

run "launch_template_is_private_imdsv2_and_encrypted" {
  command = plan

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0123456789abcdef0"
    error_message = "Without ami_id the AMI must come from the SSM parameter."
  }
  assert {
    condition     = data.aws_ssm_parameter.ami[0].name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    error_message = "The default AMI must be the ECS-optimized Amazon Linux 2023 image (plain-string .../recommended/image_id); Amazon Linux 2 is past end of support."
  }
  assert {
    condition     = aws_launch_template.this.key_name == null
    error_message = "The launch template must not carry a key pair."
  }
  assert {
    condition = (
      aws_launch_template.this.metadata_options[0].http_tokens == "required" &&
      aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 1 &&
      aws_launch_template.this.metadata_options[0].http_endpoint == "enabled"
    )
    error_message = "IMDSv2 must be required with an explicit hop limit of 1 (Amazon Linux 2023 AMIs default to 2)."
  }
  assert {
    condition = (
      aws_launch_template.this.network_interfaces[0].associate_public_ip_address == "false" &&
      aws_launch_template.this.network_interfaces[0].security_groups == toset(["sg-0123456789abcdef0"])
    )
    error_message = "Instances must get no public IP and only the instance security group."
  }
  assert {
    condition = (
      aws_launch_template.this.block_device_mappings[0].ebs[0].encrypted == "true" &&
      aws_launch_template.this.block_device_mappings[0].ebs[0].volume_type == "gp3" &&
      aws_launch_template.this.block_device_mappings[0].ebs[0].volume_size == 30
    )
    error_message = "The root volume must be an encrypted 30 GiB gp3 volume."
  }
  assert {
    condition     = aws_launch_template.this.iam_instance_profile[0].arn == var.instance_profile_arn
    error_message = "The instance profile must be attached."
  }
  assert {
    condition     = aws_launch_template.this.monitoring[0].enabled == true
    error_message = "Detailed monitoring must be on."
  }
  assert {
    condition     = toset([for t in aws_launch_template.this.tag_specifications : t.resource_type]) == toset(["instance", "volume"])
    error_message = "Tag specifications must cover exactly instances and volumes."
  }
  assert {
    condition     = aws_launch_template.this.tag_specifications[0].tags["Project"] == "demo"
    error_message = "Instances must inherit the provider's default tags."
  }
}

run "user_data_configures_the_ecs_agent" {
  command = plan

  assert {
    condition = alltrue([for line in [
      "ECS_CLUSTER=demo-local-cluster",
      "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
      "ECS_CONTAINER_STOP_TIMEOUT=30s",
      "ECS_ENABLE_CONTAINER_METADATA=true",
    ] : strcontains(base64decode(aws_launch_template.this.user_data), line)])
    error_message = "user_data must join the cluster and enable Spot draining, stop timeout and container metadata."
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.this.user_data), "ECS_AWSVPC_BLOCK_IMDS=true")
    error_message = "user_data must keep awsvpc tasks away from the instance metadata (ECS_AWSVPC_BLOCK_IMDS=true)."
  }
  assert {
    # Amazon Linux 2023 has no amazon-linux-extras; restarting the agent from user data waits on cloud-final.
    condition = alltrue([for command in [
      "amazon-linux-extras",
      "yum ",
      "systemctl restart ecs",
      "systemctl stop ecs",
    ] : !strcontains(base64decode(aws_launch_template.this.user_data), command)])
    error_message = "user_data must run unchanged on Amazon Linux 2023: no amazon-linux-extras/yum, no agent restart."
  }
}

run "amazon_linux_2_stays_selectable" {
  command = plan

  variables {
    ami_ssm_parameter = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
  }

  assert {
    condition     = data.aws_ssm_parameter.ami[0].name == "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
    error_message = "An Amazon Linux 2 .../image_id parameter must still be accepted (pre-flight warns about it)."
  }
}

run "asg_is_mixed_private_and_protected" {
  command = plan

  assert {
    condition     = toset(aws_autoscaling_group.this.vpc_zone_identifier) == toset(var.private_subnet_ids)
    error_message = "The ASG must place instances in the private subnets."
  }
  assert {
    condition = (
      aws_autoscaling_group.this.min_size == 2 &&
      aws_autoscaling_group.this.desired_capacity == 2 &&
      aws_autoscaling_group.this.max_size == 6
    )
    error_message = "ASG sizes must follow the inputs (2/2/6 by default)."
  }
  assert {
    condition = (
      aws_autoscaling_group.this.capacity_rebalance == true &&
      aws_autoscaling_group.this.protect_from_scale_in == true &&
      aws_autoscaling_group.this.health_check_type == "EC2"
    )
    error_message = "The ASG needs capacity rebalance, scale-in protection and EC2 health checks."
  }
  assert {
    condition = (
      aws_autoscaling_group.this.mixed_instances_policy[0].instances_distribution[0].on_demand_base_capacity == 1 &&
      aws_autoscaling_group.this.mixed_instances_policy[0].instances_distribution[0].on_demand_percentage_above_base_capacity == 0 &&
      aws_autoscaling_group.this.mixed_instances_policy[0].instances_distribution[0].spot_allocation_strategy == "price-capacity-optimized"
    )
    error_message = "On-Demand base 1, 0% On-Demand above it, price-capacity-optimized Spot."
  }
  assert {
    condition     = join(",", [for o in aws_autoscaling_group.this.mixed_instances_policy[0].launch_template[0].override : o.instance_type]) == join(",", var.instance_types)
    error_message = "There must be one override per instance type, in order."
  }
  assert {
    condition     = contains([for t in aws_autoscaling_group.this.tag : "${t.key}=${t.value}:${t.propagate_at_launch}" if t.key == "AmazonECSManaged"], "AmazonECSManaged=:true")
    error_message = "The ASG must carry AmazonECSManaged = \"\" propagated at launch."
  }
  assert {
    condition     = contains(aws_autoscaling_group.this.enabled_metrics, "GroupInServiceInstances") && aws_autoscaling_group.this.metrics_granularity == "1Minute"
    error_message = "GroupInServiceInstances must be collected every minute (the baseline alarm reads it)."
  }
}

run "cluster_and_capacity_provider" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this.name == "demo-local-cluster"
    error_message = "The cluster is named <prefix>-cluster."
  }
  assert {
    condition     = [for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"] == ["enabled"]
    error_message = "Container Insights must be enabled by default."
  }
  assert {
    condition = (
      aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED" &&
      aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_draining == "ENABLED"
    )
    error_message = "Managed termination protection and managed draining must be enabled."
  }
  assert {
    condition = (
      aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].status == "ENABLED" &&
      aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].target_capacity == 80
    )
    error_message = "Managed scaling must be enabled with target capacity 80."
  }
  assert {
    condition     = output.instance_warmup_period == 300
    error_message = "The warm-up the capacity provider uses is an output (the running-task alarm window derives from it)."
  }
  assert {
    condition     = aws_ecs_capacity_provider.this.name == "demo-local-cp"
    error_message = "The capacity provider is named <prefix>-cp."
  }
  assert {
    condition = (
      aws_ecs_cluster_capacity_providers.this.capacity_providers == toset(["demo-local-cp"]) &&
      [for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy : "${s.capacity_provider}/${s.base}/${s.weight}"] == ["demo-local-cp/0/1"]
    )
    error_message = "The capacity provider must be the cluster's default strategy with weight 1."
  }
}

run "pinned_ami_skips_ssm_and_reserved_prefix_is_avoided" {
  command = plan

  variables {
    name_prefix        = "ecs-demo-local"
    ami_id             = "ami-0fedcba9876543210"
    container_insights = false
    ebs_kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = length(data.aws_ssm_parameter.ami) == 0 && aws_launch_template.this.image_id == "ami-0fedcba9876543210"
    error_message = "A pinned ami_id must be used as is, without the SSM lookup."
  }
  assert {
    condition     = aws_ecs_capacity_provider.this.name == "cp-ecs-demo-local"
    error_message = "Capacity provider names must not start with ecs/aws/fargate."
  }
  assert {
    condition     = [for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"] == ["disabled"]
    error_message = "container_insights = false must disable Container Insights."
  }
  assert {
    condition     = aws_launch_template.this.block_device_mappings[0].ebs[0].kms_key_id == var.ebs_kms_key_arn
    error_message = "The given KMS key must encrypt the root volume."
  }
}

# ---- validations and preconditions ------------------------------------------------------------------------------------

run "rejects_ssm_parameter_returning_json" {
  command = plan
  variables {
    ami_ssm_parameter = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended"
  }
  expect_failures = [var.ami_ssm_parameter]
}

run "rejects_malformed_ami_from_ssm" {
  command = plan
  override_data {
    target = data.aws_ssm_parameter.ami
    values = {
      insecure_value = "{'image_id': 'ami-0123456789abcdef0'}"
    }
  }
  expect_failures = [aws_launch_template.this]
}

run "rejects_single_instance_type" {
  command = plan
  variables {
    instance_types = ["m6i.large"]
  }
  expect_failures = [var.instance_types]
}

run "rejects_desired_above_max" {
  command = plan
  variables {
    asg_desired_capacity = 7
  }
  expect_failures = [aws_autoscaling_group.this]
}

run "rejects_min_above_desired" {
  command = plan
  variables {
    asg_min_size = 3
  }
  expect_failures = [aws_autoscaling_group.this]
}

run "rejects_on_demand_base_above_min" {
  command = plan
  variables {
    on_demand_base_capacity = 3
  }
  expect_failures = [aws_autoscaling_group.this]
}

run "rejects_bad_spot_strategy" {
  command = plan
  variables {
    spot_allocation_strategy = "cheapest"
  }
  expect_failures = [var.spot_allocation_strategy]
}

run "rejects_target_capacity_above_100" {
  command = plan
  variables {
    capacity_provider_target_capacity = 120
  }
  expect_failures = [var.capacity_provider_target_capacity]
}

run "rejects_small_root_volume" {
  command = plan
  variables {
    root_volume_size = 8
  }
  expect_failures = [var.root_volume_size]
}

run "rejects_bad_ami_id" {
  command = plan
  variables {
    ami_id = "ubuntu-22.04"
  }
  expect_failures = [var.ami_id]
}

run "rejects_bad_kms_key" {
  command = plan
  variables {
    ebs_kms_key_arn = "alias/aws/ebs"
  }
  expect_failures = [var.ebs_kms_key_arn]
}

run "rejects_bad_instance_profile" {
  command = plan
  variables {
    instance_profile_arn = "demo-local-ecs"
  }
  expect_failures = [var.instance_profile_arn]
}

run "rejects_single_private_subnet" {
  command = plan
  variables {
    private_subnet_ids = ["subnet-0a0a0a0a0a0a0a0a0"]
  }
  expect_failures = [var.private_subnet_ids]
}

run "rejects_bad_security_group" {
  command = plan
  variables {
    instances_security_group_id = "default"
  }
  expect_failures = [var.instances_security_group_id]
}

run "rejects_bad_on_demand_percentage" {
  command = plan
  variables {
    on_demand_percentage_above_base = 150
  }
  expect_failures = [var.on_demand_percentage_above_base]
}

run "rejects_min_step_above_max_step" {
  command = plan
  variables {
    minimum_scaling_step_size = 5
    maximum_scaling_step_size = 2
  }
  expect_failures = [aws_ecs_capacity_provider.this]
}

run "rejects_bad_stop_timeout" {
  command = plan
  variables {
    container_stop_timeout = "30"
  }
  expect_failures = [var.container_stop_timeout]
}

run "rejects_bad_name_prefix" {
  command = plan
  variables {
    name_prefix = "Demo_Local"
  }
  expect_failures = [var.name_prefix]
}
