"""Canned input for the prevent_destroy refusal tests: a failed plan's error text and its errored plan JSON."""

# community.general.terraform's message for a failed plan, with Terraform's output as it prints it (-no-color,
# wrapped at 78 columns), taken from a site.yml run on the emulator and trimmed; the plan's own text has a line with
# "Resource actions", and the second address (added here) is long enough to push "lifecycle" onto the next line.
ERROR = """Terraform plan could not be created
STDOUT: module.alb.aws_lb.this: Refreshing state... [id=arn:aws:elasticloadbalancing:us-east-1:...]

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
-/+ destroy and then create replacement

Terraform planned the following actions, but then encountered a problem:

  # module.alb.aws_lb.this must be replaced
-/+ resource "aws_lb" "this" {
      ~ name                                   = "demo-local-alb" -> "demo2-local-alb" # forces replacement
        # (17 unchanged attributes hidden)
    }

Plan: 1 to add, 0 to change, 1 to destroy.

STDERR:
Error: Instance cannot be destroyed

  on ../../modules/alb/main.tf line 5:
   5: resource "aws_lb" "this" {

Resource module.alb.aws_lb.this has lifecycle.prevent_destroy set, but the
plan calls for this resource to be destroyed. To avoid this error and continue
with the plan, either disable lifecycle.prevent_destroy or reduce the scope of
the plan using the -target option.

Error: Instance cannot be destroyed

  on ../../modules/ecs-cluster/main.tf line 147:
 147: resource "aws_ecs_cluster" "this" {

Resource module.cluster["a-rather-long-key-name"].aws_ecs_cluster.this has
lifecycle.prevent_destroy set, but the plan calls for this resource to be
destroyed. To avoid this error and continue with the plan, either disable
lifecycle.prevent_destroy or reduce the scope of the plan using the -target
option.

COMMAND: terraform plan -lock-timeout=120s -no-color -input=false -detailed-exitcode -out /w/layer.tfplan"""


def errored_plan():
    """What `terraform show -json` gives for the errored plan Terraform saved (trimmed to what matters)."""
    return {
        "format_version": "1.2",
        "errored": True,
        "applyable": False,
        "resource_changes": [
            {"address": "module.alb.aws_lb.this", "mode": "managed", "type": "aws_lb",
             "action_reason": "replace_because_cannot_update",
             "change": {"actions": ["delete", "create"],
                        "before": {"name": "demo-local-alb", "idle_timeout": 60, "arn": "arn:aws:elb:1"},
                        "after": {"name": "demo2-local-alb", "idle_timeout": 60},
                        "after_unknown": {"arn": True, "dns_name": True},
                        "replace_paths": [["name"]]}},
            {"address": "module.alb.aws_lb_listener.https", "mode": "managed", "type": "aws_lb_listener",
             "change": {"actions": ["delete", "create"], "before": {"load_balancer_arn": "arn:aws:elb:1"},
                        "after": {}, "after_unknown": {"load_balancer_arn": True},
                        "replace_paths": [["load_balancer_arn"]]}},
            {"address": 'module.cluster["a-rather-long-key-name"].aws_ecs_cluster.this', "mode": "managed",
             "type": "aws_ecs_cluster", "action_reason": "delete_because_each_key",
             "change": {"actions": ["delete"], "before": {"name": "c"}, "after": None}},
        ],
    }
