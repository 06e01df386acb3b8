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
  var PRE_SUFFIX = "_pre";     // pre-tests; formats/scorm12.py PRE_SUFFIX
  var CLAUSE = "clause-";      // an objective per policy clause; formats/scorm12.py CLAUSE_PREFIX
  var ATTEST = "attest-";      // formats/scorm12.py ATTEST_PREFIX
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
    // learning objectives, policy clauses, the attestation (formats/scorm12.py
    // tracked_objectives, which lints their count and ids).
    scanObjectives().forEach(objectiveSlot);
    lms.commit();
  }

  function pageViewed(page) {
    var found = pageOf(page);
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
    // Leaving, LMSFinish persists: Chromium refuses a commit's sync XHR then ("false", 101).
    if (!(where && where.leaving)) lms.commit();
  }

  function setOnce(element, value) {
    if (written[element] !== value && lms.set(element, value)) written[element] = value;
  }

  // The question a report is about; a scenario's step comes as {id: "<qid>--<step>", scenario}.
  function questionOf(question) {
    var id = idOf(question), q = course.questions[id];
    if (q) return q;
    var parent = course.questions[question.scenario || id.split("--")[0]];
    var step = parent && (parent.steps || []).filter(function (s) { return s.question === id; })[0];
    return step && { id: id, type: "scenario_step", points: 0, objectives: parent.objectives,
      clauses: parent.clauses, options: step.options };
  }

  function charOf(list, id) {
    return CHOICE_CHARS.charAt((list || []).map(idOf).indexOf(id));
  }

  function chars(ids, list) {
    return ids.map(function (i) { return charOf(list, i); });
  }

  // At most 255 characters, cut after a whole entry (a long path through a scenario's loops).
  function cap(list) {
    var text = list.join(",");
    return text.length <= FEEDBACK_MAX ? text : text.slice(0, text.lastIndexOf(",", FEEDBACK_MAX));
  }

  function correctOf(options) {
    return options.filter(function (o) { return o.correct; }).map(idOf);
  }

  function stepOf(q, id) {
    return q.steps.filter(function (s) { return s.id === id; })[0];
  }

  // A scenario's best path from its first step, as "<step id>.<choice id>" entries.
  function bestPath(q) {
    var path = [], step = q.steps[0], best;
    while (step && path.length < q.steps.length && (best = correctOf(step.options)[0])) {
      path.push(step.id + "." + best);
      step = stepOf(q, String(step.options.filter(function (o) { return o.id === best; })[0].next)
        .replace(q.id + "--", ""));
    }
    return path;
  }

  // RTE 3.4.2.7: [type, student_response, pattern] with every id as one character, by its
  // position in the authored list (README "Interactions"; formats/scorm12.py lints the 36).
  function shape(q, r) {
    var t = q.type;
    if (t === "true_false") {
      var tf = function (ids) { return ids.map(function (o) { return o === "true" ? "t" : "f"; }); };
      return ["true-false", tf(r), tf(correctOf(q.options))];
    }
    if (t === "matching") {
      var pairs = function (ps) {
        return ps.map(function (p) { return charOf(q.sources, p[0]) + "." + charOf(q.targets, p[1]); });
      };
      return ["matching", pairs(r), pairs(q.pairs)];
    }
    if (t === "ordering") return ["sequencing", chars(r, q.items), chars(q.order, q.items)];
    if (t === "scenario") {
      var path = function (ids) {
        return ids.map(function (e) {
          var p = String(e).split("."), step = stepOf(q, p[0]);
          return charOf(q.steps, p[0]) + "." + charOf(step && step.options, p[1]);
        });
      };
      return ["performance", path(r), path(bestPath(q))];
    }
    // Choices, a step, a moderation decision (action and clause: two characters): a set.
    var right = chars(correctOf(q.options), q.options).sort();
    return ["choice", chars(r, q.options).sort(), right[1] ? ["{" + right + "}"] : right];
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
    var q = questionOf(question);
    var page = pageOf(d.page);
    if (!lms || !q || !page) return;
    var pre = page.role === "pre", counted = d.kind === "assessment" && !pre;
    var id = q.id + (d.kind === "check" ? CHECK_SUFFIX : pre ? PRE_SUFFIX : "");
    var s = shape(q, d.response || []);
    // 1.2 says "wrong", not "incorrect"; partial credit: the points earned (a CMIDecimal).
    var result = d.correct ? "correct" : d.score > 0 ? String(Math.round(d.score * 100) / 100)
      : "wrong";
    var n = record(id, (q.objectives || []).concat(clauseIds(q)), s[0], cap(s[1]), cap(s[2]),
      result, counted ? d.maxScore : 0, d.timestamp);
    if (n && d.latencyMs >= 0) lms.set(n + "latency", timespan(d.latencyMs));
    if (counted && course.questions[q.id]) {
      var rec = scored[page.id];
      if (!rec || rec.attempt !== d.attempt) rec = scored[page.id] = { attempt: d.attempt, slots: {} };
      rec.slots[q.id] = { score: d.score || 0, max: d.maxScore };
    }
  }

  // "I have read and understood <policy>, version <n>": a record and an objective.
  function attested(a) {
    if (!lms || attestedNow || !a) return;
    attestedNow = true;
    var objective = ATTEST + a.policy;
    record(objective + "-v" + a.version, [objective], "true-false", "t", "t", "correct", 0);
    setObjective(objective, "completed");
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
        var q = course.questions[qid];
        (q.objectives || []).concat(clauseIds(q)).forEach(function (o) {
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

  // A lesson teaches its own objectives and those of its knowledge checks.
  function objectivesOf(page) {
    var found = (page.objectives || []).slice();
    page.questions.forEach(function (qid) {
      var q = course.questions[qid];
      if (q) found = found.concat(q.objectives || []);
    });
    return found;
  }

  function clauseIds(q) {
    return (q.clauses || []).map(function (c) { return CLAUSE + c.replace(/\./g, "_"); });
  }

  function pageOf(page) {
    var id = idOf(page);
    return course.pages.filter(function (p) { return p.id === id; })[0];
  }

  // Every objective this SCO's pages touch (taught), and the ids of all it reports, in order
  // (formats/scorm12.py tracked_objectives).
  function scanObjectives() {
    var clauses = {};
    course.pages.forEach(function (p) {
      objectivesOf(p).forEach(function (o) { taught[o] = true; });
      if (p.kind === "assessment" && p.role !== "pre") {
        p.questions.forEach(function (qid) {
          clauseIds(course.questions[qid] || {}).forEach(function (c) { clauses[c] = true; });
        });
      }
    });
    var ids = course.objectives.map(idOf).filter(function (o) { return taught[o]; });
    (course.policies || []).forEach(function (p) {
      ids = ids.concat(clauseIds(p).filter(function (c) { return clauses[c]; }));
    });
    if (course.attestation) ids.push(ATTEST + course.attestation.policy);
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
