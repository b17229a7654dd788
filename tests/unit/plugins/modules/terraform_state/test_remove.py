"""terraform_state remove: only the addresses in the state are removed, after init on the layer's backend; a re-run
after a partial teardown changes nothing; check mode reads and removes nothing."""

INIT = ["init", "-input=false", "-no-color", "-reconfigure"]


def test_removes_what_is_in_the_state_and_reports_the_rest(run_state, layer_state, params):
    failed, result = run_state(dict(params, lock_timeout=60, remove=[
        "aws_s3_bucket.logs", "aws_s3_bucket.gone"]))
    assert not failed, result
    assert (result["changed"], result["removed"], result["absent"]) == (True, ["aws_s3_bucket.logs"],
                                                                        ["aws_s3_bucket.gone"])
    assert layer_state.argvs() == [
        INIT + ["-backend-config=%s" % params["backend_config"]],
        ["state", "list", "-no-color"],
        ["state", "rm", "-no-color", "-lock-timeout=60s", "aws_s3_bucket.logs"],
    ]
    assert all(c["env"]["TF_DATA_DIR"] == params["data_dir"] and c["env"]["LC_ALL"] == "C" and
               c["env"]["TF_LOG_CORE"] == "INFO" and c["env"]["TF_LOG_PATH"].endswith("state.tflog") and
               c["cwd"] == params["project_path"] for c in layer_state.calls)


def test_a_rerun_after_the_removal_changes_nothing(run_state, layer_state, params):
    args = dict(params, remove=["aws_s3_bucket.logs"])
    assert run_state(args)[1]["changed"] is True
    failed, result = run_state(args)
    assert not failed, result
    assert (result["changed"], result["removed"], result["absent"]) == (False, [], ["aws_s3_bucket.logs"])
    assert [a[:2] for a in layer_state.argvs()][-2:] == [INIT[:2], ["state", "list"]]


def test_check_mode_says_what_would_go_and_removes_nothing(run_state, layer_state, params):
    failed, result = run_state(dict(params, remove=["aws_sns_topic.alarms"],
                                    _ansible_check_mode=True))
    assert not failed, result
    assert (result["changed"], result["removed"]) == (True, ["aws_sns_topic.alarms"])
    assert "aws_sns_topic.alarms" in layer_state.addresses
    assert [a[:2] for a in layer_state.argvs()] == [INIT[:2], ["state", "list"]]


def test_without_push_or_remove_it_only_initialises(run_state, layer_state, params):
    failed, result = run_state(params)
    assert not failed and result["changed"] is False, result
    assert layer_state.argvs() == [INIT + ["-backend-config=%s" % params["backend_config"]]]
