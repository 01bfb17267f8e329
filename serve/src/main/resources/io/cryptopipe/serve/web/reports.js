'use strict';
/* The batch's daily reports, newest first. */
(function () {
  cp.api('/api/reports').then(function (data) {
    var list = document.getElementById('reports');
    data.reports.forEach(function (r) {
      var li = cp.el('li');
      var a = cp.el('a', r.date);
      a.href = r.url;
      li.appendChild(a);
      li.appendChild(cp.el('span', ' · ' + cp.number(r.bytes / 1024, { maximumFractionDigits: 0 }) + ' KiB, written ' + cp.time(r.modified_at), 'muted'));
      list.appendChild(li);
    });
    cp.show('empty', data.reports.length ? '' : 'No reports yet: waiting for the first batch run to write one.');
  }).catch(function (e) { cp.show('error', 'Could not list reports: ' + e.message); });
})();
