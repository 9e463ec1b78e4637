/* Tủ sách pháp luật số: text size control and the search page. No third-party code. */
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

  /* Pagefind's UI ships no Vietnamese strings. */
  var VI = {
    placeholder: "Tìm bài giải thích", clear_search: "Xóa", load_more: "Xem thêm kết quả",
    search_label: "Tìm trong tủ sách", filters_label: "Bộ lọc",
    zero_results: "Không tìm thấy kết quả cho [SEARCH_TERM]",
    many_results: "[COUNT] kết quả cho [SEARCH_TERM]", one_result: "1 kết quả cho [SEARCH_TERM]",
    alt_search: "Không có kết quả cho [SEARCH_TERM]. Đang hiện kết quả cho [DIFFERENT_TERM]",
    search_suggestion: "Không có kết quả cho [SEARCH_TERM]. Hãy thử:",
    searching: "Đang tìm [SEARCH_TERM]…"
  };

  /* Pagefind's input is labelled only by its title attribute: give it a visible <label>. */
  function labelSearchInput(box) {
    var input = box.querySelector(".pagefind-ui__search-input");
    if (!input || input.id) return;
    input.id = "tsp-search-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "tsp-searchui__label";
    label.textContent = VI.placeholder;
    box.parentNode.insertBefore(label, box);
  }

  var box = document.getElementById("tsp-search");
  if (box) {
    var bundle = box.getAttribute("data-bundle");
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      /* global PagefindUI */
      var ui = new PagefindUI({ element: "#tsp-search", bundlePath: bundle, showImages: false,
                                showSubResults: true, resetStyles: false, translations: VI });
      labelSearchInput(box);
      var q = new URLSearchParams(location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    script.onerror = function () {
      box.insertAdjacentHTML("beforeend", "<p role=\"alert\">Chưa tải được bộ tìm kiếm. Hãy thử lại khi có mạng.</p>");
    };
    document.body.appendChild(script);
  }
})();
