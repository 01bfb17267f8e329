package io.cryptopipe.batch.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.batch.RunWindow;
import io.cryptopipe.batch.gate.GateResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The report's HTML: tables rendered here with every value escaped, charts drawn by ECharts from inline JSON. */
final class Page {
    private Page() {
    }

    @SuppressWarnings("unchecked")
    static String render(RunWindow window, Instant generated, List<GateResult> gates, Map<String, Object> data,
                         ObjectMapper json, String echarts) throws JsonProcessingException {
        StringBuilder h = new StringBuilder(echarts.length() + 64_000);
        String date = window.partition().toString();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>cryptopipe report ").append(esc(date)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>cryptopipe daily report: ").append(esc(date)).append("</h1>\n<p class=\"meta\">Window ")
                .append(esc(window.start().toString())).append(" to ").append(esc(window.end().toString()))
                .append(window.open() ? " (open day: the data so far)" : "").append(". Generated ")
                .append(esc(generated.toString())).append(".</p>\n");
        overview(h, (List<Map<String, Object>>) data.get("overview"));
        h.append("<h2>Top movers</h2>\n");
        table(h, (List<Map<String, Object>>) data.get("movers"), "No daily returns: the previous day has no close.");
        h.append("<div class=\"row\"><section><h2>Dominance (closing market cap)</h2>")
                .append("<div id=\"dominance\" class=\"chart\"></div></section>")
                .append("<section><h2>Volume by exchange</h2><div id=\"exchanges\" class=\"chart\"></div></section>")
                .append("</div>\n<h2>Intraday OHLC of the top assets (hourly, USD)</h2>\n");
        Map<String, Object> ohlc = (Map<String, Object>) data.get("ohlc");
        int i = 0;
        for (String asset : ohlc.keySet()) {
            h.append("<h3>").append(esc(asset)).append("</h3><div id=\"ohlc-").append(i++)
                    .append("\" class=\"chart\"></div>\n");
        }
        if (ohlc.isEmpty()) {
            h.append("<p class=\"empty\">No asset snapshots in this partition.</p>\n");
        }
        gatesSection(h, gates);
        h.append("<h2>Completeness (ledger, inside the window)</h2>\n");
        table(h, (List<Map<String, Object>>) data.get("completeness"), "No polls in the ledger for this window.");
        h.append("<h3>Gaps</h3>\n");
        table(h, (List<Map<String, Object>>) data.get("gaps"), "No gaps: every expected poll slot holds data.");
        h.append("<script>").append(echarts.replace("</script", "<\\/script")).append("</script>\n")
                .append("<script type=\"application/json\" id=\"report-data\">").append(scriptJson(json, data))
                .append("</script>\n<script>").append(CHARTS).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void overview(StringBuilder h, List<Map<String, Object>> rows) {
        h.append("<h2>Market overview</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">No overview row: the warehouse holds no assets for this day.</p>\n");
            return;
        }
        h.append("<div class=\"cards\">");
        rows.get(0).forEach((k, v) -> {
            if (!"date".equals(k)) {
                h.append("<div class=\"card\"><div class=\"k\">").append(esc(k)).append("</div><div class=\"v\">")
                        .append(esc(String.valueOf(v))).append("</div></div>");
            }
        });
        h.append("</div>\n");
    }

    private static void gatesSection(StringBuilder h, List<GateResult> gates) {
        long failed = gates.stream().filter(GateResult::failed).count();
        long warned = gates.stream().filter(GateResult::warned).count();
        h.append("<h2>Gates</h2>\n");
        if (gates.isEmpty()) {
            h.append("<p class=\"empty\">Gates did not run with this report.</p>\n");
            return;
        }
        h.append("<p class=\"").append(failed > 0 ? "bad" : "good").append("\">").append(gates.size())
                .append(" gates: ").append(failed).append(" failed, ").append(warned).append(" warned.</p>\n")
                .append("<table><tr><th>result</th><th>gate</th><th>kind</th><th>rows</th><th>samples</th>")
                .append("<th>what it checks</th></tr>\n");
        for (GateResult g : gates) {
            String verdict = g.failed() ? "FAIL" : g.warned() ? "warn" : "ok";
            h.append("<tr class=\"").append(verdict).append("\"><td>").append(verdict).append("</td><td>")
                    .append(esc(g.gate())).append("</td><td>").append(esc(g.kind())).append("</td><td>")
                    .append(g.failures()).append("</td><td>").append(esc(String.join("; ", g.samples())))
                    .append("</td><td>").append(esc(g.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void table(StringBuilder h, List<Map<String, Object>> rows, String empty) {
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">").append(esc(empty)).append("</p>\n");
            return;
        }
        h.append("<table><tr>");
        rows.get(0).keySet().forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        h.append("</tr>\n");
        for (Map<String, Object> row : rows) {
            h.append("<tr>");
            row.values().forEach(v -> h.append("<td>").append(esc(v == null ? "" : String.valueOf(v))).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** JSON safe inside a script element: no {@code <} (so no {@code </script>}), no line separators. */
    static String scriptJson(ObjectMapper json, Object value) throws JsonProcessingException {
        return json.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
            + "h1{font-size:22px}h2{font-size:18px;margin-top:28px}.meta{color:#666}"
            + ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px}"
            + ".k{font-size:12px;color:#666}.v{font-size:16px;font-variant-numeric:tabular-nums}"
            + ".row{display:flex;flex-wrap:wrap;gap:24px}.row section{flex:1;min-width:380px}"
            + ".chart{height:320px;min-width:360px}table{border-collapse:collapse;font-size:13px}"
            + "td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}tr.FAIL{background:#fdd}"
            + "tr.warn{background:#ffd}.bad{color:#a00}.good{color:#070}.empty{color:#888;font-style:italic}";

    /** Draws the charts; each chart's div gets data-drawn="true" once ECharts has rendered it. */
    private static final String CHARTS = String.join("\n",
            "(function(){",
            "var d=JSON.parse(document.getElementById('report-data').textContent);",
            "function draw(id,opt){var el=document.getElementById(id);if(!el)return;var c=echarts.init(el);",
            " c.on('finished',function(){el.setAttribute('data-drawn','true');});c.setOption(opt);}",
            "function num(v){return v==null?null:Number(v);}",
            "draw('dominance',{tooltip:{trigger:'item'},series:[{type:'pie',radius:'65%',",
            " data:d.dominance.map(function(r){return {name:r.label,value:num(r.value)};})}]});",
            "draw('exchanges',{tooltip:{},grid:{left:110},xAxis:{type:'value'},yAxis:{type:'category',",
            " data:d.exchanges.map(function(r){return r.label;}).reverse()},series:[{type:'bar',",
            " data:d.exchanges.map(function(r){return num(r.value);}).reverse()}]});",
            "Object.keys(d.ohlc).forEach(function(a,i){var rows=d.ohlc[a];",
            " draw('ohlc-'+i,{tooltip:{trigger:'axis'},xAxis:{type:'category',data:rows.map(function(r){return r.hour;})},",
            " yAxis:{scale:true},series:[{type:'candlestick',name:a,",
            " data:rows.map(function(r){return [num(r.open),num(r.close),num(r.low),num(r.high)];})}]});});",
            "})();");
}
