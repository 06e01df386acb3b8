// uses: shared/choices.js
// Several options may be right (multiple_response): exactly the right set earns the points.
TF.type('multiple_response', k => k.helper('choices')(false));
