# syntax=docker/dockerfile:1.7
# cryptopipe images, built from this repository with the Maven wrapper (BuildKit: `make docker-build`, or
# DOCKER_BUILDKIT=1 docker build --target <stage> .). Stages:
#   build      JDK 17 + Maven wrapper: the all-in-one jar (app/target/cryptopipe.jar) and the Spark job jar
#              (job/target/cryptopipe-job.jar, Spark provided by the cluster)
#   runtime    JRE 17 + the all-in-one jar, entrypoint `cryptopipe` (ingest, simulate, serve, batch, ...)
#   spark-job  the official Spark 4.2.0 image + the job jar, for the master, the workers and spark-submit
#   airflow    Apache Airflow 2 + a JRE + the all-in-one jar, for the DAG's `cryptopipe batch ...` tasks
# All run as uid 185 (Spark's `spark` user), so the volumes they share have one owner.
ARG SPARK_IMAGE=apache/spark:4.2.0
ARG AIRFLOW_IMAGE=apache/airflow:2.10.5-python3.12

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache: dependencies are downloaded once, not on every source change.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B --no-transfer-progress -DskipTests package \
 && mkdir -p /out \
 && cp app/target/cryptopipe.jar job/target/cryptopipe-job.jar /out/

FROM eclipse-temurin:17-jre AS runtime
# curl for the health checks
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 185 cryptopipe \
 && useradd --uid 185 --gid 185 --home-dir /data --no-create-home --shell /usr/sbin/nologin cryptopipe \
 && mkdir -p /opt/cryptopipe /data \
 && chown 185:185 /data
COPY --from=build /out/cryptopipe.jar /opt/cryptopipe/cryptopipe.jar
COPY --chmod=755 deploy/docker/cryptopipe /usr/local/bin/cryptopipe
USER 185:185
WORKDIR /data
ENV CRYPTOPIPE_DATA_DIR=/data
ENTRYPOINT ["cryptopipe"]
CMD ["--help"]

FROM ${SPARK_IMAGE} AS spark-job
USER root
# The data directories with cryptopipe's layout: named volumes mounted here start as a copy, so the read-only
# mount of the batch volume in the dashboard finds every directory it expects.
RUN mkdir -p /opt/cryptopipe \
 && for d in /data/stream /data/batch; do \
      for sub in pg kafka checkpoints raw lake warehouse reports run; do mkdir -p "$d/$sub"; done; \
    done \
 && chown -R 185:185 /data
COPY --from=build /out/cryptopipe-job.jar /opt/cryptopipe/cryptopipe-job.jar
USER 185
ENV PATH=/opt/spark/bin:/opt/spark/sbin:$PATH

FROM ${AIRFLOW_IMAGE} AS airflow
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/cryptopipe /data/batch \
 && chown -R 185:0 /data
COPY --from=build /out/cryptopipe.jar /opt/cryptopipe/cryptopipe.jar
COPY --chmod=755 deploy/docker/cryptopipe /usr/local/bin/cryptopipe
USER airflow
