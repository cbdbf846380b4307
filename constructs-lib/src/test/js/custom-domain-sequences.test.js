'use strict';
// The request sequences CloudFormation runs on the custom domain association, through CDK's Provider
// framework, against stateful fakes of App Runner and Route 53: a create rolled back because a later
// resource failed; an update rolled back to the old properties, then the cleanup of the new physical
// resource; a delete after a failed create; a delete of a domain whose service is gone
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes.html).
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, sdkError, providerFramework, cfnRequests, CREATE_FAILED_MARKER } = require('./fakes');

const onEvent = require(handlerPath('custom-domain-on-event.js'));
const isComplete = require(handlerPath('custom-domain-is-complete.js'));
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('AssociateCustomDomainCommand', 'DisassociateCustomDomainCommand', 'DescribeCustomDomainsCommand',
  'ChangeResourceRecordSetsCommand', 'ListResourceRecordSetsCommand');
const ARN = 'arn:aws:apprunner:eu-west-1:111122223333:service/web/abc';
const ARN2 = 'arn:aws:apprunner:eu-west-1:111122223333:service/web-2/def';
const DOMAIN = 'app.example.com';

// App Runner: services with custom domains. A new association lists its records at the first
// DescribeCustomDomains; a disassociated one is gone at the next. ACM's validation CNAME depends on
// the domain only, so two services with one domain share it. A domain sits on one service at a time:
// associating it with a second one is refused ("already associated") until the first has released it.
// `busy` services answer InvalidStateException
// (https://docs.aws.amazon.com/apprunner/latest/api/API_DisassociateCustomDomain.html).
function fakeAppRunner(arns) {
  const services = new Map(arns.map((a) => [a, { domains: new Map(), busy: 0 }]));
  const calls = [];
  const recordsOf = (name) => [
    { Name: `_a1.${name}.`, Value: '_x1.acm-validations.aws.', Type: 'CNAME', Status: 'PENDING_VALIDATION' },
    { Name: `_b2.2a57j78.${name}.`, Value: '_x2.acm-validations.aws.', Type: 'CNAME', Status: 'PENDING_VALIDATION' },
  ];
  const service = (arn) => {
    const s = services.get(arn);
    if (!s) throw sdkError('ResourceNotFoundException', `Service ${arn} not found`);
    return s;
  };
  const client = {
    async send(cmd) {
      const name = cmd.constructor.name;
      const input = cmd.input;
      calls.push({ name, input });
      const s = service(input.ServiceArn);
      const dns = `${input.ServiceArn.split('/')[2]}.eu-west-1.awsapprunner.com`;
      if (name === 'DescribeCustomDomainsCommand') {
        const CustomDomains = [...s.domains.values()].map((d) => ({ ...d }));
        for (const d of s.domains.values()) {
          if (d.Status === 'creating') Object.assign(d, { Status: 'pending_certificate_dns_validation', CertificateValidationRecords: recordsOf(d.DomainName) });
          else if (d.Status === 'deleting') s.domains.delete(d.DomainName);
        }
        return { DNSTarget: dns, ServiceArn: input.ServiceArn, CustomDomains };
      }
      if (s.busy > 0) {
        s.busy--;
        throw sdkError('InvalidStateException', 'You can\'t change the service while it is in OPERATION_IN_PROGRESS');
      }
      if (name === 'AssociateCustomDomainCommand') {
        if (fake.failNext) {
          fake.failNext = false;
          s.domains.set(input.DomainName, { DomainName: input.DomainName, EnableWWWSubdomain: false, Status: 'create_failed' });
          return { DNSTarget: dns, ServiceArn: input.ServiceArn, CustomDomain: { ...s.domains.get(input.DomainName) } };
        }
        const holder = [...services].find(([, x]) => x.domains.has(input.DomainName));
        if (holder) {
          throw sdkError('InvalidRequestException', `${input.DomainName} is already associated with ${holder[0]}`);
        }
        const d = { DomainName: input.DomainName, EnableWWWSubdomain: input.EnableWWWSubdomain ?? true, Status: 'creating' };
        s.domains.set(input.DomainName, d);
        return { DNSTarget: dns, ServiceArn: input.ServiceArn, CustomDomain: { ...d } };
      }
      if (name === 'DisassociateCustomDomainCommand') {
        const d = s.domains.get(input.DomainName);
        if (!d) throw sdkError('InvalidRequestException', `No custom domain ${input.DomainName} found for the provided service`);
        d.Status = 'deleting';
        return { DNSTarget: dns, ServiceArn: input.ServiceArn, CustomDomain: { ...d } };
      }
      throw new Error(`unexpected ${name}`);
    },
  };
  const associated = (arn) => (services.has(arn) ? [...services.get(arn).domains.keys()] : []);
  const fake = { client, calls, services, associated, recordsOf, failNext: false };
  return fake;
}

// Route 53: zones of record sets; DELETE needs the record with the same values and TTL
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html); the
// listing sorts names with their labels reversed and answers MaxItems at a time
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html). `failNext`
// fails the next change (Throttling).
function fakeRoute53(zoneIds) {
  const zones = new Map(zoneIds.map((z) => [z, new Map()]));
  const key = (r) => `${r.Name.toLowerCase()}|${r.Type}|${r.SetIdentifier || ''}`;
  // labels reversed, compared label by label, then the type
  const labels = (name) => name.toLowerCase().replace(/\.$/, '').split('.').reverse();
  const cmp = ([n1, t1], [n2, t2]) => {
    const [a, b] = [labels(n1), labels(n2)];
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length || (t1 || '').localeCompare(t2 || '');
  };
  const route53 = {
    calls: [],
    failNext: 0,
    async send(cmd) {
      const name = cmd.constructor.name;
      const input = cmd.input;
      route53.calls.push({ name, input });
      const zone = zones.get(input.HostedZoneId);
      if (!zone) throw sdkError('NoSuchHostedZone', `No hosted zone found with ID: ${input.HostedZoneId}`);
      if (name === 'ListResourceRecordSetsCommand') {
        const from = [input.StartRecordName, input.StartRecordType];
        const sorted = [...zone.values()].filter((r) => cmp([r.Name, r.Type], from) >= 0)
          .sort((r1, r2) => cmp([r1.Name, r1.Type], [r2.Name, r2.Type]));
        const max = input.MaxItems || 300;
        const next = sorted[max];
        return { ResourceRecordSets: sorted.slice(0, max), IsTruncated: !!next,
          ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}) };
      }
      if (route53.failNext > 0) {
        route53.failNext--;
        throw sdkError('Throttling', 'Rate exceeded');
      }
      for (const { Action, ResourceRecordSet: r } of input.ChangeBatch.Changes) {
        const had = zone.get(key(r));
        if (Action === 'DELETE') {
          if (!had) throw sdkError('InvalidChangeBatch', `[Tried to delete resource record set [name='${r.Name}', type='${r.Type}'] but it was not found]`);
          if (JSON.stringify(had) !== JSON.stringify(r)) throw sdkError('InvalidChangeBatch', 'values provided do not match the current values');
          zone.delete(key(r));
        } else {
          zone.set(key(r), r);
        }
      }
      return { ChangeInfo: { Id: 'c', Status: 'PENDING' } };
    },
  };
  // the stack's record of the domain (CfnRecordSet DomainRecord), which CloudFormation manages
  const putDomainRecord = (z, SetIdentifier) => zones.get(z).set(`${DOMAIN}.|CNAME|${SetIdentifier || ''}`,
    { Name: `${DOMAIN}.`, Type: 'CNAME', TTL: 300, SetIdentifier, ResourceRecords: [{ Value: 'x.awsapprunner.com' }] });
  const names = (z) => [...zones.get(z).values()].map((r) => r.Name).sort();
  return { route53, zones, names, putDomainRecord };
}

const world = ({ arns = [ARN], zones = ['Z1'] } = {}) => {
  const ar = fakeAppRunner(arns);
  const r53 = fakeRoute53(zones);
  const deps = { client: ar.client, route53: r53.route53, commands: C };
  const send = providerFramework({ onEvent: onEvent.makeHandler(deps), isComplete: isComplete.makeHandler(deps), maxPolls: 90 });
  return { ar, r53, cfn: cfnRequests(send, { ResourceType: 'Custom::AppRunnerCustomDomain' }) };
};
const props = (o = {}) => ({ ServiceArn: ARN, DomainName: DOMAIN, EnableWWWSubdomain: 'false', HostedZoneId: 'Z1', ...o });
const VALIDATION = [`_a1.${DOMAIN}.`, `_b2.2a57j78.${DOMAIN}.`];

test('create, then a later resource fails: the rollback deletes the association and its records', async () => {
  const { ar, r53, cfn } = world();
  const created = await cfn.create(props());
  assert.equal(created.Status, 'SUCCESS', created.Reason);
  assert.equal(created.PhysicalResourceId, `${ARN}|${DOMAIN}`);
  assert.deepEqual(r53.names('Z1'), VALIDATION);
  const deleted = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
  assert.deepEqual(ar.associated(ARN), []);
  assert.deepEqual(r53.names('Z1'), []);
});

test('a create whose isComplete failed: the Delete that follows cleans up what onEvent associated', async () => {
  const { ar, r53, cfn } = world();
  ar.failNext = true; // App Runner fails the association (create_failed): isComplete fails after onEvent associated
  const created = await cfn.create(props());
  assert.equal(created.Status, 'FAILED');
  assert.match(created.Reason, /status is create_failed/);
  assert.equal(created.PhysicalResourceId, `${ARN}|${DOMAIN}`);
  assert.deepEqual(ar.associated(ARN), [DOMAIN]);
  const deleted = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
  assert.deepEqual(ar.associated(ARN), []);
  assert.deepEqual(r53.names('Z1'), []);
});

test('a create whose records could not be written (zone gone): the Delete still goes through', async () => {
  const { ar, cfn } = world();
  const created = await cfn.create(props({ HostedZoneId: 'ZGONE' }));
  assert.equal(created.Status, 'FAILED');
  assert.match(created.Reason, /No hosted zone/);
  const deleted = await cfn.delete(created.PhysicalResourceId, props({ HostedZoneId: 'ZGONE' }));
  assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
  assert.deepEqual(ar.associated(ARN), []);
});

test('a create whose onEvent failed: the framework answers the Delete, no call is made', async () => {
  const { ar, cfn } = world({ arns: [] });
  const created = await cfn.create(props());
  assert.equal(created.Status, 'FAILED');
  assert.equal(created.PhysicalResourceId, CREATE_FAILED_MARKER);
  const calls = ar.calls.length;
  assert.equal((await cfn.delete(created.PhysicalResourceId, props())).Status, 'SUCCESS');
  assert.equal(ar.calls.length, calls);
});

// the rollback of an update re-associates the old domain, which never went away
test('update to another domain, a later failure, the rollback update and the cleanup', async () => {
  const { ar, r53, cfn } = world();
  const created = await cfn.create(props());
  const renamed = props({ DomainName: 'new.example.com' });
  const updated = await cfn.update(created.PhysicalResourceId, renamed, props());
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  assert.equal(updated.PhysicalResourceId, `${ARN}|new.example.com`);
  assert.deepEqual(ar.associated(ARN).sort(), [DOMAIN, 'new.example.com']);

  const rollback = await cfn.update(updated.PhysicalResourceId, props(), renamed);
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason); // was UPDATE_ROLLBACK_FAILED: "already associated"
  assert.equal(rollback.PhysicalResourceId, created.PhysicalResourceId);
  const cleanup = await cfn.delete(updated.PhysicalResourceId, renamed);
  assert.equal(cleanup.Status, 'SUCCESS', cleanup.Reason);
  assert.deepEqual(ar.associated(ARN), [DOMAIN]);
  assert.deepEqual(r53.names('Z1'), VALIDATION);
});

test('an update that goes through: the cleanup deletes the old association while the service deploys', async () => {
  const { ar, r53, cfn } = world();
  const created = await cfn.create(props());
  const renamed = props({ DomainName: 'new.example.com' });
  const updated = await cfn.update(created.PhysicalResourceId, renamed, props());
  ar.services.get(ARN).busy = 3; // an automatic deployment runs: three refusals, then the disassociation
  const cleanup = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(cleanup.Status, 'SUCCESS', cleanup.Reason); // was a 15-minute wait, then DELETE_FAILED
  assert.deepEqual(ar.associated(ARN), ['new.example.com']);
  assert.deepEqual(r53.names('Z1'), ['_a1.new.example.com.', '_b2.2a57j78.new.example.com.']);
});

// A renamed service (or another create-only change): CloudFormation creates the new service, updates
// the association to its ARN, updates the domain record to its DNSTarget, and deletes the old service
// and the old physical id only in the cleanup
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html)
test('a renamed service: one update moves the domain; the cleanup of the old id leaves it and the shared records', async () => {
  const { ar, r53, cfn } = world({ arns: [ARN, ARN2] });
  const created = await cfn.create(props());
  r53.putDomainRecord('Z1'); // DomainRecord: updated in place to the new service's DNSTarget
  ar.services.get(ARN).busy = 2; // the old service is busy: the disassociation waits
  const updated = await cfn.update(created.PhysicalResourceId, props({ ServiceArn: ARN2 }), props());
  assert.equal(updated.Status, 'SUCCESS', updated.Reason); // was FAILED: "already associated" (two deploys)
  assert.equal(updated.PhysicalResourceId, `${ARN2}|${DOMAIN}`);
  assert.deepEqual([ar.associated(ARN), ar.associated(ARN2)], [[], [DOMAIN]]);
  assert.equal(updated.Data.DNSTarget, 'def.eu-west-1.awsapprunner.com');
  assert.equal(updated.Data.ValidationRecordCount, '2');
  const cleanup = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(cleanup.Status, 'SUCCESS', cleanup.Reason);
  ar.services.delete(ARN); // then the old service
  assert.deepEqual(ar.associated(ARN2), [DOMAIN]);
  // the new service's certificate validates with the same CNAMEs
  assert.deepEqual(r53.names('Z1'), [`${DOMAIN}.`, ...VALIDATION].sort());
});

test('a renamed service, then a later failure: the rollback update moves the domain back; the cleanup leaves it', async () => {
  const { ar, r53, cfn } = world({ arns: [ARN, ARN2] });
  const created = await cfn.create(props());
  r53.putDomainRecord('Z1');
  const updated = await cfn.update(created.PhysicalResourceId, props({ ServiceArn: ARN2 }), props());
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  ar.services.get(ARN2).busy = 1;
  const rollback = await cfn.update(updated.PhysicalResourceId, props(), props({ ServiceArn: ARN2 }));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.equal(rollback.PhysicalResourceId, created.PhysicalResourceId);
  assert.deepEqual([ar.associated(ARN), ar.associated(ARN2)], [[DOMAIN], []]);
  // the rollback's cleanup: the new physical id, then the new service
  const cleanup = await cfn.delete(updated.PhysicalResourceId, props({ ServiceArn: ARN2 }));
  assert.equal(cleanup.Status, 'SUCCESS', cleanup.Reason);
  ar.services.delete(ARN2);
  assert.deepEqual(ar.associated(ARN), [DOMAIN]);
  assert.deepEqual(r53.names('Z1'), [`${DOMAIN}.`, ...VALIDATION].sort());
});

test('a move whose new service is gone by the rollback: the rollback still moves the domain back', async () => {
  const { ar, r53, cfn } = world({ arns: [ARN, ARN2] });
  const created = await cfn.create(props());
  r53.putDomainRecord('Z1');
  const updated = await cfn.update(created.PhysicalResourceId, props({ ServiceArn: ARN2 }), props());
  ar.services.delete(ARN2);
  const rollback = await cfn.update(updated.PhysicalResourceId, props(), props({ ServiceArn: ARN2 }));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.deepEqual(ar.associated(ARN), [DOMAIN]);
});

test('a move whose old service stays busy fails clearly after 10 minutes, not at the provider timeout', async (t) => {
  const { ar, cfn } = world({ arns: [ARN, ARN2] });
  const created = await cfn.create(props());
  ar.services.get(ARN).busy = Infinity;
  const now = Date.now();
  let polls = 0;
  t.mock.method(Date, 'now', () => now + 60000 * Math.floor(polls++ / 2)); // a minute every other call
  const updated = await cfn.update(created.PhysicalResourceId, props({ ServiceArn: ARN2 }), props());
  assert.equal(updated.Status, 'FAILED');
  assert.match(updated.Reason, /app\.example\.com could not be moved from .*web\/abc within 10 minutes/);
});

// a Route 53 error fails the Delete after the disassociation; CloudFormation's retry finds the domain
// gone: the records must still go (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-delete-stack-fails)
test('a Delete failed by Route 53 once: the retried Delete removes the validation records', async () => {
  const { ar, r53, cfn } = world();
  const created = await cfn.create(props());
  r53.route53.failNext = 1;
  const failed = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(failed.Status, 'FAILED');
  assert.match(failed.Reason, /Rate exceeded/);
  assert.deepEqual(ar.associated(ARN).length <= 1, true);
  const retried = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(retried.Status, 'SUCCESS', retried.Reason);
  assert.deepEqual(ar.associated(ARN), []);
  assert.deepEqual(r53.names('Z1'), []); // were left: the retry found the domain gone and skipped them
});

test('a change of hosted zone moves the records; its rollback moves them back', async () => {
  const { r53, cfn } = world({ zones: ['Z1', 'Z2'] });
  const created = await cfn.create(props());
  const moved = await cfn.update(created.PhysicalResourceId, props({ HostedZoneId: 'Z2' }), props());
  assert.equal(moved.Status, 'SUCCESS', moved.Reason);
  assert.deepEqual([r53.names('Z1'), r53.names('Z2')], [[], VALIDATION]);
  const rollback = await cfn.update(moved.PhysicalResourceId, props(), props({ HostedZoneId: 'Z2' }));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.deepEqual([r53.names('Z1'), r53.names('Z2')], [VALIDATION, []]);
});

test('delete of an association whose service is already gone succeeds; its records go unless the domain is still served', async () => {
  for (const served of [false, true]) {
    const { ar, r53, cfn } = world();
    const created = await cfn.create(props());
    if (served) r53.putDomainRecord('Z1', 'Other-Stack'); // another stack's weighted record
    ar.services.delete(ARN);
    const deleted = await cfn.delete(created.PhysicalResourceId, props());
    assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
    assert.deepEqual(r53.names('Z1'), served ? [`${DOMAIN}.`, ...VALIDATION].sort() : []);
  }
});

test('stack deletion: the domain record goes first, then the association and its records', async () => {
  const { ar, r53, cfn } = world();
  const created = await cfn.create(props());
  // DomainRecord reads DNSTarget, so CloudFormation deletes it before the association: none in the zone
  const deleted = await cfn.delete(created.PhysicalResourceId, props());
  assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
  const log = [...ar.calls.map((c) => c.name), ...r53.route53.calls.map((c) => c.name)];
  assert.ok(log.includes('DisassociateCustomDomainCommand'));
  assert.deepEqual(r53.names('Z1'), []);
});

test('the records are deleted only after the disassociation', async () => {
  const log = [];
  const ar = fakeAppRunner([ARN]);
  const r53 = fakeRoute53(['Z1']);
  const wrap = (c) => ({ send: (cmd) => { log.push(cmd.constructor.name); return c.send(cmd); } });
  const deps = { client: wrap(ar.client), route53: wrap(r53.route53), commands: C };
  const cfn = cfnRequests(providerFramework({ onEvent: onEvent.makeHandler(deps), isComplete: isComplete.makeHandler(deps) }));
  const created = await cfn.create(props());
  log.length = 0;
  await cfn.delete(created.PhysicalResourceId, props());
  const deletes = log.map((n, i) => [n, i]).filter(([n]) => n === 'ChangeResourceRecordSetsCommand').map(([, i]) => i);
  assert.equal(deletes.length, 2);
  assert.ok(log.indexOf('DisassociateCustomDomainCommand') < Math.min(...deletes), log.join());
});
