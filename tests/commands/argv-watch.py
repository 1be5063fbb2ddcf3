#!/usr/bin/env python3
"""Watches every process's command line while a test runs, for secrets.

It takes its orders on standard input, one line each, so that no secret is
ever on this watcher's own command line:

  watch {"needles": ["secret", ...], "intervalMs": 2}
      Start watching: list /proc/<pid>/cmdline for every pid, sleeping
      intervalMs between rounds, and note each distinct command line seen.
      Writes "ready" on a line once the first round is done.
  stop
      Stop, and write one JSON line: {"rounds": n, "longestGapMs": ms,
      "hits": [{"pid", "needle", "program"}], "seen": [every command line,
      arguments joined by spaces, each needle replaced by <needle i>]}.
      Then wait for the next order.

It ends when standard input closes. Between a stop and the next watch it
only waits, so one watcher serves a whole test file.
"""
import json
import os
import select
import sys
import time


def read_line():
    """One line from standard input, unbuffered (an order must not be read ahead)."""
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte:
            return None
        line += byte
    return line.decode().rstrip("\n")


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def watch(spec):
    # An empty needle would be found everywhere: the caller means "no such secret".
    needles = [(i, n.encode()) for i, n in enumerate(spec["needles"]) if n]
    interval = spec.get("intervalMs", 2) / 1000
    own = str(os.getpid())

    def masked(raw):
        for i, n in needles:
            raw = raw.replace(n, f"<needle {i}>".encode())
        return raw.replace(b"\0", b" ").strip().decode("utf-8", "replace")

    hits = {}
    seen = set()
    rounds = 0
    longest = 0.0
    last = time.monotonic()
    while True:
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or pid == own:
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    raw = f.read()
            except OSError:  # gone already
                continue
            if not raw:  # a kernel thread, or a process between fork and exec's end
                continue
            for i, n in needles:
                if n in raw:
                    program = raw.split(b"\0", 1)[0].split(b" ", 1)[0]
                    hits[(pid, i)] = os.path.basename(program.decode("utf-8", "replace"))
            seen.add(masked(raw))
        rounds += 1
        now = time.monotonic()
        longest = max(longest, now - last)
        last = now
        if rounds == 1:
            say("ready")
        ready, _, _ = select.select([0], [], [], interval)
        if ready:
            order = read_line()
            if order not in ("stop", None):
                raise SystemExit(f"argv-watch: unexpected order while watching: {order!r}")
            break
    say(
        json.dumps(
            {
                "rounds": rounds,
                "longestGapMs": round(longest * 1000, 1),
                "hits": [{"pid": int(p), "needle": i, "program": a} for (p, i), a in sorted(hits.items())],
                "seen": sorted(seen),
            }
        )
    )
    return order is not None


def main():
    while True:
        order = read_line()
        if order is None:
            return
        if not order.startswith("watch "):
            raise SystemExit(f"argv-watch: unexpected order: {order!r}")
        if not watch(json.loads(order[len("watch "):])):
            return


main()
