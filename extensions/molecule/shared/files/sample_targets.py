"""Sample the healthy targets of target groups until a stop file appears; write the lowest count seen.

    python sample_targets.py --out F --stop-file S --target-group NAME=ARN [--target-group ...] [--interval 0.5]

Runs in the background (Ansible async) while a rollout or an interruption happens, independently of the
collection's own follower, so "never below desired" is judged on many more samples. AWS is reached through
AWS_ENDPOINT_URL. The JSON written to F: {name: {"min": n, "max": n, "samples": n, "errors": n, "lows": [...]}}.
"""

import argparse
import json
import os
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def healthy(elbv2, arn):
    health = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    return sum(1 for h in health if h["TargetHealth"]["State"] == "healthy")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop-file", required=True)
    parser.add_argument("--target-group", action="append", required=True, help="NAME=ARN")
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--max-seconds", type=float, default=1200)
    args = parser.parse_args(argv)
    groups = dict(g.split("=", 1) for g in args.target_group)
    # Throttling faults may run meanwhile: retry, and count what could not be read instead of guessing.
    elbv2 = boto3.client("elbv2", config=Config(retries={"max_attempts": 10, "mode": "standard"}))
    seen = dict((name, {"min": None, "max": None, "samples": 0, "errors": 0, "lows": []}) for name in groups)
    deadline = time.monotonic() + args.max_seconds
    while not os.path.exists(args.stop_file) and time.monotonic() < deadline:
        for name, arn in groups.items():
            rec = seen[name]
            try:
                n = healthy(elbv2, arn)
            except (BotoCoreError, ClientError):
                rec["errors"] += 1
                continue
            rec["samples"] += 1
            rec["min"] = n if rec["min"] is None else min(rec["min"], n)
            rec["max"] = n if rec["max"] is None else max(rec["max"], n)
            if n == rec["min"] and len(rec["lows"]) < 20:
                rec["lows"].append({"t": round(time.time(), 1), "healthy": n})
        with open(args.out + ".tmp", "w") as f:
            json.dump(seen, f)
        os.replace(args.out + ".tmp", args.out)
        time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
