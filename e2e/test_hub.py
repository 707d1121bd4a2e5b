"""JupyterHub: two users on one hub each start a Flowbook kernel through the Hub's REST API; the basic example's lines arrive live over each kernel's websocket; the kernels are separate JVMs with their own home directories. Ten kernels of two users all answer; a restart while a cell is busy, and jupyter_server's idle culling, leave no JVM behind.

The hub listens on 127.0.0.1 (random ports) with the DummyAuthenticator and the
SimpleLocalProcessSpawner (every user's server runs as this user, with its own home directory
under a temp dir); the kernelspec is the one on JUPYTER_PATH, which the spawner passes on, the
way a system-wide install (`install-kernel.sh --sys-prefix`) is seen by every user's server.
Everything started here is stopped by pid, also when a test fails. A JVM is counted by pid among
this process's descendants: the e2e run is a child subreaper, so a kernel JVM orphaned by its
server is still found (and killed at the end).

Skipped where JupyterHub is not installed, unless FLOWBOOK_E2E_REQUIRE names `jupyterhub`
(install/test.sh's hub stage installs Debian's jupyterhub and sets it).
"""

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import textwrap
import threading
import time
import unittest

from e2e import servers, support


def setUpModule():
    support.start()


USERS = ("alice", "bob")
HUB_START_TIMEOUT = 60
SERVER_START_TIMEOUT = 90  # two single-user servers starting at once on a busy 2-core machine
KERNELS_PER_USER = 5
MANY_KERNELS_TIMEOUT = 240  # ten JVMs starting at once on 2 cores, then each answering one cell
CULL_IDLE_TIMEOUT = 5  # seconds idle before jupyter_server ends a kernel (the default, 0, never does)
CULL_INTERVAL = 1  # how often it looks
JVM_EXIT_TIMEOUT = 30
# A cell that keeps the CPU and the collector busy until it is stopped; its first line says it runs.
BUSY_CELL = ('System.out.println("busy"); var kept = new ArrayList<byte[]>(); '
             'while (true) { kept.add(new byte[1 << 16]); if (kept.size() > 1_000) kept.clear(); }')


def hub_available():
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return False
    return shutil.which("jupyterhub") is not None and shutil.which("configurable-http-proxy") is not None


def kernel_jvms():
    """The JVMs below this process, by pid: kernels of the hub's servers, and orphans of theirs."""
    jvms = set()
    for pid in support.descendants():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                program = f.read().split(b"\0")[0]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if os.path.basename(program) == b"java" and servers.alive(pid):
            jvms.add(pid)
    return jvms


def pids_with_home(home):
    """The processes whose environment says HOME=home: a user's single-user server and its kernels."""
    wanted = b"HOME=" + home.encode()
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if wanted in f.read().split(b"\0"):
                    pids.append(int(pid))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return pids


class HubCase(unittest.TestCase):
    """A hub of its own for each test, stopped after it with everything it started."""

    def server_args(self):
        """Command-line options for every user's server (the spawner's args)."""
        return []

    def setUp(self):
        servers.require("jupyterhub", hub_available(),
                "JupyterHub is not installed (Debian: apt-get install jupyterhub)")
        self.scratch = tempfile.mkdtemp(prefix="flowbook-hub-")
        self.addCleanup(shutil.rmtree, self.scratch, ignore_errors=True)
        self.homes = {user: os.path.join(self.scratch, "home", user) for user in USERS}
        # What the hub fails to stop (single-user servers, kernels, the proxy) is killed by pid once it is stopped.
        self.addCleanup(support.kill_descendants, "the hub", support.descendants())
        self.port, self.hub_port, self.proxy_api_port = (servers.free_port() for _ in range(3))
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(24)
        config = os.path.join(self.scratch, "jupyterhub_config.py")
        with open(config, "w") as f:
            f.write(self.config())
        env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(24)}
        if os.path.isdir("/usr/share/nodejs") and "NODE_PATH" not in env:
            env["NODE_PATH"] = "/usr/share/nodejs"  # Debian's configurable-http-proxy finds its modules there
        self.log = open(os.path.join(self.scratch, "hub.log"), "wb")
        self.addCleanup(self.log.close)
        self.hub = subprocess.Popen(["jupyterhub", "-f", config], cwd=self.scratch, env=env,
                                    stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.addCleanup(self.stop_hub)
        deadline = time.monotonic() + HUB_START_TIMEOUT
        while True:
            try:
                self.hub_api("GET", "/hub/api/")
                break
            except (OSError, ValueError):
                if self.hub.poll() is not None or time.monotonic() > deadline:
                    self.fail("the hub did not come up\n" + self.hub_log())
                time.sleep(0.3)

    def config(self):
        server_args = (["--allow-root"] if os.getuid() == 0 else []) + self.server_args()
        environment = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        if os.environ.get("JUPYTER_PATH"):
            environment["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"]
        return textwrap.dedent(f"""\
            c.JupyterHub.ip = "127.0.0.1"
            c.JupyterHub.port = {self.port}
            c.JupyterHub.hub_ip = "127.0.0.1"
            c.JupyterHub.hub_port = {self.hub_port}
            c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.proxy_api_port}"
            c.ConfigurableHTTPProxy.pid_file = {os.path.join(self.scratch, "proxy.pid")!r}
            c.JupyterHub.db_url = "sqlite:///" + {os.path.join(self.scratch, "hub.sqlite")!r}
            c.JupyterHub.cookie_secret_file = {os.path.join(self.scratch, "cookie_secret")!r}
            c.JupyterHub.pid_file = {os.path.join(self.scratch, "hub.pid")!r}
            c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
            c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
            c.SimpleLocalProcessSpawner.home_dir_template = {os.path.join(self.scratch, "home", "{username}")!r}
            c.Spawner.args = {server_args!r}
            c.Spawner.environment = {environment!r}
            c.Spawner.start_timeout = {SERVER_START_TIMEOUT}
            c.Spawner.http_timeout = {SERVER_START_TIMEOUT}
            c.JupyterHub.services = [{{"name": "flowbook-e2e", "api_token": {self.token!r}}}]
            c.JupyterHub.load_roles = [{{"name": "flowbook-e2e", "services": ["flowbook-e2e"],
                                        "scopes": ["admin:users", "admin:servers", "tokens"]}}]
            """)

    def hub_api(self, method, path, body=None, token=None):
        return servers.api(self.base, token or self.token, method, path, body)

    def hub_log(self):
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return "".join(f.readlines()[-40:])

    def stop_hub(self):
        """Stops each user's server through the API, then the hub (SIGTERM: it stops the proxy it started)."""
        for user in USERS:
            try:
                self.hub_api("DELETE", f"/hub/api/users/{user}/server")
            except (OSError, ValueError):
                pass
        servers.stop(self.hub, 30)

    def start_server(self, user):
        self.hub_api("POST", f"/hub/api/users/{user}")
        self.hub_api("POST", f"/hub/api/users/{user}/server")

    def server_ready(self, user):
        model = self.hub_api("GET", f"/hub/api/users/{user}")
        return model.get("servers", {}).get("", {}).get("ready", False)

    def ready_servers(self, *users):
        """Starts each user's server through the hub, waits until all are ready; returns {user: API token}."""
        for user in users:
            self.start_server(user)
        for user in users:
            try:
                servers.wait_until(lambda: self.server_ready(user), SERVER_START_TIMEOUT, f"{user}'s server ready")
            except AssertionError as error:
                raise AssertionError(f"{error}\n{self.hub_log()}") from None
        return {user: self.hub_api("POST", f"/hub/api/users/{user}/tokens", {"note": "flowbook e2e"})["token"]
                for user in users}

    def user_api(self, user, token, method, path, body=None, timeout=support.REPLY_TIMEOUT):
        return servers.api(self.base, token, method, f"/user/{user}{path}", body, timeout)

    def start_kernel(self, user, token):
        """A flowbook kernel in user's server, through the hub's proxy; returns (kernel id, websocket URL)."""
        kernel = self.user_api(user, token, "POST", "/api/kernels", {"name": support.KERNEL_NAME})
        return kernel["id"], f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel['id']}/channels"

    def answer(self, ws_url, token, code="1 + 1"):
        return servers.evaluate_all([(ws_url, token)], code, support.STARTUP_TIMEOUT + support.REPLY_TIMEOUT,
                                    self.hub_log)[0]

    def new_jvm(self, before):
        """The one kernel JVM started since `before` (a set of pids)."""
        started = kernel_jvms() - before
        self.assertEqual(len(started), 1, f"one new kernel JVM, found {sorted(started)}")
        return started.pop()

    def wait_for_jvms(self, expected, what):
        try:
            servers.wait_until(lambda: kernel_jvms() == expected, JVM_EXIT_TIMEOUT, what)
        except AssertionError as error:
            raise AssertionError(f"{error}: JVMs {sorted(kernel_jvms())}, expected {sorted(expected)}\n"
                                 + self.hub_log()) from None


class HubTest(HubCase):
    def test_two_users_each_get_their_own_live_kernel_through_the_hub(self):
        tokens = self.ready_servers(*USERS)
        sessions = {}
        for user, token in tokens.items():
            specs = self.user_api(user, token, "GET", "/api/kernelspecs")["kernelspecs"]
            self.assertEqual(specs[support.KERNEL_NAME]["spec"]["display_name"], "Java (Flowbook)")
            sessions[user] = (token, self.start_kernel(user, token)[1])

        # Both cells run at the same time, one thread each: two users working at once.
        results = {}

        def run(user):
            token, ws_url = sessions[user]
            try:
                results[user] = servers.execute(ws_url, token, servers.THREE_LINES, self.hub_log)
            except BaseException as error:  # reported below, on the test's thread
                results[user] = error

        threads = [threading.Thread(target=run, args=(user,)) for user in USERS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=support.STARTUP_TIMEOUT + support.REPLY_TIMEOUT + 10)
        for user in USERS:
            result = results.get(user)
            if not isinstance(result, tuple):
                self.fail(f"{user}'s cell did not run: {result!r}\n{self.hub_log()}")
            arrivals, reply = result
            self.assertEqual(reply["content"]["status"], "ok", reply)
            lines = servers.lines_of(arrivals)
            self.assertEqual([line for _, line in lines], servers.THREE_LINES_OUTPUT, user)
            spread = lines[-1][0] - lines[0][0]
            self.assertGreaterEqual(spread, 0.4, f"{user}: lines 0.8 s apart arrived {spread:.3f} s apart: batched")

        jvms = {}
        for user, home in self.homes.items():
            kernels = [pid for pid in pids_with_home(home) if pid in support.pids_mentioning("flowbook-kernel.jar")]
            self.assertEqual(len(kernels), 1, f"{user}: one kernel JVM with HOME={home}, found {kernels}")
            jvms[user] = kernels[0]
            self.assertEqual(os.readlink(f"/proc/{kernels[0]}/cwd"), home, f"{user}'s kernel works in its home")
        self.assertNotEqual(jvms["alice"], jvms["bob"])

        for user in USERS:
            self.hub_api("DELETE", f"/hub/api/users/{user}/server")
        for user, pid in jvms.items():
            servers.wait_until(lambda: not servers.alive(pid), 30, f"{user}'s kernel JVM {pid} gone after the hub stopped the server")

    def test_ten_kernels_of_two_users_all_answer_and_end_with_their_servers(self):
        tokens = self.ready_servers(*USERS)
        before = kernel_jvms()
        targets = [(self.start_kernel(user, tokens[user])[1], tokens[user])
                   for user in USERS for _ in range(KERNELS_PER_USER)]
        answers = servers.evaluate_all(targets, "1 + 1", MANY_KERNELS_TIMEOUT, self.hub_log)
        self.assertEqual(answers, ["2"] * len(targets))
        started = kernel_jvms() - before
        self.assertEqual(len(started), len(targets), f"a JVM per kernel: {sorted(started)}")
        for user, home in self.homes.items():
            self.assertEqual(len(started & set(pids_with_home(home))), KERNELS_PER_USER, f"{user}'s kernels")

        for user in USERS:
            self.hub_api("DELETE", f"/hub/api/users/{user}/server")
        self.wait_for_jvms(before, "every kernel JVM gone after the hub stopped both servers")

    def test_a_restart_while_a_cell_is_busy_leaves_no_jvm_behind(self):
        token = self.ready_servers("alice")["alice"]
        before = kernel_jvms()
        kernel_id, ws_url = self.start_kernel("alice", token)
        self.assertEqual(self.answer(ws_url, token), "2")
        busy_jvm = self.new_jvm(before)

        async def restart_while_busy():
            connection = await servers.send_on_new_connection(
                ws_url, token, servers.execute_request(BUSY_CELL), describe=self.hub_log)
            try:
                while True:  # until the cell says it runs
                    raw = await connection.read_message()
                    if raw is None:
                        raise AssertionError("the websocket closed before the busy cell started\n" + self.hub_log())
                    msg = json.loads(raw)
                    if msg["header"]["msg_type"] == "stream" and "busy" in msg["content"]["text"]:
                        break
                # jupyter_server asks the kernel to shut down, ends the process when it does not, starts
                # another and waits for its kernel_info.
                await asyncio.get_running_loop().run_in_executor(
                    None, self.user_api, "alice", token, "POST", f"/api/kernels/{kernel_id}/restart", None,
                    support.STARTUP_TIMEOUT)
            finally:
                connection.close()

        asyncio.run(asyncio.wait_for(restart_while_busy(), support.STARTUP_TIMEOUT + support.REPLY_TIMEOUT))
        self.assertEqual(self.answer(ws_url, token), "2", "the restarted kernel answers")
        restarted_jvm = self.new_jvm(before)
        self.assertNotEqual(restarted_jvm, busy_jvm)
        self.wait_for_jvms(before | {restarted_jvm}, f"the busy kernel's JVM {busy_jvm} gone after the restart")

        self.user_api("alice", token, "DELETE", f"/api/kernels/{kernel_id}")
        self.wait_for_jvms(before, "no kernel JVM after the kernel was shut down")


class HubCullingTest(HubCase):
    """jupyter_server's idle culling, configured on every user's server as a hub's admin would."""

    def server_args(self):
        return [f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
                f"--MappingKernelManager.cull_interval={CULL_INTERVAL}"]

    def test_an_idle_kernel_is_culled_and_its_jvm_ends(self):
        token = self.ready_servers("alice")["alice"]
        before = kernel_jvms()
        kernel_id, ws_url = self.start_kernel("alice", token)
        self.assertEqual(self.answer(ws_url, token), "2")  # then its websocket closes: idle, nobody connected
        jvm = self.new_jvm(before)

        def culled():
            return kernel_id not in {kernel["id"] for kernel in self.user_api("alice", token, "GET", "/api/kernels")}

        try:
            servers.wait_until(culled, CULL_IDLE_TIMEOUT + support.REPLY_TIMEOUT, "the idle kernel culled")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.hub_log()}") from None
        self.wait_for_jvms(before, f"the culled kernel's JVM {jvm} gone")


if __name__ == "__main__":
    unittest.main()
