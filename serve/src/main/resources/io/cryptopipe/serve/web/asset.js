'use strict';
/*
 * One asset: its latest state, a candlestick chart of the selected range (the server aggregates 1-minute candles to
 * coarser buckets for long ranges) and its markets. The chart div gets data-drawn="true" once ECharts has drawn it.
 */
(function () {
  var id = decodeURIComponent(location.pathname.split('/')[2] || '');
  var base = '/api/assets/' + encodeURIComponent(id);
  var chartEl = document.getElementById('chart');
  var chart = null;
  var range = '24h';

  function fact(dl, label, text, exact) {
    var box = cp.el('div');
    box.appendChild(cp.el('dt', label));
    var dd = cp.el('dd', text);
    if (exact !== undefined && exact !== null) { dd.title = String(exact); }
    box.appendChild(dd);
    dl.appendChild(box);
    return dd;
  }

  function loadAsset() {
    return cp.api(base).then(function (a) {
      document.getElementById('title').textContent = (a.name === null ? a.id : a.name) + (a.symbol ? ' (' + a.symbol + ')' : '');
      document.title = 'cryptopipe · ' + (a.name || a.id);
      var dl = document.getElementById('facts');
      cp.clear(dl);
      fact(dl, 'Price', cp.usd(a.price_usd), a.price_usd).id = 'price';
      var ch = fact(dl, '24h change', cp.percent(a.change_percent_24hr), a.change_percent_24hr);
      if (a.change_percent_24hr !== null) { ch.className = Number(a.change_percent_24hr) >= 0 ? 'up' : 'down'; }
      fact(dl, 'Rank', a.rank === null ? '—' : a.rank);
      fact(dl, 'Market cap', cp.usdCompact(a.market_cap_usd), a.market_cap_usd);
      fact(dl, 'Volume 24h', cp.usdCompact(a.volume_usd_24hr), a.volume_usd_24hr);
      fact(dl, 'VWAP 24h', cp.usd(a.vwap_24hr), a.vwap_24hr);
      fact(dl, 'Supply', cp.integer(a.supply), a.supply);
      fact(dl, 'Observed', cp.time(a.observed_at));
      return true;
    });
  }

  function draw(data) {
    chartEl.setAttribute('data-drawn', 'false');
    var candles = data.candles;
    document.getElementById('bucket').textContent = candles.length + ' candles of ' + (data.bucket_seconds / 60) + ' min';
    if (candles.length === 0) {
      if (chart) { chart.clear(); }
      cp.show('chart-empty', 'No candles in the last ' + data.range + ': waiting for price ticks (the stream writes 1-minute candles).');
      return;
    }
    cp.show('chart-empty', '');
    if (!chart) {
      chart = echarts.init(chartEl);
      chart.on('finished', function () {
        if (chartEl.getAttribute('data-drawn') === 'pending') { chartEl.setAttribute('data-drawn', 'true'); }
      });
      window.addEventListener('resize', function () { chart.resize(); });
    }
    chartEl.setAttribute('data-drawn', 'pending');
    chart.setOption({
      animation: false,
      grid: { left: 70, right: 20, top: 20, bottom: 60 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross' } },
      xAxis: { type: 'category', data: candles.map(function (c) { return cp.time(c.bucket_start); }) },
      yAxis: { scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider' }],
      series: [{ type: 'candlestick', name: 'USD',
        itemStyle: { color: '#0a7b38', color0: '#b3261e', borderColor: '#0a7b38', borderColor0: '#b3261e' },
        data: candles.map(function (c) { return [Number(c.open), Number(c.close), Number(c.low), Number(c.high)]; }) }]
    }, true);
  }

  function loadCandles() {
    document.querySelectorAll('#ranges button').forEach(function (b) {
      b.classList.toggle('active', b.dataset.range === range);
    });
    return cp.api(base + '/candles?range=' + encodeURIComponent(range)).then(draw);
  }

  function loadMarkets() {
    return cp.api(base + '/markets').then(function (data) {
      var body = document.querySelector('#markets tbody');
      cp.clear(body);
      data.markets.forEach(function (m) {
        var tr = cp.el('tr');
        tr.appendChild(cp.cell(m.exchange_id));
        tr.appendChild(cp.cell((m.base_symbol || m.base_id) + '/' + (m.quote_symbol || m.quote_id)));
        tr.appendChild(cp.cell(cp.usd(m.price_usd), 'num', m.price_usd));
        tr.appendChild(cp.cell(cp.number(m.price_quote, { maximumFractionDigits: 8 }), 'num', m.price_quote));
        tr.appendChild(cp.cell(cp.usdCompact(m.volume_usd_24hr), 'num', m.volume_usd_24hr));
        tr.appendChild(cp.cell(cp.percent(m.percent_exchange_volume), 'num', m.percent_exchange_volume));
        tr.appendChild(cp.cell(cp.integer(m.trades_count_24hr), 'num', m.trades_count_24hr));
        body.appendChild(tr);
      });
      cp.show('markets-empty', data.markets.length ? '' : 'No markets for this asset yet: waiting for the first markets poll to be stored.');
    });
  }

  function fail(e) {
    cp.show('error', e.status === 404 ? 'Unknown asset "' + id + '": no such id in the assets table.' : 'Could not load: ' + e.message);
  }

  document.getElementById('ranges').addEventListener('click', function (ev) {
    var r = ev.target && ev.target.dataset ? ev.target.dataset.range : null;
    if (r) { range = r; loadCandles().catch(fail); }
  });

  loadAsset().then(function () {
    loadCandles().catch(fail);
    loadMarkets().catch(fail);
    var stream = new EventSource('/api/stream');
    stream.addEventListener('assets', function () { loadAsset().catch(fail); });
  }).catch(fail);
})();
