'use strict';
// The application user handler against a real PostgreSQL (the Data API replaced by psql as a master
// user with CREATEROLE but not superuser, as Aurora's): the SCRAM-SHA-256 verifier it sends lets the
// plaintext password log in over scram-sha-256 authentication, and the request sequences
// CloudFormation runs leave no role of a deleted resource able to log in
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html,
// https://www.postgresql.org/docs/current/auth-password.html).
// Needs PostgreSQL's server binaries (PG_BIN, default /usr/lib/postgresql/15/bin); skipped without.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { handlerPath, sdkError, providerFramework, cfnRequests, CREATE_FAILED_MARKER } = require('./fakes');

const mod = require(handlerPath('app-user-on-event.js'));
const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const missing = ['initdb', 'pg_ctl', 'postgres', 'psql'].filter((b) => !fs.existsSync(path.join(PG_BIN, b)));
const root = process.getuid && process.getuid() === 0;
const skip = missing.length ? `no ${missing.join(', ')} in ${PG_BIN}` : false;

const pg = {};
const psql = (user, database, sql, { password, tcp } = {}) => spawnSync(path.join(PG_BIN, 'psql'),
  ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', tcp ? '127.0.0.1' : pg.dir, '-p', String(pg.port), '-U', user,
    '-d', database, '-c', sql],
  { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password || '', PGCONNECT_TIMEOUT: '5' } });
const superuser = (sql) => {
  const r = psql('postgres', 'postgres', sql);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
// a login over TCP, where initdb set scram-sha-256 authentication
const canLogIn = (user, password) => psql(user, 'django', 'SELECT 1', { password, tcp: true }).status === 0;

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// the RDS Data API: the statement runs as the user of the secret, on the cluster of resourceArn
const MASTERS = { 'arn:master': 'master', 'arn:weak-master': 'weak' };
const dataApi = () => {
  const rds = {
    sqls: [],
    async send(cmd) {
      const { resourceArn, secretArn, database, sql } = cmd.input;
      if (resourceArn !== 'arn:cluster') {
        throw sdkError('BadRequestException', `Database cluster ${resourceArn} not found`);
      }
      rds.sqls.push(sql);
      if (rds.failOn && rds.failOn.test(sql)) {
        throw sdkError('ForbiddenException', 'User is not authorized to perform rds-data:ExecuteStatement');
      }
      const r = psql(MASTERS[secretArn], database, sql);
      if (r.status !== 0) {
        throw sdkError('DatabaseErrorException', `Database error code: 0. Message: ${r.stderr.trim()}`);
      }
      return { numberOfRecordsUpdated: 0 };
    },
  };
  return rds;
};

test.describe('app-user-on-event on PostgreSQL', { skip }, () => {
  const secrets = new Map();
  let rds;
  let cfn;
  const secret = (arn, username, password) => secrets.set(arn, { username, password });
  const props = (o = {}) => ({ ClusterArn: 'arn:cluster', MasterSecretArn: 'arn:master', DatabaseName: 'django', ...o });

  test.before(async () => {
    pg.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-user-pg-'));
    pg.port = await freePort();
    const as = root ? ['runuser', '-u', 'postgres', '--'] : [];
    if (root) {
      const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
      fs.chownSync(pg.dir, id('-u'), id('-g'));
    }
    const run = (args) => {
      const r = spawnSync(as[0] || args[0], [...as.slice(1), ...(as.length ? args : args.slice(1))], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    };
    run([path.join(PG_BIN, 'initdb'), '-D', `${pg.dir}/data`, '-U', 'postgres', '--auth-local=trust',
      '--auth-host=scram-sha-256', '--no-sync']);
    pg.log = `${pg.dir}/postgres.log`;
    run([path.join(PG_BIN, 'pg_ctl'), '-D', `${pg.dir}/data`, '-l', pg.log, '-w', '-t', '30', '-o',
      `-p ${pg.port} -k ${pg.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    pg.stop = () => run([path.join(PG_BIN, 'pg_ctl'), '-D', `${pg.dir}/data`, '-m', 'fast', '-w', 'stop']);
    // Aurora's master user: CREATEROLE and CREATEDB, not a superuser; it owns the app's database
    superuser("CREATE ROLE master LOGIN CREATEROLE CREATEDB PASSWORD 'master-pw'");
    superuser("CREATE ROLE weak LOGIN PASSWORD 'weak-pw'");
    superuser('CREATE DATABASE django OWNER master');
  });

  test.after(() => {
    if (pg.stop) pg.stop();
    fs.rmSync(pg.dir, { recursive: true, force: true });
  });

  test.beforeEach((t) => {
    t.mock.method(console, 'log', () => {});
    rds = dataApi();
    const sm = { send: async (cmd) => {
      const s = secrets.get(cmd.input.SecretId);
      if (!s) throw sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return { SecretString: JSON.stringify(s) };
    } };
    const deps = { rds, secrets: sm, commands: { ExecuteStatementCommand: class ExecuteStatementCommand {
      constructor(input) { this.input = input; }
    }, GetSecretValueCommand: class GetSecretValueCommand { constructor(input) { this.input = input; } } } };
    cfn = cfnRequests(providerFramework({ onEvent: mod.makeHandler(deps) }), { ResourceType: 'Custom::DatabaseApplicationUser' });
  });

  test('the role gets a SCRAM-SHA-256 verifier: the plaintext password logs in, no statement holds it', async () => {
    secret('arn:app1', 'user1', 'Pa55-w0rd-one');
    const created = await cfn.create(props({ AppSecretArn: 'arn:app1' }));
    assert.equal(created.Status, 'SUCCESS', created.Reason);
    assert.equal(canLogIn('user1', 'Pa55-w0rd-one'), true);
    assert.equal(canLogIn('user1', 'wrong'), false);
    const stored = superuser("SELECT rolpassword FROM pg_authid WHERE rolname = 'user1'");
    assert.match(stored, /^SCRAM-SHA-256\$4096:/);
    assert.ok(rds.sqls[0].includes(stored), 'the verifier sent is the one stored');
    assert.ok(rds.sqls.every((s) => !s.includes('Pa55-w0rd-one')));
  });

  // log_min_error_statement (default error) logs the statement of every failing query
  // (https://www.postgresql.org/docs/current/runtime-config-logging.html)
  test('a failing create logs the verifier, never the password', async () => {
    secret('arn:app2', 'user2', 'Pa55-w0rd-two');
    const created = await cfn.create(props({ AppSecretArn: 'arn:app2', MasterSecretArn: 'arn:weak-master' }));
    assert.equal(created.Status, 'FAILED');
    assert.match(created.Reason, /permission denied to create role/);
    const log = fs.readFileSync(pg.log, 'utf8');
    assert.match(log, /STATEMENT:.*CREATE ROLE "user2"/);
    assert.ok(!log.includes('Pa55-w0rd-two'), 'password in the PostgreSQL log');
  });

  test('create, then a later resource fails: the delete leaves the role unable to log in', async () => {
    secret('arn:app3', 'user3', 'pw3');
    const created = await cfn.create(props({ AppSecretArn: 'arn:app3' }));
    assert.equal(canLogIn('user3', 'pw3'), true);
    const deleted = await cfn.delete(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app3' }));
    assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
    assert.equal(canLogIn('user3', 'pw3'), false);
    // a new create (the stack deployed again) lets it log in again
    assert.equal((await cfn.create(props({ AppSecretArn: 'arn:app3' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user3', 'pw3'), true);
  });

  test('a create that failed after CREATE ROLE leaves a role that cannot log in; the framework answers the delete', async () => {
    secret('arn:app4', 'user4', 'pw4');
    rds.failOn = /^GRANT ALL ON SCHEMA/; // the third statement fails
    const created = await cfn.create(props({ AppSecretArn: 'arn:app4' }));
    assert.equal(created.Status, 'FAILED');
    assert.match(created.Reason, /not authorized/);
    assert.equal(created.PhysicalResourceId, CREATE_FAILED_MARKER);
    assert.equal(superuser("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'user4'"), 'f');
    const sent = rds.sqls.length;
    assert.equal((await cfn.delete(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app4' }))).Status, 'SUCCESS');
    assert.equal(rds.sqls.length, sent);
  });

  test('a replacement with the same user name (new secret): neither the rollback nor the cleanup locks it out', async () => {
    secret('arn:app5', 'user5', 'pw5');
    secret('arn:app5b', 'user5', 'pw5b');
    const created = await cfn.create(props({ AppSecretArn: 'arn:app5' }));
    const updated = await cfn.update(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app5b' }), props({ AppSecretArn: 'arn:app5' }));
    assert.equal(updated.Status, 'SUCCESS', updated.Reason);
    assert.notEqual(updated.PhysicalResourceId, created.PhysicalResourceId);
    // a later resource fails: rollback to the old properties, then the new physical resource goes
    const rollback = await cfn.update(updated.PhysicalResourceId, props({ AppSecretArn: 'arn:app5' }), props({ AppSecretArn: 'arn:app5b' }));
    assert.equal(rollback.PhysicalResourceId, created.PhysicalResourceId);
    assert.equal((await cfn.delete(updated.PhysicalResourceId, props({ AppSecretArn: 'arn:app5b' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user5', 'pw5'), true);
    // the update again, this time going through: the old physical resource goes
    const again = await cfn.update(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app5b' }), props({ AppSecretArn: 'arn:app5' }));
    assert.equal((await cfn.delete(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app5' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user5', 'pw5'), true, 'the role the new resource holds still logs in');
    assert.equal((await cfn.delete(again.PhysicalResourceId, props({ AppSecretArn: 'arn:app5b' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user5', 'pw5'), false);
  });

  // alternating users: the rotation creates <user>_clone as a member of <user> and switches the secret
  // to it (https://docs.aws.amazon.com/secretsmanager/latest/userguide/tutorials_rotation-alternating.html)
  test("delete after a rotation: the user and its clone can no longer log in", async () => {
    secret('arn:app6', 'user6', 'pw6');
    const created = await cfn.create(props({ AppSecretArn: 'arn:app6' }));
    superuser("CREATE ROLE user6_clone LOGIN PASSWORD 'clone-pw' IN ROLE user6");
    secret('arn:app6', 'user6_clone', 'clone-pw');
    assert.equal(canLogIn('user6_clone', 'clone-pw'), true);
    assert.equal((await cfn.delete(created.PhysicalResourceId, props({ AppSecretArn: 'arn:app6' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user6_clone', 'clone-pw'), false);
    assert.equal(canLogIn('user6', 'pw6'), false);
  });

  test('delete of a user created by 0.1.0 (plaintext password, no mark): it can no longer log in', async () => {
    superuser("CREATE ROLE user7 LOGIN PASSWORD 'pw7'");
    superuser("CREATE ROLE user8 LOGIN PASSWORD 'pw8'");
    superuser("COMMENT ON ROLE user8 IS 'app-user:arn:cluster:arn:another'");
    secret('arn:app7', 'user7', 'pw7');
    secret('arn:app8', 'user8', 'pw8');
    assert.equal((await cfn.delete('app-user:arn:cluster:arn:app7', props({ AppSecretArn: 'arn:app7' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user7', 'pw7'), false);
    // one another resource has marked since is left alone
    assert.equal((await cfn.delete('app-user:arn:cluster:arn:app8', props({ AppSecretArn: 'arn:app8' }))).Status, 'SUCCESS');
    assert.equal(canLogIn('user8', 'pw8'), true);
  });

  test('delete when the cluster is already gone succeeds', async () => {
    secret('arn:app9', 'user9', 'pw9');
    const deleted = await cfn.delete('app-user:arn:gone-cluster:arn:app9', props({ ClusterArn: 'arn:gone-cluster', AppSecretArn: 'arn:app9' }));
    assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
  });
});
