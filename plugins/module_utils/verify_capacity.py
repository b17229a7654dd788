# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""The cluster's capacity provider and its Auto Scaling group, as designed and holding the On-Demand baseline.

Settings (status, managed scaling, termination protection, attachment to the cluster) cannot change by waiting, so a
wrong one ends the wait at once; instance counts can (instances boot and register), so those are polled.
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import (
    Check,
    Observation,
    chunks,
    settle_together,
)


class CapacityProviderVerifier:
    def __init__(self, api, cluster_name, capacity_provider_name, asg_name, on_demand_base_capacity,
                 target_capacity=80, min_azs=2):
        self.api = api
        self.cluster_name = cluster_name
        self.name = capacity_provider_name
        self.asg_name = asg_name
        self.baseline = on_demand_base_capacity
        self.target_capacity = target_capacity
        self.min_azs = min_azs

    def observe(self, poll=1):
        provider = self._provider()
        cluster = self._cluster()
        instances = self._container_instances()
        asg = self._asg()
        checks = settle_together(self._provider_checks(provider, cluster) + self._instance_checks(instances)
                                 + self._asg_checks(asg))
        return Observation(checks, dict(capacity_provider=provider, container_instances=instances,
                                        auto_scaling_group=asg))

    # ---- reads --------------------------------------------------------------------------------------------------
    def _provider(self):
        found = self.api.call("ecs", "describe_capacity_providers", capacityProviders=[self.name])
        for cp in found.get("capacityProviders", []):
            if cp.get("name") == self.name or cp.get("capacityProviderArn") == self.name:
                group = cp.get("autoScalingGroupProvider", {})
                scaling = group.get("managedScaling", {})
                return dict(name=cp["name"], arn=cp.get("capacityProviderArn"), status=cp.get("status"),
                            asg_arn=group.get("autoScalingGroupArn"), managed_scaling=scaling.get("status"),
                            target_capacity=scaling.get("targetCapacity"),
                            managed_termination_protection=group.get("managedTerminationProtection"),
                            managed_draining=group.get("managedDraining"))
        return None

    def _cluster(self):
        clusters = self.api.call("ecs", "describe_clusters", clusters=[self.cluster_name]).get("clusters", [])
        return clusters[0] if clusters else None

    def _container_instances(self):
        arns = self.api.paginate("ecs", "list_container_instances", "containerInstanceArns",
                                 cluster=self.cluster_name, status="ACTIVE")
        instances = []
        for batch in chunks(sorted(arns), 100):
            found = self.api.call("ecs", "describe_container_instances", cluster=self.cluster_name,
                                  containerInstances=batch)
            for ci in found.get("containerInstances", []):
                attributes = {a["name"]: a.get("value") for a in ci.get("attributes", [])}
                instances.append(dict(ec2_instance_id=ci.get("ec2InstanceId"), status=ci.get("status"),
                                      agent_connected=ci.get("agentConnected", False),
                                      az=attributes.get("ecs.availability-zone"),
                                      instance_type=attributes.get("ecs.instance-type"),
                                      running_tasks=ci.get("runningTasksCount", 0)))
        return sorted(instances, key=lambda i: str(i["ec2_instance_id"]))

    def _asg(self):
        groups = self.api.paginate("autoscaling", "describe_auto_scaling_groups", "AutoScalingGroups",
                                   AutoScalingGroupNames=[self.asg_name])
        if not groups:
            return None
        group = groups[0]
        members = group.get("Instances", [])
        lifecycle = {}
        ids = sorted(i["InstanceId"] for i in members)
        for batch in chunks(ids, 100):
            for reservation in self.api.paginate("ec2", "describe_instances", "Reservations", InstanceIds=batch):
                for inst in reservation.get("Instances", []):
                    # EC2 only sets InstanceLifecycle for Spot (and scheduled) instances; absent means On-Demand.
                    lifecycle[inst["InstanceId"]] = inst.get("InstanceLifecycle") or "on-demand"
        instances = [dict(instance_id=i["InstanceId"], az=i.get("AvailabilityZone"),
                          lifecycle_state=i.get("LifecycleState"), health=i.get("HealthStatus"),
                          market=lifecycle.get(i["InstanceId"], "unknown"), instance_type=i.get("InstanceType"))
                     for i in members]
        return dict(name=group["AutoScalingGroupName"], arn=group.get("AutoScalingGroupARN"),
                    min_size=group.get("MinSize"), max_size=group.get("MaxSize"),
                    desired_capacity=group.get("DesiredCapacity"),
                    instances=sorted(instances, key=lambda i: i["instance_id"]))

    # ---- checks -------------------------------------------------------------------------------------------------
    def _provider_checks(self, cp, cluster):
        r = self.name
        if cp is None:
            return [Check(r, "capacity provider exists", False, self.name, "missing", settles=False,
                          reason="the capacity provider does not exist", action="Apply the compute layer")]
        attached = sorted((cluster or {}).get("capacityProviders", []))
        asg_ok = bool(cp["asg_arn"]) and cp["asg_arn"].endswith(f"autoScalingGroupName/{self.asg_name}")
        return [
            Check(r, "status", cp["status"] == "ACTIVE", "ACTIVE", cp["status"], settles=cp["status"] != "INACTIVE",
                  action="Re-apply the compute layer"),
            Check(r, "attached to cluster", self.name in attached, f"in {self.cluster_name}",
                  f"in {self.cluster_name}" if self.name in attached
                  else f"not in {self.cluster_name} ({', '.join(attached) or 'none'} attached)", settles=False,
                  action="Re-apply the compute layer (aws_ecs_cluster_capacity_providers)"),
            Check(r, "auto scaling group", asg_ok, self.asg_name, (cp["asg_arn"] or "").rpartition("/")[2] or None,
                  settles=False, action="Re-apply the compute layer"),
            Check(r, "managed scaling", cp["managed_scaling"] == "ENABLED"
                  and cp["target_capacity"] == self.target_capacity,
                  f"ENABLED, target {self.target_capacity}", f"{cp['managed_scaling']}, target {cp['target_capacity']}",
                  settles=False, action="Re-apply the compute layer; check ecs_capacity_target"),
            Check(r, "managed termination protection", cp["managed_termination_protection"] == "ENABLED", "ENABLED",
                  cp["managed_termination_protection"], settles=False, action="Re-apply the compute layer"),
        ]

    def _instance_checks(self, instances):
        r = self.name
        ready = [i for i in instances if i["status"] == "ACTIVE" and i["agent_connected"]]
        azs = sorted({i["az"] for i in ready if i["az"]})
        want_azs = min(self.min_azs, max(self.baseline, 1))
        return [
            Check(r, "registered container instances", len(ready) >= self.baseline, f">= {self.baseline}",
                  f"{len(ready)} connected of {len(instances)} ACTIVE",
                  reason=f"{len(ready)} container instance(s) registered and connected, the On-Demand baseline is "
                         f"{self.baseline}",
                  action="Check the instances' ECS agent (ECS_CLUSTER in user data, instance role, VPC endpoints). "
                         "Runbook: docs/runbooks.md#capacity-stuck-pending"),
            Check(r, "container instances' AZs", len(azs) >= want_azs, f">= {want_azs}",
                  f"{len(azs)} ({', '.join(azs) or 'none'})",
                  reason=f"container instances span {len(azs)} AZ(s) ({', '.join(azs) or 'none'}), {want_azs} needed",
                  action="Check the ASG's subnets and capacity rebalancing"),
        ]

    def _asg_checks(self, asg):
        r = self.name
        if asg is None:
            return [Check(r, "auto scaling group exists", False, self.asg_name, "missing", settles=False,
                          reason=f"the Auto Scaling group {self.asg_name} does not exist",
                          action="Apply the compute layer")]
        on_demand = [i for i in asg["instances"] if i["lifecycle_state"] == "InService" and i["market"] == "on-demand"]
        in_service = [i for i in asg["instances"] if i["lifecycle_state"] == "InService"]
        return [
            Check(r, "in-service On-Demand instances", len(on_demand) >= self.baseline, f">= {self.baseline}",
                  f"{len(on_demand)} of {len(in_service)} in service",
                  reason=f"{len(on_demand)} On-Demand instance(s) in service in {self.asg_name}, the baseline is "
                         f"{self.baseline}",
                  action="Check the ASG's activity history (capacity, quotas, launch template). "
                         "Runbook: docs/runbooks.md#capacity-stuck-pending"),
        ]
