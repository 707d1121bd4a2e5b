"""JupyterHub: two users on one hub each start a Flowbook kernel through the Hub's REST API; the basic example's lines arrive live over each kernel's websocket; the kernels are separate JVMs with their own home directories.

The hub listens on 127.0.0.1 (random ports) with the DummyAuthenticator and the
SimpleLocalProcessSpawner (every user's server runs as this user, with its own home directory
under a temp dir); the kernelspec is the one on JUPYTER_PATH, which the spawner passes on, the
way a system-wide install (`install-kernel.sh --sys-prefix`) is seen by every user's server.
Everything started here is stopped by pid, also when a test fails.

Skipped where JupyterHub is not installed, unless FLOWBOOK_E2E_REQUIRE names `jupyterhub`
(install/test.sh's hub stage installs Debian's jupyterhub and sets it).
"""

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


def hub_available():
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return False
    return shutil.which("jupyterhub") is not None and shutil.which("configurable-http-proxy") is not None


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


class HubTest(unittest.TestCase):
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
        root_args = ["--allow-root"] if os.getuid() == 0 else []
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
            c.Spawner.args = {root_args!r}
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

    def test_two_users_each_get_their_own_live_kernel_through_the_hub(self):
        for user in USERS:
            self.start_server(user)
        for user in USERS:
            try:
                servers.wait_until(lambda: self.server_ready(user), SERVER_START_TIMEOUT, f"{user}'s server ready")
            except AssertionError as error:
                raise AssertionError(f"{error}\n{self.hub_log()}") from None

        sessions = {}
        for user in USERS:
            token = self.hub_api("POST", f"/hub/api/users/{user}/tokens", {"note": "flowbook e2e"})["token"]
            user_base = f"/user/{user}"
            specs = servers.api(self.base, token, "GET", f"{user_base}/api/kernelspecs")["kernelspecs"]
            self.assertEqual(specs[support.KERNEL_NAME]["spec"]["display_name"], "Java (Flowbook)")
            kernel = servers.api(self.base, token, "POST", f"{user_base}/api/kernels", {"name": support.KERNEL_NAME})
            sessions[user] = (token, f"ws://127.0.0.1:{self.port}{user_base}/api/kernels/{kernel['id']}/channels")

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


if __name__ == "__main__":
    unittest.main()
