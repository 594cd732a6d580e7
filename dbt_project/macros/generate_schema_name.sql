{#- Use the configured schema name as it is (staging, marts, ...), not "<target>_<schema>",
    so the warehouse reads the same in every environment. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
{{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
