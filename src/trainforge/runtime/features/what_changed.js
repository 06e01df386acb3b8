/*
 * "What changed" (course.whatChanged, a page generated from the policy's changelog): shown only
 * to a learner whose saved state is of another course version (who starts there, not finished,
 * to attest the new version), or whose state already shows the page visited or current. For
 * everyone else the page is dropped from the course: not shown, not counted.
 */
TF.feature('what_changed', function (k) {
  'use strict';
  return {
    // Before the state is read: the page to open on, or nothing.
    resume(saved) {
      const id = k.course.whatChanged;
      const f = String(saved).split('~');
      const other = !!saved && f[1] !== k.course.version;
      if (!id || other || (saved && k.chunks(String(f[2]).slice(0, 5) + f[3], 5).includes(k.key(id)))) {
        return other ? id : null;
      }
      k.course.pages = k.course.pages.filter(p => p.id !== id);
      k.sections[id].hidden = true;
      delete k.sections[id];
      return null;
    },
  };
});
