'use strict';
/* Exchanges by 24 h volume with their share of the total volume and trading pairs. */
(function () {
  cp.api('/api/exchanges').then(function (data) {
    var body = document.querySelector('#exchanges tbody');
    data.exchanges.forEach(function (x) {
      var tr = cp.el('tr');
      tr.appendChild(cp.cell(x.rank === null ? '—' : x.rank, 'num'));
      var name = cp.el('td');
      var href = cp.safeUrl(x.exchange_url);
      var label = x.name === null ? x.exchange_id : x.name;
      if (href) {
        var a = cp.el('a', label);
        a.href = href;
        a.rel = 'noopener noreferrer';
        name.appendChild(a);
      } else {
        name.textContent = label;
      }
      tr.appendChild(name);
      tr.appendChild(cp.cell(cp.usdCompact(x.volume_usd), 'num', x.volume_usd));
      var share = cp.el('td');
      share.title = x.percent_total_volume === null ? '' : x.percent_total_volume;
      var bar = cp.el('span', null, 'share');
      bar.style.width = Math.max(0, Math.min(100, Number(x.percent_total_volume) || 0)) * 2 + 'px';
      share.appendChild(bar);
      share.appendChild(document.createTextNode(cp.percent(x.percent_total_volume)));
      tr.appendChild(share);
      tr.appendChild(cp.cell(cp.integer(x.trading_pairs), 'num'));
      tr.appendChild(cp.cell(x.socket === null ? '—' : x.socket ? 'yes' : 'no'));
      tr.appendChild(cp.cell(cp.time(x.updated_at || x.observed_at)));
      body.appendChild(tr);
    });
    cp.show('empty', data.exchanges.length ? '' : 'No exchanges yet: waiting for the first exchanges poll to be stored.');
  }).catch(function (e) { cp.show('error', 'Could not load exchanges: ' + e.message); });
})();
