"""ECS services keep placementConstraints (ecs-service-placement-constraints)."""

DISTINCT = [{"type": "distinctInstance"}]
MEMBER_OF = [{"type": "memberOf", "expression": "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"}]


def constraints_after_create_and_updates(server, name):
    ecs = server.client("ecs")
    ecs.create_cluster(clusterName=name)
    ecs.register_task_definition(family=name, containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}])
    ecs.create_service(
        cluster=name, serviceName=name, taskDefinition=name, desiredCount=0, placementConstraints=DISTINCT
    )

    def described():
        return ecs.describe_services(cluster=name, services=[name])["services"][0].get("placementConstraints")

    seen = [described()]
    ecs.update_service(cluster=name, service=name, desiredCount=0)  # not named: kept
    seen.append(described())
    ecs.update_service(cluster=name, service=name, placementConstraints=MEMBER_OF)
    seen.append(described())
    ecs.update_service(cluster=name, service=name, placementConstraints=[])
    seen.append(described())
    return seen


def test_ecs_service_placement_constraints_fixed(fixed, name):
    assert constraints_after_create_and_updates(fixed, name) == [DISTINCT, DISTINCT, MEMBER_OF, []]


def test_ecs_service_placement_constraints_gap_visible_unfixed(unfixed, name):
    created = constraints_after_create_and_updates(unfixed, name)[0]
    assert not created
