'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const onEvent = require(handlerPath('image-deploy-on-event.js'));
const isComplete = require(handlerPath('image-deploy-is-complete.js'));
const C = commands('StartBuildCommand', 'BatchGetBuildsCommand');

const props = { ServiceToken: 'arn:lambda', projectName: 'DockerImageDeployProjectABC' };

test.describe('image-deploy-on-event', () => {
  for (const RequestType of ['Create', 'Update']) {
    test(`${RequestType} starts the CodeBuild project and returns BuildId`, async () => {
      const client = fakeClient(() => ({ build: { id: 'proj:1234' } }));
      const h = onEvent.makeHandler({ client, commands: C });
      const res = await h({ RequestType, ResourceProperties: props, PhysicalResourceId: 'pid' });
      assert.deepEqual(res, { BuildId: 'proj:1234' });
      assert.deepEqual(client.calls, [
        { name: 'StartBuildCommand', input: { projectName: 'DockerImageDeployProjectABC' } },
      ]);
    });
  }

  test('Delete returns the onDelete marker without calling CodeBuild', async () => {
    const client = fakeClient();
    let factoryCalls = 0;
    const h = onEvent.makeHandler(() => { factoryCalls++; return { client, commands: C }; });
    const res = await h({ RequestType: 'Delete', ResourceProperties: props, PhysicalResourceId: 'pid' });
    assert.deepEqual(res, { BuildId: 'onDelete' });
    assert.equal(client.calls.length, 0);
    assert.equal(factoryCalls, 0);
  });

  test('throws when StartBuild returns no build id', async () => {
    for (const out of [{}, { build: {} }, { build: { id: '' } }]) {
      const h = onEvent.makeHandler({ client: fakeClient(() => out), commands: C });
      await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }),
        { message: 'BuildId does not exist after CodeBuild:StartBuild call' });
    }
  });

  test('propagates StartBuild errors', async () => {
    const h = onEvent.makeHandler({
      client: fakeClient(() => { throw sdkError('AccessDeniedException', 'no'); }), commands: C,
    });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }), { name: 'AccessDeniedException' });
  });

  test('unknown RequestType resolves to undefined (as upstream)', async () => {
    const h = onEvent.makeHandler({ client: fakeClient(), commands: C });
    assert.equal(await h({ RequestType: 'Bogus', ResourceProperties: props }), undefined);
  });

  test('client factory is invoked lazily and only once', async () => {
    let n = 0;
    const client = fakeClient(() => ({ build: { id: 'b' } }));
    const h = onEvent.makeHandler(() => { n++; return { client, commands: C }; });
    assert.equal(n, 0);
    await h({ RequestType: 'Create', ResourceProperties: props });
    await h({ RequestType: 'Update', ResourceProperties: props });
    assert.equal(n, 1);
    assert.equal(client.calls.length, 2);
  });

  test('exported production handler handles Delete without loading the SDK', async () => {
    assert.deepEqual(await onEvent.handler({ RequestType: 'Delete', ResourceProperties: props }), { BuildId: 'onDelete' });
  });
});

test.describe('image-deploy-is-complete', () => {
  const run = async (builds, BuildId = 'proj:1') => {
    const client = fakeClient(() => builds);
    const h = isComplete.makeHandler({ client, commands: C });
    return { client, res: await h({ RequestType: 'Create', ResourceProperties: props, BuildId }) };
  };

  test('throws without BuildId', async () => {
    const h = isComplete.makeHandler({ client: fakeClient(), commands: C });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }),
      { message: 'BuildId was not found or undefined' });
  });

  test('onDelete marker completes immediately without calling CodeBuild', async () => {
    const client = fakeClient();
    const h = isComplete.makeHandler({ client, commands: C });
    assert.deepEqual(await h({ RequestType: 'Delete', BuildId: 'onDelete' }), { IsComplete: true });
    assert.equal(client.calls.length, 0);
    assert.deepEqual(await isComplete.handler({ RequestType: 'Delete', BuildId: 'onDelete' }), { IsComplete: true });
  });

  test('succeeded build completes with Status and JSON-quoted LogsUrl', async () => {
    const { client, res } = await run({
      builds: [{ currentPhase: 'COMPLETED', buildStatus: 'SUCCEEDED', logs: { deepLink: 'https://logs/x' } }],
    });
    assert.deepEqual(client.calls, [{ name: 'BatchGetBuildsCommand', input: { ids: ['proj:1'] } }]);
    assert.deepEqual(res, {
      IsComplete: true,
      Data: { Status: 'CodeBuild completed successfully', LogsUrl: '"https://logs/x"' },
    });
  });

  test('succeeded build without logs reports LogsUrl "undefined" (as upstream)', async () => {
    const { res } = await run({ builds: [{ currentPhase: 'COMPLETED', buildStatus: 'SUCCEEDED' }] });
    assert.equal(res.Data.LogsUrl, 'undefined');
  });

  test('failed build throws with the logs link', async () => {
    await assert.rejects(run({
      builds: [{ currentPhase: 'COMPLETED', buildStatus: 'FAILED', logs: { deepLink: 'https://logs/y' } }],
    }), { message: 'CodeBuild failed, check the logs here: https://logs/y' });
  });

  test('failed build without logs throws a generic error', async () => {
    await assert.rejects(run({ builds: [{ currentPhase: 'COMPLETED', buildStatus: 'FAILED', logs: {} }] }),
      { message: 'CodeBuild failed' });
  });

  test('in-progress or other statuses are not complete', async () => {
    for (const b of [
      { currentPhase: 'BUILD', buildStatus: 'IN_PROGRESS' },
      { currentPhase: 'QUEUED', buildStatus: 'IN_PROGRESS' },
      { currentPhase: 'COMPLETED', buildStatus: 'FAULT' },
      { currentPhase: 'COMPLETED', buildStatus: 'STOPPED' },
      { currentPhase: 'COMPLETED', buildStatus: 'TIMED_OUT' },
      { currentPhase: 'FINALIZING', buildStatus: 'FAILED' },
    ]) {
      const { res } = await run({ builds: [b] });
      assert.deepEqual(res, { IsComplete: false }, JSON.stringify(b));
    }
  });

  test('throws when the build does not exist', async () => {
    for (const out of [{}, { builds: [] }]) {
      await assert.rejects(run(out, 'proj:9'), { message: 'Build does not exist for BuildId: proj:9' });
    }
  });

  test('propagates BatchGetBuilds errors', async () => {
    const h = isComplete.makeHandler({
      client: fakeClient(() => { throw sdkError('ThrottlingException'); }), commands: C,
    });
    await assert.rejects(h({ BuildId: 'b' }), { name: 'ThrottlingException' });
  });
});
