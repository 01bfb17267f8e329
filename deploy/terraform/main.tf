# The cloud warehouse of cryptopipe: the BigQuery dataset of the marts, the GCS bucket of the Parquet lake and the
# pipeline's service account with least-privilege IAM. Table schemas are generated from the DuckDB marts by
# warehouse/src/test/java/io/cryptopipe/warehouse/MartSchemasIT.java (schemas/<mart>.json); that test also checks
# that this file declares one google_bigquery_table per mart, partitioned on date exactly where the mart has it.

locals {
  day_ms                  = 24 * 60 * 60 * 1000
  table_expiration_ms     = var.table_expiration_days == null ? null : var.table_expiration_days * local.day_ms
  partition_expiration_ms = var.partition_expiration_days == null ? null : var.partition_expiration_days * local.day_ms
  pipeline_member         = "serviceAccount:${google_service_account.pipeline.email}"
}

# ---------------------------------------------------------------------------------------------------------------------
# BigQuery: the dataset and one table per mart
# ---------------------------------------------------------------------------------------------------------------------

resource "google_bigquery_dataset" "warehouse" {
  project                         = var.project_id
  dataset_id                      = var.dataset_id
  friendly_name                   = "cryptopipe marts"
  description                     = "Marts of cryptopipe (CoinCap market data), loaded from the Parquet lake. Prices, volumes and supplies are BIGNUMERIC, CoinCap's decimals kept to 18 places."
  location                        = var.location
  default_table_expiration_ms     = local.table_expiration_ms
  default_partition_expiration_ms = local.partition_expiration_ms
  delete_contents_on_destroy      = false
  labels                          = var.labels
}

# Every mart with a date column (all but the three dims) is day-partitioned on it: the daily load replaces one
# partition (<table>$YYYYMMDD, WRITE_TRUNCATE), as the DuckDB models replace their day, and queries by day scan only
# their days. Clustering only where a day holds many rows (snapshots: ~2,000 assets or ~10,000 markets per poll);
# the daily facts and marts hold at most a few thousand rows a day, where clustering buys nothing.

# Not partitioned: dim_asset has no date column (it is rebuilt whole from every day and loaded with WRITE_TRUNCATE).
resource "google_bigquery_table" "dim_asset" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "dim_asset"
  description         = "SCD type 2 of the assets over name, symbol, explorer and max_supply. Grain: asset_sk (asset_id@valid_from)."
  schema              = file("${path.module}/schemas/dim_asset.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels
}

# Not partitioned: dim_exchange has no date column (it is rebuilt whole from every day and loaded with WRITE_TRUNCATE).
resource "google_bigquery_table" "dim_exchange" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "dim_exchange"
  description         = "One row per exchange: the attributes of its latest snapshot, first and last seen. Grain: exchange_id."
  schema              = file("${path.module}/schemas/dim_exchange.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels
}

# Not partitioned: dim_currency has no date column (it is rebuilt whole from every day and loaded with WRITE_TRUNCATE).
resource "google_bigquery_table" "dim_currency" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "dim_currency"
  description         = "One row per currency of /rates: the attributes of its latest snapshot, first and last seen. Grain: currency_id."
  schema              = file("${path.module}/schemas/dim_currency.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels
}

resource "google_bigquery_table" "fct_asset_snapshot" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "fct_asset_snapshot"
  description         = "One row per asset snapshot, with the dim_asset version valid at observed_at. Grain: asset_id, observed_at."
  schema              = file("${path.module}/schemas/fct_asset_snapshot.json")
  clustering          = ["asset_id"]
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

resource "google_bigquery_table" "fct_rate_snapshot" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "fct_rate_snapshot"
  description         = "One row per rate snapshot. Grain: currency_id, observed_at."
  schema              = file("${path.module}/schemas/fct_rate_snapshot.json")
  clustering          = ["currency_id"]
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

# Clustered in grain order, exchange first, as it joins dim_exchange.
resource "google_bigquery_table" "fct_market_snapshot" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "fct_market_snapshot"
  description         = "One row per market snapshot, with the base and quote dim_asset versions. Grain: exchange_id, base_id, quote_id, observed_at."
  schema              = file("${path.module}/schemas/fct_market_snapshot.json")
  clustering          = ["exchange_id", "base_id", "quote_id"]
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

resource "google_bigquery_table" "fct_asset_daily" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "fct_asset_daily"
  description         = "One row per UTC day and asset: OHLC, volumes, closing market cap and supply, daily return, intraday volatility, completeness. Grain: date, asset_id."
  schema              = file("${path.module}/schemas/fct_asset_daily.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

resource "google_bigquery_table" "fct_exchange_daily" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "fct_exchange_daily"
  description         = "One row per UTC day and exchange: volume, volume share, trading pairs, markets count. Grain: date, exchange_id."
  schema              = file("${path.module}/schemas/fct_exchange_daily.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

# One row per day, so its partitions are tiny; partitioned anyway so a day's load replaces exactly that day.
resource "google_bigquery_table" "mart_market_overview" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "mart_market_overview"
  description         = "One row per UTC day: total market cap, BTC and ETH dominance, asset count. Grain: date."
  schema              = file("${path.module}/schemas/mart_market_overview.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

resource "google_bigquery_table" "mart_top_movers" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "mart_top_movers"
  description         = "Up to 5 gainers and 5 losers by daily return per day. Grain: date, direction, rank."
  schema              = file("${path.module}/schemas/mart_top_movers.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

# Clustered base first: the BI questions are mostly "this asset across exchanges and quotes".
resource "google_bigquery_table" "mart_market_wide" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "mart_market_wide"
  description         = "The wide BI table: each market snapshot with its base asset, quote rate and exchange as of observed_at. Grain: exchange_id, base_id, quote_id, observed_at."
  schema              = file("${path.module}/schemas/mart_market_wide.json")
  clustering          = ["base_id", "quote_id", "exchange_id"]
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type          = "DAY"
    field         = "date"
    expiration_ms = local.partition_expiration_ms
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# GCS: the Parquet lake (lake/<table>/date=YYYY-MM-DD/*.parquet, as written locally)
# ---------------------------------------------------------------------------------------------------------------------

resource "google_storage_bucket" "lake" {
  project                     = var.project_id
  name                        = var.bucket_name
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy
  labels                      = var.labels

  versioning {
    enabled = true
  }

  # Old day partitions of the lake: deleted once older than lake_retention_days (re-extracting a day rewrites its
  # objects, so the age counts from the latest extract).
  lifecycle_rule {
    condition {
      age            = var.lake_retention_days
      matches_prefix = ["lake/"]
    }
    action {
      type = "Delete"
    }
  }

  # Versions replaced by a re-extract or deleted: kept noncurrent_version_retention_days, then deleted.
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_retention_days
    }
    action {
      type = "Delete"
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# The pipeline's service account: least privilege, no project-wide editor
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "pipeline" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "cryptopipe pipeline"
  description  = "Writes the lake to the bucket and loads the marts into the dataset."
}

# Create, replace and append to tables of this dataset only.
resource "google_bigquery_dataset_iam_member" "pipeline_data_editor" {
  project    = var.project_id
  dataset_id = google_bigquery_dataset.warehouse.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.pipeline_member
}

# Run jobs (load jobs from the lake, queries) in the project; jobs can only touch data the account may access.
resource "google_project_iam_member" "pipeline_job_user" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = local.pipeline_member
}

# Write, read and replace the lake's objects in this bucket only.
resource "google_storage_bucket_iam_member" "pipeline_object_admin" {
  bucket = google_storage_bucket.lake.name
  role   = "roles/storage.objectAdmin"
  member = local.pipeline_member
}
