# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Plan sanity: ASG and service counts are consistent, they let post-deploy verification pass, and every service's
tasks fit the smallest instance type.

The verification rules are derived from what the verify role checks after apply (verify_targets / verify_service):
every service's healthy targets must span `verify_min_azs` AZs and number at least its min_count, and
`running = desired > 0`. Tasks in N AZs need N tasks and container instances in N AZs, so a count below N can never
pass, whatever AWS does.
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import KeyNames, Problems

KEYS = dict(
    asg_min_size="ecs_asg_min_size",
    asg_max_size="ecs_asg_max_size",
    asg_desired_capacity="ecs_asg_desired_capacity",
    on_demand_base_capacity="ecs_on_demand_base_capacity",
    services="ecs_services",
    instance_types="ecs_instance_types",
    azs="ecs_azs",
    verify_min_azs="verify_min_azs",
)
CPU_UNITS_PER_VCPU = 1024


def _number(value):
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


class PlanCheck:
    def __init__(self, api, asg_min_size, asg_max_size, asg_desired_capacity=None, on_demand_base_capacity=0,
                 services=None, instance_types=None, reserved_memory_mib=256, key_names=None, azs=None,
                 verify_min_azs=None):
        self.api = api
        self.asg = dict(min=asg_min_size, max=asg_max_size, desired=asg_desired_capacity)
        self.on_demand_base = on_demand_base_capacity
        self.services = list(services or [])
        self.instance_types = list(instance_types or [])
        self.reserved_memory_mib = reserved_memory_mib
        self.keys = KeyNames(KEYS, key_names)
        self.problems = Problems()
        self.azs = list(azs or [])
        # The verify role's default: min(2, number of AZs). None (no AZs given) leaves the AZ rules out.
        if verify_min_azs is None and self.azs:
            verify_min_azs = min(2, len(self.azs))
        self.min_azs = verify_min_azs

    def _needed_azs(self):
        """AZs every service must span; capped at the AZs there are (more is reported once, on verify_min_azs)."""
        return min(self.min_azs, len(self.azs)) if self.azs else self.min_azs

    def run(self):
        self._check_asg()
        self._check_verification_azs()
        smallest = self._smallest_instance()
        placement = [self._check_service(index, service, smallest) for index, service in enumerate(self.services)]
        self._check_total(smallest)
        return dict(problems=self.problems, smallest_instance=smallest, services=placement)

    # ---- ASG --------------------------------------------------------------------------------------------------------
    def _check_asg(self):
        low, high, desired = self.asg["min"], self.asg["max"], self.asg["desired"]
        if low < 0:
            self.problems.add(self.keys("asg_min_size"), low, "the ASG min size is negative", "Use 0 or more")
        if high < 1:
            self.problems.add(self.keys("asg_max_size"), high, "the ASG max size is below 1",
                              "Allow at least one instance")
        if low > high:
            self.problems.add(self.keys("asg_min_size"), low, f"the ASG min size is above the max size {high}",
                              "Make ecs_asg_min_size <= ecs_asg_max_size")
        if desired is not None and not low <= desired <= high:
            self.problems.add(self.keys("asg_desired_capacity"), desired,
                              f"the desired capacity is outside min {low} .. max {high}",
                              "Make min <= desired <= max")
        base = self.on_demand_base
        if base < 0:
            self.problems.add(self.keys("on_demand_base_capacity"), base, "the On-Demand base is negative",
                              "Use 0 or more")
        elif base > low:
            self.problems.add(self.keys("on_demand_base_capacity"), base,
                              f"the On-Demand base is above the ASG min size {low}: the floor of On-Demand "
                              "instances could never be reached at minimum size",
                              "Make ecs_on_demand_base_capacity <= ecs_asg_min_size")

    # ---- what verification requires (roles/verify: healthy targets over verify_min_azs AZs) -------------------------
    def _check_verification_azs(self):
        if self.min_azs is None:
            return
        if self.azs and self.min_azs > len(self.azs):
            self.problems.add(self.keys("verify_min_azs"), self.min_azs,
                              f"verification requires healthy targets in {self.min_azs} AZs but ecs_azs lists "
                              f"{len(self.azs)}", f"Lower verify_min_azs to {len(self.azs)} or add AZs to ecs_azs")
        need = self._needed_azs()
        if self.services and need > 1 and self.asg["min"] < need:
            self.problems.add(self.keys("asg_min_size"), self.asg["min"],
                              f"verification requires every service's tasks in {need} AZs, which needs container "
                              f"instances in {need} AZs, but the ASG may shrink to {self.asg['min']} instance(s)",
                              f"Set ecs_asg_min_size to at least {need} (or lower verify_min_azs)")

    def _check_service_spread(self, key, name, counts):
        if self.min_azs is None:
            return
        need = self._needed_azs()
        # verify_service: running = desired and desired > 0; verify_targets: healthy targets over `need` AZs.
        desired_floor = max(need, 1)
        desired, low = counts["desired_count"], counts["min_count"]
        if desired is not None and 0 <= desired < desired_floor:
            self.problems.add(f"{key}.desired_count", desired,
                              f"service {name}: verification requires running tasks with healthy targets in {need} "
                              f"AZ(s), so at least {desired_floor} task(s); {desired} can never pass",
                              f"Set desired_count to at least {desired_floor} (or lower verify_min_azs)")
        if low is not None and 0 <= low < need:
            self.problems.add(f"{key}.min_count", low,
                              f"service {name}: service auto scaling may scale in to {low} task(s), which cannot "
                              f"span the {need} AZs verification requires",
                              f"Set min_count to at least {need} (or lower verify_min_azs)")

    # ---- instance types --------------------------------------------------------------------------------------------
    def _smallest_instance(self):
        """Smallest vCPU and smallest memory over the types: the ASG may launch any of them."""
        names = sorted(set(self.instance_types))
        if not names:
            return None
        found = self.api.paginate("ec2", "describe_instance_types", "InstanceTypes",
                                  Filters=[dict(Name="instance-type", Values=names)])
        if not found:  # unknown types are reported by preflight_capacity_info
            return None
        by_cpu = min(found, key=lambda t: (t["VCpuInfo"]["DefaultVCpus"], t["InstanceType"]))
        by_memory = min(found, key=lambda t: (t["MemoryInfo"]["SizeInMiB"], t["InstanceType"]))
        return dict(
            cpu_units=by_cpu["VCpuInfo"]["DefaultVCpus"] * CPU_UNITS_PER_VCPU,
            cpu_instance_type=by_cpu["InstanceType"],
            memory_mib=by_memory["MemoryInfo"]["SizeInMiB"] - self.reserved_memory_mib,
            memory_instance_type=by_memory["InstanceType"],
        )

    # ---- services ----------------------------------------------------------------------------------------------------
    def _check_service(self, index, service, smallest):
        key = self.keys("services", index)
        name = service.get("name", f"#{index}")
        counts = {field: _number(service.get(field)) for field in ("min_count", "desired_count", "max_count")}
        for field, value in counts.items():
            if value is None or value < 0:
                self.problems.add(f"{key}.{field}", service.get(field), f"service {name}: it must be a whole number "
                                  ">= 0", "Set a count")
        low, desired, high = counts["min_count"], counts["desired_count"], counts["max_count"]
        if None not in (low, desired, high) and not low <= desired <= high:
            self.problems.add(f"{key}.desired_count", desired,
                              f"service {name}: desired count is outside min {low} .. max {high}",
                              "Make min_count <= desired_count <= max_count")
        self._check_service_spread(key, name, counts)
        placed = dict(name=name, cpu=_number(service.get("cpu")), memory=_number(service.get("memory")),
                      fits=None)
        for field, unit in (("cpu", "CPU units"), ("memory", "MiB")):
            if placed[field] is None or placed[field] <= 0:
                self.problems.add(f"{key}.{field}", service.get(field), f"service {name}: task {field} must be a "
                                  f"positive number of {unit}", f"Set the task {field}")
        if smallest is None or None in (placed["cpu"], placed["memory"]):
            return placed
        placed["fits"] = True
        if placed["cpu"] > smallest["cpu_units"]:
            placed["fits"] = False
            self.problems.add(f"{key}.cpu", placed["cpu"],
                              f"service {name}: the task needs {placed['cpu']} CPU units but the smallest instance "
                              f"type {smallest['cpu_instance_type']} has {smallest['cpu_units']}; the task cannot "
                              "be placed there", "Lower the task cpu or drop the smaller instance types")
        if placed["memory"] > smallest["memory_mib"]:
            placed["fits"] = False
            self.problems.add(f"{key}.memory", placed["memory"],
                              f"service {name}: the task needs {placed['memory']} MiB but the smallest instance "
                              f"type {smallest['memory_instance_type']} offers about {smallest['memory_mib']} MiB "
                              f"to tasks ({self.reserved_memory_mib} MiB kept for the OS and ECS agent)",
                              "Lower the task memory or drop the smaller instance types")
        return placed

    def _check_total(self, smallest):
        """At max scale every service's tasks must fit into the ASG at max size, else scaling deadlocks."""
        if smallest is None or self.asg["max"] < 1:
            return
        need_cpu = need_memory = 0
        for service in self.services:
            count, cpu, memory = (_number(service.get(f)) for f in ("max_count", "cpu", "memory"))
            if None in (count, cpu, memory):
                return
            need_cpu += count * cpu
            need_memory += count * memory
        have_cpu = self.asg["max"] * smallest["cpu_units"]
        have_memory = self.asg["max"] * smallest["memory_mib"]
        for what, need, have, unit in (("CPU", need_cpu, have_cpu, "CPU units"),
                                       ("memory", need_memory, have_memory, "MiB")):
            if need > have:
                self.problems.add(self.keys("asg_max_size"), self.asg["max"],
                                  f"at every service's max_count the tasks need {need} {unit} of {what} but "
                                  f"{self.asg['max']} instances of the smallest type give {have}: scaling would "
                                  "stall with tasks PENDING",
                                  "Raise ecs_asg_max_size or lower the services' max_count")
