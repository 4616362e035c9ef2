// The seller's pages: keyboard, queue selection across refreshes, reply templates and live limits.
// No inline script anywhere (CSP): everything is wired from data-* attributes and ids.
(function () {
  'use strict';

  var page = document.body.getAttribute('data-page');
  var selectedId = null;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // ---- queue: selection that survives the 15 s refresh ----
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('.queue-row'));
  }

  function select(row) {
    rows().forEach(function (r) {
      r.classList.remove('selected');
      r.removeAttribute('aria-selected');
    });
    if (!row) {
      return;
    }
    row.classList.add('selected');
    row.setAttribute('aria-selected', 'true');
    selectedId = row.getAttribute('data-id');
    row.scrollIntoView({ block: 'nearest' });
  }

  function move(step) {
    var all = rows();
    if (!all.length) {
      return;
    }
    var index = all.findIndex(function (r) { return r.classList.contains('selected'); });
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    select(all[index]);
  }

  document.addEventListener('htmx:afterSwap', function () {
    var live = document.getElementById('live');
    if (live && live.getAttribute('data-server-now')) {
      // The countdowns' offset follows the server clock of the latest refresh.
      document.body.setAttribute('data-server-now', live.getAttribute('data-server-now'));
    }
    if (selectedId) {
      var again = document.querySelector('.queue-row[data-id="' + CSS.escape(selectedId) + '"]');
      if (again) {
        again.classList.add('selected');
        again.setAttribute('aria-selected', 'true');
      }
    }
  });

  document.addEventListener('click', function (event) {
    var row = event.target.closest && event.target.closest('.queue-row');
    if (row && !event.target.closest('a')) {
      window.location.href = row.getAttribute('data-href');
    }
    if (event.target.closest && event.target.closest('[data-shortcuts]')) {
      document.getElementById('shortcuts').showModal();
    }
  });

  // ---- keyboard ----
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var dialog = document.getElementById('shortcuts');
    if (dialog && dialog.open) {
      return; // Esc closes a modal <dialog> by itself
    }
    var key = event.key;
    if (page === 'queue' && (key === 'j' || key === 'k')) {
      move(key === 'j' ? 1 : -1);
    } else if (page === 'queue' && key === 'Enter') {
      var chosen = document.querySelector('.queue-row.selected');
      if (chosen) {
        window.location.href = chosen.getAttribute('data-href');
      }
    } else if (page === 'conversation' && key === 'r') {
      document.getElementById('reply-body').focus();
    } else if (page === 'queue' && key === 't') {
      // Take the selected conversation without leaving the queue: the same form the conversation page posts.
      var row = document.querySelector('.queue-row.selected');
      var token = document.querySelector('meta[name="_csrf"]');
      if (row && token) {
        var form = document.createElement('form');
        form.method = 'post';
        form.action = row.getAttribute('data-href') + '/assignee';
        [['_csrf', token.content], ['back', window.location.pathname + window.location.search]].forEach(function (pair) {
          var input = document.createElement('input');
          input.type = 'hidden';
          input.name = pair[0];
          input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
      }
    } else if (page === 'conversation' && key === 't') {
      var take = document.getElementById('take');
      if (take) {
        take.click();
      }
    } else if (page === 'conversation' && key === 'n') {
      var details = document.getElementById('no-reply');
      details.open = true;
      document.getElementById('no-reply-reason').focus();
    } else if (key === '/') {
      var filter = document.getElementById('filter-marketplace');
      if (filter) {
        filter.focus();
      } else {
        window.location.href = document.querySelector('.top .brand').getAttribute('href');
      }
    } else if (key === '?') {
      if (dialog) {
        dialog.showModal();
      }
    } else {
      return;
    }
    event.preventDefault();
  });

  // ---- reply box: templates and the channel's limits ----
  var form = document.querySelector('.reply-form');
  if (!form) {
    return;
  }
  var box = document.getElementById('reply-body');
  var files = document.getElementById('reply-files');
  var send = document.getElementById('send');
  var choice = document.getElementById('template-choice');
  var pending = null;

  function templateBody(selector) {
    var el = document.querySelector('.template-bodies pre' + selector);
    return el ? el.textContent : null;
  }

  function use(text) {
    box.value = text;
    box.focus();
    check();
  }

  if (choice) {
    choice.addEventListener('change', function () {
      var text = choice.value && templateBody('[data-template="' + CSS.escape(choice.value) + '"]');
      if (text !== null && text !== '') {
        use(text);
      }
    });
  }

  // "/name" then Tab, Enter or Space at the start of an otherwise empty box: the template of that
  // name (the first offered, which is the page's language).
  box.addEventListener('keydown', function (event) {
    var match = /^\/([\w.-]+)$/.exec(box.value);
    if (!match || (event.key !== 'Tab' && event.key !== 'Enter' && event.key !== ' ')) {
      return;
    }
    var pre = document.querySelector('.template-bodies pre[data-name="' + CSS.escape(match[1]) + '"]');
    if (pre) {
      event.preventDefault();
      // The list shows the template used, and the form sends it: the trail records which one.
      if (choice) {
        choice.value = pre.getAttribute('data-template');
      }
      use(pre.textContent);
    }
  });

  function check() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var data = new URLSearchParams();
      data.append('body', box.value);
      Array.prototype.forEach.call(files.files || [], function (file) {
        data.append('fileName', file.name);
        data.append('fileSize', String(file.size));
      });
      var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      var token = document.querySelector('meta[name="_csrf"]');
      var header = document.querySelector('meta[name="_csrf_header"]');
      if (token && header) {
        headers[header.content] = token.content;
      }
      fetch(form.getAttribute('data-check'), { method: 'POST', headers: headers, body: data, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) {
            return;
          }
          // The fragment is the server's own, escaped by Thymeleaf.
          var holder = document.createElement('div');
          holder.innerHTML = html;
          var fresh = holder.querySelector('#limits');
          var limits = document.getElementById('limits');
          if (fresh && limits) {
            limits.replaceWith(fresh);
            send.disabled = fresh.getAttribute('data-problems') !== '0';
          }
        });
    }, 250);
  }

  box.addEventListener('input', check);
  files.addEventListener('change', check);
  check();
})();

// ---- presence: the conversation page renews its lease every 5 s and shows who else is on it ----
(function () {
  var holder = document.getElementById('presence');
  var url = holder && holder.getAttribute('data-beat');
  if (!url) {
    return;
  }
  var lastInput = 0;
  var box = document.getElementById('reply-body');
  if (box) {
    box.addEventListener('input', function () { lastInput = Date.now(); });
  }
  function beat() {
    var data = new URLSearchParams();
    data.append('typing', String(Date.now() - lastInput < 10000));
    var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      headers[header.content] = token.content;
    }
    fetch(url, { method: 'POST', headers: headers, body: data, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) {
          return;
        }
        // The fragment is the server's own, escaped by Thymeleaf.
        var parsed = document.createElement('div');
        parsed.innerHTML = html;
        var fresh = parsed.querySelector('#presence');
        var current = document.getElementById('presence');
        if (fresh && current) {
          current.innerHTML = fresh.innerHTML;
        }
      });
  }
  beat();
  setInterval(beat, 5000);
})();
