"""Small hand-written plan JSON documents (the shape of `terraform show -json PLAN`, Terraform 1.11)."""

import copy


def rc(address, rtype, actions, before, after, *, sensitive=None, unknown=None, replace_paths=None, mode="managed"):
    before, after = copy.deepcopy(before), copy.deepcopy(after)  # fixtures are edited by tests; keep them apart
    change = {"actions": actions, "before": before, "after": after, "after_unknown": unknown or {},
              "before_sensitive": sensitive or {}, "after_sensitive": sensitive or {}}
    if replace_paths:
        change["replace_paths"] = replace_paths
    return {"address": address, "mode": mode, "type": rtype, "name": address.rsplit(".", 1)[-1],
            "provider_name": "registry.terraform.io/hashicorp/aws", "change": change}


def plan(changes=(), drift=(), outputs=None):
    doc = {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": list(changes),
           "output_changes": outputs or {}}
    if drift:
        doc["resource_drift"] = list(drift)
    return doc


ALB = "module.alb.aws_lb.this"
ALB_BEFORE = {"name": "demo-local", "enable_deletion_protection": True, "idle_timeout": 60,
              "tags": {"Name": "demo-local"}}
ALB_NOW = dict(ALB_BEFORE, enable_deletion_protection=False)
NOOP_VPC = rc("module.network.aws_vpc.this", "aws_vpc", ["no-op"], {"id": "vpc-1"}, {"id": "vpc-1"})


def clean():
    return plan([NOOP_VPC])


def alb_deletion_protection_off():
    """Changed behind Terraform's back: in resource_drift (state -> now) and resource_changes (now -> config)."""
    return plan([rc(ALB, "aws_lb", ["update"], ALB_NOW, ALB_BEFORE)],
                [rc(ALB, "aws_lb", ["update"], ALB_BEFORE, ALB_NOW)])


SG = "module.security.aws_security_group.tasks"
ALB_SG_RULE = {"cidr_blocks": [], "description": "From the ALB", "from_port": 8080, "ipv6_cidr_blocks": [],
               "prefix_list_ids": [], "protocol": "tcp", "security_groups": ["123456789012/sg-alb"], "self": False,
               "to_port": 8080}
ROGUE_RULE = {"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 22, "ipv6_cidr_blocks": [],
              "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": False, "to_port": 22}


def _security_state(ingress, inline=False):
    """prior_state and configuration of a layer: the tasks group and (unless inline) its rule as a resource."""
    group = {"address": SG, "mode": "managed", "type": "aws_security_group", "name": "tasks",
             "values": {"id": "sg-tasks", "ingress": ingress, "egress": []}}
    rule = {"address": 'module.security.aws_vpc_security_group_ingress_rule.tasks_from_alb["8080"]',
            "mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "tasks_from_alb",
            "index": "8080", "values": {"security_group_id": "sg-tasks", "ip_protocol": "tcp", "from_port": 8080,
                                        "to_port": 8080, "referenced_security_group_id": "sg-alb",
                                        "cidr_ipv4": None, "cidr_ipv6": None, "prefix_list_id": None}}
    expressions = {"name": {}, "vpc_id": {}}
    if inline:
        expressions["ingress"] = {}
    config_resources = [{"address": "aws_security_group.tasks", "type": "aws_security_group",
                         "expressions": expressions}]
    return ({"values": {"root_module": {"child_modules": [{"address": "module.security",
                                                           "resources": [group] + ([] if inline else [rule])}]}}},
            {"root_module": {"module_calls": {"security": {"module": {"resources": config_resources}}}}})


def sg_rule_added(inline=False, rogue=True):
    """A rule added outside Terraform: the group's computed `ingress` drifts, the configuration plans nothing."""
    recorded = {"id": "sg-tasks", "ingress": []}  # as created: the rules came later, as separate resources
    now_ingress = [ALB_SG_RULE] + ([ROGUE_RULE] if rogue else [])
    now = {"id": "sg-tasks", "ingress": now_ingress}
    doc = plan([rc(SG, "aws_security_group", ["no-op"], now, now)],
               [rc(SG, "aws_security_group", ["update"], recorded, now)])
    doc["prior_state"], doc["configuration"] = _security_state(now_ingress, inline)
    return doc


def refresh_noise():
    """After a fresh deploy: computed attributes filled in by other resources differ; nothing is planned."""
    rt = "module.network.aws_route_table.public"
    return plan([rc(rt, "aws_route_table", ["no-op"], {"route": [{"cidr_block": "0.0.0.0/0"}]},
                    {"route": [{"cidr_block": "0.0.0.0/0"}]})],
                [rc(rt, "aws_route_table", ["update"], {"route": []}, {"route": [{"cidr_block": "0.0.0.0/0"}]}),
                 sg_rule_added(rogue=False)["resource_drift"][0]])


def pending_idle_timeout():
    """The inventory changed and was not applied: resource_changes only."""
    return plan([rc(ALB, "aws_lb", ["update"], ALB_BEFORE, dict(ALB_BEFORE, idle_timeout=120)), NOOP_VPC])


def autoscaling_only():
    """Autoscaling moved the service's desired count and the ASG's desired capacity (a configuration without
    ignore_changes would even plan them back): not drift."""
    svc = 'module.service["web"].aws_ecs_service.this'
    asg = "module.cluster.aws_autoscaling_group.this"
    return plan(
        [rc(svc, "aws_ecs_service", ["update"], {"desired_count": 5}, {"desired_count": 2}),
         rc(asg, "aws_autoscaling_group", ["update"], {"desired_capacity": 4, "max_size": 6},
            {"desired_capacity": 2, "max_size": 6})],
        [rc(svc, "aws_ecs_service", ["update"], {"desired_count": 2}, {"desired_count": 5}),
         rc(asg, "aws_autoscaling_group", ["update"], {"desired_capacity": 2, "max_size": 6},
            {"desired_capacity": 4, "max_size": 6})])


def asg_max_and_desired():
    """max_size changed by hand, desired_capacity by autoscaling: only max_size is drift."""
    asg = "module.cluster.aws_autoscaling_group.this"
    state = {"desired_capacity": 2, "max_size": 6}
    now = {"desired_capacity": 4, "max_size": 9}
    return plan([rc(asg, "aws_autoscaling_group", ["update"], now, {"desired_capacity": 4, "max_size": 6})],
                [rc(asg, "aws_autoscaling_group", ["update"], state, now)])


def sensitive_policy():
    """A widened inline policy whose value Terraform marks sensitive: the diff shows, the values are masked."""
    pol = 'aws_iam_role_policy.execution_secrets["web"]'
    state = {"name": "secrets", "policy": '{"Action":"ssm:GetParameters"}'}
    now = {"name": "secrets", "policy": '{"Action":"ssm:*"}'}
    sens = {"policy": True}
    return plan([rc(pol, "aws_iam_role_policy", ["update"], now, state, sensitive=sens)],
                [rc(pol, "aws_iam_role_policy", ["update"], state, now, sensitive=sens)])


def deleted_outside():
    """Deleted behind Terraform's back: drift says delete, the plan creates it again."""
    log = "module.service.aws_cloudwatch_log_group.this"
    return plan([rc(log, "aws_cloudwatch_log_group", ["create"], None, {"name": "/ecs/web"},
                    unknown={"arn": True})],
                [rc(log, "aws_cloudwatch_log_group", ["delete"], {"name": "/ecs/web"}, None)])


def replace_pending():
    svc = 'module.service["web"].aws_ecs_service.this'
    return plan([rc(svc, "aws_ecs_service", ["create", "delete"], {"name": "web"}, {"name": "web2"},
                    replace_paths=[["name"]])])


def data_source_only():
    return plan([rc("data.aws_ssm_parameter.ami", "aws_ssm_parameter", ["read"], None, {"value": "ami-1"},
                    mode="data")])


def outputs_only():
    return plan([NOOP_VPC], outputs={"vpc_id": {"actions": ["no-op"]}, "new_output": {"actions": ["create"]}})
