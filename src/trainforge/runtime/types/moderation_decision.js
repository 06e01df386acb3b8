// uses: shared/positions.js
/*
 * A moderation decision: two radio groups of options in one question, the action and the clause
 * it cites; each right group earns its weight of the points (0.5 each by default).
 */
TF.type('moderation_decision', function (k) {
  'use strict';
  const GROUPS = ['action', 'clause'];
  return k.helper('positions')({
    incomplete: 'complete_first',
    complete: (q, chosen) => chosen.length > 1,
    grade(q, chosen) {
      const w = q.weights || { action: 0.5, clause: 0.5 };
      const right = GROUPS.filter(g => q.options.some(o => o.group === g && o.correct && chosen.includes(o.id)));
      return right.length > 1 ? [1, true] : [right.reduce((s, g) => s + w[g], 0), false];
    },
    // right_action, right_clause
    rightKey: o => 'right_' + o.group,
    positions: q => GROUPS.map(g => [g, k.ids(q.options.filter(o => o.group === g))]),
    valueAt: (q, chosen, g) => chosen.find(id => q.options.some(o => o.id === id && o.group === g)),
    fromPick: (q, pick) => q.options.map(o => o.id).filter(id => pick[q.options.find(o => o.id === id).group] === id),
  });
});
