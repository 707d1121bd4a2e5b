# Shared by image.sh and container-test.sh (sourced, not run): a Docker daemon, the Debian 13 base image, the Flowbook image, cached between runs.
# hub-test.sh and browser-lib.sh source it for as_root and apt_install only.
#
# The caller sets `say` and calls container_cleanup from its EXIT trap; everything started here
# (a dockerd, containers) is recorded and stopped by id there.
#
# Caches, outside any clone so that a fresh checkout reuses them (FLOWBOOK_CACHE, default
# /var/cache/flowbook): the debootstrap root as a tarball, keyed by suite and mirror; the images
# themselves stay in Docker, tagged with a hash of what went into them, so a second run builds
# nothing unless the Dockerfile, the kernel's poms and sources or the install scripts changed.

flowbook_cache=${FLOWBOOK_CACHE:-/var/cache/flowbook}
base_suite=trixie
docker_started_pid=""   # the dockerd this script started, if any
# Every container this run starts carries this label, so cleanup finds them all, also those started
# in a subshell (id=$(start_container ...)), whose variables never reach the EXIT trap.
container_run_label="flowbook.run=$$-$(date +%s%N)"
docker=docker
# The host's Java trust store (Debian's path): builds and containers trust what the host's Java does.
host_java_trust_store=/etc/ssl/certs/java/cacerts

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root for: $* (rerun as root or install sudo)"; return 1
  fi
}

# apt-get that waits for another apt-get to finish instead of failing on the lock.
apt_install() {
  as_root timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq --no-install-recommends "$@" >&2
}

# What ensure_docker does about Docker, decided from four facts, each "yes" or "no":
#   docker_decision DAEMON_ANSWERS DOCKERD_PRESENT APT_GET_PRESENT ROOT
# Prints one word: use-running | start-dockerd | install-docker.io | needs-root | cannot-install.
# A docker client alone (no dockerd) is not Docker: with no daemon answering it leads to installing
# docker.io, which brings the daemon. Kept apart from its effects so install/docker-decision-test.sh
# checks every case without Docker.
docker_decision() {
  local answers=$1 dockerd=$2 apt=$3 root=$4
  if [[ $answers == yes ]]; then echo use-running
  elif [[ $dockerd == yes && $root == yes ]]; then echo start-dockerd
  elif [[ $dockerd == yes || $apt == yes ]] && [[ $root == no ]]; then echo needs-root
  elif [[ $apt == yes ]]; then echo install-docker.io
  else echo cannot-install
  fi
}

yes_if() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }

# Debian's client, which matches Debian's daemon; a docker client elsewhere on PATH (a newer CLI
# without a daemon, say) may speak another API version. Overridable for the decision test.
debian_docker_client=/usr/bin/docker

# Points $docker at the client to use: Debian's when docker.io is installed, else the first on PATH.
choose_docker_client() {
  if [[ -x $debian_docker_client ]]; then docker=$debian_docker_client; else docker=docker; fi
}

# Makes sure a Docker daemon answers: uses a running one, starts dockerd (and remembers its pid),
# or installs docker.io first when there is no daemon to start. Fails with what is missing when
# this machine cannot run containers.
ensure_docker() {
  local decision installed=no
  while true; do
    choose_docker_client
    decision=$(docker_decision "$(yes_if "$docker" info)" "$(yes_if command -v dockerd)" \
      "$(yes_if command -v apt-get)" "$([[ $(id -u) -eq 0 ]] && echo yes || echo no)")
    case $decision in
      use-running)
        say "using the running Docker daemon ($("$docker" version --format '{{.Server.Version}}' 2>/dev/null)) through $docker"
        return 0 ;;
      start-dockerd) start_dockerd; return ;;
      install-docker.io)
        if [[ $installed == yes ]]; then
          say "docker.io is installed but there is still no dockerd on PATH: install Docker Engine and run again"
          return 1
        fi
        if command -v docker >/dev/null 2>&1; then
          say "a docker client ($(command -v docker)) but no Docker daemon and no dockerd; installing the Debian package docker.io"
        else
          say "Docker missing; installing the Debian package docker.io"
        fi
        apt_install docker.io || { say "could not install docker.io: install Docker and run again"; return 1; }
        installed=yes ;;
      needs-root)
        say "no Docker daemon answers, and installing or starting one needs root: start Docker (systemctl start docker) or run as root"
        return 1 ;;
      *)
        say "this machine cannot run containers: no Docker daemon, no dockerd, and no apt-get to install docker.io (install Docker Engine)"
        return 1 ;;
    esac
  done
}

# Starts dockerd for this run (host networking only) and waits until it answers.
start_dockerd() {
  mkdir -p "$flowbook_cache"
  say "starting dockerd (log: $flowbook_cache/dockerd.log)"
  # Host networking only (every build and container uses --network host): no bridge, no iptables
  # rules left on the machine.
  setsid dockerd --bridge=none --iptables=false --ip-masq=false \
    > "$flowbook_cache/dockerd.log" 2>&1 < /dev/null &
  docker_started_pid=$!
  local waited
  for waited in $(seq 1 120); do
    if ! kill -0 "$docker_started_pid" 2>/dev/null; then
      docker_started_pid=""
      say "dockerd exited at start; its log:"; tail -n 30 "$flowbook_cache/dockerd.log" | sed 's/^/  | /' >&2
      say "this machine cannot run containers (see the log above: a kernel without overlay/cgroup support, or no privileges)"
      return 1
    fi
    "$docker" info >/dev/null 2>&1 && { say "dockerd is up (pid $docker_started_pid), client $docker"; return 0; }
    sleep 0.5
  done
  say "dockerd did not answer within 60 s; its log:"; tail -n 30 "$flowbook_cache/dockerd.log" | sed 's/^/  | /' >&2
  return 1
}

# Runs a container in the background, labelled for cleanup; prints its id.
start_container() {
  "$docker" run -d --network host --label "$container_run_label" "$@"
}

container_cleanup() {
  local ids waited
  if [[ -n "$docker_started_pid" ]] || "$docker" info >/dev/null 2>&1; then
    ids=$("$docker" ps -aq --filter "label=$container_run_label" 2>/dev/null) || ids=""
    # shellcheck disable=SC2086  # ids: one per line
    [[ -z "$ids" ]] || "$docker" rm -f $ids >/dev/null 2>&1 || true
  fi
  if [[ -n "$docker_started_pid" ]] && kill -0 "$docker_started_pid" 2>/dev/null; then
    say "stopping the dockerd this run started (pid $docker_started_pid)"
    kill -TERM "$docker_started_pid" 2>/dev/null || true
    for waited in $(seq 1 100); do kill -0 "$docker_started_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$docker_started_pid" 2>/dev/null || true  # its process group (containerd) if it hung
  fi
  docker_started_pid=""
}

# The Debian mirror this machine uses (so the image is built from the same archive), default deb.debian.org.
debian_mirror() {
  local mirror
  mirror=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ')
  echo "${mirror:-http://deb.debian.org/debian}"
}

# Makes sure the image flowbook-base:trixie-<key> exists: a minbase debootstrap of Debian 13, imported.
# No registry is needed. Prints the image name.
base_image() {
  local mirror key image tarball root
  mirror=$(debian_mirror)
  key=$(echo "$base_suite minbase $mirror unsafe-io" | sha256sum | cut -c1-12)
  image=flowbook-base:$base_suite-$key
  if "$docker" image inspect "$image" >/dev/null 2>&1; then
    say "base image $image (cached)"; echo "$image"; return 0
  fi
  tarball=$flowbook_cache/$base_suite-minbase-$key.tar
  if [[ ! -s "$tarball" ]]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      say "debootstrap missing; installing it"
      apt_install debootstrap || { say "could not install debootstrap: install it and run again"; return 1; }
    fi
    [[ $(id -u) -eq 0 ]] || { say "debootstrap needs root to make the base image: run as root once"; return 1; }
    mkdir -p "$flowbook_cache"
    root=$(mktemp -d "$flowbook_cache/root-XXXXXX")
    say "debootstrap --variant=minbase $base_suite from $mirror (a few minutes, once)"
    if ! timeout 1200 debootstrap --variant=minbase "$base_suite" "$root" "$mirror" > "$root.log" 2>&1; then
      tail -n 20 "$root.log" | sed 's/^/  | /' >&2
      rm -rf "$root" "$root.log"
      say "debootstrap failed (log above)"; return 1
    fi
    # The packages' downloads are not part of the image. And, as in Debian's official images, dpkg
    # does not fsync every file it unpacks: a build is thrown away if it fails, and Debian's
    # JupyterLab brings some 700 packages, which otherwise take minutes longer.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$root" "$root.log"
  fi
  say "importing $tarball as $image"
  "$docker" import "$tarball" "$image" >/dev/null || return 1
  echo "$image"
}

# What the Dockerfile reads from the repository (what .dockerignore lets through), one path a line,
# sorted, relative to the repository root $1: the image key is a hash of these files' contents.
image_inputs() {
  (cd "$1" && { echo Dockerfile; echo .dockerignore; echo pom.xml; echo asyncgen/pom.xml; echo kernel/pom.xml
    find asyncgen/src/main kernel/src/main install/kernelspec -type f
    ls install/install-kernel.sh install/kernelspec.py install/find-java.sh install/find-python.sh \
      install/make-cds-archive.sh install/cds_training.py install/flowbook_papermill.py notebooks/*.ipynb; } | LC_ALL=C sort)
}

# Builds the Flowbook image for JDK $1 (21 or 25) from the top-level Dockerfile in $2, with
# JupyterHub's single-user server when $3 is "hub", unless an image from the same inputs exists.
# The Dockerfile builds the kernel itself (its build stage), so nothing needs to be built before.
# Prints the image name.
flowbook_image() {
  local jdk=$1 root=$2 hub=${3:-no} base key image variant
  base=$(base_image) || return 1
  [[ $hub == hub ]] && variant=jdk$jdk-hub || { hub=no; variant=jdk$jdk; }
  key=$( { echo "$base $jdk $hub"; image_inputs "$root" | (cd "$root" && xargs -d '\n' cat); } | sha256sum | cut -c1-12)
  image=flowbook:$variant-$key
  if "$docker" image inspect "$image" >/dev/null 2>&1; then
    say "image $image (cached)"; echo "$image"; return 0
  fi
  local log=$flowbook_cache/build-$variant.log old trust=()
  # Maven in the build stage trusts what this machine's Java trusts: where HTTPS leaves through a
  # proxy that re-signs it, its CA is in this store only. A BuildKit secret: mounted for the one
  # RUN that downloads, in no layer of any image.
  [[ -s $host_java_trust_store ]] && trust=(--secret "id=java-cacerts,src=$host_java_trust_store")
  say "building $image (JDK $jdk) from the Dockerfile (log: $log)"
  if ! DOCKER_BUILDKIT=1 "$docker" build --progress=plain --network host "${trust[@]}" \
      --build-arg BASE="$base" --build-arg JDK="$jdk" \
      --build-arg HUB="$([[ $hub == hub ]] && echo yes || echo no)" \
      -t "$image" -t "flowbook:$variant" "$root" > "$log" 2>&1; then
    tail -n 40 "$log" | sed 's/^/  | /' >&2
    say "docker build failed (the end of its log above)"; return 1
  fi
  # Images of older inputs are not needed again: the cache keeps one image per JDK. Where several
  # trees share one daemon (each with its own inputs), FLOWBOOK_IMAGE_PRUNE=no keeps them.
  [[ ${FLOWBOOK_IMAGE_PRUNE:-yes} == no ]] && { echo "$image"; return 0; }
  for old in $("$docker" images --format '{{.Repository}}:{{.Tag}}' flowbook | grep -E "^flowbook:$variant-[0-9a-f]+(-maven)?$" | grep -v "^$image"); do
    "$docker" rmi "$old" >/dev/null 2>&1 || true
  done
  echo "$image"
}
