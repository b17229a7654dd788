#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: teardown_leftovers_info
short_description: Find the protected resources of a deployment that a failed teardown left outside every state
version_added: 0.1.0
description:
  - destroy.yml takes the protected resources (ALB, ECS cluster, state bucket, lock table, task definitions) out of
    a layer's Terraform state before C(terraform destroy) and deletes them through the API after it
    (platform_ops.ecs_ec2.teardown_protected). When that run fails in between, they are in no state any more.
    This module finds them again, so that a re-run of destroy.yml finishes the job, and so that the end of
    destroy.yml can list whatever is still there.
  - A resource is returned only when it carries every default tag the layers' provider sets, with this
    deployment's values (C(Project), C(Environment), C(ManagedBy=terraform) and a C(Layer) among O(layers)).
    A resource missing any of them is never returned, whatever its name.
  - Load balancers and ECS clusters of the region are listed and their tags read (C(DescribeTags), C(DescribeClusters)
    with C(TAGS)); task definitions are the families starting with O(task_definition_family_prefix) whose newest
    ACTIVE revision carries the tags; buckets and tables are only those named in O(bucket_names) and
    O(table_names) (the state backend's), and only when they carry the tags too.
  - An INACTIVE cluster, a table being deleted and a deregistered task definition are not leftovers.
  - Read-only; supports check mode.
author:
  - Platform engineering (@platform-ops)
options:
  project:
    description: The deployment's C(Project) tag (inventory C(ecs_project)).
    type: str
    required: true
  environment:
    description: The deployment's C(Environment) tag (inventory C(ecs_environment)).
    type: str
    required: true
  layers:
    description: The C(Layer) tags to look for; the result lists them in this order.
    type: list
    elements: str
    required: true
  bucket_names:
    description: Buckets to check (the state bucket); each is returned only when it carries the tags.
    type: list
    elements: str
    default: []
  table_names:
    description: DynamoDB tables to check (the lock table); each is returned only when it carries the tags.
    type: list
    elements: str
    default: []
  task_definition_family_prefix:
    description:
      - Prefix of the task definition families to check; the services layer names them
        C(<project>-<environment>-<service>).
      - Defaults to C(<project>-<environment>-). An empty string checks no task definition.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - platform_ops.ecs_ec2.retries
"""

EXAMPLES = r"""
- name: What did a failed destroy leave in the loadbalancer layer?
  platform_ops.ecs_ec2.teardown_leftovers_info:
    project: shop
    environment: dev
    layers: [loadbalancer]
  register: leftovers

- name: Everything of the deployment still there, state backend included
  platform_ops.ecs_ec2.teardown_leftovers_info:
    project: shop
    environment: dev
    layers: [bootstrap, network, security, loadbalancer, compute, services, observability]
    bucket_names: [shop-dev-tfstate-111111111111]
    table_names: [shop-dev-tflock]
"""

RETURN = r"""
leftovers:
  description: Every resource found, sorted by layer, type and id; C(type) is the Terraform type, C(id) what
    platform_ops.ecs_ec2.teardown_protected takes (ARN of the ALB, cluster or newest task definition revision; name
    of the bucket or table).
  returned: always
  type: list
  elements: dict
  sample: [{layer: loadbalancer, type: aws_lb, name: shop-dev-alb,
            id: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop-dev-alb/0123456789abcdef"}]
by_layer:
  description: The same, per layer of O(layers) (an empty list for a layer with none).
  returned: always
  type: dict
lines:
  description: "One line per leftover, C(<layer>: <type> <name> (<id>)), for people."
  returned: always
  type: list
  elements: str
api_calls:
  description: AWS API calls made, per service.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.teardown_leftovers import (
    LeftoverFinder,
    by_layer,
    describe,
)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            project=dict(type="str", required=True),
            environment=dict(type="str", required=True),
            layers=dict(type="list", elements="str", required=True),
            bucket_names=dict(type="list", elements="str", default=[]),
            table_names=dict(type="list", elements="str", default=[]),
            task_definition_family_prefix=dict(type="str"),
            **RETRY_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    p = module.params
    api = AwsClients.from_module(module)
    finder = LeftoverFinder(api, p["project"], p["environment"], p["layers"], p["bucket_names"], p["table_names"],
                            p["task_definition_family_prefix"])
    try:
        leftovers = finder.collect()
    except AwsCallError as exc:
        module.fail_json(msg="Could not look for what the teardown left: %s" % exc.describe(), error_code=exc.code,
                         api_calls=api.api_calls)
    module.exit_json(changed=False, leftovers=leftovers, by_layer=by_layer(leftovers, p["layers"]),
                     lines=describe(leftovers), api_calls=api.api_calls)


if __name__ == "__main__":
    main()
