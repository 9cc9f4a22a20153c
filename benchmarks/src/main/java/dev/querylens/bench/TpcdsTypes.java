package dev.querylens.bench;

import io.trino.tpcds.column.Column;
import io.trino.tpcds.column.ColumnType;
import java.util.Set;

/**
 * The column types of the TPC-DS specification as the TPC kit's {@code tpcds.sql} defines them
 * and the reference index-selection study loads them (its primary keys dropped): surrogate keys
 * and counts as integer, money as decimal(7,2) (a few decimal(5,2) and decimal(15,2)), codes as
 * char(n), text as varchar(n), dates as date. io.trino.tpcds carries the same types with each
 * column; only its IDENTIFIER is spelled integer here, as tpcds.sql spells it. The NOT NULL
 * columns are tpcds.sql's: each table's primary key and business key (checked against the kit's
 * tpcds.sql when this was written: same columns, types and NOT NULLs).
 */
final class TpcdsTypes {
    private static final Set<String> NOT_NULL = Set.of(
            "ca_address_sk", "ca_address_id", "cd_demo_sk", "d_date_sk", "d_date_id", "w_warehouse_sk", "w_warehouse_id",
            "sm_ship_mode_sk", "sm_ship_mode_id", "t_time_sk", "t_time_id", "r_reason_sk", "r_reason_id", "ib_income_band_sk",
            "i_item_sk", "i_item_id", "s_store_sk", "s_store_id", "cc_call_center_sk", "cc_call_center_id", "c_customer_sk",
            "c_customer_id", "web_site_sk", "web_site_id", "sr_item_sk", "sr_ticket_number", "hd_demo_sk", "wp_web_page_sk",
            "wp_web_page_id", "p_promo_sk", "p_promo_id", "cp_catalog_page_sk", "cp_catalog_page_id", "inv_date_sk", "inv_item_sk",
            "inv_warehouse_sk", "cr_item_sk", "cr_order_number", "wr_item_sk", "wr_order_number", "ws_item_sk", "ws_order_number",
            "cs_item_sk", "cs_order_number", "ss_item_sk", "ss_ticket_number");

    private TpcdsTypes() {
    }

    /** tpcds.sql's name of the column; io.trino.tpcds cuts one short (p_response_targe). */
    static String name(Column column) {
        return column.getName().equals("p_response_targe") ? "p_response_target" : column.getName();
    }

    /** The column's definition for CREATE TABLE: name, spec type, NOT NULL where tpcds.sql has it. */
    static String definition(Column column) {
        ColumnType type = column.getType();
        String sql = switch (type.getBase()) {
            case IDENTIFIER, INTEGER -> "integer";
            case DATE -> "date";
            case TIME -> "time";
            case DECIMAL -> "decimal(" + type.getPrecision().orElseThrow() + "," + type.getScale().orElseThrow() + ")";
            case CHAR -> "char(" + type.getPrecision().orElseThrow() + ")";
            case VARCHAR -> "varchar(" + type.getPrecision().orElseThrow() + ")";
        };
        return name(column) + " " + sql + (NOT_NULL.contains(name(column)) ? " NOT NULL" : "");
    }
}
