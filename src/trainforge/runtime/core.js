/*
 * trainforge player core (assets/tf-core.js): shows one page at a time, grades questions, computes
 * the result, saves the state. ES2017, no build step; exposes window.TF. It decides WHAT to report,
 * the adapter (tf-tracking.js) HOW. Contract: docs/runtime.md; saved state: docs/state-format.md.
 * Question types (types/<type>.js) and optional features (features/<name>.js) register with
 * TF.type and TF.feature; the build appends those a course uses after this file (docs/runtime.md).
 */
(function (global) {
  'use strict';

  // ===== Saved state: pure functions of (state, course), no DOM, so node can test them =========
  // Every record's width is fixed by its question: statesize.py knows the longest state.
  const FORMAT = '3';
  // 36^5: ids hash to 5 base-36 chars
  const KEY_MOD = 60466176;
  // 36^2: 2-char signatures
  const SIG_MOD = 1296;
  // 36^4: 4-char seed of an attempt's draw
  const SEED_MOD = 1679616;
  // largest 2-char base-36 number; attempt counts saturate here
  const MAX_COUNT = 1295;
  const FINISH_CODE = { '': '0', passed: 'p', failed: 'f', completed: 'c', incomplete: 'i' };
  const B = '[0-9a-z]';
  const HEAD = '~[^~]*~(' + B + '{5})([0pfci])';
  const BODY = HEAD + '([01])~((?:' + B + '{5})*)~((?:' + B + '{13})*)~(' + B + '*)~((?:' + B +
    '{18})*)';
  // 2 + the learner's seed
  const STATE_RE = new RegExp('^3' + BODY + '~(' + B + '{4})$');
  const V2_RE = new RegExp('^2' + BODY + '$');
  // Format 1 (choice answers only, no draw or attestation), read into the same groups.
  const V1_RE = new RegExp('^1' + HEAD + '()~((?:' + B + '{5})*)~((?:' + B + '{13})*)()~((?:' + B +
    '{14})*)$');

  // ===== Registry: question types, shared helpers, optional features ============================
  // type name → its methods over BASE (see TF.type)
  const types = Object.create(null);
  const helpers = Object.create(null);
  // every registered type and feature, in registration order: their hooks
  const parts = [];
  // data-tf-action → function (button), from `actions`
  const handlers = Object.create(null);

  // FNV-1a, 32 bit, over UTF-8 bytes (statesize.py mirrors it).
  function fnv1a(text) {
    const bytes = unescape(encodeURIComponent(text));
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }

  function b36(n, width) {
    return n.toString(36).padStart(width, '0');
  }

  // base-36 digits of 0..n
  function digits(n) {
    return n < 36 ? 1 : n < 1296 ? 2 : 3;
  }

  function idKey(id) {
    return b36(fnv1a(id) % KEY_MOD, 5);
  }

  function signature(parts) {
    return b36(fnv1a(parts.join(',')) % SIG_MOD, 2);
  }

  // Id order, not display order: reordering keeps answers; other ids change the signature.
  function ids(list) {
    return list.map(o => o.id).sort();
  }

  function typeOf(q) {
    return types[q.type] || BASE;
  }

  function sigOf(q) {
    return signature(typeOf(q).sig(q));
  }

  function assessmentSignature(page, course) {
    return signature(page.questions.slice().sort().map(qid => qid + ':' + sigOf(course.questions[qid])));
  }

  function slotId(pageId, qid) {
    return pageId + '/' + qid;
  }

  function slotsOf(course) {
    const slots = [];
    // a page lists a question once; be sure of it
    const seen = Object.create(null);
    course.pages.forEach(p => p.questions.forEach(qid => {
      if (!seen[slotId(p.id, qid)]) slots.push([p, qid]);
      seen[slotId(p.id, qid)] = true;
    }));
    return slots;
  }

  function fresh(course) {
    const first = course && course.pages && course.pages[0];
    return { page: first ? first.id : '', visited: [], answers: {}, assessments: {}, finished: '',
      attested: false, seed: 0 };
  }

  // An answer as the state holds it; `score`: points earned once submitted. A type's grade is
  // [share of the points, right in full].
  function graded(q, chosen, submitted) {
    if (!submitted) return { chosen, submitted: false, correct: null, score: null };
    const g = typeOf(q).grade(q, chosen);
    return { chosen, submitted: true, correct: g[1], score: Math.round(q.points * g[0] * 100) / 100 };
  }

  // Enough to grade (a type says: one action and one clause, every source matched, a case ended).
  function complete(q, chosen) {
    return typeOf(q).complete(q, chosen);
  }

  // The questions an attempt shows, in its order: a feature that draws says (features/draw.js).
  function shownOf(page, st) {
    const f = parts.find(p => p.shown);
    return f ? f.shown(page, st) : page.questions;
  }

  function draw(page, seed) {
    const f = parts.find(p => p.draw);
    return f ? f.draw(page, seed) : page.questions.slice();
  }

  // -- encoding (docs/state-format.md) --
  // A type with `choice` writes a 6-char record among the 13-char choice answers; any other type
  // writes a payload after its length among the other answers. The type encodes and decodes it.
  function encode(state, course) {
    const visited = course.pages.filter(p => state.visited.includes(p.id));
    let out = FORMAT + '~' + course.version + '~' + idKey(state.page || fresh(course).page) +
      (FINISH_CODE[state.finished] || '0') + (state.attested ? '1' : '0') + '~' +
      visited.map(p => idKey(p.id)).join('') + '~';
    let other = '';
    slotsOf(course).forEach(([page, qid]) => {
      const slot = slotId(page.id, qid);
      const a = state.answers[slot];
      const q = course.questions[qid];
      if (!a || !(a.chosen.length || a.submitted)) return;
      const head = idKey(slot) + sigOf(q);
      const T = typeOf(q);
      const p = T.encode(q, a);
      if (T.choice) out += head + p;
      else other += head + b36(p.length, 2) + p;
    });
    out += '~' + other + '~';
    course.pages.forEach(page => {
      const r = state.assessments[page.id];
      if (page.kind === 'assessment' && r && (r.attempts > 0 || r.seed)) {
        out += idKey(page.id) + assessmentSignature(page, course) +
          b36(Math.min(r.attempts, MAX_COUNT), 2) + b36(r.best, 2) + b36(r.last, 2) +
          (r.locked ? '1' : '0') + b36(r.seed || 0, 4);
      }
    });
    return out + '~' + b36(state.seed || 0, 4);
  }

  // Never throws: garbage gives a fresh start; another course version's state keeps what
  // still exists (by key) unchanged (by signature).
  function decode(text, course) {
    const state = fresh(course);
    const m = typeof text === 'string' ? STATE_RE.exec(text) || V2_RE.exec(text) || V1_RE.exec(text)
      : null;
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
    const question = (slot, sig, choice) => {
      const q = slot && course.questions[slot.slice(slot.indexOf('/') + 1)];
      return q && types[q.type] && sig === sigOf(q) && !types[q.type].choice === !choice ? q : null;
    };
    state.page = pages[m[1]] || state.page;
    state.finished = Object.keys(FINISH_CODE).find(k => FINISH_CODE[k] === m[2]);
    state.attested = m[3] === '1';
    state.seed = parseInt(m[8] || '0', 36);
    const seen = chunks(m[4], 5).map(k => pages[k]);
    state.visited = course.pages.map(p => p.id).filter(id => seen.includes(id));
    chunks(m[5], 13).forEach(c => {
      const slot = slots[c.slice(0, 5)];
      const q = question(slot, c.slice(5, 7), true);
      if (q) restoreAnswer(state, slot, q, c.slice(7));
    });
    for (let rest = m[6], end; rest; rest = rest.slice(end)) {
      end = 9 + parseInt(rest.slice(7, 9), 36);
      if (rest.length < end) throw new Error('truncated');
      const slot = slots[rest.slice(0, 5)];
      const q = question(slot, rest.slice(5, 7), false);
      if (q) restoreAnswer(state, slot, q, rest.slice(9, end));
    }
    chunks(m[7], m[0][0] === '1' ? 14 : 18).forEach(c =>
      restoreAssessment(state, course, pages[c.slice(0, 5)], c));
    course.pages.forEach(p => p.kind === 'assessment' && settleAssessment(state, course, p));
    return state;
  }

  // key → id; a key two ids share maps to nothing, so neither is misread.
  function keyTable(list) {
    const table = Object.create(null);
    list.forEach(id => {
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

  // Anything impossible (the type's decode says; nothing chosen; submitted but incomplete)
  // drops the answer.
  function restoreAnswer(state, slot, q, payload) {
    const a = typeOf(q).decode(q, payload);
    if (!a || !a.chosen.length || (a.submitted && !complete(q, a.chosen))) return;
    state.answers[slot] = graded(q, a.chosen, a.submitted);
  }

  function restoreAssessment(state, course, pageId, c) {
    const page = pageId && course.pages.find(p => p.id === pageId);
    if (!page || page.kind !== 'assessment' || c.slice(5, 7) !== assessmentSignature(page, course)) {
      return;
    }
    const attempts = parseInt(c.slice(7, 9), 36);
    const best = parseInt(c.slice(9, 11), 36);
    const last = parseInt(c.slice(11, 13), 36);
    const seed = parseInt(c.slice(14) || '0', 36);
    if (best > 100 || last > best || c[13] > '1') return;
    // before a submit: only a draw
    if (!attempts && (!seed || best || c[13] === '1')) return;
    state.assessments[page.id] = { attempts, best, last, locked: c[13] === '1', seed };
  }

  // Locked (submitted, graded) or open (choices in progress); only drawn questions have answers.
  function settleAssessment(state, course, page) {
    const r = state.assessments[page.id];
    const locked = !!(r && (r.locked = r.locked || !canAttempt(r, course)));
    const shown = shownOf(page, state);
    page.questions.forEach(qid => {
      const slot = slotId(page.id, qid);
      const a = state.answers[slot];
      const q = course.questions[qid];
      if (!a) return;
      if (!shown.includes(qid) || (locked && !complete(q, a.chosen))) delete state.answers[slot];
      else state.answers[slot] = graded(q, a.chosen, locked);
    });
  }

  function canAttempt(r, course) {
    const max = course.completion.maxAttempts;
    return !max || r.attempts < max;
  }

  // ===== Course result (docs/runtime.md): best score per assessment, weighted by points; ====
  // pre-tests never count; status by completion.rule.
  function result(state, course) {
    const pass = course.completion.passingScore;
    const viewed = course.pages.every(p => state.visited.includes(p.id));
    const tests = course.pages.filter(p => p.kind === 'assessment' && p.role !== 'pre');
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
      return r && r.attempts > 0 && (r.best >= pass || !canAttempt(r, course));
    });
    let status;
    if (rule === 'viewed') status = viewed ? 'completed' : 'incomplete';
    else if (rule === 'passed') status = passed ? 'passed' : 'failed';
    else if (viewed && passed) status = 'passed';
    else if (!passed && stuck) status = 'failed';
    else status = viewed ? 'failed' : 'incomplete';
    // Many LMSs end the attempt on `failed` (reportFailed).
    if (status === 'failed' && !stuck && course.completion.reportFailed !== 'immediately') {
      status = 'incomplete';
    }
    return { status, score };
  }

  // An attempt's points: fixed questions', plus each pool entry's count at their average.
  function pointsOf(page, course) {
    const sum = list => list.reduce((s, qid) => s + course.questions[qid].points, 0);
    const pool = page.pool || [];
    const all = [].concat(...pool.map(d => d.questions));
    return sum(page.questions.filter(qid => !all.includes(qid))) + pool.reduce((s, d) =>
      s + (d.count && d.count * sum(d.questions) / d.questions.length), 0);
  }

  // ===== Local adapter: localStorage (in memory when refused); other adapters fall back to it ==
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
        // file:// in some browsers, private modes, disabled storage
        } catch (e) {
          store = null;
          return Promise.resolve({ state: null, notice: 'storage_unavailable_notice' });
        }
      },
      save(text) {
        if (!store) return;
        try {
          store.setItem(key, text);
        // quota or storage revoked mid-session: keep going in memory
        } catch (e) {
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
  let plurals = null;
  let state = null;
  let adapter = null;
  // adapter.start was called: terminate() is owed
  let started = false;
  // start settled: controls work, reports flow
  let ready = false;
  // the result is shown
  let done = false;
  // this session may write the learner's record
  let record = true;
  const FINAL = /^(passed|completed|failed)$/;
  let terminated = false;
  const sections = {};
  // slot (or slot--step) → ms when last shown or reset (for latency)
  const shownAt = {};
  // slot → knowledge-check submissions in this session
  const tries = {};

  function warn(message, error) {
    if (global.console) global.console.warn('[trainforge] ' + message, error || '');
  }

  // Hook selectors (README "Automation contract"): the player finds everything through them.
  const QUESTION = '[data-tf-question]';
  // a question made of step fieldsets (types/scenario.js)
  const BOX = '[data-tf-scenario]';
  const OPTION = '[data-tf-option]';
  const FEEDBACK = '[data-tf-feedback]';
  const PANEL = '[data-tf-score-panel]';
  const RETAKE = '[data-tf-action="retake"]';
  // an assessment's own submit
  const GRADE = '[data-tf-assessment] > [data-tf-action="submit"]';
  // controls a lock leaves alone: a description stays at hand
  const SPARE = /^(reveal|skip)$/;

  function tf(el, name) {
    return el.getAttribute('data-tf-' + name);
  }

  function one(selector, root) {
    return (root || doc).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.from((root || doc).querySelectorAll(selector));
  }

  // Call `hook` on every registered part that has it.
  function each(hook, ...args) {
    parts.forEach(p => { if (p[hook]) p[hook](...args); });
  }

  // A counted string ({one, other, …}) takes the form of {count}.
  function format(key, vars) {
    let s = strings[key];
    if (s && typeof s === 'object') s = s[plurals.select(vars.count)] || s.other;
    s = s == null ? '' : String(s);
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

  // A question's element: its fieldset, or a box of step fieldsets.
  function boxOf(root, qid) {
    return one('[data-tf-question="' + qid + '"],[data-tf-scenario="' + qid + '"]', root);
  }

  function focusOn(el) {
    if (!el) return;
    if (!/^(INPUT|SELECT|BUTTON)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
    el.focus();
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
    const open = record || /^(start|terminate)$/.test(name);
    if (!adapter || typeof adapter[name] !== 'function' || !open) return undefined;
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

  // `leaving`: no synchronous I/O, terminate() follows.
  function save(leaving) {
    if (!done) updateNav();
    if (ready) call('save', encode(state, course), { page: pageById(state.page), leaving });
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
      Object.keys(data.questions).forEach(id => {
        const q = data.questions[id];
        q.id = id;
        if (typeOf(q).prepare) typeOf(q).prepare(q);
      });
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
    plurals = new Intl.PluralRules(course.language);
    state = fresh(course);
    TF.course = course;
    doc.documentElement.classList.remove('tf-nojs');
    doc.documentElement.classList.add('tf-js');
    $$('[data-tf-page]').forEach(s => { sections[tf(s, 'page')] = s; });
    $$('[data-tf-option-feedback],[data-tf-question-feedback]').forEach(f => { f.hidden = true; });
    each('boot');
    $$('[data-tf-count]').forEach(e => { e.textContent = format(tf(e, 'string'), { count: +tf(e, 'count') }); });
    bindEvents();
    course.pages.forEach(p => each('layout', p));
    show(state.page, {});
    // one tick after DOMContentLoaded: tf-tracking.js has registered
    setTimeout(connect, 0);
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
    // A feature may open the course elsewhere, and not as finished (features/what_changed.js).
    const opening = parts.map(p => p.resume && p.resume(saved)).find(Boolean);
    state = decode(saved, course);
    if (opening) Object.assign(state, { page: opening, finished: '' });
    const ended = FINAL.test(state.finished);
    const held = FINAL.test(reply.status);
    // The adapter reports the LMS's mode and credit; the core decides.
    record = !ended && !(reply.mode && reply.mode !== 'normal') && reply.credit !== false;
    call('track');
    // orders shuffled options
    state.seed = state.seed || newSeed();
    const deepLink = !saved && target(global.location.hash);
    applyAnswers();
    ready = true;
    doc.getElementById('tf-main').removeAttribute('aria-busy');
    show(deepLink ? deepLink.page : state.page, { anchor: deepLink && deepLink.anchor });
    if (!record && (ended || held)) {
      showResult(held ? reply : { status: state.finished, score: result(state, course).score });
    }
  }

  function bindEvents() {
    doc.getElementById('tf-main').setAttribute('aria-busy', 'true');
    doc.addEventListener('click', onClick);
    doc.addEventListener('change', onChange);
    // grading is ours, never a reload
    doc.addEventListener('submit', e => e.preventDefault());
    global.addEventListener('hashchange', () => {
      const t = target(global.location.hash);
      if (t && ready) show(t.page, { focus: true, anchor: t.anchor });
    });
    // Hidden while alive: save (a commit may use sync XHR, refused once pagehide fired).
    doc.addEventListener('visibilitychange', () => {
      if (doc.hidden && ready && !done && !terminated) save();
    });
    global.addEventListener('pagehide', () => {
      if (ready && !done) save(true);
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
    if (ready) each('visit', page);
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

  function newSeed() {
    return 1 + Math.floor(Math.random() * (SEED_MOD - 1));
  }

  function updateNav() {
    const order = course.pages.map(p => p.id);
    const i = order.indexOf(state.page);
    const last = i === order.length - 1;
    setAll('prev', 'disabled', !ready || i <= 0);
    setAll('next', 'hidden', last);
    setAll('next', 'disabled', !ready || last);
    // Finish waits for every assessment that counts.
    const wait = course.completion.rule !== 'viewed' && course.pages.find(p =>
      p.kind === 'assessment' && p.role !== 'pre' && !(state.assessments[p.id] || {}).attempts);
    setAll('finish', 'hidden', !last);
    setAll('finish', 'disabled', !ready || !!wait);
    $$('[data-tf-finish-note]').forEach(n => {
      n.textContent = wait ? format('finish_submit_first', { title: wait.title }) : '';
      n.hidden = !last || !wait;
    });
    each('nav', last);
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

  // The question a control belongs to: its fieldset, or the box a step fieldset is part of.
  function ownerOf(fs) {
    return tf(fs, 'step') ? fs.closest(BOX) : fs;
  }

  function questionOf(box) {
    return course.questions[tf(box, 'question') || tf(box, 'scenario')];
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
    const fs = el.closest(QUESTION);
    const form = el.closest('[data-tf-assessment]');
    if (action === 'next') step(1);
    else if (action === 'prev') step(-1);
    else if (action === 'finish') finish();
    else if (action === 'retake') retake(el.closest('[data-tf-page]'));
    else if (handlers[action]) handlers[action](el);
    else if (action === 'submit') {
      const q = fs && questionOf(ownerOf(fs));
      if (q && typeOf(q).submit) typeOf(q).submit(fs, ownerOf(fs), q);
      else if (fs) submitCheck(fs);
      else if (form) submitAssessment(form);
    }
  }

  // -- questions --
  function chosenIn(fs) {
    return $$(OPTION, fs).filter(i => i.checked).map(i => tf(i, 'option'));
  }

  // The answer the page shows.
  function read(box, q, slot) {
    return typeOf(q).read(box, q, slot);
  }

  // Put an answer (or none) into the page.
  function write(box, q, chosen, review) {
    typeOf(q).write(box, q, chosen || [], review);
  }

  function lock(box, on) {
    $$('input,select,button', box).forEach(c => { if (!SPARE.test(tf(c, 'action'))) c.disabled = on; });
  }

  function firstControl(box) {
    return $$('input,select,button', box).find(c => !c.disabled && c.offsetParent &&
      !SPARE.test(tf(c, 'action')));
  }

  // A change after grading makes the shown feedback stale: clear it, keep the new answer.
  function onChange(e) {
    const t = e.target;
    const fs = t.closest(QUESTION);
    if (!ready || done || t.disabled) return;
    if (parts.some(p => p.input && p.input(t))) return;
    const q = fs && questionOf(ownerOf(fs));
    if (q && typeOf(q).change) typeOf(q).change(fs);
    else if (fs) changed(fs);
  }

  function changed(fs) {
    const q = course.questions[tf(fs, 'question')];
    const slot = slotId(pageOf(fs).id, q.id);
    state.answers[slot] = graded(q, read(fs, q, slot), false);
    clearFeedback(fs);
  }

  function clearFeedback(box) {
    $$(FEEDBACK, box).forEach(f => {
      f.textContent = '';
      f.hidden = true;
      f.setAttribute('data-tf-feedback', '');
    });
    [box].concat($$(QUESTION, box)).forEach(e => e.removeAttribute('data-tf-correct'));
  }

  // `q`'s element that says what is missing: the question, or a type's part in progress.
  function askFirst(box, q) {
    const T = typeOf(q);
    const fs = T.current ? T.current(box) : box;
    clearFeedback(fs);
    judge(one(FEEDBACK, fs), '', format(T.incomplete || 'choose_one_first'));
  }

  function stateOf(correct, share) {
    return correct ? 'correct' : share ? 'partial' : 'incorrect';
  }

  // data-tf-feedback: correct, partial or incorrect, for automation and styles.
  function judge(out, state, text, share) {
    out.appendChild(para('tf-verdict', text || format(state === 'partial' ? 'partially_correct' : state)));
    if (share) out.appendChild(para('tf-partial', format('partial_credit', { score: share })));
    out.setAttribute('data-tf-feedback', state);
    out.hidden = false;
  }

  function note(out, from) {
    const copy = doc.createElement('div');
    copy.className = 'tf-option-note';
    from.childNodes.forEach(n => copy.appendChild(n.cloneNode(true)));
    out.appendChild(copy);
  }

  // The verdict, then copies of the notes on what was chosen (the live region reads one block).
  function verdict(fs, correct, share, chosen) {
    const out = one(FEEDBACK, fs);
    judge(out, stateOf(correct, share), '', !correct && share);
    $$('[data-tf-option-feedback],[data-tf-question-feedback]', fs).forEach(n => {
      const id = tf(n, 'option-feedback');
      if (id ? chosen.includes(id) : tf(n, 'question-feedback') === (correct ? 'correct' : 'incorrect')) note(out, n);
    });
    fs.setAttribute('data-tf-correct', String(correct));
  }

  function showFeedback(box, q, a) {
    const T = typeOf(q);
    if (T.feedback) return T.feedback(box, q, a);
    clearFeedback(box);
    return verdict(box, a.correct, q.points ? Math.round(a.score / q.points * 100) : 0, a.chosen);
  }

  // Review (README): the right answers in words, each with its rationale; a type says which.
  function answers(box, q) {
    typeOf(q).answers(box, q);
  }

  // Adds to `out` a right answer ([data-tf-correct-answer]) and the rationale found in `box`.
  function rightAnswers(out, box) {
    return {
      add(value, key, answer, source) {
        out.appendChild(para('tf-answer', format(key, { answer, source }))).setAttribute('data-tf-correct-answer', value);
      },
      why(sel) {
        const from = one(sel, box);
        if (from) note(out, from);
      },
    };
  }

  function report(page, q, a, kind, attempt, since) {
    const now = Date.now();
    call('answered', q, {
      page, response: JSON.parse(JSON.stringify(a.chosen)), correct: a.correct,
      score: a.score, maxScore: q.points,
      latencyMs: Math.max(0, now - (shownAt[since] || now)), timestamp: new Date(now),
      attempt, kind,
    });
  }

  function submitCheck(fs) {
    const page = pageOf(fs);
    const q = course.questions[tf(fs, 'question')];
    if (!q) return;
    const slot = slotId(page.id, q.id);
    const chosen = read(fs, q, slot);
    if (!complete(q, chosen)) return askFirst(fs, q);
    const answer = graded(q, chosen, true);
    state.answers[slot] = answer;
    showFeedback(fs, q, answer);
    tries[slot] = (tries[slot] || 0) + 1;
    report(page, q, answer, 'check', tries[slot], slot);
    save();
  }

  function submitAssessment(form) {
    const page = pageOf(form);
    const r = state.assessments[page.id] || { attempts: 0, best: 0, last: 0, locked: false, seed: 0 };
    if (r.locked) return;
    const sets = shownOf(page, state).map(qid => {
      const q = course.questions[qid];
      const box = boxOf(form, qid);
      return box && { q, box, chosen: read(box, q, slotId(page.id, qid)) };
    }).filter(Boolean);
    const missing = sets.filter(s => !complete(s.q, s.chosen));
    if (missing.length) {
      sets.forEach(s => (missing.includes(s) ? askFirst(s.box, s.q) : clearFeedback(s.box)));
      focusOn(firstControl(missing[0].box));
      return;
    }
    let earned = 0;
    let total = 0;
    sets.forEach(s => {
      s.answer = state.answers[slotId(page.id, s.q.id)] = graded(s.q, s.chosen, true);
      earned += s.answer.score;
      total += s.q.points;
    });
    const score = total ? Math.round(earned / total * 100) : 0;
    r.attempts += 1;
    r.best = r.attempts === 1 ? score : Math.max(r.best, score);
    r.last = score;
    r.locked = true;
    state.assessments[page.id] = r;
    showOutcome(page);
    sets.forEach(s => report(page, s.q, s.answer, 'assessment', r.attempts, slotId(page.id, s.q.id)));
    call('assessed', page, { score, passed: score >= passing(), attempt: r.attempts });
    save();
    one(PANEL, sections[page.id]).focus();
  }

  // Locked: inputs disabled, graded (feedback unless `review: false`), score; a retake if it helps.
  function showOutcome(page) {
    const section = sections[page.id];
    const r = state.assessments[page.id];
    const passed = r.last >= passing();
    const pre = page.role === 'pre';
    const again = !pre && !passed && canAttempt(r, course);
    // final: never helps a retake
    const reveal = !pre && !again;
    const max = course.completion.maxAttempts;
    page.questions.forEach(qid => {
      const box = boxOf(section, qid);
      const q = course.questions[qid];
      const a = state.answers[slotId(page.id, qid)];
      if (!box) return;
      lock(box, true);
      if (a) showFeedback(box, q, a);
      else clearFeedback(box);
      if (page.review === false) $$(FEEDBACK, box).forEach(f => { f.textContent = ''; f.hidden = true; });
      else if (reveal && a && !a.correct) answers(box, q);
    });
    $$(GRADE, section).forEach(b => { b.hidden = true; });
    const panel = one(PANEL, section);
    panel.textContent = '';
    panel.appendChild(para('tf-score-value', format('score', { score: r.last })));
    if (!pre) panel.appendChild(para('tf-score-verdict', format(passed ? 'passed' : 'failed')));
    if (!pre && !passed && max) {
      panel.appendChild(para('tf-attempts', again ? format('attempts_left', { count: max - r.attempts })
        : format('no_attempts_left')));
    }
    panel.setAttribute('data-tf-passed', String(passed));
    panel.hidden = false;
    $$(RETAKE, section).forEach(b => { b.hidden = !again; });
  }

  function retake(section) {
    const page = pageById(tf(section, 'page'));
    const r = state.assessments[page.id];
    if (!r || !r.locked || r.last >= passing() || !canAttempt(r, course) || page.role === 'pre') return;
    r.locked = false;
    r.seed = 0;
    // a new attempt, a new draw
    each('visit', page);
    each('arrange', page);
    page.questions.forEach(qid => {
      const slot = slotId(page.id, qid);
      const box = boxOf(section, qid);
      delete state.answers[slot];
      shownAt[slot] = Date.now();
      if (!box) return;
      lock(box, false);
      write(box, course.questions[qid], null, page.review !== false);
      clearFeedback(box);
    });
    one(PANEL, section).hidden = true;
    $$(RETAKE, section).forEach(b => { b.hidden = true; });
    $$(GRADE, section).forEach(b => { b.hidden = false; });
    focusOn(firstControl(section));
    save();
  }

  // Put a restored state back into the page: draws, answers, check feedback, locked assessments.
  function applyAnswers() {
    course.pages.forEach(page => {
      const section = sections[page.id];
      const r = state.assessments[page.id];
      if (!section) return;
      each('layout', page);
      each('arrange', page);
      page.questions.forEach(qid => {
        const box = boxOf(section, qid);
        const q = course.questions[qid];
        const a = state.answers[slotId(page.id, qid)];
        if (!box || !a) return;
        write(box, q, a.chosen, page.review !== false);
        if (a.submitted && page.kind === 'lesson') showFeedback(box, q, a);
      });
      if (r && r.locked) showOutcome(page);
    });
    each('apply');
  }

  // -- finish: only once every feature lets it (an attestation required and not ticked) --
  function finish() {
    if (!parts.every(p => !p.gate || p.gate())) return;
    const outcome = result(state, course);
    // Only a final result ends the course.
    state.finished = FINAL.test(outcome.status) ? outcome.status : '';
    showResult(outcome).focus();
    save();
    each('finishing');
    call('finished', { status: outcome.status, score: outcome.score, passingScore: passing() });
    terminate();
  }

  // At Finish, or entering a finished course.
  function showResult(outcome) {
    const s = outcome.status;
    const score = outcome.score == null ? '' : String(outcome.score);
    done = true;
    Object.keys(sections).forEach(id => { sections[id].hidden = true; });
    ['prev', 'next', 'finish'].forEach(n => setAll(n, 'hidden', true));
    $$('[data-tf-attestation],[data-tf-finish-note]').forEach(b => { b.hidden = true; });
    const panel = one('[data-tf-result]');
    panel.setAttribute('data-tf-status', s);
    panel.setAttribute('data-tf-score', score);
    $$('[data-tf-result-text]', panel).forEach(t => {
      const retry = s === 'incomplete' && score && +score < passing();
      t.textContent = format('result_' + (retry ? 'retry' : s), { score });
    });
    panel.hidden = false;
    return panel;
  }

  // ===== What a type starts from: a set of options, chosen by [data-tf-option] inputs ==========
  const BASE = {
    sig: q => ids(q.options),
    complete: (q, chosen) => chosen.length > 0,
    read(box, q) {
      // in source order, even shuffled
      const c = chosenIn(box);
      return q.options.map(o => o.id).filter(id => c.includes(id));
    },
    write(box, q, chosen) {
      $$(OPTION, box).forEach(i => { i.checked = chosen.includes(tf(i, 'option')); });
    },
    // the string saying "Right answer: {answer}"
    rightKey: () => 'right_answer',
    // the right options, each with its note
    answers(box, q) {
      const r = rightAnswers(one(FEEDBACK, box), box);
      q.options.filter(o => o.correct).forEach(o => {
        r.add(o.id, typeOf(q).rightKey(o), o.text);
        r.why('[data-tf-option-feedback="' + o.id + '"]');
      });
    },
  };

  // What types, helpers and features may use of the core (docs/runtime.md "Extending").
  const kit = {
    get course() { return course; },
    get state() { return state; },
    get ready() { return ready; },
    sections, shownAt, tries, BASE, QUESTION, OPTION, FEEDBACK, GRADE,
    fnv1a, b36, digits, ids, key: idKey, chunks, slotId, graded, complete, shownOf, newSeed, typeOf,
    tf, one, $$, format, focusOn, lock, firstControl, chosenIn, changed, clearFeedback, askFirst,
    judge, stateOf, verdict, showFeedback, answers, rightAnswers, report, save, call, pageOf, boxOf,
    helper: name => helpers[name],
  };

  function register(spec, onto) {
    parts.push(spec);
    Object.keys(spec.actions || {}).forEach(a => { handlers[a] = spec.actions[a]; });
    return onto ? Object.assign(onto, spec) : spec;
  }

  const TF = {
    useAdapter,
    localAdapter,
    notice,
    state: { encode, decode, fresh, key: idKey, slot: slotId },
    result,
    grade: (q, chosen) => graded(q, chosen, true),
    draw,
    snapshot: () => JSON.parse(JSON.stringify(state)),
    course: null,
    learner: null,
    // types/<name>.js: make(kit) gives the type's methods over BASE (docs/runtime.md).
    type(name, make) {
      types[name] = register(make(kit), Object.assign({}, BASE));
    },
    // features/<name>.js: make(kit) gives hooks the core calls (docs/runtime.md).
    feature(name, make) {
      register(make(kit));
    },
    // shared/<name>.js: something two or more types or features build on, as kit.helper(name).
    helper(name, make) {
      helpers[name] = make(kit);
    },
  };
  global.TF = TF;

  if (doc && doc.getElementById('tf-course')) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', boot);
    else setTimeout(boot, 0);
  }
})(typeof window !== 'undefined' ? window : this);
