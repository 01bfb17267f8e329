'use strict';
/*
 * Helpers shared by the dashboard's pages. Every value from the API is put into the page with textContent or as an
 * attribute value (never as HTML), so a name like <script> shows as text. Decimals arrive as exact strings; they are
 * turned into numbers only to format them for display, and the exact value is kept in the cell's title.
 */
var cp = (function () {
  function api(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          var e = new Error(body.error || ('HTTP ' + r.status));
          e.status = r.status;
          throw e;
        }
        return body;
      });
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function number(s, options) {
    if (s === null || s === undefined || s === '') { return '—'; }
    var n = Number(s);
    if (!isFinite(n)) { return String(s); }
    return new Intl.NumberFormat('en-US', options).format(n);
  }

  /** A USD price: cents above one dollar, up to 8 decimals below. */
  function usd(s) {
    var n = Math.abs(Number(s));
    return number(s, { style: 'currency', currency: 'USD', minimumFractionDigits: 2,
      maximumFractionDigits: n >= 1 ? 2 : 8 });
  }

  function usdCompact(s) {
    return number(s, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });
  }

  function percent(s) {
    return s === null || s === undefined ? '—' : number(s, { maximumFractionDigits: 2, minimumFractionDigits: 2 }) + '%';
  }

  function integer(s) { return number(s, { maximumFractionDigits: 0 }); }

  function time(iso) {
    if (!iso) { return '—'; }
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
  }

  /** A table cell: text, optional class, and the exact value as its title. */
  function cell(text, cls, exact) {
    var td = el('td', text, cls);
    if (exact !== undefined && exact !== null) { td.title = String(exact); }
    return td;
  }

  function show(id, text) {
    var e = document.getElementById(id);
    if (!e) { return; }
    e.textContent = text || '';
    e.hidden = !text;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /**
   * Renders rows as a table into container: columns are [{key, label, format, cls}]; empty shows the empty text.
   */
  function table(container, rows, columns, empty) {
    clear(container);
    if (!rows || rows.length === 0) {
      container.appendChild(el('p', empty, 'empty'));
      return;
    }
    var t = el('table');
    var head = el('tr');
    columns.forEach(function (c) { head.appendChild(el('th', c.label, c.cls)); });
    t.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      columns.forEach(function (c) {
        var v = r[c.key];
        var td = cell(c.format ? c.format(v, r) : (v === null || v === undefined ? '—' : v), c.cls);
        if (c.classOf) { td.className = (td.className ? td.className + ' ' : '') + c.classOf(v, r); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    container.appendChild(t);
  }

  /** An href only for http(s) URLs; anything else (javascript:, data:) is not linked. */
  function safeUrl(u) {
    return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
  }

  return { api: api, el: el, number: number, usd: usd, usdCompact: usdCompact, percent: percent,
    integer: integer, time: time, cell: cell, show: show, clear: clear, table: table, safeUrl: safeUrl };
})();
