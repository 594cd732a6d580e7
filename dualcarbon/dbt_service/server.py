"""The dbt service: dbt imported once, each project parsed once, one forked child per command.

    python -m dualcarbon.dbt_service.server --socket PATH

Started by the client (client.py) when no service answers; exits after
$DUALCARBON_DBT_SERVICE_IDLE seconds without work (default 900), when asked to stop, or
when its socket file is removed or taken over.

The parent only imports, parses and forks; it never runs a command itself and never opens
the warehouse, so a failing or interrupted command cannot leave it in a bad state, and
commands for different workspaces run side by side (each child has its own copy of dbt's
global flags and adapter). Before each fork it checks that the parsed project is still
current: every project file's size and modification time, the profile, the arguments that
change a parse (--vars, --target, --profile), and the value of every environment variable
the parse read. If any differ it parses again (dbt's partial parse, so only what changed).
If parsing fails, the child runs without a manifest and dbt reports the error itself, as
the plain command would.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualcarbon.dbt_service import address

# Folders of a dbt project that hold output, not input.
_OUTPUT_DIRS = frozenset({"target", "logs", "dbt_packages", "__pycache__", ".venv"})
# Arguments that change what a parse produces (with their value).
# (The project and profiles folders are in the key already, resolved.)
_PARSE_ARGS = ("--vars", "--target", "-t", "--profile")


def option(args: list[str], *names: str) -> str | None:
    """The value of the last of ``names`` in ``args`` (``--x v`` or ``--x=v``)."""
    value = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(name + "="):
                value = arg.split("=", 1)[1]
    return value


def project_fingerprint(project_dir: Path, profiles_dir: Path) -> tuple:
    """Size and modification time of every input file of the project and of the profile."""
    entries = []
    for root, dirs, files in os.walk(project_dir):
        dirs[:] = sorted(d for d in dirs if d not in _OUTPUT_DIRS and not d.startswith("."))
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(root, name))
            except FileNotFoundError:  # removed while we looked: the next look will differ
                continue
            entries.append((os.path.join(root, name), info.st_mtime_ns, info.st_size))
    profile = profiles_dir / "profiles.yml"
    if profile.exists():
        info = profile.stat()
        entries.append((str(profile), info.st_mtime_ns, info.st_size))
    return tuple(entries)


@dataclass
class ParsedProject:
    manifest: Any
    fingerprint: tuple
    env_read: dict[str, str | None]  # every environment variable the parse read, and its value
    parsed_at: float = field(default_factory=time.time)


class Service:
    def __init__(self, sock_path: Path, idle_seconds: float) -> None:
        self.sock_path = sock_path
        self.cache_dir = sock_path.with_suffix("")  # parse targets, one folder per project
        self.idle_seconds = idle_seconds
        self.projects: dict[tuple, ParsedProject] = {}
        self.children: dict[int, dict] = {}  # running commands by pid
        self.finished: deque[dict] = deque(maxlen=100)  # the last commands, as they ended
        self.started = time.time()
        self.commands = 0
        self.parses = 0

    # -- parsing ---------------------------------------------------------------------------

    def _key(self, args: list[str], env: dict[str, str], cwd: str) -> tuple[Path, Path, tuple]:
        # Relative folders are the caller's, as for the plain command.
        project_dir = Path(cwd, option(args, "--project-dir") or env.get("DBT_PROJECT_DIR") or ".")
        profiles_dir = Path(
            cwd, option(args, "--profiles-dir") or env.get("DBT_PROFILES_DIR") or project_dir
        )
        project_dir, profiles_dir = project_dir.resolve(), profiles_dir.resolve()
        parse_args = tuple((name, option(args, name)) for name in _PARSE_ARGS)
        return project_dir, profiles_dir, parse_args

    def parsed(self, args: list[str], env: dict[str, str], cwd: str) -> ParsedProject | None:
        """The project parsed as this command would parse it, parsing again if anything the
        parse depends on changed; None if it does not parse (the child then lets dbt report)."""
        project_dir, profiles_dir, parse_args = key = self._key(args, env, cwd)
        fingerprint = project_fingerprint(project_dir, profiles_dir)
        known = self.projects.get(key)
        if (
            known is not None
            and known.fingerprint == fingerprint
            and all(env.get(name) == value for name, value in known.env_read.items())
        ):
            return known
        from dbt.cli.main import dbtRunner

        # A stable folder per project, so a new service starts from the last one's partial parse.
        target = self.cache_dir / hashlib.sha256(repr(key).encode()).hexdigest()[:16]
        parse = ["parse", "--project-dir", str(project_dir), "--profiles-dir", str(profiles_dir)]
        for name, value in parse_args:
            if value is not None:
                parse += [name, value]
        parse += ["--target-path", str(target), "--log-path", str(target), "--quiet"]
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        os.environ.clear()
        os.environ.update(env)
        os.chdir(project_dir)
        try:
            result = dbtRunner().invoke(parse)
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            os.chdir(saved_cwd)
        self.parses += 1
        if not result.success:
            self.projects.pop(key, None)
            print(f"parse failed for {project_dir}: {result.exception}", flush=True)
            return None
        manifest = result.result
        # What the models, tests and macros read (dbt keeps it for its partial parse), and
        # what dbt_project.yml reads (not kept there; found in its text, to be safe).
        names = set(getattr(manifest, "env_vars", {}) or {})
        project_yml = project_dir / "dbt_project.yml"
        if project_yml.exists():
            names |= set(re.findall(r"env_var\(\s*['\"]([^'\"]+)", project_yml.read_text()))
        project = ParsedProject(
            manifest=manifest,
            fingerprint=fingerprint,
            env_read={name: env.get(name) for name in names},
        )
        self.projects[key] = project
        print(f"parsed {project_dir} (environment read: {sorted(names)})", flush=True)
        return project

    # -- commands --------------------------------------------------------------------------

    def run_command(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        args, env, cwd = list(request["args"]), dict(request["env"]), request["cwd"]
        try:
            project = self.parsed(args, env, cwd)
        except Exception:  # never let a parse problem stop the service; dbt will report it
            traceback.print_exc()
            project = None
        self.commands += 1
        pid = os.fork()
        if pid:
            self.children[pid] = {"pid": pid, "args": args, "started": time.time()}
            return
        self._child(conn, args, env, cwd, fds, project)

    def _child(
        self,
        conn: socket.socket,
        args: list[str],
        env: dict[str, str],
        cwd: str,
        fds: list[int],
        project: ParsedProject | None,
    ) -> None:
        """The forked child: run the command as the caller, then exit, whatever happens
        (it must never return into the service's loop)."""
        code = 2
        try:
            try:
                self.listener.close()
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.dup2(fds[0], 1)
                os.dup2(fds[1], 2)
                for fd in fds:
                    os.close(fd)
                os.environ.clear()
                os.environ.update(env)
                os.chdir(cwd)
                conn.sendall(f"pid {os.getpid()}\n".encode())
                threading.Thread(target=_interrupt_when_gone, args=(conn,), daemon=True).start()
                code = run_dbt(args, project)
            except BaseException:
                traceback.print_exc()
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is over
            sys.stdout.flush()
            sys.stderr.flush()
            conn.sendall(f"exit {code}\n".encode())
        finally:
            os._exit(code)

    def status(self) -> dict:
        return {
            "pid": os.getpid(),
            "socket": str(self.sock_path),
            "started": self.started,
            "commands": self.commands,
            "parses": self.parses,
            "running": list(self.children.values()),
            "finished": list(self.finished),
            "projects": [
                {"project_dir": str(k[0]), "parsed_at": p.parsed_at, "env_read": sorted(p.env_read)}
                for k, p in self.projects.items()
            ],
        }

    # -- the loop --------------------------------------------------------------------------

    def _reap(self) -> None:
        """Collect ended commands with their exit status, duration and peak memory (the
        child's largest resident set, the pages it shares with this process included)."""
        for pid in list(self.children):
            try:
                done, status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                done, status, usage = pid, -1, None
            if done:
                command = self.children.pop(pid)
                command["seconds"] = time.time() - command["started"]
                command["exit"] = os.waitstatus_to_exitcode(status) if status >= 0 else None
                command["peak_mb"] = usage.ru_maxrss / 1024 if usage else None
                self.finished.append(command)
                print(
                    f"command {pid} {command['args'][:1]} exit {command['exit']} "
                    f"{command['seconds']:.2f} s peak {command['peak_mb']} MB",
                    flush=True,
                )

    def _still_ours(self) -> bool:
        try:
            return os.stat(self.sock_path).st_ino == self.inode
        except FileNotFoundError:
            return False

    def serve(self) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Bind under a temporary name, then rename: a client never finds a socket that is not
        # yet listening.
        temporary = self.sock_path.with_name(f".{self.sock_path.name}.{os.getpid()}")
        temporary.unlink(missing_ok=True)
        self.listener.bind(str(temporary))
        os.chmod(temporary, 0o600)
        self.listener.listen(16)
        os.replace(temporary, self.sock_path)
        self.inode = os.stat(self.sock_path).st_ino
        self.listener.settimeout(5)
        print(f"dbt service {os.getpid()} listening on {self.sock_path}", flush=True)
        try:
            self._loop()
        finally:
            if self._still_ours():
                self.sock_path.unlink(missing_ok=True)

    def _loop(self) -> None:
        last_work = time.monotonic()
        while True:
            self._reap()
            if not self._still_ours():
                print("socket removed or replaced: exiting", flush=True)
                return
            if not self.children and time.monotonic() - last_work > self.idle_seconds:
                print("idle: exiting", flush=True)
                return
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            last_work = time.monotonic()
            with conn:
                if not self._handle(conn):
                    return

    def _handle(self, conn: socket.socket) -> bool:
        """Serve one connection; False when asked to stop."""
        conn.settimeout(30)
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
            return True  # only this user's processes may run commands here
        fds: list[int] = []
        try:
            request, fds = address.receive_message(conn, max_fds=2)
            op = request.get("op")
            if op == "dbt" and len(fds) == 2:
                conn.settimeout(None)
                self.run_command(conn, request, fds)
            elif op in ("status", "stop"):
                self._reap()
                address.send_message(conn, self.status())
                return op != "stop"
        except EOFError:
            pass
        except (OSError, ValueError, KeyError):
            traceback.print_exc()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
        return True


def _interrupt_when_gone(conn: socket.socket) -> None:
    """If the caller goes away (killed, or its run cancelled), stop the command as Ctrl-C
    would, rather than let it finish unseen while a rerun waits for the warehouse."""
    with contextlib.suppress(OSError):
        while conn.recv(1):
            pass
        os.kill(os.getpid(), signal.SIGINT)


def run_dbt(args: list[str], project: ParsedProject | None) -> int:
    """Run one dbt command in this (forked) process; the exit code the dbt command gives."""
    from dbt.cli.main import dbtRunner

    # dbt writes the run's manifest.json (with the compiled code of what ran) and
    # run_results.json to the command's target folder itself, as the plain command does.
    result = dbtRunner(manifest=project.manifest if project else None).invoke(args)
    if result.success:
        return 0
    if result.exception is not None:
        print(f"dbt: {result.exception}", file=sys.stderr)
        return 2
    return 1


def preload() -> None:
    """What every command would import: once, here, before the first fork."""
    import dbt.adapters.duckdb
    import dbt.cli.main
    import dbt.task.build
    import dbt.task.run_operation  # noqa: F401


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", type=Path, required=True)
    parsed = parser.parse_args()
    idle = float(os.environ.get(address.IDLE_VARIABLE, address.DEFAULT_IDLE_SECONDS))
    service = Service(parsed.socket, idle)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    preload()
    service.serve()


if __name__ == "__main__":
    main()
