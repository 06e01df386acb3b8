/* trainforge tracking adapter: SCORM 1.2, through the LMS's `API` object.
 *
 * The player (tf-core.js) decides what happened; this file decides how SCORM 1.2 hears of it.
 * References: SCORM 1.2 Run-Time Environment (ADL, 2001), "RTE" below: 3.3 the API, 3.4 the data
 * model. Without an LMS the course runs standalone on localStorage (the core's local adapter).
 * The build prepends `self.TF_SCORM12`: every interaction and objective id, response key table
 * and pattern, decided in Python (tracking/config.py; docs/runtime.md "Tracking config").
 */
(function () {
  "use strict";

  var TF = window.TF;
  var CFG = self.TF_SCORM12;
  var LOG = "[trainforge scorm12]";
  // API discovery: ADL's APIWrapper.js walks 7 parents; we allow 500 like ADL's SCORM 2004
  // wrapper and pipwerks, since some LMSs nest frames deeply.
  var MAX_HOPS = 500;
  // RTE 3.4.2: cmi.suspend_data is a CMIString4096, cmi.core.lesson_location a CMIString255.
  var SUSPEND_MAX = 4096;
  var LOCATION_MAX = 255;
  var FEEDBACK_MAX = 255;      // RTE 3.4.2.7: student_response and patterns are CMIFeedback
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
  var mastery = null;       // cmi.student_data.mastery_score, if the LMS has one
  var done = false;         // finished with a final status: exit "" instead of "suspend"
  var tracking = false;     // the core records this session (track() was called)
  var interactions = 0;     // next cmi.interactions.n
  var objectiveIndex = {};  // objective id -> cmi.objectives.n
  var objectiveCount = 0;
  var objectiveStatus = {}; // objective id -> status last known
  var objectiveRaw = {};    // objective id -> score.raw last known
  var taught = {};          // objective id -> true: on a page or question of this SCO
  var scored = {};          // assessment page id -> {attempt, slots: {question id: {score, max}}}
  var attestedNow = false;
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
    mastery = number(lms.get("cmi.student_data.mastery_score"));
    interactions = number(lms.get("cmi.interactions._count")) || 0;
    objectiveCount = number(lms.get("cmi.objectives._count")) || 0;
    for (var n = 0; n < objectiveCount; n++) {
      var id = lms.get("cmi.objectives." + n + ".id");
      objectiveIndex[id] = n;
      objectiveStatus[id] = lms.get("cmi.objectives." + n + ".status");
      objectiveRaw[id] = number(lms.get("cmi.objectives." + n + ".score.raw"));
    }
    // An "ab-initio" entry is a new attempt: whatever suspend_data holds is not ours to resume.
    var state = entry === "ab-initio" ? "" : lms.get("cmi.suspend_data");
    // No writes before the core has the mode and credit and decides (track).
    return Promise.resolve({
      state: state || null,
      learner: { id: lms.get("cmi.core.student_id"), name: lms.get("cmi.core.student_name") },
      mode: lms.get("cmi.core.lesson_mode"),
      credit: lms.get("cmi.core.credit") !== "no-credit",
      status: status,
      score: bestScore
    });
  }

  // A normal session for credit: the launch's own writes.
  function track() {
    if (!lms) return;
    tracking = true;
    // RTE 3.4.2.1.7: a first launch reports "not attempted"; say the learner has begun.
    if (status === "" || status === "not attempted") {
      if (lms.set("cmi.core.lesson_status", "incomplete")) status = "incomplete";
    }
    lms.set("cmi.core.exit", "suspend"); // until finished, a closed window resumes
    // The SCO's objectives in course order, so that a first launch numbers them as authored:
    // learning objectives, policy clauses, the attestation.
    scanObjectives().forEach(objectiveSlot);
    lms.commit();
  }

  function pageViewed(page) {
    var found = pageOf(page);
    if (lms && found && found.kind === "lesson") {
      CFG.pages[found.id].taught.forEach(function (o) { setObjective(o, "incomplete"); });
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
    // Leaving, LMSFinish persists: Chromium refuses a commit's sync XHR then ("false", 101).
    if (!(where && where.leaving)) lms.commit();
  }

  function setOnce(element, value) {
    if (written[element] !== value && lms.set(element, value)) written[element] = value;
  }

  // At most 255 characters, cut after a whole entry (a long path through a scenario's loops).
  function cap(list) {
    var text = list.join(",");
    return text.length <= FEEDBACK_MAX ? text : text.slice(0, text.lastIndexOf(",", FEEDBACK_MAX));
  }

  // RTE 3.4.2.7: the response as characters through the question's key tables (one per part of
  // an entry: a matching pair is source.target), a choice's as a set, sorted like its pattern.
  function encode(q, response) {
    var out = response.map(function (e) {
      return [].concat(e).map(function (k, i) { return q.keys[i][k] || ""; }).join(".");
    });
    return q.set ? out.sort() : out;
  }

  // One journal record (RTE 3.4.2.7: write-only, appended at n == _count, id first).
  function record(id, objectives, type, response, pattern, result, weighting, timestamp) {
    var n = "cmi.interactions." + interactions + ".";
    if (!lms.set(n + "id", id)) return false;
    interactions++;
    objectives.forEach(function (o, m) { lms.set(n + "objectives." + m + ".id", o); });
    lms.set(n + "time", timeOfDay(timestamp));
    lms.set(n + "type", type);
    lms.set(n + "correct_responses.0.pattern", pattern);
    lms.set(n + "weighting", weighting);
    lms.set(n + "student_response", response);
    lms.set(n + "result", result);
    return n;
  }

  function answered(question, d) {
    var qid = idOf(question), q = CFG.questions[qid];
    var page = pageOf(d.page);
    if (!lms || !q || !page) return;
    var role = CFG.pages[page.id].role, counted = role === "assessment";
    // 1.2 says "wrong", not "incorrect"; partial credit: the points earned (a CMIDecimal).
    var result = d.correct ? "correct" : d.score > 0 ? String(Math.round(d.score * 100) / 100)
      : "wrong";
    var n = record(q.ids[role], q.objectives, q.type, cap(encode(q, d.response || [])), q.pattern,
      result, counted ? d.maxScore : 0, d.timestamp);
    if (n && d.latencyMs >= 0) lms.set(n + "latency", timespan(d.latencyMs));
    if (counted && course.questions[qid]) {
      var rec = scored[page.id];
      if (!rec || rec.attempt !== d.attempt) rec = scored[page.id] = { attempt: d.attempt, slots: {} };
      rec.slots[qid] = { score: d.score || 0, max: d.maxScore };
    }
  }

  // "I have read and understood <policy>, version <n>": a record and an objective.
  function attested(a) {
    var t = CFG.attestation;
    if (!lms || attestedNow || !a || !t) return;
    attestedNow = true;
    record(t.id, [t.objective], t.type, t.pattern, t.pattern, "correct", 0);
    setObjective(t.objective, "completed");
    lms.commit();
  }

  // After a submit: the course score as Finish would give it now, and per objective (learning
  // objective or clause) the share of points earned in the last submitted attempt of every
  // assessment but pre-tests, against the pass mark: this session's attempts as reported,
  // earlier ones from the player's saved state.
  function assessed(page) {
    // A pre-test counts for nothing: writing the course score now (0) would let an LMS that
    // applies the mastery score (Moodle; SCORM 1.2 RTE 3.4.2.1.7) turn an exit into "failed".
    if (!lms || (pageOf(page) || {}).role === "pre") return;
    var state = TF.snapshot();
    var now = TF.result(state, course);
    writeScore(now.score, now.status);
    var totals = {};
    course.pages.forEach(function (p) {
      if (p.kind !== "assessment" || p.role === "pre") return;
      var slots = scored[p.id] ? scored[p.id].slots : savedScores(p, state);
      Object.keys(slots).forEach(function (qid) {
        CFG.questions[qid].objectives.forEach(function (o) {
          var t = totals[o] || (totals[o] = { score: 0, max: 0 });
          t.max += slots[qid].max;
          t.score += slots[qid].score;
        });
      });
    });
    var pass = course.completion.passingScore;
    Object.keys(totals).forEach(function (o) {
      var raw = totals[o].max ? Math.round((100 * totals[o].score) / totals[o].max) : 0;
      setObjective(o, raw >= pass ? "passed" : "failed", raw);
    });
  }

  function savedScores(p, state) {
    var slots = {};
    p.questions.forEach(function (qid) {
      var a = state.answers[TF.state.slot(p.id, qid)], q = course.questions[qid];
      if (!a || !a.submitted || !q) return;
      var score = typeof a.score === "number" ? a.score : a.correct ? q.points : 0;
      slots[qid] = { score: score, max: q.points };
    });
    return slots;
  }

  function finished(f) {
    if (!lms) return;
    if (f.score !== null && f.score !== undefined) writeScore(f.score, f.status);
    var final = f.status;
    if (DONE[final]) {
      done = true;
      // Objectives taught but never scored (no assessment, or a pool that did not draw their
      // questions) are complete with the course.
      Object.keys(taught).forEach(function (o) {
        if (objectiveRaw[o] == null) setObjective(o, "completed");
      });
    }
    // A status the LMS holds is never downgraded.
    if (RANK[final] > RANK[status] && lms.set("cmi.core.lesson_status", final)) status = final;
    lms.commit(); // alive: terminate() then calls LMSFinish alone
  }

  // LMSFinish persists (RTE 3.3); at unload a commit fails (see save).
  function terminate() {
    if (!lms || lms.finished) return;
    if (tracking) {
      lms.set("cmi.core.session_time", timespan(Date.now() - startedAt));
      // RTE 3.4.2.1.4 cmi.core.exit: "suspend" makes the next launch a resume; "" once done.
      lms.set("cmi.core.exit", done ? "" : "suspend");
    }
    lms.finish();
  }

  // --- helpers for scores and objectives --------------------------------------------------
  function writeScore(score, outcome) {
    if (score === null || score === undefined) return;
    // RTE 3.4.2.1.7: an LMS may make "incomplete" "failed" by the mastery score (Moodle).
    if (outcome === "incomplete" && score < mastery) return;
    if (status === "passed" && bestScore !== null && score < bestScore) return; // keep the pass
    var raw = Math.round(score * 100) / 100; // CMIDecimal; LMSs range-check 0-100
    setOnce("cmi.core.score.min", "0");
    setOnce("cmi.core.score.max", "100");
    setOnce("cmi.core.score.raw", String(raw));
    if (written["cmi.core.score.raw"] === String(raw)) bestScore = Math.max(bestScore || 0, raw);
  }

  var RANK = { "": 0, "not attempted": 0, incomplete: 1, browsed: 1, failed: 2, completed: 3,
    passed: 4 };

  // Like the course: passed is kept, and so is its score unless a later one is higher.
  function setObjective(id, value, raw) {
    var old = objectiveStatus[id] || "";
    if (raw === undefined ? RANK[old] >= RANK[value]
      : RANK[old] === 4 && !(raw > objectiveRaw[id])) return;
    var n = objectiveSlot(id);
    if (n === undefined) return;
    var prefix = "cmi.objectives." + n + ".";
    if (raw !== undefined) {
      setOnce(prefix + "score.min", "0");
      setOnce(prefix + "score.max", "100");
      setOnce(prefix + "score.raw", String(raw));
      objectiveRaw[id] = raw;
    }
    if (RANK[old] !== 4 && lms.set(prefix + "status", value)) objectiveStatus[id] = value;
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

  function pageOf(page) {
    var id = idOf(page);
    return course.pages.filter(function (p) { return p.id === id; })[0];
  }

  // Every objective this SCO's pages touch (taught), and the ids of all it reports, in the
  // build's order (package/scorm12.py tracked_objectives, which lints their count and ids).
  function scanObjectives() {
    var on = {};
    course.pages.forEach(function (p) {
      var c = CFG.pages[p.id];
      c.taught.forEach(function (o) { taught[o] = on[o] = true; });
      c.scores.forEach(function (o) { on[o] = true; });
    });
    var ids = CFG.objectives.filter(function (o) { return on[o]; });
    if (CFG.attestation) ids.push(CFG.attestation.objective);
    return ids;
  }

  TF.useAdapter({
    name: "scorm12",
    start: start,
    track: track,
    pageViewed: pageViewed,
    answered: answered,
    attested: attested,
    assessed: assessed,
    save: save,
    finished: finished,
    terminate: terminate
  });
})();
