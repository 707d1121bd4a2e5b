# Flowbook in a container: Debian 13, JupyterLab 4 on jupyter_server 2, OpenJDK 21 (25 with
# --build-arg JDK=25), the kernel built here from the sources and installed system-wide, the
# tutorials in the working directory, a non-root user, `jupyter lab` as the command.
#
# Build from a clone, nothing built beforehand (Binder, repo2docker and registry builders do this),
# with BuildKit (Docker's default builder since 23.0; DOCKER_BUILDKIT=1 on Docker 20.10):
#   docker build -t flowbook .                              # BASE defaults to debian:trixie-slim
#   docker run --rm -p 8888:8888 flowbook                   # then open the printed URL
# install/image.sh does the same with a local base image when no registry is reachable.
#
# The same image serves JupyterHub: a Kubernetes or Docker spawner takes it as the single-user
# image and starts `jupyterhub-singleuser` in it, which --build-arg HUB=yes installs. It follows
# Binder's conventions (uid 1000, $HOME writable, port 8888).
ARG BASE=debian:trixie-slim

# --- build stage: the kernel jar, from the sources, with Debian 13's JDK 21 and Maven ------------
# The jar targets Java 21 and runs on 21 and 25, so one build stage serves both images. Nothing of
# this stage but the jar reaches the image.
FROM ${BASE} AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-21-jdk-headless maven \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Maven's HTTPS trust: the JDK's own by default. A builder whose HTTPS goes through a proxy that
# re-signs it passes its Java trust store as the BuildKit secret `java-cacerts` (install/image.sh
# does: `--secret id=java-cacerts,src=/etc/ssl/certs/java/cacerts`); a secret is mounted for one
# RUN only and is in no layer. Without it the mount is simply absent.
# Dependencies and plugins first, from the poms alone: this layer stays cached until a pom changes,
# so a change to the sources rebuilds only the compile below. Packaging the empty modules runs
# every plugin the real package needs (compiler, resources, jar, shade), which downloads them.
COPY pom.xml ./
COPY asyncgen/pom.xml asyncgen/
COPY kernel/pom.xml kernel/
RUN --mount=type=secret,id=java-cacerts \
    if [ -s /run/secrets/java-cacerts ]; then export MAVEN_OPTS=-Djavax.net.ssl.trustStore=/run/secrets/java-cacerts; fi \
 && mvn -B -q -pl kernel -am package -Dmaven.test.skip=true \
 && rm -rf asyncgen/target kernel/target
# Offline (-o): the layer above holds everything, so a source change needs no network.
COPY asyncgen/src/main/ asyncgen/src/main/
COPY kernel/src/main/ kernel/src/main/
RUN mvn -B -q -o -pl kernel -am package -Dmaven.test.skip=true \
 && ls -l kernel/target/flowbook-kernel.jar

# --- runtime stage --------------------------------------------------------------------------------
FROM ${BASE}

# Debian's Jupyter: no PyPI needed. One layer for Jupyter, shared by the JDK 21 and 25 images.
# Not jupyter-notebook: Debian 13's Notebook 6.4.13 never opens a kernel's websocket with Debian
# 13's jupyter_client 8 (not even for Python); JupyterLab and `jupyter server` are the servers here.
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates jupyterlab python3-jupyter-server jupyter-nbconvert \
      jupyter-console jupyter-client python3-nbclient python3-jupyter-kernel-test \
      python3-jupyterlab-widgets \
      procps \
 && rm -rf /var/lib/apt/lists/*

ARG JDK=21
# Fonts and the font libraries the headless JDK only recommends: chart(...) and XChart draw text.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-${JDK}-jdk-headless \
      fontconfig fonts-dejavu-core libfreetype6 libharfbuzz0b \
 && rm -rf /var/lib/apt/lists/*

# Papermill, for parameterized runs (`papermill in.ipynb out.ipynb -k flowbook -p n 5`); the
# kernel's install below adds its Java translator (install/flowbook_papermill.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3-papermill \
 && rm -rf /var/lib/apt/lists/*

# Optional: JupyterHub's single-user server, for hubs that spawn this image.
ARG HUB=no
RUN if [ "$HUB" = yes ]; then apt-get update \
      && apt-get install -y --no-install-recommends jupyterhub \
      && rm -rf /var/lib/apt/lists/*; fi

# The kernel, for every user: /usr/share/jupyter/kernels/flowbook (--sys-prefix of Debian's
# Python), with its class-data archive made for this JDK.
COPY --from=build /build/kernel/target/flowbook-kernel.jar /opt/flowbook/flowbook-kernel.jar
COPY install/install-kernel.sh install/kernelspec.py install/find-java.sh install/find-python.sh \
     install/make-cds-archive.sh install/cds_training.py install/flowbook_papermill.py /opt/flowbook/install/
COPY install/kernelspec/ /opt/flowbook/install/kernelspec/
RUN /opt/flowbook/install/install-kernel.sh --sys-prefix --jar /opt/flowbook/flowbook-kernel.jar \
 && chmod -R a+rX /usr/share/jupyter/kernels/flowbook /usr/share/jupyter/kernels/flowbook-debugger \
 && jupyter kernelspec list

# Binder's convention: user jovyan, uid 1000, home writable, the notebooks in the working dir.
RUN useradd --create-home --uid 1000 --shell /bin/bash jovyan
COPY --chown=1000:1000 notebooks/ /home/jovyan/notebooks/
USER 1000
WORKDIR /home/jovyan/notebooks
ENV HOME=/home/jovyan
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
