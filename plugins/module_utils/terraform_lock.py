# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Recognise and release a state lock that this run's own terraform process left behind.

The S3 backend writes its DynamoDB lock item with a conditional PutItem. When the write is carried out but its
response is lost (a network error, an HTTP 500), the SDK retries; the retry is refused by the item the first attempt
wrote, and terraform waits for "another" holder until its lock timeout, then fails and leaves that item behind. The
holder it names is itself. Terraform logs the ID it tries to lock with (core log, INFO), so a lock error whose holder
ID is one of those IDs is provably this process's own: no other process can hold it, and releasing it is safe.
Any other holder is never touched.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

LOCK_ERROR = "Error acquiring the state lock"
HELD_ID = re.compile(r"Lock Info:\s*\n\s*ID:\s+([0-9a-fA-F-]{36})")
OWN_ID = re.compile(r"Attempting to lock remote state[^\n]*?tf_backend\.lock\.id=([0-9a-fA-F-]{36})")


def log_environment(log_path):
    """Terraform core's INFO log (not the provider's) to a file: it names the lock ID each attempt uses."""
    return {"TF_LOG_CORE": "INFO", "TF_LOG_PATH": log_path}


def start_log(log_path):
    """A new, empty log for one terraform run (terraform appends)."""
    with open(log_path, "w"):
        pass


def held_lock_id(error_text):
    """The holder's lock ID of an "Error acquiring the state lock", else None."""
    text = error_text or ""
    if LOCK_ERROR not in text:
        return None
    match = HELD_ID.search(text)
    return match.group(1).lower() if match else None


def own_lock_ids(log_path):
    """Lock IDs the terraform runs logged to log_path tried to take."""
    if not log_path or not os.path.isfile(log_path):
        return set()
    with open(log_path, errors="replace") as handle:
        return set(match.lower() for match in OWN_ID.findall(handle.read()))


def own_stale_lock(error_text, log_path):
    """The lock ID when the error is a lock held by this very run (see the module docstring), else None."""
    held = held_lock_id(error_text)
    return held if held and held in own_lock_ids(log_path) else None


def release_own_lock(cli, error_text, log_path):
    """Release the lock when ``error_text`` is a lock held by this very run (own_stale_lock); its ID, else None
    (nothing touched)."""
    lock_id = own_stale_lock(error_text, log_path)
    if lock_id:
        release(cli, lock_id)
    return lock_id


def release(cli, lock_id):
    """``terraform force-unlock`` of our own lock. Its exit code is not the verdict: with S3 lock files on, the S3
    part was already released by terraform itself and force-unlock reports that missing file after deleting the
    DynamoDB item. The caller's next run tells whether the lock is gone. Returns terraform's output."""
    _rc, out, err = cli.force_unlock(lock_id)
    return (err or out or "").strip()
