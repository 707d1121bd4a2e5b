"""Shared machinery of the end-to-end tests: a throw-away Jupyter with the kernel installed, kernels that always get stopped, bounded waits.

Importing this module does nothing but define things. Each test module's setUpModule calls
start(), which sets the run up once per process: the watchdog, a SIGTERM handler, the Jupyter
paths (and the kernel's install into them), and the clean-up at exit. Every process the run
starts is stopped by pid or process group: kernels by their process group (jupyter_client starts
each in a session of its own), whatever a front end or server leaves behind by pid, found through
the parent links in /proc (this process is a child subreaper, so orphans stay below it).

Environment:
  FLOWBOOK_E2E_READY=1        the JUPYTER_* variables already point at a Jupyter where the
                              flowbook kernelspec is installed (install/test.sh does that);
                              otherwise start() makes one in a temp dir, installs the
                              kernel there with install/install-kernel.sh --prefix, and
                              removes it at exit.
  FLOWBOOK_E2E_KERNEL         the kernelspec to test (default flowbook; another name only makes sense
                              for checking this harness itself, e.g. the protocol tests against python3)
  FLOWBOOK_E2E_KERNEL_JAR     the jar to install in that case (default kernel/target/flowbook-kernel.jar)
  FLOWBOOK_E2E_DEADLINE       seconds the whole run may take before the watchdog ends it (default 1200)
"""

import atexit
import contextlib
import ctypes
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from dataclasses import dataclass, field
from queue import Empty

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_NAME = os.environ.get("FLOWBOOK_E2E_KERNEL", "flowbook")
STARTUP_TIMEOUT = 60  # a cold JVM on a busy 2-core CI machine
REPLY_TIMEOUT = 30  # one request's reply, generous so a slow machine is not a failure
INSTALL_TIMEOUT = 300


def log(text):
    print("e2e: " + text, file=sys.stderr, flush=True)


# --- processes, by pid ------------------------------------------------------------------------

def _stat(pid):
    """(parent pid, state, start time) of pid from /proc/PID/stat, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), fields[0], fields[19]  # fields 4, 3 and 22 of proc(5)


def descendants(root=None):
    """{pid: start time} of every process below root (default: this one), from the parent links in /proc."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (stat := _stat(int(name))) is not None:
            children.setdefault(stat[0], []).append((int(name), stat[2]))
    found, todo = {}, [root or os.getpid()]
    while todo:
        for pid, started in children.get(todo.pop(), []):
            found[pid] = started
            todo.append(pid)
    return found


def kill_descendants(what, spare=None):
    """SIGKILL to every process below this one that is not in spare ({pid: start time}, as descendants() gives),
    and reaps those that are this process's children; what says whose leftovers they are."""
    spare = spare or {}
    for pid, started in descendants().items():
        if spare.get(pid) == started:
            continue
        stat = _stat(pid)
        if stat is None or stat[2] != started:
            continue  # gone meanwhile, or its pid reused
        if stat[1] != "Z":
            log(f"killing process {pid} left behind by {what}")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if stat[0] == os.getpid():
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@contextlib.contextmanager
def leftovers_killed(what):
    """Within the block, processes may be started; on leaving it, every one of them still below this process is killed."""
    before = descendants()
    try:
        yield
    finally:
        kill_descendants(what, spare=before)


def pids_mentioning(text):
    """The processes whose command line contains text (a kernel's names its connection file): for telling
    which process a test looks at; nothing is stopped this way."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    pids.append(int(pid))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return pids


def _become_subreaper():
    """Orphans of the processes this one starts (a kernel whose front end was killed) are re-parented here, not to init, so that descendants() still finds them."""
    PR_SET_CHILD_SUBREAPER = 36
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError) as error:
        log(f"cannot become a child subreaper ({error}): orphaned kernels may escape the clean-up")


def _kill_group(pgid):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# --- the run: set up once per process by start() ---------------------------------------------

class _Run:
    """What one test run owns: the throw-away Jupyter, the kernel logs, the live kernels, the watchdog."""

    def __init__(self):
        self.deadline = float(os.environ.get("FLOWBOOK_E2E_DEADLINE", "1200"))
        self.temp_dirs = []  # removed at exit, after the processes are stopped
        self.kernel_logs = []  # one file per kernel started, in start order
        self.logs_dir = None
        self.kernels = set()  # Kernel objects started and not yet stopped
        self.lock = threading.Lock()
        self.installer = None  # the install-kernel.sh process while it runs
        self.finished = threading.Event()

    def start(self):
        _become_subreaper()
        threading.Thread(target=self._watchdog, name="e2e-watchdog", daemon=True).start()
        atexit.register(self.stop)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_termination)
        self._prepare_jupyter()

    def _prepare_jupyter(self):
        """Points every JUPYTER_* path at a temp dir and installs the kernel there, unless the caller did."""
        if os.environ.get("FLOWBOOK_E2E_READY") == "1":
            return
        root = self.temp_dir("flowbook-e2e-")
        prefix = os.path.join(root, "prefix")
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        for variable, name in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                               ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
            os.environ[variable] = os.path.join(root, name)
        jar = os.environ.get("FLOWBOOK_E2E_KERNEL_JAR",
                             os.path.join(REPO, "kernel", "target", "flowbook-kernel.jar"))
        log(f"installing the kernel from {jar} into a throw-away Jupyter at {root}")
        # A session of its own, so an early exit can end the install and its training kernel as a group.
        self.installer = subprocess.Popen(
            [os.path.join(REPO, "install", "install-kernel.sh"), "--prefix", prefix, "--jar", jar],
            env={**os.environ, "FLOWBOOK_PYTHON": sys.executable}, start_new_session=True)
        try:
            code = self.installer.wait(timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._stop_installer()
            raise RuntimeError(f"install-kernel.sh took longer than {INSTALL_TIMEOUT} s") from None
        if code != 0:
            raise RuntimeError(f"install-kernel.sh failed with exit code {code}")
        os.environ["FLOWBOOK_E2E_READY"] = "1"

    def temp_dir(self, prefix):
        path = tempfile.mkdtemp(prefix=prefix)
        self.temp_dirs.append(path)
        return path

    def new_log(self, label):
        """A new kernel log file's path, listed for print_kernel_logs."""
        with self.lock:
            if self.logs_dir is None:
                self.logs_dir = self.temp_dir("flowbook-e2e-logs-")
            path = os.path.join(self.logs_dir, f"{len(self.kernel_logs) + 1:02d}-{label}.log")
            self.kernel_logs.append(path)
        return path

    def _stop_installer(self):
        """SIGTERM to the install's process group (cds_training.py then stops its kernel), SIGKILL if that is not enough."""
        if self.installer is None or self.installer.poll() is not None:
            return
        for signum, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.installer.pid, signum)
                self.installer.wait(timeout=grace)
                return
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue

    def stop(self):
        """The install, then the kernels' process groups, then whatever else is still below this process, then the temp dirs."""
        self.finished.set()
        self._stop_installer()
        with self.lock:
            kernels = list(self.kernels)
        for kernel in kernels:
            if kernel.pgid is not None:
                _kill_group(kernel.pgid)
        for kernel in kernels:
            with contextlib.suppress(Exception):  # reaped, so that the sweep below does not count it as left behind
                kernel.process.wait(timeout=5)
        kill_descendants("the test run")
        for path in self.temp_dirs:
            shutil.rmtree(path, ignore_errors=True)

    def _watchdog(self):
        """Ends a run that overstays its deadline: prints every thread's stack, kills the processes, exits."""
        if self.finished.wait(self.deadline):
            return
        log(f"the run took longer than {self.deadline:.0f} s; stacks follow, then the kernels are killed")
        faulthandler.dump_traceback(all_threads=True)
        self.stop()
        os._exit(2)

    def _on_termination(self, signum, frame):
        """A SIGTERM (e.g. from `timeout`) would skip atexit and leave the kernels running."""
        log(f"signal {signum}: killing the kernels")
        self.stop()
        os._exit(128 + signum)


_run = None
_run_failure = None
_start_lock = threading.Lock()


def start():
    """Sets the run up, once per process (each test module's setUpModule calls it); later calls return the same run,
    or raise the same error when setting it up failed."""
    global _run, _run_failure
    with _start_lock:
        if _run_failure is not None:
            raise RuntimeError(f"the e2e run could not be set up: {_run_failure}")
        if _run is None:
            run = _Run()
            _run = run
            try:
                run.start()
            except Exception as error:
                _run_failure = error
                raise
        return _run


def print_kernel_logs(lines=40, out=sys.stdout):
    for path in _run.kernel_logs if _run else []:
        with open(path, errors="replace") as f:
            tail = f.readlines()[-lines:]
        print(f"---- last {len(tail)} lines of the kernel log {os.path.basename(path)}", file=out)
        out.write("".join(tail))
    out.flush()


# --- kernels that are always stopped ---------------------------------------------------------

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
    """A started flowbook kernel with a blocking client; use as a context manager so it is always stopped.

    jupyter_client starts the kernel in a session (and process group) of its own; stop() and the
    run's clean-up end that group."""

    def __init__(self, kernel_name=KERNEL_NAME, label=None, kernel_spec_manager=None, env=None, spec_dir=None):
        """env: variables added to this process's environment for the kernel; spec_dir: removed when the kernel stops."""
        extra = {"kernel_spec_manager": kernel_spec_manager} if kernel_spec_manager else {}
        self.km = KernelManager(kernel_name=kernel_name, **extra)
        self.kc = None
        self.label = label or kernel_name
        self.env = env or {}
        self.spec_dir = spec_dir
        self.log = None

    @classmethod
    def with_jvm_options(cls, label, *options):
        """A kernel of the installed spec with options in front of the spec's own JVM options: a spec of its own in a temp dir."""
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        kernels = tempfile.mkdtemp(prefix=f"flowbook-e2e-{label}-")
        name = f"flowbook-{label}"
        os.makedirs(os.path.join(kernels, name))
        with open(os.path.join(kernels, name, "kernel.json"), "w") as f:
            json.dump({**spec.to_dict(), "argv": [spec.argv[0], *options, *spec.argv[1:]]}, f)
        return cls(name, label=label, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]), spec_dir=kernels)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.run = start()
        self.started_at = time.monotonic()
        # The kernel's own stdout/stderr go to a file, shown by the runner when a test failed. It stays open
        # while the kernel may run: a restart (jupyter_client's restarter) launches again with the same file.
        self.log_path = self.run.new_log(self.label)
        self.log = open(self.log_path, "wb")
        with self.run.lock:
            self.run.kernels.add(self)
        try:
            self.km.start_kernel(stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **self.env})
            self.kc = self.km.client()
            self.kc.start_channels()
            self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except Exception:
            self.stop()
            raise
        return self

    @property
    def pgid(self):
        """The process group of the kernel running now (a restart starts another), None when none runs."""
        provisioner = getattr(self.km, "provisioner", None)
        if provisioner is not None and getattr(provisioner, "pgid", None):
            return provisioner.pgid
        process = self.process
        return process.pid if process is not None else None

    def stop(self):
        """Asks the kernel to shut down, kills its process group if it does not end, and releases the channels and files."""
        pgid = self.pgid
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=False)  # shutdown_request, then kill after a grace period
        except Exception:
            self.km.shutdown_kernel(now=True)
        finally:
            if pgid is not None:
                _kill_group(pgid)  # anything the kernel started and left running
            with self.run.lock:
                self.run.kernels.discard(self)
            if self.log is not None:
                self.log.close()
            if self.spec_dir is not None:
                shutil.rmtree(self.spec_dir, ignore_errors=True)

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


class KernelTestCase(unittest.TestCase):
    """Tests against self.kernel: one kernel for the whole class, or a new one for each test when kernel_per_test.

    kernel_label names its log; kernel_env() gives variables for its environment."""

    kernel_label = "kernel"
    kernel_per_test = False

    @classmethod
    def kernel_env(cls):
        return {}

    @classmethod
    def new_kernel(cls):
        return Kernel(label=cls.kernel_label, env=cls.kernel_env()).start()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.kernel_per_test:
            cls.kernel = cls.new_kernel()

    @classmethod
    def tearDownClass(cls):
        if not cls.kernel_per_test:
            cls.kernel.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.kernel_per_test:
            self.kernel = self.new_kernel()
            self.addCleanup(self.kernel.stop)


def _get(get_msg, deadline, waiting_for, execution=None):
    """get_msg with the time left before deadline; a clear AssertionError when nothing comes."""
    try:
        return get_msg(timeout=max(0.0, deadline - time.monotonic()))
    except Empty:
        seen = ("\n" + execution.describe()) if execution is not None else ""
        raise AssertionError(f"timed out waiting for the {waiting_for}{seen}") from None
