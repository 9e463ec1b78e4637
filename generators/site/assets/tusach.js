/* Tủ sách pháp luật số: text size control and offline reading. No third-party code. */
(function () {
  "use strict";
  var KEY = "tsp-textsize";
  var SCALES = [0.9, 1, 1.15, 1.3, 1.5];

  function applyScale(step) {
    document.documentElement.style.setProperty("--tsp-scale", String(SCALES[step]));
  }
  function savedStep() {
    try { var v = parseInt(localStorage.getItem(KEY) || "1", 10); return isNaN(v) ? 1 : Math.max(0, Math.min(SCALES.length - 1, v)); }
    catch (e) { return 1; }
  }
  applyScale(savedStep());

  document.querySelectorAll(".tsp-textsize").forEach(function (group) {
    group.hidden = false;
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-textsize]");
      if (!button) return;
      var delta = parseInt(button.getAttribute("data-textsize"), 10);
      var step = delta === 0 ? 1 : Math.max(0, Math.min(SCALES.length - 1, savedStep() + delta));
      try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode */ }
      applyScale(step);
    });
  });

  /* Material's drawer and search are checkboxes: a browser restoring a page (back button,
     form state) would show them open again. Material marks them autocomplete="off", which
     HTML does not allow on a checkbox; plugin.py drops it and this closes them instead. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("input.md-toggle[data-md-toggle]").forEach(function (toggle) {
      toggle.checked = false;
    });
  });

  /* Video posters load only when the video comes near the screen (or is played). */
  var videos = document.querySelectorAll("video[data-poster]");
  function showPoster(video) {
    if (!video.getAttribute("poster")) video.setAttribute("poster", video.getAttribute("data-poster"));
  }
  if ("IntersectionObserver" in window) {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { showPoster(entry.target); watcher.unobserve(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    videos.forEach(function (video) { watcher.observe(video); });
  } else {
    videos.forEach(showPoster);
  }

  /* A practice block at the end of an explainer loads its script (quiz.js) only when the
     reader comes near it or tabs into it: readers who stop before it never pay for it. */
  document.querySelectorAll("[data-tsp-script]").forEach(function (block) {
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      var script = document.createElement("script");
      script.src = block.getAttribute("data-tsp-script");
      document.body.appendChild(script);
    }
    block.addEventListener("focusin", load);
    if (!("IntersectionObserver" in window)) { load(); return; }
    var near = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); load(); }
    }, { rootMargin: "600px 0px" });
    near.observe(block);
  });

  /* ---- Offline: service worker, "save for offline", new-version bar ------------------ */

  /* The site root, from this script's own address (…/assets/tusach/tusach.<hash>.js). */
  var me = document.currentScript && document.currentScript.src;
  var root = me ? me.replace(/assets\/tusach\/[^/]*$/, "") : null;
  if (!root || !("serviceWorker" in navigator) || !/^https?:/.test(location.protocol)) return;

  function ask(worker, message) {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () { reject(new Error("không có phản hồi")); }, 60000);
      channel.port1.onmessage = function (event) { clearTimeout(timer); resolve(event.data || {}); };
      worker.postMessage(message, [channel.port2]);
    });
  }
  function here() { return location.href.split("#")[0].split("?")[0]; }
  function pageTitle() {
    var h1 = document.querySelector(".md-content h1");
    return (h1 ? h1.textContent : document.title).trim();
  }

  var saveBox = document.querySelector(".tsp-offline");
  var resources = saveBox ? saveBox.getAttribute("data-tsp-save").split(" ").filter(Boolean)
    .map(function (u) { return new URL(u, location.href).href; }) : [];

  function showSaved(saved, message) {
    var button = saveBox.querySelector(".tsp-save");
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.textContent = saved ? "Đã lưu trên máy — bấm để bỏ lưu" : "Lưu để đọc khi không có mạng";
    saveBox.querySelector(".tsp-offline__state").textContent = message || "";
  }

  function setUpSave(worker) {
    if (!saveBox) return;
    ask(worker, { type: "state", url: here() }).then(function (state) {
      saveBox.hidden = false;
      showSaved(state.saved);
    }).catch(function () { /* no worker answer: leave the button hidden */ });
    saveBox.querySelector(".tsp-save").addEventListener("click", function () {
      var button = this;
      var saving = button.getAttribute("aria-pressed") !== "true";
      button.disabled = true;
      saveBox.querySelector(".tsp-offline__state").textContent = saving ? "Đang lưu…" : "";
      var message = saving ? { type: "save", url: here(), title: pageTitle(), resources: resources }
        : { type: "unsave", url: here() };
      var target = navigator.serviceWorker.controller || worker;
      ask(target, message).then(function (answer) {
        if (answer.ok === false) throw new Error(answer.error);
        showSaved(answer.saved, answer.saved ? "Đã lưu bài này và hình ảnh của bài trên máy." : "Đã bỏ lưu bài này.");
      }).catch(function () {
        showSaved(!saving, "Chưa lưu được: hãy thử lại khi có mạng.");
      }).then(function () { button.disabled = false; });
    });
  }

  /* The offline notice lists what this device can still show. */
  function listSaved(worker) {
    var box = document.querySelector(".tsp-saved");
    if (!box) return;
    ask(worker, { type: "list" }).then(function (answer) {
      var ul = box.querySelector(".tsp-saved__list");
      (answer.pages || []).forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.title || decodeURI(p.url.replace(root, "/"));
        li.appendChild(a);
        if (p.saved) li.appendChild(document.createTextNode(" (đã lưu)"));
        ul.appendChild(li);
      });
      box.hidden = !ul.children.length;
    }).catch(function () { /* nothing to list */ });
  }

  function offerUpdate(waiting) {
    if (document.querySelector(".tsp-update")) return;
    var bar = document.createElement("div");
    bar.className = "tsp-update";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Bản cập nhật");
    var text = document.createElement("p");
    text.setAttribute("role", "status");
    text.style.margin = "0";
    text.textContent = "Tủ sách đã có bản mới.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Cập nhật ngay";
    button.addEventListener("click", function () {
      button.disabled = true;
      waiting.postMessage({ type: "skipWaiting" });
    });
    bar.appendChild(text);
    bar.appendChild(button);
    document.body.appendChild(bar);
  }

  var hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadController) location.reload();  // the reader asked for the new version
    hadController = true;
  });

  navigator.serviceWorker.register(root + "sw.js").then(function (registration) {
    function watch(worker) {
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
      });
    }
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    if (registration.installing) watch(registration.installing);
    registration.addEventListener("updatefound", function () { watch(registration.installing); });
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var worker = registration.active;
    setUpSave(worker);
    listSaved(worker);
    if (saveBox && navigator.serviceWorker.controller) {
      ask(worker, { type: "visited", url: here(), title: pageTitle(), resources: resources })
        .catch(function () { /* best effort */ });
    }
  }).catch(function () { /* no service worker (private mode, old browser): online only */ });
})();
