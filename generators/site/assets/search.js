/* Tủ sách pháp luật số: the search page.
   Pagefind finds; this file makes it understand Vietnamese as people type it (no
   diacritics, no đ, Telex leftovers, document numbers), puts pages with the words together
   first, and shows the results accessibly. No third-party code beyond Pagefind. */
(function () {
  "use strict";
  var root = document.getElementById("tsp-search");
  var lang = (document.documentElement.lang || "vi").split("-")[0].toLowerCase();
  /* Each result shown costs one fragment download: five first, ten more on request. */
  var FIRST = 5, MORE = 10;
  var MESSAGES = {
    count: "{n} bài phù hợp với {q}.",
    none: "Không tìm thấy bài nào cho {q}. Hãy thử từ ngắn hơn hoặc bỏ bớt bộ lọc.",
    partial: "Không có bài nào có đủ các từ của {q}; {n} bài có một phần các từ đó.",
    failed: "Chưa tải được bộ tìm kiếm. Khi có mạng, hãy mở trang này một lần; sau đó tìm được cả khi không có mạng.",
    busy: "Đang tìm…",
    result_field: "Lĩnh vực: {field}",
    chosen_filters: "bộ lọc đã chọn",
    understood: "Đã hiểu là “{q}”.",
    by_field: "Lĩnh vực",
    by_audience: "Đối tượng",
    by_type: "Loại văn bản",
    by_document: "Văn bản được trích dẫn",
    answered: "Câu trả lời ở đầu kết quả.",
    basis: "Căn cứ: {basis}",
    situation: "Trả lời từng câu hỏi ngắn để biết quy định áp dụng cho trường hợp của bạn.",
    section: "Mục: {section}"
  };
  try { Object.assign(MESSAGES, JSON.parse(root.getAttribute("data-messages") || "{}")); }
  catch (e) { /* keep the Vietnamese messages */ }
  /* `{name}` → values[name]; a function, so a `$` typed in the query is kept as typed. */
  function message(key, values) {
    return MESSAGES[key].replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }
  /* Pagefind filter → the message naming its group. */
  var FILTERS = [["linh_vuc", "by_field"], ["doi_tuong", "by_audience"],
                 ["loai_van_ban", "by_type"], ["van_ban", "by_document"]];

  /* ---- Vietnamese as typed ------------------------------------------------------------ */

  var TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
  var SYLLABLE = new RegExp(
    "^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?" +
    "(iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|" +
    "oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)" +
    "(ch|nh|ng|c|m|n|p|t)?$");

  /* Put the tone mark where Vietnamese spelling puts it (hòa, người, quyết, việc). */
  function placeTone(word, mark) {
    var m = SYLLABLE.exec(word);
    if (!m) return null;
    var nucleus = Array.from(m[2]);
    var at = nucleus.findIndex(function (c) { return "ơ".indexOf(c) >= 0; });
    if (at < 0) at = nucleus.findIndex(function (c) { return "âăêôư".indexOf(c) >= 0; });
    if (at < 0) at = m[3] ? nucleus.length - 1 : (nucleus.length === 3 ? 1 : 0);
    nucleus[at] += mark;
    return ((m[1] || "") + nucleus.join("") + (m[3] || "")).normalize("NFC");
  }

  /* A word typed in Telex with the Vietnamese keyboard switched off ("luaatj", "ddaats",
     "nguowif") becomes the word meant ("luật", "đất", "người"); anything else is kept. */
  function telex(word) {
    if (!/^[a-z]{2,}$/.test(word)) return word;
    var body = word, mark = "", m;
    if ((m = /^(.*[aeiouyw].*)([sfrxj])$/.exec(word))) { body = m[1]; mark = TONES[m[2]]; }
    else if ((m = /^(.*[aeiouyw])([sfrxj])(ch|nh|ng|c|m|n|p|t)$/.exec(word))) {
      body = m[1] + m[3]; mark = TONES[m[2]];
    }
    var shaped = body.replace(/dd/g, "đ").replace(/uow/g, "ươ").replace(/aa/g, "â")
      .replace(/aw/g, "ă").replace(/ee/g, "ê").replace(/oo/g, "ô").replace(/ow/g, "ơ")
      .replace(/uw/g, "ư").replace(/w/g, "ư");
    if (shaped === body && !mark) return word;
    var meant = mark ? placeTone(shaped, mark) : (SYLLABLE.test(shaped) ? shaped : null);
    return meant || word;
  }

  /* What the reader meant: NFC, lower case, single spaces, document numbers joined up,
     Telex leftovers repaired (Vietnamese only). */
  function normalise(raw) {
    var q = String(raw || "").normalize("NFC").toLowerCase()
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
      .replace(/[“”„«»]/g, "\"").replace(/[–—]/g, "-")
      .replace(/([0-9a-zđ])\s*([/-])\s*(?=[0-9a-zđ])/g, "$1$2")
      .replace(/\s+/g, " ").trim();
    if (lang === "vi") q = q.split(" ").map(telex).join(" ");
    return q;
  }

  /* The index spells đ as ḏ, which Pagefind can fold (see generators/site/search.py). */
  function toIndex(q) { return q.replace(/đ/g, "ḏ").replace(/Đ/g, "Ḏ"); }
  function fromIndex(s) { return String(s || "").replace(/ḏ/g, "đ").replace(/Ḏ/g, "Đ"); }

  window.tspSearch = { normalise: normalise, telex: telex, toIndex: toIndex };
  if (!root) return;

  /* ---- Pagefind ----------------------------------------------------------------------- */

  var form = root.querySelector("form");
  var input = document.getElementById("tsp-search-q");
  var status = document.getElementById("tsp-search-status");
  var list = document.getElementById("tsp-search-results");
  var more = document.getElementById("tsp-search-more");
  var answerBox = document.getElementById("tsp-answers");
  var answerList = answerBox.querySelector("ol");
  var filterBox = root.querySelector(".tsp-filters");
  var loading = null;

  function load() {
    if (!loading) {
      var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
      var tag = root.getAttribute("data-tag");
      loading = import(bundle + "pagefind.js").then(function (pagefind) {
        /* No web worker: 12 KB less to fetch for the first search, and a static index this
           size searches in milliseconds on the page's own thread. */
        var options = { excerptLength: 26, noWorker: true };
        if (tag) options.metaCacheTag = tag;
        return pagefind.options(options).then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function selectedFilters() {
    var chosen = {};
    root.querySelectorAll(".tsp-filters input:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    var out = {};
    Object.keys(chosen).forEach(function (key) { out[key] = { any: chosen[key] }; });
    return out;
  }

  /* Pagefind ranks by word statistics only; the first RERANK results are ordered again by
     what a reader means: the exact words typed (with their diacritics) before look-alikes,
     the query's words together and in order before words apart, in the title before the
     body. Their fragments are loaded anyway to show them. */
  var RERANK = 8;

  function wordsOf(text) {
    return fromIndex(text).normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  function bare(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }
  /* Does `hay` hold `needle` as consecutive words (the last one may be a prefix, as typed)? */
  function holds(hay, needle) {
    var last = needle.length - 1;
    for (var i = 0; i + needle.length <= hay.length; i++) {
      var j = 0;
      while (j < needle.length && (hay[i + j] === needle[j] ||
             (j === last && hay[i + j].indexOf(needle[j]) === 0))) j++;
      if (j === needle.length) return true;
    }
    return false;
  }

  /* What a page is about: its title, its address (editors make it from the subject:
     "cac-buoc-hoa-giai-o-thon") and its tags. */
  function judge(page, typed) {
    var title = wordsOf(page.meta.title), text = wordsOf(page.content);
    var slug = page.url.replace(/\/$/, "").split("/").pop().split("-");
    var tags = (page.meta.tags || "").split(",").map(function (t) { return wordsOf(t).map(bare); });
    var bareQuery = typed.map(bare), bareText = text.map(bare);
    var bareTitle = title.map(bare);
    var about = bareTitle.concat(slug).concat([].concat.apply([], tags));
    var marked = typed.filter(function (w) { return w !== bare(w); });
    var exact = marked.every(function (w) { return title.indexOf(w) >= 0 || text.indexOf(w) >= 0; });
    var score = 0;
    var named = holds(bareTitle, bareQuery) || holds(slug, bareQuery) ||
        tags.some(function (t) { return holds(t, bareQuery); });
    if (named) score += 4;
    else score += 2 * bareQuery.filter(function (w) { return about.indexOf(w) >= 0; }).length / bareQuery.length;
    if (typed.length > 1 && holds(bareText, bareQuery)) score += 2;
    if (marked.length && holds(title.concat(text), typed)) score += 1;
    return { exact: marked.length > 0 && exact, named: named, score: score };
  }

  /* ---- Understanding the question ---------------------------------------------------- */

  /* The passages of a page: the lead (title, description), then one per heading with an id
     (Pagefind's sub-results), each as its words without marks. */
  function passages(page) {
    var raw = fromIndex(page.raw_content || page.content || "").split(/[\r\n\s]+/);
    var words = raw.map(token);
    var anchors = (page.anchors || []).filter(function (a) {
      return /h\d/i.test(a.element) && a.id && a.text && /\S/.test(a.text);
    }).sort(function (a, b) { return a.location - b.location; });
    var out = [], start = 0, current = null;
    anchors.concat([null]).forEach(function (a) {
      var end = a ? a.location : words.length;
      if (end > start || current) {
        out.push({ anchor: current, words: words.slice(start, end),
                   heading: current ? current.text.split(/\s+/).map(token).filter(Boolean) : [] });
      }
      start = end; current = a;
    });
    return out;
  }

  /* A word as compared: no marks, no punctuation around it; a document number stays one
     word ("45/2019/qh14"), or its "45" would match "45 ngày". */
  function token(word) {
    return bare(fromIndex(word).normalize("NFC").toLowerCase()
      .replace(/[^\p{L}\p{N}\/\-]+/gu, "").replace(/^[\/\-]+|[\/\-]+$/g, ""));
  }

  function contains(words, term) { return words.indexOf(term) >= 0; }
  function together(words, a, b) {
    for (var i = 0; i + 1 < words.length; i++) if (words[i] === a && words[i + 1] === b) return true;
    return false;
  }

  /* How well a passage answers `terms` (the question's words without marks): each word it
     has, weighted by how rare the word is among the passages found (idf), twice for two
     words side by side as asked (Vietnamese words are mostly two syllables), and more when
     its heading has them. `cover` is the share of the question's weight it has. */
  function scorer(terms, all, asked) {
    var idf = {};
    terms.forEach(function (t) {
      var df = all.filter(function (p) { return contains(p.words, t); }).length;
      idf[t] = Math.log(1 + all.length / (1 + df));
    });
    var pairs = [];
    for (var i = 0; i + 1 < terms.length; i++) pairs.push([terms[i], terms[i + 1]]);
    var total = terms.reduce(function (sum, t) { return sum + idf[t]; }, 0) || 1;
    /* The words that only make the question a sentence ("ở đâu", "những gì") still tell
       one heading from another: a little for each in the heading. */
    var small = asked.filter(function (w) { return terms.indexOf(w) < 0; });
    return function (p, headingWeight) {
      var have = 0, score = 0, weight = headingWeight || 0.5;
      terms.forEach(function (t) {
        if (contains(p.words, t)) { have += idf[t]; score += idf[t]; }
        if (contains(p.heading, t)) score += weight * idf[t];
      });
      small.forEach(function (w) { if (contains(p.heading, w)) score += 0.3; });
      pairs.forEach(function (pair) {
        if (together(p.words, pair[0], pair[1])) score += idf[pair[0]] + idf[pair[1]];
      });
      return { score: score, cover: have / total };
    };
  }

  /* An answer is shown when its question has this share of the query's weight. */
  var ANSWER_COVER = 0.75, ANSWER_OVER = 1.2, MAX_ANSWERS = 3;
  /* How much more a word counts in a passage's heading (what the passage answers). */
  var HEADING = 0.75;
  /* Other sections shown under an explainer result: at most this many, each matching at
     least this share of its best passage's score. */
  var MAX_ALSO = 2, ALSO = 0.5;
  /* From this many words, a question brings the pages with all but one of them too. */
  var WIDEN = 4;
  function isAnswer(page) { return page.meta.kind === "qa" || page.meta.kind === "situation"; }

  /* The first results, understood: the Q&A items and situations that answer the question
     (for the answer box), the explainers ordered by their best passage, each with it. */
  function understand(results, typed, meant, asked) {
    var head = results.slice(0, RERANK);
    var terms = Array.from(new Set(meant));
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (pages) {
      var split = pages.map(passages);
      var score = scorer(terms, [].concat.apply([], split), asked);
      var answers = [], explainers = [];
      head.forEach(function (r, i) {
        var page = pages[i];
        // A heading says what its passage answers (a Q&A item's is its question).
        var judged = split[i].map(function (p) { var j = score(p, HEADING); j.passage = p; return j; });
        if (isAnswer(page)) {
          judged.forEach(function (j) {
            var qa = page.meta.kind === "qa";
            if ((qa && !j.passage.anchor) || j.cover < ANSWER_COVER) return;
            answers.push({ page: page, anchor: qa ? j.passage.anchor.id : null, score: j.score, i: i });
          });
          if (page.meta.kind === "situation") {
            // One passage, the whole tree: judged as a whole, title first.
            var title = page.meta.title.split(/\s+/).map(token).filter(Boolean);
            var whole = score({ words: [].concat.apply([], split[i].map(function (p) { return p.words; })),
                                heading: title }, 1);
            // Its many steps hold many words: its title must be about the question too.
            var titled = score({ words: title, heading: [] });
            if (whole.cover >= ANSWER_COVER && titled.cover >= 0.5) {
              answers.push({ page: page, anchor: null, score: whole.score, i: i });
            }
          }
          return;
        }
        // The result points to a section: the lead (title, description) is the page itself.
        var sections = judged.filter(function (j) { return j.passage.anchor; });
        var best = (sections.length ? sections : judged).reduce(function (a, b) {
          return b.score > a.score ? b : a;
        }, { score: -1 });
        if (!best.passage) best = { score: 0, passage: null };
        // The next passages that answer nearly as well, shown under the result: the right
        // one is often the second best (the question's words are in several sections).
        var also = sections.filter(function (x) {
          return x !== best && x.score > 0 && x.score >= ALSO * best.score;
        }).sort(function (a, b) { return b.score - a.score; }).slice(0, MAX_ALSO);
        var j = judge(page, typed);
        explainers.push({ r: r, i: i, exact: j.exact, named: j.named, rank: 2 * j.score + best.score, passageScore: best.score,
                          best: { anchor: best.passage && best.passage.anchor ? best.passage.anchor : null,
                                  also: also.map(function (x) { return x.passage.anchor; }) } });
      });
      /* Exact diacritics first; then pages whose title, address or tags say the whole
         question (it is their subject); then how well their best passage answers. */
      explainers.sort(function (a, b) {
        return (b.exact - a.exact) || (b.named - a.named) || (b.rank - a.rank) || (a.i - b.i);
      });
      /* An answer goes first only when it matches the question at least about as well as
         the best passage of any explainer found: otherwise the explainer answers better. */
      var bar = ANSWER_OVER * explainers.reduce(function (m, x) { return Math.max(m, x.passageScore); }, 0);
      answers = answers.filter(function (a) { return a.score >= bar; });
      explainers.forEach(function (x) { bestOf.set(x.r.id, x.best); });
      answers.sort(function (a, b) { return (b.score - a.score) || (a.i - b.i); });
      var seen = new Set();
      answers = answers.filter(function (a) {
        var key = a.page.url + "#" + a.anchor;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }).slice(0, MAX_ANSWERS);
      var rest = results.slice(RERANK);
      return { answers: answers, explainers: explainers.length + rest.length,
               results: explainers.map(function (x) { return x.r; }).concat(rest) };
    });
  }

  /* Result id → { anchor: the heading of its best passage (null: the page's lead),
     also: the headings of the next passages that answer }. */
  var bestOf = new Map();

  /* Words that make a question a sentence but say nothing about its subject. They are
     dropped from longer queries ("bị lừa chuyển tiền phải làm gì" → "lừa chuyển tiền");
     unaccented forms only where they cannot be another word (toi: tôi/tội, co: có/cơ). */
  var FILLER = new Set(("bị phải làm gì sao thế nào như có không được thì là của và cho tôi " +
    "mình em ạ nhé à ơi hay hoặc những các một này đó với ở đâu khi nếu " +
    "bi phai lam gi khong duoc nao thi cua va nhe hoac nhung cac " +
    /* as typed on a phone: không, được, gì, như thế nào, vậy */
    "ko k kh khg hok hong hem dc đc j ntn vay vậy a").split(" "));

  function subject(words) {
    var kept = words.filter(function (w) { return !FILLER.has(w); });
    return words.length >= 3 && kept.length >= 2 ? kept : words;
  }

  /* No page has every word: rank pages by how many of the words they have. */
  function someWords(pagefind, words, filters, least) {
    return Promise.all(words.map(function (w) {
      return pagefind.search(toIndex(w), { filters: filters });
    })).then(function (searches) {
      var byId = new Map();
      searches.forEach(function (search) {
        search.results.forEach(function (r) {
          var seen = byId.get(r.id) || { result: r, words: 0, score: 0 };
          seen.words += 1; seen.score += r.score;
          byId.set(r.id, seen);
        });
      });
      return Array.from(byId.values()).filter(function (s) {
        return s.words >= (least || 1);
      }).sort(function (a, b) {
        return b.words - a.words || b.score - a.score;
      }).map(function (s) { return s.result; });
    });
  }

  /* A long question's every word may be on a page by chance ("hơn" for "hôn", "tờ" for
     "tổ") while the page about it lacks one: the pages with all but one word are ranked
     too, after those with all of them. */
  function widened(pagefind, found, words, filters) {
    // None with all the words: the search falls back on pages with some of them anyway.
    if (words.length < WIDEN || !found.results.length || found.results.length >= RERANK) {
      return Promise.resolve(found);
    }
    return someWords(pagefind, words, filters, words.length - 1).then(function (some) {
      var ids = new Set(found.results.map(function (r) { return r.id; }));
      return { filters: found.filters, results: found.results.concat(
        some.filter(function (r) { return !ids.has(r.id); })) };
    });
  }

  /* Every search the reader asks for, in order; a slower, older one never overwrites a newer. */
  var latest = 0;
  var shown = { results: [], next: 0 };

  function search(raw) {
    var ticket = ++latest;
    var started = performance.now();
    var q = normalise(raw);
    var filters = selectedFilters();
    if (!q && !Object.keys(filters).length) { clear(); return Promise.resolve(); }
    var slow = setTimeout(function () { if (ticket === latest) say(MESSAGES.busy); }, 400);
    return load().then(function (pagefind) {
      var quoted = q.indexOf("\"") >= 0;
      var words = quoted ? q.split(" ").filter(Boolean) : subject(q.split(" ").filter(Boolean));
      var term = q ? toIndex(quoted ? q : words.join(" ")) : null;
      var typed = wordsOf(words.join(" ")).length ? wordsOf(words.join(" ")) : words;
      var asked = q.split(" ").map(token).filter(Boolean);
      var meant = words.map(token).filter(Boolean);
      return pagefind.search(term, { filters: filters }).then(function (found) {
        return widened(pagefind, found, quoted ? [] : words, filters);
      }).then(function (found) {
        return understand(found.results, typed, meant, asked).then(function (understood) {
          var outcome = { results: understood.results, answers: understood.answers,
                          partial: false, counts: found.filters };
          // A Q&A page may hold every word when no explainer does: explainers with some.
          if (understood.explainers || words.length < 2) return outcome;
          return someWords(pagefind, words, filters).then(function (some) {
            return understand(some, typed, meant, asked).then(function (more) {
              outcome.results = more.results;
              outcome.partial = more.explainers > 0;
              if (!outcome.answers.length) outcome.answers = more.answers;
              return outcome;
            });
          });
        });
      }).then(function (outcome) {
        if (ticket !== latest) { clearTimeout(slow); return; }
        shown = { results: outcome.results, next: 0, raw: raw, q: q, partial: outcome.partial };
        list.textContent = "";
        showAnswers(outcome.answers);
        updateCounts(outcome.counts);
        return showMore(ticket).then(function () {
          clearTimeout(slow);
          if (ticket !== latest) return;
          announce(raw, q, outcome);
          root.setAttribute("data-done", q);
          root.setAttribute("data-ms", String(Math.round(performance.now() - started)));
          remember(raw);
        });
      });
    }).catch(function (error) {
      clearTimeout(slow);
      if (ticket !== latest) return;
      say(MESSAGES.failed);
      root.setAttribute("data-done", q);
      if (window.console) console.warn(error);
    });
  }

  function showMore(ticket) {
    var slice = shown.results.slice(shown.next, shown.next + (shown.next ? MORE : FIRST));
    shown.next += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== latest) return;
      var first = null;
      pages.forEach(function (page, k) {
        // A Q&A page or situation further down than the answers looked at: not an explainer.
        if (isAnswer(page)) return;
        var item = render(page, bestOf.get(slice[k].id) || null);
        list.appendChild(item);
        first = first || item;
      });
      more.parentNode.hidden = shown.next >= shown.results.length;
      return first;
    });
  }

  function render(page, best) {
    var item = document.createElement("li");
    item.className = "tsp-result";
    var heading = document.createElement("h2");
    heading.className = "tsp-result__title";
    var link = document.createElement("a");
    var subs = (page.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; });
    var bestSub = best && best.anchor ? subOf(page, subs, best.anchor) : null;
    link.href = bestSub ? bestSub.url : page.url;
    link.textContent = fromIndex(page.meta.title);
    heading.appendChild(link);
    item.appendChild(heading);
    if (page.meta.field) {
      var field = document.createElement("p");
      field.className = "tsp-result__field";
      var around = MESSAGES.result_field.split("{field}");
      field.appendChild(document.createTextNode(around[0]));
      field.appendChild(vietnamese(page.meta.field));
      field.appendChild(document.createTextNode(around.slice(1).join("{field}")));
      item.appendChild(field);
    }
    if (bestSub) {
      /* The result points to the passage that answers: its heading and its words. */
      var where = document.createElement("p");
      where.className = "tsp-result__section";
      where.textContent = message("section", { section: fromIndex(bestSub.title) });
      item.appendChild(where);
    }
    item.appendChild(excerpt(bestSub && bestSub.excerpt ? bestSub.excerpt : page.excerpt, "p", "tsp-result__excerpt"));
    var sections = best && best.also.length ? best.also.map(function (a) { return subOf(page, subs, a); })
      : subs.filter(function (s) {
        return s !== bestSub && fromIndex(s.title) !== fromIndex(page.meta.title);
      }).slice(0, 2);
    if (sections.length) {
      var sub = document.createElement("ul");
      sub.className = "tsp-result__sections";
      sections.forEach(function (s) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = s.url;
        a.textContent = fromIndex(s.title);
        li.appendChild(a);
        li.appendChild(document.createTextNode(": "));
        li.appendChild(excerpt(s.excerpt, "span", ""));
        sub.appendChild(li);
      });
      item.appendChild(sub);
    }
    return item;
  }

  /* The sub-result of heading `anchor`; Pagefind leaves out a heading none of the words
     it matched are under, yet its passage may answer (a synonym, a word of its heading). */
  function subOf(page, subs, anchor) {
    return subs.find(function (s) { return s.url.split("#")[1] === anchor.id; }) ||
      { url: page.url + "#" + anchor.id, title: anchor.text, excerpt: "" };
  }

  /* ---- The answer box: what answers the question, above the explainers ---------------- */

  function showAnswers(answers) {
    answerList.textContent = "";
    (answers || []).forEach(function (a) {
      var meta = a.page.meta, item = null;
      if (meta.kind === "qa") {
        var items = [];
        try { items = JSON.parse(meta.answers || "[]"); } catch (e) { items = []; }
        var qa = items.find(function (x) { return x.id === a.anchor; });
        if (qa) item = answerItem(a.page.url.split("#")[0] + "#" + qa.id, qa.question, qa.answer, qa.basis);
      } else {
        item = answerItem(a.page.url, meta.title, MESSAGES.situation, meta.basis);
      }
      if (item) answerList.appendChild(item);
    });
    answerBox.hidden = !answerList.children.length;
  }

  function answerItem(href, question, answer, basis) {
    var li = document.createElement("li");
    li.className = "tsp-answer";
    var q = document.createElement("h3");
    q.className = "tsp-answer__q";
    var a = document.createElement("a");
    a.href = href;
    a.textContent = question;
    q.appendChild(a);
    li.appendChild(q);
    var text = document.createElement("p");
    text.className = "tsp-answer__a";
    text.textContent = answer;
    li.appendChild(text);
    if (basis) {
      var cite = document.createElement("p");
      cite.className = "tsp-answer__basis";
      cite.textContent = message("basis", { basis: basis });
      li.appendChild(cite);
    }
    return li;
  }

  /* Field, audience and document names are Vietnamese on every page: marked as such on
     pages in other languages, so a screen reader switches voice for them. */
  function vietnamese(text) {
    if (lang === "vi") return document.createTextNode(text);
    var span = document.createElement("span");
    span.lang = "vi";
    span.textContent = text;
    return span;
  }

  /* Pagefind's excerpt is HTML with <mark>; keep the text and the marks, nothing else. */
  function excerpt(html, tag, className) {
    var out = document.createElement(tag);
    if (className) out.className = className;
    var template = document.createElement("template");
    template.innerHTML = fromIndex(html);
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function announce(raw, q, outcome) {
    var n = outcome.results.length;
    var answered = answerList.children.length ? MESSAGES.answered + " " : "";
    var shownQuery = raw && raw.trim() ? "“" + raw.trim() + "”" : MESSAGES.chosen_filters;
    var text = message(!n ? "none" : outcome.partial ? "partial" : "count", { n: n, q: shownQuery });
    var plainRaw = String(raw || "").normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
    if (q && plainRaw && q !== plainRaw && /[à-ỹđ]/.test(q) && !/[à-ỹđ]/.test(plainRaw)) {
      text += " " + message("understood", { q: q });
    }
    say(answered + text);
  }

  function say(text) { status.textContent = text; }

  function clear() {
    latest++;
    list.textContent = "";
    answerList.textContent = "";
    answerBox.hidden = true;
    more.parentNode.hidden = true;
    say("");
    root.removeAttribute("data-done");
  }

  /* ---- Filters ------------------------------------------------------------------------ */

  var boxes = {};

  function buildFilters(pagefind) {
    return pagefind.filters().then(function (available) {
      var groups = filterBox.querySelector(".tsp-filters__groups");
      var wanted = new URLSearchParams(location.search);
      FILTERS.forEach(function (pair) {
        var values = Object.keys(available[pair[0]] || {}).sort(function (a, b) { return a.localeCompare(b, "vi"); });
        if (!values.length) return;
        var set = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = MESSAGES[pair[1]];
        set.appendChild(legend);
        values.forEach(function (value) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = pair[0];
          box.value = value;
          box.checked = wanted.getAll(pair[0]).indexOf(value) >= 0;
          var count = document.createElement("span");
          count.className = "tsp-count";
          count.textContent = " (" + available[pair[0]][value] + ")";
          label.appendChild(box);
          label.appendChild(document.createTextNode(" "));
          label.appendChild(vietnamese(value));
          label.appendChild(count);
          set.appendChild(label);
          boxes[pair[0] + "\u0000" + value] = count;
        });
        groups.appendChild(set);
      });
      filterBox.hidden = !groups.children.length;
      if (wanted.has("linh_vuc") || wanted.has("doi_tuong") || wanted.has("loai_van_ban") || wanted.has("van_ban")) {
        filterBox.open = true;
      }
    });
  }

  function updateCounts(counts) {
    Object.keys(boxes).forEach(function (key) {
      var parts = key.split("\u0000");
      var n = counts && counts[parts[0]] ? counts[parts[0]][parts[1]] || 0 : 0;
      boxes[key].textContent = " (" + n + ")";
    });
  }

  /* ---- The page ----------------------------------------------------------------------- */

  function remember(raw) {
    var params = new URLSearchParams();
    if (raw && raw.trim()) params.set("q", raw.trim());
    root.querySelectorAll(".tsp-filters input:checked").forEach(function (box) {
      params.append(box.name, box.value);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    /* Fetch the index chunks for what is typed so far while the reader is still typing. */
    var typed = normalise(input.value);
    if (typed && loading) {
      loading.then(function (pagefind) { return pagefind.preload(toIndex(typed)); })
        .catch(function () { /* the search itself will report */ });
    }
    timer = setTimeout(function () { search(input.value); }, 100);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  filterBox.addEventListener("change", function () { search(input.value); });
  more.addEventListener("click", function () {
    showMore(latest).then(function (first) { if (first) first.querySelector("a").focus(); });
  });

  /* The header's search box on this page searches in place. */
  var header = document.querySelector(".tsp-hsearch");
  if (header) {
    header.addEventListener("submit", function (event) {
      var field = header.querySelector("input");
      event.preventDefault();
      input.value = field.value;
      search(input.value);
      input.focus();
    });
  }

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  load().then(buildFilters).then(function () {
    if (initial || Object.keys(selectedFilters()).length) search(initial);
  }).catch(function () {
    say(MESSAGES.failed);
  });
})();
