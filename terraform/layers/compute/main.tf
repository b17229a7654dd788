# Input validation lives in the module; errors name the module variable that rejected the value.
module "ecs_cluster" {
  source = "../../modules/ecs-cluster"

  name_prefix                       = "${var.project}-${var.environment}"
  private_subnet_ids                = var.private_subnet_ids
  instances_security_group_id       = var.instances_security_group_id
  instance_profile_arn              = var.instance_profile_arn
  instance_types                    = var.instance_types
  ami_id                            = var.ami_id
  ami_ssm_parameter                 = var.ami_ssm_parameter
  asg_min_size                      = var.asg_min_size
  asg_max_size                      = var.asg_max_size
  asg_desired_capacity              = var.asg_desired_capacity
  on_demand_base_capacity           = var.on_demand_base_capacity
  on_demand_percentage_above_base   = var.on_demand_percentage_above_base
  spot_allocation_strategy          = var.spot_allocation_strategy
  capacity_provider_target_capacity = var.capacity_provider_target_capacity
  root_volume_size                  = var.root_volume_size
  ebs_kms_key_arn                   = var.ebs_kms_key_arn
  container_insights                = var.container_insights
}
