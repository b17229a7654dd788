"""Peak memory of the process tree, disk of .terraform dirs, the machine, and median/min/max."""

from __future__ import annotations

import os
import platform
import statistics
import threading
import time
from datetime import UTC, datetime

PAGE = os.sysconf("SC_PAGE_SIZE")


def _procs() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, rss bytes) of every process we can read."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            out[int(name)] = (int(fields[1]), int(fields[21]) * PAGE)
        except (OSError, IndexError, ValueError):
            continue
    return out


class TreeSampler(threading.Thread):
    """Every `interval` s: the summed RSS of this process's tree plus the emulators' (they run in their own
    session, so they are not our descendants); the peak per figure and overall; the load average once a second."""

    def __init__(self, extra_roots, interval: float = 0.2):
        super().__init__(daemon=True)
        self.extra_roots = extra_roots  # callable -> iterable of pids (live emulators)
        self.interval = interval
        self.figure = "setup"
        self.peak = {}  # figure -> bytes
        self.peak_all = 0
        self.loads: list[float] = []
        self._halt = threading.Event()

    def tree_rss(self) -> int:
        procs = _procs()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _dummy) in procs.items():
            children.setdefault(ppid, []).append(pid)
        todo = [os.getpid(), *self.extra_roots()]
        seen, total = set(), 0
        while todo:
            pid = todo.pop()
            if pid in seen or pid not in procs:
                continue
            seen.add(pid)
            total += procs[pid][1]
            todo.extend(children.get(pid, []))
        return total

    def run(self) -> None:
        last_load = 0.0
        while not self._halt.wait(self.interval):
            rss = self.tree_rss()
            self.peak[self.figure] = max(self.peak.get(self.figure, 0), rss)
            self.peak_all = max(self.peak_all, rss)
            if time.monotonic() - last_load >= 1.0:
                last_load = time.monotonic()
                self.loads.append(os.getloadavg()[0])

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def terraform_dirs_usage(roots: list[str]) -> dict:
    """Bytes on disk of every .terraform dir under roots (symlinks counted as links, never followed), and whether
    any provider binary is a real file (a copy per layer) rather than a symlink into the mirror or cache."""
    dirs, total, copies, links = [], 0, [], 0
    for root in roots:
        for here, subdirs, _dummy in os.walk(root):
            if os.path.basename(here) != ".terraform":
                continue
            subdirs[:] = []
            size = 0
            for walk_dir, _dummy, files in os.walk(here):
                for name in files:
                    path = os.path.join(walk_dir, name)
                    st = os.lstat(path)
                    size += st.st_blocks * 512
                    if "/providers/" in path and name.startswith("terraform-provider-") and not os.path.islink(path):
                        copies.append(path)
                    elif os.path.islink(path) and "/providers/" in path:
                        links += 1
                # a symlinked provider dir is listed by os.walk as a dir entry it does not enter
                for entry in os.scandir(walk_dir):
                    if entry.is_symlink() and entry.is_dir() and "/providers/" in entry.path:
                        links += 1
            dirs.append({"path": here, "bytes": size})
            total += size
    return {"dirs": len(dirs), "bytes": total, "max_dir_bytes": max((d["bytes"] for d in dirs), default=0),
            "provider_copies": len(copies), "provider_symlinks": links, "copied_paths": copies[:5]}


def summary(values: list[float]) -> dict:
    vals = [float(v) for v in values]
    if not vals:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": round(statistics.median(vals), 3), "min": round(min(vals), 3), "max": round(max(vals), 3),
            "n": len(vals)}


def machine(sampler: TreeSampler | None = None) -> dict:
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    info = {"nproc": os.cpu_count(), "cpu": model, "memory_gib": round(mem_kb / 1048576, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "loadavg_now": [round(x, 2) for x in os.getloadavg()]}
    if sampler and sampler.loads:
        loads = sampler.loads
        info["load_during_run"] = {"mean": round(statistics.mean(loads), 2), "max": round(max(loads), 2)}
    return info


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
