// uses: shared/positions.js
/*
 * Ordering: a list of [data-tf-item] moved one place by their up/down buttons; each item in its
 * place earns its share of the points. It always has an answer: its current order.
 */
TF.type('ordering', function (k) {
  'use strict';
  const ITEM = '[data-tf-item]';

  // The item moves one place; its button keeps focus and a live region says where.
  function move(btn, delta) {
    const li = btn.closest(ITEM);
    const items = k.$$(ITEM, li.parentNode);
    const to = items[items.indexOf(li) + delta];
    if (to) li.parentNode.insertBefore(li, delta < 0 ? to : to.nextSibling);
    btn.focus();
    const fs = li.closest(k.QUESTION);
    k.$$('[data-tf-live]', fs).forEach(l => {
      l.textContent = k.format('moved', { item: li.firstElementChild.textContent.trim(),
        n: k.$$(ITEM, fs).indexOf(li) + 1, total: items.length });
    });
    k.changed(fs);
  }

  return k.helper('positions')({
    sig: q => k.ids(q.items),
    grade(q, chosen) {
      const n = q.order.filter((id, i) => chosen[i] === id).length;
      return [n / q.order.length, n === q.order.length];
    },
    positions: q => q.items.map((x, i) => [i, k.ids(q.items)]),
    valueAt: (q, chosen, i) => chosen[i],
    // a permutation of the items, or impossible
    fromPick(q, pick) {
      const chosen = q.items.map((x, j) => pick[j]);
      return chosen.some((id, j) => !id || chosen.indexOf(id) !== j) ? null : chosen;
    },
    read: box => k.$$(ITEM, box).map(i => k.tf(i, 'item')),
    write(box, q, chosen) {
      const list = k.one('[data-tf-order]', box);
      (chosen.length ? chosen : list.tfStart).forEach(id => list.appendChild(k.one('[data-tf-item="' + id + '"]', list)));
    },
    answers(box, q) {
      const r = k.rightAnswers(k.one(k.FEEDBACK, box), box);
      r.add(q.order.join(), 'right_order', q.items.map(o => o.text).join(', '));
      r.why('[data-tf-question-feedback="correct"]');
    },
    // the order the page was built with: a retake starts from it again
    boot() {
      k.$$('[data-tf-order]').forEach(l => { l.tfStart = k.$$(ITEM, l).map(i => k.tf(i, 'item')); });
    },
    actions: { up: btn => move(btn, -1), down: btn => move(btn, 1) },
  });
});
