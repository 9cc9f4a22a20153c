package dev.querylens.bench;

import java.util.Map;

/**
 * The column types of the TPC-H specification (clause 1.4), as dbgen's {@code dss.ddl} writes them
 * and the reference index-selection study loads them: identifiers as integer, money and
 * quantities as decimal(15,2), fixed-width codes as char(n). Index sizes follow from these types
 * (a bigint key or a text code makes each index entry wider), so the budgets only mean what the
 * published figures mean with the same types.
 */
final class TpchTypes {
    private static final String MONEY = "decimal(15,2)";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("n_nationkey", "integer"), Map.entry("n_name", "char(25)"), Map.entry("n_regionkey", "integer"),
            Map.entry("n_comment", "varchar(152)"),
            Map.entry("r_regionkey", "integer"), Map.entry("r_name", "char(25)"), Map.entry("r_comment", "varchar(152)"),
            Map.entry("p_partkey", "integer"), Map.entry("p_name", "varchar(55)"), Map.entry("p_mfgr", "char(25)"),
            Map.entry("p_brand", "char(10)"), Map.entry("p_type", "varchar(25)"), Map.entry("p_size", "integer"),
            Map.entry("p_container", "char(10)"), Map.entry("p_retailprice", MONEY), Map.entry("p_comment", "varchar(23)"),
            Map.entry("s_suppkey", "integer"), Map.entry("s_name", "char(25)"), Map.entry("s_address", "varchar(40)"),
            Map.entry("s_nationkey", "integer"), Map.entry("s_phone", "char(15)"), Map.entry("s_acctbal", MONEY),
            Map.entry("s_comment", "varchar(101)"),
            Map.entry("ps_partkey", "integer"), Map.entry("ps_suppkey", "integer"), Map.entry("ps_availqty", "integer"),
            Map.entry("ps_supplycost", MONEY), Map.entry("ps_comment", "varchar(199)"),
            Map.entry("c_custkey", "integer"), Map.entry("c_name", "varchar(25)"), Map.entry("c_address", "varchar(40)"),
            Map.entry("c_nationkey", "integer"), Map.entry("c_phone", "char(15)"), Map.entry("c_acctbal", MONEY),
            Map.entry("c_mktsegment", "char(10)"), Map.entry("c_comment", "varchar(117)"),
            Map.entry("o_orderkey", "integer"), Map.entry("o_custkey", "integer"), Map.entry("o_orderstatus", "char(1)"),
            Map.entry("o_totalprice", MONEY), Map.entry("o_orderdate", "date"), Map.entry("o_orderpriority", "char(15)"),
            Map.entry("o_clerk", "char(15)"), Map.entry("o_shippriority", "integer"), Map.entry("o_comment", "varchar(79)"),
            Map.entry("l_orderkey", "integer"), Map.entry("l_partkey", "integer"), Map.entry("l_suppkey", "integer"),
            Map.entry("l_linenumber", "integer"), Map.entry("l_quantity", MONEY), Map.entry("l_extendedprice", MONEY),
            Map.entry("l_discount", MONEY), Map.entry("l_tax", MONEY), Map.entry("l_returnflag", "char(1)"),
            Map.entry("l_linestatus", "char(1)"), Map.entry("l_shipdate", "date"), Map.entry("l_commitdate", "date"),
            Map.entry("l_receiptdate", "date"), Map.entry("l_shipinstruct", "char(25)"), Map.entry("l_shipmode", "char(10)"),
            Map.entry("l_comment", "varchar(44)"));

    private TpchTypes() {
    }

    /** The spec's type of a column; fails on a column the spec does not have, rather than guessing one. */
    static String of(String column) {
        String type = TYPES.get(column);
        if (type == null) {
            throw new IllegalArgumentException("no TPC-H type for column " + column);
        }
        return type;
    }
}
