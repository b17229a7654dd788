module "service" {
  source   = "../../modules/ecs-service"
  for_each = { for s in var.services : s.name => s }

  name_prefix             = "${var.project}-${var.environment}"
  service                 = each.value
  cluster_name            = var.cluster_name
  cluster_arn             = var.cluster_arn
  capacity_provider_name  = var.capacity_provider_name
  vpc_id                  = var.vpc_id
  private_subnet_ids      = var.private_subnet_ids
  tasks_security_group_id = var.tasks_security_group_id
  https_listener_arn      = var.https_listener_arn
  # A missing role surfaces as the module's "must be an IAM role ARN" validation error.
  execution_role_arn = try(var.execution_role_arns[each.key], null)
  task_role_arn      = try(var.task_role_arns[each.key], null)
  log_kms_key_arn    = var.log_kms_key_arn
}

check "on_demand_floor" {
  assert {
    condition     = var.on_demand_base_capacity > 0
    error_message = "on_demand_base_capacity is 0: every task may run on Spot and be interrupted at the same time."
  }
}
