"""ECS services keep placementStrategy (ecs-service-placement)."""

STRATEGY = [{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}]


def placement_after_create_and_update(server, name):
    ecs = server.client("ecs")
    ecs.create_cluster(clusterName=name)
    ecs.register_task_definition(family=name, containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster=name, serviceName=name, taskDefinition=name, desiredCount=0, placementStrategy=STRATEGY)
    created = ecs.describe_services(cluster=name, services=[name])["services"][0].get("placementStrategy")
    ecs.update_service(cluster=name, service=name, placementStrategy=STRATEGY[:1])
    updated = ecs.describe_services(cluster=name, services=[name])["services"][0].get("placementStrategy")
    return created, updated


def test_ecs_service_placement_fixed(fixed, name):
    assert placement_after_create_and_update(fixed, name) == (STRATEGY, STRATEGY[:1])


def test_ecs_service_placement_gap_visible_unfixed(unfixed, name):
    created, _updated = placement_after_create_and_update(unfixed, name)
    assert not created
