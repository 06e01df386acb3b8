/*
 * The attestation (section[data-tf-attestation]): a checkbox beside Finish on the last page,
 * saved in the state. When required, Finish waits for the tick; when ticked, Finish reports
 * attested({policy, version}) before finished.
 */
TF.feature('attestation', function (k) {
  'use strict';
  const BOX = '[data-tf-attestation]';
  const TICK = '[data-tf-action="attest"]';

  return {
    nav(last) {
      k.$$(TICK).forEach(t => { t.disabled = !k.ready; });
      k.$$(BOX).forEach(a => { a.hidden = !last; });
    },
    input(t) {
      if (k.tf(t, 'action') !== 'attest') return false;
      k.state.attested = t.checked;
      t.removeAttribute('aria-invalid');
      k.$$('[data-tf-attest-error]').forEach(m => { m.hidden = true; });
      k.save();
      return true;
    },
    apply() {
      k.$$(TICK).forEach(t => { t.checked = k.state.attested; });
    },
    // false: Finish waits, the checkbox says why
    gate() {
      const box = k.one(BOX);
      const tick = box && k.one(TICK, box);
      if (!tick || tick.checked || k.tf(box, 'required') !== 'true') return true;
      k.$$('[data-tf-attest-error]', box).forEach(m => {
        m.textContent = k.format('attest_first');
        m.hidden = false;
      });
      tick.setAttribute('aria-invalid', 'true');
      tick.focus();
      return false;
    },
    finishing() {
      const a = k.course.attestation;
      if (a && k.state.attested) k.call('attested', { policy: a.policy, version: a.version });
    },
  };
});
