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

// ---- CloudFormation and CDK's Provider framework, as a custom resource's handlers meet them ----

// aws-cdk-lib custom-resources/lib/provider-framework/runtime/cfn-response.ts: the physical id a
// failed Create answers with; the framework answers the Delete that follows itself
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

// The Provider framework around onEvent (and isComplete, polled until complete or `maxPolls`), as
// aws-cdk-lib's framework.ts runs them: returns what CloudFormation receives (Status,
// PhysicalResourceId, Data, Reason). onEvent's result is merged into the isComplete event, isComplete's
// Data into onEvent's; a failure answers with the event's physical id, or the marker for a Create.
function providerFramework({ onEvent, isComplete, maxPolls = 200 }) {
  return async (request) => {
    if (request.RequestType === 'Delete' && request.PhysicalResourceId === CREATE_FAILED_MARKER) {
      return { Status: 'SUCCESS', PhysicalResourceId: request.PhysicalResourceId };
    }
    let event = { ...request };
    try {
      const out = (await onEvent({ ...request })) || {};
      const PhysicalResourceId = out.PhysicalResourceId
        || (request.RequestType === 'Create' ? request.RequestId : request.PhysicalResourceId);
      if (request.RequestType === 'Delete' && PhysicalResourceId !== request.PhysicalResourceId) {
        throw new Error('DELETE: cannot change the physical resource ID');
      }
      event = { ...request, ...out, PhysicalResourceId };
      for (let poll = 0; isComplete; poll++) {
        if (poll === maxPolls) {
          return { Status: 'FAILED', Reason: 'Operation timed out', PhysicalResourceId: event.PhysicalResourceId, polls: poll };
        }
        const r = await isComplete({ ...event });
        if (r.IsComplete) {
          event = { ...event, ...r, Data: { ...event.Data, ...r.Data } };
          break;
        }
        if (r.Data && Object.keys(r.Data).length) {
          throw new Error('"Data" is not allowed if "IsComplete" is "False"');
        }
      }
      return { Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId, Data: event.Data };
    } catch (e) {
      const PhysicalResourceId = event.PhysicalResourceId || (request.RequestType === 'Create' ? CREATE_FAILED_MARKER : undefined);
      return { Status: 'FAILED', Reason: e.message, PhysicalResourceId, error: e };
    }
  };
}

// The requests CloudFormation sends one logical resource
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes.html): Create,
// Update (with OldResourceProperties; a rollback is an Update back to the old properties), Delete
// (with the properties of the physical resource it deletes).
let requests = 0;
function cfnRequests(send, { LogicalResourceId = 'Resource', ResourceType = 'Custom::Test' } = {}) {
  const base = (RequestType) => ({
    RequestType, RequestId: `request-${++requests}`, LogicalResourceId, ResourceType,
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Stack/0f0e0d0c-0b0a-0908-0706-050403020100',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/...',
  });
  const props = (p) => ({ ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework', ...p });
  return {
    create: (p) => send({ ...base('Create'), ResourceProperties: props(p) }),
    update: (PhysicalResourceId, p, old) => send({ ...base('Update'), PhysicalResourceId,
      ResourceProperties: props(p), OldResourceProperties: props(old) }),
    delete: (PhysicalResourceId, p) => send({ ...base('Delete'), PhysicalResourceId, ResourceProperties: props(p) }),
  };
}

// The body CloudFormation receives (cfn-response.ts submitResponse), whose size it limits to 4096 bytes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html)
function responseBody(request, response) {
  return JSON.stringify({
    Status: response.Status, Reason: response.Reason || response.Status, StackId: request.StackId,
    RequestId: request.RequestId, PhysicalResourceId: response.PhysicalResourceId,
    LogicalResourceId: request.LogicalResourceId, Data: response.Data,
  });
}

module.exports = {
  HANDLERS_DIR, handlerPath, commands, fakeClient, sdkError,
  CREATE_FAILED_MARKER, providerFramework, cfnRequests, responseBody,
};
