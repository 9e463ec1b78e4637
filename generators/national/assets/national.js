/* The national search: the portal's own Pagefind (its script and WebAssembly), with every
   province's own index merged in the browser (Pagefind multisite: mergeIndex, each with a
   mergeFilter {province: name}). No province's index is copied. A province whose index
   cannot be reached is named, and the others still answer. */
const root = document.querySelector("[data-national-search]");
const SHOWN = 10;
const MESSAGES = {
  searching: "Đang tìm…",
  count: "{n} kết quả cho “{q}”.",
  none: "Không tìm thấy kết quả cho “{q}”.",
  chosen: "Chọn ít nhất một tỉnh để tìm.",
  down: "Không kết nối được chỉ mục tìm kiếm của: {names}. Kết quả dưới đây là của các tỉnh còn lại.",
  all_down: "Không kết nối được chỉ mục tìm kiếm của tỉnh nào. Hãy thử lại sau, hoặc tìm trên trang của từng tỉnh (danh sách bên dưới).",
  failed: "Tìm kiếm gặp lỗi. Hãy thử lại, hoặc tìm trên trang của từng tỉnh (danh sách bên dưới).",
  updated: "cập nhật {d}",
};

function message(key, values) {
  return MESSAGES[key].replace(/\{(\w+)\}/g, (all, name) => String(values[name]));
}

/* The provinces' indexes spell đ as ḏ, which Pagefind can fold (generators/site/search.py). */
const toIndex = (q) => q.replace(/đ/g, "ḏ").replace(/Đ/g, "Ḏ");
const fromIndex = (s) => String(s || "").replace(/ḏ/g, "đ").replace(/Ḏ/g, "Đ");

function vnDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

if (root) {
  const form = root.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const status = root.querySelector(".status");
  const alarm = root.querySelector(".unreachable");
  const list = root.querySelector(".results");
  const provinces = Array.from(form.querySelectorAll("input[name=tinh]"), (box) => ({
    name: box.value, bundle: box.dataset.bundle, base: box.dataset.base, tag: box.dataset.tag, box,
  }));
  const own = new URL(root.dataset.bundle, location.href).href;
  let loading = null;
  let latest = 0;

  document.documentElement.classList.add("js");
  form.hidden = false;

  /* Pagefind keeps an index that failed to load and then fails every search: when one
     cannot be merged, start again with those that could (the browser has their files). */
  function open(candidates) {
    return import(`${own}pagefind.js`).then((pagefind) => {
      const search = pagefind.createInstance({ basePath: own, noWorker: true, excerptLength: 24,
                                               metaCacheTag: root.dataset.tag });
      return Promise.all(candidates.map((p) => search.mergeIndex(p.bundle, {
        mergeFilter: { province: p.name }, metaCacheTag: p.tag,
      }).then(() => null, () => p))).then((failed) => ({ search, failed: failed.filter(Boolean) }));
    });
  }

  function load() {
    if (loading) return loading;
    loading = open(provinces).then(({ search, failed }) => {
      if (!failed.length) return { search, down: [] };
      search.destroy();
      return open(provinces.filter((p) => failed.indexOf(p) < 0))
        .then((again) => ({ search: again.search, down: failed.concat(again.failed) }));
    });
    loading.catch(() => { loading = null; });
    return loading;
  }

  function provinceOf(url, data) {
    let best = null;
    provinces.forEach((p) => {
      if (url.indexOf(p.base) === 0 && (!best || p.base.length > best.base.length)) best = p;
    });
    if (best) return best.name;
    const own = data.filters && data.filters.province;
    return own && own.length ? own[0] : "";
  }

  function say(text) { status.textContent = text; }

  function warn(down) {
    const names = down.map((p) => p.name);
    alarm.hidden = !names.length;
    alarm.textContent = !names.length ? ""
      : names.length === provinces.length ? MESSAGES.all_down : message("down", { names: names.join(", ") });
    root.setAttribute("data-unreachable", names.join("|"));
  }

  /* Pagefind's excerpt is HTML with <mark>; keep the text and the marks, nothing else. */
  function excerpt(html) {
    const out = document.createElement("p");
    const template = document.createElement("template");
    template.innerHTML = fromIndex(html);
    template.content.childNodes.forEach((node) => {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(data, province) {
    const item = document.createElement("li");
    item.className = "result";
    const url = new URL(data.url, own);
    /* A province's index is another site's data: only web links become links here. */
    if (url.protocol !== "https:" && url.protocol !== "http:") return;
    const title = document.createElement("a");
    title.href = url.href;
    title.textContent = fromIndex(data.meta.title);
    const heading = document.createElement("h2");
    heading.appendChild(title);
    const where = document.createElement("p");
    where.className = "where";
    where.setAttribute("data-province", province);
    const parts = [province, fromIndex(data.meta.field || "")];
    if (data.meta.updated) parts.push(message("updated", { d: vnDate(data.meta.updated) }));
    where.textContent = parts.filter(Boolean).join(" · ");
    item.append(heading, where, excerpt(data.excerpt));
    list.appendChild(item);
  }

  function chosen() {
    return provinces.filter((p) => p.box.checked).map((p) => p.name);
  }

  function run() {
    const raw = input.value.normalize("NFC").trim();
    const ticket = ++latest;
    const picked = chosen();
    list.textContent = "";
    root.removeAttribute("data-done");
    if (!raw) { say(""); return Promise.resolve(); }
    if (!picked.length) { say(MESSAGES.chosen); root.setAttribute("data-done", raw); return Promise.resolve(); }
    say(MESSAGES.searching);
    const started = performance.now();
    const filters = picked.length === provinces.length ? {} : { province: { any: picked } };
    return load().then(({ search, down }) => {
      warn(down);
      return search.search(toIndex(raw), { filters }).then((found) =>
        Promise.all(found.results.slice(0, SHOWN).map((r) => r.data())).then((pages) => {
          if (ticket !== latest) return;
          pages.forEach((data) => show(data, provinceOf(data.url, data)));
          const n = found.results.length;
          say(n ? message("count", { n, q: raw }) : message("none", { q: raw }));
          root.setAttribute("data-ms", String(Math.round(performance.now() - started)));
          root.setAttribute("data-done", raw);
        }));
    }).catch((error) => {
      if (ticket !== latest) return;
      loading = null; /* the next search tries every province again */
      say(MESSAGES.failed);
      root.setAttribute("data-done", raw);
      if (window.console) console.warn(error);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value.trim());
    history.replaceState(null, "", url);
    run();
  });
  form.addEventListener("change", (event) => { if (event.target.name === "tinh") run(); });
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; run(); }
}
