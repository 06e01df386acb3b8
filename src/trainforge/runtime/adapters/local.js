/*
 * Tracking adapter of the `web` format (assets/tf-tracking.js): the learner's progress is kept in
 * this browser's localStorage under a key holding the course id, so reopening the course resumes
 * it. The implementation lives in the core (TF.localAdapter) because the SCORM and xAPI adapters
 * fall back to the same storage when they find no LMS; where storage is refused (file:// in some
 * browsers, private modes) it keeps working in memory and says so through a notice.
 */
(function () {
  'use strict';
  if (window.TF) window.TF.useAdapter(window.TF.localAdapter());
})();
