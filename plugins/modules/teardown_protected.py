#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: teardown_protected
short_description: Delete the resources Terraform protects with prevent_destroy, deliberately, during a teardown
version_added: 0.1.0
description:
  - The design puts C(prevent_destroy) on the state bucket, the lock table, the ALB and the ECS cluster, so
    C(terraform destroy) refuses them. destroy.yml (non-production inventories only) first removes them from the
    layer's state, lets Terraform destroy the rest of the layer, and then calls this module to delete them.
  - Turns off ALB and DynamoDB deletion protection first, empties a versioned bucket (every version and delete
    marker), refuses a cluster that still has services or container instances, and waits until each is gone.
  - Task definitions are kept by Terraform on destroy (C(skip_destroy), so a circuit-breaker rollback always finds
    the previous revision). For an C(aws_ecs_task_definition) it deregisters every ACTIVE revision of the family
    (older ones included) and deletes them, which leaves them DELETE_IN_PROGRESS as AWS does.
  - Idempotent. A resource that no longer exists is reported in RV(already_absent). A resource given twice (by
    its ARN from the state and by its name from platform_ops.ecs_ec2.teardown_leftovers_info) is handled once.
author:
  - Platform engineering (@platform-ops)
options:
  resources:
    description: What to delete, in order.
    type: list
    elements: dict
    required: true
    suboptions:
      type:
        description: Terraform resource type.
        type: str
        required: true
        choices: [aws_lb, aws_ecs_cluster, aws_s3_bucket, aws_dynamodb_table, aws_ecs_task_definition]
      id:
        description: ARN of the ALB, name or ARN of the cluster, name of the bucket or table, ARN of a task
          definition revision (every revision of its family is removed).
        type: str
        required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - platform_ops.ecs_ec2.retries
"""

EXAMPLES = r"""
- name: Delete the ALB that Terraform protects
  platform_ops.ecs_ec2.teardown_protected:
    resources:
      - type: aws_lb
        id: arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop-dev/0123456789abcdef
"""

RETURN = r"""
deleted:
  description: Resources deleted (or that would be, in check mode), as C(type:id).
  returned: always
  type: list
  elements: str
already_absent:
  description: Resources that did not exist.
  returned: always
  type: list
  elements: str
"""

import time

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
)

GONE_CODES = {
    "LoadBalancerNotFound", "ClusterNotFoundException", "NoSuchBucket", "ResourceNotFoundException", "404",
}


def resource_name(rtype, ident):
    """State holds ARNs where a resource has one; the S3 and DynamoDB calls take names."""
    if rtype == "aws_s3_bucket" and ident.startswith("arn:"):
        return ident.split(":::", 1)[-1]
    if rtype == "aws_dynamodb_table" and ident.startswith("arn:"):
        return ident.split(":table/", 1)[-1]
    if rtype == "aws_ecs_task_definition":
        return ident.rsplit("/", 1)[-1].rsplit(":", 1)[0]  # the family
    return ident


class Teardown:
    def __init__(self, module, clients):
        self.module = module
        self.aws = clients

    # ---- one method per resource type: True when deleted, False when it was already gone ----
    def aws_lb(self, arn):
        self.aws.call("elbv2", "describe_load_balancers", LoadBalancerArns=[arn])
        if self.module.check_mode:
            return True
        self.aws.call("elbv2", "modify_load_balancer_attributes", LoadBalancerArn=arn,
                      Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}])
        self.aws.call("elbv2", "delete_load_balancer", LoadBalancerArn=arn)
        self._wait(lambda: self._absent("elbv2", "describe_load_balancers", LoadBalancerArns=[arn]), "ALB " + arn)
        return True

    def aws_ecs_cluster(self, cluster):
        found = self.aws.call("ecs", "describe_clusters", clusters=[cluster])["clusters"]
        if not found or found[0]["status"] == "INACTIVE":
            return False
        busy = found[0].get("activeServicesCount", 0) + found[0].get("registeredContainerInstancesCount", 0)
        if busy:
            self.module.fail_json(msg="ECS cluster %s still has %d services/container instances; destroy the "
                                      "services and compute layers first. Runbook: docs/runbooks.md#failed-destroy"
                                  % (cluster, busy))
        if not self.module.check_mode:
            self.aws.call("ecs", "delete_cluster", cluster=cluster)
        return True

    def aws_s3_bucket(self, bucket):
        self.aws.call("s3", "head_bucket", Bucket=bucket)
        if self.module.check_mode:
            return True
        while True:
            page = self.aws.call("s3", "list_object_versions", Bucket=bucket)
            keys = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            if not keys:
                break
            self.aws.call("s3", "delete_objects", Bucket=bucket, Delete={"Objects": keys[:1000], "Quiet": True})
        self.aws.call("s3", "delete_bucket", Bucket=bucket)
        return True

    def aws_dynamodb_table(self, table):
        desc = self.aws.call("dynamodb", "describe_table", TableName=table)["Table"]
        if self.module.check_mode:
            return True
        if desc.get("DeletionProtectionEnabled"):
            self.aws.call("dynamodb", "update_table", TableName=table, DeletionProtectionEnabled=False)
        self.aws.call("dynamodb", "delete_table", TableName=table)
        return True

    def aws_ecs_task_definition(self, family):
        listed = self.aws.paginate("ecs", "list_task_definitions", "taskDefinitionArns",
                                   familyPrefix=family, status="ACTIVE")
        # familyPrefix is a prefix: "demo-web" also lists "demo-web-admin"
        active = [arn for arn in listed if resource_name("aws_ecs_task_definition", arn) == family]
        if not active or self.module.check_mode:
            return bool(active)
        for arn in active:
            self.aws.call("ecs", "deregister_task_definition", taskDefinition=arn)
        for start in range(0, len(active), 10):  # the API takes 10 at a time
            self.aws.call("ecs", "delete_task_definitions", taskDefinitions=active[start:start + 10])
        return True

    # ---- helpers ----
    def _absent(self, service, operation, **params):
        try:
            self.aws.call(service, operation, **params)
        except AwsCallError as exc:
            if exc.code in GONE_CODES:
                return True
            raise
        return False

    def _wait(self, done, what, timeout=300, interval=2):
        deadline = time.time() + timeout
        while not done():
            if time.time() > deadline:
                self.module.fail_json(msg="%s was not deleted within %d s. Runbook: docs/runbooks.md#failed-destroy"
                                      % (what, timeout))
            time.sleep(interval)

    def run(self, resources):
        deleted, absent, seen = [], [], set()
        for res in resources:
            label = "%s:%s" % (res["type"], res["id"])
            key = (res["type"], resource_name(res["type"], res["id"]))
            if key in seen:
                continue
            seen.add(key)
            try:
                done = getattr(self, res["type"])(resource_name(res["type"], res["id"]))
                (deleted if done else absent).append(label)
            except AwsCallError as exc:
                if exc.code in GONE_CODES:
                    absent.append(label)
                    continue
                self.module.fail_json(msg="Could not delete %s: %s\nFix the cause and run destroy.yml again: it finds "
                                      "what this run left by the deployment's tags.\n"
                                      "Runbook: docs/runbooks.md#failed-destroy" % (label, exc.describe()),
                                      deleted=deleted)
        return deleted, absent


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            resources=dict(type="list", elements="dict", required=True, options=dict(
                type=dict(type="str", required=True,
                          choices=["aws_lb", "aws_ecs_cluster", "aws_s3_bucket", "aws_dynamodb_table",
                                   "aws_ecs_task_definition"]),
                id=dict(type="str", required=True),
            )),
            **RETRY_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    deleted, absent = Teardown(module, AwsClients.from_module(module)).run(module.params["resources"])
    module.exit_json(changed=bool(deleted), deleted=deleted, already_absent=absent)


if __name__ == "__main__":
    main()
