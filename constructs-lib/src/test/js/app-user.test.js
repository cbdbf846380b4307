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

const PID = 'app-user:arn:cluster:arn:app';
const SCRAM = /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/;

test('create: reads the app secret, runs the statements as master through the Data API', async () => {
  const rds = fakeClient();
  const secrets = secretsWith({ username: 'django', password: 'pw' });
  const out = await mod.makeHandler({ rds, secrets, commands: cmds })({ RequestType: 'Create', ResourceProperties: props });
  assert.deepEqual(secrets.calls, [{ name: 'GetSecretValueCommand', input: { SecretId: 'arn:app' } }]);
  assert.equal(rds.calls.length, 4);
  for (const c of rds.calls) {
    assert.equal(c.name, 'ExecuteStatementCommand');
    assert.equal(c.input.resourceArn, 'arn:cluster');
    assert.equal(c.input.secretArn, 'arn:master');
    assert.equal(c.input.database, 'django');
  }
  const create = /^DO \$app_user\$ BEGIN IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'django'\) THEN CREATE ROLE "django" NOLOGIN PASSWORD '([^']*)'; END IF; END \$app_user\$$/
    .exec(rds.calls[0].input.sql);
  assert.ok(create, rds.calls[0].input.sql);
  assert.match(create[1], SCRAM);
  assert.equal(rds.calls[1].input.sql, 'GRANT ALL PRIVILEGES ON DATABASE "django" TO "django"');
  assert.equal(rds.calls[2].input.sql, 'GRANT ALL ON SCHEMA public TO "django"');
  assert.equal(rds.calls[3].input.sql,
    `DO $app_user$ BEGIN COMMENT ON ROLE "django" IS '${PID}'; ALTER ROLE "django" LOGIN; END $app_user$`);
  assert.equal(out.PhysicalResourceId, PID);
  assert.deepEqual(out.Data, { Username: 'django' });
});

// PostgreSQL logs a failing statement whole (log_min_error_statement), and the cluster exports the
// postgresql log to CloudWatch (https://www.postgresql.org/docs/current/runtime-config-logging.html)
test('no statement holds the password; each create gets a fresh salt', async () => {
  const password = 'S3cr3t-p4ssw0rd-of-the-app';
  const sqls = [];
  for (let i = 0; i < 2; i++) {
    const rds = fakeClient();
    await mod.makeHandler({ rds, secrets: secretsWith({ username: 'django', password }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props });
    for (const c of rds.calls) assert.ok(!c.input.sql.includes(password), c.input.sql);
    sqls.push(rds.calls[0].input.sql);
  }
  assert.notEqual(sqls[0], sqls[1]);
});

test('quotes identifiers and literals', () => {
  const [create, , , claim] = mod.statements('a"b', "SCRAM'v", 'd', "app-user:x'y");
  assert.match(create, /rolname = 'a"b'/);
  assert.match(create, /CREATE ROLE "a""b" NOLOGIN PASSWORD 'SCRAM''v'/);
  assert.match(claim, /COMMENT ON ROLE "a""b" IS 'app-user:x''y'; ALTER ROLE "a""b" LOGIN;/);
  assert.match(mod.disableStatement("p'id", ["u'1"]), /= 'p''id' OR \(rolname IN \('u''1'\)/);
});

test('update runs the same idempotent statements', async () => {
  const rds = fakeClient();
  await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
    { RequestType: 'Update', PhysicalResourceId: 'old', ResourceProperties: props });
  assert.equal(rds.calls.length, 4);
});

// RFC 7677 section 3's exchange (user "user", password "pencil"): the server checks the client's
// proof and signs with StoredKey and ServerKey only, the verifier PostgreSQL stores
// (https://www.rfc-editor.org/rfc/rfc7677#section-3, https://www.postgresql.org/docs/current/catalog-pg-authid.html)
test('SCRAM-SHA-256 verifier: RFC 7677 test vector', () => {
  const crypto = require('node:crypto');
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const verifier = mod.scramVerifier('pencil', salt);
  // computed independently with Python's hashlib.pbkdf2_hmac and hmac
  assert.equal(verifier, 'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY='
    + ':wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=');
  const [storedKey, serverKey] = verifier.split('$')[2].split(':').map((b) => Buffer.from(b, 'base64'));
  const auth = 'n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,'
    + 'i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
  const hmac = (k, t) => crypto.createHmac('sha256', k).update(t).digest();
  // the server's signature (v=) of the RFC's server-final-message
  assert.equal(hmac(serverKey, auth).toString('base64'), '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  // the server's check of the RFC's client proof (p=): SHA-256(proof XOR HMAC(StoredKey, auth)) = StoredKey
  const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
  const signature = hmac(storedKey, auth);
  const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]));
  assert.deepEqual(crypto.createHash('sha256').update(clientKey).digest(), storedKey);
});

test('SCRAM-SHA-256 verifier: random 16-byte salt, 4096 iterations; non-ASCII passwords refused', () => {
  const [a, b] = [mod.scramVerifier('pw'), mod.scramVerifier('pw')];
  assert.match(a, SCRAM);
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a.split(':')[1].split('$')[0], 'base64').length, 16);
  assert.throws(() => mod.scramVerifier('pässword'), /non-ASCII/);
});

test('retries while Aurora resumes from 0 ACU, then succeeds', async () => {
  const rds = fakeClient((name, input, i) => {
    if (i < 2) throw sdkError('DatabaseResumingException', 'resuming');
    return {};
  });
  await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
    { RequestType: 'Create', ResourceProperties: props });
  assert.equal(rds.calls.length, 6);
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
];
for (const err of authErrors) {
  test(`authentication failure (${err.name}: ${err.message}) is retried, then succeeds`, async () => {
    const rds = fakeClient((name, input, i) => {
      if (i === 1 || i === 2) throw err; // second statement, twice
      return {};
    });
    const out = await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props });
    assert.equal(rds.calls.length, 6);
    const sqls = rds.calls.map((c) => c.input.sql);
    assert.deepEqual(sqls.slice(1), [1, 1, 1, 2, 3].map((k) => mod.statements('u', 'v', 'django', PID)[k]));
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

// the Data API's error names (https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html#API_ExecuteStatement_Errors):
// a bad request, denied access or a secret that is missing or not valid does not heal in minutes
test('errors unrelated to authentication or resuming fail at once', async () => {
  for (const err of [
    sdkError('BadRequestException', 'ERROR: permission denied for database django'),
    sdkError('DatabaseErrorException', 'ERROR: syntax error at or near "ROLE"'),
    sdkError('ForbiddenException', 'User is not authorized to perform rds-data:ExecuteStatement'),
    sdkError('AccessDeniedException', 'password authentication failed'), // not a Data API auth error
    sdkError('ForbiddenException', 'User: arn:aws:sts::111122223333:assumed-role/h is not authorized to perform: '
      + 'secretsmanager:GetSecretValue on resource: arn:master because no identity-based policy allows it'),
    sdkError('BadRequestException', 'Error retrieving secret arn:master: access denied'),
    sdkError('SecretsErrorException', "The secret provided wasn't found."),
    sdkError('SecretsErrorException', "The secret couldn't be decrypted."),
    sdkError('InvalidSecretException', "The Secrets Manager secret used with the request isn't valid."),
    sdkError('HttpEndpointNotEnabledException', "The HTTP endpoint for using RDS Data API isn't enabled for the DB cluster."),
    sdkError('DatabaseErrorException', 'ERROR: must have CREATEROLE privilege (secret rotation)'),
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

test('transient errors are retried: resuming, no instance yet, unavailable, timeouts, secret retrieval timing out', async () => {
  for (const err of [
    sdkError('DatabaseResumingException', 'resuming'),
    sdkError('DatabaseNotFoundException', "The DB cluster doesn't have a DB instance."),
    sdkError('DatabaseUnavailableException', "The writer instance in the DB cluster isn't available."),
    sdkError('StatementTimeoutException', 'timeout'),
    sdkError('ServiceUnavailableError', 'unavailable'),
    sdkError('InternalServerErrorException', 'internal'),
    sdkError('SecretsErrorException', 'RDS Data API timed out retrieving the secret.'),
    sdkError('BadRequestException', 'Communications link failure'),
  ]) {
    slept = [];
    const rds = fakeClient((name, input, i) => { if (i === 0) throw err; return {}; });
    await mod.makeHandler({ rds, secrets: secretsWith({ username: 'u', password: 'p' }), commands: cmds })(
      { RequestType: 'Create', ResourceProperties: props });
    assert.deepEqual(slept, [3000], err.message);
  }
});

test('Secrets Manager errors reading the app secret fail at once', async () => {
  const err = sdkError('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue');
  const rds = fakeClient();
  const secrets = fakeClient(() => { throw err; });
  await assert.rejects(mod.makeHandler({ rds, secrets, commands: cmds })({ RequestType: 'Create', ResourceProperties: props }),
    (e) => e === err);
  assert.equal(rds.calls.length, 0);
  assert.deepEqual(slept, []);
});

// ---- Delete: the roles of this resource can no longer log in ----

test.describe('delete', () => {
  const del = (o = {}) => ({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props, ...o });
  const run = (rds, secrets = secretsWith({ username: 'django', password: 'p' })) =>
    (e) => mod.makeHandler({ rds, secrets, commands: cmds })(e);

  test('disables the roles marked with the physical id, the unmarked app user (0.1.0) and their clones', async () => {
    const rds = fakeClient();
    const out = await run(rds)(del());
    assert.deepEqual(out, { PhysicalResourceId: PID });
    assert.equal(rds.calls.length, 1);
    const { sql, ...target } = rds.calls[0].input;
    assert.deepEqual(target, { resourceArn: 'arn:cluster', secretArn: 'arn:master', database: 'django' });
    assert.equal(sql, mod.disableStatement(PID, ['django']));
    assert.match(sql, /shobj_description\(oid, 'pg_authid'\) = 'app-user:arn:cluster:arn:app' OR \(rolname IN \('django'\) AND shobj_description\(oid, 'pg_authid'\) IS NULL\)/);
    assert.match(sql, /ALTER ROLE %I NOLOGIN', r\.rolname \|\| '_clone'/);
  });

  test('after a rotation the secret names the clone: the user it was cloned from is a candidate too', async () => {
    const rds = fakeClient();
    await run(rds, secretsWith({ username: 'django_clone', password: 'p' }))(del());
    assert.equal(rds.calls[0].input.sql, mod.disableStatement(PID, ['django_clone', 'django']));
  });

  test('a secret already gone: only the marked roles', async () => {
    for (const err of [sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
      sdkError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.")]) {
      const rds = fakeClient();
      await run(rds, fakeClient(() => { throw err; }))(del());
      assert.equal(rds.calls[0].input.sql, mod.disableStatement(PID, []));
    }
  });

  test('other Secrets Manager errors fail the delete', async () => {
    const err = sdkError('AccessDeniedException', 'no');
    await assert.rejects(run(fakeClient(), fakeClient(() => { throw err; }))(del()), (e) => e === err);
  });

  // the Provider framework answers a failed Create with a marker id and the following Delete itself;
  // any other id that is not this resource's is no user of ours
  test("a physical id not this resource's (a failed create, other properties) calls nothing", async () => {
    for (const PhysicalResourceId of ['AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', 'request-id', undefined,
      'app-user:arn:other-cluster:arn:app']) {
      const rds = fakeClient();
      const secrets = fakeClient();
      assert.deepEqual(await run(rds, secrets)(del({ PhysicalResourceId })), { PhysicalResourceId });
      assert.equal(rds.calls.length + secrets.calls.length, 0, String(PhysicalResourceId));
    }
  });

  test('a cluster already gone is success', async () => {
    for (const err of [
      sdkError('NotFoundException', "The resourceArn, secretArn, or transactionId value can't be found."),
      sdkError('HttpEndpointNotEnabledException', "The HTTP endpoint for using RDS Data API isn't enabled for the DB cluster."),
      sdkError('DatabaseNotFoundException', "The DB cluster doesn't have a DB instance."),
      sdkError('BadRequestException', 'Database cluster arn:cluster not found'),
      sdkError('BadRequestException', 'HttpEndpoint is not enabled for resource arn:cluster'),
    ]) {
      slept = [];
      const rds = fakeClient(() => { throw err; });
      assert.deepEqual(await run(rds)(del()), { PhysicalResourceId: PID }, err.message);
      assert.equal(rds.calls.length, 1, err.message); // no retries
      assert.deepEqual(slept, []);
    }
  });

  test('transient errors are retried, others fail the delete', async () => {
    const rds = fakeClient((name, input, i) => { if (i < 2) throw sdkError('DatabaseResumingException', 'resuming'); return {}; });
    await run(rds)(del());
    assert.equal(rds.calls.length, 3);
    const err = sdkError('ForbiddenException', 'User is not authorized to perform rds-data:ExecuteStatement');
    await assert.rejects(run(fakeClient(() => { throw err; }))(del()), (e) => e === err);
  });
});
