// The dashboard's style sheet.
#include <string_view>

namespace cdc::http::assets {

extern const std::string_view dashboard_css = R"css(
:root { --ink: #1d2433; --muted: #5b6478; --line: #d9dee8; --bg: #f6f7fb; --card: #fff;
        --revenue: #2f6fde; --items: #1a9b6c; --orders: #d9822b; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem 2rem; font: 15px/1.4 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; }
h1 { margin: 0 0 .5rem; font-size: 1.5rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
#status { margin: 0; color: var(--muted); }
#status.error { color: #b3261e; }
#controls { display: flex; flex-wrap: wrap; gap: 1rem; padding: .75rem 1rem; background: var(--card);
            border: 1px solid var(--line); border-radius: 8px; }
#controls label { display: flex; gap: .4rem; align-items: center; color: var(--muted); }
select { font: inherit; padding: .2rem .4rem; }
.note { color: var(--muted); font-size: .85rem; margin: .4rem 0 1rem; }
#totals { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.stat .label { display: block; color: var(--muted); font-size: .85rem; }
.stat .value { font-size: 1.6rem; font-variant-numeric: tabular-nums; }
#charts { display: grid; grid-template-columns: 1fr; gap: 1rem; margin-top: 1rem; }
.chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; }
.chart figcaption { color: var(--muted); font-size: .9rem; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .axis { stroke: var(--line); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .empty { fill: var(--muted); font-size: 14px; }
#chart-revenue .bar { fill: var(--revenue); }
#chart-items .bar { fill: var(--items); }
#chart-orders .bar { fill: var(--orders); }
.bar:hover { opacity: .75; }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
th, td { text-align: right; padding: .35rem .75rem; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
th:first-child, td:first-child { text-align: left; }
)css";

} // namespace cdc::http::assets
