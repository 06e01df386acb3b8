/* trainforge tracking adapter: SCORM 1.2, through the LMS's `API` object.
 *
 * The player (tf-core.js) decides what happened; this file decides how SCORM 1.2 hears of it.
 * References: SCORM 1.2 Run-Time Environment (ADL, 2001), "RTE" below: 3.3 the API, 3.4 the data
 * model. Without an LMS the course runs standalone on localStorage (the core's local adapter).
 */
(function () {
  "use strict";

  var TF = window.TF;
  var LOG = "[trainforge scorm12]";
  // API discovery: ADL's APIWrapper.js walks 7 parents; we allow 500 like ADL's SCORM 2004
  // wrapper and pipwerks, since some LMSs nest frames deeply.
  var MAX_HOPS = 500;
  // RTE 3.4.2: cmi.suspend_data is a CMIString4096, cmi.core.lesson_location a CMIString255.
  var SUSPEND_MAX = 4096;
  var LOCATION_MAX = 255;
  // RTE 3.4.2.7 (cmi.interactions.n.student_response): a choice is one character 0-9/a-z. Options
  // map onto these by authored position; formats/scorm12.py CHOICE_CHARS checks they fit.
  var CHOICE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  var CHECK_SUFFIX = "_check"; // knowledge checks; formats/scorm12.py CHECK_SUFFIX
  var COMMIT_RETRY_MS = 4000;
  var DONE = { passed: 1, completed: 1, failed: 1 };

  // --- API discovery (ADL APIWrapper.js): the parent chain, then the opener's ---------------
  function findIn(win) {
    for (var hops = 0; win && hops <= MAX_HOPS; hops++) {
      try {
        if (win.API) return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a cross-origin frame throws SecurityError: the API is not reachable
      }
    }
    return null;
  }

  function discover() {
    var api = findIn(window);
    try {
      if (!api && window.opener) api = findIn(window.opener);
      if (!api && window.top.opener) api = findIn(window.top.opener);
    } catch (e) { /* opener on another origin */ }
    return api;
  }

  // --- CMI time formats ------------------------------------------------------------------
  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  // CMITimespan (RTE 3.4 data types): HHHH:MM:SS.SS, 2-4 hour digits, <= 2 decimals, <= 9999 h.
  function timespan(ms) {
    var cs = Math.min(Math.max(0, Math.round(ms / 10)), 9999 * 360000 + 359999);
    return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" +
      pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }

  // CMITime (RTE 3.4 data types): a time of day, HH:MM:SS.
  function timeOfDay(timestamp) {
    var d = new Date(timestamp || Date.now());
    return pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2);
  }

  // --- the LMS connection: every call checked, logged, never after LMSFinish --------------
  function Lms(api) {
    this.api = api;
    this.finished = false;
    this.dirty = false; // a value was set since the last successful commit
    this.retry = null;
    this.warned = false; // the learner was told that saving failed
  }

  Lms.prototype.call = function (method, args) {
    if (this.finished) return "";
    var result;
    try {
      result = String(this.api[method].apply(this.api, args));
    } catch (e) {
      console.warn(LOG, method, args, "threw", e);
      return "";
    }
    // After a successful LMSFinish nothing may be called, not even LMSGetLastError.
    if (method === "LMSFinish" && result === "true") return result;
    // RTE 3.3: LMSGetValue returns "" on error and LMSSetValue "false"; only the error
    // code tells the truth.
    var code = "0";
    try { code = String(this.api.LMSGetLastError()); } catch (e) { /* keep "0" */ }
    if (code !== "0") {
      var text = "";
      try { text = String(this.api.LMSGetErrorString(code)); } catch (e) { /* none */ }
      console.warn(LOG, method + "(" + args.join(", ") + ") failed: " + code + " " + text);
      return method === "LMSGetValue" ? "" : "false";
    }
    return result;
  };

  Lms.prototype.get = function (element) {
    return this.call("LMSGetValue", [element]);
  };

  Lms.prototype.set = function (element, value) {
    this.dirty = true;
    return this.call("LMSSetValue", [element, String(value)]) === "true";
  };

  // LMSCommit at meaningful points only (RTE 3.3: the LMS may persist on each commit). A failed
  // commit is retried once a little later; the page keeps working and the learner is told.
  Lms.prototype.commit = function () {
    if (!this.dirty) return true;
    if (this.call("LMSCommit", [""]) === "true") return this.saved();
    var self = this;
    if (!this.finished && !this.retry) {
      this.warned = true;
      TF.notice("lms_error_notice");
      this.retry = setTimeout(function () {
        self.retry = null;
        if (!self.finished && self.call("LMSCommit", [""]) === "true") self.saved();
      }, COMMIT_RETRY_MS);
    }
    return false;
  };

  Lms.prototype.saved = function () {
    this.dirty = false;
    if (this.warned) TF.notice(""); // saving works again: take the warning down
    this.warned = false;
    return true;
  };

  Lms.prototype.finish = function () {
    if (this.finished) return;
    if (this.retry) clearTimeout(this.retry);
    this.call("LMSFinish", [""]);
    this.finished = true; // exactly once (RTE 3.3: every later call fails with 301)
  };

  // --- the adapter -----------------------------------------------------------------------
  var lms = null;
  var course = null;
  var startedAt = 0;
  var status = "";          // lesson_status as the LMS holds it
  var bestScore = null;     // the highest score.raw written or read
  var done = false;         // finished with a final status: exit "" instead of "suspend"
  var interactions = 0;     // next cmi.interactions.n
  var objectiveIndex = {};  // objective id -> cmi.objectives.n
  var objectiveCount = 0;
  var objectiveStatus = {}; // objective id -> status last known
  var taught = {};          // objective id -> true: on a page or question of this SCO
  var tested = {};          // objective id -> true: scored by an assessment of this SCO
  var local = null;          // standalone mode: TF.localAdapter
  var written = {};          // element -> last value written, to skip repeats

  function idOf(thing) {
    return typeof thing === "string" ? thing : thing && thing.id;
  }

  function number(text) {
    var n = parseFloat(text);
    return isNaN(n) ? null : n;
  }

  // No LMS: the player's own localStorage adapter keeps progress in this browser, one key per
  // launch file (a SCO per module is a course of its own), and the core shows the notice.
  function standalone(notice) {
    var file = window.location.pathname.split("/").pop() || "index.html";
    local = TF.localAdapter({ notice: notice, scope: "scorm12:" + file });
    return local.start(course);
  }

  function start(data) {
    course = data;
    startedAt = Date.now();
    var api = discover();
    if (!api) return standalone("standalone_notice");
    lms = new Lms(api);
    if (lms.call("LMSInitialize", [""]) !== "true") {
      lms.finished = true; // never initialized: make no further calls
      lms = null;
      return standalone("lms_error_notice");
    }
    var entry = lms.get("cmi.core.entry");
    status = lms.get("cmi.core.lesson_status");
    bestScore = number(lms.get("cmi.core.score.raw"));
    // RTE 3.4.2.1.7: a first launch reports "not attempted"; say the learner has begun.
    if (status === "" || status === "not attempted") {
      if (lms.set("cmi.core.lesson_status", "incomplete")) status = "incomplete";
    }
    lms.set("cmi.core.exit", "suspend"); // until finished, a closed window resumes
    interactions = number(lms.get("cmi.interactions._count")) || 0;
    objectiveCount = number(lms.get("cmi.objectives._count")) || 0;
    for (var n = 0; n < objectiveCount; n++) {
      var id = lms.get("cmi.objectives." + n + ".id");
      objectiveIndex[id] = n;
      objectiveStatus[id] = lms.get("cmi.objectives." + n + ".status");
    }
    scanObjectives();
    // The SCO's objectives in course order, so that a first launch numbers them as authored.
    course.objectives.forEach(function (o) { if (taught[o.id]) objectiveSlot(o.id); });
    lms.commit();
    // An "ab-initio" entry is a new attempt: whatever suspend_data holds is not ours to resume.
    var state = entry === "ab-initio" ? "" : lms.get("cmi.suspend_data");
    return Promise.resolve({
      state: state || null,
      learner: { id: lms.get("cmi.core.student_id"), name: lms.get("cmi.core.student_name") }
    });
  }

  function pageViewed(page) {
    var id = idOf(page);
    var found = course.pages.filter(function (p) { return p.id === id; })[0];
    if (lms && found && found.kind === "lesson") {
      objectivesOf(found).forEach(function (o) { setObjective(o, "incomplete"); });
    }
  }

  // The player saves after a page change, an answer, a submit, a retake and at finish: the
  // meaningful points at which we commit.
  function save(state, where) {
    if (local) return local.save(state);
    if (!lms) return;
    if (state.length > SUSPEND_MAX) {
      console.warn(LOG, "state is " + state.length + " characters; cmi.suspend_data holds " +
        SUSPEND_MAX + " (the build-time lint should have refused this course)");
    }
    setOnce("cmi.suspend_data", state);
    var page = idOf(where && where.page);
    if (page && page.length <= LOCATION_MAX) setOnce("cmi.core.lesson_location", page);
    lms.commit();
  }

  function setOnce(element, value) {
    if (written[element] !== value && lms.set(element, value)) written[element] = value;
  }

  function answered(question, d) {
    var qid = idOf(question);
    var q = course.questions[qid];
    if (!lms || !q) return;
    var trueFalse = q.type === "true_false";
    var chars = function (ids) {
      return ids.map(function (option) {
        if (trueFalse) return option === "true" ? "t" : "f";
        return CHOICE_CHARS.charAt(q.options.map(idOf).indexOf(option));
      }).sort().join(",");
    };
    var correct = q.options.filter(function (o) { return o.correct; }).map(idOf);
    var pattern = chars(correct);
    var n = "cmi.interactions." + interactions + ".";
    // RTE 3.4.2.7: interactions are write-only journal records, appended at n == _count, id first.
    if (!lms.set(n + "id", qid + (d.kind === "check" ? CHECK_SUFFIX : ""))) return;
    interactions++;
    (q.objectives || []).forEach(function (o, m) { lms.set(n + "objectives." + m + ".id", o); });
    lms.set(n + "time", timeOfDay(d.timestamp));
    lms.set(n + "type", trueFalse ? "true-false" : "choice");
    // A set of several characters is unordered: {a,c} (RTE 3.4.2.7, correct_responses).
    lms.set(n + "correct_responses.0.pattern", correct.length > 1 ? "{" + pattern + "}" : pattern);
    lms.set(n + "weighting", d.kind === "assessment" ? d.maxScore : 0);
    lms.set(n + "student_response", chars(d.response || []));
    lms.set(n + "result", d.correct ? "correct" : "wrong"); // 1.2 says "wrong", not "incorrect"
    if (d.latencyMs >= 0) lms.set(n + "latency", timespan(d.latencyMs));
  }

  // After a submit: the course score as Finish would give it now (best attempt of each
  // assessment), and per objective the share of points earned on the questions tagged with it
  // in the last submitted attempt of every assessment, against the pass mark. Both come from the
  // player's state, so they count attempts made in earlier sessions too.
  function assessed() {
    if (!lms) return;
    var state = TF.snapshot();
    writeScore(TF.result(state, course).score);
    var totals = {};
    course.pages.forEach(function (p) {
      if (p.kind !== "assessment") return;
      p.questions.forEach(function (qid) {
        var answer = state.answers[TF.state.slot(p.id, qid)];
        var q = course.questions[qid];
        if (!answer || !answer.submitted || !q) return;
        (q.objectives || []).forEach(function (o) {
          var t = totals[o] || (totals[o] = { score: 0, max: 0 });
          t.max += q.points;
          if (answer.correct) t.score += q.points;
        });
      });
    });
    var pass = course.completion.passingScore;
    Object.keys(totals).forEach(function (o) {
      var raw = totals[o].max ? Math.round((100 * totals[o].score) / totals[o].max) : 0;
      setObjective(o, raw >= pass ? "passed" : "failed", raw);
    });
  }

  function finished(f) {
    if (!lms) return;
    if (f.score !== null && f.score !== undefined) writeScore(f.score);
    var final = f.status;
    if (DONE[final]) {
      done = true;
      // Objectives taught but never assessed by this SCO are complete with the course.
      Object.keys(taught).forEach(function (o) { if (!tested[o]) setObjective(o, "completed"); });
    }
    // Many LMSs never downgrade passed, and neither do we (a retake after a pass).
    if (status !== "passed" && final !== status && final !== "incomplete") {
      if (lms.set("cmi.core.lesson_status", final)) status = final;
    }
    // No commit here: the player calls terminate() next, which commits once for all of it.
  }

  function terminate() {
    if (!lms) return;
    if (lms.finished) return;
    lms.set("cmi.core.session_time", timespan(Date.now() - startedAt));
    // RTE 3.4.2.1.4 cmi.core.exit: "suspend" makes the next launch a resume; "" once done.
    lms.set("cmi.core.exit", done ? "" : "suspend");
    lms.commit();
    lms.finish();
  }

  // --- helpers for scores and objectives --------------------------------------------------
  function writeScore(score) {
    if (score === null || score === undefined) return;
    if (status === "passed" && bestScore !== null && score < bestScore) return; // keep the pass
    var raw = Math.round(score * 100) / 100; // CMIDecimal; LMSs range-check 0-100
    setOnce("cmi.core.score.min", "0");
    setOnce("cmi.core.score.max", "100");
    setOnce("cmi.core.score.raw", String(raw));
    if (written["cmi.core.score.raw"] === String(raw)) bestScore = Math.max(bestScore || 0, raw);
  }

  var RANK = { "": 0, "not attempted": 0, incomplete: 1, browsed: 1, failed: 2, completed: 3,
    passed: 4 };

  function setObjective(id, value, raw) {
    var old = objectiveStatus[id] || "";
    if (RANK[old] === 4 || (raw === undefined && RANK[old] >= RANK[value])) return;
    var n = objectiveSlot(id);
    if (n === undefined) return;
    var prefix = "cmi.objectives." + n + ".";
    if (raw !== undefined) {
      setOnce(prefix + "score.min", "0");
      setOnce(prefix + "score.max", "100");
      setOnce(prefix + "score.raw", String(raw));
    }
    if (lms.set(prefix + "status", value)) objectiveStatus[id] = value;
  }

  // The index of an objective in cmi.objectives, appending it (id first) when the LMS has none.
  function objectiveSlot(id) {
    if (objectiveIndex[id] === undefined) {
      // RTE 3.4.2.6: the array grows by writing index n == _count.
      if (!lms.set("cmi.objectives." + objectiveCount + ".id", id)) return undefined;
      objectiveIndex[id] = objectiveCount++;
    }
    return objectiveIndex[id];
  }

  // A lesson teaches its own objectives and those of its knowledge checks.
  function objectivesOf(page) {
    var found = (page.objectives || []).slice();
    page.questions.forEach(function (qid) {
      var q = course.questions[qid];
      if (q) found = found.concat(q.objectives || []);
    });
    return found;
  }

  // Every objective this SCO's pages touch (taught), and those its assessments score (tested).
  function scanObjectives() {
    course.pages.forEach(function (p) {
      objectivesOf(p).forEach(function (o) {
        taught[o] = true;
        if (p.kind === "assessment") tested[o] = true;
      });
    });
  }

  TF.useAdapter({
    name: "scorm12",
    start: start,
    pageViewed: pageViewed,
    answered: answered,
    assessed: assessed,
    save: save,
    finished: finished,
    terminate: terminate
  });
})();
