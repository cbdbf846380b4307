'use strict';
// onEvent handler that creates the application's database user for alternating-users rotation.
// Props: ClusterArn, MasterSecretArn, AppSecretArn, DatabaseName.
// Runs SQL through the RDS Data API as the master user; the password never leaves Secrets Manager
// and AWS. Create/Update create the role when missing (never reset its password: the rotation owns
// it afterwards) and grant it the database and schema public. Delete keeps the role (data stays).
const ident = (s) => '"' + String(s).replace(/"/g, '""') + '"';
const literal = (s) => "'" + String(s).replace(/'/g, "''") + "'";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.statements = (user, password, database) => [
  'DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ' + literal(user) + ') THEN ' +
    'CREATE ROLE ' + ident(user) + ' LOGIN PASSWORD ' + literal(password) + '; END IF; END $$',
  'GRANT ALL PRIVILEGES ON DATABASE ' + ident(database) + ' TO ' + ident(user),
  'GRANT ALL ON SCHEMA public TO ' + ident(user),
];

exports.makeHandler = (deps) => async (event) => {
  const { rds, secrets, commands } = typeof deps === 'function' ? deps() : deps;
  const p = event.ResourceProperties || {};
  const physicalId = 'app-user:' + p.ClusterArn + ':' + p.AppSecretArn;
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId || physicalId };
  }
  const out = await secrets.send(new commands.GetSecretValueCommand({ SecretId: p.AppSecretArn }));
  const app = JSON.parse(out.SecretString);
  for (const sql of exports.statements(app.username, app.password, p.DatabaseName)) {
    // Aurora Serverless v2 at 0 ACU resumes in seconds: retry while it does
    for (let attempt = 1; ; attempt++) {
      try {
        await rds.send(new commands.ExecuteStatementCommand({
          resourceArn: p.ClusterArn, secretArn: p.MasterSecretArn, database: p.DatabaseName, sql,
        }));
        break;
      } catch (e) {
        const name = (e && (e.name || e.code)) || '';
        if (attempt >= 10 || !/DatabaseResuming|DatabaseNotFound|Communications|StatementTimeout/i.test(name + ' ' + e.message)) {
          throw e;
        }
        await sleep(exports.retryDelayMs * attempt);
      }
    }
  }
  return { PhysicalResourceId: physicalId, Data: { Username: app.username } };
};

exports.retryDelayMs = 3000;

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
