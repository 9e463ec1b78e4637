/* Tủ sách pháp luật số: practice quizzes (site/quizzes.py). Without this file each question
   still teaches ("Xem đáp án"); with it the reader answers, presses "Kiểm tra", hears right
   or wrong, reads the explanation, and gets a score. Answers are kept in localStorage per
   bank and question id and come back on the next visit; "Làm lại" clears them.

   The grader mirrors generators/quiz/grading.py exactly (tests/site/test_quiz_browser.py
   compares their verdicts): keep the two in step. */
(function () {
  "use strict";

  /* ---- grading: generators/quiz/grading.py ---------------------------------------------- */

  /* Python's str.isspace() characters (what re's \s and str.strip() use). */
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var SPACES = new RegExp("[" + WS + "]+", "g");
  var EDGES = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var CHEROKEE = /^[\u13a0-\u13fd\uab70-\uabbf]$/;

  function strip(text) { return text.replace(EDGES, ""); }
  function nfc(text) { return strip(text.normalize("NFC")); }

  /* str.casefold(), one character at a time (JavaScript has none): for every character but
     Cherokee (folded to capitals) and dotless ı, full case folding is what lower(upper())
     twice gives. Per character, so that no final-sigma rule applies. */
  function foldChar(ch) {
    if (ch === "\u0131") return ch;
    if (CHEROKEE.test(ch)) return ch.toUpperCase();
    var once = ch.toUpperCase().toLowerCase();
    return once === ch ? ch : once.toUpperCase().toLowerCase();
  }
  function casefold(text) { return Array.from(text).map(foldChar).join(""); }

  /* unicodedata.combining(ch) != 0 for a character of NFD text: canonical ordering moves a
     mark of class 1–239 before U+0345 (class 240, the only one). */
  function combining(ch) {
    if (ch === "\u0345") return true;
    return ("a\u0345" + ch).normalize("NFD") !== "a\u0345" + ch;
  }

  function normalise(text, loose) {
    text = casefold(strip(text.normalize("NFC").replace(SPACES, " ")));
    if (loose) {
      text = text.replace(/đ/g, "d");
      text = Array.from(text.normalize("NFD")).filter(function (c) { return !combining(c); })
        .join("").normalize("NFC");
    }
    return text;
  }

  /* Python's float() of text: Unicode digits, `_` between digits, no hex, no blank. */
  var FLOAT = /^[+-]?(?:\d(?:_?\d)*\.?(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  var DIGIT = /\p{Nd}/u;
  function asciiDigits(text) {
    return Array.from(text).map(function (c) {
      if (c >= "0" && c <= "9" || !DIGIT.test(c)) return c;
      /* Unicode encodes each set of decimal digits 0–9 in a row. */
      var cp = c.codePointAt(0), zero = cp;
      while (DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
      return String((cp - zero) % 10);
    }).join("");
  }
  function number(value) {
    var result;
    if (typeof value === "boolean") return null;
    if (typeof value === "number") result = value;
    else if (typeof value === "string") {
      var text = strip(value).replace(/ /g, "");
      if (text.split(",").length === 2 && text.indexOf(".") < 0) text = text.replace(",", ".");
      text = asciiDigits(text);
      if (/^[+-]?(inf|infinity|nan)$/i.test(text)) return null;  /* not finite */
      if (!FLOAT.test(text)) return null;
      result = Number(text.replace(/_/g, ""));
    } else return null;
    return isFinite(result) ? result : null;
  }

  function texts(value) {
    if (!Array.isArray(value) || !value.every(function (v) { return typeof v === "string"; })) return null;
    return value.map(function (v) { return v.normalize("NFC"); });
  }
  function sameSet(a, b) {
    var x = new Set(a), y = new Set(b);
    if (x.size !== y.size) return false;
    var all = true;
    x.forEach(function (v) { if (!y.has(v)) all = false; });
    return all;
  }
  function sameList(a, b) {
    return a.length === b.length && a.every(function (v, i) { return v === b[i]; });
  }

  /* `spec` is a question's data-tsp-key (quizzes.grading_spec): {type, key, loose}. */
  function grade(spec, response) {
    var key = spec.key;
    switch (spec.type) {
      case "single":
        return typeof response === "string" && nfc(response) === nfc(key);
      case "multiple": {
        var chosen = texts(response);
        return chosen !== null && sameSet(chosen.map(nfc), key.map(nfc)) &&
          new Set(chosen).size === chosen.length;
      }
      case "true_false":
        return typeof response === "boolean" && response === key;
      case "fill":
        if (typeof response !== "string") return false;
        var typed = normalise(response, spec.loose);
        return key.some(function (a) { return typed === normalise(a, spec.loose); });
      case "order": {
        var items = texts(response);
        return items !== null && sameList(items.map(nfc), key.map(nfc));
      }
      case "match": {
        if (response === null || typeof response !== "object" || Array.isArray(response)) return false;
        var given = Object.create(null), size = 0;
        Object.keys(response).forEach(function (k) {
          var name = nfc(String(k));
          if (!(name in given)) size += 1;
          given[name] = response[k];
        });
        return size === key.length && key.every(function (pair) {
          var v = given[nfc(pair[0])];
          return typeof v === "string" && nfc(v) === nfc(pair[1]);
        });
      }
      case "numeric": {
        var value = number(response);
        return value !== null && typeof key.answer === "number" &&
          Math.abs(value - key.answer) <= key.tolerance + 1e-9;
      }
    }
    throw new Error("unknown question type " + spec.type);
  }

  window.tspQuiz = { grade: grade, normalise: normalise, number: number, casefold: casefold,
                     combining: combining };

  /* ---- the page ----------------------------------------------------------------------- */

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return k in values ? values[k] : ""; });
  }
  function load(bank) {
    try { return JSON.parse(localStorage.getItem("tsp-quiz:" + bank) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function save(bank, answers) {
    try {
      if (Object.keys(answers).length) localStorage.setItem("tsp-quiz:" + bank, JSON.stringify(answers));
      else localStorage.removeItem("tsp-quiz:" + bank);
    } catch (e) { /* private mode or full: the quiz still works, it is only not kept */ }
  }

  function Question(li) {
    this.li = li;
    this.id = li.getAttribute("data-tsp-id");
    this.spec = JSON.parse(li.getAttribute("data-tsp-key"));
    this.type = this.spec.type;
    this.set = li.querySelector("fieldset");
    this.after = li.querySelector(".tsp-q__after");
    this.verdict = li.querySelector(".tsp-q__verdict");
    this.solution = li.querySelector("details");
    this.button = li.querySelector("[data-tsp-check]");
    this.inputs = [].slice.call(li.querySelectorAll("input, select"));
    this.list = li.querySelector(".tsp-order");
    this.initial = this.list ? this.items().slice() : null;
    this.done = null;  /* null, or the verdict */
  }
  Question.prototype.items = function () {
    return [].slice.call(this.list.children).map(function (el) { return el.getAttribute("data-tsp-item"); });
  };
  /* The reader's response in grading.py's shape, or null when nothing is answered yet. */
  Question.prototype.response = function () {
    var t = this.type, checked = this.inputs.filter(function (i) { return i.checked; });
    if (t === "single") return checked.length ? checked[0].value : null;
    if (t === "true_false") return checked.length ? checked[0].value === "true" : null;
    if (t === "multiple") return checked.length ? checked.map(function (i) { return i.value; }) : null;
    if (t === "fill" || t === "numeric") return this.inputs[0].value.trim() ? this.inputs[0].value : null;
    if (t === "order") return this.items();
    if (t === "match") {
      var out = {}, missing = false;
      this.inputs.forEach(function (s) { out[s.getAttribute("data-tsp-left")] = s.value; if (!s.value) missing = true; });
      return missing ? null : out;
    }
    return null;
  };
  /* Put a kept response back in the controls; false when it no longer fits the question. */
  Question.prototype.restore = function (r) {
    var t = this.type;
    if (t === "single" || t === "true_false" || t === "multiple") {
      var values = t === "multiple" ? r : [String(r)];
      if (!Array.isArray(values)) return false;
      var hit = 0;
      this.inputs.forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; if (i.checked) hit += 1; });
      return hit === values.length && hit > 0;
    }
    if (t === "fill" || t === "numeric") {
      if (typeof r !== "string") return false;
      this.inputs[0].value = r;
      return true;
    }
    if (t === "order") {
      var list = this.list, byText = {};
      if (!Array.isArray(r) || r.slice().sort().join("\n") !== this.items().sort().join("\n")) return false;
      [].slice.call(list.children).forEach(function (el) { byText[el.getAttribute("data-tsp-item")] = el; });
      r.forEach(function (text) { list.appendChild(byText[text]); });
      return true;
    }
    if (t === "match") {
      if (!r || typeof r !== "object") return false;
      var ok = true;
      this.inputs.forEach(function (s) {
        var v = r[s.getAttribute("data-tsp-left")];
        s.value = typeof v === "string" ? v : "";
        if (s.value !== v) ok = false;
      });
      return ok;
    }
    return false;
  };
  Question.prototype.show = function (right, m) {
    this.done = right;
    this.li.classList.add(right ? "tsp-q--right" : "tsp-q--wrong");
    this.verdict.textContent = right ? m.right : m.wrong;
    this.verdict.hidden = false;
    this.solution.hidden = false;
    this.solution.open = true;
    this.set.disabled = true;  /* every control at once; the answer is shown */
    this.button.parentNode.hidden = true;
  };
  Question.prototype.clear = function () {
    this.done = null;
    this.li.classList.remove("tsp-q--right", "tsp-q--wrong");
    this.verdict.hidden = true;
    this.verdict.textContent = "";
    this.solution.open = false;
    this.solution.hidden = true;
    this.set.disabled = false;
    this.button.parentNode.hidden = false;
    this.inputs.forEach(function (i) { if (i.type === "radio" || i.type === "checkbox") i.checked = false; else i.value = ""; });
    if (this.list) {
      var list = this.list, byText = {};
      [].slice.call(list.children).forEach(function (el) { byText[el.getAttribute("data-tsp-item")] = el; });
      this.initial.forEach(function (text) { list.appendChild(byText[text]); });
    }
  };
  Question.prototype.first = function () {
    return this.set.querySelector("input, select, button");
  };

  function Quiz(root) {
    var quiz = this;
    this.root = root;
    this.bank = root.getAttribute("data-tsp-quiz");
    try { this.m = JSON.parse(root.getAttribute("data-messages") || "{}"); } catch (e) { this.m = {}; }
    this.live = root.querySelector("[data-tsp-live]");
    this.total = root.querySelector("[data-tsp-total]");
    this.questions = [].slice.call(root.querySelectorAll(".tsp-q")).map(function (li) { return new Question(li); });
    [].slice.call(root.querySelectorAll("[data-tsp-js]")).forEach(function (el) { el.hidden = false; });
    var kept = load(this.bank);
    this.questions.forEach(function (q, n) {
      q.solution.hidden = true;
      q.button.addEventListener("click", function () { quiz.check(q, n); });
      q.inputs.forEach(function (input) {
        if (input.type === "text") input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); quiz.check(q, n); }
        });
      });
      if (q.list) q.list.addEventListener("click", function (event) {
        var button = event.target.closest("[data-tsp-move]");
        if (button) quiz.move(q, button);
      });
      if (Object.prototype.hasOwnProperty.call(kept, q.id) && q.restore(kept[q.id])) {
        q.show(grade(q.spec, kept[q.id]), quiz.m);
      } else if (Object.prototype.hasOwnProperty.call(kept, q.id)) {
        q.clear();  /* the question changed since: ask it again */
      }
    });
    root.querySelector("[data-tsp-reset]").addEventListener("click", function () { quiz.reset(); });
    this.score();
  }
  Quiz.prototype.say = function (text) {
    /* Emptied first, so that the same words twice are announced twice. */
    var live = this.live;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  };
  Quiz.prototype.score = function () {
    var done = 0, right = 0, total = this.questions.length;
    this.questions.forEach(function (q) { if (q.done !== null) { done += 1; if (q.done) right += 1; } });
    var values = { done: done, total: total, right: right };
    this.total.textContent = fill(done === total ? this.m.finished : this.m.progress, values);
    return this.total.textContent;
  };
  Quiz.prototype.check = function (q, n) {
    var response = q.response();
    if (response === null) {
      this.say(fill(this.m.question, { n: n + 1 }) + ": " + this.m.empty);
      var first = q.first();
      if (first) first.focus();
      return;
    }
    var right = grade(q.spec, response);
    q.show(right, this.m);
    var answers = load(this.bank);
    answers[q.id] = response;
    save(this.bank, answers);
    q.after.focus();
    this.say(fill(this.m.question, { n: n + 1 }) + ": " + (right ? this.m.right : this.m.wrong) +
             " " + this.score());
  };
  Quiz.prototype.move = function (q, button) {
    var item = button.closest(".tsp-order__item"), list = q.list;
    var step = Number(button.getAttribute("data-tsp-move"));
    var items = [].slice.call(list.children), at = items.indexOf(item), to = at + step;
    var text = item.getAttribute("data-tsp-item");
    if (to < 0 || to >= items.length) {
      this.say(fill(this.m.edge, { item: text, at: at + 1, of: items.length }));
      return;
    }
    list.insertBefore(item, step < 0 ? items[to] : items[to].nextSibling);
    button.focus();  /* the same button again moves the same item further */
    this.say(fill(this.m.moved, { item: text, at: to + 1, of: items.length }));
  };
  Quiz.prototype.reset = function () {
    var answers = load(this.bank);
    this.questions.forEach(function (q) { delete answers[q.id]; q.clear(); });
    save(this.bank, answers);
    this.score();
    this.say(this.m.reset);
    var first = this.questions.length && this.questions[0].first();
    if (first) first.focus();
  };

  [].slice.call(document.querySelectorAll("[data-tsp-quiz]")).forEach(function (root) { new Quiz(root); });
})();
