"""Timelines of an ECS rolling deployment (100/200) of demo-web:2 over demo-web:1, one step per poll."""

from ecs_service_states import deployment

FAILED_REASON = "ECS deployment circuit breaker: tasks failed to start."


def start(world):
    """Update accepted: :2 is PRIMARY with no task yet, :1 still serves."""
    world.deployments(deployment("ecs-svc/200", 2, state="IN_PROGRESS", running=0),
                      deployment("ecs-svc/100", 1, status="ACTIVE", age=600),
                      events=["(service web) has started 2 tasks: (task a) (task b)."])


def successful(world):
    def new_tasks_healthy():
        world.tasks(["10.0.0.20", "10.0.1.20"])
        world.deployments(deployment("ecs-svc/200", 2, state="IN_PROGRESS"),
                          deployment("ecs-svc/100", 1, status="ACTIVE", age=600))

    def old_tasks_stopped():
        world.stop(["10.0.0.10", "10.0.1.10"])
        world.deployments(deployment("ecs-svc/200", 2), events=["(service web) has reached a steady state."])

    world.steps = [new_tasks_healthy, old_tasks_stopped]


def rolled_back(world):
    def breaker_trips():
        world.deployments(deployment("ecs-svc/100", 1, state="IN_PROGRESS", age=600),
                          deployment("ecs-svc/200", 2, status="ACTIVE", state="FAILED", running=0,
                                     reason=FAILED_REASON),
                          events=["(service web) (deployment ecs-svc/200) deployment failed: tasks failed to start.",
                                  "(service web) rolling back to deployment ecs-svc/100."])

    def rollback_done():
        world.deployments(deployment("ecs-svc/100", 1, age=600),
                          events=["(service web) has reached a steady state."])

    world.steps = [breaker_trips, rollback_done]
