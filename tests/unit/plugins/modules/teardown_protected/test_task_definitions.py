"""teardown_protected: every ACTIVE revision of a task definition family goes, and no other family's."""

from ansible_collections.platform_ops.ecs_ec2.plugins.modules.teardown_protected import Teardown, resource_name


class Module:
    check_mode = False

    def fail_json(self, **kwargs):
        raise AssertionError(kwargs)


def register(api, family):
    return api.call("ecs", "register_task_definition", family=family, containerDefinitions=[
        {"name": "app", "image": "nginx", "memory": 128}])["taskDefinition"]["taskDefinitionArn"]


def test_a_revision_arn_names_its_family():
    arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-local-web:7"
    assert resource_name("aws_ecs_task_definition", arn) == "demo-local-web"
    assert resource_name("aws_ecs_task_definition", "demo-local-web") == "demo-local-web"


def test_every_revision_of_the_family_is_deregistered_and_deleted(api):
    revisions = [register(api, "demo-local-web") for _dummy in range(12)]  # more than one delete call takes
    other = register(api, "demo-local-web-admin")
    deleted, absent = Teardown(Module(), api).run([{"type": "aws_ecs_task_definition", "id": revisions[-1]}])
    assert (deleted, absent) == (["aws_ecs_task_definition:%s" % revisions[-1]], [])
    active = api.call("ecs", "list_task_definitions", status="ACTIVE")["taskDefinitionArns"]
    assert active == [other]
    # Deleted, not only deregistered: INACTIVE revisions stay listed until deleted (moto forgets them at once).
    assert api.call("ecs", "list_task_definitions", familyPrefix="demo-local-web", status="INACTIVE")[
        "taskDefinitionArns"] == []
    # Run again: nothing ACTIVE is left, so it reports the family as already absent.
    assert Teardown(Module(), api).run([{"type": "aws_ecs_task_definition", "id": revisions[0]}]) == (
        [], ["aws_ecs_task_definition:%s" % revisions[0]])
