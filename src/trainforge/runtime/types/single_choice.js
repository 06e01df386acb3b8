// uses: shared/choices.js
// One option of several is right (single_choice): exactly it earns the points.
TF.type('single_choice', k => k.helper('choices')(true));
