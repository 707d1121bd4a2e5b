"""The Flowbook kernelspecs "flowbook" (Java (Flowbook)) and "flowbook-debugger" (Java (Flowbook, debugger)): install one, write its kernel.json, add a JVM option to it, remove it.

Run with the Python that drives Jupyter (install/find-python.sh prints it); install-kernel.sh and
uninstall-kernel.sh are the documented entry points and call this.

  kernelspec.py install [--user | --sys-prefix | --prefix DIR] --jar JAR --java JAVA [--env NAME=VALUE]... [--debugger]
      copies the jar and the logos into a spec, lets jupyter_client install it where the location says,
      writes kernel.json with the absolute paths of its final home; prints that directory.
      The JVM options are FLOWBOOK_JAVA_OPTS (shell words), read now and written into argv.
      --debugger installs "flowbook-debugger" instead: the same with the debugger's JVM options
      (debugger_jvm_options) and metadata.debugger, so that JupyterLab offers its debugger.
      The JVM options are the kernel's defaults for this JDK (kernel_jvm_options: memory given back
      when idle, compact headers on JDK 25+), then FLOWBOOK_JAVA_OPTS (shell words, read now), which
      override them; a collector chosen there replaces the default collector and its settings.
  kernelspec.py add-jvm-option SPEC_DIR -- OPTION
      puts OPTION in front of the JVM options in SPEC_DIR/kernel.json (the class-data archive's).
  kernelspec.py java SPEC_DIR
      prints the java that SPEC_DIR/kernel.json starts.
      Where this Python has papermill, also installs flowbook_papermill (papermill's Java parameters)
      beside it: the user's site-packages, this Python's, or DIR's lib/pythonX.Y/site-packages.
  kernelspec.py uninstall [--user | --sys-prefix | --prefix DIR] [--debugger]
      removes the spec (and, for flowbook, flowbook_papermill) from that place; says so when there is none.
Bad arguments: a message on stderr and exit status 2.
"""

import argparse
import json
import os
import re
import shlex
import importlib.util
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

NAME = "flowbook"
DISPLAY_NAME = "Java (Flowbook)"
# The debugger's JDWP agent has a kernelspec of its own: its cost could not be shown to stay under
# 10 % of a start and of a round-trip, and its AOT cache cannot hold linked classes
# (kernel/README.md, Debugger).
DEBUGGER_NAME = "flowbook-debugger"
DEBUGGER_DISPLAY_NAME = "Java (Flowbook, debugger)"
JAR = "flowbook-kernel.jar"
LOGOS = ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg")
LOGO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernelspec")
ENV_SETTING = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def say(text):
    print(f"flowbook: {text}", file=sys.stderr)


class Parser(argparse.ArgumentParser):
    """argparse with this project's one-line messages: 'flowbook: ...' and exit status 2."""

    def error(self, message):
        say(f"{message} (see --help)")
        sys.exit(2)


def env_setting(text):
    """NAME=VALUE, as --env takes it; the value may itself hold '=' and spaces."""
    if not ENV_SETTING.match(text):
        raise argparse.ArgumentTypeError("--env needs NAME=VALUE, e.g. --env FLOWBOOK_RESULT_CACHE=500")
    return tuple(text.split("=", 1))


def add_location(parser):
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", dest="location", action="store_const", const="user",
                       help="the user's Jupyter data dir (default)")
    where.add_argument("--sys-prefix", dest="location", action="store_const", const="sys-prefix",
                       help="the share/jupyter/kernels of this Python")
    where.add_argument("--prefix", metavar="DIR", help="DIR/share/jupyter/kernels")
    parser.set_defaults(location="user")


def install_options(args):
    """The keyword arguments of KernelSpecManager.install_kernel_spec for the chosen location."""
    if args.prefix is not None:
        return {"user": False, "prefix": os.path.abspath(args.prefix)}
    if args.location == "sys-prefix":
        return {"user": False, "prefix": sys.prefix}
    return {"user": True, "prefix": None}


def spec_name(args):
    return DEBUGGER_NAME if args.debugger else NAME


def spec_dir_of(args):
    """The directory install_kernel_spec chooses for these location arguments."""
    options = install_options(args)
    if options["user"]:
        return os.path.join(KernelSpecManager().user_kernel_dir, spec_name(args))
    return os.path.join(options["prefix"], "share", "jupyter", "kernels", spec_name(args))


def debugger_jvm_options():
    """The JVM options that turn the kernel's debugger on (kernel/README.md, Debugger).

    The JDWP agent listens on an ephemeral loopback port and does not suspend the JVM; the kernel
    reads the port from the agent's property (hence the add-exports) and attaches to it itself
    before the first cell, so no other debugger can take it."""
    return ["-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0,quiet=y",
            "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"]


def java_feature_version(java):
    """The feature version (21, 25, ...) of the java executable, or 0 when it does not say."""
    try:
        shown = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                               timeout=60).stderr
    except (OSError, subprocess.SubprocessError):
        return 0
    found = re.search(r"java\.specification\.version = (\d+)", shown)
    return int(found.group(1)) if found else 0


# A collector chosen in FLOWBOOK_JAVA_OPTS: two collectors in one argv stop the JVM ("multiple
# garbage collectors selected"), so the default one and its settings are left out.
CHOOSES_COLLECTOR = re.compile(r"-XX:\+Use\w+GC$")
COLLECTOR_SETTINGS = ("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=", "-XX:-G1PeriodicGCInvokesConcurrent",
                      "-XX:MinHeapFreeRatio=", "-XX:MaxHeapFreeRatio=")


def kernel_jvm_options(java_version, user_options=()):
    """The kernel's JVM options for a JDK of java_version, chosen by measurement (bench/kernel/README.md, "Density").

    - G1 with a periodic collection after 15 s without one, and free ratios of 10-30 %: a kernel
      gives back the heap a cell grew once it is idle, instead of keeping it until the JVM ends.
      The periodic collection is a full one (not a concurrent cycle), which compacts and shrinks
      the heap: idle PSS 112 instead of 152 MiB per kernel, measured on a quiet machine.
    - Glibc's malloc arenas trimmed every 15 s (JDK 22+): javac's and the JIT's native memory.
    - Compact object headers (JDK 25+, JEP 519): 8-byte headers instead of 12, a smaller heap.
    - The class-data archive (AOT cache) mapped at the address it was made for, not relocated
      (ArchiveRelocationMode=0, the JDK's default before 20): its pages then stay clean and are
      shared by every kernel on the machine instead of copied into each.
    user_options (FLOWBOOK_JAVA_OPTS) come after these in argv and override them; a collector
    chosen there leaves out the default collector and its settings.
    """
    options = ["-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000", "-XX:-G1PeriodicGCInvokesConcurrent",
               "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:+UnlockDiagnosticVMOptions",
               "-XX:ArchiveRelocationMode=0"]
    if java_version >= 22:
        options.append("-XX:TrimNativeHeapInterval=15000")
    if java_version >= 25:
        options.append("-XX:+UseCompactObjectHeaders")
    if any(CHOOSES_COLLECTOR.match(option) for option in user_options):
        options = [o for o in options if not o.startswith(COLLECTOR_SETTINGS)]
    return options


def write_kernel_json(spec_dir, java, env, jvm_options=None, debugger=False):
    """kernel.json for the jar in spec_dir: java, the debugger's options (debugger spec), the kernel's JVM options, FLOWBOOK_JAVA_OPTS, -jar; env as given.

    jvm_options defaults to kernel_jvm_options for that java's version."""
    user_options = shlex.split(os.environ.get("FLOWBOOK_JAVA_OPTS", ""))
    if jvm_options is None:
        jvm_options = kernel_jvm_options(java_feature_version(java), user_options)
    debugging = debugger_jvm_options() if debugger else []
    spec = KernelSpec(
        argv=[java, *debugging, *jvm_options, *user_options, "-jar", os.path.join(spec_dir, JAR),
              "{connection_file}"],
        display_name=DEBUGGER_DISPLAY_NAME if debugger else DISPLAY_NAME, language="java", interrupt_mode="message", env=dict(env),
        metadata={"debugger": debugger})
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump(spec.to_dict(), f, indent=2)
        f.write("\n")


PAPERMILL_MODULE = "flowbook_papermill"
PAPERMILL_DIST_INFO = "flowbook_papermill-0.1.0.dist-info"
# Papermill loads its engines' entry points when imported, and has no group for translators: the
# engine's module registers the Java translator (flowbook_papermill.py says more).
PAPERMILL_ENTRY_POINTS = "[papermill.engine]\nflowbook = flowbook_papermill:FlowbookEngine\n"


def site_packages_of(args):
    """Where this location's Python modules go: the user's site, this Python's, or DIR's (put it on PYTHONPATH)."""
    options = install_options(args)
    if options["user"]:
        return site.getusersitepackages()
    if args.prefix is None:
        return sysconfig.get_paths()["purelib"]
    return sysconfig.get_paths(scheme="posix_prefix", vars={"base": options["prefix"], "platbase": options["prefix"]})["purelib"]


def install_papermill_translator(args):
    """flowbook_papermill and its entry point, where this Python has papermill; nothing otherwise."""
    if importlib.util.find_spec("papermill") is None:
        return
    target = site_packages_of(args)
    say(f"papermill found: installing its Java parameters ({PAPERMILL_MODULE}) into {target}")
    os.makedirs(os.path.join(target, PAPERMILL_DIST_INFO), exist_ok=True)
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), PAPERMILL_MODULE + ".py"), target)
    with open(os.path.join(target, PAPERMILL_DIST_INFO, "METADATA"), "w") as f:
        f.write(f"Metadata-Version: 2.1\nName: {PAPERMILL_MODULE}\nVersion: 0.1.0\n"
                "Summary: Papermill parameters as Java declarations for the Flowbook kernel\n")
    with open(os.path.join(target, PAPERMILL_DIST_INFO, "entry_points.txt"), "w") as f:
        f.write(PAPERMILL_ENTRY_POINTS)
    os.chmod(os.path.join(target, PAPERMILL_MODULE + ".py"), 0o644)
    if args.prefix is not None:
        say(f"papermill finds it with PYTHONPATH={target}")


def uninstall_papermill_translator(args):
    target = site_packages_of(args)
    if os.path.isfile(os.path.join(target, PAPERMILL_MODULE + ".py")):
        say(f"removing {PAPERMILL_MODULE} from {target}")
        os.remove(os.path.join(target, PAPERMILL_MODULE + ".py"))
        shutil.rmtree(os.path.join(target, PAPERMILL_DIST_INFO), ignore_errors=True)


def read_kernel_json(spec_dir):
    with open(os.path.join(spec_dir, "kernel.json")) as f:
        return json.load(f)


def install(args):
    if not os.path.isfile(args.jar):
        say(f"no kernel jar at {args.jar}; build it first: install/mvn.sh -pl kernel -am package -DskipTests")
        return 1
    with tempfile.TemporaryDirectory() as staging:
        os.chmod(staging, 0o755)  # readable by every user when installed system-wide
        shutil.copy(args.jar, os.path.join(staging, JAR))
        for logo in LOGOS:
            shutil.copy(os.path.join(LOGO_DIR, logo), staging)
        write_kernel_json(staging, args.java, args.env, (), debugger=args.debugger)  # rewritten below
        spec_dir = KernelSpecManager().install_kernel_spec(staging, spec_name(args), **install_options(args))
    write_kernel_json(spec_dir, args.java, args.env, debugger=args.debugger)
    if not args.debugger:
        install_papermill_translator(args)
    print(spec_dir)
    return 0


def add_jvm_option(args):
    spec = read_kernel_json(args.spec_dir)
    spec["argv"][1:1] = [args.option]  # in front of the user's options, which may override it
    with open(os.path.join(args.spec_dir, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    return 0


def java(args):
    print(read_kernel_json(args.spec_dir)["argv"][0])
    return 0


def uninstall(args):
    spec_dir = spec_dir_of(args)
    if not args.debugger:
        uninstall_papermill_translator(args)
    if not os.path.isfile(os.path.join(spec_dir, "kernel.json")):
        say(f"no {spec_name(args)} kernelspec at {spec_dir}; nothing to remove")
        return 0
    say(f"removing kernelspec {spec_dir}")
    shutil.rmtree(spec_dir)
    say("removed")
    return 0


def parser():
    top = Parser(prog="kernelspec.py", description=__doc__.split("\n", 1)[0])
    commands = top.add_subparsers(dest="command", required=True, parser_class=Parser)
    installing = commands.add_parser("install", help="install the spec")
    add_location(installing)
    installing.add_argument("--jar", required=True, type=os.path.abspath, help="the assembled kernel jar")
    installing.add_argument("--java", required=True, help="the java executable of a JDK >= 21")
    installing.add_argument("--env", action="append", default=[], type=env_setting, metavar="NAME=VALUE",
                            help="a setting for kernel.json's env")
    installing.add_argument("--debugger", action="store_true",
                            help=f"install {DEBUGGER_NAME}: with the JDWP agent, JupyterLab offers its debugger")
    installing.set_defaults(run=install)
    option = commands.add_parser("add-jvm-option", help="put a JVM option into an installed spec")
    option.add_argument("spec_dir")
    option.add_argument("option")
    option.set_defaults(run=add_jvm_option)
    showing = commands.add_parser("java", help="print the java an installed spec starts")
    showing.add_argument("spec_dir")
    showing.set_defaults(run=java)
    removing = commands.add_parser("uninstall", help="remove the spec")
    add_location(removing)
    removing.add_argument("--debugger", action="store_true", help=f"remove {DEBUGGER_NAME}")
    removing.set_defaults(run=uninstall)
    return top


def main(argv):
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
