'use strict';
/* Rates against USD, fiat and crypto apart (rates.type). */
(function () {
  cp.api('/api/rates').then(function (data) {
    ['fiat', 'crypto'].forEach(function (type) {
      var rows = data.rates.filter(function (r) { return r.type === type; });
      var body = document.querySelector('#' + type + ' tbody');
      rows.forEach(function (r) {
        var tr = cp.el('tr');
        tr.appendChild(cp.cell(r.symbol));
        tr.appendChild(cp.cell(r.currency_symbol));
        tr.appendChild(cp.cell(r.id));
        tr.appendChild(cp.cell(cp.number(r.rate_usd, { maximumSignificantDigits: 10 }), 'num', r.rate_usd));
        body.appendChild(tr);
      });
      cp.show(type + '-empty', rows.length ? '' : 'No ' + type + ' rates yet: waiting for the first rates poll to be stored.');
    });
  }).catch(function (e) { cp.show('error', 'Could not load rates: ' + e.message); });
})();
