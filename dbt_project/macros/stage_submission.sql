{#- A dataset's staging model: the rows of its latest accepted submission for each period, with
    the contract's columns in the contract's order (``renamed`` gives a column its staging name,
    e.g. unit as unit_code), then the provenance of every row (submission, version, source
    row). Every staging model has this one shape, so it lives here once; the models that
    dualcarbon.contracts.codegen writes from the contracts are a call of it. -#}
{% macro stage_submission(dataset, columns, renamed={}) %}
with

submissions as (
    {{ latest_accepted_submissions(dataset) }}
),

rows as (
    select * from {{ source('raw', dataset) }}
)

select
    submissions.period,
{%- for column in columns %}
    rows.{{ column }}{% if column in renamed %} as {{ renamed[column] }}{% endif %},
{%- endfor %}
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
{% endmacro %}
