// uses: shared/choices.js
/*
 * Mark the words (highlight): a checkbox per span of a passage, saved as a choice record. Partial
 * credit: the share of the right spans marked, each wrong span marked taking one share back,
 * never below 0; right in full only with exactly the right spans (questions/highlight.py share).
 */
TF.type('highlight', function (k) {
  'use strict';
  return Object.assign(k.helper('choices')(false), {
    grade(q, chosen) {
      const right = q.options.filter(o => o.correct).map(o => o.id);
      const hit = chosen.filter(id => right.includes(id)).length;
      const wrong = chosen.length - hit;
      return [Math.max(0, (hit - wrong) / right.length), hit === right.length && !wrong];
    },
  });
});
