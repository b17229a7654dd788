"""Start a playbook and kill it, with all its processes, while Terraform applies a given layer.

    python kill_mid_apply.py --layer-dir WORK/LAYER --lock-key KEY --bucket B -- ansible-playbook ...

Stands for a CI runner or an operator's laptop dying mid-apply. The playbook runs in its own session; once a
`terraform apply` whose TF_DATA_DIR is under --layer-dir is running and holds the layer's S3 lock object
(--lock-key in --bucket), every process of that session gets SIGKILL, so Terraform cannot release the lock or write
its state. Only processes this script started are signalled. Prints JSON: killed, seconds_into_apply, lock_held,
lock (the lock object's content) and the playbook's output tail.
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import boto3
from botocore.exceptions import ClientError


def children(pid):
    """Every descendant pid of pid (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    parents.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except OSError:
                continue
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def is_apply_in(pid, layer_dir):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv = f.read().split(b"\0")
        with open("/proc/%d/environ" % pid, "rb") as f:
            env = f.read().split(b"\0")
    except OSError:
        return False
    data_dir = ("TF_DATA_DIR=%s/" % layer_dir.rstrip("/")).encode()
    return (os.path.basename(argv[0]) == b"terraform" and b"apply" in argv
            and any(e.startswith(data_dir) for e in env))


def lock_object(s3, bucket, key):
    try:
        return json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    except ClientError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layer-dir", required=True, help="the layer's work dir (its .terraform is TF_DATA_DIR)")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--lock-key", required=True, help="S3 key of the layer's .tflock object")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--log", required=True, help="file for the playbook's output")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    s3 = boto3.client("s3")
    result = {"killed": False, "seconds_into_apply": None, "lock_held": False, "lock": None}
    with open(args.log, "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started, deadline = None, time.monotonic() + args.timeout
        while proc.poll() is None and time.monotonic() < deadline:
            applying = [p for p in children(proc.pid) if is_apply_in(p, args.layer_dir)]
            if applying and started is None:
                started = time.monotonic()
            if started is not None:
                lock = lock_object(s3, args.bucket, args.lock_key)
                if lock:
                    # Mid-apply: Terraform holds the lock and is changing resources. Kill the whole run at once.
                    victims = children(proc.pid)
                    os.killpg(proc.pid, signal.SIGKILL)
                    for pid in victims:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                    proc.wait()
                    result.update(killed=True, seconds_into_apply=round(time.monotonic() - started, 2),
                                  lock=lock, killed_processes=len(victims) + 1)
                    break
            time.sleep(0.1)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    result["lock_held"] = lock_object(s3, args.bucket, args.lock_key) is not None
    result["returncode"] = proc.returncode
    with open(args.log) as log:
        result["output_tail"] = log.read()[-3000:]
    print(json.dumps(result, indent=1))
    return 0 if result["killed"] else 1


if __name__ == "__main__":
    sys.exit(main())
