/*
 * Sensitive samples ([data-tf-sensitive]): the media waits in <template data-tf-sensitive-media>,
 * so nothing loads before `reveal` puts a copy in place; `skip` shows the description instead.
 * Choices are not saved: a resumed page asks again.
 */
TF.feature('sensitive', function (k) {
  'use strict';

  function sensitive(btn, reveal) {
    const fig = btn.closest('[data-tf-sensitive]');
    const desc = k.one('[data-tf-description]', fig);
    let media = k.one('.tf-sample-media', fig);
    // a playing video stops with it
    if (media) media.remove();
    if (reveal) {
      media = document.createElement('div');
      media.className = 'tf-sample-media';
      media.appendChild(k.one('template', fig).content.cloneNode(true));
      fig.insertBefore(media, desc);
    }
    desc.hidden = reveal;
    k.one('[data-tf-action="reveal"]', fig).hidden = reveal;
    k.one('[data-tf-action="skip"]', fig).hidden = !reveal;
    k.focusOn(reveal ? media : desc);
  }

  return { actions: { reveal: btn => sensitive(btn, true), skip: btn => sensitive(btn, false) } };
});
