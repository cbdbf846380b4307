'use strict';
// onEvent handler of the application's database user for alternating-users rotation.
// Props: ClusterArn, MasterSecretArn, AppSecretArn, DatabaseName.
// Physical id: `app-user:${ClusterArn}:${AppSecretArn}`.
//
// Runs SQL through the RDS Data API as the master user. No statement holds the password: the role
// gets a SCRAM-SHA-256 verifier computed here, since PostgreSQL logs a failing statement whole and
// the cluster exports its log to CloudWatch.
//
// Create/Update: create the role when missing, unable to log in until its grants are done (never
// reset its password: the rotation owns it afterwards), grant it the database and schema public,
// then mark it as this resource's (its comment is the physical id) and let it log in.
// Delete: every role marked as this resource's, and its rotation clone (<name>_clone), can no
// longer log in (NOLOGIN: DROP ROLE fails on the tables it owns, and the data stays). A role another
// resource has marked since (a replacement with the same user name) is left alone; a role created
// before the marks (0.1.0) is the app secret's user, when unmarked. A cluster already gone is success.
const crypto = require('node:crypto');

const ident = (s) => '"' + String(s).replace(/"/g, '""') + '"';
const literal = (s) => "'" + String(s).replace(/'/g, "''") + "'";
// a dollar-quote tag no user name, ARN or verifier holds
const block = (body) => `DO $app_user$ ${body} $app_user$`;

// SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it (RFC 5802 section 3, RFC 7677;
// https://www.postgresql.org/docs/current/auth-password.html): a role created with it accepts the
// password, which PostgreSQL never sees. PostgreSQL applies SASLprep to the password first, which
// leaves an ASCII password unchanged; Secrets Manager generates ASCII ones.
exports.scramVerifier = (password, salt = crypto.randomBytes(16), iterations = 4096) => {
  if (!/^[\x00-\x7f]*$/.test(password)) {
    throw new Error('the application password holds non-ASCII characters, whose SASLprep form this handler'
      + ' does not compute: use an ASCII password');
  }
  const salted = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
  const storedKey = crypto.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  const b64 = (b) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
};

exports.statements = (user, verifier, database, owner) => [
  block('BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ' + literal(user) + ') THEN ' +
    'CREATE ROLE ' + ident(user) + ' NOLOGIN PASSWORD ' + literal(verifier) + '; END IF; END'),
  'GRANT ALL PRIVILEGES ON DATABASE ' + ident(database) + ' TO ' + ident(user),
  'GRANT ALL ON SCHEMA public TO ' + ident(user),
  block('BEGIN COMMENT ON ROLE ' + ident(user) + ' IS ' + literal(owner) + '; ALTER ROLE ' + ident(user) +
    ' LOGIN; END'),
];

// NOLOGIN for the roles marked `owner`, the unmarked ones among `legacy`, and their clones
exports.disableStatement = (owner, legacy = []) => {
  const mark = "shobj_description(oid, 'pg_authid')";
  const unmarked = legacy.length
    ? ` OR (rolname IN (${legacy.map(literal).join(', ')}) AND ${mark} IS NULL)` : '';
  return block('DECLARE r record; BEGIN ' +
    `FOR r IN SELECT rolname FROM pg_roles WHERE ${mark} = ${literal(owner)}${unmarked} LOOP ` +
    "EXECUTE format('ALTER ROLE %I NOLOGIN', r.rolname); " +
    "IF EXISTS (SELECT FROM pg_roles WHERE rolname = r.rolname || '_clone') THEN " +
    "EXECUTE format('ALTER ROLE %I NOLOGIN', r.rolname || '_clone'); END IF; " +
    'END LOOP; END');
};

// Errors worth another attempt (https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html):
// Aurora Serverless v2 at 0 ACU resuming, a writer not there yet or unavailable, timeouts and
// throttling; and authentication failures while the master secret's first rotation, started right
// after deploy, sits between setSecret and finishSecret (AWSCURRENT briefly holds the old password).
// Anything else (a bad request, access denied, a secret that is not found or not valid, an SQL
// error) fails at once instead of after minutes of retries.
const TRANSIENT = new Set(['DatabaseResumingException', 'DatabaseNotFoundException', 'DatabaseUnavailableException',
  'StatementTimeoutException', 'ServiceUnavailableError', 'InternalServerErrorException', 'ThrottlingException']);
const AUTH = /password authentication failed|could not be used to authenticate|communications link failure/i;
const retryable = (e) => {
  const name = (e && (e.name || e.code)) || '';
  const msg = (e && e.message) || '';
  if (TRANSIENT.has(name)) {
    return true;
  }
  if (name === 'SecretsErrorException') {
    return /timed out/i.test(msg); // not "not found" nor "couldn't be decrypted"
  }
  return ['BadRequestException', 'DatabaseErrorException', 'ForbiddenException'].includes(name) && AUTH.test(msg);
};

// the cluster (or its last instance) is gone: nothing left to log in to
const clusterGone = (e) => ['NotFoundException', 'HttpEndpointNotEnabledException', 'DatabaseNotFoundException']
  .includes(e?.name) || (e?.name === 'BadRequestException'
  && /(cluster|resource).*(not found|does not exist)|HttpEndpoint is not enabled/i.test(e.message));

// the secret is gone or on its way out (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html)
const secretGone = (e) => e?.name === 'ResourceNotFoundException'
  || (e?.name === 'InvalidRequestException' && /marked for deletion/i.test(e.message));

// the time left before Lambda stops the invocation, less 30 s to report the failure
const timeLeft = (context) => {
  if (!(context && context.getRemainingTimeInMillis)) {
    return Infinity;
  }
  return context.getRemainingTimeInMillis() - 30000;
};

exports.makeHandler = (deps) => async (event, context) => {
  const { rds, secrets, commands } = typeof deps === 'function' ? deps() : deps;
  const p = event.ResourceProperties || {};
  const physicalId = 'app-user:' + p.ClusterArn + ':' + p.AppSecretArn;
  let waited = 0; // one budget for the whole invocation, all statements together
  // final: errors that end the retries at once (on Delete, a cluster already gone)
  const run = async (sql, final = () => false) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await rds.send(new commands.ExecuteStatementCommand({
          resourceArn: p.ClusterArn, secretArn: p.MasterSecretArn, database: p.DatabaseName, sql,
        }));
      } catch (e) {
        // exponential backoff with a cap; give up past the budget or when the Lambda would time out
        const delay = Math.min(exports.retryDelayMs * 2 ** (attempt - 1), exports.maxRetryDelayMs);
        if (!retryable(e) || final(e) || waited + delay > exports.retryBudgetMs || delay > timeLeft(context)) {
          throw e;
        }
        waited += delay;
        await exports.sleep(delay);
      }
    }
  };
  const appSecret = async () => {
    const out = await secrets.send(new commands.GetSecretValueCommand({ SecretId: p.AppSecretArn }));
    return JSON.parse(out.SecretString);
  };

  if (event.RequestType === 'Delete') {
    // a physical id of another shape is no user of ours: a create that failed before returning one
    if (event.PhysicalResourceId !== physicalId || !p.ClusterArn) {
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    let legacy = [];
    try {
      const { username } = await appSecret();
      legacy = username ? [...new Set([username, username.replace(/_clone$/, '')])] : [];
    } catch (e) {
      if (!secretGone(e)) {
        throw e;
      }
      console.log(`no legacy user name: ${e.name}: ${e.message}`);
    }
    try {
      await run(exports.disableStatement(physicalId, legacy), clusterGone);
    } catch (e) {
      if (!clusterGone(e)) {
        throw e;
      }
      console.log(`cluster gone, nothing to disable: ${e.name}: ${e.message}`);
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  }

  const app = await appSecret();
  for (const sql of exports.statements(app.username, exports.scramVerifier(app.password), p.DatabaseName, physicalId)) {
    await run(sql);
  }
  return { PhysicalResourceId: physicalId, Data: { Username: app.username } };
};

// 3+6+12+24+48+60+60+... s: at most 7 minutes of waiting, inside the 10-minute function timeout
exports.retryDelayMs = 3000;
exports.maxRetryDelayMs = 60000;
exports.retryBudgetMs = 7 * 60000;
exports.sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.handler = exports.makeHandler(() => {
  const rdsData = require('@aws-sdk/client-rds-data');
  const sm = require('@aws-sdk/client-secrets-manager');
  return {
    rds: new rdsData.RDSDataClient({}),
    secrets: new sm.SecretsManagerClient({}),
    commands: {
      ExecuteStatementCommand: rdsData.ExecuteStatementCommand,
      GetSecretValueCommand: sm.GetSecretValueCommand,
    },
  };
});
