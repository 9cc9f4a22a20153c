package dev.querylens.report;

/**
 * The HTML report's stylesheet and its one script. The layout holds at a phone's width (390 px):
 * bars are sized in percent, wide tables scroll inside their own box, and long lines wrap, so the
 * page itself never scrolls sideways. The script only sorts the statements table: it reads no data
 * and evaluates nothing.
 */
final class HtmlStyle {
    private HtmlStyle() {
    }

    static final String CSS = """
            *{box-sizing:border-box}
            body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 1.2em;color:#1d2433}
            h1{margin:.6em 0 .2em}h2{border-bottom:1px solid #dde;padding-bottom:.2em;margin-top:1.6em}h3{margin:.8em 0 .3em;font-size:1.05em}
            code,pre,td{overflow-wrap:anywhere}
            .cards{display:flex;gap:.6em;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:.4em .9em}
            .card b{font-size:1.4em}.card.error b,.sev.error{color:#b3261e}.card.warning b,.sev.warning{color:#9a6700}
            .card.info b,.sev.info{color:#0b6bcb}.sev{font-weight:600;text-transform:uppercase;font-size:.8em}
            details.rule{margin:.6em 0;border:1px solid #e3e6ee;border-radius:6px;padding:.3em .8em}
            summary{cursor:pointer;font-size:1.05em}.finding{border-top:1px solid #eef;padding:.4em 0}
            pre.sql{background:#f6f8fa;padding:.5em;white-space:pre-wrap;word-break:break-word;margin:.3em 0}
            details.sql{margin:.3em 0}details.sql>summary{font-size:1em;background:#f6f8fa;padding:.3em .5em;overflow-wrap:anywhere}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eef;vertical-align:top}
            table.evidence{width:auto}table.evidence th{color:#556;font-weight:500}.num{text-align:right;font-variant-numeric:tabular-nums}
            table.sortable th{cursor:pointer;user-select:none}table.sortable th.sorted::after{content:" \\25BE"}
            table.sortable td:last-child{min-width:16em}
            .fix{background:#eef7ee;padding:.4em .6em;border-radius:4px}pre.fix{white-space:pre-wrap;word-break:break-word}
            .hint{color:#667;font-size:.9em}
            .bar-row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.6em;align-items:center;margin:.2em 0}
            .bar-label{overflow-wrap:anywhere;font-size:.92em}
            .track{position:relative;background:#f1f3f8;border-radius:3px;height:1.4em}
            .fill{position:absolute;left:0;top:0;bottom:0;border-radius:3px;min-width:2px;background:#7b93d6}
            .fill.error{background:#d9534f}.fill.warning{background:#e0a526}.fill.info{background:#5b9bd5}
            .fill.before{background:#c9ced9}.fill.after{background:#3f9b5a}
            .val{position:absolute;left:.4em;top:0;line-height:1.4em;font-size:.85em;font-variant-numeric:tabular-nums}
            svg.timeline{width:100%;height:140px;display:block;background:#fafbfd;border:1px solid #e3e6ee}
            svg.timeline rect.ex{fill:#7b93d6}svg.timeline rect.ms{fill:#e0a526}svg.timeline rect.loop{fill:#d9534f;fill-opacity:.22}
            svg.timeline .axis{stroke:#ccd;stroke-width:1;vector-effect:non-scaling-stroke}
            .axis-labels{display:flex;justify-content:space-between;gap:1em;flex-wrap:wrap;font-size:.85em;color:#556}
            ul.legend{list-style:none;padding:0}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:middle}
            .swatch.loop{background:#d9534f;opacity:.5}
            .waterfall{border:1px solid #e3e6ee;border-radius:6px;padding:.3em .8em;margin:.8em 0}
            .span-sql b{font-size:.85em;color:#556}
            .spans{margin-top:.4em}.span{display:grid;grid-template-columns:4em minmax(0,1fr) 5.5em;gap:.4em;align-items:center;height:1.1em}
            .span-label,.span-ms{font-size:.8em;color:#556;white-space:nowrap}.span-ms{text-align:right;font-variant-numeric:tabular-nums}
            .span-track{position:relative;height:.8em;background:#f5f6fa}
            .span-bar{position:absolute;top:0;bottom:0;min-width:2px;background:#5b9bd5}.span.parent .span-bar{background:#2d4f8f}
            .index{border:1px solid #e3e6ee;border-radius:6px;padding:.3em .8em;margin:.8em 0}.cost{margin:.6em 0}
            .cost .bar-row{grid-template-columns:4em minmax(0,1fr)}
            ul.tree,ul.tree ul{list-style:none;padding-left:1.2em;border-left:1px dotted #ccd}
            .node{position:relative;padding:.2em .4em;margin:.15em 0;border-radius:4px;overflow:hidden;overflow-wrap:anywhere}
            .node .bar{position:absolute;left:0;top:0;bottom:0;background:#e8eefc;z-index:-1}
            .node.hot{outline:2px solid #b3261e}.node.hot .bar{background:#fbe1df}.meta{color:#556;font-size:.9em}
            .badge{background:#b3261e;color:#fff;border-radius:3px;padding:0 .35em;font-size:.8em}
            .cond{font-size:.9em;color:#445}
            .gate{border:1px solid #e8b4b0;background:#fdf1f0;border-radius:6px;padding:.4em .9em;margin-top:1em}
            .gate ul{margin:.3em 0;padding-left:1.2em}
            @media (max-width:600px){body{padding:0 .6em}.bar-row{grid-template-columns:1fr}.span{grid-template-columns:3em minmax(0,1fr) 4.5em}
            ul.tree,ul.tree ul{padding-left:.6em}}
            """;

    static final String JS = """
            (function () {
              function cellValue(row, index, numeric) {
                var text = row.children[index].textContent.trim();
                return numeric ? parseFloat(text) || 0 : text.toLowerCase();
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var headers = table.querySelectorAll('th');
                headers.forEach(function (th, index) {
                  th.addEventListener('click', function () {
                    var numeric = th.dataset.type === 'num';
                    var descending = !th.classList.contains('sorted');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
                      var order = x < y ? -1 : x > y ? 1 : 0;
                      return descending ? -order : order;
                    });
                    headers.forEach(function (h) { h.classList.remove('sorted'); });
                    if (descending) { th.classList.add('sorted'); }
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
                headers[1].click(); // most total time first
              });
              document.body.dataset.ready = 'true';
            })();
            """;
}
