"""site.yml on the emulator: apply, re-run unchanged, no false drift, --check, safety stops, locks, secrets."""

import glob
import json
import os
import re
import subprocess

import yaml

from tests.helpers import ROOT, terraform_env
from tests.integration.conftest import PY, recap

LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]


def layer_statuses(stdout):
    """The summary table's STATUS column, per layer."""
    found = dict(re.findall(r"^\s*-?\s*'?(%s)\s+(applied|unchanged|planned|skipped|failed)\s" % "|".join(LAYERS),
                            stdout, re.M))
    return found


def serials(deployment):
    return dict((k, json.loads(v).get("serial")) for k, v in deployment.state_objects().items()
                if k.endswith(".tfstate"))


def test_first_run_applies_every_layer(deployment):
    out = deployment.first_run.stdout
    assert recap(out)["failed"] == 0
    statuses = layer_statuses(out)
    assert statuses == dict((layer, "applied") for layer in LAYERS), statuses
    assert re.search(r"ALB: https://\S+\.elb\.amazonaws\.com", out)
    # Every layer's state lives in the bucket under <env>/<layer>/, the bootstrap layer's included.
    assert set("local/%s/terraform.tfstate" % layer for layer in LAYERS) <= set(deployment.state_objects())
    # The bootstrap layer's state was pushed by the state backend's own apply: recorded, not planned again.
    assert re.search(r"Result \| bootstrap applied", out)
    # Its first apply held only what holds state; the lifecycle rules (a minute of provider waiting) were applied in the
    # background while network, security and compute were created, then the whole state was pushed into the bucket.
    order = [out.index(marker) for marker in (
        "Bootstrap | the rest of the layer (lifecycle rules), in the background]", "in one run) | network]",
        "in one run) | compute]", "Bootstrap | wait for the background apply (lifecycle rules)]",
        "Bootstrap | initialise the real layer on the new backend and move the local state into the bucket]")]
    assert order == sorted(order)
    bootstrap_types = [r["type"] for r in deployment.state("bootstrap")["resources"] if r["mode"] == "managed"]
    assert "aws_s3_bucket_lifecycle_configuration" in bootstrap_types and "aws_dynamodb_table" in bootstrap_types
    s3 = deployment.emulator.client("s3")
    assert s3.get_bucket_lifecycle_configuration(Bucket="demo-local-tfstate-123456789012")["Rules"]
    assert not re.search(r"Plan \(saved[^\n]*\| bootstrap\][^\n]*\n(?:[^\n]*\*{3,} *\n)?(ok|changed|fatal):", out)
    # Nothing was in the other layers' state: each is planned and applied in one community.general.terraform run,
    # whose temp plan (in TMPDIR) is removed, and the cost floor prices every layer (from their state objects).
    assert not glob.glob(os.path.join(deployment.tmp_dir, "*.tfplan"))
    flat = re.sub(r"\s+", " ", out)
    for layer in LAYERS[1:]:
        assert re.search(r"%s applied [\d.]+ [1-9]\d* added, 0 changed, 0 destroyed \(nothing in state before: "
                         r"planned and applied in one run\)" % layer, flat), layer
    # A new load balancer is created in the background while compute runs, and waited for before services.
    order = [out.index(marker) for marker in (
        "Running in the background | loadbalancer]", "in one run) | compute]",
        "Wait for the background create | loadbalancer]", "in one run) | services]")]
    assert order == sorted(order)
    assert re.search(r"Cost floor in USD/month: [1-9]", out)
    assert "Not priced" not in out


def test_second_run_changes_nothing(deployment):
    proc = deployment.playbook("site.yml")
    assert recap(proc.stdout)["changed"] == 0, proc.stdout[-6000:]
    assert layer_statuses(proc.stdout) == dict((layer, "unchanged") for layer in LAYERS)
    # nothing can have changed since each layer's apply: not even planned (drift is the drift check's job); with
    # nothing to apply anywhere, the layer loop does not run at all
    ahead = dict(re.findall(r"(\w+): (converged|no changes|changes|not created|error) \([\d.]+ s\)", proc.stdout))
    assert ahead == dict((layer, "converged") for layer in LAYERS), proc.stdout[-15000:]
    planned = re.findall(r"TASK \[[^\]]*(?:Plan \(saved|Result)[^\]|]*\| (\w+)", proc.stdout)
    assert not planned, "the loop ran for %s although nothing changed since their apply" % planned


def test_every_layer_plans_clean_after_apply(deployment):
    """No false drift: a plain `terraform plan -detailed-exitcode` of every applied layer shows no change."""
    for layer in LAYERS:
        work = os.path.join(deployment.work_dir, layer)
        env = dict(terraform_env(TF_DATA_DIR=os.path.join(work, ".terraform")), **deployment.emulator.aws_env)
        proc = subprocess.run(
            ["terraform", "plan", "-detailed-exitcode", "-no-color", "-input=false", "-lock=false",
             "-var-file=%s" % os.path.join(work, "inputs.tfvars.json")],
            cwd=os.path.join(ROOT, "terraform", "layers", layer), env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, "%s drifts right after apply:\n%s%s" % (layer, proc.stdout[-5000:], proc.stderr)


def test_check_mode_plans_but_changes_nothing(deployment):
    alb = deployment.emulator.client("elbv2").describe_load_balancers()["LoadBalancers"][0]["LoadBalancerArn"]
    before = serials(deployment)
    proc = deployment.playbook("site.yml", "--check", "-e", "ecs_alb_idle_timeout=120")
    assert layer_statuses(proc.stdout)["loadbalancer"] == "planned"
    assert "loadbalancer: 0 to add, 1 to change" in proc.stdout
    assert serials(deployment) == before
    attrs = deployment.emulator.client("elbv2").describe_load_balancer_attributes(LoadBalancerArn=alb)["Attributes"]
    assert {"Key": "idle_timeout.timeout_seconds", "Value": "60"} in attrs
    assert "idle_timeout: 60 ->" not in proc.stdout  # attribute diffs only with --diff


def test_check_diff_shows_each_changed_attribute_before_and_after_and_changes_nothing(deployment):
    """--check --diff: per layer and address, the attributes that change with their before and after values."""
    alb = deployment.emulator.client("elbv2").describe_load_balancers()["LoadBalancers"][0]["LoadBalancerArn"]
    before = serials(deployment)
    proc = deployment.playbook("site.yml", "--check", "--diff", "-e", "ecs_alb_idle_timeout=75")
    assert "loadbalancer: 0 to add, 1 to change" in proc.stdout
    assert "~ loadbalancer: module.alb.aws_lb.this (update)" in proc.stdout, proc.stdout[-4000:]
    # The debug list under that address: idle_timeout before -> after, and no unchanged attribute.
    lines = proc.stdout[proc.stdout.index("~ loadbalancer: module.alb.aws_lb.this (update)"):].splitlines()
    assert "idle_timeout: 60 -> 75" in lines[1], lines[:4]
    assert " -> " not in lines[2], lines[:4]
    assert serials(deployment) == before
    attrs = deployment.emulator.client("elbv2").describe_load_balancer_attributes(LoadBalancerArn=alb)["Attributes"]
    assert {"Key": "idle_timeout.timeout_seconds", "Value": "60"} in attrs


def test_destroying_a_protected_resource_stops_before_apply(deployment, local_inventory):
    """Dropping a service from the inventory would destroy its ECS service: blocked, nothing applied."""
    before = serials(deployment)
    with open(os.path.join(local_inventory, "group_vars", "all", "main.yml")) as f:
        web = yaml.safe_load(f)["ecs_services"][0]  # its secret ARNs stay templates the inventory resolves
    assert web["name"] == "web"
    proc = deployment.playbook("site.yml", "-e", json.dumps({"ecs_services": [web]}), "--tags", "services",
                               check=False)
    assert proc.returncode != 0
    assert "would delete protected resources" in proc.stdout
    blocked = r'module\.service\[\\?"api\\?"\]\.aws_ecs_service\.this \(delete: protected resource type'
    assert re.search(blocked, proc.stdout), proc.stdout[-4000:]
    assert "allow_replace=true" in proc.stdout
    assert serials(deployment) == before
    services = deployment.emulator.client("ecs").list_services(cluster="demo-local-cluster")["serviceArns"]
    assert sorted(s.rsplit("/", 1)[1] for s in services) == ["api", "web"]


def test_replacing_a_prevent_destroy_resource_stops_naming_the_attribute_and_the_procedure(deployment):
    """A new ecs_project renames the ALB, which forces its replacement; the ALB has prevent_destroy, so the run stops
    before apply with the address, the forcing attribute and the procedure, with or without allow_replace=true."""
    elbv2 = deployment.emulator.client("elbv2")

    def albs():
        found = elbv2.describe_load_balancers()["LoadBalancers"]
        return [(lb["LoadBalancerArn"], lb["LoadBalancerName"]) for lb in found]

    albs_before = albs()
    assert [name for _arn, name in albs_before] == ["demo-local-alb"]
    before = serials(deployment)
    for extra in ([], ["-e", "allow_replace=true"]):
        proc = deployment.playbook("site.yml", "-e", "ecs_project=demo2", "--tags", "loadbalancer", *extra,
                                   check=False)
        assert proc.returncode != 0, extra
        flat = re.sub(r"\s+", " ", proc.stdout)
        stop = re.search(r"Layer loadbalancer would replace resources protected by prevent_destroy: "
                         r"module\.alb\.aws_lb\.this \(replace: protected by prevent_destroy; replacement forced by "
                         r'name \\?"demo-local-alb\\?" -> \\?"demo2-local-alb\\?"\)\. Nothing was applied, and '
                         r"-e allow_replace=true cannot override prevent_destroy\.", flat)
        assert stop, (extra, [line for line in proc.stdout.splitlines() if "prevent_destroy" in line][:10])
        assert "Replacing a resource protected by prevent_destroy" in flat and "docs/layers.md" in flat
        # The layer's line in the summary carries the same stop, not Terraform's raw error.
        assert layer_statuses(proc.stdout).get("loadbalancer") == "failed", extra
        assert re.search(r"loadbalancer failed [\d.]+ Stop before apply: the plan replaces or destroys resources "
                         r"protected by prevent_destroy", flat), extra
        assert "TASK [platform_ops.ecs_ec2.terraform_layer : Apply the saved plan" not in proc.stdout
        # The errored plan Terraform saved was read and removed: nothing on disk for a later step to price or apply.
        assert not os.path.exists(os.path.join(deployment.work_dir, "loadbalancer", "layer.tfplan"))
    assert serials(deployment) == before
    assert albs() == albs_before
    # Back on the inventory as it is, the layer is as it was: nothing to plan, nothing changed.
    proc = deployment.playbook("site.yml", "--tags", "loadbalancer")
    assert recap(proc.stdout)["changed"] == 0 and layer_statuses(proc.stdout)["loadbalancer"] == "unchanged"


def test_a_held_lock_is_reported_with_its_holder(deployment):
    s3 = deployment.emulator.client("s3")
    bucket, key = "demo-local-tfstate-123456789012", "local/network/terraform.tfstate.tflock"
    holder = {"ID": "11111111-2222-3333-4444-555555555555", "Operation": "OperationTypeApply",
              "Who": "other-pipeline@runner-7", "Version": "1.11.4", "Created": "2026-11-27T08:00:00Z",
              "Path": "demo-local-tfstate-123456789012/local/network/terraform.tfstate", "Info": ""}
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(holder).encode())
    before = serials(deployment)
    try:
        # replan: nothing changed since network was applied, so a plain run would not even take the lock
        proc = deployment.playbook("site.yml", "--tags", "network", "-e", "ecs_state_lock_timeout=1",
                                   "-e", "replan=true", check=False)
    finally:
        s3.delete_object(Bucket=bucket, Key=key)
    assert proc.returncode != 0
    assert "state is locked by other-pipeline@runner-7" in proc.stdout
    assert "11111111-2222-3333-4444-555555555555" in proc.stdout
    assert serials(deployment) == before


def test_secret_values_never_leave_aws(deployment):
    """The values behind the inventory's secret ARNs appear in no state object, work file or log."""
    ssm = deployment.emulator.client("ssm")
    sm = deployment.emulator.client("secretsmanager")
    planted = [ssm.get_parameter(Name=n, WithDecryption=True)["Parameter"]["Value"]
               for n in ("/demo/local/web/db-password", "/demo/local/api/signing-key")]
    planted.append(sm.get_secret_value(SecretId="demo/local/web/api-token")["SecretString"])
    assert all(len(v) >= 16 for v in planted)
    haystacks = list(deployment.state_objects().values())
    haystacks += [log.encode() for log in deployment.logs]
    for dirpath, _dirs, files in os.walk(deployment.work_dir):
        for name in files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path) and os.path.getsize(path) < 50_000_000:
                with open(path, "rb") as f:
                    haystacks.append(f.read())
    for value in planted:
        assert not any(value.encode() in h for h in haystacks)


def test_destroy_refuses_a_production_inventory(deployment):
    proc = deployment.playbook("destroy.yml", inventory=os.path.join(ROOT, "inventories", "prod"), check=False)
    assert proc.returncode != 0
    assert "Refusing to destroy" in proc.stdout and "ecs_production: true" in proc.stdout
    assert recap(proc.stdout)["changed"] == 0


def test_a_broken_inventory_stops_in_preflight_listing_every_problem(deployment):
    """Several values only AWS can judge (well-formed, so the inventory validation passes them): all reported
    together by pre-flight, nothing changed in AWS or state. Malformed values stop earlier:
    tests/integration/test_inventory_validation.py."""
    before = serials(deployment)
    vpcs = len(deployment.emulator.client("ec2").describe_vpcs()["Vpcs"])
    bad = {
        "ecs_instance_types": ["t3.large", "m5.huge"],  # a well-formed name no region offers
        "ecs_secret_kms_key_arns": ["arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-00000000dead"],
        "ecs_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000dead",
    }
    proc = deployment.playbook("site.yml", "-e", json.dumps(bad), check=False)
    assert proc.returncode != 0
    out = proc.stdout
    assert "TASK [platform_ops.ecs_ec2.preflight" in out
    for key in ("ecs_instance_types[1]", "ecs_secret_kms_key_arns[0]", "ecs_certificate_arn"):
        assert key in out, key
    assert "terraform_layer" not in out  # stopped before any layer was planned
    assert serials(deployment) == before
    assert len(deployment.emulator.client("ec2").describe_vpcs()["Vpcs"]) == vpcs


def tagged_leftovers(emu, project="demo", environment="local"):
    """Everything of the protected types still carrying the deployment's Project and Environment tags, read with
    plain describe calls (independently of teardown_leftovers_info): (type, name) pairs."""
    def ours(tags):
        return tags.get("Project") == project and tags.get("Environment") == environment

    found = []
    elbv2, ecs = emu.client("elbv2"), emu.client("ecs")
    for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
        tags = elbv2.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"]
        if ours({t["Key"]: t["Value"] for t in tags}):
            found.append(("aws_lb", lb["LoadBalancerName"]))
    arns = ecs.list_clusters()["clusterArns"]
    for c in ecs.describe_clusters(clusters=arns, include=["TAGS"])["clusters"] if arns else []:
        if c["status"] != "INACTIVE" and ours({t["key"]: t["value"] for t in c.get("tags", [])}):
            found.append(("aws_ecs_cluster", c["clusterName"]))
    for arn in ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]:
        described = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
        if ours({t["key"]: t["value"] for t in described.get("tags", [])}):
            found.append(("aws_ecs_task_definition", arn.rsplit("/", 1)[-1]))
    s3 = emu.client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            tags = s3.get_bucket_tagging(Bucket=bucket["Name"])["TagSet"]
        except s3.exceptions.ClientError:
            continue
        if ours({t["Key"]: t["Value"] for t in tags}):
            found.append(("aws_s3_bucket", bucket["Name"]))
    dynamodb = emu.client("dynamodb")
    for table in dynamodb.list_tables()["TableNames"]:
        arn = dynamodb.describe_table(TableName=table)["Table"]["TableArn"]
        if ours({t["Key"]: t["Value"] for t in dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]}):
            found.append(("aws_dynamodb_table", table))
    return sorted(found)


def test_zz_destroy_removes_everything_and_a_new_deploy_works(deployment):
    """Runs last in this module (make test's lane runs the drift cycle after it, on the stack it deploys again). A
    destroy that fails half-way (the loadbalancer layer's terraform destroy refused a listener delete, after the ALB
    was taken out of the layer's state) stops naming the ALB it leaves in no state; a second run finds it by its tags
    and finishes: teardown despite prevent_destroy, deletion and scale-in protection, and nothing carrying the
    deployment's tags left, by this test's checks and by the Molecule helpers' independent `aws_checks.py destroyed`
    (which the Molecule `destroy` scenario ran on a deployment of its own until issue 22 merged the two teardowns
    here). Then deploy again."""
    emu = deployment.emulator
    assert ("aws_lb", "demo-local-alb") in tagged_leftovers(emu)
    emu.cli("fault", "fail-operation", "--target", "elasticloadbalancing.DeleteListener", "--count", "1")
    failed = deployment.playbook("destroy.yml", "-e", "destroy_state_backend=true", check=False)
    assert failed.returncode != 0 and recap(failed.stdout)["failed"] == 1
    stop = re.search(r"destroy\.yml did not finish: layer (\S+) failed .*?; not reached: ([a-z, ]+)\. "
                     r"Left of demo/local \(by its tags\): (.*?)\.\s+Remove the cause", failed.stdout, re.S)
    assert stop, failed.stdout[-6000:]
    # destroy order: observability, services, compute, loadbalancer, then the rest
    assert stop.group(1) == "loadbalancer" and stop.group(2) == "security, network, bootstrap"
    assert "loadbalancer: aws_lb demo-local-alb (arn:aws:elasticloadbalancing:" in stop.group(3)
    assert "Runbook: docs/runbooks.md#failed-destroy" in failed.stdout
    # What today's role could not see again: the ALB is in no state, the layer's state still has the listener.
    assert "aws_lb" not in {r["type"] for r in deployment.state("loadbalancer")["resources"]}
    assert "aws_lb_listener" in {r["type"] for r in deployment.state("loadbalancer")["resources"]}
    assert ("aws_lb", "demo-local-alb") in tagged_leftovers(emu)
    assert json.loads(emu.cli("fault", "list"))["failing_operations"] == {}  # used up: the re-run is not refused

    proc = deployment.playbook("destroy.yml", "-e", "destroy_state_backend=true")
    assert recap(proc.stdout)["failed"] == 0 and recap(proc.stdout)["changed"] > 0
    assert not os.path.exists(deployment.work_dir)  # the local records go with the state backend
    assert tagged_leftovers(emu) == []
    oracle = subprocess.run(
        [PY, os.path.join(ROOT, "extensions", "molecule", "shared", "files", "aws_checks.py"), "destroyed",
         "--bucket=demo-local-tfstate-123456789012", "--lock-table=demo-local-tflock", "--environment=local",
         "--project=demo"],
        env=dict(os.environ, AWS_DEFAULT_REGION="us-east-1", **emu.aws_env),
        capture_output=True, text=True, timeout=300, check=False)
    assert oracle.returncode == 0, oracle.stdout[-6000:] + oracle.stderr[-3000:]
    assert not emu.client("elbv2").describe_load_balancers()["LoadBalancers"]
    assert not emu.client("elbv2").describe_target_groups()["TargetGroups"]
    ecs = emu.client("ecs")
    # a deleted cluster stays discoverable as INACTIVE for a while (AWS and the emulator alike)
    clusters = ecs.list_clusters()["clusterArns"]
    described = ecs.describe_clusters(clusters=clusters)["clusters"] if clusters else []
    assert {c["status"] for c in described} <= {"INACTIVE"}
    assert not emu.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    assert "demo-local-tfstate-123456789012" not in [b["Name"] for b in emu.client("s3").list_buckets()["Buckets"]]
    assert "demo-local-tflock" not in emu.client("dynamodb").list_tables()["TableNames"]
    assert [v for v in emu.client("ec2").describe_vpcs()["Vpcs"] if not v["IsDefault"]] == []
    again = deployment.playbook("site.yml")
    assert layer_statuses(again.stdout) == dict((layer, "applied") for layer in LAYERS)
