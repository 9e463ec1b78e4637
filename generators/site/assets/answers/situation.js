/* Tủ sách pháp luật số: legal situations (site/answers.py). Without this file each step is
   a page of its own and each answer a plain link to the next one. With it, the steps (every
   page carries them all, hidden) are walked in place: no reload, the address becomes the
   step's own page (history.pushState), so Back and Forward go a step back and forth and a
   reload or a shared link opens that step; the focus moves to the new question, which a
   live region also says. */
(function () {
  "use strict";

  var root = document.querySelector("[data-tsp-situation]");
  if (!root || !window.history || !window.history.pushState) return;
  var live = root.querySelector("[data-tsp-live]");
  /* Every address on the page is relative to it, and the first step's page is a folder
     above the others': before the address bar moves to another step's page (against which
     they would resolve wrongly, the icon's included), they become full addresses. Links
     within the page ("#…") stay as they are: they belong to whichever step is shown. */
  var relative = document.querySelectorAll("a[href], link[href], area[href], form[action]");
  for (var n = 0; n < relative.length; n++) {
    var el = relative[n], name = el.tagName === "FORM" ? "action" : "href";
    var value = el.getAttribute(name);
    if (value.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
    el.setAttribute(name, new URL(value, document.baseURI).href);
  }
  /* The site's name after the page's own title ("… - Tủ sách pháp luật số"), kept. */
  var first = step(root.getAttribute("data-tsp-current"));
  var own = first ? first.getAttribute("data-tsp-title") : "";
  var suffix = document.title.indexOf(own) === 0 ? document.title.slice(own.length) : "";

  function step(id) {
    var all = root.querySelectorAll("[data-tsp-step]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-tsp-step") === id) return all[i];
    }
    return null;
  }

  function show(id, moveFocus) {
    var target = step(id);
    if (!target) return false;
    var all = root.querySelectorAll("[data-tsp-step]");
    for (var i = 0; i < all.length; i++) all[i].hidden = all[i] !== target;
    root.setAttribute("data-tsp-current", id);
    document.title = target.getAttribute("data-tsp-title") + suffix;
    var heading = target.querySelector("h2");
    if (moveFocus && heading) heading.focus();
    if (live && heading) {
      live.textContent = "";
      /* A change the screen reader notices: empty first, then the new words. */
      window.setTimeout(function () { live.textContent = heading.textContent; }, 50);
    }
    return true;
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-tsp-next]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey || event.altKey) return;
    var id = link.getAttribute("data-tsp-next");
    if (!step(id)) return; /* not on this page: let the link load it */
    event.preventDefault();
    window.history.pushState({ tspStep: id }, "", link.href);
    show(id, true);
  });

  window.addEventListener("popstate", function (event) {
    var id = event.state && event.state.tspStep;
    if (id && !show(id, true)) window.location.reload();
  });

  window.history.replaceState({ tspStep: root.getAttribute("data-tsp-current") }, "",
                              window.location.href);
})();
