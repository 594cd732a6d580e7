"""The quality schema: append-only tables of validation results, quarantined rows and the
steward's actions (docs/design/quality.md). Created with the rest of the warehouse."""

QUALITY_DDL = """
create schema if not exists quality;
create table if not exists quality.validation_runs (
    validation_id varchar primary key,
    run_id varchar,
    validated_at timestamp not null,
    period varchar not null,
    dataset varchar not null,
    target varchar not null check (target in ('submission', 'mart')),
    submission_id varchar,
    submission_version integer,
    success boolean not null,
    checks integer not null,
    failed_checks integer not null,
    data_docs_path varchar
);
create table if not exists quality.check_results (
    validation_id varchar not null,
    check_id varchar not null,
    dataset varchar not null,
    period varchar not null,
    submission_id varchar,
    submission_version integer,
    kind varchar not null check (kind in
        ('completeness', 'validity', 'consistency', 'plausibility', 'timeliness')),
    severity varchar not null check (severity in ('ERROR', 'WARN')),
    row_level boolean not null,
    success boolean not null,
    failing_count integer not null,
    observed varchar,
    description_zh varchar not null,
    description_en varchar not null,
    primary key (validation_id, check_id)
);
create table if not exists quality.failing_rows (
    validation_id varchar not null,
    check_id varchar not null,
    submission_id varchar,
    source_row bigint,
    row_key varchar,
    value varchar,
    reason_zh varchar not null,
    reason_en varchar not null
);
create table if not exists quality.quarantine (
    quarantined_at timestamp not null,
    validation_id varchar not null,
    check_id varchar not null,
    dataset varchar not null,
    period varchar not null,
    submission_id varchar not null,
    submission_version integer,
    source_row bigint,
    row_json varchar,
    reason_zh varchar not null,
    reason_en varchar not null
);
create table if not exists quality.review_actions (
    action_id varchar primary key,
    acted_at timestamp not null,
    actor varchar not null,
    role varchar not null,
    action varchar not null check (action in ('acknowledge', 'waive', 'send_back')),
    check_id varchar,
    submission_id varchar not null,
    submission_version integer,
    period varchar,
    dataset varchar,
    reason_code varchar,
    comment varchar
);
"""
