"""How busy the machine is around a throughput run (issue 17: figures are reproducible only
when they say under which load they were taken, and none is judged on a busy machine)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")
# Share of the CPUs other processes may use in the seconds before a run; above it the run
# waits, then is not judged. Idle, this machine's own services use 1-5 %.
BUSY_SHARE = 0.25
QUIET_WAIT_S = 60.0
SAMPLE_S = 2.0


@dataclass(frozen=True)
class CpuTimes:
    """The first line of /proc/stat, in clock ticks since boot."""

    total: int
    idle: int  # idle + iowait
    steal: int  # taken by the hypervisor for other guests

    def share_busy_since(self, earlier: CpuTimes) -> float:
        elapsed = self.total - earlier.total
        return 1 - (self.idle - earlier.idle) / elapsed if elapsed > 0 else 0.0

    def share_stolen_since(self, earlier: CpuTimes) -> float:
        elapsed = self.total - earlier.total
        return (self.steal - earlier.steal) / elapsed if elapsed > 0 else 0.0


def cpu_times() -> CpuTimes | None:
    try:
        first = PROC_STAT.read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError):
        return None  # not Linux
    # cpu user nice system idle iowait irq softirq steal guest guest_nice
    ticks = [int(value) for value in first[1:9]]
    ticks += [0] * (8 - len(ticks))
    return CpuTimes(total=sum(ticks), idle=ticks[3] + ticks[4], steal=ticks[7])


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:  # not available on this platform
        return None


def busy_share(seconds: float = SAMPLE_S) -> float | None:
    """The share of all CPUs in use over the next `seconds` (whoever uses them)."""
    before = cpu_times()
    time.sleep(seconds)
    after = cpu_times()
    if before is None or after is None:
        return None
    return after.share_busy_since(before)


def wait_until_quiet(
    *, threshold: float = BUSY_SHARE, max_wait_s: float = QUIET_WAIT_S
) -> tuple[bool, float | None]:
    """Sample until the machine is quiet or `max_wait_s` has passed: (quiet, last share)."""
    deadline = time.monotonic() + max_wait_s
    while True:
        share = busy_share()
        if share is None or share <= threshold:
            return True, share
        if time.monotonic() >= deadline:
            return False, share


@dataclass
class Conditions:
    """The machine around one run: load averages, and the CPU steal during the run."""

    load_before: float | None = None
    load_after: float | None = None
    steal: float | None = None
    busy_before: float | None = None

    def describe(self) -> str:
        parts = []
        if self.load_before is not None and self.load_after is not None:
            parts.append(f"load {self.load_before:.2f} → {self.load_after:.2f}")
        if self.busy_before is not None:
            parts.append(f"CPUs {self.busy_before:.0%} busy before")
        if self.steal is not None:
            parts.append(f"steal {self.steal:.1%}")
        return ", ".join(parts) or "conditions unknown"


MACHINE_BUSY = "machine busy"


@dataclass
class Watch:
    """The machine watched over one run: its conditions, completed by `stop`."""

    conditions: Conditions
    started: CpuTimes | None

    def stop(self) -> None:
        ended = cpu_times()
        self.conditions.load_after = load_average()
        if self.started is not None and ended is not None:
            self.conditions.steal = ended.share_stolen_since(self.started)


def watch_when_quiet(threshold: float) -> Watch | str:
    """Wait for a quiet machine and start watching it, or say why no run may be judged."""
    quiet, share = wait_until_quiet(threshold=threshold)
    if not quiet:
        busy = f"{share:.0%}" if share is not None else "?"
        return (
            f"{MACHINE_BUSY} ({busy} of the CPUs in use by other processes for "
            f"{QUIET_WAIT_S:.0f} s)"
        )
    return Watch(Conditions(load_before=load_average(), busy_before=share), cpu_times())
