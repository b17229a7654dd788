"""Extension point for code that runs inside the ``serve`` process after the WSGI app is built.

A later control-plane simulation (``emulator/control_plane/``) registers a hook here that starts its
background thread; the server itself knows nothing about it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PostAppHook = Callable[[Any], None]

_POST_APP_HOOKS: list[PostAppHook] = []


def register_post_app_hook(hook: PostAppHook) -> PostAppHook:
    _POST_APP_HOOKS.append(hook)
    return hook


def run_post_app_hooks(app: Any) -> None:
    for hook in list(_POST_APP_HOOKS):
        hook(app)
