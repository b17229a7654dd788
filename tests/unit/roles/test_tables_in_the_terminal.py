"""What a person reads in the terminal: the run summary and the report files, through ansible-playbook's own default
callback (as the CLI and AWX print them). The summary is one block whose rows stay within 120 columns, a long PLAN
line going on under its column; report_files writes latest.* and a dated copy only of a report that changed."""

import os
import re
import subprocess

import yaml

from tests.helpers import ROOT, VENV_BIN

LONG = ("plan: 3 to add, 0 to change, 0 to destroy; aws_vpc.this, aws_subnet.private[0], aws_subnet.private[1], "
        "aws_nat_gateway.this[0], aws_route_table.private, aws_route_table_association.private[0]")
VERIFIED = ("passed: 31/31 checks on 2 services; traffic: 200 requests through the load balancer, 0 failed "
            "(p99 12.3 ms)")


def play(tmp_path, role, variables):
    playbook = tmp_path / "play.yml"
    playbook.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": [
        {"ansible.builtin.include_role": {"name": "platform_ops.ecs_ec2.%s" % role}, "vars": variables}]}]))
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), COLUMNS="200")
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           str(playbook)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    return proc.stdout


def test_the_summary_is_one_block_within_120_columns(tmp_path):
    out = play(tmp_path, "deploy_summary", {
        "deploy_summary_layers": [{"layer": "network", "status": "applied", "seconds": 12.3, "line": LONG},
                                  {"layer": "services", "status": "unchanged", "seconds": 0.4, "line": ""}],
        "deploy_summary_alb_dns_name": "demo.elb.amazonaws.com", "deploy_summary_verification": VERIFIED})
    block = out[out.index("msg: |-"):out.index("PLAY RECAP")].splitlines()[1:]
    rows = [line for line in block if line.strip()]
    assert rows[0].split() == ["LAYER", "STATUS", "SECONDS", "PLAN"]
    assert max(len(line) for line in rows) <= 120, rows
    plan_column = rows[0].index("PLAN")
    network = next(i for i, line in enumerate(rows) if line.split()[0] == "network")
    assert rows[network].index("plan:") == plan_column
    assert rows[network + 1][:plan_column].strip() == "" and rows[network + 1][plan_column] != " "  # under PLAN
    end = next(i for i in range(network + 1, len(rows)) if rows[i][:plan_column].strip())
    assert re.sub(r"\s+", " ", " ".join(r[plan_column:] for r in rows[network:end])).strip() == LONG
    assert "'" not in "".join(rows)  # no folded, quoted YAML scalar
    verified = next(i for i, line in enumerate(rows) if line.strip().startswith("Verification: "))
    assert re.sub(r"\s+", " ", " ".join(rows[verified:])).strip() == "Verification: " + VERIFIED


def test_report_files_keep_latest_and_a_copy_per_change(tmp_path):
    folder = tmp_path / "reports"
    report = {"report_files_dir": str(folder), "report_files_name": "cost-floor",
              "report_files_json": '{"monthly_total": 1.0}\n', "report_files_markdown": "# floor 1.0\n"}
    assert re.search(r"changed=[1-9]", play(tmp_path, "report_files", report))
    assert re.search(r"changed=0 ", play(tmp_path, "report_files", report))  # the same report: no change, no copy
    assert len(list(folder.glob("cost-floor-*.json"))) == 1
    changed = dict(report, report_files_json='{"monthly_total": 2.0}\n')
    assert re.search(r"changed=[1-9]", play(tmp_path, "report_files", changed))
    assert (folder / "latest.json").read_text() == '{"monthly_total": 2.0}\n'
    assert len(list(folder.glob("cost-floor-*.json"))) == 2 and len(list(folder.glob("cost-floor-*.md"))) == 2


def test_a_report_not_counted_as_a_change_changes_nothing_even_the_first_time(tmp_path):
    folder = tmp_path / "new" / "drift"  # the folder does not exist yet either
    report = {"report_files_dir": str(folder), "report_files_name": "drift", "report_files_json": '{"at": 1}\n',
              "report_files_markdown": "# at 1\n", "report_files_count_as_change": False}
    assert re.search(r"changed=0 ", play(tmp_path, "report_files", report))
    assert (folder / "latest.json").read_text() == '{"at": 1}\n' and len(list(folder.glob("drift-*.md"))) == 1
