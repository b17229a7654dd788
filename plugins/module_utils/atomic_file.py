# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""One way to write a file that others read while it may change: a private temp file in the same directory, then a
rename. Readers (a parallel plan, the next run, Terraform) see the old file or the new one, never half of one; two
writers never share a temp file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os
import tempfile


def write_atomic(path, content, mode=0o600):
    """Write `content` (str) to `path`, owner-only unless `mode` says otherwise (inputs and state hold ARNs)."""
    directory, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_reports(directory, name, stamp, body, text):
    """A report as <name>-<stamp>.json / .md and latest.json / latest.md beside them (a reader of latest.* sees
    the previous report or this one); returns {"json", "markdown", "latest_json", "latest_markdown"} paths."""
    os.makedirs(directory, mode=0o750, exist_ok=True)
    files = dict(json=os.path.join(directory, "%s-%s.json" % (name, stamp)),
                 markdown=os.path.join(directory, "%s-%s.md" % (name, stamp)),
                 latest_json=os.path.join(directory, "latest.json"),
                 latest_markdown=os.path.join(directory, "latest.md"))
    for key, content in (("json", body), ("latest_json", body), ("markdown", text), ("latest_markdown", text)):
        write_atomic(files[key], content, mode=0o640)
    return files
