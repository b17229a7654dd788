"""ECS service states written onto moto's Service model (moto has no agent and drops deployment settings)."""

from datetime import datetime, timedelta, timezone

import boto3
from moto.ecs.models import ecs_backends

ACCOUNT, REGION = "123456789012", "us-east-1"
DESIGN = {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
          "maximumPercent": 200, "minimumHealthyPercent": 100}


def deployment(deployment_id, revision, status="PRIMARY", state="COMPLETED", running=2, desired=2, reason=None,
               age=0):
    created = datetime.now(timezone.utc) - timedelta(seconds=age)
    return {"id": deployment_id, "status": status, "rolloutState": state,
            "taskDefinition": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/demo-web:{revision}",
            "rolloutStateReason": reason or f"ECS deployment {deployment_id} {state.lower()}.",
            "desiredCount": desired, "runningCount": running, "pendingCount": desired - running, "failedTasks": 0,
            "createdAt": created, "updatedAt": created}


def event(message, age=0):
    return {"id": f"e-{abs(hash(message)) % 10**8}", "message": message,
            "createdAt": datetime.now(timezone.utc) - timedelta(seconds=age)}


class Ecs:
    def __init__(self):
        self.client = boto3.client("ecs")
        self.client.create_cluster(clusterName="demo")
        self.arns = [self.client.register_task_definition(
            family="demo-web", containerDefinitions=[{"name": "web", "image": f"nginx:{i}", "memory": 128}],
        )["taskDefinition"]["taskDefinitionArn"] for i in (1, 2)]

    def create(self, name="web", desired=2, revision=2):
        self.client.create_service(cluster="demo", serviceName=name, taskDefinition=self.arns[revision - 1],
                                   desiredCount=desired)
        return self.model(name)

    @staticmethod
    def model(name="web"):
        return ecs_backends[ACCOUNT][REGION].services[f"demo:{name}"]

    def steady(self, name="web", desired=2, revision=2, configuration=None, grace=60, rebalancing="ENABLED"):
        """What a healthy service looks like after a completed deployment."""
        svc = self.model(name)
        svc.desired_count, svc.running_count, svc.pending_count = desired, desired, 0
        svc.deployments = [deployment("ecs-svc/200", revision, running=desired, desired=desired)]
        svc.deployment_configuration = DESIGN if configuration is None else configuration
        svc.health_check_grace_period_seconds = grace
        svc.availability_zone_rebalancing = rebalancing
        svc.events = [event(f"(service {name}) has reached a steady state.")]
        return svc
