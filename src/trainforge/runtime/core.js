/*
 * trainforge player core (assets/tf-core.js): shows one page at a time, grades questions, computes
 * the result, saves the state. ES2017, no build step; exposes window.TF. It decides WHAT to report,
 * the adapter (tf-tracking.js) HOW. Contract: docs/runtime.md; saved state: docs/state-format.md.
 */
(function (global) {
  'use strict';

  // ===== Saved state: pure functions of (state, course), no DOM, so node can test them =========
  // Every record's width is fixed by its question: statesize.py knows the longest state.
  const FORMAT = '3';
  const KEY_MOD = 60466176; // 36^5: ids hash to 5 base-36 chars
  const SIG_MOD = 1296; // 36^2: 2-char signatures
  const SEED_MOD = 1679616; // 36^4: 4-char seed of an attempt's draw
  const MAX_COUNT = 1295; // largest 2-char base-36 number; attempt counts saturate here
  const FINISH_CODE = { '': '0', passed: 'p', failed: 'f', completed: 'c', incomplete: 'i' };
  const B = '[0-9a-z]';
  const HEAD = '~[^~]*~(' + B + '{5})([0pfci])';
  const BODY = HEAD + '([01])~((?:' + B + '{5})*)~((?:' + B + '{13})*)~(' + B + '*)~((?:' + B +
    '{18})*)';
  const STATE_RE = new RegExp('^3' + BODY + '~(' + B + '{4})$'); // 2 + the learner's seed
  const V2_RE = new RegExp('^2' + BODY + '$');
  // Format 1 (choice answers only, no draw or attestation), read into the same groups.
  const V1_RE = new RegExp('^1' + HEAD + '()~((?:' + B + '{5})*)~((?:' + B + '{13})*)()~((?:' + B +
    '{14})*)$');
  const CHOICE = { single_choice: 1, multiple_response: 1, true_false: 1 }; // 13-char records
  const GROUPS = ['action', 'clause']; // a moderation decision's two radio groups

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

  function digits(n) { // base-36 digits of 0..n
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

  function sigOf(q) {
    return signature(q.type === 'matching' ? ids(q.sources).concat(ids(q.targets).map(t => '>' + t))
      : q.type === 'ordering' ? ids(q.items)
        : q.type === 'scenario' ? q.steps.map(s => s.id + ':' + ids(s.options).join('.')).sort()
          : ids(q.options));
  }

  function assessmentSignature(page, course) {
    return signature(page.questions.slice().sort().map(qid => qid + ':' + sigOf(course.questions[qid])));
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
    return { page: first ? first.id : '', visited: [], answers: {}, assessments: {}, finished: '',
      attested: false, seed: 0 };
  }

  // Scenario paths: ["<step>.<choice>", …] from the first step.
  function parts(p) {
    const i = p.lastIndexOf('.');
    return [p.slice(0, i), p.slice(i + 1)];
  }

  function stepOf(q, id) {
    return q.steps.find(s => s.id === id);
  }

  function pathOption(q, p) {
    const s = stepOf(q, parts(p)[0]);
    return s && s.options.find(o => o.id === parts(p)[1]);
  }

  // The step a path leads to: the first, the last choice's `next`, or null when the case ended.
  function nextStep(q, path) {
    return path.length ? pathOption(q, path[path.length - 1]).next || null : q.steps[0].id;
  }

  // [share of the points, right in full]
  function grade(q, chosen) {
    const t = q.type;
    const share = (n, of) => [n / of, n === of];
    if (t === 'scenario') return share(chosen.filter(p => pathOption(q, p).correct).length, chosen.length);
    if (t === 'matching') {
      return share(q.pairs.filter(p => chosen.some(c => c[0] === p[0] && c[1] === p[1])).length,
        q.pairs.length);
    }
    if (t === 'ordering') return share(q.order.filter((id, i) => chosen[i] === id).length, q.order.length);
    if (t === 'moderation_decision') {
      const w = q.weights || { action: 0.5, clause: 0.5 };
      const right = GROUPS.filter(g => q.options.some(o => o.group === g && o.correct && chosen.includes(o.id)));
      return right.length > 1 ? [1, true] : [right.reduce((s, g) => s + w[g], 0), false];
    }
    const right = q.options.filter(o => o.correct).map(o => o.id);
    const ok = right.length === chosen.length && right.every(id => chosen.includes(id));
    return [ok ? 1 : 0, ok];
  }

  // An answer as the state holds it; `score`: points earned once submitted.
  function graded(q, chosen, submitted) {
    if (!submitted) return { chosen, submitted: false, correct: null, score: null };
    const g = grade(q, chosen);
    return { chosen, submitted: true, correct: g[1], score: Math.round(q.points * g[0] * 100) / 100 };
  }

  // Enough to grade: one action and one clause, every source matched, a case ended.
  function complete(q, chosen) {
    if (q.type === 'scenario') return chosen.length > 0 && !nextStep(q, chosen);
    if (q.type === 'matching') return chosen.length === q.sources.length;
    return chosen.length > (q.type === 'moderation_decision' ? 1 : 0);
  }

  // -- pools: the questions of an attempt, in its order --
  function seeded(page) {
    return !!(page.shuffle || (page.pool && page.pool.length));
  }

  function prng(seed) { // mulberry32
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function pooled(page) {
    return [].concat(...(page.pool || []).map(d => d.questions));
  }

  // Fixed questions plus `count` from each pool entry; page order, or seeded with `shuffle`.
  function draw(page, seed) {
    const rand = prng(seed);
    const all = pooled(page);
    const shown = page.questions.filter(qid => !all.includes(qid));
    (page.pool || []).forEach(d => {
      const left = d.questions.filter(qid => !shown.includes(qid));
      for (let i = 0; i < d.count && left.length; i++) {
        shown.push(left.splice(Math.floor(rand() * left.length), 1)[0]);
      }
    });
    if (!page.shuffle) return page.questions.filter(qid => shown.includes(qid));
    return shuffle(shown, rand);
  }

  function shuffle(list, rand) { // Fisher-Yates, in place
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  // Seeded: a resume and the review show the same order. The build stops `q.shuffle` before
  // an option such as "all of the above".
  function optionOrder(q, seed, key) {
    const all = q.options.map(o => o.id);
    return shuffle(all.slice(0, q.shuffle), prng(seed ^ fnv1a(key))).concat(all.slice(q.shuffle));
  }

  function shownOf(page, state) {
    const r = state.assessments[page.id];
    return !seeded(page) ? page.questions : r && r.seed ? draw(page, r.seed) : [];
  }

  // -- encoding (docs/state-format.md) --
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
      if (CHOICE[q.type]) {
        out += head + encodeChoice(a, q);
      } else {
        const p = (a.submitted ? '1' : '0') + positions(q).map(([k, values]) =>
          b36(values.indexOf(valueAt(q, a.chosen, k)) + 1, digits(values.length))).join('');
        other += head + b36(p.length, 2) + p;
      }
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

  // One bit per option (in id order) above a "submitted" bit: 26 options + 1 < 36^6.
  function encodeChoice(a, q) {
    const all = ids(q.options);
    let v = 0;
    for (let i = all.length - 1; i >= 0; i--) v = v * 2 + (a.chosen.includes(all[i]) ? 1 : 0);
    return b36(v * 2 + (a.submitted ? 1 : 0), 6);
  }

  // Other types: positions holding one of their values (1-based, 0 = none): a decision's action
  // and clause; a source's target; the item at each place; each step's choice.
  function positions(q) {
    const t = q.type;
    if (t === 'moderation_decision') return GROUPS.map(g => [g, ids(q.options.filter(o => o.group === g))]);
    if (t === 'matching') return ids(q.sources).map(s => [s, ids(q.targets)]);
    if (t === 'ordering') return q.items.map((x, i) => [i, ids(q.items)]);
    return ids(q.steps).map(s => [s, ids(stepOf(q, s).options)]);
  }

  function valueAt(q, chosen, key) {
    const t = q.type;
    if (t === 'ordering') return chosen[key];
    if (t === 'moderation_decision') return chosen.find(id => q.options.some(o => o.id === id && o.group === key));
    const p = t === 'matching' ? chosen.find(c => c[0] === key) : chosen.map(parts).find(c => c[0] === key);
    return p && p[1];
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
      return q && sig === sigOf(q) && !CHOICE[q.type] === !choice ? q : null;
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
      if (q) restoreChoice(state, slot, q, c.slice(7));
    });
    for (let rest = m[6], end; rest; rest = rest.slice(end)) {
      end = 9 + parseInt(rest.slice(7, 9), 36);
      if (rest.length < end) throw new Error('truncated');
      const slot = slots[rest.slice(0, 5)];
      const q = question(slot, rest.slice(5, 7), false);
      if (q) restoreOther(state, slot, q, rest.slice(9, end));
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

  function restoreChoice(state, slot, q, c) {
    let v = parseInt(c, 36);
    const submitted = v % 2 === 1;
    v = Math.floor(v / 2);
    const picked = [];
    ids(q.options).forEach(id => {
      if (v % 2) picked.push(id);
      v = Math.floor(v / 2);
    });
    const chosen = q.options.map(o => o.id).filter(id => picked.includes(id));
    const single = q.type !== 'multiple_response';
    if (v || (single && chosen.length > 1) || !chosen.length) return; // impossible: drop it
    state.answers[slot] = graded(q, chosen, submitted);
  }

  // Anything impossible (out of range, not a permutation, off the branches, submitted but
  // incomplete) drops the answer.
  function restoreOther(state, slot, q, p) {
    const pick = Object.create(null);
    let i = 1;
    for (const [k, values] of positions(q)) {
      const w = digits(values.length);
      const v = parseInt(p.slice(i, i + w), 36);
      i += w;
      if (!(v <= values.length)) return;
      if (v) pick[k] = values[v - 1];
    }
    let chosen;
    const t = q.type;
    if (t === 'moderation_decision') chosen = q.options.map(o => o.id).filter(id => pick[q.options.find(o => o.id === id).group] === id);
    else if (t === 'matching') chosen = q.sources.filter(s => pick[s.id]).map(s => [s.id, pick[s.id]]);
    else if (t === 'ordering') {
      chosen = q.items.map((x, j) => pick[j]);
      if (chosen.some((id, j) => !id || chosen.indexOf(id) !== j)) return;
    } else {
      chosen = [];
      for (let s = q.steps[0].id; s in pick && !chosen.some(c => parts(c)[0] === s);) {
        chosen.push(s + '.' + pick[s]);
        s = pathOption(q, chosen[chosen.length - 1]).next;
      }
      if (chosen.length !== Object.keys(pick).length) return;
    }
    const submitted = p[0] === '1';
    if (i !== p.length || p[0] > '1' || !chosen.length || (submitted && !complete(q, chosen))) return;
    state.answers[slot] = graded(q, chosen, submitted);
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
    if (!attempts && (!seed || best || c[13] === '1')) return; // before a submit: only a draw
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
    const all = pooled(page);
    return sum(page.questions.filter(qid => !all.includes(qid))) + (page.pool || []).reduce((s, d) =>
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
  let plurals = null;
  let state = null;
  let adapter = null;
  let started = false; // adapter.start was called: terminate() is owed
  let ready = false; // start settled: controls work, reports flow
  let done = false; // the result is shown
  let record = true; // this session may write the learner's record
  const FINAL = /^(passed|completed|failed)$/;
  let terminated = false;
  const sections = {};
  const steps = {}; // "<question>--<step>" → the step question given to adapters
  const shownAt = {}; // slot (or slot--step) → ms when last shown or reset (for latency)
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
  const GRADE = '[data-tf-assessment] > [data-tf-action="submit"]'; // an assessment's own submit
  const SPARE = /^(reveal|skip)$/; // controls a lock leaves alone: a description stays at hand
  const CASE = ':scope > [data-tf-feedback]'; // a scenario's own

  function tf(el, name) {
    return el.getAttribute('data-tf-' + name);
  }

  function one(selector, root) {
    return (root || doc).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.from((root || doc).querySelectorAll(selector));
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

  // A question's element: its fieldset, or a scenario's box of step fieldsets.
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
        (q.steps || []).forEach(s => {
          steps[s.question] = { id: s.question, type: 'scenario_step', scenario: id, step: s.id,
            points: 0, objectives: q.objectives, clauses: q.clauses, policy: q.policy,
            text: s.text, options: s.options };
        });
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
    $$('[data-tf-order]').forEach(l => { l.tfStart = $$('[data-tf-item]', l).map(i => tf(i, 'item')); });
    $$('[data-tf-count]').forEach(e => { e.textContent = format(tf(e, 'string'), { count: +tf(e, 'count') }); });
    bindEvents();
    course.pages.forEach(layout);
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
    const returning = changesFirst(saved);
    state = decode(saved, course);
    if (returning) Object.assign(state, { page: course.whatChanged, finished: '' });
    const ended = FINAL.test(state.finished);
    const held = FINAL.test(reply.status);
    // The adapter reports the LMS's mode and credit; the core decides.
    record = !ended && !(reply.mode && reply.mode !== 'normal') && reply.credit !== false;
    call('track');
    state.seed = state.seed || newSeed(); // orders shuffled options
    const deepLink = !saved && target(global.location.hash);
    applyAnswers();
    ready = true;
    doc.getElementById('tf-main').removeAttribute('aria-busy');
    show(deepLink ? deepLink.page : state.page, { anchor: deepLink && deepLink.anchor });
    if (!record && (ended || held)) {
      showResult(held ? reply : { status: state.finished, score: result(state, course).score });
    }
  }

  // "What changed": a state of another course version starts there (true); a state that
  // passed it keeps it; for others it is not in the course.
  function changesFirst(saved) {
    const id = course.whatChanged;
    const f = String(saved).split('~');
    const other = !!saved && f[1] !== course.version;
    if (!id || other || (saved && chunks(String(f[2]).slice(0, 5) + f[3], 5).includes(idKey(id)))) {
      return !!id && other;
    }
    course.pages = course.pages.filter(p => p.id !== id);
    sections[id].hidden = true;
    delete sections[id];
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
    if (ready) drawFor(page);
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

  // A pooled or shuffled assessment draws when an attempt is first shown; the seed is saved.
  function drawFor(page) {
    const r = state.assessments[page.id] || { attempts: 0, best: 0, last: 0, locked: false };
    if (page.kind !== 'assessment' || !seeded(page) || r.seed) return;
    r.seed = newSeed();
    state.assessments[page.id] = r;
    layout(page);
  }

  function newSeed() {
    return 1 + Math.floor(Math.random() * (SEED_MOD - 1));
  }

  // Rows move; ids and tracking stay the source's.
  function arrange(page) {
    const r = state.assessments[page.id];
    page.questions.forEach(qid => {
      const q = course.questions[qid];
      const box = q.shuffle && sections[page.id] && boxOf(sections[page.id], qid);
      if (!box) return;
      optionOrder(q, state.seed, slotId(page.id, qid) + '#' + (r ? r.attempts + !r.locked : 1)).forEach(id => {
        const row = one('[data-tf-option="' + id + '"]', box).parentNode;
        row.parentNode.appendChild(row);
      });
    });
  }

  // Show the questions of the attempt's draw, in its order; hide the others.
  function layout(page) {
    const form = sections[page.id] && one('[data-tf-assessment]', sections[page.id]);
    if (!form || !seeded(page)) return;
    const shown = shownOf(page, state);
    shown.concat(page.questions.filter(qid => !shown.includes(qid))).forEach(qid => {
      const box = boxOf(form, qid);
      if (!box) return;
      box.hidden = !shown.includes(qid);
      form.insertBefore(box, one(GRADE, form.parentNode));
    });
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
    setAll('attest', 'disabled', !ready);
    $$('[data-tf-attestation]').forEach(a => { a.hidden = !last; }); // beside Finish
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
    const fs = el.closest(QUESTION);
    const form = el.closest('[data-tf-assessment]');
    if (action === 'next') step(1);
    else if (action === 'prev') step(-1);
    else if (action === 'finish') finish();
    else if (action === 'retake') retake(el.closest('[data-tf-page]'));
    else if (action === 'up' || action === 'down') move(el, action === 'up' ? -1 : 1);
    else if (SPARE.test(action)) sensitive(el, action === 'reveal');
    else if (action === 'submit') {
      if (fs && tf(fs, 'step')) submitStep(fs);
      else if (fs) submitCheck(fs);
      else if (form) submitAssessment(form);
    }
  }

  // -- questions --
  function chosenIn(fs) {
    return $$(OPTION, fs).filter(i => i.checked).map(i => tf(i, 'option'));
  }

  // The answer the page shows (a scenario's is its path, kept in the state).
  function read(box, q, slot) {
    if (q.type === 'matching') {
      return $$('[data-tf-match]', box).filter(s => s.value).map(s => [tf(s, 'match'), s.value]);
    }
    if (q.type === 'ordering') return $$('[data-tf-item]', box).map(i => tf(i, 'item'));
    if (q.type === 'scenario') return state.answers[slot] ? state.answers[slot].chosen : [];
    const c = chosenIn(box); // in source order, even shuffled
    return q.options.map(o => o.id).filter(id => c.includes(id));
  }

  // Put an answer (or none) into the page.
  function write(box, q, chosen, review) {
    const c = chosen || [];
    if (q.type === 'scenario') renderScenario(box, q, c, review, false);
    else if (q.type === 'matching') {
      $$('[data-tf-match]', box).forEach(s => { s.value = valueAt(q, c, tf(s, 'match')) || ''; });
    } else if (q.type === 'ordering') {
      const list = one('[data-tf-order]', box);
      (c.length ? c : list.tfStart).forEach(id => list.appendChild(one('[data-tf-item="' + id + '"]', list)));
    } else $$(OPTION, box).forEach(i => { i.checked = c.includes(tf(i, 'option')); });
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
    if (tf(t, 'action') === 'attest') {
      state.attested = t.checked;
      t.removeAttribute('aria-invalid');
      $$('[data-tf-attest-error]').forEach(m => { m.hidden = true; });
      save();
    } else if (fs && tf(fs, 'step')) {
      clearFeedback(fs); // a step's choice counts once submitted
    } else if (fs) changed(fs);
  }

  function changed(fs) {
    const q = course.questions[tf(fs, 'question')];
    const slot = slotId(pageOf(fs).id, q.id);
    state.answers[slot] = graded(q, read(fs, q, slot), false);
    clearFeedback(fs);
  }

  // Ordering: the item moves one place; its button keeps focus and a live region says where.
  function move(btn, delta) {
    const li = btn.closest('[data-tf-item]');
    const items = $$('[data-tf-item]', li.parentNode);
    const to = items[items.indexOf(li) + delta];
    if (to) li.parentNode.insertBefore(li, delta < 0 ? to : to.nextSibling);
    btn.focus();
    const fs = li.closest(QUESTION);
    $$('[data-tf-live]', fs).forEach(l => {
      l.textContent = format('moved', { item: li.firstElementChild.textContent.trim(),
        n: $$('[data-tf-item]', fs).indexOf(li) + 1, total: items.length });
    });
    changed(fs);
  }

  // Reveal puts the <template>'s media in place (nothing loads before), skip the description.
  function sensitive(btn, reveal) {
    const fig = btn.closest('[data-tf-sensitive]');
    const desc = one('[data-tf-description]', fig);
    let media = one('.tf-sample-media', fig);
    if (media) media.remove(); // a playing video stops with it
    if (reveal) {
      media = doc.createElement('div');
      media.className = 'tf-sample-media';
      media.appendChild(one('template', fig).content.cloneNode(true));
      fig.insertBefore(media, desc);
    }
    desc.hidden = reveal;
    one('[data-tf-action="reveal"]', fig).hidden = reveal;
    one('[data-tf-action="skip"]', fig).hidden = !reveal;
    focusOn(reveal ? media : desc);
  }

  function clearFeedback(box) {
    $$(FEEDBACK, box).forEach(f => {
      f.textContent = '';
      f.hidden = true;
      f.setAttribute('data-tf-feedback', '');
    });
    [box].concat($$(QUESTION, box)).forEach(e => e.removeAttribute('data-tf-correct'));
  }

  // For a scenario, the step in progress (or its last); for the others, the question.
  function current(box) {
    return tf(box, 'scenario') ? $$(QUESTION, box).filter(f => !f.hidden).pop() : box;
  }

  function askFirst(box, q) {
    const fs = current(box);
    clearFeedback(fs);
    judge(one(FEEDBACK, fs), '', format(q && /^(mat|mod)/.test(q.type) ? 'complete_first' : 'choose_one_first'));
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

  // A scenario's own verdict (not its last step's again): its best choices.
  function showFeedback(box, q, a) {
    const share = q.points ? Math.round(a.score / q.points * 100) : 0;
    if (q.type !== 'scenario') {
      clearFeedback(box);
      return verdict(box, a.correct, share, a.chosen);
    }
    renderScenario(box, q, a.chosen, true, true);
    const n = a.chosen.filter(p => pathOption(q, p).correct).length;
    judge(caseOf(box), stateOf(a.correct, n), format('case_result', { n, count: a.chosen.length }));
    box.setAttribute('data-tf-correct', String(a.correct));
  }

  // Review (README): the right answers in words, each with its rationale.
  function answers(box, q) {
    const t = q.type;
    const out = t === 'scenario' ? caseOf(box) : one(FEEDBACK, box);
    const add = (value, key, answer, source) => {
      out.appendChild(para('tf-answer', format(key, { answer, source }))).setAttribute('data-tf-correct-answer', value);
    };
    const why = sel => (sel = one(sel, box)) && note(out, sel);
    const text = (list, id) => list.find(o => o.id === id).text;
    const best = [];
    if (t === 'scenario') { // steps taken amiss, then the best path
      $$('[data-tf-correct="false"]', box).forEach(fs => answers(fs, steps[tf(fs, 'question')]));
      for (let s = q.steps[0], o; s && best.length < q.steps.length; s = stepOf(q, o.next)) {
        o = s.options.find(c => c.correct);
        best.push([s.id + '.' + o.id, o.text]);
      }
      add(best.map(b => b[0]).join(), 'right_path', best.map(b => b[1]).join(', '));
    } else if (/^(mat|ord)/.test(t)) {
      if (t === 'ordering') add(q.order.join(), 'right_order', q.items.map(o => o.text).join(', '));
      else q.pairs.forEach(p => add(p.join('.'), 'right_match', text(q.targets, p[1]), text(q.sources, p[0])));
      why('[data-tf-question-feedback="correct"]');
    } else {
      q.options.filter(o => o.correct).forEach(o => {
        add(o.id, 'right_' + (GROUPS.includes(o.group) ? o.group : 'answer'), o.text);
        why('[data-tf-option-feedback="' + o.id + '"]');
      });
    }
  }

  function caseOf(box) { // an older theme's scenario may lack its own
    return one(CASE, box) || one(FEEDBACK, current(box));
  }

  // A scenario shows its path's steps in order, locked (feedback if `review`), then the next.
  function renderScenario(box, q, path, review, locked) {
    const taken = Object.create(null);
    path.map(parts).forEach(([s, c]) => { taken[s] = c; });
    const order = path.map(p => parts(p)[0]).concat(nextStep(q, path) || []);
    clearFeedback(box);
    $$(QUESTION, box).forEach(fs => {
      const s = tf(fs, 'step');
      fs.hidden = !order.includes(s);
      $$(OPTION, fs).forEach(i => { i.checked = taken[s] === tf(i, 'option'); });
      lock(fs, locked || s in taken);
      if (s in taken && review) verdict(fs, pathOption(q, s + '.' + taken[s]).correct, 0, [taken[s]]);
    });
    order.forEach(s => box.insertBefore(one('[data-tf-step="' + s + '"]', box), one(CASE, box)));
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

  // A scenario step: record the choice, show its feedback, reveal its `next` (or end the case).
  // A choice leading back to a step taken cuts the loop: the path resumes there.
  function submitStep(fs) {
    const box = fs.closest('[data-tf-scenario]');
    const page = pageOf(box);
    const q = course.questions[tf(box, 'scenario')];
    const slot = slotId(page.id, q.id);
    const key = slot + '--' + tf(fs, 'step');
    const pick = chosenIn(fs)[0];
    const form = box.closest('[data-tf-assessment]');
    const r = state.assessments[page.id];
    if (!pick) return askFirst(box);
    let path = read(box, q, slot).concat(tf(fs, 'step') + '.' + pick);
    const option = pathOption(q, path[path.length - 1]);
    const back = path.findIndex(p => parts(p)[0] === option.next);
    if (back >= 0) path = path.slice(0, back);
    const answer = state.answers[slot] = graded(q, path, !form && !option.next);
    tries[key] = (tries[key] || 0) + 1;
    report(page, steps[tf(fs, 'question')], { chosen: [pick], correct: option.correct, score: 0 },
      form ? 'assessment' : 'check', form ? (r ? r.attempts : 0) + 1 : tries[key], key);
    renderScenario(box, q, path, !form || page.review !== false, false);
    const next = current(box);
    shownAt[slot + '--' + tf(next, 'step')] = Date.now();
    if (answer.submitted) {
      showFeedback(box, q, answer);
      tries[slot] = (tries[slot] || 0) + 1;
      report(page, q, answer, 'check', tries[slot], slot);
    }
    focusOn(option.next ? firstControl(next) : form ? one(GRADE, sections[page.id]) : one(FEEDBACK, next));
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
    const reveal = !pre && !again; // final: never helps a retake
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
    drawFor(page); // a new attempt, a new draw
    arrange(page);
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
      layout(page);
      arrange(page);
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
    setAll('attest', 'checked', state.attested);
  }

  // -- finish: only once the attestation is ticked, when it is required --
  function finish() {
    const box = one('[data-tf-attestation]');
    const tick = box && one('[data-tf-action="attest"]', box);
    if (tick && !tick.checked && tf(box, 'required') === 'true') {
      $$('[data-tf-attest-error]', box).forEach(m => {
        m.textContent = format('attest_first');
        m.hidden = false;
      });
      tick.setAttribute('aria-invalid', 'true');
      tick.focus();
      return;
    }
    const outcome = result(state, course);
    const a = course.attestation;
    // Only a final result ends the course.
    state.finished = FINAL.test(outcome.status) ? outcome.status : '';
    showResult(outcome).focus();
    save();
    if (a && state.attested) call('attested', { policy: a.policy, version: a.version });
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
  };
  global.TF = TF;

  if (doc && doc.getElementById('tf-course')) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', boot);
    else setTimeout(boot, 0);
  }
})(typeof window !== 'undefined' ? window : this);
