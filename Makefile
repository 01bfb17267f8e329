# cryptopipe on Docker Compose (deploy/docker-compose.yml) and the cloud pieces. `make help` lists the targets.
# The embedded single-JVM pipeline needs none of this: ./cryptopipe up. Guide: docs/deployment.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

TAG ?= latest
# Docker Compose v2 (`docker compose`) when present, else the standalone docker-compose (1.29+).
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
# COINCAP=1: poll CoinCap v3 with the key in deploy/secrets/coincap_api_key instead of the simulator.
COMPOSE_FILES := -f deploy/docker-compose.yml $(if $(COINCAP),-f deploy/docker-compose.coincap.yml)
DC = CRYPTOPIPE_TAG=$(TAG) $(COMPOSE) $(COMPOSE_FILES)
export DOCKER_BUILDKIT := 1
export COMPOSE_DOCKER_CLI_BUILD := 1

SECRETS_DIR := deploy/secrets
SECRETS := pg_password grafana_pg_password dashboard_password grafana_admin_password

# spark-submit of the job jar to the compose cluster, run in a one-off container of the stream service (its volumes
# and secrets); each consumer gets its own data directory on the shared stream volume.
SPARK_SUBMIT = /opt/spark/bin/spark-submit --master spark://spark-master:7077 --deploy-mode client \
  --conf spark.cores.max=1 --conf spark.executor.cores=1 --conf spark.executor.memory=768m \
  --class io.cryptopipe.app.Main /opt/cryptopipe/cryptopipe-job.jar
PG_ARGS = --pg-url 'jdbc:postgresql://postgres:5432/cryptopipe?user=cryptopipe' --pg-password-file /run/secrets/pg_password
CONSUME = $(DC) run -d --rm --no-deps stream $(SPARK_SUBMIT) stream --kafka kafka:9092 $(PG_ARGS)

.PHONY: help secrets docker-build compose-config kafka postgres spark spark-produce-crypto \
  spark-consume-assets spark-consume-rates spark-consume-exchanges spark-consume-markets backfill \
  airflow grafana prometheus terraform up down ps logs clean

help: ## List the targets
	@echo "cryptopipe deployment targets (docs/deployment.md):"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-24s %s\n", $$1, $$2}'

# Mode 644 inside a 700 directory: containers running as other users (Grafana, Prometheus) can read the bind-mounted
# files, other users of this machine cannot reach them.
secrets: ## Create the compose secret files in deploy/secrets (random passwords; existing ones are kept)
	@mkdir -p $(SECRETS_DIR) && chmod 700 $(SECRETS_DIR)
	@for s in $(SECRETS); do \
	  f="$(SECRETS_DIR)/$$s"; \
	  if [[ ! -s "$$f" ]]; then head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$$f"; echo "created $$f"; fi; \
	  chmod 644 "$$f"; \
	done

docker-build: ## Build the images: cryptopipe (runtime) and cryptopipe-spark-job (Maven wrapper build inside)
	docker build --target runtime -t cryptopipe:$(TAG) .
	docker build --target spark-job -t cryptopipe-spark-job:$(TAG) .

compose-config: ## Validate the compose files (docker compose config)
	$(DC) config --quiet
	$(DC) --profile airflow config --quiet

kafka: secrets ## Start Kafka (KRaft, official image) alone
	$(DC) up -d kafka

postgres: secrets ## Start PostgreSQL alone
	$(DC) up -d postgres

spark: ## Start the Spark cluster: master (UI on 127.0.0.1:8081) and two workers
	$(DC) up -d spark-master spark-worker-1 spark-worker-2

spark-produce-crypto: secrets ## Start the producer side: the CoinCap simulator (or CoinCap, COINCAP=1) and ingest -> Kafka
	$(DC) up -d simulator ingest

spark-consume-assets: secrets ## Submit a stream of assets only to the Spark cluster (instead of the stream service)
	$(CONSUME) --entities assets --data-dir /data/stream/consume-assets

spark-consume-rates: secrets ## Submit a stream of rates only to the Spark cluster
	$(CONSUME) --entities rates --data-dir /data/stream/consume-rates

spark-consume-exchanges: secrets ## Submit a stream of exchanges only to the Spark cluster
	$(CONSUME) --entities exchanges --data-dir /data/stream/consume-exchanges

spark-consume-markets: secrets ## Submit a stream of markets only to the Spark cluster
	$(CONSUME) --entities markets --data-dir /data/stream/consume-markets

backfill: secrets ## Run the batch DAG for FROM=YYYY-MM-DD to TO=YYYY-MM-DD on the cluster
	@[[ -n "$(FROM)" && -n "$(TO)" ]] || { echo "usage: make backfill FROM=YYYY-MM-DD TO=YYYY-MM-DD"; exit 2; }
	$(DC) run --rm --no-deps batch-scheduler $(SPARK_SUBMIT) batch backfill --from $(FROM) --to $(TO) \
	  $(PG_ARGS) --data-dir /data/batch

airflow: secrets ## Start Airflow (compose profile) with the cryptopipe_batch DAG; stops batch-scheduler
	$(DC) --profile airflow up -d --build airflow
	$(DC) stop batch-scheduler
	@echo "Airflow on http://127.0.0.1:8082/ (user admin; password: $(COMPOSE) -f deploy/docker-compose.yml --profile airflow exec airflow cat /opt/airflow/standalone_admin_password.txt)"

grafana: secrets ## Start Grafana (provisioned from deploy/grafana) on http://127.0.0.1:3000/
	$(DC) up -d grafana

prometheus: secrets ## Start Prometheus (deploy/prometheus rules) on http://127.0.0.1:9090/
	$(DC) up -d prometheus

terraform: ## terraform fmt, init and plan in deploy/terraform (needs deploy/terraform/terraform.tfvars and GCP credentials)
	cd deploy/terraform && terraform fmt -check -recursive && terraform init -input=false && terraform plan -input=false

up: secrets docker-build ## Build the images and start the whole stack in dependency order
	$(DC) up -d
	@echo "dashboard http://127.0.0.1:8080/ (user cryptopipe, password in $(SECRETS_DIR)/dashboard_password)"
	@echo "Grafana http://127.0.0.1:3000/ (admin / $(SECRETS_DIR)/grafana_admin_password), Prometheus http://127.0.0.1:9090/"

down: ## Stop and remove the containers (volumes are kept)
	$(DC) --profile airflow down

ps: ## Show the services and their health
	$(DC) --profile airflow ps

logs: ## Follow the logs (S=service to pick one)
	$(DC) logs -f --tail=100 $(S)

clean: ## Remove containers, volumes (all data!) and the locally built images
	$(DC) --profile airflow down --volumes --rmi local
