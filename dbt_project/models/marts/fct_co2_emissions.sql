-- CO2 account: direct (fuel combustion) and process emissions by period x region x sector x
-- fuel or product, and the indirect CO2 of each region's net electricity inflow.
-- Territorial total = direct + process; total including net imports adds indirect lines.
-- The lines are put together in int_co2__lines, which the headline indicators also read; the
-- columns and their order are this model's enforced contract (its .yml).
select * from {{ ref('int_co2__lines') }}  -- noqa: AM04
