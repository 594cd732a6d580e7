"""Figures of the carbon-sinks and sectors pages: the release's sink and sector marts turned
into localised tables and charts, the province first and then the cities. Only aggregates
are published (dualcarbon/release/candidate.py), never one unit's figures.

Code names (sink types, project statuses) come from the versioned reference code lists, as
indicator and unit names do (dualcarbon/report/labels.py); sector names from the release's
dim_sector.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from dashboards.i18n import t
from dashboards.public.data import Context
from dashboards.public.figures import unit_name
from dashboards.public.render import BAR_STEP, OKABE_ITO, Block, bar_chart, localised, stamp
from dualcarbon.report import formatting, labels

PROVINCE = "320000"


def big(ctx: Context, base_unit: str) -> str:
    """The display unit of a large total: 万吨 in Chinese, Mt in English (one formatter)."""
    return formatting.scale(base_unit, ctx.lang)[0]


def divisor(ctx: Context, base_unit: str) -> float:
    return formatting.scale(base_unit, ctx.lang)[1]


def code_names(seed: str, code_column: str, lang: str) -> dict[str, str]:
    return {
        code: labels.pick(pair, lang) for code, pair in labels.code_names(seed, code_column).items()
    }


def of_period(ctx: Context, table: str) -> pl.DataFrame:
    return ctx.tables.get(table).filter(pl.col("period") == ctx.release.period)


def with_region(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    """Adds the region's name (``name``) and sorts the province first."""
    names = localised(ctx.tables.regions(), ctx.lang).select("region_code", "name")
    return frame.join(names, on="region_code", how="left").sort(
        pl.col("region_code") != PROVINCE, "region_code"
    )


def stacked_bar(
    frame: pl.DataFrame, category: str, value: str, series: str, title: str, subtitle: str
) -> alt.Chart:
    """Horizontal bars split by ``series`` (Okabe-Ito colours, legend below)."""
    # plain field names: a label with a quote, dot or bracket is a Vega access path
    data = frame.select(
        pl.col(category).alias("category"),
        pl.col(value).alias("value"),
        pl.col(series).alias("series"),
    ).to_pandas()
    return (
        alt.Chart(data, title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
        .mark_bar()
        .encode(
            y=alt.Y("category:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=value, stack=True, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(range=list(OKABE_ITO)),
                legend=alt.Legend(orient="bottom", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("category:N", title=category),
                alt.Tooltip("series:N", title=series),
                alt.Tooltip("value:Q", title=value, format=",.2f"),
            ],
        )
        .properties(height=alt.Step(BAR_STEP), description=f"{title}. {subtitle}")
    )


def block(
    ctx: Context,
    key: str,
    table: pl.DataFrame,
    chart: alt.Chart,
    unit: str,
    method_key: str,
    codes: Sequence[str] = (),
) -> Block:
    return Block(
        key=key,
        title=t(f"public.figure.{key}"),
        table=table,
        chart=chart,
        unit=unit,
        codes=tuple(codes),
        method_key=method_key,
    )


def with_cities_sum(ctx: Context, table: pl.DataFrame, additive: Sequence[str]) -> pl.DataFrame:
    """A province-first table by city, plus two rows under it: the cities' sum and the
    province minus that sum (the reconciling item), for the ``additive`` columns (totals and
    counts); shares and ratios do not add up and stay empty ("—")."""
    region = t("public.col_region")
    province = table.filter(pl.col(region) == _province_name(ctx))
    cities = table.filter(pl.col(region) != _province_name(ctx))
    if not province.height or not cities.height:
        return table
    sums = cities.select([pl.col(c).sum() for c in additive])
    diff = province.select([pl.col(c) for c in additive]) - sums
    extra = pl.concat(
        [
            sums.with_columns(pl.lit(t("public.row_cities_sum")).alias(region)),
            diff.with_columns(pl.lit(t("public.row_province_minus_cities")).alias(region)),
        ]
    )
    return pl.concat([table, extra], how="diagonal_relaxed").select(table.columns)


def summary_rows(ctx: Context) -> tuple[str, ...]:
    return (_province_name(ctx), t("public.row_cities_sum"), t("public.row_province_minus_cities"))


def bar_block(
    ctx: Context, key: str, table: pl.DataFrame, value: str, unit: str, method_key: str
) -> Block:
    """A block whose chart is one bar per city (the province's and the summary rows stay in
    the table)."""
    region = t("public.col_region")
    chart_rows = table.filter(~pl.col(region).is_in(summary_rows(ctx)))
    chart = bar_chart(chart_rows, region, value, t(f"public.figure.{key}"), stamp(ctx))
    return block(ctx, key, table, chart, unit, method_key)


def _province_name(ctx: Context) -> str:
    row = ctx.tables.regions().filter(pl.col("region_code") == PROVINCE)
    return labels.pick((row["name_zh"][0], row["name_en"][0]), ctx.lang) if row.height else PROVINCE


def col_unit(key: str, unit: str, ctx: Context) -> str:
    """A column label with its unit: ``数值（万吨二氧化碳）``."""
    return t("public.col_with_unit", name=t(key), unit=unit_name(ctx, unit))


# --- carbon sinks ----------------------------------------------------------------------------


def sinks_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_carbon_sinks"))
    types = code_names("ref_sink_types", "sink_type_code", ctx.lang)
    value = col_unit("public.col_removed", big(ctx, "t_co2"), ctx)
    table = frame.sort(pl.col("region_code") != PROVINCE, "region_code", "sink_type").select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("sink_type")
        .replace_strict(types, default=pl.col("sink_type"))
        .alias(t("public.col_sink_type")),
        (pl.col("tco2_removed") / divisor(ctx, "t_co2")).round(2).alias(value),
    )
    chart = stacked_bar(
        table.filter(pl.col(t("public.col_region")) != _province_name(ctx)),
        t("public.col_region"),
        value,
        t("public.col_sink_type"),
        t("public.figure.sinks_by_city"),
        stamp(ctx),
    )
    return block(
        ctx, "sinks_by_city", table, chart, unit_name(ctx, big(ctx, "t_co2")), "public.method.sinks"
    )


def forest_regions(ctx: Context) -> list[str]:
    codes = of_period(ctx, "fct_forest_carbon_stock")["region_code"].unique().to_list()
    return sorted(codes, key=lambda c: (c != PROVINCE, c))


def forest_stock_block(ctx: Context, region_code: str) -> Block:
    """The stock-difference working of one region: volume × density × BEF × (1 + R) × CF,
    each parameter with its vintage, and the change on the previous year."""
    frame = of_period(ctx, "fct_forest_carbon_stock").filter(pl.col("region_code") == region_code)
    removed = col_unit("public.col_removed", "t_co2", ctx)
    table = frame.sort("forest_type_code").select(
        pl.col("forest_type_name_zh" if ctx.lang == "zh" else "forest_type_name_en").alias(
            t("public.col_forest_type")
        ),
        pl.col("forest_area").round(1).alias(col_unit("public.col_forest_area", "ha", ctx)),
        pl.col("stock_volume_m3").round(0).alias(col_unit("public.col_stock_volume", "m3", ctx)),
        pl.col("wood_density_t_per_m3").alias(t("public.col_wood_density")),
        pl.col("bef").alias(t("public.col_bef")),
        pl.col("root_shoot_ratio").alias(t("public.col_root_shoot")),
        pl.col("carbon_fraction").alias(t("public.col_carbon_fraction")),
        pl.col("biomass_t_dm").round(0).alias(t("public.col_biomass")),
        pl.col("carbon_stock_tc").round(0).alias(t("public.col_carbon_stock")),
        pl.col("previous_carbon_stock_tc").round(0).alias(t("public.col_previous_stock")),
        pl.col("tco2_removed").round(0).alias(removed),
        pl.col("factor_vintage").alias(t("public.col_factor_vintage")),
    )
    title = t("public.figure.forest_stock")
    chart = bar_chart(table, t("public.col_forest_type"), removed, title, stamp(ctx))
    return block(ctx, "forest_stock", table, chart, unit_name(ctx, "t_co2"), "public.method.sinks")


def net_emissions_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_net_emissions"))
    net = col_unit("public.col_net_emissions", big(ctx, "t_co2"), ctx)
    table = frame.select(
        pl.col("name").alias(t("public.col_region")),
        (pl.col("co2_total_t") / divisor(ctx, "t_co2"))
        .round(2)
        .alias(col_unit("public.col_co2_total", big(ctx, "t_co2"), ctx)),
        (pl.col("headline_sink_tco2") / divisor(ctx, "t_co2"))
        .round(2)
        .alias(col_unit("public.col_headline_sink", big(ctx, "t_co2"), ctx)),
        (pl.col("net_emissions_t") / divisor(ctx, "t_co2")).round(2).alias(net),
        pl.col("sink_offset_pct").round(2).alias(t("public.col_sink_offset")),
        (pl.col("other_sinks_tco2") / divisor(ctx, "t_co2"))
        .round(2)
        .alias(col_unit("public.col_other_sinks", big(ctx, "t_co2"), ctx)),
    )
    additive = [
        c for c in table.columns if c not in (t("public.col_region"), t("public.col_sink_offset"))
    ]
    table = with_cities_sum(ctx, table, additive)
    return bar_block(
        ctx, "net_emissions", table, net, unit_name(ctx, big(ctx, "t_co2")), "public.method.net"
    )


# --- sectors ---------------------------------------------------------------------------------


def key_units_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_key_energy_units"))
    share = t("public.col_key_units_share")
    table = frame.select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("unit_count").alias(t("public.col_unit_count")),
        (pl.col("key_units_energy_tce") / divisor(ctx, "tce"))
        .round(2)
        .alias(col_unit("public.col_key_units_energy", big(ctx, "tce"), ctx)),
        (pl.col("energy_total_tce") / divisor(ctx, "tce"))
        .round(2)
        .alias(col_unit("public.col_energy_total", big(ctx, "tce"), ctx)),
        pl.col("key_units_share_pct").round(2).alias(share),
    )
    additive = [c for c in table.columns if c not in (t("public.col_region"), share)]
    table = with_cities_sum(ctx, table, additive)
    return bar_block(
        ctx, "key_units", table, share, unit_name(ctx, "percent"), "public.method.key_units"
    )


def two_high_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_two_high_projects"))
    statuses = code_names("ref_project_statuses", "project_status_code", ctx.lang)
    order = {code: i for i, code in enumerate(statuses)}
    count = t("public.col_project_count")
    status = t("public.col_project_status")
    table = (
        frame.with_columns(pl.col("project_status").replace_strict(order, default=99).alias("o"))
        .sort(pl.col("region_code") != PROVINCE, "region_code", "o")
        .select(
            pl.col("name").alias(t("public.col_region")),
            pl.col("project_status")
            .replace_strict(statuses, default=pl.col("project_status"))
            .alias(status),
            pl.col("project_count").alias(count),
            (pl.col("designed_energy_tce") / divisor(ctx, "tce"))
            .round(2)
            .alias(col_unit("public.col_designed_energy", big(ctx, "tce"), ctx)),
            pl.col("approved_count").alias(t("public.col_approved")),
            pl.col("pending_count").alias(t("public.col_pending")),
            pl.col("not_submitted_count").alias(t("public.col_not_submitted")),
            pl.col("rejected_count").alias(t("public.col_rejected")),
        )
    )
    chart = stacked_bar(
        table.filter(pl.col(t("public.col_region")) != _province_name(ctx)),
        t("public.col_region"),
        count,
        status,
        t("public.figure.two_high"),
        stamp(ctx),
    )
    return block(ctx, "two_high", table, chart, t("public.unit_projects"), "public.method.two_high")


def buildings_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_building_summary"))
    share = t("public.col_green_share")
    table = frame.select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("floor_area").round(2).alias(col_unit("public.col_floor_area", "10k_m2", ctx)),
        pl.col("green_area").round(2).alias(col_unit("public.col_green_area", "10k_m2", ctx)),
        pl.col("green_share_pct").round(2).alias(share),
        pl.col("urban_green_share_pct").round(2).alias(t("public.col_urban_green_share")),
        pl.col("ultra_low_energy_area")
        .round(2)
        .alias(col_unit("public.col_ultra_low", "10k_m2", ctx)),
        pl.col("near_zero_energy_area")
        .round(2)
        .alias(col_unit("public.col_near_zero", "10k_m2", ctx)),
        pl.col("renewable_share_pct").round(2).alias(t("public.col_renewable_share")),
    )
    areas = (
        "public.col_floor_area",
        "public.col_green_area",
        "public.col_ultra_low",
        "public.col_near_zero",
    )
    additive = [col_unit(key, "10k_m2", ctx) for key in areas]
    table = with_cities_sum(ctx, table, additive)
    return bar_block(
        ctx, "buildings", table, share, unit_name(ctx, "percent"), "public.method.buildings"
    )


def low_energy_block(ctx: Context) -> Block:
    """Ultra-low and near-zero energy floor area by city, stacked."""
    frame = with_region(ctx, of_period(ctx, "fct_building_summary"))
    area = col_unit("public.col_area", "10k_m2", ctx)
    kind = t("public.col_building_kind")
    long = frame.select(
        "region_code",
        "name",
        pl.col("ultra_low_energy_area").alias(t("public.col_ultra_low_short")),
        pl.col("near_zero_energy_area").alias(t("public.col_near_zero_short")),
    ).unpivot(index=["region_code", "name"], variable_name=kind, value_name=area)
    table = long.sort(pl.col("region_code") != PROVINCE, "region_code").select(
        pl.col("name").alias(t("public.col_region")), kind, pl.col(area).round(2)
    )
    chart = stacked_bar(
        table.filter(pl.col(t("public.col_region")) != _province_name(ctx)),
        t("public.col_region"),
        area,
        kind,
        t("public.figure.low_energy_buildings"),
        stamp(ctx),
    )
    return block(
        ctx,
        "low_energy_buildings",
        table,
        chart,
        unit_name(ctx, "10k_m2"),
        "public.method.buildings",
    )


def transport_table(ctx: Context) -> pl.DataFrame:
    frame = with_region(ctx, of_period(ctx, "fct_transport_summary"))
    return frame.select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("rail_water_share_pct").round(2).alias(t("public.col_rail_water_share")),
        pl.col("new_energy_share_pct").round(2).alias(t("public.col_nev_share")),
        pl.col("bus_electrification_pct").round(2).alias(t("public.col_bus_electrification")),
        pl.col("charging_points").alias(t("public.col_charging_points")),
        pl.col("new_energy_vehicles_per_charging_point")
        .round(2)
        .alias(t("public.col_nev_per_point")),
        pl.col("new_energy_vehicles").alias(t("public.col_nev")),
        pl.col("freight_turnover")
        .round(2)
        .alias(col_unit("public.col_freight_turnover", "100m_tkm", ctx)),
    )


def transport_blocks(ctx: Context) -> list[Block]:
    table = transport_table(ctx)
    additive = (
        t("public.col_charging_points"),
        t("public.col_nev"),
        col_unit("public.col_freight_turnover", "100m_tkm", ctx),
    )
    table = with_cities_sum(ctx, table, additive)
    pct = unit_name(ctx, "percent")
    return [
        bar_block(
            ctx, "transport_nev", table, t("public.col_nev_share"), pct, "public.method.transport"
        ),
        bar_block(
            ctx,
            "transport_rail_water",
            table,
            t("public.col_rail_water_share"),
            pct,
            "public.method.transport",
        ),
    ]


def carbon_market_block(ctx: Context) -> Block:
    frame = with_region(ctx, of_period(ctx, "fct_carbon_market"))
    sectors = localised(ctx.tables.get("dim_sector"), ctx.lang).select(
        "sector_code", pl.col("name").alias("sector")
    )
    frame = frame.join(sectors, on="sector_code", how="left").with_columns(
        pl.col("sector").fill_null(pl.col("sector_code"))
    )
    verified = col_unit("public.col_verified", big(ctx, "t_co2"), ctx)
    allocated = col_unit("public.col_allocated", big(ctx, "t_co2"), ctx)
    table = frame.sort(pl.col("region_code") != PROVINCE, "region_code", "sector_code").select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("sector").alias(t("public.col_sector")),
        pl.col("enterprise_count").alias(t("public.col_enterprises")),
        (pl.col("verified_emissions_t") / divisor(ctx, "t_co2")).round(2).alias(verified),
        (pl.col("allowances_allocated_t") / divisor(ctx, "t_co2")).round(2).alias(allocated),
        (pl.col("allocation_surplus_t") / divisor(ctx, "t_co2"))
        .round(2)
        .alias(col_unit("public.col_surplus", big(ctx, "t_co2"), ctx)),
        pl.col("compliance_rate_pct").round(2).alias(t("public.col_compliance_rate")),
        pl.col("surrendered_share_pct").round(2).alias(t("public.col_surrendered_share")),
    )
    # the chart: the province's sectors, verified emissions beside the allowances allocated
    province = table.filter(pl.col(t("public.col_region")) == _province_name(ctx))
    what = t("public.col_measure")
    amount = unit_name(ctx, big(ctx, "t_co2"))
    long = (
        province.select(t("public.col_sector"), verified, allocated)
        .unpivot(index=t("public.col_sector"), variable_name="measure", value_name="amount")
        .rename({t("public.col_sector"): "sector"})
    )
    title = t("public.figure.carbon_market")
    chart = (
        alt.Chart(
            long.to_pandas(), title=alt.TitleParams(title, subtitle=stamp(ctx), anchor="start")
        )
        .mark_bar()
        .encode(
            y=alt.Y("sector:N", title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("measure:N"),
            x=alt.X("amount:Q", title=amount, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(range=list(OKABE_ITO)),
                legend=alt.Legend(orient="bottom", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("sector:N", title=t("public.col_sector")),
                alt.Tooltip("measure:N", title=what),
                alt.Tooltip("amount:Q", title=amount, format=",.2f"),
            ],
        )
        .properties(height=alt.Step(14), description=f"{title}. {stamp(ctx)}")
    )
    return block(
        ctx,
        "carbon_market",
        table,
        chart,
        unit_name(ctx, big(ctx, "t_co2")),
        "public.method.carbon_market",
    )
