/* Tủ sách pháp luật số: the audiobook player. The native <audio> works alone; this adds
   controls labelled in the page's language, chapters, speed, voices and a followed
   transcript. What it writes comes from the player's data-messages (pages in other
   languages), else it is Vietnamese. */
(function () {
  "use strict";
  var box = document.querySelector(".tsp-audio");
  if (!box) return;
  var audio = box.querySelector("audio");
  var panel = box.querySelector(".tsp-player");
  var play = panel.querySelector("[data-act=play]");
  var seek = panel.querySelector("[data-act=seek]");
  var rate = panel.querySelector("[data-act=rate]");
  var voice = panel.querySelector("[data-act=voice]");
  var time = panel.querySelector(".tsp-player__time");
  var now = panel.querySelector(".tsp-player__now");
  var list = box.querySelector(".tsp-chapters");
  var chapters = Array.prototype.slice.call(list.querySelectorAll("a[data-chapter]"));
  var cues = Array.prototype.slice.call(box.querySelectorAll("[data-cue]"));
  var download = box.querySelector(".tsp-audio__download");
  var marks = JSON.parse(list.getAttribute("data-marks"));
  var KEY_RATE = "tsp-audio-rate", KEY_VOICE = "tsp-audio-voice";
  var MESSAGES = {
    play: "Phát",
    pause: "Tạm dừng",
    second: "{s} giây",
    seconds: "{s} giây",
    minute: "{m} phút",
    minutes: "{m} phút",
    position: "{now} trên {total}",
    now: "Đang nghe chương {n}: {title}"
  };
  try { Object.assign(MESSAGES, JSON.parse(box.getAttribute("data-messages") || "{}")); }
  catch (e) { /* keep the Vietnamese messages */ }
  /* `{name}` → values[name]; a function, so a `$` in a value is kept as typed. */
  function say(key, values) {
    return MESSAGES[key].replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  function clock(s) {
    s = Math.max(0, Math.floor(s || 0));
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
  }
  function spoken(s) {
    s = Math.floor(s || 0);
    var m = Math.floor(s / 60), r = s % 60;
    var secs = say(r === 1 ? "second" : "seconds", { s: r });
    return m ? say(m === 1 ? "minute" : "minutes", { m: m }) + " " + secs : secs;
  }
  function chapterAt(t) {
    var at = 0;
    for (var i = 0; i < marks.length; i++) if (t + 0.05 >= marks[i]) at = i;
    return at;
  }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private */ } }
  function stored(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  /* The page's own controls replace the browser's, whose labels follow the browser's
     language, not the page's. */
  audio.controls = false;
  panel.hidden = false;

  var current = -1;
  function update() {
    var t = audio.currentTime, d = audio.duration || Number(seek.max) || 0;
    if (document.activeElement !== seek) seek.value = String(Math.floor(t));
    seek.setAttribute("aria-valuetext", say("position", { now: spoken(t), total: spoken(d) }));
    time.textContent = clock(t) + " / " + clock(d);
    var c = chapterAt(t);
    if (c !== current) {
      current = c;
      chapters.forEach(function (a, i) {
        if (i === c) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
      });
      if (!audio.paused || t > 0) now.textContent = say("now", { n: c + 1, title: chapters[c].textContent });
    }
    var lit = null;
    for (var i = 0; i < cues.length; i++) {
      if (Number(cues[i].getAttribute("data-start")) <= t + 0.05) lit = cues[i]; else break;
    }
    cues.forEach(function (cue) { cue.classList.toggle("tsp-cue--now", cue === lit); });
  }
  function go(t) {
    audio.currentTime = Math.max(0, Math.min(t, (audio.duration || Infinity) - 0.1));
    update();
  }

  play.addEventListener("click", function () {
    if (audio.paused) audio.play(); else audio.pause();
  });
  audio.addEventListener("play", function () {
    play.textContent = MESSAGES.pause; play.setAttribute("aria-pressed", "true"); update();
  });
  audio.addEventListener("pause", function () {
    play.textContent = MESSAGES.play; play.setAttribute("aria-pressed", "false");
  });
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("loadedmetadata", function () {
    seek.max = String(Math.ceil(audio.duration));
    audio.playbackRate = Number(rate.value);
    update();
  });
  panel.querySelector("[data-act=back]").addEventListener("click", function () { go(audio.currentTime - 15); });
  panel.querySelector("[data-act=forward]").addEventListener("click", function () { go(audio.currentTime + 15); });
  seek.addEventListener("input", function () { go(Number(seek.value)); });
  rate.addEventListener("change", function () {
    audio.playbackRate = Number(rate.value);
    store(KEY_RATE, rate.value);
  });
  var savedRate = stored(KEY_RATE);
  if (savedRate && rate.querySelector("option[value='" + savedRate + "']")) rate.value = savedRate;

  /* A chapter link jumps the audio there (without the script it jumps to the section). */
  chapters.forEach(function (a, i) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      go(marks[i]);
      audio.play();
    });
  });
  cues.forEach(function (cue) {
    cue.addEventListener("click", function () { go(Number(cue.getAttribute("data-start"))); });
  });

  /* Another voice: same chapter, same share of it; the transcript follows the new timings. */
  function useVoice(option, keepPlace) {
    var t = audio.currentTime, c = chapterAt(t);
    var next = JSON.parse(option.getAttribute("data-marks"));
    var end = c + 1 < marks.length ? marks[c + 1] : (audio.duration || t);
    var share = end > marks[c] ? (t - marks[c]) / (end - marks[c]) : 0;
    var wasPlaying = !audio.paused;
    marks = next;
    audio.src = option.getAttribute("data-src");
    audio.setAttribute("data-voice", option.value);
    download.href = option.getAttribute("data-download");
    if (keepPlace) {
      audio.addEventListener("loadedmetadata", function once() {
        audio.removeEventListener("loadedmetadata", once);
        var nextEnd = c + 1 < marks.length ? marks[c + 1] : audio.duration;
        go(marks[c] + share * (nextEnd - marks[c]));
        if (wasPlaying) audio.play();
      });
      audio.load();
    }
    fetch(option.getAttribute("data-vtt")).then(function (r) { return r.text(); }).then(function (vtt) {
      var starts = vtt.split("\n").filter(function (l) { return l.indexOf(" --> ") > 0; })
        .map(function (l) {
          var p = l.split(" --> ")[0].split(":");
          return Number(p[0]) * 3600 + Number(p[1]) * 60 + Number(p[2]);
        });
      if (starts.length === cues.length) {
        cues.forEach(function (cue, i) { cue.setAttribute("data-start", String(starts[i])); });
      }
    }).catch(function () { /* offline without that voice: the transcript keeps its times */ });
    current = -1;
  }
  if (voice) {
    voice.addEventListener("change", function () {
      store(KEY_VOICE, voice.value);
      useVoice(voice.selectedOptions[0], true);
    });
    var savedVoice = stored(KEY_VOICE);
    var option = savedVoice && voice.querySelector("option[value='" + savedVoice + "']");
    if (option && option !== voice.selectedOptions[0]) {
      voice.value = savedVoice;
      useVoice(option, false);
    }
  }
  update();
})();
