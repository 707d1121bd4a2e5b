"""The install scripts: FLOWBOOK_JAVA_OPTS reaches the kernel's JVM through kernel.json, and the uninstall removes the spec."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from jupyter_client.kernelspec import KernelSpecManager

from e2e import support


def setUpModule():
    support.start()


INSTALL = os.path.join(support.REPO, "install", "install-kernel.sh")
UNINSTALL = os.path.join(support.REPO, "install", "uninstall-kernel.sh")


class InstallScriptsTest(unittest.TestCase):
    def setUp(self):
        # The jar the throw-away Jupyter's kernelspec holds: the install copies it, so it is the one under test.
        installed = KernelSpecManager().get_kernel_spec(support.KERNEL_NAME)
        self.jar = os.path.join(installed.resource_dir, "flowbook-kernel.jar")
        self.prefix = tempfile.mkdtemp(prefix="flowbook-install-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.prefix])

    def run_script(self, *argv, **env):
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=300,
                                   env={**os.environ, "FLOWBOOK_PYTHON": sys.executable, **env})
        self.assertEqual(completed.returncode, 0, completed.stdout + completed.stderr)
        return completed

    def install_with_java_options(self, options):
        """Installs with FLOWBOOK_JAVA_OPTS=options (no archive); returns (spec dir, argv, a KernelSpecManager of that spec alone)."""
        self.run_script(INSTALL, "--prefix", self.prefix, "--jar", self.jar, "--no-cds", FLOWBOOK_JAVA_OPTS=options)
        spec_dir = os.path.join(self.prefix, "share", "jupyter", "kernels", "flowbook")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            argv = json.load(f)["argv"]
        return spec_dir, argv, KernelSpecManager(kernel_dirs=[os.path.dirname(spec_dir)])

    def test_java_options_go_into_kernel_json_and_reach_the_jvm(self):
        spec_dir, argv, only_this_spec = self.install_with_java_options("-Dflowbook.e2e='two words' -Xmx300m")
        # The kernel's own options first, then the user's, which override them.
        self.assertEqual(argv[-5:], ["-Dflowbook.e2e=two words", "-Xmx300m", "-jar",
                                     os.path.join(spec_dir, "flowbook-kernel.jar"), "{connection_file}"])
        self.assertIn("-XX:G1PeriodicGCInterval=15000", argv[1:-5])

        with support.Kernel(label="java-opts", kernel_spec_manager=only_this_spec) as kernel:
            seen = kernel.execute('System.getProperty("flowbook.e2e") + " / " + Runtime.getRuntime().maxMemory() / (1 << 20)')
        self.assertEqual(seen.status, "ok", seen.describe())
        self.assertRegex(seen.result_text(), r"two words / (2[0-9][0-9]|300)\b", seen.describe())

    def test_a_collector_chosen_at_install_replaces_the_default_one(self):
        _, argv, only_this_spec = self.install_with_java_options("-XX:+UseSerialGC")
        self.assertFalse([a for a in argv if "G1" in a], argv)

        with support.Kernel(label="java-gc", kernel_spec_manager=only_this_spec) as kernel:
            seen = kernel.execute("java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()")
        self.assertEqual(seen.status, "ok", seen.describe())
        self.assertEqual(seen.result_text(), '"Copy"', seen.describe())

    def test_settings_go_into_kernel_json_env_and_reach_the_kernel(self):
        self.run_script(INSTALL, "--prefix", self.prefix, "--jar", self.jar, "--no-cds",
                        "--env", "FLOWBOOK_RESULT_CACHE=7", "--env", "FLOWBOOK_E2E=a=b c")
        spec_dir = os.path.join(self.prefix, "share", "jupyter", "kernels", "flowbook")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            env = json.load(f)["env"]
        self.assertEqual(env, {"FLOWBOOK_RESULT_CACHE": "7", "FLOWBOOK_E2E": "a=b c"})

        only_this_spec = KernelSpecManager(kernel_dirs=[os.path.dirname(spec_dir)])
        with support.Kernel(label="spec-env", kernel_spec_manager=only_this_spec) as kernel:
            seen = kernel.execute('System.getenv("FLOWBOOK_E2E")')
            results = kernel.execute("%results")
        self.assertEqual(seen.result_text(), '"a=b c"', seen.describe())
        self.assertIn("keeping the latest 7 results", results.stream_text(), results.describe())

    def test_a_malformed_env_setting_is_refused_with_what_to_write(self):
        completed = subprocess.run([INSTALL, "--prefix", self.prefix, "--jar", self.jar, "--no-cds",
                                    "--env", "NO_VALUE"], capture_output=True, text=True, timeout=60)
        self.assertEqual(completed.returncode, 2)
        self.assertIn("--env needs NAME=VALUE", completed.stderr)

    def test_uninstall_removes_what_install_put_there(self):
        self.run_script(INSTALL, "--prefix", self.prefix, "--jar", self.jar, "--no-cds")
        spec_dir = os.path.join(self.prefix, "share", "jupyter", "kernels", "flowbook")
        self.assertTrue(os.path.isfile(os.path.join(spec_dir, "kernel.json")))
        self.run_script(UNINSTALL, "--prefix", self.prefix)
        self.assertFalse(os.path.exists(spec_dir))
        again = self.run_script(UNINSTALL, "--prefix", self.prefix)
        self.assertIn("nothing to remove", again.stderr)


if __name__ == "__main__":
    unittest.main()
