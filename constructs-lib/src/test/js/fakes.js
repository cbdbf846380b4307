'use strict';
// Shared test helpers (no npm dependencies): fake SDK v3 command classes and clients.
const path = require('node:path');

const HANDLERS_DIR = path.resolve(__dirname,
  '../../main/resources/io/github/apprunnerdjango/internal/handlers');

const handlerPath = (name) => path.join(HANDLERS_DIR, name);

// Plain classes named like the SDK commands; `new X(input).input === input`.
function commands(...names) {
  const out = {};
  for (const n of names) {
    out[n] = ({ [n]: class { constructor(input) { this.input = input; } } })[n];
  }
  return out;
}

// Fake client: records every command and answers through `responder(name, input, callIndex)`.
function fakeClient(responder = () => ({})) {
  const calls = [];
  return {
    calls,
    async send(cmd) {
      const call = { name: cmd.constructor.name, input: cmd.input };
      calls.push(call);
      return responder(call.name, call.input, calls.length - 1);
    },
  };
}

function sdkError(name, message = name) {
  const e = new Error(message);
  e.name = name;
  return e;
}

module.exports = { HANDLERS_DIR, handlerPath, commands, fakeClient, sdkError };
