// Omniqueue's only script besides htmx. Served from our own origin: the Content-Security-Policy
// allows no inline script, so every behaviour is wired here from data-* attributes.
(function () {
  'use strict';

  // htmx requests carry the CSRF token Spring Security expects on every state-changing request.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // <select data-autosubmit> (the language switch) submits its form when changed.
  document.addEventListener('change', function (event) {
    if (event.target.matches('[data-autosubmit]')) {
      event.target.form.submit();
    }
  });

  var lang = document.documentElement.lang || undefined;

  // <time datetime="ISO" data-local> shows in the reader's language and time zone.
  function localTimes(root) {
    var format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    root.querySelectorAll('time[data-local]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date)) {
        el.textContent = format.format(date);
        el.title = date.toISOString();
      }
    });
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  function span(seconds) {
    var s = Math.abs(Math.floor(seconds));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d > 0 ? d + 'd ' : '') + two(h) + ':' + two(m) + ':' + two(s % 60);
  }

  // [data-due="ISO"] counts down to its deadline; amber inside data-warn-seconds, red and
  // counting up once breached. The server's clock offset (data-server-now on <body>) is applied,
  // so a countdown is right even on a machine whose clock is off.
  var offset = 0;
  function clockOffset() {
    var serverNow = document.body.getAttribute('data-server-now');
    if (serverNow) {
      offset = new Date(serverNow).getTime() - Date.now();
    }
  }

  function countdowns() {
    var now = Date.now() + offset;
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var due = new Date(el.getAttribute('data-due')).getTime();
      if (isNaN(due)) {
        return;
      }
      var left = (due - now) / 1000;
      var warn = parseFloat(el.getAttribute('data-warn-seconds') || '0');
      el.classList.toggle('due-breached', left <= 0);
      el.classList.toggle('due-warn', left > 0 && left <= warn);
      el.classList.toggle('due-ok', left > warn);
      el.textContent = (left <= 0 ? '+' : '') + span(left);
    });
  }

  function refresh(root) {
    localTimes(root);
    countdowns();
  }

  document.addEventListener('DOMContentLoaded', function () {
    clockOffset();
    refresh(document);
    setInterval(countdowns, 1000);
  });
  document.addEventListener('htmx:afterSettle', function (event) {
    clockOffset();
    refresh(event.target);
  });

  window.Omniqueue = { refresh: refresh };
})();
