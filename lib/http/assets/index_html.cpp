// The dashboard page: controls, three charts and a breakdown, filled in by dashboard.js.
#include <string_view>

namespace cdc::http::assets {

extern const std::string_view index_html = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cdc · sales analytics</title>
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<header>
  <h1>Sales analytics</h1>
  <p id="status" role="status">Loading…</p>
</header>
<form id="controls" onsubmit="return false">
  <label>Show
    <select id="by">
      <option value="merchant">Merchant</option>
      <option value="category">Category</option>
    </select>
  </label>
  <label><span id="key-label">Merchant</span>
    <select id="key"></select>
  </label>
  <label>Range
    <select id="range">
      <option value="3600">last hour</option>
      <option value="21600">last 6 hours</option>
      <option value="86400" selected>last day</option>
      <option value="604800">last week</option>
      <option value="2592000">last 30 days</option>
      <option value="31536000">last year</option>
    </select>
  </label>
  <label>Bucket
    <select id="bucket">
      <option value="auto" selected>automatic</option>
      <option value="">as stored</option>
      <option value="1m">1 minute</option>
      <option value="5m">5 minutes</option>
      <option value="15m">15 minutes</option>
      <option value="1h">1 hour</option>
      <option value="6h">6 hours</option>
      <option value="1d">1 day</option>
    </select>
  </label>
  <label>Refresh
    <select id="refresh">
      <option value="5" selected>every 5 s</option>
      <option value="15">every 15 s</option>
      <option value="60">every minute</option>
      <option value="0">off</option>
    </select>
  </label>
</form>
<p class="note" id="range-note">The range ends at the newest window in the database.</p>
<section id="totals">
  <div class="stat"><span class="label">Revenue</span><span class="value" id="total-revenue">–</span></div>
  <div class="stat"><span class="label">Items sold</span><span class="value" id="total-items">–</span></div>
  <div class="stat"><span class="label">Orders</span><span class="value" id="total-orders">–</span></div>
</section>
<section id="charts">
  <figure class="chart" id="chart-revenue"><figcaption>Revenue</figcaption><svg viewBox="0 0 800 220" role="img"></svg></figure>
  <figure class="chart" id="chart-items"><figcaption>Items sold</figcaption><svg viewBox="0 0 800 220" role="img"></svg></figure>
  <figure class="chart" id="chart-orders"><figcaption>Orders</figcaption><svg viewBox="0 0 800 220" role="img"></svg></figure>
</section>
<section>
  <h2 id="breakdown-title">By category</h2>
  <table id="breakdown">
    <thead><tr><th id="breakdown-key">Category</th><th>Revenue</th><th>Items</th><th>Orders</th></tr></thead>
    <tbody></tbody>
  </table>
</section>
<script src="/assets/dashboard.js"></script>
</body>
</html>
)html";

} // namespace cdc::http::assets
