// uses: shared/choices.js
// One option of several is right (true_false): exactly it earns the points.
TF.type('true_false', k => k.helper('choices')(true));
