// Runs the player's state functions in node, without a DOM: `node state_runner.js tf-core.js`
// reads a JSON list of commands on stdin and prints the list of their results.
//   {op: "encode", state, course} -> string      {op: "decode", text, course} -> state
//   {op: "key", id} -> string                    {op: "result", state, course} -> {status, score}
//   {op: "grade", question, chosen} -> answer    {op: "draw", page, seed} -> [question id]
'use strict';
const fs = require('fs');
const vm = require('vm');

const context = vm.createContext({});
vm.runInContext(fs.readFileSync(process.argv[2], 'utf8'), context, { filename: 'tf-core.js' });
const TF = context.TF;
const ops = {
  encode: c => TF.state.encode(c.state, c.course),
  decode: c => TF.state.decode(c.text, c.course),
  key: c => TF.state.key(c.id),
  result: c => TF.result(c.state, c.course),
  grade: c => TF.grade(c.question, c.chosen),
  draw: c => TF.draw(c.page, c.seed),
};
const commands = JSON.parse(fs.readFileSync(0, 'utf8'));
// JSON round trip: objects made in the vm context print like ours.
process.stdout.write(JSON.stringify(commands.map(c => JSON.parse(JSON.stringify(ops[c.op](c))))));
