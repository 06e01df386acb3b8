/*
 * The answer record of every type that is not a choice set (docs/state-format.md "payload"): a
 * submitted flag, then one position per part of the answer, each holding its value 1-based among
 * the part's possible values (0 = none), as wide as the largest value needs.
 * A type gives positions(q) → [[part, values]], valueAt(q, chosen, part) and fromPick(q, pick)
 * (the answer from {part: value}, null if impossible); it gets encode and decode.
 */
TF.helper('positions', function (k) {
  'use strict';
  return spec => Object.assign({
    encode(q, a) {
      return (a.submitted ? '1' : '0') + spec.positions(q).map(([part, values]) =>
        k.b36(values.indexOf(spec.valueAt(q, a.chosen, part)) + 1, k.digits(values.length))).join('');
    },
    decode(q, p) {
      const pick = Object.create(null);
      let i = 1;
      for (const [part, values] of spec.positions(q)) {
        const w = k.digits(values.length);
        const v = parseInt(p.slice(i, i + w), 36);
        i += w;
        if (!(v <= values.length)) return null;
        if (v) pick[part] = values[v - 1];
      }
      const chosen = spec.fromPick(q, pick);
      return !chosen || i !== p.length || p[0] > '1' ? null : { chosen, submitted: p[0] === '1' };
    },
  }, spec);
});
