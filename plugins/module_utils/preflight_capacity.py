# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""AZ capacity checks: AZs, subnets, instance type offerings, Spot diversity, vCPU quotas and the AMI."""

from __future__ import annotations

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError, KeyNames, Problems

KEYS = dict(
    azs="ecs_azs",
    subnet_ids="ecs_subnet_ids",
    instance_types="ecs_instance_types",
    asg_max_size="ecs_asg_max_size",
    ami_id="ecs_ami_id",
    ami_ssm_parameter="ecs_ami_ssm_parameter",
)

DEFAULT_AMI_NAME_REGEX = r"(?i)(^|[-_])ecs([-_]|$)|ecs[-_]optimized"
DEFAULT_AMI_SSM_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"

# Amazon Linux 2, and the ECS-optimized AMI built on it, reached end of support on 2026-06-30 (Amazon ECS developer
# guide, "Amazon ECS-optimized Linux AMIs"). Still selectable; pre-flight says so without failing.
AL2_END_OF_SUPPORT = "2026-06-30"
AL2_PARAMETER_RE = re.compile(r"/optimized-ami/amazon-linux-2/")
# amzn2-ami-ecs-hvm-2.0.* names; "Amazon Linux AMI 2.0.* x86_64 ECS HVM GP2" or "Amazon Linux 2 ..." descriptions.
AL2_IMAGE_RE = re.compile(r"(?i)^amzn2-|amazon linux (ami )?2(?!\d)")

# EC2 vCPU quotas (Service Quotas, service code ec2) by instance family group: (On-Demand code, Spot code).
QUOTA_GROUPS = {
    "standard": ("Standard (A, C, D, H, I, M, R, T, Z)", "L-1216C47A", "L-34B43A08"),
    "g": ("G and VT", "L-DB2E81BA", "L-3819A6DF"),
    "p": ("P", "L-417A185B", "L-7212CCBC"),
    "f": ("F", "L-74FC7D96", "L-88CF9481"),
    "x": ("X", "L-7295265B", "L-E3A00192"),
    "inf": ("Inf", "L-1945791B", "L-B5D1601B"),
}
FAMILY_RE = re.compile(r"^([a-z]+)")


def quota_group(instance_type):
    """The vCPU quota group of an instance type (m5.large -> standard), or None when we do not know it."""
    match = FAMILY_RE.match(instance_type)
    family = match.group(1) if match else ""
    if not family:
        return None
    if family == "inf":
        return "inf"
    if family in ("vt", "g"):
        return "g"
    if family[:1] in "acdhimrtz" and family not in ("trn", "dl", "hpc", "mac"):
        return "standard"
    if family[:1] in ("p", "f", "x") and len(family) <= 2:
        return family[:1]
    return None


class CapacityCheck:
    def __init__(self, api, azs=None, subnet_ids=None, instance_types=None, asg_max_size=None, ami_id=None,
                 ami_ssm_parameter=None, ami_name_regex=DEFAULT_AMI_NAME_REGEX, unreadable_quota="problem",
                 key_names=None):
        self.api = api
        self.azs = list(azs or [])
        self.subnet_ids = list(subnet_ids or [])
        self.instance_types = list(instance_types or [])
        self.asg_max_size = asg_max_size
        self.ami_id = ami_id or None
        self.ami_ssm_parameter = ami_ssm_parameter
        self.ami_name_regex = re.compile(ami_name_regex)
        self.unreadable_quota = unreadable_quota
        self.keys = KeyNames(KEYS, key_names)
        self.problems = Problems()
        self.notices = []

    def run(self):
        azs = self._check_azs()
        types = self._describe_instance_types()
        offerings = self._check_offerings(azs, types)
        quotas = self._check_quotas(types)
        ami = self._check_ami(types)
        return dict(problems=self.problems, azs=azs, instance_types=[types[t] for t in sorted(types)],
                    offerings=offerings, quotas=quotas, ami=ami, notices=self.notices)

    # ---- AZs and subnets ----------------------------------------------------------------------------------------
    def _check_azs(self):
        zones = {z["ZoneName"]: z for z in self.api.call("ec2", "describe_availability_zones")["AvailabilityZones"]}
        if self.subnet_ids:
            key, chosen = self.keys("subnet_ids"), self._subnet_azs()
        else:
            key, chosen = self.keys("azs"), list(enumerate(self.azs))
        valid = []
        for index, az in chosen:
            if az is None:
                continue
            if az not in zones:
                self.problems.add(self.keys("azs", index), az, f"it is not an availability zone of {self.api.region}",
                                  f"Choose among {', '.join(sorted(zones))}")
            elif zones[az].get("State") != "available":
                self.problems.add(self.keys("azs", index), az, f"the zone's state is {zones[az].get('State')}",
                                  "Choose available zones")
            elif az not in valid:
                valid.append(az)
        distinct = sorted({az for _dummy, az in chosen if az})
        if len(distinct) < 2:
            values = self.subnet_ids if self.subnet_ids else self.azs
            self.problems.add(key, values, f"they span {len(distinct)} availability zone(s) "
                              f"({', '.join(distinct) or 'none'}); high availability needs at least 2",
                              "List subnets/zones in at least two distinct availability zones")
        return sorted(valid)

    def _subnet_azs(self):
        subnets = self.api.paginate("ec2", "describe_subnets", "Subnets",
                                    Filters=[dict(Name="subnet-id", Values=self.subnet_ids)])
        by_id = {s["SubnetId"]: s["AvailabilityZone"] for s in subnets}
        chosen = []
        for index, subnet_id in enumerate(self.subnet_ids):
            if subnet_id not in by_id:
                self.problems.add(self.keys("subnet_ids", index), subnet_id,
                                  f"the subnet does not exist in {self.api.region}", "Correct the subnet id")
            chosen.append((index, by_id.get(subnet_id)))
        return chosen

    # ---- instance types -----------------------------------------------------------------------------------------
    def _describe_instance_types(self):
        if len(set(self.instance_types)) < 2:
            self.problems.add(self.keys("instance_types"), self.instance_types,
                              f"{len(set(self.instance_types))} distinct instance type(s); Spot capacity needs at "
                              "least two types to diversify over", "List at least two instance types")
        if not self.instance_types:
            return {}
        found = self.api.paginate("ec2", "describe_instance_types", "InstanceTypes",
                                  Filters=[dict(Name="instance-type", Values=sorted(set(self.instance_types)))])
        types = {}
        for item in found:
            types[item["InstanceType"]] = dict(
                instance_type=item["InstanceType"],
                vcpus=item.get("VCpuInfo", {}).get("DefaultVCpus"),
                memory_mib=item.get("MemoryInfo", {}).get("SizeInMiB"),
                architectures=sorted(item.get("ProcessorInfo", {}).get("SupportedArchitectures", [])),
            )
        for index, name in enumerate(self.instance_types):
            if name not in types:
                self.problems.add(self.keys("instance_types", index), name,
                                  f"it is not an instance type known in {self.api.region}",
                                  "Correct the instance type name")
        return types

    def _check_offerings(self, azs, types):
        if not azs or not types:
            return []
        # One call overall: filter on every chosen AZ and every known type at once.
        offered = self.api.paginate(
            "ec2", "describe_instance_type_offerings", "InstanceTypeOfferings", LocationType="availability-zone",
            Filters=[dict(Name="location", Values=azs), dict(Name="instance-type", Values=sorted(types))])
        pairs = {(o["InstanceType"], o["Location"]) for o in offered}
        offerings = []
        for index, name in enumerate(self.instance_types):
            if name not in types or any(o["instance_type"] == name for o in offerings):
                continue
            missing = [az for az in azs if (name, az) not in pairs]
            offerings.append(dict(instance_type=name, azs=[az for az in azs if (name, az) in pairs]))
            if missing:
                self.problems.add(self.keys("instance_types", index), name,
                                  f"it is not offered in {', '.join(missing)}",
                                  "Choose instance types offered in every chosen zone, or drop the zone")
        return offerings

    # ---- vCPU quotas ----------------------------------------------------------------------------------------------
    def _check_quotas(self, types):
        if not types or not self.asg_max_size:
            return []
        groups = {}
        for name, info in types.items():
            group = quota_group(name)
            if group is None:
                self.notices.append(f"No known vCPU quota for instance family of {name}; its quota is not checked")
                continue
            groups.setdefault(group, []).append(info)
        quotas = []
        for group in sorted(groups):
            largest = max(groups[group], key=lambda t: (t["vcpus"] or 0, t["instance_type"]))
            required = self.asg_max_size * (largest["vcpus"] or 0)
            label, on_demand_code, spot_code = QUOTA_GROUPS[group]
            for kind, code in (("on_demand", on_demand_code), ("spot", spot_code)):
                quotas.append(self._check_quota(group, label, kind, code, required, largest))
        return quotas

    def _check_quota(self, group, label, kind, code, required, largest):
        pretty = f"{'On-Demand' if kind == 'on_demand' else 'Spot'} {label} vCPU quota (ec2 {code})"
        seen = dict(group=group, kind=kind, quota_code=code, name=pretty, value=None, required_vcpus=required,
                    status="ok", error=None)
        key = self.keys("asg_max_size")
        try:
            quota = self.api.call("service-quotas", "get_service_quota", ServiceCode="ec2", QuotaCode=code)
            seen["value"] = quota["Quota"]["Value"]
        except AwsCallError as exc:
            if exc.fatal:
                raise
            seen.update(status="unreadable", error=f"{exc.code}: {exc.message}")
            message = f"the {pretty} could not be read ({seen['error']}), so the vCPU fit is unknown"
            if self.unreadable_quota == "problem":
                self.problems.add(key, self.asg_max_size, message,
                                  "Allow servicequotas:GetServiceQuota, or check the quota in the Service Quotas "
                                  "console and set preflight_unreadable_quota: warning")
            else:
                self.notices.append(f"{key}: {message}")
            return seen
        if required > seen["value"]:
            seen["status"] = "too_small"
            self.problems.add(
                key, self.asg_max_size,
                f"{self.asg_max_size} instances x {largest['vcpus']} vCPUs ({largest['instance_type']}) = {required} "
                f"vCPUs exceeds the {pretty} of {seen['value']:g}",
                f"Lower the ASG max size or the instance size, or request a quota increase for {code}")
        return seen

    # ---- AMI -------------------------------------------------------------------------------------------------------
    def _check_ami(self, types):
        seen = dict(image_id=self.ami_id, source="ecs_ami_id", name=None, architecture=None, ecs_optimized=None)
        key = self.keys("ami_id")
        if not self.ami_id:
            if not self.ami_ssm_parameter:
                return seen
            seen["source"] = self.ami_ssm_parameter
            key = self.keys("ami_ssm_parameter")
            try:
                # A public AWS parameter holding an AMI id: reading its value is fine, it is not a secret.
                param = self.api.call("ssm", "get_parameter", Name=self.ami_ssm_parameter)["Parameter"]
            except AwsCallError as exc:
                if exc.fatal:
                    raise
                self.problems.add(key, self.ami_ssm_parameter,
                                  f"the AMI parameter could not be read ({exc.code}: {exc.message})",
                                  "Name an existing public ECS-optimized AMI parameter, or set ecs_ami_id")
                return seen
            seen["image_id"] = param["Value"]
        value = seen["image_id"] if key == self.keys("ami_id") else self.ami_ssm_parameter
        try:
            images = self.api.call("ec2", "describe_images", ImageIds=[seen["image_id"]])["Images"]
        except AwsCallError as exc:
            if exc.fatal:
                raise
            images = []
            if not exc.code.startswith("InvalidAMIID"):
                self.problems.add(key, value, f"the AMI {seen['image_id']} could not be checked ({exc.code}: "
                                  f"{exc.message})", "Allow ec2:DescribeImages to the deploying identity")
                return seen
        if not images:
            self.problems.add(key, value, f"the AMI {seen['image_id']} does not exist in {self.api.region}",
                              "Use an existing ECS-optimized AMI of this region")
            return seen
        image = images[0]
        seen.update(name=image.get("Name"), architecture=image.get("Architecture"))
        self._notice_amazon_linux_2(key, value, image)
        seen["ecs_optimized"] = bool(self.ami_name_regex.search(image.get("Name") or ""))
        if not seen["ecs_optimized"]:
            self.problems.add(key, value, f"the AMI {seen['image_id']} ({seen['name']}) is not an ECS-optimized image",
                              "Use an ECS-optimized AMI (see /aws/service/ecs/optimized-ami/...)")
        for index, name in enumerate(self.instance_types):
            arches = types.get(name, {}).get("architectures")
            if arches and seen["architecture"] not in arches:
                self.problems.add(self.keys("instance_types", index), name,
                                  f"it runs {', '.join(arches)} but the AMI {seen['image_id']} is "
                                  f"{seen['architecture']}",
                                  "Use instance types of the AMI's architecture, or the AMI for theirs")
        return seen

    def _notice_amazon_linux_2(self, key, value, image):
        """A notice, not a problem: Amazon Linux 2 still runs, but gets no more updates."""
        named = key == self.keys("ami_ssm_parameter") and AL2_PARAMETER_RE.search(self.ami_ssm_parameter)
        if not (named or any(AL2_IMAGE_RE.search(image.get(field) or "") for field in ("Name", "Description"))):
            return
        self.notices.append(
            f"{key} = {value}: the AMI {image.get('ImageId')} ({image.get('Name')}) is Amazon Linux 2, past end of "
            f"support since {AL2_END_OF_SUPPORT} (no more security updates). Use the ECS-optimized Amazon Linux 2023 "
            f"AMI: set {self.keys('ami_ssm_parameter')} to {DEFAULT_AMI_SSM_PARAMETER} (the default) and leave "
            f"{self.keys('ami_id')} empty")
