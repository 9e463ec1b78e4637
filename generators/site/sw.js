/* Tủ sách pháp luật số — the service worker: the bookshelf keeps working without a network.
   Written into site/ by the build (generators/site/offline.py); edit this template instead.

   One cache per build ("tsp-" + VERSION) holds everything one build needs: the bookshelf
   pages, CSS/JS/fonts/icons, the whole search index for the language, and the pages the
   reader opened or saved. A new build's worker fills its own cache completely (copying
   unchanged files, fetching the rest, re-fetching the reader's pages) before it may take
   over, and only then deletes the old cache: pages and index are never from two builds. */
"use strict";

var VERSION = "__VERSION__";
var INDEX_TAG = "__INDEX_TAG__";
var PRECACHE = __PRECACHE__;
var OFFLINE_PAGE = "__OFFLINE__";
var CACHE = "tsp-" + VERSION;
var REVISIONS = "__tsp/revisions.json";
var READER = "__tsp/pages.json";
var KEEP_OPENED = 100;
var NETWORK_WAIT = 4000;

var scope = self.registration.scope;
function abs(url) { return new URL(url, scope).href; }
function pageKey(url) { var u = new URL(url); u.hash = ""; u.search = ""; return u.href; }
var PRECACHED = new Set(PRECACHE.map(function (entry) { return abs(entry[0]); }));

/* ---- small helpers -------------------------------------------------------------------- */

function readJSON(cache, name) {
  return cache.match(abs(name)).then(function (res) { return res ? res.json() : {}; })
    .catch(function () { return {}; });
}
function writeJSON(cache, name, value) {
  return cache.put(abs(name), new Response(JSON.stringify(value),
    { headers: { "Content-Type": "application/json" } }));
}
/* Run `work` over `items`, at most `width` at a time; rejects on the first failure. */
function pool(items, width, work) {
  var next = 0;
  function lane() {
    if (next >= items.length) return Promise.resolve();
    var item = items[next++];
    return Promise.resolve(work(item)).then(lane);
  }
  var lanes = [];
  for (var i = 0; i < Math.min(width, items.length); i++) lanes.push(lane());
  return Promise.all(lanes);
}
function fetchOk(url) {
  return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (res) {
    if (!res.ok) throw new Error(url + " → " + res.status);
    return res;
  });
}
function previousCache() {
  return caches.keys().then(function (names) {
    var old = names.filter(function (n) { return n.indexOf("tsp-") === 0 && n !== CACHE; });
    return old.length ? caches.open(old[old.length - 1]) : null;
  });
}
/* The build a page belongs to, from <meta name="tsp-index">. */
function tagOf(response) {
  return response.clone().text().then(function (html) {
    var m = /<meta name="tsp-index" content="([^"]*)"/.exec(html);
    return m ? m[1] : null;
  });
}

/* ---- install: a complete cache for this build, or nothing ----------------------------- */

self.addEventListener("install", function (event) {
  event.waitUntil(install().catch(function (error) {
    return caches.delete(CACHE).then(function () { throw error; });
  }));
});

function install() {
  return Promise.all([caches.open(CACHE), previousCache()]).then(function (opened) {
    var cache = opened[0], old = opened[1];
    return Promise.all([old ? readJSON(old, REVISIONS) : {}, old ? readJSON(old, READER) : {}])
      .then(function (state) {
        var oldRevisions = state[0], reader = state[1];
        var revisions = {};
        return pool(PRECACHE, 6, function (entry) {
          var url = abs(entry[0]);
          revisions[url] = entry[1];
          var reuse = old && oldRevisions[url] === entry[1] ? old.match(url) : Promise.resolve();
          return reuse.then(function (hit) {
            return hit || fetchOk(url);
          }).then(function (res) { return cache.put(url, res); });
        }).then(function () {
          return carryOver(cache, reader);
        }).then(function (kept) {
          return Promise.all([writeJSON(cache, REVISIONS, revisions), writeJSON(cache, READER, kept)]);
        }).then(function () {
          if (!old) return self.skipWaiting();  // the first install has nothing to replace
        });
      });
  });
}

/* The reader's opened and saved pages, fetched again so they match this build. A page the
   new build no longer has is dropped; the reader sees the offline notice for it. */
function carryOver(cache, reader) {
  var kept = {};
  return pool(Object.keys(reader), 4, function (url) {
    var entry = reader[url];
    var urls = [url].concat(entry.saved ? entry.resources || [] : []);
    return Promise.all(urls.map(fetchOk)).then(function (responses) {
      return Promise.all(responses.map(function (res, i) { return cache.put(urls[i], res); }));
    }).then(function () { kept[url] = entry; }, function () { /* gone or unreachable */ });
  }).then(function () { return kept; });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("tsp-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

/* ---- fetch ---------------------------------------------------------------------------- */

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(scope) !== 0) return;
  if (request.mode === "navigate") event.respondWith(page(request, event));
  else event.respondWith(asset(request));
});

/* Pages: the network first (the newest text), the cache when the network is away or slow,
   and a Vietnamese notice when neither has the page. */
function page(request, event) {
  var key = pageKey(request.url);
  var fromNetwork = fetch(request).then(function (res) {
    if (res.ok && !PRECACHED.has(key)) event.waitUntil(keepPage(key, res.clone()));
    return res;
  });
  var slow = new Promise(function (resolve) { setTimeout(resolve, NETWORK_WAIT); });
  var cached = caches.open(CACHE).then(function (cache) { return cache.match(key); });
  return Promise.race([fromNetwork.catch(function () { return null; }), slow.then(function () { return null; })])
    .then(function (res) {
      if (res) return res;
      return cached.then(function (hit) {
        if (hit) return hit;
        return fromNetwork.catch(function () {
          return caches.open(CACHE).then(function (cache) { return cache.match(abs(OFFLINE_PAGE)); })
            .then(function (notice) {
              if (!notice) return Response.error();
              return Response.redirect(abs(OFFLINE_PAGE) + "?trang=" + encodeURIComponent(key), 302);
            });
        });
      });
    });
}

/* Keep an opened page, but only if it is from this worker's build: a page of a newer build
   goes to the waiting worker (which will own it), never beside this build's index. */
function keepPage(key, res) {
  return tagOf(res).then(function (tag) {
    if (tag !== INDEX_TAG) {
      var next = self.registration.waiting || self.registration.installing;
      if (next) next.postMessage({ type: "visited", url: key });
      return;
    }
    return caches.open(CACHE).then(function (cache) {
      return cache.put(key, res).then(function () { return remember(cache, key, {}); });
    });
  });
}

/* Changes to the reader's list run one after another, so none is lost. */
var queue = Promise.resolve();
function remember(cache, url, changes) {
  var run = function () { return update(cache, url, changes); };
  queue = queue.then(run, run);
  return queue;
}

function update(cache, url, changes) {
  return readJSON(cache, READER).then(function (reader) {
    var entry = reader[url] || { saved: false, resources: [] };
    Object.keys(changes).forEach(function (k) { entry[k] = changes[k]; });
    entry.at = Date.now();
    delete reader[url];
    reader[url] = entry;  // most recent last
    var opened = Object.keys(reader).filter(function (u) { return !reader[u].saved; });
    var evict = opened.slice(0, Math.max(0, opened.length - KEEP_OPENED));
    evict.forEach(function (u) { delete reader[u]; });
    return Promise.all(evict.map(function (u) { return cache.delete(u); }))
      .then(function () { return writeJSON(cache, READER, reader); })
      .then(function () { return reader[url]; });
  });
}

/* Everything else: this build's copy first; images of opened pages are kept as they load;
   the search index only ever comes from the precache or the network, never mixed. */
function asset(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request.url).then(function (hit) {
      if (hit && request.headers.has("range")) return partial(hit, request.headers.get("range"));
      if (hit) return hit;
      return fetch(request).then(function (res) {
        var path = request.url.slice(scope.length);
        if (res.ok && path.indexOf("media/") === 0) cache.put(request, res.clone());
        return res;
      });
    });
  });
}

/* A saved audiobook plays offline: the player asks for byte ranges (to seek), the cache
   holds the whole file, so answer with the part asked for. */
function partial(response, range) {
  var m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  return response.arrayBuffer().then(function (body) {
    var size = body.byteLength;
    if (!m || (!m[1] && !m[2])) return new Response(body, { status: 200, headers: response.headers });
    var start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
    var end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    var headers = new Headers(response.headers);
    headers.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(body.slice(start, end + 1), { status: 206, headers: headers });
  });
}

/* ---- messages from pages -------------------------------------------------------------- */

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = function (value) { if (event.ports[0]) event.ports[0].postMessage(value); };
  var work;
  if (data.type === "skipWaiting") work = self.skipWaiting();
  else if (data.type === "visited") work = visited(data);
  else if (data.type === "save") work = save(data);
  else if (data.type === "unsave") work = unsave(data);
  else if (data.type === "state") work = state(data);
  else if (data.type === "list") work = list();
  else return;
  event.waitUntil(Promise.resolve(work).then(reply, function (error) {
    reply({ ok: false, error: String(error && error.message || error) });
  }));
});

function visited(data) {
  var key = pageKey(data.url);
  if (PRECACHED.has(key)) return { ok: true };
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      return hit || fetchOk(key).then(function (res) { return cache.put(key, res); });
    }).then(function () {
      var changes = {};
      if (data.title) changes.title = data.title;
      if (data.resources) changes.resources = data.resources.map(abs);
      return remember(cache, key, changes);
    });
  }).then(function () { return { ok: true }; });
}

function save(data) {
  var key = pageKey(data.url);
  var resources = (data.resources || []).map(abs);
  return caches.open(CACHE).then(function (cache) {
    var urls = [key].concat(resources);
    return Promise.all(urls.map(fetchOk)).then(function (responses) {
      return Promise.all(responses.map(function (res, i) { return cache.put(urls[i], res); }));
    }).then(function () {
      return remember(cache, key, { saved: true, title: data.title || key, resources: resources });
    });
  }).then(function () { return { ok: true, saved: true }; });
}

function unsave(data) {
  var key = pageKey(data.url);
  return caches.open(CACHE).then(function (cache) {
    return remember(cache, key, { saved: false });
  }).then(function () { return { ok: true, saved: false }; });
}

function state(data) {
  var key = pageKey(data.url);
  return caches.open(CACHE).then(function (cache) {
    return readJSON(cache, READER).then(function (reader) {
      return { ok: true, saved: !!(reader[key] && reader[key].saved), version: VERSION };
    });
  });
}

function list() {
  return caches.open(CACHE).then(function (cache) { return readJSON(cache, READER); })
    .then(function (reader) {
      var pages = Object.keys(reader).reverse().map(function (url) {
        return { url: url, title: reader[url].title || "", saved: !!reader[url].saved };
      });
      return { ok: true, pages: pages, version: VERSION };
    });
}
