"""Unhealthy targets replaced by ECS between polls are still reported, with their reasons."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetsVerifier


class FakeApi:
    """describe_target_health answers from a script, one answer per poll."""

    def __init__(self, polls):
        self.polls = polls
        self.poll = 0

    def call(self, service, operation, **kwargs):
        if operation == "describe_target_groups":
            return {"TargetGroups": [{"TargetGroupArn": kwargs["TargetGroupArns"][0], "TargetType": "ip",
                                      "VpcId": "vpc-1", "LoadBalancerArns": []}]}
        if operation == "describe_target_health":
            answer = self.polls[min(self.poll, len(self.polls) - 1)]
            self.poll += 1
            return {"TargetHealthDescriptions": answer}
        if operation == "describe_subnets":
            return {"Subnets": []}
        raise AssertionError(operation)


def target(ip, state, reason=None, description=None):
    health = {"State": state}
    if reason:
        health.update(Reason=reason, Description=description)
    return {"Target": {"Id": ip, "Port": 8080, "AvailabilityZone": "us-east-1a"}, "TargetHealth": health}


def test_reasons_of_targets_gone_by_the_last_poll_are_in_the_report():
    bad = ("Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]")
    api = FakeApi([[target("10.0.1.5", "unhealthy", *bad), target("10.0.2.6", "unhealthy", *bad)],
                   [target("10.0.1.7", "initial", "Elb.RegistrationInProgress", "Target registration is in progress"),
                    target("10.0.2.8", "initial", "Elb.RegistrationInProgress", "Target registration is in progress")]])
    verifier = TargetsVerifier(api, [{"name": "web", "target_group_arn": "arn:tg/web", "min_healthy": 2}])
    verifier.observe(1)
    last = verifier.observe(2)
    failed = [c for c in last.checks if not c.passed]
    assert [c.name for c in failed] == ["healthy targets", "healthy targets' AZs"]
    assert ("unhealthy while waiting: Target.ResponseCodeMismatch (Health checks failed with these codes: [502]) "
            "on 10.0.1.5, 10.0.2.6") in failed[0].reason
    assert last.facts["services"][0]["unhealthy_seen"] == [
        {"reason": bad[0], "description": bad[1], "targets": ["10.0.1.5", "10.0.2.6"]}]
