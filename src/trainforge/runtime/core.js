/*
 * trainforge player core (assets/tf-core.js): a small, dependency-free course player.
 * ES2017, no build step, one IIFE exposing window.TF. docs/runtime.md describes the same contract.
 *
 * It reads the course structure from <script id="tf-course" type="application/json">, shows one
 * [data-tf-page] at a time, grades questions in the browser and computes the course result.
 * It decides WHAT to report; a tracking adapter (assets/tf-tracking.js, one file per package
 * format, loaded right after this one) decides HOW: localStorage, SCORM 1.2 API, xAPI statements.
 *
 * ---- Tracking adapter interface (stable) -------------------------------------------------------
 * An adapter is a plain object; every method is optional. tf-tracking.js registers it with
 *     TF.useAdapter(adapter)
 * while the page loads. The core starts on DOMContentLoaded plus one tick; if nothing registered
 * by then it uses TF.localAdapter(). All objects passed in come from the #tf-course JSON:
 *   course   {id, title, version, language, description, completion: {rule, passingScore,
 *             maxAttempts}, objectives, modules, pages, questions, strings}
 *   page     {id, title, kind: 'lesson'|'assessment', module, objectives, questions: [id]}
 *   question {id, type, points, objectives, text, options: [{id, correct, text}]}
 *
 *   start(course) -> Promise<{state: string|null, learner?: {id, name}, notice?: string}>
 *       Called once. `state` is what save() last received (null: fresh start). `notice` is a
 *       strings key shown in [data-tf-notice]. Waited for at most 5 s; later answers are ignored.
 *   pageViewed(page)                      every time a page is shown (first one included)
 *   answered(question, detail)            a question was graded; detail =
 *       {page, response: [option id], correct: bool, score: points earned, maxScore: points,
 *        latencyMs, timestamp: Date, attempt: 1-based, kind: 'check'|'assessment'}
 *   assessed(page, {score: 0-100, passed: bool, attempt: 1-based})   an assessment was submitted
 *   save(state, {page})                   `state` is TF.state.encode(...) (≤ the build-time worst
 *       case, see runtime/statesize.py); called after a page change, an answer, a submit, a
 *       retake, at finish and before terminate on pagehide. `page` is the current page object.
 *   finished({status, score, passingScore})  status: passed|failed|completed|incomplete;
 *       score: 0-100 integer, or null when the course has no assessment
 *   terminate()                           exactly once: right after finished(), or on pagehide
 *
 * Back channel: TF.notice(key) shows strings[key] in [data-tf-notice] (TF.notice('') hides it).
 * Every adapter call is wrapped (try/catch, and .catch on returned promises): an adapter can log
 * errors, never break the page. Return values other than start's are ignored.
 * ------------------------------------------------------------------------------------------------
 */
(function (global) {
  'use strict';

  // ===== Saved state: pure functions of (state, course), no DOM, so node can test them =========
  // Format (docs/state-format.md): FORMAT~version~<current key><finish code>~<visited keys>~
  // <answer records>~<assessment records>. Every field has a fixed width, so the longest string a
  // course can produce is a sum (statesize.py) that SCORM 1.2 packaging checks against 4096.
  const FORMAT = '1';
  const KEY_MOD = 60466176; // 36^5: ids hash to 5 base-36 chars
  const SIG_MOD = 1296; // 36^2: 2-char signatures
  const MAX_COUNT = 1295; // largest 2-char base-36 number; attempt counts saturate here
  const FINISH_CODE = { '': '0', passed: 'p', failed: 'f', completed: 'c', incomplete: 'i' };
  const STATE_RE = new RegExp('^' + FORMAT + '~[^~]*~([0-9a-z]{5})([0pfci])~((?:[0-9a-z]{5})*)' +
    '~((?:[0-9a-z]{13})*)~((?:[0-9a-z]{14})*)$');

  // FNV-1a, 32 bit, over UTF-8 bytes (as Python's str.encode gives them, so statesize.py can
  // mirror it): tiny, well spread. unescape(encodeURIComponent(s)) is the shortest UTF-8 encoder.
  function fnv1a(text) {
    const bytes = unescape(encodeURIComponent(text));
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }

  function b36(n, width) {
    return n.toString(36).padStart(width, '0');
  }

  function idKey(id) {
    return b36(fnv1a(id) % KEY_MOD, 5);
  }

  function signature(parts) {
    return b36(fnv1a(parts.join(',')) % SIG_MOD, 2);
  }

  // Options are keyed in id order, not display order: reordering options keeps saved answers,
  // changing the set of ids changes the signature and drops them.
  function optionIds(q) {
    return q.options.map(o => o.id).sort();
  }

  function assessmentSignature(page, course) {
    return signature(page.questions.slice().sort().map(qid =>
      qid + ':' + signature(optionIds(course.questions[qid]))));
  }

  function slotId(pageId, qid) {
    return pageId + '/' + qid;
  }

  function slotsOf(course) {
    const slots = [];
    const seen = Object.create(null); // a page lists a question once; be sure of it
    course.pages.forEach(p => p.questions.forEach(qid => {
      if (!seen[slotId(p.id, qid)]) slots.push([p, qid]);
      seen[slotId(p.id, qid)] = true;
    }));
    return slots;
  }

  function fresh(course) {
    const first = course && course.pages && course.pages[0];
    return { page: first ? first.id : '', visited: [], answers: {}, assessments: {}, finished: '' };
  }

  // Right iff the chosen set equals the correct set (single choice: the one correct option).
  function grade(q, chosen) {
    const right = q.options.filter(o => o.correct).map(o => o.id);
    return right.length === chosen.length && right.every(id => chosen.includes(id));
  }

  function encode(state, course) {
    const visited = course.pages.filter(p => state.visited.includes(p.id));
    let out = FORMAT + '~' + course.version + '~' + idKey(state.page || fresh(course).page) +
      (FINISH_CODE[state.finished] || '0') + '~' + visited.map(p => idKey(p.id)).join('') + '~';
    slotsOf(course).forEach(([page, qid]) => {
      const slot = slotId(page.id, qid);
      const a = state.answers[slot];
      if (a && (a.chosen.length || a.submitted)) {
        out += idKey(slot) + signature(optionIds(course.questions[qid])) +
          encodeChoice(a, course.questions[qid]);
      }
    });
    out += '~';
    course.pages.forEach(page => {
      const r = state.assessments[page.id];
      if (page.kind === 'assessment' && r && r.attempts > 0) {
        out += idKey(page.id) + assessmentSignature(page, course) +
          b36(Math.min(r.attempts, MAX_COUNT), 2) + b36(r.best, 2) + b36(r.last, 2) +
          (r.locked ? '1' : '0');
      }
    });
    return out;
  }

  // One bit per option (in id order) above a "submitted" bit: 26 options + 1 < 36^6.
  function encodeChoice(a, q) {
    const ids = optionIds(q);
    let v = 0;
    for (let i = ids.length - 1; i >= 0; i--) v = v * 2 + (a.chosen.includes(ids[i]) ? 1 : 0);
    return b36(v * 2 + (a.submitted ? 1 : 0), 6);
  }

  // Decoding never throws: a string that is not this format gives a fresh start; a well-formed
  // string from another course version keeps what still exists (by key) and is unchanged (by
  // signature), and drops the rest.
  function decode(text, course) {
    const state = fresh(course);
    const m = typeof text === 'string' ? STATE_RE.exec(text) : null;
    if (!m) return state;
    try {
      return restore(m, course);
    } catch (e) {
      warn('saved state dropped', e);
      return state;
    }
  }

  function restore(m, course) {
    const state = fresh(course);
    const pages = keyTable(course.pages.map(p => p.id));
    const slots = keyTable(slotsOf(course).map(([p, qid]) => slotId(p.id, qid)));
    state.page = pages[m[1]] || state.page;
    state.finished = Object.keys(FINISH_CODE).find(k => FINISH_CODE[k] === m[2]);
    const seen = chunks(m[3], 5).map(k => pages[k]);
    state.visited = course.pages.map(p => p.id).filter(id => seen.includes(id));
    chunks(m[4], 13).forEach(c => restoreAnswer(state, course, slots[c.slice(0, 5)], c));
    chunks(m[5], 14).forEach(c => restoreAssessment(state, course, pages[c.slice(0, 5)], c));
    course.pages.forEach(p => p.kind === 'assessment' && settleAssessment(state, course, p));
    return state;
  }

  // key → id; a key two ids share is ambiguous and maps to nothing, so neither is misread.
  function keyTable(ids) {
    const table = Object.create(null);
    ids.forEach(id => {
      const k = idKey(id);
      table[k] = k in table ? null : id;
    });
    return table;
  }

  function chunks(text, size) {
    const out = [];
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  }

  function restoreAnswer(state, course, slot, c) {
    if (!slot) return;
    const q = course.questions[slot.slice(slot.indexOf('/') + 1)];
    if (!q || c.slice(5, 7) !== signature(optionIds(q))) return;
    let v = parseInt(c.slice(7), 36);
    const submitted = v % 2 === 1;
    v = Math.floor(v / 2);
    const picked = [];
    optionIds(q).forEach(id => {
      if (v % 2) picked.push(id);
      v = Math.floor(v / 2);
    });
    const chosen = q.options.map(o => o.id).filter(id => picked.includes(id));
    const single = q.type !== 'multiple_response';
    if (v || (single && chosen.length > 1) || !chosen.length) return; // impossible: drop it
    state.answers[slot] = { chosen, submitted, correct: submitted ? grade(q, chosen) : null };
  }

  function restoreAssessment(state, course, pageId, c) {
    const page = pageId && course.pages.find(p => p.id === pageId);
    if (!page || page.kind !== 'assessment' || c.slice(5, 7) !== assessmentSignature(page, course)) {
      return;
    }
    const attempts = parseInt(c.slice(7, 9), 36);
    const best = parseInt(c.slice(9, 11), 36);
    const last = parseInt(c.slice(11, 13), 36);
    if (attempts < 1 || best > 100 || last > best || c[13] > '1') return;
    state.assessments[page.id] = { attempts, best, last, locked: c[13] === '1' };
  }

  // An assessment is either locked (submitted: its answers are graded) or open (answers are
  // choices in progress). Make the restored answers agree with the restored record.
  function settleAssessment(state, course, page) {
    const r = state.assessments[page.id];
    if (r && !r.locked && !canAttempt(r, course)) r.locked = true;
    page.questions.forEach(qid => {
      const a = state.answers[slotId(page.id, qid)];
      if (!a) return;
      a.submitted = !!(r && r.locked);
      a.correct = a.submitted ? grade(course.questions[qid], a.chosen) : null;
    });
  }

  function canAttempt(r, course) {
    const max = course.completion.maxAttempts;
    return !max || r.attempts < max;
  }

  // ===== Course result ============================================================================
  // Score: the best score of each assessment weighted by its points (unattempted = 0).
  // Status by completion.rule (table in docs/runtime.md):
  //   viewed             completed if every page was viewed, else incomplete
  //   passed             passed if score >= passingScore, else failed
  //   viewed_and_passed  passed if all viewed and passed; failed if no attempt left can change
  //                      that; incomplete if pages are unviewed; else (all viewed) failed
  // A rule that needs a score falls back to `viewed` in a course without assessments.
  function result(state, course) {
    const pass = course.completion.passingScore;
    const viewed = course.pages.every(p => state.visited.includes(p.id));
    const tests = course.pages.filter(p => p.kind === 'assessment');
    const rule = course.completion.rule;
    if (!tests.length) return { status: viewed ? 'completed' : 'incomplete', score: null };
    let sum = 0;
    let weight = 0;
    tests.forEach(p => {
      const w = pointsOf(p, course);
      const r = state.assessments[p.id];
      sum += (r ? r.best : 0) * w;
      weight += w;
    });
    const score = weight ? Math.round(sum / weight) : 0;
    const passed = score >= pass;
    const stuck = tests.every(p => {
      const r = state.assessments[p.id];
      return r && (r.best >= pass || !canAttempt(r, course));
    });
    let status;
    if (rule === 'viewed') status = viewed ? 'completed' : 'incomplete';
    else if (rule === 'passed') status = passed ? 'passed' : 'failed';
    else if (viewed && passed) status = 'passed';
    else if (!passed && stuck) status = 'failed';
    else status = viewed ? 'failed' : 'incomplete';
    return { status, score };
  }

  function pointsOf(page, course) {
    return page.questions.reduce((sum, qid) => sum + course.questions[qid].points, 0);
  }

  // ===== Local adapter: localStorage, in memory when storage is refused ==========================
  // In the core (not only in adapters/local.js) so that other adapters can fall back to it when
  // they find no LMS/LRS: `TF.useAdapter(TF.localAdapter({notice: 'standalone_notice'}))`.
  function localAdapter(options) {
    const opts = options || {};
    let store = null;
    let key = '';
    return {
      start(course) {
        key = 'trainforge:' + course.id + (opts.scope ? ':' + opts.scope : '');
        try {
          store = global.localStorage;
          return Promise.resolve({ state: store.getItem(key), notice: opts.notice });
        } catch (e) { // file:// in some browsers, private modes, disabled storage
          store = null;
          return Promise.resolve({ state: null, notice: 'storage_unavailable_notice' });
        }
      },
      save(text) {
        if (!store) return;
        try {
          store.setItem(key, text);
        } catch (e) { // quota or storage revoked mid-session: keep going in memory
          store = null;
          notice('storage_unavailable_notice');
        }
      },
    };
  }

  // ===== Player (DOM) ============================================================================
  const doc = global.document;
  const START_TIMEOUT_MS = 5000;
  let course = null;
  let strings = {};
  let state = null;
  let adapter = null;
  let started = false; // adapter.start was called: terminate() is owed
  let ready = false; // start settled: controls work, reports flow
  let done = false; // finished in this session
  let terminated = false;
  const sections = {};
  const shownAt = {}; // slot → ms when its question was last shown or reset (for latency)
  const tries = {}; // slot → knowledge-check submissions in this session

  function warn(message, error) {
    if (global.console) global.console.warn('[trainforge] ' + message, error || '');
  }

  // Hook selectors (README "Automation contract"): the player finds everything through them.
  const QUESTION = '[data-tf-question]';
  const OPTION = '[data-tf-option]';
  const FEEDBACK = '[data-tf-feedback]';
  const PANEL = '[data-tf-score-panel]';
  const RETAKE = '[data-tf-action="retake"]';
  const GRADE = '[data-tf-assessment] [data-tf-action="submit"]'; // an assessment's own submit

  function tf(el, name) {
    return el.getAttribute('data-tf-' + name);
  }

  function one(selector, root) {
    return (root || doc).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.from((root || doc).querySelectorAll(selector));
  }

  function format(key, vars) {
    let s = strings[key] == null ? '' : String(strings[key]);
    Object.keys(vars || {}).forEach(k => { s = s.split('{' + k + '}').join(String(vars[k])); });
    return s;
  }

  function para(className, text) {
    const p = doc.createElement('p');
    p.className = className;
    p.textContent = text;
    return p;
  }

  function passing() {
    return course.completion.passingScore;
  }

  function pageById(id) {
    return course.pages.find(p => p.id === id);
  }

  function pageOf(el) {
    return pageById(tf(el.closest('[data-tf-page]'), 'page'));
  }

  function setAll(action, prop, value) {
    $$('[data-tf-action="' + action + '"]').forEach(b => { b[prop] = value; });
  }

  // -- adapter plumbing --
  function useAdapter(a) {
    if (started) warn('adapter registered too late; ignored');
    else adapter = a;
  }

  function call(name, ...args) {
    if (!adapter || typeof adapter[name] !== 'function') return undefined;
    try {
      const r = adapter[name](...args);
      if (r && typeof r.then === 'function') r.then(null, e => warn('adapter.' + name + ' failed', e));
      return r;
    } catch (e) {
      warn('adapter.' + name + ' threw', e);
      return undefined;
    }
  }

  function notice(key) {
    const box = doc && one('[data-tf-notice]');
    if (!box) return;
    const text = key ? format(key) : '';
    if (key && !text) warn('no string for notice ' + key);
    box.textContent = text;
    box.hidden = !text;
  }

  function save() {
    if (ready) call('save', encode(state, course), { page: pageById(state.page) });
  }

  function terminate() {
    if (started && !terminated) {
      terminated = true;
      call('terminate');
    }
  }

  // -- start-up --
  function readCourse() {
    const el = doc.getElementById('tf-course');
    try {
      const data = JSON.parse(el.textContent);
      Object.keys(data.questions).forEach(id => { data.questions[id].id = id; });
      return data;
    } catch (e) {
      warn('no course data; the page stays a plain document', e);
      return null;
    }
  }

  function boot() {
    course = readCourse();
    if (!course || !course.pages.length) return;
    strings = course.strings || {};
    state = fresh(course);
    TF.course = course;
    doc.documentElement.classList.remove('tf-nojs');
    doc.documentElement.classList.add('tf-js');
    $$('[data-tf-page]').forEach(s => { sections[tf(s, 'page')] = s; });
    $$('[data-tf-option-feedback]').forEach(f => { f.hidden = true; });
    bindEvents();
    show(state.page, {});
    setTimeout(connect, 0); // one tick after DOMContentLoaded: tf-tracking.js has registered
  }

  function connect() {
    if (!adapter) adapter = localAdapter();
    started = true;
    let timer = 0;
    const timeout = new Promise(resolve => {
      timer = setTimeout(() => resolve({ timedOut: true }), START_TIMEOUT_MS);
    });
    const answer = Promise.resolve(call('start', course)).then(v => v, () => null);
    Promise.race([answer, timeout]).then(info => {
      clearTimeout(timer);
      begin(info);
    });
  }

  function begin(info) {
    const reply = info && typeof info === 'object' ? info : {};
    if (reply.timedOut) warn('adapter.start took too long; starting fresh');
    if (reply.learner) TF.learner = reply.learner;
    if (reply.notice) notice(reply.notice);
    const saved = typeof reply.state === 'string' && reply.state ? reply.state : null;
    state = decode(saved, course);
    const deepLink = !saved && target(global.location.hash);
    applyAnswers();
    ready = true;
    doc.getElementById('tf-main').removeAttribute('aria-busy');
    show(deepLink ? deepLink.page : state.page, { anchor: deepLink && deepLink.anchor });
  }

  function bindEvents() {
    doc.getElementById('tf-main').setAttribute('aria-busy', 'true');
    doc.addEventListener('click', onClick);
    doc.addEventListener('change', onChange);
    doc.addEventListener('submit', e => e.preventDefault()); // grading is ours, never a reload
    global.addEventListener('hashchange', () => {
      const t = target(global.location.hash);
      if (t && ready) show(t.page, { focus: true, anchor: t.anchor });
    });
    global.addEventListener('pagehide', () => {
      if (ready && !done) save();
      terminate();
    });
  }

  // "#page-<id>" or "#page-<id>--<anchor>" (render.py's links between lessons). Page ids may
  // contain "--" themselves, so the longest matching page id wins.
  function target(hash) {
    const h = String(hash || '').replace(/^#/, '');
    let best = null;
    course.pages.forEach(p => {
      const base = 'page-' + p.id;
      if ((h === base || h.indexOf(base + '--') === 0) && (!best || p.id.length > best.page.length)) {
        best = { page: p.id, anchor: h.slice(base.length + 2) };
      }
    });
    return best;
  }

  // -- navigation --
  function show(id, opts) {
    if (!sections[id] || done) return;
    Object.keys(sections).forEach(pid => { sections[pid].hidden = pid !== id; });
    state.page = id;
    if (ready && !state.visited.includes(id)) state.visited.push(id);
    const page = pageById(id);
    page.questions.forEach(qid => {
      const slot = slotId(id, qid);
      if (!shownAt[slot]) shownAt[slot] = Date.now();
    });
    updateNav();
    // Keyboard and screen-reader users continue where the link pointed: the anchor, or the h1.
    let spot = opts.anchor && doc.getElementById(opts.anchor);
    if (spot && sections[id].contains(spot)) {
      if (!spot.hasAttribute('tabindex')) spot.setAttribute('tabindex', '-1');
      spot.scrollIntoView();
    } else if (opts.focus) {
      spot = one('h1', sections[id]);
      global.scrollTo(0, 0);
    }
    if (spot && opts.focus) spot.focus();
    if (ready) {
      call('pageViewed', page);
      save();
    }
  }

  function updateNav() {
    const order = course.pages.map(p => p.id);
    const i = order.indexOf(state.page);
    const last = i === order.length - 1;
    setAll('prev', 'disabled', !ready || i <= 0);
    setAll('next', 'hidden', last);
    setAll('next', 'disabled', !ready || last);
    setAll('finish', 'hidden', !last);
    setAll('finish', 'disabled', !ready);
    const seen = state.visited.length;
    $$('[data-tf-progress]').forEach(p => { p.value = Math.round(seen / order.length * 100); });
    $$('[data-tf-progress-label]').forEach(l => {
      l.textContent = format('progress_text', { n: i + 1, total: order.length });
    });
  }

  function step(delta) {
    const order = course.pages.map(p => p.id);
    const next = order[order.indexOf(state.page) + delta];
    if (next) show(next, { focus: true });
  }

  function onClick(e) {
    const el = e.target.closest && e.target.closest('[data-tf-action],a[href^="#page-"]');
    if (!el || !ready || done) return;
    if (el.tagName === 'A') {
      const t = target(el.getAttribute('href'));
      if (t) {
        e.preventDefault();
        show(t.page, { focus: true, anchor: t.anchor });
      }
      return;
    }
    const action = tf(el, 'action');
    if (action === 'next') step(1);
    else if (action === 'prev') step(-1);
    else if (action === 'finish') finish();
    else if (action === 'retake') retake(el.closest('[data-tf-page]'));
    else if (action === 'submit') {
      const fs = el.closest(QUESTION);
      if (fs) submitCheck(fs);
      else if (el.closest('[data-tf-assessment]')) submitAssessment(el.closest('[data-tf-assessment]'));
    }
  }

  // -- questions --
  function chosenIn(fs) {
    return $$(OPTION, fs).filter(i => i.checked).map(i => tf(i, 'option'));
  }

  // A choice made after grading makes the shown feedback stale: clear it, keep the new choice.
  function onChange(e) {
    const fs = e.target.closest && e.target.closest(QUESTION);
    if (!fs || !ready || fs.disabled) return;
    const slot = slotId(pageOf(fs).id, tf(fs, 'question'));
    state.answers[slot] = { chosen: chosenIn(fs), submitted: false, correct: null };
    clearFeedback(fs);
  }

  function clearFeedback(fs) {
    const box = one(FEEDBACK, fs);
    box.textContent = '';
    box.hidden = true;
    fs.removeAttribute('data-tf-correct');
  }

  function askFirst(fs) {
    clearFeedback(fs);
    const box = one(FEEDBACK, fs);
    box.appendChild(para('tf-verdict', format('choose_one_first')));
    box.hidden = false;
  }

  // Feedback = the verdict string + the authored feedback of each chosen option (copied, so the
  // per-option notes stay hidden in place and the live region announces one block).
  function showFeedback(fs, chosen, correct) {
    clearFeedback(fs);
    const box = one(FEEDBACK, fs);
    box.appendChild(para('tf-verdict', format(correct ? 'correct' : 'incorrect')));
    $$('[data-tf-option-feedback]', fs).forEach(note => {
      if (!chosen.includes(tf(note, 'option-feedback'))) return;
      const copy = doc.createElement('div');
      copy.className = 'tf-option-note';
      note.childNodes.forEach(n => copy.appendChild(n.cloneNode(true)));
      box.appendChild(copy);
    });
    fs.setAttribute('data-tf-correct', String(correct));
    box.hidden = false;
  }

  function report(page, q, answer, kind, attempt) {
    const slot = slotId(page.id, q.id);
    const now = Date.now();
    call('answered', q, {
      page, response: answer.chosen.slice(), correct: answer.correct,
      score: answer.correct ? q.points : 0, maxScore: q.points,
      latencyMs: Math.max(0, now - (shownAt[slot] || now)), timestamp: new Date(now),
      attempt, kind,
    });
  }

  function submitCheck(fs) {
    const page = pageOf(fs);
    const q = course.questions[tf(fs, 'question')];
    const chosen = chosenIn(fs);
    if (!q) return;
    if (!chosen.length) return askFirst(fs);
    const slot = slotId(page.id, q.id);
    const answer = { chosen, submitted: true, correct: grade(q, chosen) };
    state.answers[slot] = answer;
    showFeedback(fs, chosen, answer.correct);
    tries[slot] = (tries[slot] || 0) + 1;
    report(page, q, answer, 'check', tries[slot]);
    save();
  }

  function fieldsetFor(form, qid) {
    return $$(QUESTION, form).find(f => tf(f, 'question') === qid);
  }

  function submitAssessment(form) {
    const page = pageOf(form);
    const r = state.assessments[page.id] || { attempts: 0, best: 0, last: 0, locked: false };
    if (r.locked) return;
    const sets = page.questions.map(qid => fieldsetFor(form, qid)).filter(Boolean);
    const missing = sets.filter(fs => !chosenIn(fs).length);
    if (missing.length) {
      sets.forEach(fs => (missing.includes(fs) ? askFirst(fs) : clearFeedback(fs)));
      one(OPTION, missing[0]).focus();
      return;
    }
    let earned = 0;
    const answers = sets.map(fs => {
      const q = course.questions[tf(fs, 'question')];
      const chosen = chosenIn(fs);
      const answer = { chosen, submitted: true, correct: grade(q, chosen) };
      state.answers[slotId(page.id, q.id)] = answer;
      if (answer.correct) earned += q.points;
      showFeedback(fs, chosen, answer.correct);
      return [q, answer];
    });
    const total = pointsOf(page, course);
    const score = total ? Math.round(earned / total * 100) : 0;
    r.attempts += 1;
    r.best = r.attempts === 1 ? score : Math.max(r.best, score);
    r.last = score;
    r.locked = true;
    state.assessments[page.id] = r;
    showOutcome(page);
    answers.forEach(([q, answer]) => report(page, q, answer, 'assessment', r.attempts));
    call('assessed', page, { score, passed: score >= passing(),
      attempt: r.attempts });
    save();
    one(PANEL, sections[page.id]).focus();
  }

  // Locked assessment: inputs disabled, score panel filled, retake offered while it can help.
  function showOutcome(page) {
    const section = sections[page.id];
    const r = state.assessments[page.id];
    const passed = r.last >= passing();
    const again = !passed && canAttempt(r, course);
    const max = course.completion.maxAttempts;
    $$(QUESTION, section).forEach(fs => { fs.disabled = true; });
    $$(GRADE, section).forEach(b => { b.hidden = true; });
    const panel = one(PANEL, section);
    panel.textContent = '';
    panel.appendChild(para('tf-score-value', format('score', { score: r.last })));
    panel.appendChild(para('tf-score-verdict', format(passed ? 'passed' : 'failed')));
    if (!passed && max) {
      panel.appendChild(para('tf-attempts', again ? format('attempts_left', { n: max - r.attempts })
        : format('no_attempts_left')));
    }
    panel.setAttribute('data-tf-passed', String(passed));
    panel.hidden = false;
    $$(RETAKE, section).forEach(b => { b.hidden = !again; });
  }

  function retake(section) {
    const page = pageById(tf(section, 'page'));
    const r = state.assessments[page.id];
    if (!r || !r.locked || r.last >= passing() || !canAttempt(r, course)) return;
    r.locked = false;
    $$(QUESTION, section).forEach(fs => {
      const slot = slotId(page.id, tf(fs, 'question'));
      delete state.answers[slot];
      shownAt[slot] = Date.now();
      fs.disabled = false;
      $$(OPTION, fs).forEach(i => { i.checked = false; });
      clearFeedback(fs);
    });
    one(PANEL, section).hidden = true;
    $$(RETAKE, section).forEach(b => { b.hidden = true; });
    $$(GRADE, section).forEach(b => { b.hidden = false; });
    const first = one(OPTION, section);
    if (first) first.focus();
    save();
  }

  // Put a restored state back into the page: choices, check feedback, locked assessments.
  function applyAnswers() {
    $$(QUESTION).forEach(fs => {
      const page = pageOf(fs);
      const a = state.answers[slotId(page.id, tf(fs, 'question'))];
      if (!a) return;
      $$(OPTION, fs).forEach(i => {
        i.checked = a.chosen.includes(tf(i, 'option'));
      });
      if (a.submitted) showFeedback(fs, a.chosen, a.correct);
    });
    course.pages.forEach(p => {
      const r = state.assessments[p.id];
      if (r && r.locked && sections[p.id]) showOutcome(p);
    });
  }

  // -- finish --
  function finish() {
    const outcome = result(state, course);
    state.finished = outcome.status;
    done = true;
    Object.keys(sections).forEach(id => { sections[id].hidden = true; });
    ['prev', 'next', 'finish'].forEach(a => setAll(a, 'hidden', true));
    const box = one('[data-tf-result]');
    box.setAttribute('data-tf-status', outcome.status);
    box.setAttribute('data-tf-score', outcome.score == null ? '' : String(outcome.score));
    $$('[data-tf-result-text]', box).forEach(t => {
      t.textContent = format('result_' + outcome.status, { score: outcome.score });
    });
    box.hidden = false;
    box.focus();
    save();
    call('finished', { status: outcome.status, score: outcome.score,
      passingScore: passing() });
    terminate();
  }

  const TF = {
    useAdapter,
    localAdapter,
    notice,
    state: { encode, decode, fresh, key: idKey, slot: slotId },
    result,
    snapshot: () => JSON.parse(JSON.stringify(state)),
    course: null,
    learner: null,
  };
  global.TF = TF;

  if (doc && doc.getElementById('tf-course')) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', boot);
    else setTimeout(boot, 0);
  }
})(typeof window !== 'undefined' ? window : this);
