-- Production & logistics: weekly demand and coverage. Input ports: daily_sales, products
-- (sales domain), stock_levels, production_orders (this domain).

-- port: weekly_demand
WITH weeks AS (
  -- The weeks with a stock snapshot: the Mondays of the last two years.
  SELECT DISTINCT snapshot_date AS week_start FROM stock_levels
),
grid AS (
  SELECT w.week_start, p.sku, p.product_group
  FROM weeks w
  CROSS JOIN products p
  WHERE p.is_active
),
demand AS (
  SELECT CAST(date_trunc('week', order_date) AS DATE) AS week_start, sku,
    sum(units) AS units_sold, sum(returned_units) AS units_returned
  FROM daily_sales
  GROUP BY ALL
),
stock AS (
  SELECT snapshot_date AS week_start, sku, on_hand_qty, available_qty, reorder_point
  FROM stock_levels
  WHERE warehouse_code = 'ROS'
),
started AS (
  SELECT planned_start AS week_start, sku, sum(planned_qty) AS planned_qty
  FROM production_orders
  WHERE status <> 'cancelled'
  GROUP BY ALL
),
finished AS (
  SELECT CAST(date_trunc('week', actual_finish) AS DATE) AS week_start, sku, sum(produced_qty) AS produced_qty
  FROM production_orders
  WHERE status = 'completed'
  GROUP BY ALL
),
joined AS (
  SELECT
    g.week_start,
    g.sku,
    g.product_group,
    coalesce(d.units_sold, 0) AS units_sold,
    coalesce(d.units_returned, 0) AS units_returned,
    avg(coalesce(d.units_sold, 0)) OVER (
      PARTITION BY g.sku ORDER BY g.week_start ROWS BETWEEN 3 PRECEDING AND CURRENT ROW
    ) AS avg_units_4w,
    coalesce(s.on_hand_qty, 0) AS on_hand_qty,
    coalesce(s.available_qty, 0) AS available_qty,
    coalesce(s.reorder_point, 0) AS reorder_point,
    coalesce(st.planned_qty, 0) AS production_planned_qty,
    coalesce(f.produced_qty, 0) AS production_finished_qty
  FROM grid g
  LEFT JOIN demand d USING (week_start, sku)
  LEFT JOIN stock s USING (week_start, sku)
  LEFT JOIN started st USING (week_start, sku)
  LEFT JOIN finished f USING (week_start, sku)
)
SELECT
  week_start,
  sku,
  product_group,
  CAST(units_sold AS INTEGER) AS units_sold,
  CAST(units_returned AS INTEGER) AS units_returned,
  CAST(round(avg_units_4w, 1) AS DECIMAL(10,1)) AS avg_units_4w,
  CAST(on_hand_qty AS INTEGER) AS on_hand_qty,
  CAST(available_qty AS INTEGER) AS available_qty,
  CAST(production_planned_qty AS INTEGER) AS production_planned_qty,
  CAST(production_finished_qty AS INTEGER) AS production_finished_qty,
  CAST(CASE WHEN avg_units_4w > 0 THEN round(available_qty / avg_units_4w, 1) END AS DECIMAL(10,1)) AS weeks_of_cover,
  available_qty < reorder_point AS reorder_needed
FROM joined
ORDER BY week_start, sku
