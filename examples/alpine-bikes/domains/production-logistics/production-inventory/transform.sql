-- Production & logistics: stock and production orders. Input ports: erp_inventory,
-- erp_production_orders (ERP CSV exports).

-- port: stock_levels
SELECT
  CAST(snapshot_date AS DATE) AS snapshot_date,
  warehouse_code,
  sku,
  CAST(on_hand_qty AS INTEGER) AS on_hand_qty,
  CAST(reserved_qty AS INTEGER) AS reserved_qty,
  CAST(greatest(on_hand_qty - reserved_qty, 0) AS INTEGER) AS available_qty,
  CAST(reorder_point AS INTEGER) AS reorder_point,
  on_hand_qty - reserved_qty < reorder_point AS below_reorder_point,
  CAST(unit_cost_eur AS DECIMAL(10,2)) AS unit_cost_eur,
  CAST(on_hand_qty * CAST(unit_cost_eur AS DECIMAL(10,2)) AS DECIMAL(14,2)) AS stock_value_eur
FROM erp_inventory
ORDER BY snapshot_date, warehouse_code, sku;

-- port: production_orders
SELECT
  production_order_number,
  sku,
  work_center,
  CAST(planned_qty AS INTEGER) AS planned_qty,
  CAST(produced_qty AS INTEGER) AS produced_qty,
  CAST(scrap_qty AS INTEGER) AS scrap_qty,
  CAST(planned_start AS DATE) AS planned_start,
  CAST(planned_finish AS DATE) AS planned_finish,
  CAST(actual_finish AS DATE) AS actual_finish,
  CAST(actual_finish - CAST(planned_finish AS DATE) AS INTEGER) AS delay_days,
  status
FROM erp_production_orders
ORDER BY production_order_number;
