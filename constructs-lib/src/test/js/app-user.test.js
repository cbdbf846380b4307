'use strict';
// The handler that creates the application's database user for alternating-users rotation.
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const mod = require(handlerPath('app-user-on-event.js'));
mod.retryDelayMs = 1;
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
