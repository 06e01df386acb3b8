/*
 * Seeded randomness for draws and shuffled options: nothing random is in the package, and a
 * resume or the review shows the same order (the seeds are in the saved state).
 */
TF.helper('seeded', function () {
  'use strict';
  return {
    // mulberry32
    prng(seed) {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), a | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    },
    // Fisher-Yates, in place
    shuffle(list, rand) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    },
  };
});
