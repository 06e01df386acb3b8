// uses: shared/positions.js
/*
 * Matching: one <select data-tf-match> per source, whose value is a target; each source matched
 * to its pair earns its share of the points.
 */
TF.type('matching', function (k) {
  'use strict';
  const valueAt = (q, chosen, source) => {
    const p = chosen.find(c => c[0] === source);
    return p && p[1];
  };
  const text = (list, id) => list.find(o => o.id === id).text;
  return k.helper('positions')({
    incomplete: 'complete_first',
    sig: q => k.ids(q.sources).concat(k.ids(q.targets).map(t => '>' + t)),
    complete: (q, chosen) => chosen.length === q.sources.length,
    grade(q, chosen) {
      const n = q.pairs.filter(p => chosen.some(c => c[0] === p[0] && c[1] === p[1])).length;
      return [n / q.pairs.length, n === q.pairs.length];
    },
    positions: q => k.ids(q.sources).map(s => [s, k.ids(q.targets)]),
    valueAt,
    fromPick: (q, pick) => q.sources.filter(s => pick[s.id]).map(s => [s.id, pick[s.id]]),
    read: box => k.$$('[data-tf-match]', box).filter(s => s.value).map(s => [k.tf(s, 'match'), s.value]),
    write(box, q, chosen) {
      k.$$('[data-tf-match]', box).forEach(s => { s.value = valueAt(q, chosen, k.tf(s, 'match')) || ''; });
    },
    answers(box, q) {
      const r = k.rightAnswers(k.one(k.FEEDBACK, box), box);
      q.pairs.forEach(p => r.add(p.join('.'), 'right_match', text(q.targets, p[1]), text(q.sources, p[0])));
      r.why('[data-tf-question-feedback="correct"]');
    },
  });
});
