/* trainforge's test LMS: scorm-again's Scorm12API as window.API, plus a recorder of every call.
 *
 * Python (support/scorm_harness.py) calls tfHarness.start(config) once the page has loaded. The
 * course iframe gets its src only then, so preloaded CMI data (a resumed attempt) is in place
 * before the content can call LMSInitialize. Calls are recorded even after LMSFinish, because
 * scorm-again's SCORM 1.2 API still answers "true" to LMSSetValue then, and a test must see it.
 */
"use strict";
(function () {
  var METHODS = [
    "LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
    "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"
  ];
  // scorm-again's api.currentState: STATE_NOT_INITIALIZED, STATE_INITIALIZED, STATE_TERMINATED.
  var STATES = ["not initialized", "initialized", "terminated"];

  var harness = { calls: [], log: [], started: false, loaded: false };
  window.tfHarness = harness;

  function stateOf(api) {
    return STATES[api.currentState] || String(api.currentState);
  }

  function record(api, name) {
    var original = api[name];
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var entry = {
        seq: harness.calls.length, method: name, args: args, state: stateOf(api),
        result: null, error: null, exception: null, ms: performance.now()
      };
      harness.calls.push(entry); // before the call: a throwing call is still recorded
      try {
        entry.result = original.apply(api, args);
      } catch (e) {
        entry.exception = String(e);
        throw e;
      } finally {
        entry.error = String(api.lastErrorCode);
      }
      return entry.result;
    };
  }

  harness.start = function (config) {
    if (harness.started) {
      throw new Error("tfHarness.start called twice; open a fresh harness page instead");
    }
    var settings = Object.assign({}, config.settings, {
      onLogMessage: function (level, message) {
        harness.log.push({ level: level, message: String(message) });
      }
    });
    var api = new window.Scorm12API(settings);
    if (config.cmi) {
      api.loadFromJSON(config.cmi); // only allowed before LMSInitialize
    }
    METHODS.forEach(function (name) { record(api, name); });
    window.API = api;
    harness.started = true;
    var content = document.getElementById("content");
    content.addEventListener("load", function () { harness.loaded = true; }, { once: true });
    content.src = config.launch;
  };

  harness.cmi = function () {
    return window.API.renderCMIToJSONObject().cmi;
  };

  harness.state = function () {
    return stateOf(window.API);
  };
})();
