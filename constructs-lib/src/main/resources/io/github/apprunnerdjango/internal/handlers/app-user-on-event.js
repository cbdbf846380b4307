'use strict';
// onEvent handler that creates the application's database user for alternating-users rotation.
// Props: ClusterArn, MasterSecretArn, AppSecretArn, DatabaseName.
// Runs SQL through the RDS Data API as the master user; the password never leaves Secrets Manager
// and AWS. Create/Update create the role when missing (never reset its password: the rotation owns
// it afterwards) and grant it the database and schema public. Delete keeps the role (data stays).
const ident = (s) => '"' + String(s).replace(/"/g, '""') + '"';
const literal = (s) => "'" + String(s).replace(/'/g, "''") + "'";

exports.statements = (user, password, database) => [
  'DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ' + literal(user) + ') THEN ' +
    'CREATE ROLE ' + ident(user) + ' LOGIN PASSWORD ' + literal(password) + '; END IF; END $$',
  'GRANT ALL PRIVILEGES ON DATABASE ' + ident(database) + ' TO ' + ident(user),
  'GRANT ALL ON SCHEMA public TO ' + ident(user),
];

// Retried errors: Aurora Serverless v2 at 0 ACU resuming (seconds); and authentication failures
// while the master secret's first rotation, started right after deploy, sits between setSecret
// and finishSecret (AWSCURRENT briefly holds the old password).
const RESUMING = /DatabaseResuming|DatabaseNotFound|Communications|StatementTimeout/i;
const AUTH = /authentication failed|secret/i;
const AUTH_ERRORS = /BadRequest|Forbidden|DatabaseError/;
const retryable = (e) => {
  const name = (e && (e.name || e.code)) || '';
  const msg = (e && e.message) || '';
  if (RESUMING.test(name + ' ' + msg)) {
    return true;
  }
  return AUTH_ERRORS.test(name) && AUTH.test(msg);
};

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
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId || physicalId };
  }
  const out = await secrets.send(new commands.GetSecretValueCommand({ SecretId: p.AppSecretArn }));
  const app = JSON.parse(out.SecretString);
  let waited = 0; // one budget for the whole invocation, all statements together
  for (const sql of exports.statements(app.username, app.password, p.DatabaseName)) {
    for (let attempt = 1; ; attempt++) {
      try {
        await rds.send(new commands.ExecuteStatementCommand({
          resourceArn: p.ClusterArn, secretArn: p.MasterSecretArn, database: p.DatabaseName, sql,
        }));
        break;
      } catch (e) {
        // exponential backoff with a cap; give up past the budget or when the Lambda would time out
        const delay = Math.min(exports.retryDelayMs * 2 ** (attempt - 1), exports.maxRetryDelayMs);
        if (!retryable(e) || waited + delay > exports.retryBudgetMs || delay > timeLeft(context)) {
          throw e;
        }
        waited += delay;
        await exports.sleep(delay);
      }
    }
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
