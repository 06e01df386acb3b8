// uses: shared/seeded.js
/*
 * An assessment's draw (a `pool`, or `shuffle`): when an attempt is first shown it gets a seed
 * (saved), which gives its questions: the fixed ones plus `count` of each pool entry's
 * candidates, in page order or, with `shuffle`, in a seeded order. The others are hidden.
 */
TF.feature('draw', function (k) {
  'use strict';
  const S = k.helper('seeded');

  function seeded(page) {
    return !!(page.shuffle || (page.pool && page.pool.length));
  }

  function draw(page, seed) {
    const rand = S.prng(seed);
    const all = [].concat(...(page.pool || []).map(d => d.questions));
    const shown = page.questions.filter(qid => !all.includes(qid));
    (page.pool || []).forEach(d => {
      const left = d.questions.filter(qid => !shown.includes(qid));
      for (let i = 0; i < d.count && left.length; i++) {
        shown.push(left.splice(Math.floor(rand() * left.length), 1)[0]);
      }
    });
    if (!page.shuffle) return page.questions.filter(qid => shown.includes(qid));
    return S.shuffle(shown, rand);
  }

  function shown(page, state) {
    const r = state.assessments[page.id];
    return !seeded(page) ? page.questions : r && r.seed ? draw(page, r.seed) : [];
  }

  // Show the questions of the attempt's draw, in its order; hide the others.
  function layout(page) {
    const form = k.sections[page.id] && k.one('[data-tf-assessment]', k.sections[page.id]);
    if (!form || !seeded(page)) return;
    const list = shown(page, k.state);
    list.concat(page.questions.filter(qid => !list.includes(qid))).forEach(qid => {
      const box = k.boxOf(form, qid);
      if (!box) return;
      box.hidden = !list.includes(qid);
      form.insertBefore(box, k.one(k.GRADE, form.parentNode));
    });
  }

  // An attempt shown for the first time (or retaken) draws.
  function visit(page) {
    const r = k.state.assessments[page.id] || { attempts: 0, best: 0, last: 0, locked: false };
    if (page.kind !== 'assessment' || !seeded(page) || r.seed) return;
    r.seed = k.newSeed();
    k.state.assessments[page.id] = r;
    layout(page);
  }

  return { draw, shown, layout, visit };
});
