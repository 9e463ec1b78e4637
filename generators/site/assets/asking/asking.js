/* Tủ sách pháp luật số: the forms that post to the collector (site/asking.py). Without this
   file they are plain forms the collector answers with a redirect back to the page; with
   it they are sent with fetch, errors show at their fields, and an answer written with no
   network is kept on the device and sent when the network is back (or on the next visit). */
(function () {
  "use strict";
  var QUEUE = "tsp-asking-queue";
  var forms = [].slice.call(document.querySelectorAll("form[data-tsp-form]"));

  function messagesOf(form) {
    try { return JSON.parse(form.getAttribute("data-messages") || "{}"); } catch (e) { return {}; }
  }
  function say(form, text) {
    var box = form && form.querySelector(".tsp-form__status");
    if (box) box.textContent = text || "";
  }
  function payload(form, extra) {
    var data = new URLSearchParams(new FormData(form));
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return data.toString();
  }

  /* The waiting answers: [{action, body}], in localStorage (survives a closed tab). */
  function queued() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function store(items) {
    try {
      if (items.length) localStorage.setItem(QUEUE, JSON.stringify(items));
      else localStorage.removeItem(QUEUE);
      return true;
    } catch (e) { return false; }
  }
  function keep(action, body) {
    var items = queued().concat([{ action: action, body: body }]);
    return store(items.slice(-20));  /* a device that never gets through keeps the latest */
  }

  function post(action, body) {
    return fetch(action, {
      method: "POST", mode: "cors", credentials: "omit", body: body,
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (res) {
      return res.json().catch(function () { return { ok: res.ok, message: "" }; })
        .then(function (json) { json.status = res.status; return json; });
    });
  }

  function clearErrors(form) {
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".tsp-form__error").forEach(function (el) { el.textContent = ""; });
  }
  function showErrors(form, answer, m) {
    var first = null;
    Object.keys(answer.errors || {}).forEach(function (name) {
      var controls = [].slice.call(form.elements).filter(function (el) { return el.name === name; });
      if (!controls.length) return;
      controls.forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
      var field = controls[0].closest(".tsp-field");
      var slot = field && field.querySelector(".tsp-form__error");
      if (slot) slot.textContent = answer.errors[name];
      if (!first) first = controls[0];
    });
    say(form, answer.message || m.form_errors || m.form_failed);
    if (first) { if (first.closest("[hidden]")) first.closest("[hidden]").hidden = false; first.focus(); }
  }

  function send(form, extra, done) {
    var m = messagesOf(form);
    var action = form.action, body = payload(form, extra);
    if (form.getAttribute("aria-busy") === "true") return false;
    clearErrors(form);
    function finish(text) { form.removeAttribute("aria-busy"); say(form, text); if (done) done(); }
    function later() { finish(keep(action, body) ? m.form_offline : m.form_failed); }
    if (navigator.onLine === false) { later(); return true; }
    form.setAttribute("aria-busy", "true");
    say(form, m.form_sending);
    post(action, body).then(function (answer) {
      if (answer.ok) {
        form.reset();
        finish(answer.message || m.feedback_thanks);
      } else {
        form.removeAttribute("aria-busy");
        showErrors(form, answer, m);
      }
    }, later);
    return true;
  }

  /* What was kept offline, now or when the network comes back. */
  var flushing = false;
  function flush() {
    var items = queued();
    if (flushing || !items.length || navigator.onLine === false) return;
    flushing = true;
    var left = [], sent = 0;
    items.reduce(function (chain, item) {
      return chain.then(function () {
        return post(item.action, item.body).then(function (answer) {
          if (answer.ok) sent += 1;
          else if (answer.status === 429 || answer.status >= 500) left.push(item);
        }, function () { left.push(item); });
      });
    }, Promise.resolve()).then(function () {
      store(left.concat(queued().slice(items.length)));
      flushing = false;
      if (sent && forms.length) say(forms[0], messagesOf(forms[0]).form_sent_later);
    });
  }
  window.addEventListener("online", flush);

  forms.forEach(function (form) {
    if (form.getAttribute("data-tsp-form") === "feedback") feedback(form);
    else form.addEventListener("submit", function (event) { event.preventDefault(); send(form); });
    var page = form.querySelector("[data-tsp-page]");
    var from = new URLSearchParams(location.search).get("trang");
    if (page && from && /^[a-z0-9][a-z0-9\/-]*\/$/.test(from)) page.value = from;
  });

  /* Có / Không first; then the optional text and "Gửi góp ý" (one answer per reader: an
     answer left without the text is sent when the reader leaves the page). */
  function feedback(form) {
    var more = form.querySelector("[data-tsp-more]");
    var answers = form.querySelector("[data-tsp-answers]");
    var button = form.querySelector("[data-tsp-send]");
    var chosen = null, sent = false;
    more.hidden = true;
    answers.addEventListener("click", function (event) {
      var choice = event.target.closest("button[name=useful]");
      if (!choice) return;
      event.preventDefault();
      chosen = choice.value;
      answers.hidden = true;
      more.hidden = false;
      button.hidden = false;
      more.querySelector("textarea").focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!chosen) return;
      sent = send(form, { useful: chosen }, function () {
        /* The text and its button go; the answer stays where the reader is. */
        var status = form.querySelector(".tsp-form__status");
        more.hidden = true;
        button.hidden = true;
        status.setAttribute("tabindex", "-1");
        status.focus();
      }) || sent;
    });
    window.addEventListener("pagehide", function () {
      if (!chosen || sent) return;
      sent = true;
      var body = payload(form, { useful: chosen });
      var beacon = navigator.onLine !== false && navigator.sendBeacon &&
        navigator.sendBeacon(form.action, new Blob([body], { type: "application/x-www-form-urlencoded" }));
      if (!beacon) keep(form.action, body);
    });
  }

  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.classList.contains("tsp-thanks")) target.focus();
  flush();
})();
