/*
 * Choice-set questions (single_choice, true_false, multiple_response): right only with exactly
 * the right options, saved as a 6-character choice record (docs/state-format.md).
 */
TF.helper('choices', function (k) {
  'use strict';
  // `single`: at most one option may be chosen, so a record with more is impossible.
  return single => ({
    choice: true,
    grade(q, chosen) {
      const right = q.options.filter(o => o.correct).map(o => o.id);
      const ok = right.length === chosen.length && right.every(id => chosen.includes(id));
      return [ok ? 1 : 0, ok];
    },
    // One bit per option (in id order) above a "submitted" bit: 26 options + 1 < 36^6.
    encode(q, a) {
      const all = k.ids(q.options);
      let v = 0;
      for (let i = all.length - 1; i >= 0; i--) v = v * 2 + (a.chosen.includes(all[i]) ? 1 : 0);
      return k.b36(v * 2 + (a.submitted ? 1 : 0), 6);
    },
    decode(q, c) {
      let v = parseInt(c, 36);
      const submitted = v % 2 === 1;
      v = Math.floor(v / 2);
      const picked = [];
      k.ids(q.options).forEach(id => {
        if (v % 2) picked.push(id);
        v = Math.floor(v / 2);
      });
      const chosen = q.options.map(o => o.id).filter(id => picked.includes(id));
      return v || (single && chosen.length > 1) ? null : { chosen, submitted };
    },
  });
});
