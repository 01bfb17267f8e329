package io.cryptopipe.warehouse;

/** dbt's test severity: an ERROR failure fails the gate, a WARN failure is reported only. */
public enum Severity {
    ERROR,
    WARN
}
