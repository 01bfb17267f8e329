package io.cryptopipe.serve;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read-only queries for the dashboard. Each call borrows a connection from the data source and closes it before
 * returning, so the dashboard holds no connection between requests; each statement gets a timeout so a slow query
 * fails the request instead of hanging the page.
 *
 * <p>Rows come back as ordered maps keyed by column label, converted for JSON: {@code numeric} as the exact decimal
 * string ({@link BigDecimal#toPlainString()}, so scale and digits survive and no exponent appears), timestamps as
 * ISO-8601 instants, dates as {@code YYYY-MM-DD}, integers as longs, everything else as text.
 */
final class Db {
    private final DataSource dataSource;
    private final int timeoutSeconds;

    Db(DataSource dataSource, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c, sql, args);
             ResultSet rs = st.executeQuery()) {
            return read(rs);
        }
    }

    Optional<Map<String, Object>> row(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> rows = rows(sql, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs {@code sql} with a {@code text[]} as its first parameter followed by {@code args}. */
    List<Map<String, Object>> rowsWithTextArray(String sql, List<String> array, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Array a = c.createArrayOf("text", array.toArray());
            Object[] all = new Object[args.length + 1];
            all[0] = a;
            System.arraycopy(args, 0, all, 1, args.length);
            try (PreparedStatement st = prepare(c, sql, all); ResultSet rs = st.executeQuery()) {
                return read(rs);
            } finally {
                a.free();
            }
        }
    }

    /** {@code SELECT 1} within {@code seconds}: the dashboard's own view of the database for /health. */
    void ping(int seconds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("SELECT 1")) {
            st.setQueryTimeout(seconds);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
            }
        }
    }

    private PreparedStatement prepare(Connection c, String sql, Object[] args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            st.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= n; i++) {
                row.put(md.getColumnLabel(i), value(rs, i, md.getColumnType(i)));
            }
            out.add(row);
        }
        return out;
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.NUMERIC, Types.DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(i);
                return d == null ? null : d.toPlainString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant().toString();
            }
            case Types.INTEGER, Types.SMALLINT, Types.BIGINT, Types.TINYINT -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            }
            case Types.ARRAY -> {
                Array a = rs.getArray(i);
                if (a == null) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (Object o : (Object[]) a.getArray()) {
                    items.add(o instanceof BigDecimal d ? d.toPlainString() : o == null ? null : o.toString());
                }
                return items;
            }
            default -> {
                Object v = rs.getObject(i);
                return v == null ? null : v.toString();
            }
        }
    }
}
