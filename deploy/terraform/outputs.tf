output "dataset_id" {
  description = "Id of the marts' dataset (in var.project_id)."
  value       = google_bigquery_dataset.warehouse.dataset_id
}

output "table_ids" {
  description = "Each mart's table as project.dataset.table, by mart name."
  value = {
    for t in [
      google_bigquery_table.dim_asset,
      google_bigquery_table.dim_exchange,
      google_bigquery_table.dim_currency,
      google_bigquery_table.fct_asset_snapshot,
      google_bigquery_table.fct_rate_snapshot,
      google_bigquery_table.fct_market_snapshot,
      google_bigquery_table.fct_asset_daily,
      google_bigquery_table.fct_exchange_daily,
      google_bigquery_table.mart_market_overview,
      google_bigquery_table.mart_top_movers,
      google_bigquery_table.mart_market_wide,
    ] : t.table_id => "${t.project}.${t.dataset_id}.${t.table_id}"
  }
}

output "bucket_url" {
  description = "URL of the lake bucket, gs://<bucket>; the lake goes under lake/."
  value       = google_storage_bucket.lake.url
}

output "service_account_email" {
  description = "Email of the pipeline's service account (give its key or workload identity to the batch job)."
  value       = google_service_account.pipeline.email
}
