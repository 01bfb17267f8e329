variable "project_id" {
  description = "Google Cloud project that holds the dataset, the lake bucket and the pipeline's service account."
  type        = string
}

variable "region" {
  description = "Default region of the google provider (used by regional resources; the dataset and bucket use location)."
  type        = string
  default     = "europe-west1"
}

variable "location" {
  description = "Location of the BigQuery dataset and the lake bucket: a multi-region (EU, US) or a region. Keep both in the same location so load jobs read the bucket without cross-location transfer."
  type        = string
  default     = "EU"
}

variable "dataset_id" {
  description = "BigQuery dataset of the marts."
  type        = string
  default     = "cryptopipe"
}

variable "bucket_name" {
  description = "Name of the GCS bucket of the Parquet lake (globally unique). The lake keeps its local layout under lake/<table>/date=YYYY-MM-DD/."
  type        = string
}

variable "service_account_id" {
  description = "Account id (the part before @) of the pipeline's service account."
  type        = string
  default     = "cryptopipe-pipeline"
}

variable "table_expiration_days" {
  description = "Default expiration of new tables in the dataset, in days; null keeps tables forever. Applies to tables created outside Terraform (e.g. load staging tables), not to the marts declared here."
  type        = number
  default     = null
}

variable "partition_expiration_days" {
  description = "Expiration of the day partitions of the partitioned marts, in days; null keeps every partition. Also the dataset's default for partitioned tables created outside Terraform."
  type        = number
  default     = null
}

variable "lake_retention_days" {
  description = "Age in days after which objects under lake/ (old day partitions of the Parquet lake) are deleted by the bucket's lifecycle rule."
  type        = number
  default     = 365

  validation {
    condition     = var.lake_retention_days >= 1
    error_message = "lake_retention_days must be at least 1."
  }
}

variable "noncurrent_version_retention_days" {
  description = "Days a replaced or deleted lake object stays as a noncurrent version (versioning is on) before it is deleted."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Protects the mart tables from terraform destroy and from replacement; set false (and apply) before removing them."
  type        = bool
  default     = true
}

variable "bucket_force_destroy" {
  description = "Lets terraform destroy delete the lake bucket with its objects. Keep false outside throwaway projects."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels on the dataset, the tables and the bucket."
  type        = map(string)
  default = {
    app = "cryptopipe"
  }
}
