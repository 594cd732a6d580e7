{#- The submission in force for each period of a dataset: its latest accepted version.
    Earlier versions stay in the raw layer for the record; only this one flows downstream. -#}
{% macro latest_accepted_submissions(dataset) %}
    select
        submission_id,
        period,
        version as submission_version,
        department as department_code
    from {{ source('raw', 'submissions') }}
    where dataset = '{{ dataset }}' and status = 'accepted'
    qualify row_number() over (partition by period order by version desc) = 1
{% endmacro %}
