/* trainforge tracking adapter: xAPI 1.0.3 statements to the LRS named by the Tin Can launch.
 *
 * The player (tf-core.js) decides what happened; this file turns it into statements, keeps them
 * in a persistent queue until the LRS has them, and bookmarks through the State API.
 * References: xAPI 1.0.3 (Data, Communication), Rustici's Tin Can launch document ("launch"),
 * trainforge README "xAPI packages". The build prepends `self.TF_XAPI`: the activity ids and
 * definitions also written to tincan.xml, and the extension keys, verb and state id the adapter
 * sends (package/xapi.py, tracking/config.py; docs/runtime.md "Tracking config").
 */
(function () {
  "use strict";

  var TF = window.TF;
  var CFG = self.TF_XAPI;
  var LOG = "[trainforge xapi]";
  var VERSION = "1.0.3";  // Communication §3.3: every request carries it
  var VERB = "http://adlnet.gov/expapi/verbs/";
  var BATCH = 20;             // statements per POST
  var BATCH_BYTES = 24000;    // browsers cap keepalive bodies in flight at 64 KiB in total
  var TIMEOUT_MS = 10000;
  var LEASE_MS = 12000;        // how long a request may outlive its page (keepalive)
  var LEASE_CHECK_MS = 3000;
  var START_TIMEOUT_MS = 4000;  // the player waits 5 s for start(); resume from storage before
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
  var FAILURES_BEFORE_NOTICE = 2;

  var course = null, launch = null, agent = null, storage = null, local = null;
  var queueKey = "", leaseKey = "", stateKey = "";
  var memoryQueue = [];       // when localStorage is unavailable
  var startedAt = 0, lastStamp = 0, ended = false;
  var owner = uuid();         // this page, as the holder of the send lease
  var sending = false, timer = 0, failures = 0, oneByOne = 0, blocked = false, noticed = "";
  var stateApi = true, stateBusy = false, pendingState = null, attestedNow = false;
  var pageById = {};

  // --- small helpers ---------------------------------------------------------------------
  function idOf(thing) {
    return typeof thing === "string" ? thing : thing && thing.id;
  }

  // Statement ids are made here so a resent statement is the same statement (Data §2.4.1).
  function uuid() {
    var c = self.crypto;
    if (c.randomUUID) return c.randomUUID();
    var b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); })
      .join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) +
      "-" + h.slice(20);
  }

  // Timestamps strictly increase within a page, so the order the learner acted in is kept.
  function stamp() {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  }

  // ISO 8601 duration with at most 0.01 s precision (Data §4.6).
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + (cs % 6000) / 100 + "S";
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (e) {
      return null;
    }
  }

  function write(key, value) {
    try {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;  // storage off or full: the queue lives in memory for this page
    }
  }

  function notice(key) {
    if (noticed === key) return;
    noticed = key;
    TF.notice(key);
  }

  // --- launch (Rustici launch document; DIGEST §3.2) --------------------------------------
  function one(value) {
    return Array.isArray(value) ? value[0] : value;  // 0.9 actors hold arrays
  }

  // An Agent with exactly one inverse functional identifier, from 1.0 or legacy 0.9 JSON.
  function parseActor(text) {
    var a;
    try { a = JSON.parse(text); } catch (e) { return null; }
    if (!a || typeof a !== "object") return null;
    var out = { objectType: "Agent" };
    var name = one(a.name), mbox = one(a.mbox), sha = one(a.mbox_sha1sum);
    var openid = one(a.openid), account = one(a.account);
    if (typeof name === "string" && name) out.name = name;
    if (typeof mbox === "string" && mbox) {
      out.mbox = /^mailto:/i.test(mbox) ? mbox : "mailto:" + mbox;
    } else if (typeof sha === "string" && sha) {
      out.mbox_sha1sum = sha;
    } else if (typeof openid === "string" && openid) {
      out.openid = openid;
    } else if (account && typeof account === "object") {
      var home = account.homePage || account.accountServiceHomePage;
      var id = account.name || account.accountName;
      if (!home || !id) return null;
      out.account = { homePage: String(home), name: String(id) };
    } else {
      return null;
    }
    return out;
  }

  function readLaunch() {
    var q = new URLSearchParams(location.search);
    var endpoint = q.get("endpoint");
    if (!endpoint) return null;
    try {
      endpoint = new URL(endpoint, location.href).href;
    } catch (e) {
      return { error: true };
    }
    var actor = parseActor(q.get("actor"));
    if (!actor || !/^https?:/.test(endpoint)) return { error: true };
    return {
      endpoint: endpoint.replace(/\/?$/, "/"),
      auth: q.get("auth"),
      actor: actor,
      registration: q.get("registration") || "",
      activityId: q.get("activity_id") || CFG.course.id,
      grouping: q.get("grouping") || ""
    };
  }

  // --- statements (Data §2.4; README "xAPI packages") -------------------------------------
  function ref(activity) {
    return { id: activity.id };
  }

  function courseObject() {
    return { objectType: "Activity", id: launch.activityId, definition: CFG.course.definition };
  }

  function activityObject(activity) {
    return { objectType: "Activity", id: activity.id, definition: activity.definition };
  }

  // Context (Data §2.4.6): registration, parent and grouping activities, the course version,
  // and the extensions the build computed for `about` (policy, clauses, objectives) plus `extra`
  // (by the names of CFG.extensions).
  function context(parent, grouping, about, extra) {
    var ctx = { revision: course.version, language: course.language };
    if (launch.registration) ctx.registration = launch.registration;
    var groups = grouping.slice();
    if (launch.grouping) groups.push({ id: launch.grouping });
    var activities = {};
    if (parent) activities.parent = [parent];
    if (groups.length) activities.grouping = groups;
    if (parent || groups.length) ctx.contextActivities = activities;
    var ext = {};
    var add = function (map, keys) {
      Object.keys(map || {}).forEach(function (k) {
        if (map[k] !== undefined && map[k] !== null) ext[keys ? keys[k] : k] = map[k];
      });
    };
    add(about && about.context);
    add(extra, CFG.extensions);
    if (Object.keys(ext).length) ctx.extensions = ext;
    return ctx;
  }

  function send(verb, object, ctx, result) {
    if (!launch || launch.error) return;
    var s = {
      id: uuid(),
      actor: agent,
      verb: { id: verb.indexOf(":") < 0 ? VERB + verb : verb,
        display: { "en-US": verb.split("/").pop() } },
      object: object,
      context: ctx,
      timestamp: stamp()
    };
    if (result) s.result = result;
    enqueue(s);
  }

  function score(percent) {
    var raw = Math.round(percent * 100) / 100;
    return { scaled: Math.round(raw * 100) / 10000, raw: raw, min: 0, max: 100 };
  }

  function courseGroup() {
    return [{ id: launch.activityId }];
  }

  // --- the queue: persistent, in order, one request at a time ------------------------------
  function loadQueue() {
    if (!storage) return memoryQueue;
    var q = read(queueKey);
    return Array.isArray(q) ? q : memoryQueue;
  }

  function saveQueue(q) {
    memoryQueue = q;
    if (storage && !write(queueKey, q)) {
      console.warn(LOG, "storage refused the queue; it is kept in memory for this page");
      storage = null;  // one place holds the queue, never two that disagree
    }
  }

  function enqueue(statement) {
    var q = loadQueue().slice();
    q.push(statement);
    saveQueue(q);
    flush();
  }

  function remove(ids) {
    saveQueue(loadQueue().filter(function (s) { return ids.indexOf(s.id) < 0; }));
  }

  // Writes use keepalive, so a request under way when the page goes still reaches the LRS.
  function request(method, url, body, timeoutMs) {
    var headers = { "X-Experience-API-Version": VERSION };
    if (launch.auth) headers.Authorization = launch.auth;
    if (body !== null) headers["Content-Type"] = "application/json";
    var abort = new AbortController();
    var t = setTimeout(function () { abort.abort(); }, timeoutMs || TIMEOUT_MS);
    return fetch(url, {
      method: method, headers: headers, body: body, keepalive: body !== null, cache: "no-store",
      credentials: "omit", signal: abort.signal
    }).then(function (res) {
      clearTimeout(t);
      return res;
    }, function () {
      clearTimeout(t);
      return { status: 0, ok: false };  // network error, CORS refusal or timeout
    });
  }

  function authFailed() {
    blocked = true;  // the credentials will not get better in this session; the queue waits
    clearTimeout(timer);
    notice("auth_error_notice");
  }

  function retryLater() {
    failures++;
    if (failures >= FAILURES_BEFORE_NOTICE) notice("lms_error_notice");
    var wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length) - 1];
    schedule(wait * (0.8 + Math.random() * 0.4));
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(function () { flush(); }, ms);
  }

  // A page that closed mid-request (the keepalive POST at pagehide) leaves a lease naming the
  // statements it sent. The next page asks the LRS for the last of them (Communication §2.1.3,
  // GET statementId): stored means the batch arrived (a POST is all or nothing); otherwise it
  // asks again a little later, and resends once the lease has run out: never racing that request.
  function settleLease(lease) {
    sending = true;
    var last = lease.ids[lease.ids.length - 1];
    request("GET", launch.endpoint + "statements?statementId=" + last, null, START_TIMEOUT_MS)
      .then(function (res) {
        if (res.status === 401 || res.status === 403) return "auth";
        // The spec answers with the statement or 404; Ralph answers 200 {"statements": []}.
        return res.status === 200 ? res.json().then(function (body) {
          var found = body && body.statements ? body.statements : [body];
          return found.some(function (s) { return s && s.id === last; });
        }, function () { return false; }) : false;
      }).then(function (arrived) {
        sending = false;
        if (arrived === "auth") return authFailed();
        if (!arrived) {
          return schedule(Math.min(LEASE_CHECK_MS, Math.max(0, lease.until - Date.now())));
        }
        remove(lease.ids);
        write(leaseKey, null);
        flush();
      });
  }

  // Send the head of the queue, in order, one request at a time.
  function flush() {
    if (sending || blocked || !launch || launch.error) return;
    clearTimeout(timer);
    var q = loadQueue();
    if (!q.length) return pushState();
    var lease = read(leaseKey);
    if (lease && lease.owner !== owner && lease.until > Date.now()) return settleLease(lease);
    var batch = [], bytes = 2;
    for (var i = 0; i < q.length && batch.length < (oneByOne ? 1 : BATCH); i++) {
      var size = JSON.stringify(q[i]).length + 1;
      if (batch.length && bytes + size > BATCH_BYTES) break;
      batch.push(q[i]);
      bytes += size;
    }
    sending = true;
    var ids = batch.map(function (s) { return s.id; });
    write(leaseKey, { owner: owner, until: Date.now() + LEASE_MS, ids: ids });
    request("POST", launch.endpoint + "statements", JSON.stringify(batch))
      .then(function (res) {
        sending = false;
        write(leaseKey, null);
        var status = res.status;
        if (res.ok) {
          remove(ids);
          failures = 0;
          if (noticed === "lms_error_notice") { noticed = ""; TF.notice(""); }
        } else if (status === 401 || status === 403) {
          return authFailed();
        } else if (status === 400 || status === 409 || status === 413 || status === 422) {
          // One statement the LRS can never take must not block the rest: find it, drop it.
          if (batch.length > 1) {
            oneByOne = batch.length;
            return flush();
          }
          console.warn(LOG, "the LRS refused statement", ids[0], "with", status);
          remove(ids);
        } else {
          return retryLater();  // 0 (network, timeout), 404, 408, 429, 5xx
        }
        if (oneByOne) oneByOne--;
        flush();
      });
  }

  // --- State API (Communication §2.3) with browser storage as the fallback ------------------
  function stateUrl() {
    var p = new URLSearchParams({
      activityId: launch.activityId, agent: JSON.stringify(agent), stateId: CFG.state
    });
    if (launch.registration) p.set("registration", launch.registration);
    return launch.endpoint + "activities/state?" + p.toString();
  }

  function pushState() {
    if (!pendingState || !stateApi || stateBusy || blocked) return;
    var doc = pendingState;
    stateBusy = true;
    request("PUT", stateUrl(), JSON.stringify(doc)).then(function (res) {
      stateBusy = false;
      if (res.ok) {
        if (pendingState === doc) pendingState = null;
      } else if (res.status === 401 || res.status === 403) {
        return authFailed();
      } else if (res.status >= 400 && res.status < 500 && res.status !== 408 &&
        res.status !== 429 || res.status === 501) {
        stateApi = false;  // no State resource here (Ralph answers 404): storage keeps it
        pendingState = null;
      }
      if (pendingState && pendingState !== doc) pushState();
    });
  }

  function newest(a, b) {
    var ok = function (d) { return d && typeof d.state === "string"; };
    if (!ok(a)) return ok(b) ? b : null;
    if (!ok(b)) return a;
    return (b.savedAt || "") > (a.savedAt || "") ? b : a;
  }

  function loadState() {
    var local = read(stateKey);
    return request("GET", stateUrl(), null, START_TIMEOUT_MS).then(function (res) {
      if (res.status === 200) {
        return res.json().then(function (doc) { return newest(doc, local); },
          function () { return local; });
      }
      if (res.status === 401 || res.status === 403) authFailed();
      return local;  // 404: nothing stored, or no State API at all
    }).then(function (doc) { return doc ? doc.state : null; });
  }

  // --- the adapter interface (docs/runtime.md) ---------------------------------------------
  function start(data) {
    course = data;
    startedAt = Date.now();
    try { storage = window.localStorage; } catch (e) { storage = null; }
    course.pages.forEach(function (p) { pageById[p.id] = p; });
    launch = readLaunch();
    if (!launch || launch.error) {
      // No LRS: the web format's browser storage, and a notice saying so.
      local = TF.localAdapter({ notice: launch ? "lms_error_notice" : "standalone_notice" });
      return local.start(course);
    }
    agent = launch.actor;
    var who = JSON.stringify(agent.mbox || agent.mbox_sha1sum || agent.openid || agent.account);
    queueKey = "trainforge:xapi-queue " + launch.endpoint + " " + who;
    leaseKey = queueKey + " lease";
    stateKey = "trainforge:xapi-state " + [launch.activityId, who, launch.registration].join(" ");
    send("initialized", courseObject(), context(null, [], CFG.course));
    window.addEventListener("online", function () { flush(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
    });
    return loadState().then(function (state) {
      var account = agent.account;
      var learner = { id: account ? account.name : (agent.mbox || agent.openid ||
        agent.mbox_sha1sum), name: agent.name || "" };
      var result = { state: state, learner: learner };
      if (blocked) result.notice = "auth_error_notice";
      return result;
    });
  }

  function pageViewed(page) {
    var p = pageById[idOf(page)];
    if (!p) return;
    send("experienced", activityObject(CFG.pages[p.id]),
      context(ref(CFG.modules[p.module]), courseGroup(), CFG.pages[p.id]));
  }

  function answered(question, d) {
    var qid = idOf(question);
    var p = pageById[idOf(d.page)];
    var activity = CFG.questions[qid];
    if (!p || !activity) return;
    var scenario = (course.questions[qid] || {}).type === "scenario";
    // Choice ids joined by [,]; matching pairs as s[.]t; a scenario's "<step>.<choice>" entries
    // as step[.]choice (Data §2.4.4.1.2: the SCORM 2004 response syntax).
    var result = {
      response: (d.response || []).map(function (r) {
        return Array.isArray(r) ? r.join("[.]") : scenario ? String(r).replace(".", "[.]")
          : String(r);
      }).join("[,]"),
      success: !!d.correct
    };
    if (d.latencyMs >= 0) result.duration = duration(d.latencyMs);
    if (d.maxScore > 0) {  // partial credit (a moderation decision, a scenario) keeps its share
      var raw = Math.round(d.score * 10000) / 10000;
      result.score = { scaled: raw / d.maxScore, raw: raw, min: 0, max: d.maxScore };
    }
    // A scenario's step reports under its scenario; pre/post-test answers say which.
    var parent = question.scenario && CFG.questions[question.scenario];
    var groups = courseGroup().concat(ref(CFG.modules[p.module]));
    send("answered", activityObject(activity),
      context(ref(parent || CFG.pages[p.id]), parent ? groups.concat(ref(CFG.pages[p.id])) : groups,
        activity, { "question-kind": d.kind, attempt: d.attempt, "assessment-role": p.role }),
      result);
  }

  // "I have read and understood <policy>, version <n>": the policy version is the object.
  function attested() {
    var activity = CFG.attestation;
    if (!activity || attestedNow) return;
    attestedNow = true;
    send(CFG.verbs.attested, activityObject(activity), context(null, courseGroup(), activity),
      { completion: true });
  }

  function assessed(page, a) {
    var p = pageById[idOf(page)];
    if (!p) return;
    send(a.passed ? "passed" : "failed", activityObject(CFG.pages[p.id]),
      context(ref(CFG.modules[p.module]), courseGroup(), CFG.pages[p.id], { attempt: a.attempt }),
      { score: score(a.score), success: !!a.passed, completion: true });
  }

  function finished(f) {
    var hasScore = f.score !== null && f.score !== undefined && f.score !== "";
    var spent = duration(Date.now() - startedAt);
    if (f.status === "passed" || f.status === "failed") {
      var r = { success: f.status === "passed", completion: f.status === "passed",
        duration: spent };
      if (hasScore) r.score = score(f.score);
      send(f.status, courseObject(), context(null, [], CFG.course), r);
    }
    if (f.status === "passed" || f.status === "completed") {
      var c = { completion: true, duration: spent };
      if (hasScore) c.score = score(f.score);
      send("completed", courseObject(), context(null, [], CFG.course), c);
    }
  }

  function save(state) {
    if (local) return local.save(state);
    var doc = { state: state, savedAt: new Date().toISOString() };
    write(stateKey, doc);
    pendingState = doc;
    pushState();
  }

  function terminate() {
    if (ended || !launch || launch.error) return;
    ended = true;
    send("terminated", courseObject(), context(null, [], CFG.course),
      { duration: duration(Date.now() - startedAt) });
    flush();  // keepalive: the request outlives the page; what cannot go stays queued
    pushState();
  }

  TF.useAdapter({
    name: "xapi",
    start: start,
    pageViewed: pageViewed,
    answered: answered,
    attested: attested,
    assessed: assessed,
    save: save,
    finished: finished,
    terminate: terminate
  });
})();
