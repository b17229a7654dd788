"""The ECS service scheduler: tasks, placement, load balancer registration, deployments, circuit breaker.

Per service, every tick:
1. tasks move on: PENDING -> RUNNING after TASK_START_DELAY (targets registered then), stopping tasks
   drain their targets for the deregistration delay and then are STOPPED (resources and ENI released);
2. failing tasks are stopped: targets unhealthy once the health check grace period is over ("Task failed
   ELB health checks"), or an essential container of a failing image exited (no load balancer);
3. the rolling update runs with the service's minimumHealthyPercent / maximumPercent: new tasks of the
   PRIMARY deployment start first (up to maximumPercent of desired in total), old tasks (older
   deployments, tasks on DRAINING instances, surplus) stop only while enough healthy tasks remain;
4. tasks without a place stay PROVISIONING (capacity provider services: managed scaling reacts) or are
   not started at all with an "unable to place a task" event (launch type EC2), as ECS does;
5. the deployment completes when desired healthy PRIMARY tasks run and nothing else does; the circuit
   breaker fails it after min(200, max(3, ceil(desired / 2))) failed tasks and, with rollback, starts a
   new deployment of the last COMPLETED task definition.
DescribeServices shows the result: deployments, runningCount/pendingCount, events.
"""

from __future__ import annotations

import contextlib
import math
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emulator.control_plane import notify, rebalancing, targets
from emulator.control_plane.faults import Faults
from emulator.control_plane.settings import (
    FAILING_CONTAINER_EXIT_DELAY,
    STOPPED_TASK_RETENTION,
    TASK_START_DELAY,
    Clock,
)
from emulator.control_plane.tasks import SimTask, free, reserve

DEFAULT_MAXIMUM_PERCENT = 200
DEFAULT_MINIMUM_HEALTHY_PERCENT = 100
DYNAMIC_PORTS = range(32768, 61000)
UNPLACEABLE_EVENT_EVERY = 60.0  # AWS seconds between two "unable to place" events of a service


def new_deployment_id() -> str:
    return f"ecs-svc/{random.randrange(10**18, 10**19)}"  # noqa: S311 - an id, not a secret


def utcnow() -> datetime:
    from moto.core.utils import utcnow as moto_utcnow

    return moto_utcnow()


@dataclass
class Deployment:
    id: str
    task_definition: str
    status: str = "PRIMARY"
    rollout_state: str = "IN_PROGRESS"
    rollout_state_reason: str = ""
    failed_tasks: int = 0
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        self.rollout_state_reason = self.rollout_state_reason or f"ECS deployment {self.id} in progress."

    def set_state(self, state: str, reason: str) -> None:
        self.rollout_state, self.rollout_state_reason, self.updated_at = state, reason, utcnow()


@dataclass
class ServiceState:
    deployments: list[Deployment]
    tasks: list[SimTask] = field(default_factory=list)
    last_good: Deployment | None = None
    steady: bool = False
    unplaceable_event_at: float = 0.0
    rebalance_task: SimTask | None = None  # started in the AZ with fewest tasks; one in the AZ with most stops then
    rebalancing: bool = False  # "not AZ balanced" said, "AZ balanced" not yet
    rebalance_retry_at: float = 0.0


def failure_threshold(desired: int) -> int:
    return min(200, max(3, math.ceil(desired / 2)))


class Scheduler:
    def __init__(self, clock: Clock, faults: Faults) -> None:
        self.clock = clock
        self.faults = faults

    # ---- state attached to moto's Service ------------------------------------------------------
    def state(self, service: Any) -> ServiceState:
        state = getattr(service, "_cp_state", None)
        if state is None:
            moto_id = (service.deployments or [{}])[0].get("id") if service.deployments else None
            state = ServiceState([Deployment(moto_id or new_deployment_id(), service.task_definition)])
            service._cp_state = state
        return state

    def on_create(self, region: Any, service: Any) -> None:
        self.state(service)
        self.render(service)

    def on_update(self, region: Any, service: Any, new_deployment: bool) -> None:
        state = self.state(service)
        if new_deployment:
            self.start_deployment(region, service, service.task_definition)
        state.steady = False
        self.render(service)

    def start_deployment(self, region: Any, service: Any, task_definition: str, reason: str = "") -> Deployment:
        state = self.state(service)
        for deployment in state.deployments:
            deployment.status = "ACTIVE"
        deployment = Deployment(new_deployment_id(), task_definition, rollout_state_reason=reason)
        state.deployments.insert(0, deployment)
        state.steady = False
        notify.deployment_state_change(
            region, service, "SERVICE_DEPLOYMENT_IN_PROGRESS", deployment.id, deployment.rollout_state_reason
        )
        return deployment

    # ---- the tick -------------------------------------------------------------------------------
    def tick(self, region: Any) -> None:
        for service in list(region.ecs.services.values()):
            if service.task_definition is None or getattr(service, "scheduling_strategy", "REPLICA") == "DAEMON":
                continue
            self.reconcile(region, service)
        self.update_cluster_counts(region)

    def reconcile(self, region: Any, service: Any) -> None:
        state = self.state(service)
        primary = state.deployments[0]
        if service.status == "ACTIVE" and primary.task_definition != service.task_definition:
            primary = self.start_deployment(region, service, service.task_definition)  # changed behind our back
        for task in list(state.tasks):
            self.progress(region, service, task)
        self.check_failures(region, service, state)
        self.check_circuit_breaker(region, service, state)
        self.roll(region, service, state)
        self.check_completion(region, service, state)
        rebalancing.step(self, region, service, state)
        self.prune(region, state)
        self.render(service)

    def progress(self, region: Any, service: Any, task: SimTask) -> None:
        clock = self.clock
        if task.last_status == "PROVISIONING" and task.live:
            self.place(region, service, task)
        elif task.last_status == "PENDING" and task.live and clock.reached(task._running_at):
            self.mark_running(region, service, task)
        elif task.last_status in ("DEACTIVATING", "STOPPING") and clock.reached(task._stop_at):
            self.finalize(region, task)
        if task.last_status == "RUNNING":
            task.health_status = self.task_health(region, task)
            for container in task.containers:
                container["healthStatus"] = task.health_status

    def task_health(self, region: Any, task: SimTask) -> str:
        if not task._targets:
            return "UNHEALTHY" if self.faults.image_fails(task.images) else "UNKNOWN"
        states = [targets.state_of(region.elbv2.target_groups.get(arn), tid, port) for arn, tid, port in task._targets]
        if all(s == "healthy" for s in states):
            return "HEALTHY"
        return "UNHEALTHY" if "unhealthy" in states else "UNKNOWN"

    def healthy(self, task: SimTask) -> bool:
        """Counts towards minimumHealthyPercent: running and, behind a load balancer, healthy there."""
        if task.last_status != "RUNNING" or not task.live:
            return False
        return task.health_status == "HEALTHY" if task._targets else True

    # ---- failures and the circuit breaker --------------------------------------------------------
    def check_failures(self, region: Any, service: Any, state: ServiceState) -> None:
        grace = self.clock.wall(getattr(service, "health_check_grace_period_seconds", None) or 0)
        for task in state.tasks:
            if not task.live or task.last_status != "RUNNING":
                continue
            if task._targets:
                for arn, target_id, port in task._targets:
                    group = region.elbv2.target_groups.get(arn)
                    record = targets.record_of(group, target_id, port)
                    if record is None or record.state[0] != "unhealthy":
                        continue
                    if self.clock.now() < (task._started_mono or 0) + grace:
                        break
                    reason = record.state[2]
                    notify.service_event(
                        service,
                        f"(task {task.id}) (port {port}) is unhealthy in (target-group {arn}) "
                        f"due to (reason {reason}).",
                    )
                    self.stop(region, service, task, f"Task failed ELB health checks in (target-group {arn})", True)
                    break
            elif self.faults.image_fails(task.images):
                task._exit_at = task._exit_at or self.clock.after(FAILING_CONTAINER_EXIT_DELAY)
                if self.clock.reached(task._exit_at):
                    self.stop(
                        region,
                        service,
                        task,
                        "Essential container in task exited",
                        True,
                        exit_code=1,
                        stop_code="EssentialContainerExited",
                    )

    def check_circuit_breaker(self, region: Any, service: Any, state: ServiceState) -> None:
        primary = state.deployments[0]
        breaker = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
        if not breaker.get("enable") or primary.rollout_state != "IN_PROGRESS":
            return
        if primary.failed_tasks < failure_threshold(service.desired_count):
            return
        reason = "ECS deployment circuit breaker: tasks failed to start."
        primary.set_state("FAILED", reason)
        notify.service_event(service, f"(deployment {primary.id}) deployment failed: tasks failed to start.")
        notify.deployment_state_change(region, service, "SERVICE_DEPLOYMENT_FAILED", primary.id, reason)
        good = state.last_good
        if not breaker.get("rollback") or good is None:
            return
        rollback = self.start_deployment(
            region,
            service,
            good.task_definition,
            f"ECS deployment circuit breaker: rolling back to deploymentId {good.id}.",
        )
        service.task_definition = good.task_definition
        for task in state.tasks:  # running tasks of the good revision carry on in the rollback deployment
            if task.live and task.task_definition_arn == good.task_definition:
                task._deployment_id = rollback.id
        state.deployments = [  # the good deployment handed its tasks over; the failed one drains
            d
            for d in state.deployments
            if d in (rollback, primary)
            or any(t._deployment_id == d.id and t.last_status != "STOPPED" for t in state.tasks)
        ]
        notify.service_event(service, f"(deployment {primary.id}) rolling back to deployment {good.id}.")

    # ---- the rolling update ---------------------------------------------------------------------
    def roll(self, region: Any, service: Any, state: ServiceState) -> None:
        primary = state.deployments[0]
        desired = service.desired_count if service.status == "ACTIVE" else 0
        config = getattr(service, "deployment_configuration", None) or {}
        maximum = math.floor(desired * int(config.get("maximumPercent", DEFAULT_MAXIMUM_PERCENT)) / 100)
        minimum = math.ceil(desired * int(config.get("minimumHealthyPercent", DEFAULT_MINIMUM_HEALTHY_PERCENT)) / 100)
        live = [t for t in state.tasks if t.live]
        keep = [
            t
            for t in live
            if t._deployment_id == primary.id and not self.on_draining_instance(t) and t is not state.rebalance_task
        ]

        # start: PRIMARY first, within maximumPercent (a FAILED deployment launches nothing more)
        if primary.rollout_state != "FAILED":
            self.launch(region, service, state, primary, min(desired - len(keep), max(0, maximum - len(live))))

        # stop: surplus PRIMARY tasks (scale-in), newest AZ-heavy first
        if len(keep) > desired:
            for task in self.scale_in_order(keep)[: len(keep) - desired]:
                self.stop(region, service, task, "Service scaled in")
            live = [t for t in state.tasks if t.live]

        # stop: old tasks while the healthy ones stay at or above minimumHealthyPercent
        old = [t for t in live if t._deployment_id != primary.id or self.on_draining_instance(t)]
        healthy_total = sum(1 for t in live if self.healthy(t))
        for task in sorted(old, key=lambda t: (self.healthy(t), t.created_at)):
            if not self.healthy(task):
                reason = (
                    "Container instance is draining"
                    if self.on_draining_instance(task)
                    else "Task stopped by ECS deployment (replaced by a newer deployment)"
                )
                self.stop(region, service, task, reason)
            elif healthy_total - 1 >= minimum:
                self.stop(region, service, task, "Task stopped by ECS deployment (replaced by a newer deployment)")
                healthy_total -= 1

    def scale_in_order(self, tasks: list[SimTask]) -> list[SimTask]:
        per_zone: dict[str | None, int] = {}
        for task in tasks:
            per_zone[task.availability_zone] = per_zone.get(task.availability_zone, 0) + 1
        return sorted(tasks, key=lambda t: (self.healthy(t), -per_zone[t.availability_zone], -t.created_at.timestamp()))

    @staticmethod
    def on_draining_instance(task: SimTask) -> bool:
        return task._instance is not None and task._instance.status != "ACTIVE"

    def check_completion(self, region: Any, service: Any, state: ServiceState) -> None:
        primary = state.deployments[0]
        desired = service.desired_count if service.status == "ACTIVE" else 0
        live = [t for t in state.tasks if t.live]
        mine = [t for t in live if t._deployment_id == primary.id]
        # older deployments stay listed (ACTIVE) until their last task has drained and stopped
        others_busy = any(t._deployment_id != primary.id and t.last_status != "STOPPED" for t in state.tasks)
        steady = (
            primary.rollout_state != "FAILED"
            and not others_busy
            and len(mine) == len(live) == desired
            and all(self.healthy(t) and not self.on_draining_instance(t) for t in mine)
        )
        if not steady:
            state.steady = False
            return
        if primary.rollout_state == "IN_PROGRESS":
            reason = f"ECS deployment {primary.id} completed."
            primary.set_state("COMPLETED", reason)
            notify.service_event(service, f"(deployment {primary.id}) deployment completed.")
            notify.deployment_state_change(region, service, "SERVICE_DEPLOYMENT_COMPLETED", primary.id, reason)
        if primary.rollout_state == "COMPLETED":
            state.last_good = primary
            state.deployments[1:] = []
        if not state.steady:
            state.steady = True
            notify.service_event(service, "has reached a steady state.")

    # ---- task life cycle ------------------------------------------------------------------------
    def launch(
        self,
        region: Any,
        service: Any,
        state: ServiceState,
        deployment: Deployment,
        count: int,
        zone: str | None = None,
    ) -> list[SimTask]:
        """Starts up to `count` tasks (only where one fits in `zone` when given: nothing waits for capacity then)."""
        if count <= 0:
            return []
        cluster = region.ecs.clusters.get(service.cluster_name)
        if cluster is None:
            return []
        task_definition = region.ecs.describe_task_definition(deployment.task_definition)
        started = []
        for _ in range(count):
            task = SimTask(
                region=region,
                cluster=cluster,
                service=service,
                task_definition=task_definition,
                deployment_id=deployment.id,
            )
            placed = self.place(region, service, task, zone)
            if not placed and zone is not None:
                break
            if not placed and not task.capacity_provider_name:
                self.unplaceable(service, state, task)
                break
            state.tasks.append(task)
            region.ecs.tasks.setdefault(cluster.name, {})[task.task_arn] = task
            started.append(task)
        if started and zone is None:
            ids = " ".join(f"(task {t.id})" for t in started)
            notify.service_event(service, f"has started {len(started)} tasks: {ids}.")
        return started

    def unplaceable(self, service: Any, state: ServiceState, task: SimTask) -> None:
        if self.clock.now() < state.unplaceable_event_at:
            return
        state.unplaceable_event_at = self.clock.after(UNPLACEABLE_EVENT_EVERY)
        notify.service_event(
            service,
            "was unable to place a task because no container instance met all of its requirements. "
            f"The closest matching container-instance has insufficient CPU or memory (task needs {task._cpu} CPU "
            f"units and {task._memory} MiB).",
        )

    def candidates(
        self, region: Any, service: Any, task: SimTask, zone: str | None = None
    ) -> list[tuple[Any, str | None]]:
        """(container instance, subnet for awsvpc) pairs where the task fits (in `zone` when given)."""
        return [
            (ci, subnet_id)
            for ci, subnet_id in self.eligible(region, service, task._network_mode)
            if zone in (None, ci.attributes.get("ecs.availability-zone"))
            and free(ci)[0] >= task._cpu
            and free(ci)[1] >= task._memory
        ]

    def zones(self, region: Any, service: Any, network_mode: str) -> set[str]:
        """The AZs the service can run tasks in: those of its eligible container instances (and subnets)."""
        return {
            ci.attributes.get("ecs.availability-zone") or "" for ci, _ in self.eligible(region, service, network_mode)
        }

    def eligible(self, region: Any, service: Any, network_mode: str) -> list[tuple[Any, str | None]]:
        """(container instance, subnet for awsvpc) pairs that may take the service's tasks, room or not."""
        providers = {s["capacityProvider"] for s in (getattr(service, "capacity_provider_strategy", None) or [])}
        subnets_by_zone: dict[str, str] = {}
        if network_mode == "awsvpc":
            awsvpc = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
            for subnet_id in awsvpc.get("subnets") or []:
                try:
                    subnet = region.ec2.get_subnet(subnet_id)
                except Exception:  # noqa: S112 - a deleted subnet just offers no place
                    continue
                subnets_by_zone.setdefault(subnet.availability_zone, subnet_id)
        found = []
        for ci in region.ecs.container_instances.get(service.cluster_name, {}).values():
            if ci.status != "ACTIVE" or not getattr(ci, "agent_connected", True):
                continue
            if providers and getattr(ci, "capacity_provider_name", None) not in providers:
                continue
            zone = ci.attributes.get("ecs.availability-zone")
            if network_mode == "awsvpc" and zone not in subnets_by_zone:
                continue
            found.append((ci, subnets_by_zone.get(zone)))
        return found

    def place(self, region: Any, service: Any, task: SimTask, zone: str | None = None) -> bool:
        """Spread over AZs, then over instances (ECS's default for services)."""
        options = self.candidates(region, service, task, zone)
        if not options:
            return False
        state = self.state(service)
        mine = [t for t in state.tasks if t.live and t._instance is not None]

        def spread(option: tuple[Any, str | None]) -> tuple[int, int, str]:
            ci = option[0]
            zone = ci.attributes.get("ecs.availability-zone")
            return (
                sum(1 for t in mine if t.availability_zone == zone),
                sum(1 for t in mine if t._instance is ci),
                zone or "",
            )

        ci, subnet_id = min(options, key=spread)
        if task._network_mode == "awsvpc" and subnet_id:
            self.attach_eni(region, service, task, subnet_id)  # first: the only step that can fail
        task._instance = ci
        task.container_instance_arn = ci.container_instance_arn
        task.availability_zone = ci.attributes.get("ecs.availability-zone")
        reserve(ci, task._cpu, task._memory)
        ci.pending_tasks_count += 1
        task.last_status = "PENDING"
        task.pull_started_at = utcnow()
        task._running_at = self.clock.after(TASK_START_DELAY)
        if task._network_mode != "awsvpc":
            self.bind_ports(task)
        return True

    def attach_eni(self, region: Any, service: Any, task: SimTask, subnet_id: str) -> None:
        awsvpc = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
        attachment_id = random_uuid()
        subnet = region.ec2.get_subnet(subnet_id)
        # the subnet's own allocator: unique among instances and ENIs (moto's default ENI address is random)
        ip = subnet.get_available_subnet_ip(task)
        eni = region.ec2.create_network_interface(
            subnet=subnet_id,
            private_ip_address=ip,
            group_ids=awsvpc.get("securityGroups") or [],
            description=f"arn:aws:ecs:{region.name}:{region.account_id}:attachment/{attachment_id}",
        )
        eni.status = "in-use"
        task._eni_id, task._ip, task._subnet = eni.id, eni.private_ip_address, subnet
        task.attachments = [
            {
                "id": attachment_id,
                "type": "ElasticNetworkInterface",
                "status": "ATTACHED",
                "details": [
                    {"name": "subnetId", "value": subnet_id},
                    {"name": "networkInterfaceId", "value": eni.id},
                    {"name": "macAddress", "value": eni.mac_address},
                    {"name": "privateDnsName", "value": private_dns_name(region.name, eni.private_ip_address)},
                    {"name": "privateIPv4Address", "value": eni.private_ip_address},
                ],
            }
        ]
        for container in task.containers:
            container["networkInterfaces"] = [{"attachmentId": attachment_id, "privateIpv4Address": task._ip}]

    def bind_ports(self, task: SimTask) -> None:
        """bridge: dynamic host ports unless one is fixed; host: the container port itself."""
        used = {
            port
            for other in getattr(task._instance, "_cp_tasks", set())
            for port in other._host_ports.values()
            if other.live
        }
        for definition, container in zip(task._container_definitions, task.containers, strict=False):
            bindings = []
            for mapping in definition.get("portMappings") or []:
                container_port = int(mapping.get("containerPort") or 0)
                host_port = int(mapping.get("hostPort") or 0)
                if task._network_mode == "host":
                    host_port = container_port
                if not host_port:
                    host_port = next(p for p in DYNAMIC_PORTS if p not in used)
                used.add(host_port)
                task._host_ports[(definition.get("name"), container_port)] = host_port
                bindings.append(
                    {
                        "bindIP": "0.0.0.0",  # noqa: S104 - reported binding, nothing listens
                        "containerPort": container_port,
                        "hostPort": host_port,
                        "protocol": mapping.get("protocol", "tcp"),
                    }
                )
            container["networkBindings"] = bindings
        if not hasattr(task._instance, "_cp_tasks"):
            task._instance._cp_tasks = set()
        task._instance._cp_tasks.add(task)

    def mark_running(self, region: Any, service: Any, task: SimTask) -> None:
        task.last_status = "RUNNING"
        task.started_at = task.pull_stopped_at = utcnow()
        task.connectivity, task.connectivity_at = "CONNECTED", task.started_at
        task._started_mono = self.clock.now()
        task.set_container_status("RUNNING")
        ci = task._instance
        ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
        ci.running_tasks_count += 1
        for load_balancer in getattr(service, "load_balancers", None) or []:
            arn = load_balancer.get("targetGroupArn")
            group = region.elbv2.target_groups.get(arn)
            if group is None:
                continue
            name, port = load_balancer.get("containerName"), int(load_balancer.get("containerPort") or 0)
            if group.target_type == "ip" and task._ip:
                target_id, target_port = task._ip, port
            else:
                target_id, target_port = ci.ec2_instance_id, task._host_ports.get((name, port), port)
            targets.register(group, target_id, target_port, self.clock, owner=task)
            task._targets.append((arn, target_id, target_port))
            notify.service_event(service, f"registered 1 targets in (target-group {arn})")

    def stop(
        self,
        region: Any,
        service: Any,
        task: SimTask,
        reason: str,
        failed: bool = False,
        exit_code: int | None = None,
        stop_code: str = "ServiceSchedulerInitiated",
    ) -> None:
        if not task.live:
            return
        task.desired_status = "STOPPED"
        task.stopped_reason, task.stop_code = reason, stop_code
        task.stopping_at = utcnow()
        task._exit_code = exit_code
        if failed:
            task._failed = True
            for deployment in self.state(service).deployments:
                if deployment.id == task._deployment_id:
                    deployment.failed_tasks += 1
        notify.service_event(service, f"has stopped 1 running tasks: (task {task.id}).")
        if task.last_status == "RUNNING" and task._targets:
            task.last_status = "DEACTIVATING"
            ends = [
                targets.start_draining(region.elbv2.target_groups[arn], target_id, port, self.clock)
                for arn, target_id, port in task._targets
                if arn in region.elbv2.target_groups
            ]
            task._stop_at = max(ends, default=self.clock.now())
            notify.service_event(service, "has begun draining connections on 1 tasks.")
            for arn, _, _ in task._targets:
                notify.service_event(service, f"deregistered 1 targets in (target-group {arn})")
        else:
            self.finalize(region, task)

    def finalize(self, region: Any, task: SimTask) -> None:
        was = task.last_status
        task.last_status = "STOPPED"
        task.desired_status = "STOPPED"
        task.stopped_at = task.execution_stopped_at = utcnow()
        task._stopped_mono = self.clock.now()
        exit_code = getattr(task, "_exit_code", None)
        task.set_container_status("STOPPED", exit_code if exit_code is not None else (1 if task._failed else 0))
        ci = task._instance
        if ci is not None:
            reserve(ci, task._cpu, task._memory, sign=-1)
            if was == "PENDING":
                ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
            elif was in ("RUNNING", "DEACTIVATING", "STOPPING"):
                ci.running_tasks_count = max(0, ci.running_tasks_count - 1)
            getattr(ci, "_cp_tasks", set()).discard(task)
        if task._eni_id:
            with contextlib.suppress(Exception):  # already gone with its subnet
                region.ec2.delete_network_interface(task._eni_id)
            task._subnet.del_subnet_ip(task._ip)
            for attachment in task.attachments:
                attachment["status"] = "DELETED"
            task._eni_id = None
        for arn, target_id, port in task._targets:  # immediate stop (no drain): leave the group now
            group = region.elbv2.target_groups.get(arn)
            if group is not None and targets.state_of(group, target_id, port) != "draining":
                targets.deregister(group, target_id, port)

    def stop_tasks_on(self, region: Any, container_instance: Any, reason: str) -> None:
        """The instance is gone: its tasks stop at once (targets still drain)."""
        for service in list(region.ecs.services.values()):
            state = getattr(service, "_cp_state", None)
            for task in list(state.tasks if state else []):
                if task._instance is container_instance and task.last_status != "STOPPED":
                    self.stop(region, service, task, reason, stop_code="TerminationNotice")
                    if task.last_status != "STOPPED":
                        self.finalize(region, task)

    def user_stop(self, region: Any, task: SimTask, reason: str) -> None:
        self.stop(region, task._service, task, reason or "Task stopped by user", stop_code="UserInitiated")

    # ---- bookkeeping ----------------------------------------------------------------------------
    def prune(self, region: Any, state: ServiceState) -> None:
        horizon = self.clock.wall(STOPPED_TASK_RETENTION)
        now = self.clock.now()
        for task in list(state.tasks):
            if task.last_status == "STOPPED" and task._stopped_mono is not None and now - task._stopped_mono > horizon:
                state.tasks.remove(task)
                region.ecs.tasks.get(task.cluster_name, {}).pop(task.task_arn, None)

    def render(self, service: Any) -> None:
        state = self.state(service)
        strategy = getattr(service, "capacity_provider_strategy", None)
        network = service.network_configuration or None
        rendered = []
        total_running = total_pending = 0
        for index, deployment in enumerate(state.deployments):
            mine = [t for t in state.tasks if t._deployment_id == deployment.id and t.last_status != "STOPPED"]
            running = sum(1 for t in mine if t.last_status == "RUNNING")
            pending = sum(1 for t in mine if t.last_status in ("PROVISIONING", "PENDING"))
            total_running += running
            total_pending += pending
            item: dict[str, Any] = {
                "id": deployment.id,
                "status": deployment.status,
                "taskDefinition": deployment.task_definition,
                "desiredCount": service.desired_count if index == 0 else sum(1 for t in mine if t.live),
                "pendingCount": pending,
                "runningCount": running,
                "failedTasks": deployment.failed_tasks,
                "createdAt": deployment.created_at,
                "updatedAt": deployment.updated_at,
                "rolloutState": deployment.rollout_state,
                "rolloutStateReason": deployment.rollout_state_reason,
            }
            if strategy:
                item["capacityProviderStrategy"] = strategy
            else:
                item["launchType"] = service.launch_type or "EC2"
            if network:
                item["networkConfiguration"] = network
            rendered.append(item)
        service.deployments = rendered
        service.running_count, service.pending_count = total_running, total_pending

    def update_cluster_counts(self, region: Any) -> None:
        for cluster in list(region.ecs.clusters.values()):
            tasks = list(region.ecs.tasks.get(cluster.name, {}).values())
            cluster.running_tasks_count = sum(1 for t in tasks if t.last_status == "RUNNING")
            cluster.pending_tasks_count = sum(1 for t in tasks if t.last_status in ("PROVISIONING", "PENDING"))
            cluster.active_services_count = sum(
                1 for s in region.ecs.services.values() if s.cluster_name == cluster.name and s.status == "ACTIVE"
            )


def private_dns_name(region_name: str, ip: str) -> str:
    suffix = "ec2.internal" if region_name == "us-east-1" else f"{region_name}.compute.internal"
    return f"ip-{ip.replace('.', '-')}.{suffix}"


def random_uuid() -> str:
    import uuid

    return str(uuid.uuid4())
