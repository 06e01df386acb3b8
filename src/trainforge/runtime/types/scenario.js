// uses: shared/positions.js
/*
 * A branching scenario ([data-tf-scenario]): a box of step fieldsets; a step's submit records
 * its choice, locks the step, shows its feedback and the step its choice leads to (`next`), or
 * ends the case. Its answer is the path ["<step>.<choice>", …] from the first step; each best
 * choice taken earns its share of the points. Adapters hear of every step (type scenario_step).
 */
TF.type('scenario', function (k) {
  'use strict';
  // a scenario's own
  const CASE = ':scope > [data-tf-feedback]';
  // "<question>--<step>" → the step question given to adapters
  const steps = {};

  function parts(p) {
    const i = p.lastIndexOf('.');
    return [p.slice(0, i), p.slice(i + 1)];
  }

  function stepOf(q, id) {
    return q.steps.find(s => s.id === id);
  }

  function pathOption(q, p) {
    const s = stepOf(q, parts(p)[0]);
    return s && s.options.find(o => o.id === parts(p)[1]);
  }

  // The step a path leads to: the first, the last choice's `next`, or null when the case ended.
  function nextStep(q, path) {
    return path.length ? pathOption(q, path[path.length - 1]).next || null : q.steps[0].id;
  }

  // The step in progress (or its last).
  function current(box) {
    return k.$$(k.QUESTION, box).filter(f => !f.hidden).pop();
  }

  // an older theme's scenario may lack its own
  function caseOf(box) {
    return k.one(CASE, box) || k.one(k.FEEDBACK, current(box));
  }

  // The path's steps in order, locked (feedback if `review`), then the next.
  function render(box, q, path, review, locked) {
    const taken = Object.create(null);
    path.map(parts).forEach(([s, c]) => { taken[s] = c; });
    const order = path.map(p => parts(p)[0]).concat(nextStep(q, path) || []);
    k.clearFeedback(box);
    k.$$(k.QUESTION, box).forEach(fs => {
      const s = k.tf(fs, 'step');
      fs.hidden = !order.includes(s);
      k.$$(k.OPTION, fs).forEach(i => { i.checked = taken[s] === k.tf(i, 'option'); });
      k.lock(fs, locked || s in taken);
      if (s in taken && review) k.verdict(fs, pathOption(q, s + '.' + taken[s]).correct, 0, [taken[s]]);
    });
    order.forEach(s => box.insertBefore(k.one('[data-tf-step="' + s + '"]', box), k.one(CASE, box)));
  }

  // Record the choice, show its feedback, reveal its `next` (or end the case). A choice leading
  // back to a step taken cuts the loop: the path resumes there.
  function submit(fs, box, q) {
    const page = k.pageOf(box);
    const slot = k.slotId(page.id, q.id);
    const key = slot + '--' + k.tf(fs, 'step');
    const pick = k.chosenIn(fs)[0];
    const form = box.closest('[data-tf-assessment]');
    const r = k.state.assessments[page.id];
    if (!pick) return k.askFirst(box, q);
    let path = read(box, q, slot).concat(k.tf(fs, 'step') + '.' + pick);
    const option = pathOption(q, path[path.length - 1]);
    const back = path.findIndex(p => parts(p)[0] === option.next);
    if (back >= 0) path = path.slice(0, back);
    const answer = k.state.answers[slot] = k.graded(q, path, !form && !option.next);
    k.tries[key] = (k.tries[key] || 0) + 1;
    k.report(page, steps[k.tf(fs, 'question')], { chosen: [pick], correct: option.correct, score: 0 },
      form ? 'assessment' : 'check', form ? (r ? r.attempts : 0) + 1 : k.tries[key], key);
    render(box, q, path, !form || page.review !== false, false);
    const next = current(box);
    k.shownAt[slot + '--' + k.tf(next, 'step')] = Date.now();
    if (answer.submitted) {
      k.showFeedback(box, q, answer);
      k.tries[slot] = (k.tries[slot] || 0) + 1;
      k.report(page, q, answer, 'check', k.tries[slot], slot);
    }
    k.focusOn(option.next ? k.firstControl(next) : form ? k.one(k.GRADE, k.sections[page.id])
      : k.one(k.FEEDBACK, next));
    k.save();
  }

  // Its answer is the path kept in the state.
  function read(box, q, slot) {
    return k.state.answers[slot] ? k.state.answers[slot].chosen : [];
  }

  return k.helper('positions')({
    sig: q => q.steps.map(s => s.id + ':' + k.ids(s.options).join('.')).sort(),
    complete: (q, chosen) => chosen.length > 0 && !nextStep(q, chosen),
    grade(q, chosen) {
      const n = chosen.filter(p => pathOption(q, p).correct).length;
      return [n / chosen.length, n === chosen.length];
    },
    positions: q => k.ids(q.steps).map(s => [s, k.ids(stepOf(q, s).options)]),
    valueAt(q, chosen, s) {
      const p = chosen.map(parts).find(c => c[0] === s);
      return p && p[1];
    },
    // the path the picks make from the first step, every pick on it
    fromPick(q, pick) {
      const chosen = [];
      for (let s = q.steps[0].id; s in pick && !chosen.some(c => parts(c)[0] === s);) {
        chosen.push(s + '.' + pick[s]);
        s = pathOption(q, chosen[chosen.length - 1]).next;
      }
      return chosen.length === Object.keys(pick).length ? chosen : null;
    },
    prepare(q) {
      q.steps.forEach(s => {
        steps[s.question] = { id: s.question, type: 'scenario_step', scenario: q.id, step: s.id,
          points: 0, objectives: q.objectives, clauses: q.clauses, policy: q.policy,
          text: s.text, options: s.options };
      });
    },
    read,
    write: (box, q, chosen, review) => render(box, q, chosen, review, false),
    current,
    submit,
    // a step's choice counts once submitted
    change: fs => k.clearFeedback(fs),
    // Its own verdict (not its last step's again): its best choices.
    feedback(box, q, a) {
      render(box, q, a.chosen, true, true);
      const n = a.chosen.filter(p => pathOption(q, p).correct).length;
      k.judge(caseOf(box), k.stateOf(a.correct, n), k.format('case_result', { n, count: a.chosen.length }));
      box.setAttribute('data-tf-correct', String(a.correct));
    },
    // steps taken amiss, then the best path
    answers(box, q) {
      const r = k.rightAnswers(caseOf(box), box);
      const best = [];
      k.$$('[data-tf-correct="false"]', box).forEach(fs => k.answers(fs, steps[k.tf(fs, 'question')]));
      for (let s = q.steps[0], o; s && best.length < q.steps.length; s = stepOf(q, o.next)) {
        o = s.options.find(c => c.correct);
        best.push([s.id + '.' + o.id, o.text]);
      }
      r.add(best.map(b => b[0]).join(), 'right_path', best.map(b => b[1]).join(', '));
    },
  });
});
