"""Independent boto3 checks of a deployment, for the Molecule scenarios (not the collection's own verifiers).

    python aws_checks.py seed      --bucket B --environment E   the seed design's guarantees hold
    python aws_checks.py locks     --bucket B --environment E   no layer's state lock is held
    python aws_checks.py orphans   --bucket B --environment E   every tagged resource of the deployment is in a state
    python aws_checks.py destroyed --bucket B --lock-table T --project P   nothing of the deployment is left
    python aws_checks.py spot-replaced --bucket B --instance-id I
        waits until the interrupted Spot instance is terminated and replaced, with every service back at desired

AWS is reached through AWS_ENDPOINT_URL and the credentials in the environment. Prints one JSON document
({"passed": bool, "checks": [{"name", "passed", "detail"}]}) and exits 1 when a check failed.
"""

import argparse
import fnmatch
import ipaddress
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]
SECRET_ARN_PREFIXES = ("arn:aws:ssm:", "arn:aws:secretsmanager:")
SECRET_READ_ACTIONS = ("ssm:getparameter", "ssm:getparameters", "ssm:getparametersbypath", "ssm:getparameterhistory",
                       "secretsmanager:getsecretvalue", "kms:decrypt")


class Checks:
    def __init__(self):
        self.results = []

    def add(self, name, passed, detail=""):
        self.results.append({"name": name, "passed": bool(passed), "detail": str(detail)[:2000]})

    def report(self):
        passed = all(r["passed"] for r in self.results) and bool(self.results)
        print(json.dumps({"passed": passed, "checks": self.results}, indent=1))
        failed = [r for r in self.results if not r["passed"]]
        for r in failed:
            print("FAILED: %s: %s" % (r["name"], r["detail"]), file=sys.stderr)
        return 0 if passed else 1


def client(name):
    return boto3.client(name)


def state_objects(bucket, environment):
    """layer -> parsed Terraform state, read from the S3 backend."""
    s3 = client("s3")
    out = {}
    for layer in LAYERS:
        try:
            body = s3.get_object(Bucket=bucket, Key="%s/%s/terraform.tfstate" % (environment, layer))["Body"].read()
        except ClientError:
            continue
        out[layer] = json.loads(body)
    return out


def outputs(states):
    return dict((layer, dict((k, v["value"]) for k, v in st.get("outputs", {}).items()))
                for layer, st in states.items())


# ---- the seed design's guarantees ----------------------------------------------------------------------------


def az_of(ip, subnets):
    """AZ of a task's IP target (DescribeTargetHealth names no AZ for targets in the VPC)."""
    for cidr, az in subnets:
        if ipaddress.ip_address(ip) in ipaddress.ip_network(cidr):
            return az
    return None


def check_zero_downtime(c, out):
    ecs, elbv2 = client("ecs"), client("elbv2")
    subnets = [(s["CidrBlock"], s["AvailabilityZone"]) for s in
               client("ec2").describe_subnets(SubnetIds=out["network"]["private_subnet_ids"])["Subnets"]]
    cluster = out["compute"]["cluster_name"]
    for key, name in sorted(out["services"]["service_names"].items()):
        svc = ecs.describe_services(cluster=cluster, services=[name])["services"][0]
        dc = svc.get("deploymentConfiguration", {})
        cb = dc.get("deploymentCircuitBreaker", {})
        c.add("A %s minimum healthy 100 / maximum 200" % key,
              dc.get("minimumHealthyPercent") == 100 and dc.get("maximumPercent") == 200, dc)
        c.add("A %s circuit breaker with rollback" % key, cb.get("enable") and cb.get("rollback"), cb)
        c.add("A %s health check grace period 60" % key, svc.get("healthCheckGracePeriodSeconds") == 60,
              svc.get("healthCheckGracePeriodSeconds"))
        c.add("A %s running == desired, one COMPLETED deployment" % key,
              svc["runningCount"] == svc["desiredCount"] >= 1 and len(svc["deployments"]) == 1
              and svc["deployments"][0].get("rolloutState") == "COMPLETED",
              "running %s desired %s deployments %s" % (svc["runningCount"], svc["desiredCount"],
                                                        [d.get("rolloutState") for d in svc["deployments"]]))
        tg = out["services"]["target_group_arns"][key]
        attrs = dict((a["Key"], a["Value"]) for a in
                     elbv2.describe_target_group_attributes(TargetGroupArn=tg)["Attributes"])
        c.add("A %s deregistration delay 30" % key, attrs.get("deregistration_delay.timeout_seconds") == "30",
              attrs.get("deregistration_delay.timeout_seconds"))
        health = elbv2.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
        healthy = [h for h in health if h["TargetHealth"]["State"] == "healthy"]
        azs = {az_of(h["Target"]["Id"], subnets) for h in healthy}
        c.add("A %s healthy targets >= desired, over 2 AZs" % key,
              len(healthy) >= svc["desiredCount"] and len(azs) >= 2, "%d healthy in %s" % (len(healthy), sorted(azs)))
        c.add("A %s on the capacity provider (no launch type)" % key,
              bool(svc.get("capacityProviderStrategy")) and not svc.get("launchType"),
              svc.get("capacityProviderStrategy"))


def check_secrets(c, out, states):
    ecs, iam = client("ecs"), client("iam")
    values = secret_values(out)
    for key, arn in sorted(out["services"]["task_definition_arns"].items()):
        td = ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]
        refs = [s["valueFrom"] for cd in td["containerDefinitions"] for s in cd.get("secrets", [])]
        c.add("B %s secrets referenced by ARN only" % key,
              refs and all(r.startswith(SECRET_ARN_PREFIXES) for r in refs), refs)
        env = json.dumps([cd.get("environment", []) for cd in td["containerDefinitions"]])
        c.add("B %s no secret value in the task definition" % key, not any(v in env for v in values), "checked")
        role = out["security"]["execution_role_arns"][key].rsplit("/", 1)[1]
        granted = secret_resources(iam, role)
        c.add("B %s execution role reads exactly its secret ARNs (no wildcard)" % key,
              granted and all("*" not in r for r in granted) and set(refs) <= set(granted)
              and all(r.startswith(SECRET_ARN_PREFIXES) or r.startswith("arn:aws:kms:") for r in granted), granted)
    instance_role = out["security"]["instance_role_arn"].rsplit("/", 1)[1]
    reads = secret_reads(iam, instance_role)
    c.add("B container instance role reads no secret (attached AWS-managed policies included)", not reads, reads)
    blob = json.dumps(states)
    c.add("B secret values absent from every layer's Terraform state", values and not any(v in blob for v in values),
          "%d values checked" % len(values))


def secret_values(out):
    """The values behind the services' secret ARNs (read here only to prove they are nowhere else)."""
    ssm, sm, ecs = client("ssm"), client("secretsmanager"), client("ecs")
    values = []
    for arn in out["services"]["task_definition_arns"].values():
        td = ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]
        for cd in td["containerDefinitions"]:
            for s in cd.get("secrets", []):
                ref = s["valueFrom"]
                if ref.startswith("arn:aws:ssm:"):
                    name = "/" + ref.split(":parameter/", 1)[1]
                    values.append(ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"])
                else:
                    values.append(sm.get_secret_value(SecretId=ref)["SecretString"])
    return [v for v in values if len(v) >= 8]


def role_statements(iam, role):
    """Allow statements of every policy of the role: inline, customer-managed and AWS-managed, as AWS publishes
    them (AmazonSSMManagedInstanceCore's ssm:GetParameter(s) on "*" slipped through when managed ones were skipped)."""
    docs = [iam.get_role_policy(RoleName=role, PolicyName=n)["PolicyDocument"]
            for n in iam.list_role_policies(RoleName=role)["PolicyNames"]]
    for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        version = iam.get_policy(PolicyArn=p["PolicyArn"])["Policy"]["DefaultVersionId"]
        docs.append(iam.get_policy_version(PolicyArn=p["PolicyArn"], VersionId=version)["PolicyVersion"]["Document"])
    out = []
    for doc in docs:
        doc = json.loads(doc) if isinstance(doc, str) else doc
        for st in doc.get("Statement", []):
            if st.get("Effect") == "Allow":
                actions, res = st.get("Action", []), st.get("Resource", [])
                out.append(([actions] if isinstance(actions, str) else actions, [res] if isinstance(res, str) else res))
    return out


def secret_resources(iam, role):
    """Resources of the role's statements that grant ssm, secretsmanager or kms actions."""
    return sorted({r for actions, res in role_statements(iam, role)
                   if any(a.split(":")[0] in ("ssm", "secretsmanager", "kms") for a in actions) for r in res})


def secret_reads(iam, role):
    """'action on resource' for every action of the role that reads a secret or decrypts (wildcards expanded)."""
    return sorted({"%s on %s" % (a, r) for actions, res in role_statements(iam, role) for a in actions
                   if any(fnmatch.fnmatchcase(read, a.lower()) for read in SECRET_READ_ACTIONS) for r in res})


def check_capacity(c, out):
    asg_client, ec2, ecs = client("autoscaling"), client("ec2"), client("ecs")
    asg = asg_client.describe_auto_scaling_groups(AutoScalingGroupNames=[out["compute"]["asg_name"]])
    asg = asg["AutoScalingGroups"][0]
    mip = asg.get("MixedInstancesPolicy", {})
    dist = mip.get("InstancesDistribution", {})
    types = [o["InstanceType"] for o in mip.get("LaunchTemplate", {}).get("Overrides", [])]
    c.add("C mixed instances: On-Demand base >= 1, Spot above it, >= 2 types",
          dist.get("OnDemandBaseCapacity", 0) >= 1 and dist.get("OnDemandPercentageAboveBaseCapacity") == 0
          and len(types) >= 2, "%s %s" % (dist, types))
    c.add("C Auto Scaling group over >= 2 AZs, new instances protected from scale-in",
          len(asg["AvailabilityZones"]) >= 2 and asg.get("NewInstancesProtectedFromScaleIn"),
          "%s protected=%s" % (asg["AvailabilityZones"], asg.get("NewInstancesProtectedFromScaleIn")))
    ids = [i["InstanceId"] for i in asg["Instances"] if i["LifecycleState"] == "InService"]
    reservations = ec2.describe_instances(InstanceIds=ids)["Reservations"] if ids else []
    instances = [i for r in reservations for i in r["Instances"]]
    on_demand = [i for i in instances if i.get("InstanceLifecycle") != "spot"]
    c.add("C On-Demand instances in service >= the baseline", len(on_demand) >= dist.get("OnDemandBaseCapacity", 1),
          "%d On-Demand of %d" % (len(on_demand), len(instances)))
    c.add("E instances have no public IP", instances and not any(i.get("PublicIpAddress") for i in instances),
          [i.get("PublicIpAddress") for i in instances])
    cp = ecs.describe_capacity_providers(capacityProviders=[out["compute"]["capacity_provider_name"]])
    cp = cp["capacityProviders"][0]["autoScalingGroupProvider"]
    ms = cp.get("managedScaling", {})
    c.add("C/D capacity provider: managed scaling ENABLED at 80, managed termination protection ENABLED",
          ms.get("status") == "ENABLED" and ms.get("targetCapacity") == 80
          and cp.get("managedTerminationProtection") == "ENABLED", cp)
    lt = ec2.describe_launch_template_versions(LaunchTemplateId=out["compute"]["launch_template_id"],
                                               Versions=["$Latest"])["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    disks = lt.get("BlockDeviceMappings", [])
    nics = lt.get("NetworkInterfaces", [])
    c.add("E launch template: IMDSv2 required, EBS encrypted, no key pair, no public IP",
          lt.get("MetadataOptions", {}).get("HttpTokens") == "required" and disks
          and all(d.get("Ebs", {}).get("Encrypted") for d in disks) and not lt.get("KeyName")
          and not any(n.get("AssociatePublicIpAddress") for n in nics),
          "%s %s" % (lt.get("MetadataOptions"), [d.get("Ebs") for d in disks]))
    clusters = ecs.describe_clusters(clusters=[out["compute"]["cluster_name"]], include=["SETTINGS"])["clusters"]
    settings = dict((s["name"], s["value"]) for s in clusters[0].get("settings", []))
    c.add("G Container Insights enabled", settings.get("containerInsights") in ("enabled", "enhanced"), settings)


def check_scaling(c, out):
    aas = client("application-autoscaling")
    cluster = out["compute"]["cluster_name"]
    for key, name in sorted(out["services"]["service_names"].items()):
        rid = "service/%s/%s" % (cluster, name)
        targets = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[rid])["ScalableTargets"]
        policies = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=rid)["ScalingPolicies"]
        metrics = sorted(p["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
                         ["PredefinedMetricType"] for p in policies if p["PolicyType"] == "TargetTrackingScaling")
        c.add("D %s scalable target with CPU and memory target tracking" % key,
              len(targets) == 1 and metrics == ["ECSServiceAverageCPUUtilization",
                                                "ECSServiceAverageMemoryUtilization"], metrics)


def check_network(c, out):
    ec2, elbv2 = client("ec2"), client("elbv2")
    sec = out["security"]
    groups = dict((g["GroupId"], g) for g in ec2.describe_security_groups(
        GroupIds=[sec["alb_security_group_id"], sec["tasks_security_group_id"],
                  sec["instances_security_group_id"]])["SecurityGroups"])
    tasks = groups[sec["tasks_security_group_id"]]["IpPermissions"]
    c.add("E task security group: ingress only from the ALB security group",
          tasks and all(not p.get("IpRanges") and not p.get("Ipv6Ranges")
                        and {g["GroupId"] for g in p.get("UserIdGroupPairs", [])} == {sec["alb_security_group_id"]}
                        for p in tasks), tasks)
    c.add("E instance security group: no ingress", not groups[sec["instances_security_group_id"]]["IpPermissions"],
          groups[sec["instances_security_group_id"]]["IpPermissions"])
    alb_ports = sorted(p.get("FromPort") for p in groups[sec["alb_security_group_id"]]["IpPermissions"]
                       if any(r.get("CidrIp") == "0.0.0.0/0" for r in p.get("IpRanges", [])))
    c.add("E ALB security group: 80 and 443 from the internet", alb_ports == [80, 443], alb_ports)
    private = ec2.describe_subnets(SubnetIds=out["network"]["private_subnet_ids"])["Subnets"]
    c.add("E private subnets in >= 2 AZs, no public IPs on launch",
          len({s["AvailabilityZone"] for s in private}) >= 2 and not any(s["MapPublicIpOnLaunch"] for s in private),
          [(s["AvailabilityZone"], s["MapPublicIpOnLaunch"]) for s in private])
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [out["network"]["vpc_id"]]}])
    names = {e["ServiceName"].rsplit(".", 1)[1] for e in endpoints["VpcEndpoints"]
             if e["VpcEndpointType"] == "Interface"}
    c.add("E SSM interface endpoint in the VPC", "ssm" in names, sorted(names))
    lb = elbv2.describe_load_balancers(LoadBalancerArns=[out["loadbalancer"]["alb_arn"]])["LoadBalancers"][0]
    lb_subnets = {z["SubnetId"] for z in lb["AvailabilityZones"]}
    c.add("E ALB internet-facing in the public subnets", lb.get("Scheme", "internet-facing") == "internet-facing"
          and lb_subnets == set(out["network"]["public_subnet_ids"]), lb_subnets)
    listeners = elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    https = [x for x in listeners if x["Protocol"] == "HTTPS" and x.get("Certificates")]
    redirect = [x for x in listeners if x["Protocol"] == "HTTP"
                and x["DefaultActions"][0]["Type"] == "redirect"
                and x["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"]
    c.add("E HTTPS listener with a certificate, HTTP redirected to HTTPS", https and redirect,
          [(x["Protocol"], x["Port"]) for x in listeners])
    attrs = dict((a["Key"], a["Value"]) for a in
                 elbv2.describe_load_balancer_attributes(LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"])
    c.add("F ALB deletion protection enabled", attrs.get("deletion_protection.enabled") == "true",
          attrs.get("deletion_protection.enabled"))


def check_governance(c, out):
    s3, ddb = client("s3"), client("dynamodb")
    bucket, table = out["bootstrap"]["state_bucket_name"], out["bootstrap"]["lock_table_name"]
    versioning = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    c.add("F state bucket versioned, encrypted, public access blocked",
          versioning == "Enabled" and rules and all(block.values()), "%s %s %s" % (versioning, rules, block))
    keys = ddb.describe_table(TableName=table)["Table"]["KeySchema"]
    c.add("F DynamoDB lock table keyed on LockID", keys == [{"AttributeName": "LockID", "KeyType": "HASH"}], keys)


def check_observability(c, out):
    cw, events, logs = client("cloudwatch"), client("events"), client("logs")
    names = out["observability"]["alarm_names"]
    alarms = cw.describe_alarms(AlarmNames=names)["MetricAlarms"] if names else []
    metrics = sorted({a.get("MetricName") or "expression" for a in alarms})
    c.add("G every alarm of the observability layer exists", len(alarms) == len(names) > 0,
          "%d of %d: %s" % (len(alarms), len(names), metrics))
    c.add("G alarms on unhealthy hosts and the ASG baseline",
          "UnHealthyHostCount" in metrics and "GroupInServiceInstances" in metrics, metrics)
    rules = out["observability"].get("event_rule_names", [])
    found = [r for r in rules if events.describe_rule(Name=r).get("State") == "ENABLED"]
    c.add("G deployment failure and instance-lost EventBridge rules enabled", len(found) == len(rules) >= 2, rules)
    targets = {r: [t["Arn"] for t in events.list_targets_by_rule(Rule=r)["Targets"]] for r in rules}
    wrong = rule_target_problems(targets, out["observability"]["sns_topic_arn"],
                                 out["observability"].get("event_log_group_name"))
    c.add("G rules only log their events, the alarms page (no rule targets the topic)", rules and not wrong,
          wrong or targets)
    for key, group in sorted(out["services"]["log_group_names"].items()):
        exists = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
        c.add("G %s log group" % key, any(g["logGroupName"] == group for g in exists), group)


def rule_target_problems(targets, topic_arn, log_group_name):
    """What is wrong with the rules' targets: each rule's targets must be exactly the event log group (the alarm on
    its TriggeredRules pages, once); a rule targeting the topic pages on every event besides."""
    problems = []
    for rule in sorted(targets):
        arns = targets[rule]
        if topic_arn in arns:
            problems.append("%s targets the alarm topic" % rule)
        logs = [a for a in arns
                if log_group_name and a.split(":log-group:", 1)[-1].removesuffix(":*") == log_group_name]
        if len(logs) != 1 or len(arns) != 1:
            problems.append("%s targets %s, not only the log group %s" % (rule, arns, log_group_name))
    return problems


def seed(args):
    c = Checks()
    states = state_objects(args.bucket, args.environment)
    c.add("every layer has state", sorted(states) == sorted(LAYERS), sorted(states))
    out = outputs(states)
    for check in (check_zero_downtime, check_capacity, check_scaling, check_network, check_governance,
                  check_observability):
        check(c, out)
    check_secrets(c, out, states)
    return c.report()


# ---- locks, orphans, teardown ---------------------------------------------------------------------------------


def locks(args):
    c = Checks()
    s3, ddb = client("s3"), client("dynamodb")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=args.bucket).get("Contents", [])]
    held = [k for k in keys if k.endswith(".tflock")]
    c.add("no S3 lock file (.tflock) left", not held, held)
    items = ddb.scan(TableName=args.lock_table)["Items"]
    lock_items = [i["LockID"]["S"] for i in items if not i["LockID"]["S"].endswith("-md5")]
    c.add("no DynamoDB lock item left (only state digests)", not lock_items, lock_items)
    return c.report()


def state_identities(states):
    """Every id and ARN a resource instance in any state records."""
    found = set()
    for st in states.values():
        for res in st.get("resources", []):
            if res.get("mode") != "managed":
                continue
            for inst in res.get("instances", []):
                attrs = inst.get("attributes", {})
                for field in ("id", "arn", "name"):
                    if isinstance(attrs.get(field), str):
                        found.add(attrs[field])
    return found


def tagged_resources(environment, project=None):
    """ARNs the Resource Groups Tagging API finds with the deployment's default tags."""
    filters = [{"Key": "Environment", "Values": [environment]}]
    filters += [{"Key": "Project", "Values": [project]}] if project else [{"Key": "ManagedBy", "Values": ["terraform"]}]
    tagging, tagged, token = client("resourcegroupstaggingapi"), [], ""
    while True:
        page = tagging.get_resources(TagFilters=filters, PaginationToken=token)
        tagged += [r["ResourceARN"] for r in page["ResourceTagMappingList"]]
        token = page.get("PaginationToken")
        if not token:
            break
    return tagged


# Resources AWS services create for Terraform-managed ones (ASG instances, their disks and NICs, ECS task ENIs).
OWNED_BY_SERVICES = (":instance/", ":volume/", ":network-interface/")


def lost_resources(tagged, known):
    """Tagged ARNs no state knows. Earlier revisions of a task definition family in state are expected: the module
    keeps them registered (skip_destroy) so that the circuit breaker can roll back to them."""
    families = {k.rsplit(":", 1)[0] for k in known if ":task-definition/" in k}
    return [a for a in tagged if not any(o in a for o in OWNED_BY_SERVICES)
            and a not in known and a.rsplit("/", 1)[-1] not in known and a.rsplit(":", 1)[-1] not in known
            and not (":task-definition/" in a and a.rsplit(":", 1)[0] in families)]


def orphans(args):
    """Every resource carrying the deployment's default tags is in some layer's state."""
    c = Checks()
    states = state_objects(args.bucket, args.environment)
    known = state_identities(states)
    tagged = tagged_resources(args.environment)
    managed = [a for a in tagged if not any(o in a for o in OWNED_BY_SERVICES)]
    lost = lost_resources(tagged, known)
    c.add("tagged resources found", len(managed) > 10, "%d tagged, %d checked" % (len(tagged), len(managed)))
    c.add("no orphan: every tagged resource is in a layer's state", not lost, lost)
    return c.report()


def destroyed(args):
    """Nothing the deployment created is left (destroy.yml -e destroy_state_backend=true has run)."""
    c = Checks()
    prefix = "%s-%s" % (args.project, args.environment)
    ec2, elbv2, ecs, asg = client("ec2"), client("elbv2"), client("ecs"), client("autoscaling")
    vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
    c.add("no VPC but the default", not vpcs, vpcs)
    lbs = [lb["LoadBalancerName"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]]
    c.add("no load balancer", not lbs, lbs)
    tgs = [t["TargetGroupName"] for t in elbv2.describe_target_groups()["TargetGroups"]]
    c.add("no target group", not tgs, tgs)
    # A deleted cluster stays listed, INACTIVE, as in AWS.
    arns = ecs.list_clusters()["clusterArns"]
    clusters = ecs.describe_clusters(clusters=arns)["clusters"] if arns else []
    c.add("no ACTIVE ECS cluster", not [x for x in clusters if x["status"] == "ACTIVE"],
          [(x["clusterName"], x["status"]) for x in clusters])
    groups = [g["AutoScalingGroupName"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]]
    c.add("no Auto Scaling group", not groups, groups)
    running = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
               if i["State"]["Name"] not in ("terminated", "shutting-down")]
    c.add("no running instance", not running, running)
    roles = [r["RoleName"] for r in client("iam").list_roles()["Roles"] if r["RoleName"].startswith(prefix)]
    c.add("no IAM role of the deployment", not roles, roles)
    alarms = [a["AlarmName"] for a in client("cloudwatch").describe_alarms(AlarmNamePrefix=prefix)["MetricAlarms"]]
    c.add("no alarm of the deployment", not alarms, alarms)
    buckets = [b["Name"] for b in client("s3").list_buckets()["Buckets"]]
    c.add("state bucket gone", args.bucket not in buckets, buckets)
    tables = client("dynamodb").list_tables()["TableNames"]
    c.add("lock table gone", args.lock_table not in tables and not [t for t in tables if t.startswith(prefix)],
          tables)
    left = [(arn, state) for arn, state in ((arn, tombstone(arn)) for arn in
                                            tagged_resources(args.environment, args.project)) if state is None]
    c.add("no resource tagged Environment=%s Project=%s (but deleted ones AWS still lists)"
          % (args.environment, args.project), not left, [arn for arn, _dummy in left])
    return c.report()


def tombstone(arn):
    """How AWS still lists a deleted resource (terminated instance, deleted NAT gateway, KMS key pending deletion,
    INACTIVE ECS service or cluster or task definition revision), or None when the resource is still there."""
    ec2, ecs = client("ec2"), client("ecs")
    kind, _dummy, name = arn.split(":", 5)[5].partition("/")
    try:
        if kind == "instance":
            found = [i for r in ec2.describe_instances(InstanceIds=[name])["Reservations"] for i in r["Instances"]]
            state = found[0]["State"]["Name"] if found else "gone"
            return state if state in ("terminated", "shutting-down", "gone") else None
        if kind == "natgateway":
            found = ec2.describe_nat_gateways(NatGatewayIds=[name])["NatGateways"]
            state = found[0]["State"] if found else "gone"
            return state if state in ("deleted", "deleting", "gone") else None
        if kind == "key":
            state = client("kms").describe_key(KeyId=arn)["KeyMetadata"]["KeyState"]
            return state if state in ("PendingDeletion", "PendingReplicaDeletion") else None
        if kind == "service":
            cluster, service = name.split("/", 1)
            found = ecs.describe_services(cluster=cluster, services=[service])["services"]
            state = found[0]["status"] if found else "gone"
            return state if state in ("INACTIVE", "gone") else None
        if kind == "cluster":
            found = ecs.describe_clusters(clusters=[arn])["clusters"]
            state = found[0]["status"] if found else "gone"
            return state if state in ("INACTIVE", "gone") else None
        if kind == "task-definition":
            state = ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"]
            return state if state in ("INACTIVE", "DELETE_IN_PROGRESS") else None
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if "NotFound" in code or (kind == "task-definition" and code == "ClientException"):
            return code
        raise
    return None


def tasks_of(ecs, cluster):
    arns = ecs.list_tasks(cluster=cluster)["taskArns"]
    return ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []


def instance_arns(ecs, cluster, instance_id):
    arns = ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
    found = ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"]
    return [ci["containerInstanceArn"] for ci in found if ci["ec2InstanceId"] == instance_id]


def spot_replaced(args):
    """The interrupted instance is gone, the group is back at its desired capacity, every instance registered."""
    c = Checks()
    out = outputs(state_objects(args.bucket, args.environment))
    ec2, asg_client, ecs = client("ec2"), client("autoscaling"), client("ecs")
    cluster, group_name = out["compute"]["cluster_name"], out["compute"]["asg_name"]
    deadline, status = time.monotonic() + args.timeout, {}
    on_it = [t["taskArn"] for t in tasks_of(ecs, cluster) if t.get("containerInstanceArn") in
             instance_arns(ecs, cluster, args.instance_id) and t["lastStatus"] == "RUNNING"]
    while time.monotonic() < deadline:
        state = ec2.describe_instances(InstanceIds=[args.instance_id])["Reservations"][0]["Instances"][0]["State"]
        group = asg_client.describe_auto_scaling_groups(AutoScalingGroupNames=[group_name])["AutoScalingGroups"][0]
        in_service = [i["InstanceId"] for i in group["Instances"] if i["LifecycleState"] == "InService"]
        arns = ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"]
        registered = [ci["ec2InstanceId"] for ci in
                      ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"]
                      ] if arns else []
        services = ecs.describe_services(cluster=cluster, services=list(out["services"]["service_names"].values()))
        short = [s["serviceName"] for s in services["services"] if s["runningCount"] < s["desiredCount"]]
        status = {"tasks_on_it_at_warning": len(on_it), "interrupted": state["Name"],
                  "desired": group["DesiredCapacity"], "in_service": sorted(in_service),
                  "registered": sorted(registered), "services_short": short}
        if (state["Name"] == "terminated" and len(in_service) >= group["DesiredCapacity"]
                and set(in_service) <= set(registered) and args.instance_id not in registered and not short):
            break
        time.sleep(1)
    c.add("interrupted instance terminated", status.get("interrupted") == "terminated", status)
    c.add("group back at desired capacity with a replacement registered in the cluster",
          len(status.get("in_service", [])) >= status.get("desired", 1)
          and set(status.get("in_service", [])) <= set(status.get("registered", []))
          and args.instance_id not in status.get("registered", []), status)
    c.add("every service running its desired count", not status.get("services_short"), status)
    return c.report()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("check", choices=["seed", "locks", "orphans", "destroyed", "spot-replaced"])
    parser.add_argument("--bucket", required=True, help="state bucket")
    parser.add_argument("--environment", default="local")
    parser.add_argument("--project", default="demo")
    parser.add_argument("--lock-table", help="DynamoDB lock table (locks)")
    parser.add_argument("--instance-id", help="the interrupted instance (spot-replaced)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait (spot-replaced)")
    args = parser.parse_args(argv)
    checks = {"seed": seed, "locks": locks, "orphans": orphans, "destroyed": destroyed, "spot-replaced": spot_replaced}
    return checks[args.check](args)


if __name__ == "__main__":
    sys.exit(main())
