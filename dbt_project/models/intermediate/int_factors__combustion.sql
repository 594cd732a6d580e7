-- CO2 emission factor of each fossil fuel: EF = NCV x CC x OF x 44/12 (IPCC 2006 Tier 2,
-- China provincial guideline), in t CO2 per physical unit (t or 10^4 Nm3).
-- NCV is in GJ per unit and CC in t C per TJ, hence the division by 1000.

select  -- noqa: ST06
    fuel_code,
    ncv,
    ncv_unit,
    carbon_content_tc_per_tj,
    oxidation_rate,
    ncv * carbon_content_tc_per_tj / 1000.0 * oxidation_rate * 44.0 / 12.0 as t_co2_per_unit,
    vintage as factor_vintage
from (
    {{ factors_as_of('factor_fuel_combustion', ['fuel_code']) }}
) as factors_in_force
