'use strict';
/* Pipeline health: each section of /api/pipeline shows its rows, its empty state, or its own error. */
(function () {
  function plain(v) { return v === null || v === undefined ? '—' : String(v); }
  function statusClass(v) { return 'status-' + v; }

  var sections = {
    components: { empty: 'No components reported by the running process.', columns: [
      { key: 'name', label: 'Component' }, { key: 'status', label: 'Status', classOf: statusClass },
      { key: 'detail', label: 'Detail' }] },
    lag: { empty: 'No lag to show: no stream runs in this process.', columns: [
      { key: 'topic', label: 'Topic' }, { key: 'lag', label: 'Records not yet stored', cls: 'num', format: cp.integer }] },
    last_polls: { empty: 'No polls yet: waiting for ingest to record its first poll in the ledger.', columns: [
      { key: 'entity', label: 'Entity' }, { key: 'observed_at', label: 'Last poll', format: cp.time },
      { key: 'outcome', label: 'Outcome' }, { key: 'reason', label: 'Reason', format: plain },
      { key: 'items_returned', label: 'Items', cls: 'num', format: plain },
      { key: 'interval_ms', label: 'Interval (s)', cls: 'num', format: function (v) { return v === null ? '—' : String(v / 1000); } }] },
    polls_24h: { empty: 'No polls in the last 24 hours.', columns: [
      { key: 'entity', label: 'Entity' }, { key: 'polls', label: 'Polls', cls: 'num' }, { key: 'ok', label: 'OK', cls: 'num' },
      { key: 'failed', label: 'Failed', cls: 'num' }, { key: 'refused', label: 'Refused (budget)', cls: 'num' }] },
    recent_failures: { empty: 'No failed or refused polls in the last 24 hours.', columns: [
      { key: 'observed_at', label: 'When', format: cp.time }, { key: 'entity', label: 'Entity' },
      { key: 'outcome', label: 'Outcome' }, { key: 'reason', label: 'Reason', format: plain }] },
    rejects_24h: { empty: 'No rejected records in the last 24 hours.', columns: [
      { key: 'reason', label: 'Reason' }, { key: 'records', label: 'Records', cls: 'num' },
      { key: 'latest', label: 'Latest', format: cp.time }] },
    completeness_1h: { empty: 'No successful polls in the last hour to check.', columns: [
      { key: 'entity', label: 'Entity' }, { key: 'polls', label: 'Polls', cls: 'num' },
      { key: 'incomplete_polls', label: 'Polls with missing rows', cls: 'num' },
      { key: 'missing_items', label: 'Missing rows', cls: 'num' },
      { key: 'unknown_polls', label: 'Unknown (retention)', cls: 'num' }] },
    gaps_24h: { empty: 'No gaps in the last 24 hours: every expected poll slot holds data.', columns: [
      { key: 'entity', label: 'Entity' }, { key: 'slot_start', label: 'From', format: cp.time },
      { key: 'slot_end', label: 'To', format: cp.time }, { key: 'reason', label: 'Reason' }] },
    batch_steps: { empty: 'No batch runs yet: waiting for the first scheduled day run.', columns: [
      { key: 'step', label: 'Step' }, { key: 'runs', label: 'Runs', cls: 'num' },
      { key: 'succeeded', label: 'Succeeded', cls: 'num' }, { key: 'failed', label: 'Failed', cls: 'num' },
      { key: 'running', label: 'Running', cls: 'num' }, { key: 'last_started', label: 'Last started', format: cp.time }] },
    batch_runs: { empty: 'No batch runs yet: waiting for the first scheduled day run.', columns: [
      { key: 'partition_date', label: 'Day' }, { key: 'step', label: 'Step' }, { key: 'status', label: 'Status' },
      { key: 'trigger', label: 'Trigger' }, { key: 'attempt', label: 'Attempt', cls: 'num' },
      { key: 'started_at', label: 'Started', format: cp.time }, { key: 'finished_at', label: 'Finished', format: cp.time },
      { key: 'rows', label: 'Rows', cls: 'num', format: plain }, { key: 'error', label: 'Error', format: plain }] }
  };

  cp.api('/api/pipeline').then(function (data) {
    document.getElementById('asof').textContent = 'As of ' + cp.time(data.as_of);
    Object.keys(sections).forEach(function (key) {
      var box = document.getElementById(key);
      var s = data[key];
      if (s.error) {
        cp.clear(box);
        box.appendChild(cp.el('p', 'Unavailable: ' + s.error, 'error'));
      } else {
        cp.table(box, s.data, sections[key].columns, sections[key].empty);
      }
    });
    var credits = document.getElementById('credits');
    var c = data.credits;
    if (c.error) {
      credits.appendChild(cp.el('p', 'Unavailable: ' + c.error, 'error'));
    } else if (c.data === null) {
      credits.appendChild(cp.el('p', 'The source does not use credits.', 'empty'));
    } else {
      credits.appendChild(cp.el('p', cp.integer(c.data.used_today) + ' used today (UTC)'
        + (c.data.budget === null ? ', no daily budget' : ' of ' + cp.integer(c.data.budget) + ' per day')));
    }
  }).catch(function (e) { cp.show('error', 'Could not load the pipeline state: ' + e.message); });
})();
