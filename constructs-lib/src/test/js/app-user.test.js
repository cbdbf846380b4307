'use strict';
// The handler that creates the application's database user for alternating-users rotation.
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const mod = require(handlerPath('app-user-on-event.js'));
// no real waiting: record the delays instead (the production schedule stays in force)
let slept = [];
mod.sleep = async (ms) => { slept.push(ms); };
test.beforeEach(() => { slept = []; });
const cmds = commands('ExecuteStatementCommand', 'GetSecretValueCommand');
const props = { ClusterArn: 'arn:cluster', MasterSecretArn: 'arn:master', AppSecretArn: 'arn:app', DatabaseName: 'django' };
const secretsWith = (value) => fakeClient(() => ({ SecretString: JSON.stringify(value) }));

test('create: reads the app secret, runs the statements as master through the Data API', async () => {
  const rds = fakeClient();
  const secrets = secretsWith({ username: 'django', password: 'pw' });
  const out = await mod.makeHandler({ rds, secrets, commands: cmds })({ RequestType: 'Create', ResourceProperties: props });
  assert.deepEqual(secrets.calls, [{ name: 'GetSecretValueCommand', input: { SecretId: 'arn:app' } }]);
  assert.equal(rds.calls.length, 3);
  for (const c of rds.calls) {
    assert.equal(c.name, 'ExecuteStatementCommand');
    assert.equal(c.input.resourceArn, 'arn:cluster');
    assert.equal(c.input.secretArn, 'arn:master');
    assert.equal(c.input.database, 'django');
  }
  assert.match(rds.calls[0].input.sql, /IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'django'\) THEN CREATE ROLE "django" LOGIN PASSWORD 'pw'/);
  assert.equal(rds.calls[1].input.sql, 'GRANT ALL PRIVILEGES ON DATABASE "django" TO "django"');
  assert.equal(rds.calls[2].input.sql, 'GRANT ALL ON SCHEMA public TO "django"');
  assert.equal(out.PhysicalResourceId, 'app-user:arn:cluster:arn:app');
  assert.deepEqual(out.Data, { Username: 'django' });
});

test('quotes identifiers and literals', () => {
  const [create] = mod.statements('a"b', "p'w", 'd');
  assert.match(create, /rolname = 'a"b'/);
  assert.match(create, /CREATE ROLE "a""b" LOGIN PASSWORD 'p''w'/);
});

test('update runs the same idempotent statements', async () => {
  const rds = fakeClient();
  await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
    { RequestType: 'Update', PhysicalResourceId: 'old', ResourceProperties: props });
  assert.equal(rds.calls.length, 3);
});

test('delete keeps the role and calls nothing', async () => {
  const rds = fakeClient();
  const secrets = fakeClient();
  const out = await mod.makeHandler({ rds, secrets, commands: cmds })(
    { RequestType: 'Delete', PhysicalResourceId: 'keep-me', ResourceProperties: props });
  assert.deepEqual(out, { PhysicalResourceId: 'keep-me' });
  assert.equal(rds.calls.length + secrets.calls.length, 0);
});

test('retries while Aurora resumes from 0 ACU, then succeeds', async () => {
  const rds = fakeClient((name, input, i) => {
    if (i < 2) throw sdkError('DatabaseResumingException', 'resuming');
    return {};
  });
  await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
    { RequestType: 'Create', ResourceProperties: props });
  assert.equal(rds.calls.length, 5);
});

test('other errors fail at once', async () => {
  const rds = fakeClient(() => { throw sdkError('BadRequestException', 'syntax error'); });
  await assert.rejects(
    mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props }),
    /syntax error/);
  assert.equal(rds.calls.length, 1);
});

test('retries ExecuteStatement while the Aurora resume backs off exponentially', async () => {
  const rds = fakeClient((name, input, i) => {
    if (i < 4) throw sdkError('DatabaseResumingException', 'resuming');
    return {};
  });
  await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
    { RequestType: 'Create', ResourceProperties: props });
  assert.deepEqual(slept, [3000, 6000, 12000, 24000]);
});

// the master secret's first rotation runs right after deploy: between setSecret and finishSecret
// AWSCURRENT holds a password the database no longer accepts
const authErrors = [
  sdkError('BadRequestException', 'FATAL: password authentication failed for user "postgres"'),
  sdkError('DatabaseErrorException', 'Database error code: 0. Message: FATAL: password authentication failed for user "postgres"'),
  sdkError('ForbiddenException', 'The secret arn:master could not be used to authenticate'),
  sdkError('BadRequestException', 'Error retrieving secret arn:master'),
];
for (const err of authErrors) {
  test(`authentication failure (${err.name}: ${err.message}) is retried, then succeeds`, async () => {
    const rds = fakeClient((name, input, i) => {
      if (i === 1 || i === 2) throw err; // second statement, twice
      return {};
    });
    const out = await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props });
    assert.equal(rds.calls.length, 5);
    assert.deepEqual(rds.calls.map((c) => c.input.sql), [0, 1, 1, 1, 2].map((k) => mod.statements('u', 'p', 'django')[k]));
    assert.deepEqual(slept, [3000, 6000]);
    assert.deepEqual(out.Data, { Username: 'u' });
  });
}

test('persistent authentication failure fails after a bounded wait (under 8 minutes)', async () => {
  const err = authErrors[0];
  const rds = fakeClient(() => { throw err; });
  await assert.rejects(
    mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props }),
    (e) => e === err);
  assert.deepEqual(slept, [3000, 6000, 12000, 24000, 48000, 60000, 60000, 60000, 60000, 60000]);
  assert.equal(rds.calls.length, slept.length + 1);
  assert.ok(slept.reduce((a, b) => a + b, 0) <= 7 * 60000);
});

test('the retry budget is shared by all statements of one invocation', async () => {
  // every statement needs four retries (45 s): two statements fit in 95 s, the third gets 3 s more
  const orig = mod.retryBudgetMs;
  mod.retryBudgetMs = 95000;
  try {
    let failures = 0;
    const rds = fakeClient(() => {
      if (failures++ % 5 < 4) throw sdkError('DatabaseResumingException', 'resuming');
      return {};
    });
    await assert.rejects(mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props }), { name: 'DatabaseResumingException' });
    assert.deepEqual(slept, [3000, 6000, 12000, 24000, 3000, 6000, 12000, 24000, 3000]);
  } finally {
    mod.retryBudgetMs = orig;
  }
});

test('stops retrying before the Lambda runs out of time', async () => {
  const err = authErrors[0];
  const rds = fakeClient(() => { throw err; });
  const context = { getRemainingTimeInMillis: () => 60000 }; // 30 s margin left: only delays up to 30 s
  await assert.rejects(
    mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props }, context),
    (e) => e === err);
  assert.deepEqual(slept, [3000, 6000, 12000, 24000]);
});

test('errors unrelated to authentication or resuming fail at once', async () => {
  for (const err of [
    sdkError('BadRequestException', 'ERROR: permission denied for database django'),
    sdkError('DatabaseErrorException', 'ERROR: syntax error at or near "ROLE"'),
    sdkError('ForbiddenException', 'User is not authorized to perform rds-data:ExecuteStatement'),
    sdkError('AccessDeniedException', 'password authentication failed'), // not a Data API auth error
  ]) {
    slept = [];
    const rds = fakeClient(() => { throw err; });
    await assert.rejects(
      mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
        { RequestType: 'Create', ResourceProperties: props }),
      (e) => e === err);
    assert.equal(rds.calls.length, 1, err.message);
    assert.deepEqual(slept, []);
  }
});
