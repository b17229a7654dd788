"""terraform_lock: the holder named by a lock error, and the IDs a run's core log says it tried to take."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_lock

ERROR = """Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400,
ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        3A7ABDD4-292c-d412-67ae-364e4fa3b7aa
  Path:      demo-local-tfstate-123456789012/local/compute/terraform.tfstate
"""
LOG = ("2026-11-27T15:14:10.362Z [INFO]  backend-s3: Attempting to lock remote state (S3 Native and DynamoDB)...: "
       "tf_backend.lock.id=3a7abdd4-292c-d412-67ae-364e4fa3b7aa tf_backend.lock.operation=OperationTypePlan\n"
       "2026-11-27T15:14:11.001Z [INFO]  backend-s3: Downloading remote state: tf_backend.operation=Get\n")


def test_the_holder_of_a_lock_error_only():
    assert terraform_lock.held_lock_id(ERROR) == "3a7abdd4-292c-d412-67ae-364e4fa3b7aa"
    other_error = "Error: Unsupported argument\nLock Info:\n  ID:  3a7abdd4-292c-d412-67ae-364e4fa3b7aa"
    assert terraform_lock.held_lock_id(other_error) is None
    assert terraform_lock.held_lock_id(None) is None


def test_own_lock_needs_the_id_in_the_runs_log(tmp_path):
    log = tmp_path / "terraform.log"
    assert terraform_lock.own_stale_lock(ERROR, str(log)) is None  # no log: never ours
    log.write_text(LOG.replace("3a7abdd4", "99999999"))
    assert terraform_lock.own_stale_lock(ERROR, str(log)) is None
    log.write_text(LOG)
    assert terraform_lock.own_stale_lock(ERROR, str(log)) == "3a7abdd4-292c-d412-67ae-364e4fa3b7aa"
    terraform_lock.start_log(str(log))
    assert log.read_text() == ""
