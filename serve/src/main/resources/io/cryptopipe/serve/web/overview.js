'use strict';
/* Market overview: the top assets, refreshed whenever the server's change feed (/api/stream) says assets changed. */
(function () {
  var body = document.querySelector('#assets tbody');
  var search = document.getElementById('search');
  var live = document.getElementById('live');
  var seq = 0;
  var timer = null;
  var shown = null;

  function sparkline(values) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('width', '120');
    svg.setAttribute('height', '30');
    var pts = [];
    values.forEach(function (v, i) { if (v !== null) { pts.push([i, Number(v)]); } });
    svg.setAttribute('data-points', String(pts.length));
    if (pts.length < 2) { return svg; }
    var ys = pts.map(function (p) { return p[1]; });
    var min = Math.min.apply(null, ys), max = Math.max.apply(null, ys);
    var span = max - min || 1, last = values.length - 1 || 1;
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.map(function (p) {
      return (p[0] / last * 118 + 1).toFixed(1) + ',' + (28 - (p[1] - min) / span * 26).toFixed(1);
    }).join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', pts[pts.length - 1][1] >= pts[0][1] ? '#0a7b38' : '#b3261e');
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
    return svg;
  }

  function render(data, q) {
    cp.clear(body);
    data.assets.forEach(function (a) {
      var tr = cp.el('tr');
      tr.dataset.id = a.id;
      tr.appendChild(cp.cell(a.rank === null ? '—' : a.rank, 'num'));
      var name = cp.el('td');
      var link = cp.el('a', a.name === null ? a.id : a.name);
      link.href = '/asset/' + encodeURIComponent(a.id);
      name.appendChild(link);
      tr.appendChild(name);
      tr.appendChild(cp.cell(a.symbol, 'symbol'));
      tr.appendChild(cp.cell(cp.usd(a.price_usd), 'num price', a.price_usd));
      var ch = a.change_percent_24hr;
      tr.appendChild(cp.cell(cp.percent(ch), 'num ' + (ch === null ? '' : Number(ch) >= 0 ? 'up' : 'down'), ch));
      tr.appendChild(cp.cell(cp.usdCompact(a.market_cap_usd), 'num', a.market_cap_usd));
      tr.appendChild(cp.cell(cp.usdCompact(a.volume_usd_24hr), 'num', a.volume_usd_24hr));
      var spark = cp.el('td');
      spark.appendChild(sparkline(a.sparkline || []));
      tr.appendChild(spark);
      body.appendChild(tr);
    });
    cp.show('empty', data.assets.length > 0 ? '' : q
      ? 'No asset matches "' + q + '".'
      : 'No assets yet: waiting for the first assets poll to be stored.');
  }

  function load() {
    var q = search.value.trim();
    var mine = ++seq;
    cp.api('/api/assets?limit=50' + (q ? '&q=' + encodeURIComponent(q) : '')).then(function (data) {
      if (mine !== seq) { return; }
      // Redraw only what changed: an update event that brings the same rows leaves the table (and focus) alone.
      var key = q + '\n' + JSON.stringify(data.assets);
      if (key !== shown) {
        render(data, q);
        shown = key;
      }
      cp.show('error', '');
      document.body.dataset.loaded = String(mine);
    }).catch(function (e) {
      if (mine === seq) { cp.show('error', 'Could not load assets: ' + e.message); }
    });
  }

  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(load, 200);
  });

  var stream = new EventSource('/api/stream');
  stream.addEventListener('assets', function () {
    live.textContent = 'live · updated ' + new Date().toLocaleTimeString();
    load();
  });
  stream.onerror = function () { live.textContent = 'update stream lost: reconnecting…'; };
  load();
})();
