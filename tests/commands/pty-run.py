#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal, as a person at a terminal would, and
answers its prompts.

Everything comes on standard input as one JSON object, so that no answer (a
secret) is ever on this helper's own command line:

  {"argv": ["sh", "-c", "..."], "env": {...}, "timeoutMs": 10000,
   "answers": [{"expect": "password", "reply": "...", "echoOffWithinMs": 2000,
                "raw": false}],
   "stdoutFile": null, "abortOn": ["event not found"]}

The command gets the terminal (80 columns, 24 rows) as its controlling terminal and as standard
input, output and error; with stdoutFile, its standard output goes to that
file instead, as with `command | pbcopy` (prompts still reach the terminal). Each answer is typed (reply plus a newline) once its
`expect` text has appeared in the output since the previous answer, and once
the terminal's ECHO flag is off (read through the master side, which on Linux
reports the terminal's own settings), waiting at most echoOffWithinMs: the
person types the secret after the program has hidden the typing, and if the
program never hides it, the reply is typed anyway and echoed, for the test to
see. With "raw", the reply is typed as it is, without the newline (a Ctrl-C is
"\u0003"); an echoOffWithinMs of 0 types it at once (a command line at a
shell's prompt). Once a text of abortOn shows, the command is killed at once:
it will not get to its prompts (a shell refused the line).

Prints one JSON object: {"output": <base64 of everything the terminal showed>,
"status": <exit status, or -signal>, "timedOut": bool, "answered": n,
"echoOff": [bool per answer], "aborted": <the abortOn text seen, or null>}.
"""
import base64
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def main():
    spec = json.loads(sys.stdin.read())
    argv = spec["argv"]
    env = spec.get("env")
    answers = spec.get("answers", [])
    deadline = time.monotonic() + spec.get("timeoutMs", 10000) / 1000

    pid, master = pty.fork()
    if pid == 0:
        try:
            # A terminal of a known size, 80 columns by 24 rows, as the tests render it.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            if spec.get("stdoutFile"):
                fd = os.open(spec["stdoutFile"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(fd, 1)
                os.close(fd)
            if env is None:
                os.execvp(argv[0], argv)
            else:
                os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)

    output = bytearray()
    seen_from = 0  # where the search for the next prompt starts
    echo_off = []
    timed_out = False
    done = False
    abort_on = [text.encode() for text in spec.get("abortOn", [])]
    aborted = None
    while not done:
        if time.monotonic() > deadline:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's last user closed it
                chunk = b""
            if not chunk:
                done = True
            output += chunk
            aborted = next((t.decode() for t in abort_on if t in output), None)
            if aborted:
                os.kill(pid, signal.SIGKILL)
                break
        if len(echo_off) < len(answers):
            answer = answers[len(echo_off)]
            at = output.find(answer["expect"].encode(), seen_from)
            if at >= 0:
                limit = time.monotonic() + answer.get("echoOffWithinMs", 2000) / 1000
                hidden = False
                while time.monotonic() < limit:
                    try:
                        hidden = not (termios.tcgetattr(master)[3] & termios.ECHO)
                    except termios.error:
                        break
                    if hidden:
                        break
                    time.sleep(0.002)
                echo_off.append(hidden)
                os.write(master, answer["reply"].encode() + (b"" if answer.get("raw") else b"\n"))
                seen_from = at + len(answer["expect"])
    _, raw = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(raw)
    os.close(master)
    json.dump(
        {
            "output": base64.b64encode(bytes(output)).decode(),
            "status": status,
            "timedOut": timed_out,
            "answered": len(echo_off),
            "echoOff": echo_off,
            "aborted": aborted,
        },
        sys.stdout,
    )


main()
