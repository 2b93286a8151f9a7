#!/usr/bin/env python3
"""Measure the full-screen view in a pseudo-terminal (80x24): the time to
the first complete frame, and the bytes written to the terminal for one
move of the cursor.  Prints the median, min and max of several runs.

    tui_measure.py KEHOACH_BINARY PLAN [RUNS]
"""
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time


def read_until_quiet(fd, quiet=0.15, limit=5.0):
    """Read output until nothing arrives for `quiet` seconds."""
    data = b""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def one_run(binary, plan, db):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                          LC_ALL="C.UTF-8")
        os.execv(binary, [binary, "--plan", plan, "--db", db,
                          "--as-of", "2024-06-30"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.monotonic()
    seen = b""
    first_frame = None
    while time.monotonic() - start < 5:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 65536)
            # The footer is drawn last: the frame is complete.
            if b"? help" in seen or b"?\x1b" in seen and b"help" in seen:
                first_frame = time.monotonic() - start
                break
    read_until_quiet(fd)
    moves = {}
    for name, key in (("down", b"j"), ("page down", b"\x1b[6~"),
                      ("next behind", b"]")):
        os.write(fd, key)
        moves[name] = len(read_until_quiet(fd))
    os.write(fd, b"q")
    read_until_quiet(fd)
    os.waitpid(pid, 0)
    os.close(fd)
    return first_frame, moves


def main():
    binary, plan = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    frames, moves = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        for _ in range(runs):
            frame, m = one_run(binary, plan, db)
            if frame is not None:
                frames.append(frame * 1000)
            for k, v in m.items():
                moves.setdefault(k, []).append(v)
    print(f"first complete frame, 80x24: median {statistics.median(frames):.1f} ms "
          f"(min {min(frames):.1f}, max {max(frames):.1f}, {len(frames)} runs)")
    for k, v in moves.items():
        print(f"bytes written for one '{k}': median {statistics.median(v):.0f} "
              f"(min {min(v)}, max {max(v)})")


if __name__ == "__main__":
    main()
