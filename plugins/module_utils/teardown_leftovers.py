# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""What a teardown leaves when no Terraform state lists it any more: the protected resources of a deployment.

destroy.yml takes the protected resources (ALB, ECS cluster, state bucket, lock table, task definitions) out of a
layer's state before `terraform destroy` and deletes them through the API afterwards; a run that fails in between
leaves them in no state. They are found again here by the provider's default tags, all of which must match:
Project, Environment, ManagedBy=terraform and a Layer among those asked for. Anything missing one of them is never
returned, whatever its name.

Per-service describe calls, not the Resource Groups Tagging API: they answer for every one of these types on AWS
and on the emulator alike, and they say whether a resource is really still there (an INACTIVE cluster or a
deleting table is not a leftover). Buckets and tables are looked up by the names the inventory gives (the state
backend's), task definitions by the family prefix the services layer uses: listing every bucket or table of an
account would cost one call per resource, and a bucket in another region cannot be asked for its tags here.
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError

# Errors that mean "there is no such resource" for the lookups by name.
ABSENT_CODES = {"NoSuchBucket", "NoSuchTagSet", "NoSuchTagSetError", "ResourceNotFoundException", "404",
                "NotFound"}


def tag_map(tags, key="Key", value="Value"):
    return {t[key]: t[value] for t in tags or []}


class LeftoverFinder:
    """Resources of the protected types that carry this deployment's tags, for the given layers."""

    def __init__(self, api, project, environment, layers, bucket_names=(), table_names=(), family_prefix=None):
        self.api = api
        self.project = project
        self.environment = environment
        self.layers = set(layers)
        self.bucket_names = sorted(set(bucket_names))
        self.table_names = sorted(set(table_names))
        self.family_prefix = family_prefix if family_prefix is not None else f"{project}-{environment}-"

    def layer_of(self, tags):
        """The Layer tag when every tag of the deployment is there, else None."""
        if (tags.get("Project") == self.project and tags.get("Environment") == self.environment
                and tags.get("ManagedBy") == "terraform" and tags.get("Layer") in self.layers):
            return tags["Layer"]
        return None

    def collect(self):
        found = []
        for kind in (self.load_balancers, self.clusters, self.task_definitions, self.buckets, self.tables):
            found.extend(kind())
        return sorted(found, key=lambda r: (r["layer"], r["type"], r["id"]))

    @staticmethod
    def _item(layer, rtype, ident, name):
        return {"layer": layer, "type": rtype, "id": ident, "name": name}

    # ---- one method per type ------------------------------------------------------------------------------------
    def load_balancers(self):
        lbs = self.api.paginate("elbv2", "describe_load_balancers", "LoadBalancers")
        names = {lb["LoadBalancerArn"]: lb["LoadBalancerName"] for lb in lbs}
        arns = sorted(names)
        found = []
        for start in range(0, len(arns), 20):  # DescribeTags takes 20 ARNs at a time
            described = self.api.call("elbv2", "describe_tags", ResourceArns=arns[start:start + 20])
            for desc in described["TagDescriptions"]:
                layer = self.layer_of(tag_map(desc.get("Tags")))
                if layer:
                    found.append(self._item(layer, "aws_lb", desc["ResourceArn"], names[desc["ResourceArn"]]))
        return found

    def clusters(self):
        arns = self.api.paginate("ecs", "list_clusters", "clusterArns")
        found = []
        for start in range(0, len(arns), 100):  # DescribeClusters takes 100 at a time
            described = self.api.call("ecs", "describe_clusters", clusters=arns[start:start + 100], include=["TAGS"])
            for cluster in described["clusters"]:
                layer = self.layer_of(tag_map(cluster.get("tags"), "key", "value"))
                if layer and cluster.get("status") != "INACTIVE":
                    found.append(self._item(layer, "aws_ecs_cluster", cluster["clusterArn"], cluster["clusterName"]))
        return found

    def task_definitions(self):
        """One entry per family whose newest ACTIVE revision carries the tags (teardown removes the family)."""
        if not self.family_prefix:
            return []
        # ListTaskDefinitionFamilies filters by prefix; ListTaskDefinitions' familyPrefix is a whole family name.
        families = self.api.paginate("ecs", "list_task_definition_families", "families",
                                     familyPrefix=self.family_prefix, status="ACTIVE")
        newest = {}
        for family in sorted(set(families)):
            if not family.startswith(self.family_prefix):
                continue
            arns = self.api.paginate("ecs", "list_task_definitions", "taskDefinitionArns", familyPrefix=family,
                                     status="ACTIVE")
            arns = [a for a in arns if a.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family]
            if arns:
                newest[family] = max(arns, key=lambda a: int(a.rsplit(":", 1)[-1]))
        found = []
        for family, arn in sorted(newest.items()):
            described = self.api.call("ecs", "describe_task_definition", taskDefinition=arn, include=["TAGS"])
            layer = self.layer_of(tag_map(described.get("tags"), "key", "value"))
            if layer and described["taskDefinition"].get("status") == "ACTIVE":
                found.append(self._item(layer, "aws_ecs_task_definition", arn, family))
        return found

    def buckets(self):
        found = []
        for name in self.bucket_names:
            try:
                tags = self.api.call("s3", "get_bucket_tagging", Bucket=name).get("TagSet")
            except AwsCallError as exc:
                if exc.code in ABSENT_CODES:
                    continue
                raise
            layer = self.layer_of(tag_map(tags))
            if layer:
                found.append(self._item(layer, "aws_s3_bucket", name, name))
        return found

    def tables(self):
        found = []
        for name in self.table_names:
            try:
                table = self.api.call("dynamodb", "describe_table", TableName=name)["Table"]
                if table.get("TableStatus") == "DELETING":
                    continue
                tags = self._table_tags(table["TableArn"])
            except AwsCallError as exc:
                if exc.code in ABSENT_CODES:
                    continue
                raise
            layer = self.layer_of(tag_map(tags))
            if layer:
                found.append(self._item(layer, "aws_dynamodb_table", name, name))
        return found

    def _table_tags(self, arn):
        """ListTagsOfResource pages with NextToken and boto3 has no paginator for it."""
        tags, token = [], None
        while True:
            page = self.api.call("dynamodb", "list_tags_of_resource", ResourceArn=arn,
                                 **({"NextToken": token} if token else {}))
            tags.extend(page.get("Tags", []))
            token = page.get("NextToken")
            if not token:
                return tags


def by_layer(leftovers, layers):
    """Every asked-for layer, with its leftovers (empty list when none), in the order given."""
    return {layer: [r for r in leftovers if r["layer"] == layer] for layer in layers}


def describe(leftovers):
    """One line per leftover, for people: `<layer>: <type> <name> (<id>)`."""
    return ["%s: %s %s%s" % (r["layer"], r["type"], r["name"], "" if r["id"] == r["name"] else " (%s)" % r["id"])
            for r in leftovers]
