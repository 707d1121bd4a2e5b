"""Shared machinery of the end-to-end tests: a throw-away Jupyter with the kernel installed, kernels that always get stopped, bounded waits.

Environment:
  FLOWBOOK_E2E_READY=1        the JUPYTER_* variables already point at a Jupyter where the
                              flowbook kernelspec is installed (install/test.sh does that);
                              otherwise this module makes one in a temp dir, installs the
                              kernel there with install/install-kernel.sh --prefix, and
                              removes it at exit.
  FLOWBOOK_E2E_KERNEL         the kernelspec to test (default flowbook; another name only makes sense
                              for checking this harness itself, e.g. the protocol tests against python3)
  FLOWBOOK_E2E_KERNEL_JAR     the jar to install in that case (default kernel/target/flowbook-kernel.jar)
  FLOWBOOK_E2E_DEADLINE       seconds the whole run may take before the watchdog ends it (default 1200)
"""

import atexit
import faulthandler
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from queue import Empty

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_NAME = os.environ.get("FLOWBOOK_E2E_KERNEL", "flowbook")
STARTUP_TIMEOUT = 60  # a cold JVM on a busy 2-core CI machine
REPLY_TIMEOUT = 30  # one request's reply, generous so a slow machine is not a failure
RUN_DEADLINE = float(os.environ.get("FLOWBOOK_E2E_DEADLINE", "1200"))


def _log(text):
    print("e2e: " + text, file=sys.stderr, flush=True)


# --- a throw-away Jupyter -------------------------------------------------------------------

_jupyter_root = None
_installer = None  # the install-kernel.sh process while it runs
_temp_dirs = []  # removed at exit, after the kernels are stopped


def _prepare_jupyter():
    """Points every JUPYTER_* path at a temp dir and installs the kernel there, unless the caller did."""
    global _jupyter_root
    if os.environ.get("FLOWBOOK_E2E_READY") == "1":
        return
    _jupyter_root = tempfile.mkdtemp(prefix="flowbook-e2e-")
    _temp_dirs.append(_jupyter_root)
    prefix = os.path.join(_jupyter_root, "prefix")
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    for variable, name in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                           ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        os.environ[variable] = os.path.join(_jupyter_root, name)
    jar = os.environ.get("FLOWBOOK_E2E_KERNEL_JAR",
                         os.path.join(REPO, "kernel", "target", "flowbook-kernel.jar"))
    _log(f"installing the kernel from {jar} into a throw-away Jupyter at {_jupyter_root}")
    global _installer
    # A session of its own, so an early exit can end the install and its training kernel as a group.
    _installer = subprocess.Popen([os.path.join(REPO, "install", "install-kernel.sh"), "--prefix", prefix,
                                   "--jar", jar], env={**os.environ, "FLOWBOOK_PYTHON": sys.executable},
                                  start_new_session=True)
    if _installer.wait(timeout=300) != 0:
        raise RuntimeError(f"install-kernel.sh failed with exit code {_installer.returncode}")
    os.environ["FLOWBOOK_E2E_READY"] = "1"


# --- kernel logs ------------------------------------------------------------------------------

KERNEL_LOGS = []  # one file per kernel started, in start order
_logs = None


def _logs_dir():
    global _logs
    if _logs is None:
        _logs = tempfile.mkdtemp(prefix="flowbook-e2e-logs-")
        _temp_dirs.append(_logs)
    return _logs


def print_kernel_logs(lines=40, out=sys.stdout):
    for path in KERNEL_LOGS:
        with open(path, errors="replace") as f:
            tail = f.readlines()[-lines:]
        print(f"---- last {len(tail)} lines of the kernel log {os.path.basename(path)}", file=out)
        out.write("".join(tail))
    out.flush()


# --- kernels that are always stopped ---------------------------------------------------------

_live_managers = set()
_live_lock = threading.Lock()


def _kill_everything():
    with _live_lock:
        managers = list(_live_managers)
    for km in managers:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # the process may be gone already; nothing more to do
            pass


def _stop_installer():
    """SIGTERM to the install's process group (cds_training.py then stops its kernel), SIGKILL if that is not enough."""
    if _installer is None or _installer.poll() is not None:
        return
    for signum, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(_installer.pid, signum)
            _installer.wait(timeout=grace)
            return
        except (ProcessLookupError, subprocess.TimeoutExpired):
            continue


def _at_exit():
    """Kernels first (they hold files in the runtime dir), then the temp dirs."""
    _stop_installer()
    _kill_everything()
    for path in _temp_dirs:
        shutil.rmtree(path, ignore_errors=True)


def _watchdog():
    """Ends a run that overstays RUN_DEADLINE: prints every thread's stack, kills the kernels, exits."""
    time.sleep(RUN_DEADLINE)
    _log(f"the run took longer than {RUN_DEADLINE:.0f} s; stacks follow, then the kernels are killed")
    faulthandler.dump_traceback(all_threads=True)
    _at_exit()
    os._exit(2)


def _on_termination(signum, frame):
    """A SIGTERM (e.g. from `timeout`) would skip atexit and leave the kernels running."""
    _log(f"signal {signum}: killing the kernels")
    _at_exit()
    os._exit(128 + signum)


threading.Thread(target=_watchdog, name="e2e-watchdog", daemon=True).start()
atexit.register(_at_exit)
signal.signal(signal.SIGTERM, _on_termination)
_prepare_jupyter()

# Imported after the JUPYTER_* paths are set so nothing caches the user's own ones.
from jupyter_client.manager import KernelManager  # noqa: E402


@dataclass
class Received:
    """One iopub message and when it arrived, in time.monotonic() seconds."""

    at: float
    msg: dict

    @property
    def msg_type(self):
        return self.msg["header"]["msg_type"]

    @property
    def content(self):
        return self.msg["content"]


@dataclass
class Execution:
    """What one execute_request produced: the reply and the iopub output between busy and idle."""

    code: str
    sent_at: float
    reply: dict = None
    replied_at: float = None
    outputs: list = field(default_factory=list)  # Received, without status and execute_input

    @property
    def status(self):
        return self.reply["content"]["status"]

    def stream_text(self, name="stdout"):
        return "".join(r.content["text"] for r in self.outputs
                       if r.msg_type == "stream" and r.content["name"] == name)

    def of_type(self, msg_type):
        return [r for r in self.outputs if r.msg_type == msg_type]

    def result_text(self):
        results = self.of_type("execute_result")
        return results[-1].content["data"].get("text/plain") if results else None

    def describe(self):
        lines = [f"cell {self.code!r}: reply {self.reply and self.reply['content']}"]
        lines += [f"  +{r.at - self.sent_at:6.3f}s {r.msg_type}: {r.content}" for r in self.outputs]
        return "\n".join(lines)


class Kernel:
    """A started flowbook kernel with a blocking client; use as a context manager so it is always stopped."""

    def __init__(self, kernel_name=KERNEL_NAME, label=None, kernel_spec_manager=None):
        extra = {"kernel_spec_manager": kernel_spec_manager} if kernel_spec_manager else {}
        self.km = KernelManager(kernel_name=kernel_name, **extra)
        self.kc = None
        self.label = label or kernel_name

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        with _live_lock:
            _live_managers.add(self.km)
        self.started_at = time.monotonic()
        # The kernel's own stdout/stderr go to a file, shown by the runner when a test failed.
        self.log_path = os.path.join(_logs_dir(), f"{len(KERNEL_LOGS) + 1:02d}-{self.label}.log")
        KERNEL_LOGS.append(self.log_path)
        with open(self.log_path, "wb") as log:
            self.km.start_kernel(stdout=log, stderr=subprocess.STDOUT)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self):
        """Asks the kernel to shut down, kills it if it does not, and releases the channels."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=False)  # shutdown_request, then kill after a grace period
        except Exception:
            self.km.shutdown_kernel(now=True)
        finally:
            with _live_lock:
                _live_managers.discard(self.km)

    @property
    def process(self):
        """The kernel's Popen (jupyter_client 7 keeps it on the local provisioner)."""
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "process", None) or getattr(self.km, "kernel", None)

    # -- requests with bounded waits --

    def send_execute(self, code, **options):
        return Execution(code=code, sent_at=time.monotonic()), self.kc.execute(code, **options)

    def collect(self, execution, msg_id, timeout=REPLY_TIMEOUT, on_output=None):
        """Reads iopub until this request's idle status, then its shell reply; on_output(received) sees each output as it arrives."""
        deadline = time.monotonic() + timeout
        while True:
            msg = _get(self.kc.get_iopub_msg, deadline, f"idle status", execution)
            received = Received(time.monotonic(), msg)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if received.msg_type == "status":
                if received.content["execution_state"] == "idle":
                    break
                continue
            if received.msg_type == "execute_input":
                continue
            execution.outputs.append(received)
            if on_output is not None:
                on_output(received)
        execution.reply = self.shell_reply(msg_id, deadline)
        execution.replied_at = time.monotonic()
        return execution

    def shell_reply(self, msg_id, deadline):
        while True:
            msg = _get(self.kc.get_shell_msg, deadline, f"shell reply to {msg_id}")
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def execute(self, code, timeout=REPLY_TIMEOUT, on_output=None, **options):
        execution, msg_id = self.send_execute(code, **options)
        return self.collect(execution, msg_id, timeout, on_output)

    def request(self, send, timeout=REPLY_TIMEOUT):
        """Sends a shell request with send(kc) -> msg_id and returns its reply."""
        msg_id = send(self.kc)
        return self.shell_reply(msg_id, time.monotonic() + timeout)

    def drain_iopub(self, quiet_for=0.3):
        """Reads iopub until nothing arrives for quiet_for seconds; returns what came."""
        messages = []
        while True:
            try:
                messages.append(Received(time.monotonic(), self.kc.get_iopub_msg(timeout=quiet_for)))
            except Empty:
                return messages


def pids_mentioning(path):
    """The processes whose command line contains path (a kernel names its connection file there)."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if path.encode() in f.read():
                    pids.append(int(pid))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return pids


def kill_processes_mentioning(path):
    """SIGKILL to the processes whose command line contains path: the kernels a front end (which this
    harness started with a runtime dir of its own) left behind."""
    for pid in pids_mentioning(path):
        try:
            _log(f"killing kernel {pid} left behind by a front end")
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _get(get_msg, deadline, waiting_for, execution=None):
    """get_msg with the time left before deadline; a clear AssertionError when nothing comes."""
    try:
        return get_msg(timeout=max(0.0, deadline - time.monotonic()))
    except Empty:
        seen = ("\n" + execution.describe()) if execution is not None else ""
        raise AssertionError(f"timed out waiting for the {waiting_for}{seen}") from None
