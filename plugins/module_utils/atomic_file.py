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
