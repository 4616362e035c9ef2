// The operator pages' own script: draws the reports page's daily chart with uPlot. Everything it
// needs (the series URL, the labels in the page's language) comes from data-* attributes, so the
// page has no inline script.
(function () {
  'use strict';

  function hours(seconds) {
    return seconds == null ? null : Math.round(seconds / 360) / 10;
  }

  function percent(rate) {
    return rate == null ? null : Math.round(rate * 1000) / 10;
  }

  function say(box, text) {
    var p = document.createElement('p');
    p.className = 'muted chart-message';
    p.textContent = text;
    box.appendChild(p);
  }

  function draw(box, days) {
    // x: the days' UTC midnights in seconds, as uPlot wants; a day without figures is a gap (null).
    var x = [], rate = [], median = [];
    days.forEach(function (d) {
      x.push(Date.parse(d.day + 'T00:00:00Z') / 1000);
      rate.push(percent(d.lateResponseRate));
      median.push(hours(d.medianResponseSeconds));
    });
    if (!days.some(function (d) { return d.customerMessages > 0; })) {
      say(box, box.dataset.empty);
    }
    var lang = document.documentElement.lang || undefined;
    var dayFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    var width = function () { return Math.max(280, box.clientWidth); };
    var chart = new uPlot({
      width: width(),
      height: 280,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      scales: { x: { time: true }, rate: { range: [0, 100] }, h: { range: function (u, min, max) { return [0, Math.max(1, max || 0) * 1.1]; } } },
      series: [
        { label: box.dataset.labelDay, value: function (u, v) { return v == null ? '—' : dayFormat.format(new Date(v * 1e3)); } },
        { label: box.dataset.labelRate, scale: 'rate', stroke: '#b3261e', width: 2, points: { show: true },
          value: function (u, v) { return v == null ? '—' : v + ' %'; } },
        { label: box.dataset.labelMedian, scale: 'h', stroke: '#2457d6', width: 2, points: { show: true },
          value: function (u, v) { return v == null ? '—' : v + ' h'; } }
      ],
      axes: [
        { values: function (u, ticks) { return ticks.map(function (t) { return dayFormat.format(new Date(t * 1e3)); }); } },
        { scale: 'rate', size: 60, values: function (u, ticks) { return ticks.map(function (t) { return t + ' %'; }); } },
        { scale: 'h', side: 1, grid: { show: false }, values: function (u, ticks) { return ticks.map(function (t) { return t + ' h'; }); } }
      ]
    }, [x, rate, median], box);
    window.addEventListener('resize', function () { chart.setSize({ width: width(), height: 280 }); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.getElementById('daily-chart');
    if (!box || typeof uPlot === 'undefined') {
      return;
    }
    fetch(box.dataset.seriesUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (series) { draw(box, series.days); })
      .catch(function () { say(box, box.dataset.failed); });
  });
})();
