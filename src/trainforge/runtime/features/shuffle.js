// uses: shared/seeded.js
/*
 * Shuffled options (`question.shuffle`): the first `shuffle` options of a question show in an
 * order seeded by the learner's seed, the slot and the attempt (docs/state-format.md). Rows
 * move; ids and tracking stay the source's. The build stops `shuffle` before an option such as
 * "all of the above".
 */
TF.feature('shuffle', function (k) {
  'use strict';
  const S = k.helper('seeded');

  function optionOrder(q, seed, key) {
    const all = q.options.map(o => o.id);
    return S.shuffle(all.slice(0, q.shuffle), S.prng(seed ^ k.fnv1a(key))).concat(all.slice(q.shuffle));
  }

  function arrange(page) {
    const r = k.state.assessments[page.id];
    page.questions.forEach(qid => {
      const q = k.course.questions[qid];
      const box = q.shuffle && k.sections[page.id] && k.boxOf(k.sections[page.id], qid);
      if (!box) return;
      optionOrder(q, k.state.seed, k.slotId(page.id, qid) + '#' + (r ? r.attempts + !r.locked : 1)).forEach(id => {
        const row = k.one('[data-tf-option="' + id + '"]', box).parentNode;
        row.parentNode.appendChild(row);
      });
    });
  }

  return { arrange };
});
